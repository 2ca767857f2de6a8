"""Writing a case's paragraph (§) at a meeting: its number, its decision per
operative clause and what the minutes say of it (speakers, proposals,
questions, votes, reservations, notes)."""

import hashlib
import json
from collections import Counter
from dataclasses import dataclass, field

from django.core.files.storage import default_storage
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from decisions.models import (
    Ballot,
    ClauseDecision,
    ConflictOfInterest,
    Decision,
    MinuteItem,
    Outcome,
    Proposal,
    ProtocolNote,
    Question,
    Reservation,
    Seconder,
    SeparateStatement,
    Speaker,
    Vote,
)
from decisions.selectors.meetings import present_at
from decisions.services.meetings import append_to_agenda, record_paragraph, reserve_number
from lib.errors import DomainError, Problems
from lib.sentences import Sentence
from motions.models import Motion
from organisation.models import Meeting, MeetingEvent, Party, Person
from organisation.services import lock_meeting, record_meeting_event


@dataclass(frozen=True)
class ProposalRecord:
    """A proposal (yrkande): the text is what follows "<person> yrkar"."""

    person: Person
    text: str
    kind: str = Proposal.Kind.MAIN
    # 1: "i första hand", 2: "i andra hand"; None: the person's only proposal.
    rank: int | None = None
    seconders: tuple[Person, ...] = ()


@dataclass(frozen=True)
class QuestionRecord:
    """A proposition the chair put, and how the chair found."""

    text: str
    finding: str = ""


@dataclass(frozen=True)
class BallotRecord:
    person: Person
    choice: str  # Ballot.Choice
    replaces: Person | None = None


@dataclass(frozen=True)
class VoteRecord:
    """A vote. A roll-call with ballots derives its counts from them; a closed
    vote (val), or a roll-call whose ballots the source does not give, states them."""

    question: str
    yes: int | None = None
    no: int | None = None
    abstained: int | None = None
    result: str = ""
    kind: str = Vote.Kind.ROLL_CALL
    yes_for: str = ""
    no_for: str = ""
    ballots: tuple[BallotRecord, ...] = ()
    casting_vote: str = ""  # Vote.Side, on a tie in an open vote
    won: str = ""  # Vote.Side as the minutes state it; "" derived from the counts


@dataclass(frozen=True)
class ReservationRecord:
    person: Person
    text: str = ""
    # Reservations of one group print as one sentence.
    group: int = 1
    # The proposal reserved in favour of: its place (1, 2, …) in MinuteRecord.proposals.
    in_favour_of: int | None = None
    written: bool = False
    document: str = ""  # the annex's name in the document storage


@dataclass(frozen=True)
class StatementRecord:
    person: Person
    text: str = ""
    document: str = ""


@dataclass(frozen=True)
class NoteRecord:
    text: str
    person: Person | None = None


@dataclass(frozen=True)
class ConflictRecord:
    person: Person
    text: str = ""


@dataclass
class MinuteRecord:
    """What the minutes say of an item besides its decision."""

    number: int | None = None  # None: the body's next number this year
    heading: str = ""  # blank: generated from the motion
    summary: str | None = None  # None: the latest draft decision's summary
    speakers: list[Person] = field(default_factory=list)
    proposals: list[ProposalRecord] = field(default_factory=list)
    questions: list[QuestionRecord] = field(default_factory=list)
    votes: list[VoteRecord] = field(default_factory=list)
    reservations: list[ReservationRecord] = field(default_factory=list)
    statements: list[StatementRecord] = field(default_factory=list)
    notes: list[NoteRecord] = field(default_factory=list)
    conflicts: list[ConflictRecord] = field(default_factory=list)
    # The decision as the secretary wrote it, clause by clause, and who is sent it.
    decision_clauses: list[str] = field(default_factory=list)
    distribution: list[str] = field(default_factory=list)
    # Beslutsunderlag as the secretary lists it; empty: generated from the case.
    basis: list[str] = field(default_factory=list)
    # The party someone spoke for at the meeting, when not their party now.
    parties: dict[int, Party | None] = field(default_factory=dict)

    def people(self) -> list[Person]:
        return [
            *self.speakers,
            *(p.person for p in self.proposals), *(s for p in self.proposals for s in p.seconders),
            *(b.person for v in self.votes for b in v.ballots),
            *(b.replaces for v in self.votes for b in v.ballots if b.replaces),
            *(r.person for r in self.reservations), *(s.person for s in self.statements),
            *(n.person for n in self.notes if n.person), *(c.person for c in self.conflicts),
        ]

    def party(self, person: Person | None) -> Party | None:
        return None if person is None else self.parties.get(person.pk, person.party)


