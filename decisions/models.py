"""Draft decisions, minute items (paragraphs) and what was said and decided."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from motions.models import Motion, OperativeClause
from organisation.models import Body, Meeting, Party, Person
from publication.models import Kind as PublicationKind
from publication.models import Publishable


class Outcome(models.TextChoices):
    """What a body can decide, or propose that the next body decide, on a motion."""

    APPROVE = "approve", _("Bifall")
    PARTLY_APPROVE = "partly_approve", _("Delvis bifall")
    REJECT = "reject", _("Avslag")
    DEEM_ANSWERED = "deem_answered", _("Anses besvarad")
    STRIKE_OFF = "strike_off", _("Avskrivning")


class Decision(models.TextChoices):
    """The decision of one minute item."""

    # The council's filing: "Motionen anmäls och överlämnas till kommunstyrelsen för beredning."
    FILE = "file", _("Anmäls och överlämnas för beredning")
    HAND_OVER = "hand_over", _("Överlämnas utan eget ställningstagande")
    PROPOSE = "propose", _("Förslag till beslut")
    APPROVE = "approve", _("Bifall")
    PARTLY_APPROVE = "partly_approve", _("Delvis bifall")
    REJECT = "reject", _("Avslag")
    DEEM_ANSWERED = "deem_answered", _("Anses besvarad")
    STRIKE_OFF = "strike_off", _("Avskrivning")
    DEFER = "defer", _("Bordläggning")
    SEND_BACK = "send_back", _("Återremiss")
    # A matter that is not a motion (the agenda, information, elections):
    # the decision is its own text.
    OTHER = "other", _("Övrigt ärende")


# Decisions that only prepare a case or its handling: not open to appeal (KL 13 kap. 2 §).
PREPARATORY = frozenset({Decision.FILE, Decision.HAND_OVER, Decision.PROPOSE, Decision.DEFER, Decision.SEND_BACK})


class DraftDecision(models.Model):
    """The administration's report (tjänsteskrivelse) with its proposed decision."""

    motion = models.ForeignKey(
        Motion, on_delete=models.CASCADE, related_name="drafts", verbose_name=_("motion")
    )
    drafted_on = models.DateField(_("datum"))
    proposal = models.CharField(_("förslag till beslut"), max_length=20, choices=Outcome.choices)
    # The report's summary after the sentences generated from the case data
    # (filing, referrals); copied into each minute item that handles the case.
    summary = models.TextField(_("sammanfattning"), blank=True)

    class Meta:
        verbose_name = _("tjänsteskrivelse")
        verbose_name_plural = _("tjänsteskrivelser")
        ordering = ["drafted_on", "id"]

    def __str__(self):
        return f"{self.motion.case_number} {self.drafted_on}"


