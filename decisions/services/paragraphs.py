"""Writing a case's paragraph (§) at a meeting: its number, its decision per
operative clause and what the minutes say of it (speakers, proposals,
questions, votes, reservations, notes)."""

from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from decisions.models import (
    ClauseDecision,
    MinuteItem,
    Outcome,
    Proposal,
    ProtocolNote,
    Question,
    Reservation,
    Speaker,
    Vote,
)
from decisions.services.meetings import append_to_agenda, record_paragraph, reserve_number
from lib.errors import DomainError
from motions.models import Motion
from organisation.models import Attendance, Meeting, Party, Person
from organisation.services import lock_meeting


@dataclass(frozen=True)
class VoteRecord:
    question: str
    yes: int
    no: int
    abstained: int = 0
    result: str = ""


@dataclass
class MinuteRecord:
    """What the minutes say of an item besides its decision."""

    number: int | None = None  # None: the body's next number this year
    heading: str = ""  # blank: generated from the motion
    summary: str | None = None  # None: the latest draft decision's summary
    speakers: list[Person] = field(default_factory=list)
    proposals: list[tuple[Person, str]] = field(default_factory=list)
    questions: list[str] = field(default_factory=list)
    votes: list[VoteRecord] = field(default_factory=list)
    reservations: list[tuple[Person, str]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    # The party someone spoke for at the meeting, when not their party now.
    parties: dict[int, Party | None] = field(default_factory=dict)

    def people(self) -> list[Person]:
        return [*self.speakers, *(p for p, _ in self.proposals), *(p for p, _ in self.reservations)]

    def party(self, person: Person) -> Party | None:
        return self.parties.get(person.pk, person.party)


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
    motion: Motion, meeting: Meeting, record: MinuteRecord, *, decision: str,
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
    if record.summary is None:
        draft = motion.drafts.order_by("-drafted_on", "-id").first()
        summary = draft.summary if draft else ""
    else:
        summary = record.summary.strip()
    item = MinuteItem.objects.create(
        meeting=meeting, body=meeting.body, year=meeting.date.year, number=number, motion=motion,
        heading=record.heading.strip(), decision=decision, proposal=proposal,
        reason=reason.strip(), summary=summary,
    )
    clause_ids = dict(motion.clauses.values_list("number", "id"))
    ClauseDecision.objects.bulk_create(
        ClauseDecision(item=item, clause_id=clause_ids[number], approved=approved)
        for number, approved in sorted((clauses or {}).items())
    )
    Speaker.objects.bulk_create(
        Speaker(item=item, position=i, person=person, party=record.party(person))
        for i, person in enumerate(record.speakers, start=1)
    )
    Proposal.objects.bulk_create(
        Proposal(item=item, position=i, person=person, party=record.party(person), text=text.strip())
        for i, (person, text) in enumerate(record.proposals, start=1)
    )
    Question.objects.bulk_create(
        Question(item=item, position=i, text=text.strip())
        for i, text in enumerate(record.questions, start=1)
    )
    Vote.objects.bulk_create(
        Vote(item=item, position=i, question=v.question, yes=v.yes, no=v.no,
             abstained=v.abstained, result=v.result)
        for i, v in enumerate(record.votes, start=1)
    )
    Reservation.objects.bulk_create(
        Reservation(item=item, position=i, person=person, party=record.party(person), text=text.strip())
        for i, (person, text) in enumerate(record.reservations, start=1)
    )
    ProtocolNote.objects.bulk_create(
        ProtocolNote(item=item, position=i, text=text.strip())
        for i, text in enumerate(record.notes, start=1)
    )
    record_paragraph(item, by=by)
    return item


def check_present(meeting: Meeting, record: MinuteRecord) -> None:
    """Once the attendance is taken, only those at the meeting speak, and
    only those serving make proposals or reserve themselves against a decision."""
    attendance = list(meeting.attendance.all())
    if not attendance:
        return  # minutes recorded from older meetings, without an attendance list
    present = {a.person_id for a in attendance}
    serving = {a.person_id for a in attendance if a.role in Attendance.SERVING}
    absent = [p.name for p in record.speakers if p.pk not in present]
    not_serving = [p.name for p, _ in [*record.proposals, *record.reservations] if p.pk not in serving]
    if absent:
        raise DomainError(_("%(names)s finns inte i sammanträdets närvarolista.") % {"names": ", ".join(absent)},
                          field="people")
    if not_serving:
        raise DomainError(
            _("Bara tjänstgörande ledamöter yrkar och reserverar sig; %(names)s tjänstgör inte vid sammanträdet.")
            % {"names": ", ".join(dict.fromkeys(not_serving))}, field="people")
