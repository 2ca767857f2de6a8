"""The case: a member's motion, its movers, its status and its timeline."""


from django.conf import settings
from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from lib.sentences import shown_text, shown_texts
from organisation.models import Meeting, Municipality, Party, Person

# A case number's form is the organisation's (Municipality.case_number_format,
# motions.case_numbers): "KS-2021/345", "KS KF/2025:294".


class Status(models.TextChoices):
    FILED = "filed", _("Väckt")
    REFERRED = "referred", _("På remiss")
    PREPARED = "prepared", _("Beredd")
    # The paragraphs of the path of preparation (motions.rules.preparation_path):
    # the organisation's own names are in rules.status_label.
    WORKING_COMMITTEE = "working_committee", _("Behandlad i beredande utskott")
    BOARD = "board", _("Behandlad i styrelsen")
    SENT_BACK = "sent_back", _("Återremitterad")
    WITHDRAWN = "withdrawn", _("Återkallad")
    APPROVED = "approved", _("Bifallen")
    PARTLY_APPROVED = "partly_approved", _("Delvis bifallen")
    REJECTED = "rejected", _("Avslagen")
    ANSWERED = "answered", _("Anses besvarad")
    STRUCK_OFF = "struck_off", _("Avskriven")


# The council's final decisions; a motion in one of these is closed.
CLOSED = frozenset(
    {Status.APPROVED, Status.PARTLY_APPROVED, Status.REJECTED, Status.ANSWERED, Status.STRUCK_OFF}
)
_FINAL = {Status.APPROVED, Status.PARTLY_APPROVED, Status.REJECTED, Status.ANSWERED}

# Every allowed status change, declared once. Referring to more bodies keeps
# a case "referred"; steps that keep the status otherwise (an answer, an
# extension, a deferral) are events, not transitions. A prepared case goes to
# the board's preparing committee, or straight to the board where the
# organisation has none (motions.rules.preparation_path says which).
TRANSITIONS: dict[str, frozenset[str]] = {
    Status.FILED: frozenset({Status.REFERRED, Status.PREPARED, Status.WITHDRAWN, Status.STRUCK_OFF}),
    Status.REFERRED: frozenset(
        {Status.REFERRED, Status.PREPARED, Status.WITHDRAWN, Status.STRUCK_OFF}
    ),
    Status.PREPARED: frozenset(
        {Status.WORKING_COMMITTEE, Status.BOARD, Status.SENT_BACK, Status.WITHDRAWN, Status.STRUCK_OFF}
    ),
    Status.WORKING_COMMITTEE: frozenset(
        {Status.BOARD, Status.SENT_BACK, Status.WITHDRAWN, Status.STRUCK_OFF}
    ),
    Status.BOARD: frozenset({*_FINAL, Status.STRUCK_OFF, Status.SENT_BACK, Status.WITHDRAWN}),
    Status.SENT_BACK: frozenset(
        {Status.REFERRED, Status.PREPARED, Status.WITHDRAWN, Status.STRUCK_OFF}
    ),
    # A withdrawn motion waits for the council to strike it off.
    Status.WITHDRAWN: frozenset({Status.STRUCK_OFF}),
    **{status: frozenset() for status in CLOSED},
}


# The statuses in the order a case goes through them (Status's order), as a number: the case
# list orders by it (cases.selectors.CASE_SORTS) through an index on it (Motion.Meta.indexes).
STATUS_ORDER = models.Case(
    *(models.When(status=status, then=models.Value(rank)) for rank, status in enumerate(Status.values)),
    default=models.Value(len(Status.values)), output_field=models.IntegerField(),
)


# The path in Motion.illustrative that covers every value of the case: the
# case itself is invented (the demo's examples), not taken from any register.
INVENTED = "*"


class CaseNumberSequence(models.Model):
    """The registry's running number per prefix and year."""

    prefix = models.CharField(max_length=10)
    year = models.PositiveSmallIntegerField()
    last_number = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["prefix", "year"], name="case_sequence_unique_per_year"),
        ]

    def __str__(self):
        return f"{self.prefix}-{self.year}/{self.last_number}"


