"""Reference data every case refers to: the municipality, its bodies, parties,
councillors and the meetings the bodies hold."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from lib.swedish import lower_first


class MinuteLayout(models.TextChoices):
    """How a municipality's minutes head the parts of a paragraph."""

    # "<Organets> beslut", "Sammanfattning", "Överläggning", "Propositioner", "Reservationer"
    HUDDINGE_2021 = "huddinge_2021", _("Huddinge 2021–2023")
    # "Yttranden under sammanträdet", "Yrkanden", "Beslutsgång", "Reservationer",
    # "Särskilt yttrande", "Beslutsunderlag"
    HUDDINGE_2024 = "huddinge_2024", _("Huddinge 2024–")


class Municipality(models.Model):
    name = models.CharField(_("namn"), max_length=100, unique=True)
    # Prefix of the registry's case numbers, as in "KS-2021/345".
    case_prefix = models.CharField(_("diarieprefix"), max_length=10, default="KS")
    # Where the public reaches the registry (the accessibility statement names it).
    contact_email = models.EmailField(_("registraturens e-post"), blank=True)
    contact_phone = models.CharField(_("registraturens telefon"), max_length=30, blank=True)
    # The layout of meetings before the first change in `layouts`.
    minute_layout = models.CharField(
        _("protokollsmall"), max_length=20, choices=MinuteLayout.choices, default=MinuteLayout.HUDDINGE_2021,
    )

    class Meta:
        verbose_name = _("kommun")
        verbose_name_plural = _("kommuner")

    def __str__(self):
        return self.name


class LayoutChange(models.Model):
    """From which meeting day a municipality's minutes take another layout:
    each meeting's minutes keep the layout of their day."""

    municipality = models.ForeignKey(
        Municipality, on_delete=models.CASCADE, related_name="layout_changes", verbose_name=_("kommun"),
    )
    starts_on = models.DateField(_("från och med"))
    layout = models.CharField(_("protokollsmall"), max_length=20, choices=MinuteLayout.choices)

    class Meta:
        verbose_name = _("byte av protokollsmall")
        verbose_name_plural = _("byten av protokollsmall")
        ordering = ["starts_on"]
        constraints = [
            models.UniqueConstraint(fields=["municipality", "starts_on"], name="layout_change_once_a_day"),
        ]

    def __str__(self):
        return f"{self.municipality} {self.starts_on}: {self.get_layout_display()}"


def minute_layout_on(municipality: Municipality, day) -> str:
    """The layout of the municipality's minutes for a meeting on `day`
    (reads `layout_changes`, prefetched where many minutes are rendered)."""
    layout = municipality.minute_layout
    for change in sorted(municipality.layout_changes.all(), key=lambda c: c.starts_on):
        if change.starts_on <= day:
            layout = change.layout
    return layout


class Body(models.Model):
    class Kind(models.TextChoices):
        COUNCIL = "council", _("Fullmäktige")
        EXECUTIVE_BOARD = "executive_board", _("Kommunstyrelse")
        WORKING_COMMITTEE = "working_committee", _("Arbetsutskott")
        SERVICE_BOARD = "service_board", _("Nämnd")
        PREPARATORY_COMMITTEE = "preparatory_committee", _("Beredning")

    municipality = models.ForeignKey(
        Municipality, on_delete=models.PROTECT, related_name="bodies",
        verbose_name=_("kommun"),
    )
    name = models.CharField(_("namn"), max_length=120)
    short_name = models.CharField(_("förkortning"), max_length=20, blank=True)
    kind = models.CharField(_("typ"), max_length=30, choices=Kind.choices)
    # A working committee belongs to its board.
    parent = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True,
        related_name="committees", verbose_name=_("överordnat organ"),
    )
    genitive = models.CharField(
        _("genitiv"), max_length=130,
        help_text=_("Som i rubriken ”Kommunstyrelsens arbetsutskotts beslut”."),
    )
    # How the body names itself as the subject of its own decisions:
    # "Arbetsutskottet överlämnar ärendet ..."
    decision_subject = models.CharField(_("namn i beslutsmening"), max_length=120)

    class Meta:
        verbose_name = _("organ")
        verbose_name_plural = _("organ")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "name"], name="body_unique_name_per_municipality"
            ),
            models.CheckConstraint(
                condition=~models.Q(kind="working_committee") | models.Q(parent__isnull=False),
                name="working_committee_has_parent",
            ),
        ]

    def __str__(self):
        return self.name

    @property
    def name_in_sentence(self) -> str:
        """ "grundskolenämnden" in "Motionen har gått på remiss till grundskolenämnden". """
        return lower_first(self.name)


