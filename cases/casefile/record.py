"""What a case file says of a paragraph besides its decision: the speakers,
proposals with their seconders, the propositions, votes with their ballots,
reservations, separate statements, notes, conflicts of interest, the
secretary's decision clauses and the distribution list
(decisions.services.paragraphs.MinuteRecord)."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext as _

from cases.casefile.validation import Node
from decisions.models import Ballot, MinuteItem, Proposal, Reservation, SeparateStatement, Vote
from decisions.selectors.meetings import present_at
from decisions.services import paragraphs
from lib.errors import DomainError
from lib.jsonfile import max_length
from organisation.models import Attendance, Meeting, Party, Person

RECORD_KEYS = {
    "heading", "summary", "speakers", "proposals", "questions", "votes", "reservations", "statements", "notes",
    "conflicts", "decision_clauses", "distribution", "basis",
}


# Counts and ranks are stored as small integers.
_SMALL = 32_767


@dataclass(frozen=True)
class Site:
    """Where the file names someone taking part in the paragraph."""

    person: Person
    path: str
    acts: bool = False  # proposes, seconds, votes or reserves: only a serving member does
    declares: bool = False  # declares a conflict of interest


def minute_record(resolver, node: Node) -> tuple[paragraphs.MinuteRecord, list[Site]]:
    """The record at the minute item `node`, and where each person in it is named."""
    parties: dict[int, Party | None] = {}
    sites: list[Site] = []

    def person(item: Node, key: str | None = None, **role) -> Person:
        """The person at item[key] (or the person node `item` itself), with their party here."""
        found = resolver.person(item, parties, key) if key else resolver.person(item, parties)
        sites.append(Site(found, item.at(key) if key else item.path, **role))
        return found

    speakers = [person(item) for item in node.list("speakers")]
    proposals = []
    for item in node.list("proposals"):
        item.object({"person", "text"}, {"party", "kind", "rank", "seconders"})
        proposals.append(paragraphs.ProposalRecord(
            person(item, "person", acts=True), item.str("text"),
            kind=item.choice("kind", Proposal.Kind, Proposal.Kind.MAIN),
            rank=item.int("rank", maximum=_SMALL),
            seconders=tuple(person(seconder, acts=True) for seconder in item.list("seconders")),
        ))
    questions = []
    for item in node.list("questions"):
        if isinstance(item.value, dict):
            item.object({"text"}, {"finding"})
            questions.append(paragraphs.QuestionRecord(item.str("text"), item.str("finding")))
        else:
            questions.append(paragraphs.QuestionRecord(_text(item)))
    votes = [_vote(item, person, resolver) for item in node.list("votes")]
    reservations = []
    for item in node.list("reservations"):
        item.object({"person"}, {"text", "party", "group", "in_favour_of", "written", "document"})
        reservations.append(paragraphs.ReservationRecord(
            person(item, "person", acts=True), item.str("text"), group=item.int("group", maximum=_SMALL) or 1,
            in_favour_of=item.int("in_favour_of", maximum=_SMALL), written=item.bool("written"),
            document=item.str("document", max_length=max_length(Reservation, "document")),
        ))
    statements = []
    for item in node.list("statements"):
        item.object({"person"}, {"party", "text", "document"})
        statements.append(paragraphs.StatementRecord(
            person(item, "person"), item.str("text"),
            document=item.str("document", max_length=max_length(SeparateStatement, "document")),
        ))
    notes = []
    for item in node.list("notes"):
        if isinstance(item.value, dict):
            item.object({"text", "person"}, {"party"})
            notes.append(paragraphs.NoteRecord(item.str("text"), person(item, "person")))
        else:
            notes.append(paragraphs.NoteRecord(_text(item)))
    conflicts = []
    for item in node.list("conflicts"):
        item.object({"person"}, {"party", "text"})
        conflicts.append(paragraphs.ConflictRecord(person(item, "person", declares=True), item.str("text")))
    record = paragraphs.MinuteRecord(
        number=node.int("number"),
        heading=node.str("heading", max_length=max_length(MinuteItem, "heading")),
        # Absent: the item takes the draft decision's summary, as the services do.
        summary=node.str("summary") if node.value.get("summary") is not None else None,
        speakers=speakers, proposals=proposals, questions=questions, votes=votes, reservations=reservations,
        statements=statements, notes=notes, conflicts=conflicts,
        decision_clauses=node.strings("decision_clauses"), distribution=node.strings("distribution"),
        basis=node.strings("basis"),
        parties=parties,
    )
    return record, sites


def _text(item: Node) -> str:
    """A list entry that is a text (a proposition, a note)."""
    if not isinstance(item.value, str) or not item.value.strip():
        raise item.error(_("ska vara en text eller ett objekt med text"))
    if "\x00" in item.value:
        raise item.error(_("innehåller ett nolltecken (\\u0000)"))
    return item.value


def _vote(item: Node, person, resolver) -> paragraphs.VoteRecord:
    item.object({"question", "result"}, {"kind", "yes_for", "no_for", "yes", "no", "abstained", "ballots",
                                         "casting_vote", "won"})
    ballots = []
    for ballot in item.list("ballots"):
        ballot.object({"person", "vote"}, {"party", "replaces"})
        ballots.append(paragraphs.BallotRecord(
            person(ballot, "person", acts=True), ballot.choice("vote", Ballot.Choice),
            # Whom a substitute votes for: by name only, as they take no part.
            replaces=resolver.named(ballot, "replaces"),
        ))
    counts = {key: item.int(key, minimum=0, maximum=_SMALL) for key in ("yes", "no", "abstained")}
    if not ballots:
        for key in ("yes", "no"):
            if counts[key] is None:
                raise item.error(_("saknas men krävs när röstlistan (ballots) inte anges"), key)
    return paragraphs.VoteRecord(
        question=item.str("question"), result=item.str("result"),
        kind=item.choice("kind", Vote.Kind, Vote.Kind.ROLL_CALL),
        yes_for=item.str("yes_for", max_length=max_length(Vote, "yes_for")),
        no_for=item.str("no_for", max_length=max_length(Vote, "no_for")),
        ballots=tuple(ballots), casting_vote=item.choice("casting_vote", Vote.Side), won=item.choice("won", Vote.Side),
        **counts,
    )


def locate(error: DomainError, sites: list[Site], meeting: Meeting, number: int) -> str | None:
    """Where the file names the person a refused record is about, when the
    refusal says who but not where (decisions.services.paragraphs: those
    acting serve, the others are present, and no one with a conflict of
    interest takes part). The meeting's attendance is asked first, then the
    paragraph's, as the service asks them."""
    if error.field == "conflicts":
        disqualified = {site.person.pk for site in sites if site.declares}
        return next((site.path for site in sites if site.acts and site.person.pk in disqualified), None)
    if error.field != "people":
        return None
    attendance = list(meeting.attendance.all())
    if not attendance:
        return None
    levels = [
        ({a.person_id for a in attendance}, {a.person_id for a in attendance if a.role in Attendance.SERVING}),
        present_at(meeting, number),
    ]
    for present, serving in levels:
        absent = [site for site in sites if not site.acts and site.person.pk not in present]
        idle = [site for site in sites if site.acts and site.person.pk not in serving]
        if absent or idle:
            return (absent or idle)[0].path
    return None