class MinuteItem(models.Model):
    """A numbered paragraph (§) in a body's minutes."""

    meeting = models.ForeignKey(
        Meeting, on_delete=models.PROTECT, related_name="items", verbose_name=_("sammanträde")
    )
    # Copies of the meeting's body and year, so that the database itself can
    # hold numbers unique per body and calendar year.
    body = models.ForeignKey(Body, on_delete=models.PROTECT, related_name="+", editable=False)
    year = models.PositiveSmallIntegerField(editable=False)
    # None only for minutes brought over whose source does not give the number:
    # the paragraph is printed without one.
    number = models.PositiveIntegerField(_("paragraf"), null=True, blank=True)
    # The case the paragraph handles; a filing paragraph of several motions
    # handles none alone (they are its `filed_motions`).
    motion = models.ForeignKey(
        Motion, on_delete=models.PROTECT, null=True, blank=True,
        related_name="minute_items", verbose_name=_("ärende"),
    )
    # With Decision.FILE: the motions the council was told of, in order.
    filed_motions = models.ManyToManyField(Motion, through="FiledMotion", related_name="filing_items", blank=True,
                                           verbose_name=_("anmälda motioner"))
    # Blank: the heading is generated from the motion ("… - svar på motion väckt av …").
    heading = models.CharField(_("rubrik"), max_length=400, blank=True)
    decision = models.CharField(_("beslut"), max_length=20, choices=Decision.choices)
    # With Decision.PROPOSE: what the next body is asked to decide.
    proposal = models.CharField(
        _("förslag"), max_length=20, choices=Outcome.choices, blank=True
    )
    reason = models.TextField(_("motivering"), blank=True)
    summary = models.TextField(_("sammanfattning"), blank=True)
    # With Decision.OTHER: the decision as the minutes state it.
    decision_text = models.TextField(_("beslutstext"), blank=True)
    # The decision as the secretary wrote it, clause by clause (att-satser),
    # printed beside or instead of the generated sentence as the layout says.
    decision_clauses = models.JSONField(_("beslutspunkter"), default=list, blank=True)
    # Beslutsunderlag as the secretary lists it (documents the case does not
    # hold, in the minutes' own order); empty: generated from the case.
    basis = models.JSONField(_("beslutsunderlag"), default=list, blank=True)
    # Beslutet skickas till: bodies and people notified.
    distribution = models.JSONField(_("beslutet skickas till"), default=list, blank=True)

    class Meta:
        verbose_name = _("paragraf")
        verbose_name_plural = _("paragrafer")
        ordering = ["meeting__date", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["body", "year", "number"], name="minute_item_number_unique_per_body_year"
            ),
            models.CheckConstraint(
                condition=models.Q(number__gte=1), name="minute_item_number_positive"
            ),
            models.CheckConstraint(
                condition=(models.Q(decision="propose") & ~models.Q(proposal=""))
                | (~models.Q(decision="propose") & models.Q(proposal="")),
                name="minute_item_proposal_only_when_proposing",
            ),
            models.CheckConstraint(
                condition=~models.Q(decision="send_back") | ~models.Q(reason=""),
                name="minute_item_send_back_has_reason",
            ),
            models.CheckConstraint(
                condition=models.Q(decision__in=Decision.values)
                & (models.Q(proposal="") | models.Q(proposal__in=Outcome.values)),
                name="minute_item_decision_valid",
            ),
            models.CheckConstraint(
                condition=(models.Q(decision="other") & models.Q(motion__isnull=True) & ~models.Q(decision_text="")
                           & ~models.Q(heading=""))
                | (models.Q(decision="file") & models.Q(decision_text=""))
                | (~models.Q(decision__in=["other", "file"]) & models.Q(motion__isnull=False)
                   & models.Q(decision_text="")),
                name="minute_item_other_matter_has_text",
            ),
        ]

    def __str__(self):
        if self.number is None:
            return f"{self.body.short_name or self.body} § (okänt nummer) {self.year}"
        return f"{self.body.short_name or self.body} § {self.number}/{self.year}"

    def get_absolute_url(self):
        return reverse("decisions:extract", kwargs={"item_id": self.pk})


class FiledMotion(models.Model):
    """A motion the council is told of in a filing paragraph."""

    item = models.ForeignKey(MinuteItem, on_delete=models.CASCADE, related_name="+")
    motion = models.ForeignKey(Motion, on_delete=models.PROTECT, related_name="+")
    position = models.PositiveSmallIntegerField(default=1)

    class Meta:
        ordering = ["position"]
        constraints = [
            # A motion is filed once.
            models.UniqueConstraint(fields=["motion"], name="motion_filed_once"),
        ]

    def __str__(self):
        return f"{self.item} {self.motion.case_number}"


class ClauseDecision(models.Model):
    """Per operative clause, when a motion is (proposed to be) partly approved."""

    item = models.ForeignKey(MinuteItem, on_delete=models.CASCADE, related_name="clause_decisions")
    clause = models.ForeignKey(OperativeClause, on_delete=models.PROTECT, related_name="+")
    approved = models.BooleanField()

    class Meta:
        ordering = ["clause__number"]
        constraints = [
            models.UniqueConstraint(fields=["item", "clause"], name="clause_decision_unique"),
        ]

    def __str__(self):
        return f"{self.item} att-sats {self.clause.number}: {'bifall' if self.approved else 'avslag'}"