class Party(models.Model):
    abbreviation = models.CharField(_("förkortning"), max_length=10, unique=True)
    name = models.CharField(_("namn"), max_length=100)

    class Meta:
        verbose_name = _("parti")
        verbose_name_plural = _("partier")
        ordering = ["abbreviation"]

    def __str__(self):
        return self.abbreviation


class Person(models.Model):
    """A councillor or official, by name in their public role only: no
    personal identity numbers are kept."""

    municipality = models.ForeignKey(
        Municipality, on_delete=models.PROTECT, related_name="people",
        verbose_name=_("kommun"),
    )
    name = models.CharField(_("namn"), max_length=120)
    party = models.ForeignKey(
        Party, on_delete=models.PROTECT, null=True, blank=True,
        related_name="members", verbose_name=_("parti"),
    )

    class Meta:
        verbose_name = _("person")
        verbose_name_plural = _("personer")
        ordering = ["name"]
        constraints = [
            # Case files name people; the name must identify one person.
            models.UniqueConstraint(
                fields=["municipality", "name"], name="person_unique_name_per_municipality"
            ),
        ]

    def __str__(self):
        return self.name


class Meeting(models.Model):
    """A meeting of a body, and its minutes: once signed (justerat), nothing
    recorded of the meeting may change."""

    body = models.ForeignKey(
        Body, on_delete=models.PROTECT, related_name="meetings", verbose_name=_("organ")
    )
    date = models.DateField(_("datum"))
    starts_at = models.TimeField(_("början"), null=True, blank=True)
    ends_at = models.TimeField(_("slut"), null=True, blank=True)
    place = models.CharField(_("plats"), max_length=200, blank=True)
    # The signing and the notice of it (anslag). The dates are those the
    # notice prints: proposed from the law's limits, editable until signing.
    signed_on = models.DateField(_("justerat"), null=True, blank=True)
    posted_on = models.DateField(_("anslaget"), null=True, blank=True)
    appeal_until = models.DateField(_("sista dag att överklaga"), null=True, blank=True)
    notice_removed_on = models.DateField(_("anslaget tas ned"), null=True, blank=True)
    kept_at = models.CharField(_("förvaringsplats för protokollet"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("sammanträde")
        verbose_name_plural = _("sammanträden")
        ordering = ["date", "body__name"]
        constraints = [
            # A case file refers to a meeting by its body and date.
            models.UniqueConstraint(fields=["body", "date"], name="meeting_unique_per_body_and_date"),
            models.CheckConstraint(
                condition=models.Q(signed_on__isnull=True) | models.Q(signed_on__gte=models.F("date")),
                name="meeting_signed_after_held",
            ),
            # Signed minutes carry the dates their notice prints.
            models.CheckConstraint(
                condition=models.Q(signed_on__isnull=True)
                | models.Q(posted_on__isnull=False, appeal_until__isnull=False, notice_removed_on__isnull=False),
                name="meeting_signed_with_notice_dates",
            ),
            models.CheckConstraint(
                condition=models.Q(posted_on__isnull=True) | models.Q(posted_on__gte=models.F("signed_on")),
                name="meeting_posted_after_signed",
            ),
            models.CheckConstraint(
                condition=models.Q(appeal_until__isnull=True) | models.Q(appeal_until__gt=models.F("posted_on")),
                name="meeting_appeal_after_posted",
            ),
            models.CheckConstraint(
                condition=models.Q(notice_removed_on__isnull=True)
                | models.Q(notice_removed_on__gt=models.F("appeal_until")),
                name="meeting_notice_removed_after_appeal",
            ),
        ]

    def __str__(self):
        return f"{self.body} {self.date:%Y-%m-%d}"

    def get_absolute_url(self):
        return reverse("decisions:meeting", kwargs={"meeting_id": self.pk})

    @property
    def is_signed(self) -> bool:
        return self.signed_on is not None


class Attendance(models.Model):
    """Someone at a meeting (närvaro): who served, for whom, and in what duty."""

    class Role(models.TextChoices):
        MEMBER = "member", _("Tjänstgörande ledamot")
        SUBSTITUTE = "substitute", _("Tjänstgörande ersättare")
        NOT_SERVING = "not_serving", _("Ej tjänstgörande ledamot eller ersättare")
        OTHER = "other", _("Övrig närvarande")

    class Duty(models.TextChoices):
        NONE = "", _("–")
        CHAIR = "chair", _("Ordförande")
        VICE_CHAIR = "vice_chair", _("Vice ordförande")
        SECRETARY = "secretary", _("Sekreterare")

    SERVING = (Role.MEMBER, Role.SUBSTITUTE)

    meeting = models.ForeignKey(
        Meeting, on_delete=models.CASCADE, related_name="attendance", verbose_name=_("sammanträde")
    )
    position = models.PositiveSmallIntegerField(_("ordning"), default=1)
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+", verbose_name=_("person"))
    # The party the person sat for at the meeting.
    party = models.ForeignKey(
        Party, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("parti")
    )
    role = models.CharField(_("roll"), max_length=20, choices=Role.choices)
    replaces = models.ForeignKey(
        Person, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name=_("ersätter"),
    )
    duty = models.CharField(_("uppdrag"), max_length=20, choices=Duty.choices, blank=True)
    # Officials present: "kommundirektör", "nämndsekreterare".
    title = models.CharField(_("titel"), max_length=100, blank=True)
    signs = models.BooleanField(_("justerare"), default=False)

    class Meta:
        verbose_name = _("närvaro")
        verbose_name_plural = _("närvaro")
        ordering = ["position"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "person"], name="attendance_person_once"),
            models.CheckConstraint(
                condition=models.Q(role="substitute") | models.Q(replaces__isnull=True),
                name="attendance_only_substitute_replaces",
            ),
            models.CheckConstraint(
                condition=models.Q(role__in=["member", "substitute"]) | models.Q(signs=False),
                name="attendance_signatory_serves",
            ),
            models.CheckConstraint(
                condition=~models.Q(duty__in=["chair", "vice_chair"]) | models.Q(role__in=["member", "substitute"]),
                name="attendance_chair_serves",
            ),
            models.CheckConstraint(
                condition=~models.Q(duty="secretary") | models.Q(role="other"),
                name="attendance_secretary_is_official",
            ),
            # One chair and one secretary per meeting.
            models.UniqueConstraint(
                fields=["meeting", "duty"], condition=models.Q(duty__in=["chair", "secretary"]),
                name="attendance_one_chair_one_secretary",
            ),
        ]

    def __str__(self):
        return f"{self.person} ({self.get_role_display()})"


