"""Reference data every case refers to: the municipality, its bodies, parties,
councillors and the meetings the bodies hold."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from lib.sentences import shown_text
from lib.swedish import lower_first


def default_report_months():
    return [4, 10]


def default_one_year_notice_days():
    return [90, 30, 7, 0]




def _general_sections():
    return [list(section) for section in GENERAL_SECTIONS]


# The parts of a paragraph a layout orders and heads (see docs/organisation.md).
SECTION_KEYS = (
    "history",           # Ärendets gång: the case's earlier steps, one line each
    "summary",           # the generated opening and the administration's summary
    "basis",             # Beslutsunderlag: the documents the decision rests on
    "proposal",          # the proposal being decided ("Kommunstyrelsens förslag")
    "conflicts",         # conflicts of interest (jäv)
    "attendance",        # members leaving or arriving at the paragraph
    "deliberation",      # the speakers
    "deliberation_and_proposals",  # the speakers, then the proposals, under one heading
    "proposals",         # yrkanden, with seconders, ranks and procedural proposals
    "order_of_decision", # beslutsgång: propositions, findings, votes
    "decision",          # the decision: generated sentence and the secretary's clauses
    "reservations",
    "statements",        # särskilda yttranden
    "notes",             # protokollsanteckningar
    "distribution",      # Beslutet skickas till
)

# The common Swedish model: a new organisation starts from it.
GENERAL_SECTIONS = (
    ("summary", "Sammanfattning"),
    ("basis", "Beslutsunderlag"),
    ("proposal", "Förslag till beslut"),
    ("conflicts", "Jäv"),
    ("attendance", "Tjänstgöring"),
    ("deliberation", "Överläggning"),
    ("proposals", "Yrkanden"),
    ("order_of_decision", "Beslutsgång"),
    ("decision", "{genitive} beslut"),
    ("reservations", "Reservationer"),
    ("statements", "Särskilda yttranden"),
    ("notes", "Protokollsanteckningar"),
    ("distribution", "Beslutet skickas till"),
)


class MinuteLayout(models.Model):
    """How an organisation's minutes look: the document's titles, the form of
    a paragraph number, which parts a paragraph has in which order under
    which headings, the wording of its fixed sentences, a logo and a foot.
    A layout without an organisation is offered to every organisation."""

    class DecisionForm(models.TextChoices):
        SENTENCES = "sentences", _("Meningar")
        NUMBERED = "numbered", _("Numrerade beslutspunkter")
        ATT = "att", _("Att-satser")

    municipality = models.ForeignKey(
        "Municipality", on_delete=models.CASCADE, null=True, blank=True, related_name="layouts",
        verbose_name=_("organisation"), help_text=_("Tomt: mallen erbjuds alla organisationer."),
    )
    name = models.CharField(_("namn"), max_length=100)
    document_title = models.CharField(_("protokollets titel"), max_length=60, default="Protokoll")
    extract_title = models.CharField(_("utdragets titel"), max_length=60, default="Protokollsutdrag")
    # "§ {number}", "{short_name} § {number}", "§ {number}/{yy}"
    paragraph_format = models.CharField(
        _("paragrafnummer"), max_length=40, default="§ {number}",
        help_text=_("{number}, {short_name}, {year} och {yy} ersätts: ”§ {number}”, ”KF § {number}”, "
                    "”§ {number}/{yy}”."),
    )
    # [[key, heading], …] in order; a heading "" prints the part without one.
    sections = models.JSONField(_("rubriker och ordning"), default=_general_sections)
    decision_form = models.CharField(
        _("beslutets form"), max_length=20, choices=DecisionForm.choices, default=DecisionForm.SENTENCES,
    )
    # The fixed sentences' wording, where it differs from the general one
    # (keys listed in docs/organisation.md).
    wording = models.JSONField(_("formuleringar"), default=dict, blank=True)
    logo = models.FileField(_("logotyp"), upload_to="layouts/", blank=True)
    page_foot = models.CharField(_("sidfot"), max_length=200, default="Justerandes signatur", blank=True)

    class Meta:
        verbose_name = _("protokollsmall")
        verbose_name_plural = _("protokollsmallar")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["municipality", "name"], name="layout_unique_name_per_organisation"),
            models.UniqueConstraint(fields=["name"], condition=models.Q(municipality__isnull=True),
                                    name="general_layout_unique_name"),
        ]

    def __str__(self):
        return self.name


class Municipality(models.Model):
    """An organisation with its own council: a municipality or a region."""

    class Kind(models.TextChoices):
        MUNICIPALITY = "municipality", _("Kommun")
        REGION = "region", _("Region")

    name = models.CharField(_("namn"), max_length=100, unique=True)
    kind = models.CharField(_("typ"), max_length=20, choices=Kind.choices, default=Kind.MUNICIPALITY)
    # Prefix of the registry's case numbers, as in "KS-2021/345".
    case_prefix = models.CharField(_("diarieprefix"), max_length=10, default="KS")
    # How the registry writes a case number (organisation.case_numbers): "{prefix}-{year}/{number}".
    case_number_format = models.CharField(
        _("diarienumrets form"), max_length=60, default="{prefix}-{year}/{number}",
        help_text=_("Platshållare {prefix}, {year}, {yy} (tvåsiffrigt år) och {number}, med nollor {number:04}; "
                    "till exempel {prefix}-{year}/{number} för KS-2021/345."),
    )
    # Where the public reaches the registry (the accessibility statement names it).
    contact_email = models.EmailField(_("registraturens e-post"), blank=True)
    contact_phone = models.CharField(_("registraturens telefon"), max_length=30, blank=True)
    # Where the organisation's decisions are appealed (KL 13 kap.): the notice of signing and the
    # notice board name it. Empty: "förvaltningsrätten".
    administrative_court = models.CharField(
        _("förvaltningsrätt"), max_length=100, blank=True,
        help_text=_("Den förvaltningsrätt som prövar överklaganden av organisationens beslut, "
                    "till exempel Förvaltningsrätten i Stockholm."),
    )
    # The layout of meetings before the first change in `layout_changes`;
    # empty: the general layout.
    minute_layout = models.ForeignKey(
        MinuteLayout, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name=_("protokollsmall"), help_text=_("Tomt: den allmänna mallen."),
    )
    # The rules of procedure (arbetsordning).
    report_months = models.JSONField(
        _("månader för redovisning av ej färdigberedda motioner"), default=default_report_months,
        help_text=_("Månadernas nummer, till exempel [4, 10]."),
    )
    one_year_notice_days = models.JSONField(
        _("påminnelser före ettårsgränsen (dagar)"), default=default_one_year_notice_days,
        help_text=_("Dagar före ettårsgränsen, till exempel [90, 30, 7, 0]."),
    )
    # The path of preparation: a committee of the board (working committee,
    # "allmänna utskottet") before the board, or the board alone.
    preparing_committee = models.ForeignKey(
        "Body", on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name=_("beredande utskott"),
        help_text=_("Utskott under styrelsen som bereder motioner före styrelsen. Tomt: styrelsen bereder direkt."),
    )
    # When the row was made and last changed: the open data's `created` and `modified` (public.oparl).
    created_at = models.DateTimeField(_("skapad"), auto_now_add=True)
    modified_at = models.DateTimeField(_("ändrad"), auto_now=True)

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisationer")

    def __str__(self):
        return self.name


class LayoutChange(models.Model):
    """From which meeting day an organisation's minutes take another layout:
    each meeting's minutes keep the layout of their day."""

    municipality = models.ForeignKey(
        Municipality, on_delete=models.CASCADE, related_name="layout_changes", verbose_name=_("organisation"),
    )
    starts_on = models.DateField(_("från och med"))
    layout = models.ForeignKey(MinuteLayout, on_delete=models.PROTECT, related_name="+",
                               verbose_name=_("protokollsmall"))

    class Meta:
        verbose_name = _("byte av protokollsmall")
        verbose_name_plural = _("byten av protokollsmall")
        ordering = ["starts_on"]
        constraints = [
            models.UniqueConstraint(fields=["municipality", "starts_on"], name="layout_change_once_a_day"),
        ]

    def __str__(self):
        return f"{self.municipality} {self.starts_on}: {self.layout}"