class Participation(models.Model):
    """Someone's part in an item, with the party they had at the meeting."""

    item = models.ForeignKey(MinuteItem, on_delete=models.CASCADE, related_name="%(class)ss")
    position = models.PositiveSmallIntegerField(default=1)
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    party = models.ForeignKey(Party, on_delete=models.PROTECT, null=True, blank=True, related_name="+")

    class Meta:
        abstract = True
        ordering = ["position"]

    def __str__(self):
        return f"{self.person.name} ({self.party})" if self.party else self.person.name


class Speaker(Participation):
    class Meta(Participation.Meta):
        verbose_name = _("talare")
        verbose_name_plural = _("talare")


class Proposal(Participation):
    """A proposal from the floor (yrkande). One person's proposals "i första
    hand … i andra hand …" are rows with ranks 1, 2, …; a procedural
    proposal (återremiss, bordläggning) is decided before the main question."""

    class Kind(models.TextChoices):
        MAIN = "main", _("Yrkande i sak")
        SEND_BACK = "send_back", _("Återremiss")
        DEFER = "defer", _("Bordläggning")

    text = models.TextField(_("yrkande"))
    kind = models.CharField(_("typ"), max_length=20, choices=Kind.choices, default=Kind.MAIN)
    # 1: "i första hand", 2: "i andra hand"; None: the person's only proposal.
    rank = models.PositiveSmallIntegerField(_("i vilken hand"), null=True, blank=True)

    class Meta(Participation.Meta):
        verbose_name = _("yrkande")
        verbose_name_plural = _("yrkanden")


class Seconder(models.Model):
    """Someone seconding a proposal (instämmer i yrkandet)."""

    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="seconders")
    position = models.PositiveSmallIntegerField(default=1)
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    party = models.ForeignKey(Party, on_delete=models.PROTECT, null=True, blank=True, related_name="+")

    class Meta:
        ordering = ["position"]
        verbose_name = _("instämmande")
        verbose_name_plural = _("instämmanden")
        constraints = [
            models.UniqueConstraint(fields=["proposal", "person"], name="seconder_once_per_proposal"),
        ]

    def __str__(self):
        return self.person.name


class SeparateStatement(Participation):
    """A separate statement (särskilt yttrande) entered in the minutes, or
    handed in as a document (an annex)."""

    text = models.TextField(_("yttrande"), blank=True)
    document = models.FileField(_("bilaga"), upload_to="annexes/", blank=True)

    class Meta(Participation.Meta):
        verbose_name = _("särskilt yttrande")
        verbose_name_plural = _("särskilda yttranden")


class Reservation(Participation):
    """Someone reserving themselves against the decision. Reservations with
    the same group print as one sentence ("A (S), B (S) och C (V) reserverar
    sig mot beslutet till förmån för A:s yrkande")."""

    text = models.TextField(_("motivering"), blank=True)
    group = models.PositiveSmallIntegerField(_("grupp"), default=1)
    in_favour_of = models.ForeignKey(
        Proposal, on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name=_("till förmån för"),
    )
    # A written reservation (skriftlig reservation), printed as an annex.
    written = models.BooleanField(_("skriftlig"), default=False)
    document = models.FileField(_("bilaga"), upload_to="annexes/", blank=True)

    class Meta(Participation.Meta):
        verbose_name = _("reservation")
        verbose_name_plural = _("reservationer")


class Question(models.Model):
    """One proposition the chair put, in order (beslutsgång), and how the
    chair found: "Ordföranden ställer proposition på <text> och finner att
    <finding>." Without a finding the text is printed as it stands."""

    item = models.ForeignKey(MinuteItem, on_delete=models.CASCADE, related_name="questions")
    position = models.PositiveSmallIntegerField(default=1)
    text = models.TextField(_("proposition"))
    finding = models.TextField(_("ordförandens beslut"), blank=True)

    class Meta:
        ordering = ["position"]
        verbose_name = _("proposition")
        verbose_name_plural = _("propositioner")

    def __str__(self):
        return f"{self.item} proposition {self.position}"


