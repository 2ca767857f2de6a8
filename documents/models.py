"""The case's documents (handlingar): each numbered in the case's order
(aktbilaga), kept as received, never deleted."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from motions.models import Motion
from publication.models import Kind as PublicationKind
from publication.models import Publishable


class CaseDocument(Publishable):
    class Kind(models.TextChoices):
        MOTION = "motion", _("Motion")
        REPORT = "report", _("Tjänsteskrivelse")
        REFERRAL_ANSWER = "referral_answer", _("Remissvar")
        RESERVATION = "reservation", _("Skriftlig reservation")
        STATEMENT = "statement", _("Särskilt yttrande")
        MINUTES_EXTRACT = "minutes_extract", _("Protokollsutdrag")
        LETTER = "letter", _("Skrivelse")
        OTHER = "other", _("Övrigt")

    # Removing a case (cases.services.remove_case) removes its documents on purpose; nothing else may.
    motion = models.ForeignKey(
        Motion, on_delete=models.PROTECT, related_name="documents", verbose_name=_("ärende")
    )
    number = models.PositiveIntegerField(_("aktbilaga"))
    dated_on = models.DateField(_("datum"))
    kind = models.CharField(_("slag"), max_length=20, choices=Kind.choices)
    sender = models.CharField(_("avsändare"), max_length=200, blank=True)
    title = models.CharField(_("rubrik"), max_length=300)
    # Stored under a name of its own (documents.services), never the sender's file name.
    file = models.FileField(_("fil"), upload_to="handlingar/", max_length=200)
    original_name = models.CharField(_("filnamn"), max_length=255)
    size = models.PositiveBigIntegerField(_("storlek"))
    # Found by the content (lib.filetypes), not taken from the browser.
    content_type = models.CharField(_("filtyp"), max_length=100)
    sha256 = models.CharField(_("kontrollsumma (SHA-256)"), max_length=64)
    # The day it came in or was drawn up (inkom/upprättad), the date of its event on the timeline.
    received_on = models.DateField(_("inkom"))
    registered_at = models.DateTimeField(_("registrerad"), auto_now_add=True)
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
        related_name="+", verbose_name=_("registrerad av"),
    )
    confidential = models.BooleanField(_("sekretess"), default=False)
    # The provision of the Public Access to Information and Secrecy Act, as "21 kap. 7 § OSL".
    secrecy_provision = models.CharField(_("sekretessbestämmelse"), max_length=100, blank=True)
    # A replaced document stays, listed with the one that replaced it.
    replaced_by = models.OneToOneField(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="replaces",
        verbose_name=_("ersatt av"),
    )

    class Meta:
        verbose_name = _("handling")
        verbose_name_plural = _("handlingar")
        ordering = ["motion", "number"]
        constraints = [
            # Also serves the case page, which reads a case's documents in number order.
            models.UniqueConstraint(fields=["motion", "number"], name="document_unique_number_per_case"),
            models.CheckConstraint(condition=models.Q(number__gte=1), name="document_number_positive"),
            models.CheckConstraint(
                condition=models.Q(confidential=False, secrecy_provision="")
                | (models.Q(confidential=True) & ~models.Q(secrecy_provision="")),
                name="document_secrecy_has_provision",
            ),
            models.CheckConstraint(
                condition=models.Q(kind__in=["motion", "report", "referral_answer", "reservation", "statement",
                                             "minutes_extract", "letter", "other"]),
                name="document_kind_valid",
            ),
            models.CheckConstraint(
                condition=~models.Q(replaced_by=models.F("pk")), name="document_not_replaced_by_itself"
            ),
        ]
        indexes = [
            # The publication review's queue, oldest first, and the number waiting in the registry's menu
            # (publication.selectors): WHERE publication_state = 'review' ORDER BY registered_at.
            models.Index(fields=["registered_at"], condition=models.Q(publication_state="review"),
                         name="document_awaiting_review_idx"),
            # The documents published lately, the latest first: ORDER BY published_at DESC.
            models.Index(fields=["published_at"], condition=models.Q(publication_state="published"),
                         name="document_published_idx"),
        ]

    def __str__(self):
        return f"{self.motion.case_number} aktbilaga {self.number}"

    # The publication review's queue (publication.models.Publishable).
    publication_municipality_lookup = "motion__municipality"
    publication_date_field = "registered_at"

    @classmethod
    def publication_documents(cls):
        return cls.objects.select_related("motion")

    def publication_title(self) -> str:
        return _("%(case)s aktbilaga %(number)s, %(title)s") % {
            "case": self.motion.case_number, "number": self.number, "title": self.title}

    def publication_file(self):
        return self.file

    def publication_place_url(self) -> str:
        return f"{self.motion.get_absolute_url()}#handlingar"

    def publication_kind(self) -> str:
        if self.kind == self.Kind.REFERRAL_ANSWER:
            return PublicationKind.REFERRAL_ANSWER
        return PublicationKind.CASE_DOCUMENT

    def publication_municipality_id(self) -> int:
        return self.motion.municipality_id

    def publication_refusal(self) -> str | None:
        if self.confidential:
            return _("Handlingen omfattas av sekretess (%(provision)s) och publiceras inte.") % {
                "provision": self.secrecy_provision}
        return None

    def get_absolute_url(self):
        return reverse("documents:file", kwargs={"case_number": self.motion.case_number, "number": self.number})
