"""The notices the registry puts on the notice board by hand (anslag), with
their history. The board's other notices are read from the meetings: the
council's announcements and the boards' notices of meeting
(decisions.RenderedDocument, posted by decisions.services.posting) and the
notices that minutes have been signed (organisation.Meeting's dates)."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from organisation.models import Body, Municipality
from publication.models import Kind as PublicationKind
from publication.models import Publishable


class Notice(Publishable):
    """A notice put on the organisation's notice board by hand: another
    document with its own dates (a decision taken by delegation, a public
    consultation, a meeting of another kind). It is up from `posted_on`
    until `removed_on`, the day it is taken down (the day before is its last
    on the board); taken down early, `removed_on` is that day and
    `removal_reason` says why. One taken down before it went up has
    `removed_on` equal to `posted_on`: it was never on the board.

    The public sees it once published (publication review: its title, text
    and file are read for personal identity numbers first)."""

    municipality = models.ForeignKey(Municipality, on_delete=models.PROTECT, related_name="+",
                                     verbose_name=_("organisation"))
    # The body the notice is from, when it is one of the organisation's bodies.
    body = models.ForeignKey(Body, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
                             verbose_name=_("organ"))
    title = models.CharField(_("rubrik"), max_length=200)
    text = models.TextField(_("text"), blank=True)
    file = models.FileField(_("fil (PDF)"), upload_to="anslag/", blank=True)
    file_size = models.PositiveIntegerField(_("filens storlek"), default=0)
    # The file's name as uploaded (the notice's history names it).
    original_name = models.CharField(_("filens namn"), max_length=255, blank=True)
    posted_on = models.DateField(_("sätts upp"))
    removed_on = models.DateField(_("tas ned"))
    removal_reason = models.TextField(_("skäl till att anslaget togs ned i förtid"), blank=True)
    created_at = models.DateTimeField(_("registrerat"), auto_now_add=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                   related_name="+", verbose_name=_("registrerat av"))
    # The form's one-time key (lib.forms.SubmissionField): the form sent twice makes one notice.
    submission = models.UUIDField(null=True, blank=True, unique=True, editable=False)

    class Meta:
        verbose_name = _("anslag")
        verbose_name_plural = _("anslag")
        ordering = ["-posted_on", "-id"]
        constraints = [
            models.CheckConstraint(condition=models.Q(removed_on__gte=models.F("posted_on")),
                                   name="notice_removed_after_posted"),
            models.CheckConstraint(condition=~models.Q(title=""), name="notice_has_title"),
        ]
        indexes = [
            # The board and its archive, by day (noticeboard.selectors: WHERE municipality_id = %s AND
            # posted_on <= %s ORDER BY posted_on DESC, id DESC).
            models.Index(fields=["municipality", "posted_on", "id"], name="notice_board_idx"),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("noticeboard:notice", kwargs={"notice_id": self.pk})

    # The publication review's queue (publication.models.Publishable).
    publication_municipality_lookup = "municipality"
    publication_date_field = "created_at"

    @classmethod
    def publication_documents(cls):
        return cls.objects.select_related("municipality", "body")

    def publication_title(self) -> str:
        return _("Anslag: %(title)s") % {"title": self.title}

    def publication_file(self):
        return self.file

    def publication_place_url(self) -> str:
        return self.get_absolute_url()

    def publication_kind(self) -> str:
        return PublicationKind.POSTED_NOTICE

    def publication_municipality_id(self) -> int:
        return self.municipality_id


class NoticeEvent(models.Model):
    """A step in a hand-made notice's life: registered, corrected, taken down
    early. Who, when, each changed field (before and after) and why."""

    class Kind(models.TextChoices):
        POSTED = "posted", _("Anslaget registrerat")
        CORRECTED = "corrected", _("Anslaget rättat")
        TAKEN_DOWN = "taken_down", _("Anslaget nedtaget i förtid")

    notice = models.ForeignKey(Notice, on_delete=models.CASCADE, related_name="events", verbose_name=_("anslag"))
    kind = models.CharField(_("händelse"), max_length=20, choices=Kind.choices)
    recorded_at = models.DateTimeField(_("registrerad"), auto_now_add=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                    related_name="+", verbose_name=_("registrerad av"))
    # [{"field": name, "from": text, "to": text}], the fields by their model names.
    changes = models.JSONField(_("ändringar"), default=list, blank=True)
    reason = models.TextField(_("motivering"), blank=True)

    class Meta:
        verbose_name = _("händelse för anslag")
        verbose_name_plural = _("händelser för anslag")
        ordering = ["recorded_at", "id"]

    def __str__(self):
        return f"{self.notice} {self.get_kind_display()}"

    def change_lines(self) -> list[tuple[str, str, str]]:
        """(the field's name in the reader's language, before, after)."""
        return [(str(Notice._meta.get_field(change["field"]).verbose_name), change["from"], change["to"])
                for change in self.changes]