class Vote(models.Model):
    """A vote (votering): a roll-call whose counts are derived from the
    ballots, or a closed vote (val) with counts only. On a tie the chair's
    casting vote decides."""

    class Kind(models.TextChoices):
        ROLL_CALL = "roll_call", _("Öppen omröstning")
        CLOSED = "closed", _("Sluten omröstning")

    class Side(models.TextChoices):
        YES = "yes", _("Ja")
        NO = "no", _("Nej")

    item = models.ForeignKey(MinuteItem, on_delete=models.CASCADE, related_name="votes")
    position = models.PositiveSmallIntegerField(default=1)
    kind = models.CharField(_("typ"), max_length=20, choices=Kind.choices, default=Kind.ROLL_CALL)
    question = models.TextField(_("voteringsproposition"))
    # What a yes and a no vote stand for ("kommunstyrelsens förslag", "Eva Lunds yrkande").
    yes_for = models.CharField(_("ja-röst för"), max_length=300, blank=True)
    no_for = models.CharField(_("nej-röst för"), max_length=300, blank=True)
    yes = models.PositiveSmallIntegerField(_("ja"))
    no = models.PositiveSmallIntegerField(_("nej"))
    abstained = models.PositiveSmallIntegerField(_("avstår"), default=0)
    casting_vote = models.CharField(_("ordförandens utslagsröst"), max_length=3, choices=Side.choices, blank=True)
    # The side that won (derived from the counts and the casting vote).
    won = models.CharField(_("utfall"), max_length=3, choices=Side.choices, blank=True)
    result = models.TextField(_("resultat"))

    class Meta:
        ordering = ["position"]
        verbose_name = _("votering")
        verbose_name_plural = _("voteringar")

    def __str__(self):
        return f"{self.item} votering {self.position}: {self.yes}–{self.no}"