class Motion(models.Model):
    municipality = models.ForeignKey(
        Municipality, on_delete=models.PROTECT, related_name="motions", verbose_name=_("kommun")
    )
    case_number = models.CharField(_("diarienummer"), max_length=30, unique=True)
    title = models.CharField(_("rubrik"), max_length=300)
    received_on = models.DateField(_("inkom"))
    filed_meeting = models.ForeignKey(
        Meeting, on_delete=models.PROTECT, null=True, blank=True,
        related_name="filed_motions", verbose_name=_("väckt vid sammanträde"),
    )
    # The date the motion was filed (väckt): the council meeting's date when
    # known, otherwise the date received. The one-year rule counts from it.
    filed_on = models.DateField(_("väckt"))
    summary = models.TextField(
        _("sammanfattning"), blank=True,
        help_text=_("Vad motionären anser och yrkar, som det återges i protokollet."),
    )
    text = models.TextField(_("motionstext"), blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.FILED
    )
    # The date of the step that set the current status: no step on the case
    # may be dated before it.
    status_since = models.DateField(_("status sedan"))
    # The date of the latest step of any kind: a change of status may not be
    # dated before it (answers from several bodies may be recorded in any order).
    last_step_on = models.DateField(_("senaste steg"))
    # Bumped by every step, so that a form opened on an older version is
    # refused instead of silently overwriting another secretary's step.
    version = models.PositiveIntegerField(default=1)
    # Case number and title in lower case, for searching: SQLite's own case
    # folding knows only A-Z, not Å, Ä and Ö.
    search_text = models.CharField(max_length=340, editable=False, default="")
    # Paths in the case file whose values are illustrative, not from the record;
    # INVENTED: the whole case is (the demo's examples).
    illustrative = models.JSONField(_("illustrativa uppgifter"), default=list, blank=True)
    # The administration's officer preparing the case (handläggare): hears of
    # its deadlines with the registry and finds it in a list of their own.
    case_officer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
        related_name="officer_cases", verbose_name=_("handläggare"),
    )
    created_at = models.DateTimeField(auto_now_add=True)
    # The registration form's one-time key (lib.forms.SubmissionField): the form sent twice makes one motion.
    submission = models.UUIDField(null=True, blank=True, unique=True, editable=False)

    class Meta:
        verbose_name = _("motion")
        verbose_name_plural = _("motioner")
        ordering = ["-filed_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(filed_on__gte=models.F("received_on")),
                name="motion_filed_not_before_received",
            ),
            models.CheckConstraint(
                condition=models.Q(status_since__gte=models.F("filed_on")),
                name="motion_status_not_before_filing",
            ),
            models.CheckConstraint(
                condition=models.Q(last_step_on__gte=models.F("status_since")),
                name="motion_last_step_not_before_status",
            ),
            models.CheckConstraint(
                condition=models.Q(status__in=Status.values), name="motion_status_valid"
            ),
        ]
        # The case list (cases.selectors.case_list) reads a page in the order of one of these
        # indexes, forwards or backwards, from the row after the last one shown (lib.listing.keyset_page).
        indexes = [
            # The list, the latest filed first (ORDER BY filed_on DESC, id DESC), and filtered by
            # year (filed_on >= 1 January AND filed_on < 1 January the year after) or overdue.
            models.Index(fields=["filed_on", "id"], name="motion_filed_idx"),
            # Filtered by status (and year), the latest first: WHERE status = %s ORDER BY filed_on DESC, id DESC.
            models.Index(fields=["status", "filed_on", "id"], name="motion_status_filed_idx"),
            # Filtered by organisation: WHERE municipality_id = %s ORDER BY filed_on DESC, id DESC.
            models.Index(fields=["municipality", "filed_on", "id"], name="motion_municipality_filed_idx"),
            # Ordered by title: ORDER BY lower(title), id.
            models.Index(Lower("title"), "id", name="motion_title_idx"),
            # Ordered by status, in the path's order: ORDER BY CASE status ... END, id.
            models.Index(STATUS_ORDER, "id", name="motion_status_order_idx"),
            # The open cases by filing day: the daily watch's one-year notices (WHERE filed_on
            # BETWEEN %s AND %s AND status NOT IN (the closed ones): reminders.services).
            models.Index(fields=["filed_on"], condition=~models.Q(status__in=sorted(CLOSED)),
                         name="motion_open_filed_idx"),
            # An organisation's report of motions not yet prepared, oldest first (WHERE
            # municipality_id = %s AND filed_on <= %s ORDER BY filed_on, case_number: reminders.report).
            models.Index(fields=["municipality", "filed_on", "case_number"], name="motion_organisation_filed_idx"),
            # An organisation's papers in the open data, a page at a time from the row after the last one
            # given (public.oparl: WHERE municipality_id = %s AND id > %s ORDER BY id LIMIT %s).
            models.Index(fields=["municipality", "id"], name="motion_organisation_id_idx"),
        ]

    def __str__(self):
        return f"{self.case_number} {self.title}"

    def get_absolute_url(self):
        return reverse("cases:detail", kwargs={"case_number": self.case_number})

    @property
    def is_closed(self) -> bool:
        return self.status in CLOSED

    @property
    def is_invented(self) -> bool:
        return INVENTED in self.illustrative