def check_clauses(motion: Motion, clauses: dict[int, bool] | None, outcome: str) -> dict[int, bool]:
    if outcome != Outcome.PARTLY_APPROVE:
        if clauses:
            raise DomainError(
                _("Beslut per att-sats anges bara vid delvis bifall."), field="clauses"
            )
        return {}
    numbers = set(motion.clauses.values_list("number", flat=True))
    clauses = clauses or {}
    if set(clauses) != numbers or not numbers:
        raise DomainError(
            _("Vid delvis bifall ska varje att-sats (%(numbers)s) bifallas eller avslås.")
            % {"numbers": ", ".join(str(n) for n in sorted(numbers)) or "–"},
            field="clauses",
        )
    if all(clauses.values()) or not any(clauses.values()):
        raise DomainError(
            _("Delvis bifall kräver att minst en att-sats bifalls och minst en avslås."),
            field="clauses",
        )
    return clauses


def create_paragraph(
    motion: Motion | None, meeting: Meeting, record: MinuteRecord, *, decision: str,
    proposal: str = "", reason: str = "", clauses: dict[int, bool] | None = None, by,
) -> MinuteItem:
    meeting = lock_meeting(meeting)
    agenda_item = (meeting.agenda.filter(motion=motion).first()
                   or append_to_agenda(meeting, motion=motion, by=by))
    number = reserve_number(meeting, agenda_item, record.number, by=by)
    if meeting.items.filter(number=number).exists():
        raise DomainError(
            _("Ärendet har redan § %(number)s vid sammanträdet %(meeting)s; en ny paragraf tas upp vid ett "
              "senare sammanträde.") % {"number": number, "meeting": meeting},
            field="meeting",
        )
    votes = check_record(meeting, number, record)
    if record.summary is None:
        draft = motion.drafts.order_by("-drafted_on", "-id").first() if motion else None
        summary = draft.summary if draft else ""
    else:
        summary = record.summary.strip()
    item = MinuteItem.objects.create(
        meeting=meeting, body=meeting.body, year=meeting.date.year, number=number, motion=motion,
        heading=record.heading.strip(), decision=decision, proposal=proposal,
        reason=reason.strip(), summary=summary,
        decision_clauses=_texts(record.decision_clauses), distribution=_texts(record.distribution),
        basis=_texts(record.basis),
    )
    if motion is not None:
        clause_ids = dict(motion.clauses.values_list("number", "id"))
        ClauseDecision.objects.bulk_create(
            ClauseDecision(item=item, clause_id=clause_ids[number], approved=approved)
            for number, approved in sorted((clauses or {}).items())
        )
    write_record(item, record, votes)
    record_paragraph(item, by=by)
    return item


def _texts(values: list[str]) -> list[str]:
    return [" ".join(value.split()) for value in values if value.strip()]