class Ballot(models.Model):
    """One serving member's vote in a roll-call."""

    class Choice(models.TextChoices):
        YES = "yes", _("Ja")
        NO = "no", _("Nej")
        ABSTAIN = "abstain", _("Avstår")

    vote = models.ForeignKey(Vote, on_delete=models.CASCADE, related_name="ballots")
    position = models.PositiveSmallIntegerField(default=1)
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    party = models.ForeignKey(Party, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    # A substitute voting in someone's place.
    replaces = models.ForeignKey(Person, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    choice = models.CharField(_("röst"), max_length=10, choices=Choice.choices)

    class Meta:
        ordering = ["position"]
        verbose_name = _("röst")
        verbose_name_plural = _("röster")
        constraints = [
            models.UniqueConstraint(fields=["vote", "person"], name="ballot_once_per_vote"),
        ]

    def __str__(self):
        return f"{self.person.name}: {self.get_choice_display()}"


class ConflictOfInterest(Participation):
    """Someone declaring a conflict of interest (jäv) and leaving the matter."""

    text = models.TextField(_("anteckning"), blank=True)

    class Meta(Participation.Meta):
        verbose_name = _("jäv")
        verbose_name_plural = _("jäv")


class ProtocolNote(models.Model):
    """A note entered in the minutes (protokollsanteckning), by a member or party."""

    item = models.ForeignKey(MinuteItem, on_delete=models.CASCADE, related_name="notes")
    position = models.PositiveSmallIntegerField(default=1)
    text = models.TextField(_("anteckning"))
    person = models.ForeignKey(Person, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    party = models.ForeignKey(Party, on_delete=models.PROTECT, null=True, blank=True, related_name="+")

    class Meta:
        ordering = ["position"]
        verbose_name = _("protokollsanteckning")
        verbose_name_plural = _("protokollsanteckningar")

    def __str__(self):
        return f"{self.item} anteckning {self.position}"


class AgendaItem(models.Model):
    """An item on a meeting's agenda (föredragningslista): a case, or another
    matter by its title. The item's § number is reserved when the agenda is
    numbered, so that the minutes follow the agenda's order."""

    meeting = models.ForeignKey(
        Meeting, on_delete=models.CASCADE, related_name="agenda", verbose_name=_("sammanträde")
    )
    position = models.PositiveSmallIntegerField(_("ordning"))
    motion = models.ForeignKey(
        Motion, on_delete=models.CASCADE, null=True, blank=True, related_name="agenda_items",
        verbose_name=_("ärende"),
    )
    title = models.CharField(_("rubrik"), max_length=400, blank=True)
    number = models.PositiveIntegerField(_("paragraf"), null=True, blank=True)
    added_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("punkt på föredragningslistan")
        verbose_name_plural = _("föredragningslista")
        ordering = ["meeting__date", "position"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "motion"], name="agenda_case_once_per_meeting"),
            models.UniqueConstraint(fields=["meeting", "position"], name="agenda_position_unique"),
            # A § number once per meeting; per body and year the minute items hold it.
            models.UniqueConstraint(fields=["meeting", "number"], name="agenda_number_unique"),
            models.CheckConstraint(
                condition=models.Q(motion__isnull=False) | ~models.Q(title=""),
                name="agenda_item_is_case_or_titled",
            ),
        ]

    def __str__(self):
        what = self.motion.case_number if self.motion_id else self.title
        return f"{self.meeting} {self.position}. {what}"

    @property
    def label(self) -> str:
        """ "KS-2021/345 <title>" for a case, the title for another matter."""
        return f"{self.motion.case_number} {self.motion.title}" if self.motion_id else self.title


class Appeal(models.Model):
    """An appeal (laglighetsprövning) against the decision of a minute item."""

    item = models.ForeignKey(MinuteItem, on_delete=models.PROTECT, related_name="appeals",
                             verbose_name=_("paragraf"))
    lodged_on = models.DateField(_("inkom"))
    court_case = models.CharField(_("förvaltningsrättens målnummer"), max_length=60, blank=True)
    note = models.TextField(_("anteckning"), blank=True)
    recorded_at = models.DateTimeField(auto_now_add=True)
    # The form's one-time key (lib.forms.SubmissionField): the form sent twice records one appeal.
    submission = models.UUIDField(null=True, blank=True, unique=True, editable=False)

    class Meta:
        verbose_name = _("överklagande")
        verbose_name_plural = _("överklaganden")
        ordering = ["lodged_on", "id"]

    def __str__(self):
        return f"{self.item} {self.lodged_on}"


class Rectification(models.Model):
    """A correction note (rättelse) on a paragraph of signed minutes: the
    minutes are never edited after signing, so an obvious slip is put right
    by a note recorded beside the paragraph and printed under it on its
    extracts from then on. The signed protocol stays as it was signed."""

    item = models.ForeignKey(MinuteItem, on_delete=models.PROTECT, related_name="rectifications",
                             verbose_name=_("paragraf"))
    text = models.TextField(_("rättelse"))
    made_on = models.DateField(_("datum"))
    recorded_at = models.DateTimeField(_("registrerad"), auto_now_add=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                    related_name="+", verbose_name=_("registrerad av"))

    class Meta:
        verbose_name = _("rättelse")
        verbose_name_plural = _("rättelser")
        ordering = ["made_on", "id"]

    def __str__(self):
        return f"{self.item} rättelse {self.made_on}"


# The documents put on the notice board when kept (RenderedDocument.Kind's values).
POSTED_KINDS = ["announcement", "summons"]


class RenderedDocument(Publishable):
    """A rendered PDF, stored under a hash of everything that went into it:
    the same content is never rendered twice.

    The council's announcement (kungörelse) and a board's notice of meeting
    (kallelse) are put on the notice board when kept (decisions.services.posting):
    each version once, numbered per meeting, on the board from `posted_on`
    until the meeting is held or a new version replaces it (`taken_down_on`)."""

    class Kind(models.TextChoices):
        EXTRACT = "extract", _("Protokollsutdrag")
        PROTOCOL = "protocol", _("Protokoll")
        NOTICE = "notice", _("Bevis om justering")
        ANNOUNCEMENT = "announcement", _("Kungörelse")
        SUMMONS = "summons", _("Kallelse med föredragningslista")

    key = models.CharField(max_length=64, unique=True)
    kind = models.CharField(_("typ"), max_length=20, choices=Kind.choices)
    meeting = models.ForeignKey(Meeting, on_delete=models.PROTECT, related_name="documents")
    # The paragraph of an extract.
    item = models.ForeignKey(MinuteItem, on_delete=models.PROTECT, null=True, blank=True, related_name="documents")
    file = models.FileField(upload_to="minutes/")
    pages = models.PositiveIntegerField()
    size = models.PositiveIntegerField()
    rendered_at = models.DateTimeField(auto_now_add=True)
    # The signed protocol, notice and extracts, kept as signed and served as stored; an announcement
    # or notice of meeting kept as put on the notice board.
    archived = models.BooleanField(default=False)
    # An announcement's or notice of meeting's version (1, 2, ... for the meeting), and its days on the
    # notice board: from `posted_on`, until a new version replaces it (`taken_down_on`) or the meeting is held.
    version = models.PositiveSmallIntegerField(_("version"), null=True, blank=True)
    posted_on = models.DateField(_("uppsatt på anslagstavlan"), null=True, blank=True)
    taken_down_on = models.DateField(_("ersatt"), null=True, blank=True)

    class Meta:
        verbose_name = _("dokument")
        verbose_name_plural = _("dokument")
        constraints = [
            # The announcement and the notice of meeting are kept in every version they were posted in.
            models.UniqueConstraint(fields=["meeting", "kind"],
                                    condition=models.Q(archived=True, item__isnull=True)
                                    & ~models.Q(kind__in=POSTED_KINDS),
                                    name="document_archived_once_per_meeting"),
            models.UniqueConstraint(fields=["item"], condition=models.Q(archived=True),
                                    name="extract_archived_once_per_item"),
            models.CheckConstraint(condition=models.Q(kind="extract") | models.Q(item__isnull=True),
                                   name="document_item_only_for_extracts"),
            # A posted document has its version and its first day on the board; only those two kinds are
            # posted, and only when kept.
            models.CheckConstraint(
                condition=models.Q(posted_on__isnull=True, version__isnull=True, taken_down_on__isnull=True)
                | models.Q(kind__in=POSTED_KINDS, archived=True, posted_on__isnull=False, version__isnull=False),
                name="document_posted_with_version"),
            models.CheckConstraint(
                condition=models.Q(taken_down_on__isnull=True) | models.Q(taken_down_on__gte=models.F("posted_on")),
                name="document_taken_down_after_posted"),
            models.UniqueConstraint(fields=["meeting", "kind", "version"], condition=models.Q(version__isnull=False),
                                    name="document_version_once_per_meeting"),
        ]
        indexes = [
            # The notice board: the announcements and notices of meeting posted by a day
            # (noticeboard.selectors: WHERE posted_on <= %s, of the kinds posted).
            models.Index(fields=["posted_on", "id"], condition=models.Q(posted_on__isnull=False),
                         name="document_posted_idx"),
            # The publication review's queue of signed documents, oldest first, and the number waiting in the
            # registry's menu (publication.selectors): WHERE publication_state = 'review' AND archived.
            models.Index(fields=["rendered_at"], condition=models.Q(publication_state="review", archived=True),
                         name="rendered_awaiting_review_idx"),
            # The signed documents published lately, the latest first: ORDER BY published_at DESC.
            models.Index(fields=["published_at"], condition=models.Q(publication_state="published", archived=True),
                         name="rendered_published_idx"),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} {self.meeting}"

    # The publication review's queue (publication.models.Publishable): the signed documents only.
    publication_municipality_lookup = "meeting__body__municipality"
    publication_date_field = "rendered_at"

    @classmethod
    def publication_documents(cls):
        return cls.objects.filter(archived=True).select_related("meeting__body", "item")

    def publication_title(self) -> str:
        """ "Protokoll, Kommunstyrelsens arbetsutskott 2021-06-14",
        "Protokollsutdrag § 12, Kommunstyrelsen 2021-06-14" """
        kind = self.get_kind_display()
        if self.item_id is not None and self.item.number is not None:
            kind = f"{kind} § {self.item.number}"
        if self.version is not None:  # an announcement or notice of meeting, as posted
            kind = f"{kind} (version {self.version})"
        return f"{kind}, {self.meeting.body.name} {self.meeting.date:%Y-%m-%d}"

    def publication_file(self):
        return self.file

    def publication_place_url(self) -> str:
        if self.version is not None:  # listed with the meeting's agenda on the notice board
            return f"{self.meeting.get_absolute_url()}#agenda-{self.pk}"
        return f"{self.meeting.get_absolute_url()}#protokoll"

    def publication_kind(self) -> str:
        return {self.Kind.PROTOCOL: PublicationKind.PROTOCOL, self.Kind.EXTRACT: PublicationKind.EXTRACT,
                self.Kind.NOTICE: PublicationKind.SIGNING_NOTICE, self.Kind.ANNOUNCEMENT: PublicationKind.ANNOUNCEMENT,
                self.Kind.SUMMONS: PublicationKind.SUMMONS}[self.kind]

    def publication_municipality_id(self) -> int:
        return self.meeting.body.municipality_id


class RenderJob(models.Model):
    """A protocol being rendered in the background, with its progress for the web page."""

    class State(models.TextChoices):
        QUEUED = "queued", _("I kö")
        COMPOSING = "composing", _("Paragraferna sätts samman")
        LAYOUT = "layout", _("Sidorna bryts")
        DONE = "done", _("Klar")
        FAILED = "failed", _("Misslyckades")

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="render_jobs")
    # Keep the result as the signed protocol (and render the notice with it).
    archive = models.BooleanField(default=False)
    state = models.CharField(max_length=20, choices=State.choices, default=State.QUEUED)
    items_done = models.PositiveIntegerField(default=0)
    items_total = models.PositiveIntegerField(default=0)
    pages_done = models.PositiveIntegerField(default=0)
    document = models.ForeignKey(RenderedDocument, on_delete=models.SET_NULL, null=True, blank=True,
                                 related_name="+")
    error = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    # When the job was last handed to the broker; empty while it waits for the
    # broker to come back (decisions.services.rendering: the sweep sends it).
    sent_at = models.DateTimeField(null=True, blank=True)
    # Written with every report of progress by the worker that claimed the job:
    # a running job without one for RENDER_STALE_AFTER seconds lost its worker.
    heartbeat_at = models.DateTimeField(null=True, blank=True)
    # How many times a worker has claimed the job; the claim's own number
    # keeps a worker that was given up for dead from writing over its successor.
    attempts = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            # One unfinished job per meeting: a second click follows the first job.
            # Its index also serves the sweep's look for unfinished jobs (state IN (...)).
            models.UniqueConstraint(fields=["meeting"], condition=models.Q(state__in=["queued", "composing", "layout"]),
                                    name="render_job_one_running_per_meeting"),
        ]

    def __str__(self):
        return f"{self.meeting} {self.state}"

    @property
    def waiting_for_broker(self) -> bool:
        """Queued, but not handed to the workers: the broker was away."""
        return self.state == self.State.QUEUED and self.sent_at is None

    def status_text(self) -> str:
        """What the meeting page says of the job while it is not done."""
        if self.state == self.State.FAILED:
            return _("Protokollet kunde inte skapas; försök igen.")
        if self.waiting_for_broker:
            return _("Protokollet skapas så snart bakgrundstjänsten är tillgänglig igen.")
        return self.get_state_display()