GENERAL_LAYOUT_NAME = "Allmän mall"


def minute_layout_on(municipality: Municipality, day) -> MinuteLayout:
    """The layout of the organisation's minutes for a meeting on `day`
    (reads `layout_changes`, prefetched where many minutes are rendered)."""
    layout = municipality.minute_layout
    for change in sorted(municipality.layout_changes.all(), key=lambda c: c.starts_on):
        if change.starts_on <= day:
            layout = change.layout
    return layout or MinuteLayout.objects.get(municipality=None, name=GENERAL_LAYOUT_NAME)


class Body(models.Model):
    class Kind(models.TextChoices):
        COUNCIL = "council", _("Fullmäktige")
        EXECUTIVE_BOARD = "executive_board", _("Styrelse (kommunstyrelse, regionstyrelse)")
        WORKING_COMMITTEE = "working_committee", _("Utskott under styrelsen")
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
    # When the row was made and last changed: the open data's `created` and `modified` (public.oparl).
    created_at = models.DateTimeField(_("skapad"), auto_now_add=True)
    modified_at = models.DateTimeField(_("ändrad"), auto_now=True)

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
    # When the row was made and last changed: the open data's `created` and `modified` (public.oparl).
    created_at = models.DateTimeField(_("skapad"), auto_now_add=True)
    modified_at = models.DateTimeField(_("ändrad"), auto_now=True)

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