def write_record(item: MinuteItem, record: MinuteRecord, votes: list[tuple[int, int, int, str]]) -> None:
    """Store what the minutes say of the item (checked by check_record)."""
    party = record.party
    Speaker.objects.bulk_create(
        Speaker(item=item, position=i, person=person, party=party(person))
        for i, person in enumerate(record.speakers, start=1)
    )
    proposals = []
    for i, p in enumerate(record.proposals, start=1):
        proposal = Proposal.objects.create(item=item, position=i, person=p.person, party=party(p.person),
                                           text=p.text.strip(), kind=p.kind, rank=p.rank)
        Seconder.objects.bulk_create(
            Seconder(proposal=proposal, position=j, person=person, party=party(person))
            for j, person in enumerate(p.seconders, start=1)
        )
        proposals.append(proposal)
    Question.objects.bulk_create(
        Question(item=item, position=i, text=q.text.strip(), finding=q.finding.strip())
        for i, q in enumerate(record.questions, start=1)
    )
    for i, (v, (yes, no, abstained, won)) in enumerate(zip(record.votes, votes, strict=True), start=1):
        vote = Vote.objects.create(
            item=item, position=i, kind=v.kind, question=v.question.strip(), yes_for=v.yes_for.strip(),
            no_for=v.no_for.strip(), yes=yes, no=no, abstained=abstained, casting_vote=v.casting_vote,
            won=won, result=v.result.strip(),
        )
        Ballot.objects.bulk_create(
            Ballot(vote=vote, position=j, person=b.person, party=party(b.person), replaces=b.replaces,
                   choice=b.choice)
            for j, b in enumerate(v.ballots, start=1)
        )
    Reservation.objects.bulk_create(
        Reservation(item=item, position=i, person=r.person, party=party(r.person), text=r.text.strip(),
                    group=r.group, written=r.written, document=r.document,
                    in_favour_of=proposals[r.in_favour_of - 1] if r.in_favour_of else None)
        for i, r in enumerate(record.reservations, start=1)
    )
    SeparateStatement.objects.bulk_create(
        SeparateStatement(item=item, position=i, person=s.person, party=party(s.person), text=s.text.strip(),
                          document=s.document)
        for i, s in enumerate(record.statements, start=1)
    )
    ProtocolNote.objects.bulk_create(
        ProtocolNote(item=item, position=i, text=n.text.strip(), person=n.person, party=party(n.person))
        for i, n in enumerate(record.notes, start=1)
    )
    ConflictOfInterest.objects.bulk_create(
        ConflictOfInterest(item=item, position=i, person=c.person, party=party(c.person), text=c.text.strip())
        for i, c in enumerate(record.conflicts, start=1)
    )


def _names(people) -> str:
    return ", ".join(dict.fromkeys(p.name for p in people))


def _check_people(record: MinuteRecord, present: set[int], serving: set[int], *, paragraph: int) -> None:
    acting = [*(p.person for p in record.proposals), *(s for p in record.proposals for s in p.seconders),
              *(r.person for r in record.reservations), *(b.person for v in record.votes for b in v.ballots),
              *(s.person for s in record.statements)]
    absent = [p for p in [*record.speakers,
                          *(n.person for n in record.notes if n.person), *(c.person for c in record.conflicts)]
              if p.pk not in present]
    not_serving = [p for p in acting if p.pk not in serving]
    if absent:
        raise DomainError(_("%(names)s är inte närvarande vid § %(number)s enligt närvarolistan.")
                          % {"names": _names(absent), "number": paragraph}, field="people")
    if not_serving:
        raise DomainError(
            _("Bara tjänstgörande ledamöter yrkar, instämmer, röstar, reserverar sig och lämnar särskilda "
              "yttranden; %(names)s tjänstgör inte vid § %(number)s.")
            % {"names": _names(not_serving), "number": paragraph}, field="people")


def check_record(meeting: Meeting, number: int, record: MinuteRecord) -> list[tuple[int, int, int, str]]:
    """Check what the minutes are to say of paragraph `number`: those acting
    serve at it, proposals, reservations and conflicts agree with one another,
    and each vote's counts and outcome hold. Returns each vote's counts
    (yes, no, abstained) and winning side."""
    municipality = meeting.body.municipality
    strangers = [p.name for p in record.people() if p.municipality_id != municipality.pk]
    if strangers:
        raise DomainError(_("%(names)s hör inte till %(municipality)s.")
                          % {"names": ", ".join(dict.fromkeys(strangers)), "municipality": municipality},
                          field="people")
    attendance = list(meeting.attendance.all())
    serving = None
    # Each part's problem at once, so that the page shows them together.
    problems = Problems()
    if attendance:
        present, serving = present_at(meeting, number)
        problems.check(_check_people, record, present, serving, paragraph=number)
    problems.check(_check_proposals, record)
    problems.check(_check_reservations, record)
    problems.check(_check_conflicts, record)
    counts = []
    for index, vote in enumerate(record.votes):
        try:
            counts.append(_counts(vote, index, serving))
        except DomainError as error:
            problems.add(error)
    problems.raise_any()
    return counts