class Mover(models.Model):
    motion = models.ForeignKey(
        Motion, on_delete=models.CASCADE, related_name="movers", verbose_name=_("motion")
    )
    person = models.ForeignKey(
        Person, on_delete=models.PROTECT, related_name="motions", verbose_name=_("person")
    )
    # The party the mover belonged to when filing; people change parties.
    party = models.ForeignKey(
        Party, on_delete=models.PROTECT, null=True, blank=True, verbose_name=_("parti")
    )
    position = models.PositiveSmallIntegerField(_("ordning"), default=1)

    class Meta:
        verbose_name = _("motionär")
        verbose_name_plural = _("motionärer")
        ordering = ["position"]
        constraints = [
            models.UniqueConstraint(fields=["motion", "person"], name="mover_unique_per_motion"),
        ]
        indexes = [
            # The case list filtered by mover: EXISTS (... WHERE person_id = %s AND motion_id = motion.id),
            # or the mover's motions first, whichever the planner finds cheaper.
            models.Index(fields=["person", "motion"], name="mover_person_idx"),
            # The case list filtered by party: EXISTS (... WHERE party_id = %s AND motion_id = motion.id).
            models.Index(fields=["party", "motion"], name="mover_party_idx"),
        ]

    def __str__(self):
        return f"{self.person.name} ({self.party})" if self.party else self.person.name


class OperativeClause(models.Model):
    """An att-sats: the council may grant some and reject others."""

    motion = models.ForeignKey(
        Motion, on_delete=models.CASCADE, related_name="clauses", verbose_name=_("motion")
    )
    number = models.PositiveSmallIntegerField(_("nummer"))
    text = models.TextField(_("text"))

    class Meta:
        verbose_name = _("att-sats")
        verbose_name_plural = _("att-satser")
        ordering = ["number"]
        constraints = [
            models.UniqueConstraint(fields=["motion", "number"], name="clause_unique_number"),
        ]

    def __str__(self):
        return f"{self.number}. {self.text}"