class MeetingEvent(models.Model):
    """One change to a meeting, its agenda, attendance, paragraphs or signing:
    the meeting's history and audit trail, as MotionEvent is the case's."""

    class Kind(models.TextChoices):
        SCHEDULED = "scheduled", _("Sammanträdet registrerat")
        DETAILS_CHANGED = "details_changed", _("Uppgifter om sammanträdet ändrade")
        ATTENDANCE_RECORDED = "attendance_recorded", _("Närvaro registrerad")
        AGENDA_ITEM_ADDED = "agenda_item_added", _("Punkt tillagd på föredragningslistan")
        AGENDA_ITEM_MOVED = "agenda_item_moved", _("Punkt flyttad på föredragningslistan")
        AGENDA_ITEM_REMOVED = "agenda_item_removed", _("Punkt borttagen från föredragningslistan")
        NUMBERED = "numbered", _("Paragrafer numrerade")
        PARAGRAPH_RECORDED = "paragraph_recorded", _("Paragraf protokollförd")
        PARAGRAPH_REMOVED = "paragraph_removed", _("Paragraf borttagen")
        RENDERED = "rendered", _("Protokollet framställs")
        SIGNED = "signed", _("Protokollet justerat")
        APPEAL_RECORDED = "appeal_recorded", _("Överklagande registrerat")

    meeting = models.ForeignKey(
        Meeting, on_delete=models.CASCADE, related_name="events", verbose_name=_("sammanträde")
    )
    kind = models.CharField(_("händelse"), max_length=30, choices=Kind.choices)
    recorded_at = models.DateTimeField(_("registrerad"), auto_now_add=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
        related_name="+", verbose_name=_("registrerad av"),
    )
    # What changed ("§ 12 KS-2021/345"), and its value before and after (a
    # whole council's attendance list, say: not cut short).
    description = models.CharField(_("beskrivning"), max_length=500, blank=True)
    from_value = models.TextField(_("från"), blank=True)
    to_value = models.TextField(_("till"), blank=True)
    reason = models.TextField(_("motivering"), blank=True)

    class Meta:
        verbose_name = _("händelse vid sammanträde")
        verbose_name_plural = _("händelser vid sammanträden")
        ordering = ["recorded_at", "id"]
        indexes = [
            # The meeting page reads one meeting's history in order.
            models.Index(fields=["meeting", "recorded_at"], name="meeting_event_meeting_idx"),
        ]

    def __str__(self):
        return f"{self.meeting} {self.get_kind_display()}"