class Membership(models.Model):
    """Someone's seat or post in a body for a time (a term, or part of one):
    the roster a meeting's attendance starts from."""

    class Role(models.TextChoices):
        MEMBER = "member", _("Ledamot")
        SUBSTITUTE = "substitute", _("Ersättare")
        SECRETARY = "secretary", _("Sekreterare")
        OFFICIAL = "official", _("Tjänsteperson")

    class Duty(models.TextChoices):
        NONE = "", _("–")
        CHAIR = "chair", _("Ordförande")
        FIRST_VICE_CHAIR = "first_vice_chair", _("Förste vice ordförande")
        SECOND_VICE_CHAIR = "second_vice_chair", _("Andre vice ordförande")

    OFFICIALS = (Role.SECRETARY, Role.OFFICIAL)

    body = models.ForeignKey(Body, on_delete=models.CASCADE, related_name="memberships", verbose_name=_("organ"))
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="memberships",
                               verbose_name=_("person"))
    role = models.CharField(_("roll"), max_length=20, choices=Role.choices)
    # The party the seat is held for (a member or substitute).
    party = models.ForeignKey(Party, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
                              verbose_name=_("parti"))
    duty = models.CharField(_("uppdrag"), max_length=20, choices=Duty.choices, blank=True)
    # The order in which the party's substitutes are called in (1 first).
    substitute_order = models.PositiveSmallIntegerField(_("ersättarordning"), null=True, blank=True)
    # Officials: "kommundirektör", "nämndsekreterare".
    title = models.CharField(_("titel"), max_length=100, blank=True)
    starts_on = models.DateField(_("från och med"))
    ends_on = models.DateField(_("till och med"), null=True, blank=True)
    # When the row was made and last changed: the open data's `created` and `modified` (public.oparl).
    created_at = models.DateTimeField(_("skapad"), auto_now_add=True)
    modified_at = models.DateTimeField(_("ändrad"), auto_now=True)

    class Meta:
        verbose_name = _("uppdrag")
        verbose_name_plural = _("uppdrag")
        ordering = ["body", "role", "substitute_order", "person__name"]
        constraints = [
            models.UniqueConstraint(fields=["body", "person", "starts_on"], name="membership_once_per_start"),
            models.CheckConstraint(
                condition=models.Q(ends_on__isnull=True) | models.Q(ends_on__gte=models.F("starts_on")),
                name="membership_ends_after_start",
            ),
            models.CheckConstraint(condition=models.Q(role="substitute") | models.Q(substitute_order__isnull=True),
                                   name="membership_order_only_for_substitutes"),
            models.CheckConstraint(condition=models.Q(duty="") | models.Q(role="member"),
                                   name="membership_duty_only_for_members"),
        ]

    def __str__(self):
        return f"{self.person} – {self.get_role_display()} {self.body}"


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
    # Minutes signed in another system and brought over with a case file:
    # where they came from (the archive, the old system).
    imported_from = models.CharField(_("importerat från"), max_length=200, blank=True)
    # Sent to its signatories to sign electronically (decisions.services.digital_signing): until they
    # have signed, or one asks for a correction, or the registry takes the minutes back, they cannot
    # change (check_open), so that every signatory signs the same protocol.
    out_for_signing_since = models.DateTimeField(_("ute för justering sedan"), null=True, blank=True)

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
        indexes = [
            # The meeting list, latest first (decisions.selectors.meetings.meeting_list: ORDER BY
            # date DESC, id DESC LIMIT 30; in a year: WHERE date BETWEEN %s AND %s), or the earliest
            # first, read backwards.
            models.Index(fields=["date", "id"], name="meeting_date_idx"),
            # Its meetings to come and those held but not signed (WHERE signed_on IS NULL AND date >= %s,
            # or < %s), in the same order.
            models.Index(fields=["date", "id"], condition=models.Q(signed_on__isnull=True),
                         name="meeting_unsigned_date_idx"),
            # The notice board: the notices of signing still up on a day (WHERE notice_removed_on > %s),
            # and its archive, latest first (ORDER BY posted_on DESC, id DESC).
            models.Index(fields=["notice_removed_on"], condition=models.Q(notice_removed_on__isnull=False),
                         name="meeting_notice_removed_idx"),
            models.Index(fields=["posted_on", "id"], condition=models.Q(posted_on__isnull=False),
                         name="meeting_posted_idx"),
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


class AttendanceChange(models.Model):
    """Someone leaving or arriving during a meeting: from paragraph
    `from_number` on, the attendance of each paragraph follows."""

    class Kind(models.TextChoices):
        LEAVES = "leaves", _("Lämnar sammanträdet")
        ARRIVES = "arrives", _("Ankommer")

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="attendance_changes",
                                verbose_name=_("sammanträde"))
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+", verbose_name=_("person"))
    kind = models.CharField(_("ändring"), max_length=10, choices=Kind.choices)
    # The first paragraph the change applies to.
    from_number = models.PositiveIntegerField(_("från och med paragraf"))
    at = models.TimeField(_("klockslag"), null=True, blank=True)
    # Who serves in the place of someone leaving (or whom someone arriving relieves).
    replaced_by = models.ForeignKey(Person, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
                                    verbose_name=_("ersätts av"))

    class Meta:
        verbose_name = _("ändrad närvaro")
        verbose_name_plural = _("ändrad närvaro")
        ordering = ["from_number", "id"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "person", "from_number"], name="attendance_change_once"),
        ]

    def __str__(self):
        return f"{self.person} {self.get_kind_display()} § {self.from_number}"


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
        # A paragraph opened again and recorded anew before signing; a
        # correction note (rättelse) on a paragraph of signed minutes.
        PARAGRAPH_CORRECTED = "paragraph_corrected", _("Paragraf rättad")
        RECTIFIED = "rectified", _("Rättelse antecknad")
        RENDERED = "rendered", _("Protokollet framställs")
        # The minutes signed electronically (decisions.services.digital_signing): sent to the
        # signatories, signed by one of them, a correction asked for, taken back by the registry.
        SENT_FOR_SIGNING = "sent_for_signing", _("Skickat för justering")
        SIGNATURE = "signature", _("Justerat av en justerare")
        CORRECTION_ASKED = "correction_asked", _("Rättelse begärd av en justerare")
        SIGNING_WITHDRAWN = "signing_withdrawn", _("Taget tillbaka från justeringen")
        SIGNED = "signed", _("Protokollet justerat")
        APPEAL_RECORDED = "appeal_recorded", _("Överklagande registrerat")
        # The council's announcement (kungörelse) or a board's notice of meeting (kallelse) put on the
        # notice board (decisions.services.posting).
        AGENDA_POSTED = "agenda_posted", _("Uppsatt på anslagstavlan")

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
    # The texts above where the system wrote them (lib.sentences.Sentence.as_data, by field name): the
    # fields keep them in Swedish, and the meeting page shows them in the reader's language.
    sentences = models.JSONField(_("meningar"), default=dict, blank=True)

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

    # The texts in the reader's language.
    def description_text(self) -> str:
        return shown_text(self, "description")

    def from_text(self) -> str:
        return shown_text(self, "from_value")

    def to_text(self) -> str:
        return shown_text(self, "to_value")