class MotionEvent(models.Model):
    """One step in a case: its timeline and its audit trail."""

    class Kind(models.TextChoices):
        FILED = "filed", _("Motionen väcktes")
        REFERRED = "referred", _("Remitterad")
        DUE_EXTENDED = "due_extended", _("Remisstid förlängd")
        REFERRAL_ANSWERED = "referral_answered", _("Remissvar inkom")
        REFERRAL_DECLINED = "referral_declined", _("Avstod från att yttra sig")
        REFERRAL_WITHDRAWN = "referral_withdrawn", _("Remiss återkallad")
        PREPARED = "prepared", _("Förslag till beslut upprättat")
        HANDLED = "handled", _("Behandlad")
        DEFERRED = "deferred", _("Bordlagd")
        SENT_BACK = "sent_back", _("Återremitterad")
        WITHDRAWN = "withdrawn", _("Återkallad av motionären")
        DECIDED = "decided", _("Beslutad")
        # A recorded step put right before signing, or undone while nothing
        # depended on it: `changes` holds what changed, `reason` why.
        CORRECTED = "corrected", _("Rättad")
        UNDONE = "undone", _("Ångrad")
        # A document (handling) registered in the case, or replaced by a new
        # version that is registered under the next number (documents app).
        DOCUMENT_ADDED = "document_added", _("Handling registrerad")
        DOCUMENT_REPLACED = "document_replaced", _("Handling ersatt")
        # The registry named or changed the case officer; `changes` holds who before and after.
        CASE_OFFICER = "case_officer", _("Handläggare utsedd")

    motion = models.ForeignKey(
        Motion, on_delete=models.CASCADE, related_name="events", verbose_name=_("motion")
    )
    kind = models.CharField(_("händelse"), max_length=30, choices=Kind.choices)
    # The date the step happened in the case (a meeting's date, a letter's date).
    occurred_on = models.DateField(_("datum"))
    # When and by whom it was recorded here.
    recorded_at = models.DateTimeField(_("registrerad"), auto_now_add=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
        related_name="+", verbose_name=_("registrerad av"),
    )
    from_status = models.CharField(_("från status"), max_length=20, choices=Status.choices, blank=True)
    to_status = models.CharField(_("till status"), max_length=20, choices=Status.choices)
    description = models.CharField(_("beskrivning"), max_length=500, blank=True)
    reason = models.TextField(_("motivering"), blank=True)
    # With CORRECTED, UNDONE and CASE_OFFICER: [{"field": label, "before": text, "after": text,
    # "sentences": {...}}, ...], the texts in Swedish and, under "sentences", as the system wrote
    # them (motions.services.change); a line recorded before sentences were kept has none.
    changes = models.JSONField(_("ändringar"), default=list, blank=True)
    # The case's version this step made (Motion.version), so that a form opened on an
    # older version can say which steps were recorded since. Empty on an event recorded
    # before versions were kept on events, whose place in the order was not certain.
    version = models.PositiveIntegerField(_("version"), null=True, blank=True)
    # The description and reason where the system wrote them (lib.sentences.Sentence.as_data, by field
    # name): the fields keep them in Swedish, and the pages show them in the reader's language.
    # Empty for text a person typed, which is shown as typed.
    sentences = models.JSONField(_("meningar"), default=dict, blank=True)

    class Meta:
        verbose_name = _("händelse")
        verbose_name_plural = _("händelser")
        ordering = ["occurred_on", "id"]
        indexes = [
            # The case page reads one motion's timeline in date order.
            models.Index(fields=["motion", "occurred_on"], name="event_motion_date_idx"),
            # The cases changed since the daily watch last ran (WHERE recorded_at > %s: reminders.services).
            models.Index(fields=["recorded_at"], name="event_recorded_idx"),
        ]

    def __str__(self):
        return f"{self.occurred_on} {self.get_kind_display()}"

    def description_text(self) -> str:
        """The description in the reader's language."""
        return shown_text(self, "description")

    def reason_text(self) -> str:
        """The reason in the reader's language (as typed, when a person typed it)."""
        return shown_text(self, "reason")

    def changes_text(self) -> list[dict]:
        """The changes ("field", "before", "after") in the reader's language. A line recorded
        before its sentences were kept shows its values as stored and its label translated (the
        labels were message ids; the first case officers' events named the field itself)."""
        def line(change: dict) -> dict:
            if change.get("sentences"):
                return shown_texts(change)
            label = "Handläggare" if change["field"] == "case_officer" else change["field"]
            return {**change, "field": gettext(label) if label else label}  # (gettext("") is the header)
        return [line(change) for change in self.changes]


class SearchEntry(models.Model):
    """One text of a case as the case list's search reads it (motions.search):
    the title, the motion's own texts, a body's answer, a paragraph of signed
    minutes. Each app writes its own texts through motions.search.index_text,
    in the step that changes them."""

    motion = models.ForeignKey(Motion, on_delete=models.CASCADE, related_name="search_entries")
    # motions.search.SOURCES: what the text is, and its weight in the ranking.
    source = models.CharField(max_length=20)
    # Which one of the source's texts: the answer's or the paragraph's id; "" for the motion's own.
    key = models.CharField(max_length=20, blank=True)
    text = models.TextField(blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["motion", "source", "key"], name="search_entry_unique"),
        ]

    def __str__(self):
        return f"{self.motion_id} {self.source} {self.key}"


class SearchDocument(models.Model):
    """A case's texts as one document, rebuilt from its SearchEntry rows
    whenever one changes: all of a query's words must be in the case, not
    in one of its texts. On PostgreSQL `vector` holds it (GIN-indexed,
    motions migration search_entries); on SQLite it is an FTS5 table's row
    (motions.search), and this row is what a step locks to rebuild it."""

    motion = models.OneToOneField(Motion, on_delete=models.CASCADE, primary_key=True,
                                  related_name="search_document")
    # The vector alone, so that a common word's many matches are read from few pages;
    # a hit's snippet is made from its entries, for the rows shown only.
    vector = SearchVectorField(null=True, editable=False)

    def __str__(self):
        return str(self.motion_id)

    @property
    def snippet(self):
        """The text around the words searched for, HTML-escaped, each word in
        <mark>; empty when only the title or case number matched. Needs the
        `headline` motions.search.search annotates."""
        from motions.search import snippet_html

        return snippet_html(getattr(self, "headline", ""))