def _check_proposals(record: MinuteRecord) -> None:
    ranks: dict[int, list[int]] = {}
    for index, p in enumerate(record.proposals):
        if not p.text.strip():
            raise DomainError(_("Yrkandet saknar text."), field="proposals", index=index)
        if p.kind not in Proposal.Kind.values:
            raise DomainError(_("Okänd typ av yrkande: %(kind)s.") % {"kind": p.kind}, field="proposals",
                              index=index)
        if p.person in p.seconders:
            raise DomainError(_("%(name)s kan inte instämma i sitt eget yrkande.") % {"name": p.person.name},
                              field="proposals", index=index)
        if len(set(p.seconders)) != len(p.seconders):
            raise DomainError(_("Samma person instämmer två gånger i yrkandet."), field="proposals", index=index)
        if p.rank is not None:
            ranks.setdefault(p.person.pk, []).append(p.rank)
    for index, p in enumerate(record.proposals):
        given = ranks.get(p.person.pk)
        if given and sorted(given) != list(range(1, len(given) + 1)):
            raise DomainError(
                _("Yrkandena från %(name)s ska stå i första, andra … hand utan luckor eller upprepningar.")
                % {"name": p.person.name}, field="proposals", index=index)


def _check_reservations(record: MinuteRecord) -> None:
    seen = set()
    for index, r in enumerate(record.reservations):
        if r.person.pk in seen:
            raise DomainError(_("%(name)s reserverar sig två gånger.") % {"name": r.person.name},
                              field="reservations", index=index)
        seen.add(r.person.pk)
        if r.in_favour_of is not None and not 1 <= r.in_favour_of <= len(record.proposals):
            raise DomainError(
                _("Reservationen är till förmån för yrkande %(number)s, men paragrafen har %(count)s yrkanden.")
                % {"number": r.in_favour_of, "count": len(record.proposals)}, field="reservations", index=index)
        if r.group < 1:
            raise DomainError(_("En reservationsgrupp numreras från 1."), field="reservations", index=index)
        if r.document and not default_storage.exists(r.document):
            raise DomainError(_("Bilagan %(name)s finns inte i dokumentlagringen.") % {"name": r.document},
                              field="reservations", index=index)
    for index, s in enumerate(record.statements):
        if not s.text.strip() and not s.document:
            raise DomainError(_("Ett särskilt yttrande har en text eller en bilaga."), field="statements",
                              index=index)
        if s.document and not default_storage.exists(s.document):
            raise DomainError(_("Bilagan %(name)s finns inte i dokumentlagringen.") % {"name": s.document},
                              field="statements", index=index)


def _check_conflicts(record: MinuteRecord) -> None:
    disqualified = {c.person.pk for c in record.conflicts}
    taking_part = [p for p in [*(p.person for p in record.proposals), *(s for p in record.proposals
                                                                         for s in p.seconders),
                               *(r.person for r in record.reservations),
                               *(b.person for v in record.votes for b in v.ballots)]
                   if p.pk in disqualified]
    if taking_part:
        raise DomainError(_("%(names)s har anmält jäv och deltar inte i handläggningen av ärendet.")
                          % {"names": _names(taking_part)}, field="conflicts")


def _side(value: str) -> str:
    return str(Vote.Side(value).label).lower()