class SigningRound(models.Model):
    """The minutes sent to their signatories to sign electronically, once:
    the protocol as rendered then, which each signatory signs in turn into
    one PDF (decisions.services.digital_signing). A round ends signed (the
    last signature in: the meeting is signed), with a correction asked for,
    or taken back by the registry; the minutes are then sent again in a new
    round, and the earlier round's signatures lapse with it."""

    class State(models.TextChoices):
        OPEN = "open", _("Ute för justering")
        CORRECTION = "correction", _("Rättelse begärd")
        WITHDRAWN = "withdrawn", _("Tagen tillbaka")
        SIGNED = "signed", _("Justerad")

    meeting = models.ForeignKey(Meeting, on_delete=models.PROTECT, related_name="signing_rounds",
                                verbose_name=_("sammanträde"))
    number = models.PositiveSmallIntegerField(_("utskick"))
    state = models.CharField(_("läge"), max_length=20, choices=State.choices, default=State.OPEN)
    # The protocol as sent, unsigned.
    protocol = models.ForeignKey(RenderedDocument, on_delete=models.PROTECT, related_name="+",
                                 verbose_name=_("protokoll"))
    # The protocol with the signatures made so far, each an incremental update of the one before;
    # empty until the first signature.
    signed_file = models.FileField(upload_to="minutes/signing/", blank=True)
    sent_at = models.DateTimeField(_("skickad"), auto_now_add=True)
    sent_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                related_name="+", verbose_name=_("skickad av"))
    closed_at = models.DateTimeField(_("avslutad"), null=True, blank=True)
    # Why the registry took the minutes back.
    reason = models.TextField(_("skäl"), blank=True)

    class Meta:
        verbose_name = _("utskick för justering")
        verbose_name_plural = _("utskick för justering")
        ordering = ["meeting", "number"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "number"], name="signing_round_numbered_per_meeting"),
            models.UniqueConstraint(fields=["meeting"], condition=models.Q(state="open"),
                                    name="signing_round_one_open_per_meeting"),
            models.UniqueConstraint(fields=["meeting"], condition=models.Q(state="signed"),
                                    name="signing_round_signed_once"),
            models.CheckConstraint(condition=models.Q(state="open") | models.Q(closed_at__isnull=False),
                                   name="signing_round_closed_at_when_closed"),
        ]

    def __str__(self):
        return f"{self.meeting}, utskick {self.number}"