def _counts(vote: VoteRecord, index: int, serving: set[int] | None) -> tuple[int, int, int, str]:
    """A vote's counts and winning side; a vote that contradicts itself is refused."""
    def refuse(message: str):
        raise DomainError(message, field="votes", index=index)

    if vote.kind not in Vote.Kind.values:
        refuse(_("Okänd typ av omröstning: %(kind)s.") % {"kind": vote.kind})
    if not vote.question.strip():
        refuse(_("Omröstningen saknar proposition."))
    for side in (vote.casting_vote, vote.won):
        if side and side not in Vote.Side.values:
            refuse(_("En sida i en omröstning är ja eller nej, inte %(side)s.") % {"side": side})
    if bool(vote.yes_for.strip()) != bool(vote.no_for.strip()):
        refuse(_("Ange vad både en ja-röst och en nej-röst står för (eller ingetdera, när propositionen står i "
                 "sin helhet)."))
    if vote.ballots:
        if vote.kind == Vote.Kind.CLOSED:
            refuse(_("En sluten omröstning har inga namngivna röster; ange bara antalen."))
        voters = [b.person.pk for b in vote.ballots]
        twice = [b.person for b in vote.ballots if voters.count(b.person.pk) > 1]
        if twice:
            refuse(_("%(names)s har mer än en röst i omröstningen.") % {"names": _names(twice)})
        if any(b.choice not in Ballot.Choice.values for b in vote.ballots):
            refuse(_("En röst är ja, nej eller avstår."))
        counted = Counter(b.choice for b in vote.ballots)
        yes, no, abstained = counted[Ballot.Choice.YES], counted[Ballot.Choice.NO], counted[Ballot.Choice.ABSTAIN]
        for given, derived, label in ((vote.yes, yes, _("ja-röster")), (vote.no, no, _("nej-röster")),
                                      (vote.abstained, abstained, _("som avstår"))):
            if given is not None and given != derived:
                refuse(_("Röstlistan har %(derived)s %(label)s, men %(given)s anges; antalen räknas fram ur "
                         "röstlistan.") % {"derived": derived, "given": given, "label": label})
    else:
        if vote.yes is None or vote.no is None:
            refuse(_("Ange antalet ja- och nej-röster, eller hur var och en har röstat."))
        yes, no, abstained = vote.yes, vote.no, vote.abstained or 0
    if min(yes, no, abstained) < 0:
        refuse(_("Ett antal röster kan inte vara negativt."))
    if serving is not None and yes + no + abstained > len(serving):
        refuse(_("Omröstningen har %(total)s röster, men bara %(serving)s tjänstgör vid paragrafen.")
               % {"total": yes + no + abstained, "serving": len(serving)})
    if yes == no:
        if vote.kind == Vote.Kind.CLOSED:
            if vote.casting_vote:
                refuse(_("Vid lika röstetal i en sluten omröstning avgör lotten, inte ordförandens utslagsröst."))
            if not vote.won:
                refuse(_("Rösterna utfaller lika, %(yes)s mot %(no)s; ange vilken sida lotten föll på.")
                       % {"yes": yes, "no": no})
            won = vote.won
        else:
            if not vote.casting_vote:
                refuse(_("Rösterna utfaller lika, %(yes)s ja och %(no)s nej; ordförandens utslagsröst saknas.")
                       % {"yes": yes, "no": no})
            won = vote.casting_vote
    else:
        if vote.casting_vote:
            refuse(_("Ordföranden har utslagsröst bara när rösterna utfaller lika, inte vid %(yes)s ja och "
                     "%(no)s nej.") % {"yes": yes, "no": no})
        won = Vote.Side.YES if yes > no else Vote.Side.NO
    if vote.won and vote.won != won:
        refuse(_("Med %(yes)s ja och %(no)s nej vinner %(won)s-sidan, men utfallet anges som %(given)s.")
               % {"yes": yes, "no": no, "won": _side(won), "given": _side(vote.won)})
    return yes, no, abstained, won


def record_version(item: MinuteItem) -> str:
    """A fingerprint of what the minutes say of `item` now (its record rows,
    clauses and distribution). A form carries the one it was opened on, so
    that replace_record refuses to save over a change made since."""
    parts = [
        item.decision_clauses, item.distribution,
        list(item.speakers.values_list("person_id", "party_id")),
        list(item.proposals.values_list("person_id", "party_id", "text", "kind", "rank")),
        list(Seconder.objects.filter(proposal__item=item).order_by("proposal__position", "position")
             .values_list("proposal__position", "person_id")),
        list(item.questions.values_list("text", "finding")),
        list(item.votes.values_list("kind", "question", "yes_for", "no_for", "yes", "no", "abstained",
                                    "casting_vote", "won", "result")),
        list(Ballot.objects.filter(vote__item=item).order_by("vote__position", "position")
             .values_list("vote__position", "person_id", "replaces_id", "choice")),
        list(item.reservations.values_list("person_id", "text", "group", "in_favour_of__position", "written",
                                           "document")),
        list(item.separatestatements.values_list("person_id", "text", "document")),
        list(item.notes.values_list("text", "person_id")),
        list(item.conflictofinterests.values_list("person_id", "text")),
    ]
    return hashlib.sha256(json.dumps(parts, default=str).encode()).hexdigest()[:20]


def _record_summary(record: MinuteRecord) -> Sentence:
    """What the record holds, in one line for the meeting's history."""
    counts = [(len(record.speakers), gettext_noop("%(n)s talare"), gettext_noop("%(n)s talare")),
              (len(record.proposals), gettext_noop("%(n)s yrkande"), gettext_noop("%(n)s yrkanden")),
              (len(record.questions), gettext_noop("%(n)s proposition"), gettext_noop("%(n)s propositioner")),
              (len(record.votes), gettext_noop("%(n)s omröstning"), gettext_noop("%(n)s omröstningar")),
              (len(record.reservations), gettext_noop("%(n)s reservation"), gettext_noop("%(n)s reservationer")),
              (len(record.statements), gettext_noop("%(n)s särskilt yttrande"),
               gettext_noop("%(n)s särskilda yttranden")),
              (len(record.notes), gettext_noop("%(n)s protokollsanteckning"),
               gettext_noop("%(n)s protokollsanteckningar")),
              (len(record.conflicts), gettext_noop("%(n)s jäv"), gettext_noop("%(n)s jäv")),
              (len(_texts(record.decision_clauses)), gettext_noop("%(n)s beslutspunkt"),
               gettext_noop("%(n)s beslutspunkter")),
              (len(_texts(record.distribution)), gettext_noop("%(n)s mottagare"), gettext_noop("%(n)s mottagare"))]
    # Swedish and English both take the singular for one alone.
    parts = [Sentence(one if n == 1 else many, {"n": n}) for n, one, many in counts if n]
    return Sentence("%(parts)s", {"parts": parts}) if parts else Sentence(gettext_noop("inget"))


@transaction.atomic
def replace_record(item: MinuteItem, record: MinuteRecord, *, by, version: str | None = None) -> MinuteItem:
    """Replace what the minutes say of `item` (speakers, proposals with their
    seconders, propositions, votes with their ballots, reservations,
    statements, notes, conflicts of interest) and its written clauses and
    distribution with `record`; its number, heading, summary and decision
    stay. Refused when the minutes are signed, when `version` (record_version
    as the caller read it) is no longer the item's, or when check_record
    refuses the record: then nothing changes. Records a MeetingEvent."""
    meeting = lock_meeting(item.meeting)
    item = MinuteItem.objects.filter(pk=item.pk, meeting=meeting).first()
    if item is None:
        raise DomainError(_("Paragrafen finns inte längre i sammanträdets protokoll."), field="meeting")
    if item.number is None or item.decision == Decision.FILE:
        raise DomainError(_("En anmälan av motioner har inget förlopp att protokollföra."), field="meeting")
    if version is not None and version != record_version(item):
        raise DomainError(
            _("Förloppet för § %(number)s har ändrats av någon annan sedan du öppnade sidan; det du skrev är inte "
              "sparat.") % {"number": item.number}, field="version")
    votes = check_record(meeting, item.number, record)
    # Reservations first: they point at the proposals.
    for rows in (item.reservations, item.proposals, item.speakers, item.questions, item.votes,
                 item.separatestatements, item.notes, item.conflictofinterests):
        rows.all().delete()
    write_record(item, record, votes)
    item.decision_clauses = _texts(record.decision_clauses)
    item.distribution = _texts(record.distribution)
    item.save(update_fields=["decision_clauses", "distribution"])
    # The record is Swedish, whatever language the secretary uses.
    record_meeting_event(meeting, kind=MeetingEvent.Kind.PARAGRAPH_RECORDED, by=by,
                         description=Sentence(gettext_noop("§ %(number)s: förloppet ändrat"), {"number": item.number}),
                         to_value=_record_summary(record))
    return item