class Signature(models.Model):
    """One signatory's part in a round: the chair or a justerare, who signs
    the protocol or asks for a correction."""

    class State(models.TextChoices):
        WAITING = "waiting", _("Väntar")
        SIGNED = "signed", _("Justerat")
        CORRECTION = "correction", _("Begärde rättelse")

    round = models.ForeignKey(SigningRound, on_delete=models.CASCADE, related_name="signatures",
                              verbose_name=_("utskick"))
    # The signature's block on the protocol's first page, in the order of the attendance list.
    position = models.PositiveSmallIntegerField(_("ordning"))
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+", verbose_name=_("person"))
    # "Ordförande", "Justerare": as the protocol names the signatory.
    capacity = models.CharField(_("i egenskap av"), max_length=40)
    # The account that signs for the person, fixed when the minutes are sent.
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="signatures",
                             verbose_name=_("konto"))
    state = models.CharField(_("läge"), max_length=20, choices=State.choices, default=State.WAITING)
    answered_at = models.DateTimeField(_("besvarad"), null=True, blank=True)
    # What the signatory asks to have corrected.
    comment = models.TextField(_("kommentar"), blank=True)
    # The e-mail asking the signatory to sign, once sent.
    notified_at = models.DateTimeField(_("e-post skickad"), null=True, blank=True)

    class Meta:
        verbose_name = _("justering")
        verbose_name_plural = _("justeringar")
        ordering = ["round", "position"]
        constraints = [
            models.UniqueConstraint(fields=["round", "person"], name="signature_once_per_person"),
            models.UniqueConstraint(fields=["round", "position"], name="signature_position_once"),
            models.CheckConstraint(condition=models.Q(state="waiting") | models.Q(answered_at__isnull=False),
                                   name="signature_answered_at_when_answered"),
            models.CheckConstraint(condition=~models.Q(state="correction") | ~models.Q(comment=""),
                                   name="signature_correction_with_comment"),
        ]

    def __str__(self):
        return f"{self.person} ({self.capacity}), {self.round}"
