"""Importing case files: the story replayed through the same services the web
uses, step by step in date order, so a file is held to every rule a
secretary is held to."""

from __future__ import annotations

import datetime
import itertools
import json
from dataclasses import dataclass, field
from typing import Any, Callable, Iterable

from django.core.files.storage import default_storage
from django.db import transaction
from django.utils.translation import gettext as _

from cases.casefile import meetings, record
from cases.casefile.documents import RemovedCaseFiles, import_documents
from cases.casefile.validation import CaseFileError, Node, path_of
from cases.models import RemovedCase
from cases.services import remove_case
from decisions.models import Decision, Outcome
from decisions.services import case_steps
from decisions.services.filing import UNKNOWN, record_filing
from lib.errors import DomainError
from lib.jsonfile import max_length
from motions import rules
from motions import services as motions
from motions.case_numbers import check_case_number
from motions.models import Motion, Status
from organisation.models import Body, Meeting, Municipality, Party, Person
from organisation.services import meeting_on
from referrals import services as referrals
from referrals.models import Referral, ReferralResponse

CASE_KEYS_REQUIRED = {"case_number", "title", "municipality", "received_on", "movers"}


CASE_KEYS_OPTIONAL = {
    "status", "filed", "summary", "text", "clauses", "referrals", "drafts", "minute_items",
    "withdrawn", "illustrative", "documents",
}

# The reason recorded (RemovedCase.reason) when --replace removes the stored case.
REPLACED_REASON = "Ersatt genom import av ärendefil"


class _Resolver:
    """Looks up reference data by name, pointing at the file when it is missing."""

    def __init__(self, municipality: Municipality, *, by, signings: meetings.Signings):
        self.municipality = municipality
        self.by = by
        self.signings = signings
        self.bodies = {b.name: b for b in municipality.bodies.all()}
        self.people = {p.name: p for p in municipality.people.select_related("party")}
        self.parties = {p.abbreviation: p for p in Party.objects.all()}

    def body(self, node: Node, key: str = "body") -> Body:
        name = node.str(key)
        try:
            return self.bodies[name]
        except KeyError:
            raise node.error(
                _("okänt organ %(name)s i %(municipality)s")
                % {"name": json.dumps(name, ensure_ascii=False), "municipality": self.municipality},
                key,
            ) from None

    def person(self, node: Node, parties: dict[int, Party | None], key: str = "name") -> Person:
        """A person by name: "Name", or {"name": ..., "party": ...} with the
        party they had at this step (null: none), which goes into `parties`."""
        if isinstance(node.value, str):
            name, at = node.value, node
        elif isinstance(node.value, dict):
            if key == "name":
                node.object({"name"}, {"party"})
            name, at = node.str(key), node.child(key)
        else:
            raise node.error(_("ska vara en persons namn eller ett objekt med name och party"))
        try:
            person = self.people[name]
        except KeyError:
            raise at.error(
                _("okänd person %(name)s") % {"name": json.dumps(name, ensure_ascii=False)}
            ) from None
        if isinstance(node.value, dict) and "party" in node.value:
            party = self.party(node)
            if parties.get(person.pk, party) != party:
                raise node.error(_("personen står för ett annat parti på ett annat ställe i paragrafen"), "party")
            parties[person.pk] = party
        return person

    def party(self, node: Node) -> Party | None:
        """The party by its abbreviation at node["party"] (null: none)."""
        abbreviation = node.str("party")
        if abbreviation and abbreviation not in self.parties:
            raise node.error(
                _("okänt parti %(party)s") % {"party": json.dumps(abbreviation, ensure_ascii=False)}, "party",
            )
        return self.parties.get(abbreviation)

    def named(self, node: Node, key: str) -> Person | None:
        """The person named at node[key], by name only (None: not given)."""
        name = node.str(key)
        if not name:
            return None
        try:
            return self.people[name]
        except KeyError:
            raise node.error(
                _("okänd person %(name)s") % {"name": json.dumps(name, ensure_ascii=False)}, key
            ) from None

    def people_in(self, node: Node, key: str, parties: dict[int, Party | None]) -> list[Person]:
        return [self.person(item, parties) for item in node.list(key)]

    def meeting(self, node: Node, *, extra: frozenset[str] = frozenset()) -> Meeting:
        """The meeting (recorded if new) with its times, attendance and
        attendance changes; its signing is noted, to be recorded last."""
        node.object(meetings.MEETING_REQUIRED, meetings.MEETING_OPTIONAL | extra)
        body = self.body(node)
        place = node.str("place", max_length=Meeting._meta.get_field("place").max_length)
        # A case file is an explicit import of a record: the meetings it names
        # are recorded with it when the register does not have them yet (the
        # only way a meeting is made other than by planning it). A place is
        # filled in where the meeting has none, unless its minutes are signed.
        meeting = meeting_on(body, node.date("date"), place=place, by=self.by)
        if place.strip() and meeting.place != place.strip():
            raise node.error(
                _("sammanträdet finns redan med platsen %(place)s")
                % {"place": json.dumps(meeting.place, ensure_ascii=False)},
                "place",
            )
        meeting = meetings.record_details(self, node, meeting)
        self.signings.note(node, meeting)
        return meeting


@dataclass
class _Step:
    on: datetime.date  # when the step runs; a step on a referral never before the referral
    rank: float
    node: Node
    run: Callable[[], Any]
    # The services' names for inputs, where the file's keys differ.
    keys: dict[str, str] = field(default_factory=dict)
    # For a step on a list (referrals sent together): the node of each entry.
    nodes: list[Node] = field(default_factory=list)
    # The path of a refusal that names someone but not where (see record.locate).
    locate: Callable[[DomainError], str | None] | None = None


# Steps on the same date run in the order of the process.
_RANK_REFER, _RANK_EXTEND, _RANK_ANSWER, _RANK_DRAFT, _RANK_WITHDRAW, _RANK_ITEM = range(6)


# ... and paragraphs in the order of the path of preparation.
_ITEM_RANK = {kind: rank for rank, kind in enumerate(rules.PATH_KINDS)}


def _run(step: _Step):
    try:
        return step.run()
    except DomainError as error:
        path = step.locate(error) if step.locate else None
        if path is None and error.index is not None and step.nodes:
            # The index picks the entry of the step's list.
            path = path_of(step.nodes[error.index], DomainError(error.message, field=error.field), step.keys)
        raise CaseFileError(path or path_of(step.node, error, step.keys), error.message) from None


def _clauses(node: Node, key: str = "clauses") -> dict[int, bool] | None:
    items = node.list(key)
    if not items:
        return None
    result = {}
    for item in items:
        item.object({"number", "approved"}, set())
        if not isinstance(item.value["approved"], bool):
            raise item.error(_("ska vara true eller false"), "approved")
        result[item.int("number")] = item.value["approved"]
    return result


_ITEM_REQUIRED = {"meeting", "number", "decision"}


_ITEM_OPTIONAL = {"proposal", "clauses", "reason", *record.RECORD_KEYS}


def _item_step(motion_ref: list, resolver: _Resolver, node: Node, by) -> _Step:
    node.object(_ITEM_REQUIRED, _ITEM_OPTIONAL)
    meeting = resolver.meeting(node.child("meeting"))
    decision = node.choice("decision", Decision)
    if decision == Decision.FILE:
        raise node.error(_("motionens anmälan i fullmäktige anges med filed.number, inte som en paragraf här"),
                         "decision")
    if decision == Decision.OTHER:
        raise node.error(_("ett övrigt ärende är inget steg i en motion"), "decision")
    proposal = node.choice("proposal", Outcome)
    reason = node.str("reason")
    clauses = _clauses(node)
    minute_record, sites = record.minute_record(resolver, node)
    if proposal and decision != Decision.PROPOSE:
        raise node.error(_("bara beslutet propose har ett förslag"), "proposal")
    if decision == Decision.PROPOSE and not proposal:
        raise node.error(_("saknas men krävs när beslutet är propose"), "proposal")
    if reason and decision in (Decision.HAND_OVER, Decision.PROPOSE):
        raise node.error(_("ett överlämnande eller förslag har ingen motivering"), "reason")

    def run():
        return case_steps.record_decision(motion_ref[0], meeting=meeting, decision=decision, proposal=proposal,
                                          clauses=clauses, reason=reason, record=minute_record, by=by)

    return _Step(meeting.date, _RANK_ITEM + _ITEM_RANK.get(meeting.body.kind, 0) / 10, node, run,
                 keys={"date": "meeting", "people": "speakers"},
                 locate=lambda error: record.locate(error, sites, meeting, minute_record.number))


_REFERRAL_REQUIRED = {"body", "sent_on", "due_on"}


_REFERRAL_OPTIONAL = {"status", "extended_due_on", "extended_on", "withdrawn_on", "response"}


_RESPONSE_OPTIONAL = {"paragraph", "body_case_number", "text", "summary"}


def _referral_steps(motion_ref: list, resolver: _Resolver, nodes: list[Node], by) -> list[_Step]:
    """The steps of the file's `referrals[]`; each node gets its `referral` when its step has run."""
    steps = []
    # Referrals sent on the same day go out in one step, as a secretary sends them.
    batches: dict[datetime.date, list[tuple[Node, Body]]] = {}
    for node in nodes:
        node.object(_REFERRAL_REQUIRED, _REFERRAL_OPTIONAL)
        batches.setdefault(node.date("sent_on"), []).append((node, resolver.body(node)))
    for sent_on, batch in batches.items():
        def refer(sent_on=sent_on, batch=batch):
            created = referrals.refer_motion(
                motion_ref[0],
                requests=[referrals.ReferralRequest(body=body, due_on=node.date("due_on"))
                          for node, body in batch],
                sent_on=sent_on, by=by,
            )
            for (node, _body), referral in zip(batch, created, strict=True):
                node.referral = referral
        steps.append(_Step(sent_on, _RANK_REFER, batch[0][0], refer,
                           keys={"date": "sent_on", "bodies": "body"},
                           nodes=[node for node, _body in batch]))

    for node in nodes:
        status = node.choice("status", Referral.Status, Referral.Status.SENT)
        sent_on = node.date("sent_on")
        extended = node.date("extended_due_on")
        if extended:
            extended_on = node.date("extended_on") or sent_on
            steps.append(_Step(
                max(extended_on, sent_on), _RANK_EXTEND, node,
                lambda node=node, extended=extended, on=extended_on:
                    referrals.extend_referral_due_date(node.referral, due_on=extended, on=on, by=by),
                keys={"due_on": "extended_due_on", "on": "extended_on"},
            ))
        elif node.value.get("extended_on") is not None:
            raise node.error(_("bara en förlängd remiss har ett förlängningsdatum"), "extended_on")
        response = node.child("response")
        if status in (Referral.Status.ANSWERED, Referral.Status.DECLINED):
            if response.value is None:
                raise node.error(_("en besvarad remiss måste ha ett svar (response)"), "response")
            response.object({"decided_on"}, _RESPONSE_OPTIONAL)
            fields = {
                "decided_on": response.date("decided_on"),
                "paragraph": response.str("paragraph", max_length=max_length(ReferralResponse, "paragraph")),
                "body_case_number": response.str(
                    "body_case_number", max_length=max_length(ReferralResponse, "body_case_number")),
                "text": response.str("text"),
            }
            if status == Referral.Status.ANSWERED:
                summary = response.str("summary")

                def run(node=node, fields=fields, summary=summary):
                    return referrals.record_referral_response(node.referral, summary=summary, by=by, **fields)
            else:
                if response.str("summary"):
                    raise response.error(_("bara en besvarad remiss har detta"), "summary")

                def run(node=node, fields=fields):
                    return referrals.record_referral_declined(node.referral, by=by, **fields)
            steps.append(_Step(max(fields["decided_on"], sent_on), _RANK_ANSWER, response, run))
        elif response.value is not None:
            raise node.error(_("bara en besvarad remiss har ett svar"), "response")
        if status == Referral.Status.WITHDRAWN:
            on = node.date("withdrawn_on")
            if on is None:
                raise node.error(_("saknas men krävs för en återkallad remiss"), "withdrawn_on")
            steps.append(_Step(max(on, sent_on), _RANK_ANSWER, node, lambda node=node, on=on:
                               referrals.withdraw_referral(node.referral, on=on, by=by),
                               keys={"on": "withdrawn_on"}))
        elif node.value.get("withdrawn_on") is not None:
            raise node.error(_("bara en återkallad remiss har ett återkallelsedatum"), "withdrawn_on")
    return steps


def _import_one(case: Node, *, replace: bool, by, signings: meetings.Signings, source, written: list[str]
                ) -> Motion:
    case.object(CASE_KEYS_REQUIRED, CASE_KEYS_OPTIONAL)
    try:
        municipality = Municipality.objects.get(name=case.str("municipality"))
    except Municipality.DoesNotExist:
        raise case.error(_("okänd kommun"), "municipality") from None
    resolver = _Resolver(municipality, by=by, signings=signings)
    case_number = case.str("case_number").strip()
    try:
        check_case_number(municipality, case_number)
    except DomainError as error:
        raise case.error(error.message, "case_number") from None
    title = case.str("title", max_length=max_length(Motion, "title"))
    existing = Motion.objects.filter(case_number=case_number).first()
    if existing and not replace:
        raise case.error(
            _("ärendet %(case)s finns redan; använd --replace för att ersätta det") % {"case": case_number},
            "case_number",
        )
    if existing:
        # Refused for a case in signed minutes; the § numbers it held are free again.
        try:
            remove_case(existing, by=by, reason=REPLACED_REASON)
        except DomainError as error:
            raise case.error(error.message, "case_number") from None

    filed = case.child("filed")
    filed_meeting = resolver.meeting(filed, extra=frozenset({"number"})) if filed.value is not None else None
    # The council's paragraph of the filing, when the file gives its number
    # ("unknown": the minutes had one, the source does not give its number).
    filing_number = None
    if filed_meeting:
        filing_number = UNKNOWN if filed.value.get("number") == UNKNOWN else filed.int("number")
    motion_ref: list[Motion] = []
    mover_parties: dict[int, Party | None] = {}
    movers = resolver.people_in(case, "movers", mover_parties)

    def file():
        motion_ref.append(motions.file_motion(
            municipality, case_number=case_number, title=title,
            movers=movers, received_on=case.date("received_on"),
            filed_meeting=filed_meeting, summary=case.str("summary"), text=case.str("text"),
            clauses=case.strings("clauses"), illustrative=case.strings("illustrative"),
            parties=mover_parties, by=by,
        ))
    _run(_Step(case.date("received_on"), -1, case, file, keys={"filed_meeting": "filed"}))
    if filing_number is not None:
        _run(_Step(filed_meeting.date, -1, filed, lambda: record_filing(motion_ref[0], number=filing_number, by=by)))

    referral_nodes = case.list("referrals")
    steps = _referral_steps(motion_ref, resolver, referral_nodes, by)
    for node in case.list("drafts"):
        node.object({"drafted_on", "proposal"}, {"summary"})
        proposal = node.choice("proposal", Outcome)
        steps.append(_Step(node.date("drafted_on"), _RANK_DRAFT, node, lambda node=node, proposal=proposal:
                           case_steps.prepare_draft_decision(
                               motion_ref[0], drafted_on=node.date("drafted_on"), proposal=proposal,
                               summary=node.str("summary"), by=by),
                           keys={"date": "drafted_on"}))
    for node in case.list("minute_items"):
        steps.append(_item_step(motion_ref, resolver, node, by))
    withdrawn = case.child("withdrawn")
    if withdrawn.value is not None:
        withdrawn.object({"on"}, {"reason"})
        steps.append(_Step(
            withdrawn.date("on"), _RANK_WITHDRAW, withdrawn,
            lambda: referrals.withdraw_motion_and_referrals(
                motion_ref[0], on=withdrawn.date("on"), reason=withdrawn.str("reason"), by=by),
            keys={"date": "on"}))

    for step in sorted(steps, key=lambda s: (s.on, s.rank)):
        _run(step)
    # The documents last: they do not move the case, and an answer's needs its answer.
    import_documents(motion_ref[0], case, referral_nodes, source=source, written=written, by=by)

    motion = Motion.objects.get(pk=motion_ref[0].pk)
    expected = case.choice("status", Status)
    if expected and expected != motion.status:
        raise case.error(
            _("filen anger %(expected)s men stegen i filen leder till %(actual)s")
            % {"expected": expected, "actual": motion.status},
            "status",
        )
    return motion


def import_cases(data: Any, *, replace: bool = False, files=None, by=None) -> list[Motion]:
    """Import one case (an object) or several (an array), all or nothing
    (import_stream of the file's value)."""
    cases = [(f"[{i}]", item) for i, item in enumerate(data)] if isinstance(data, list) else [("", data)]
    imported = []
    import_stream(cases, replace=replace, files=files, by=by, each=imported.append)
    return imported


def import_stream(cases: Iterable[tuple[str, Any]], *, replace: bool = False, files=None, by=None,
                  each: Callable[[Motion], object] = id) -> int:
    """Import the cases, each a (path, value) as validation.read_cases reads
    them, one at a time and all or nothing: the database holds them all when
    this returns, or none of them. `files` opens the documents' files by the
    names the file gives them (documents.CaseFileFolder). Calls `each` with
    every case imported; returns how many.

    Raises CaseFileError naming the path of the first bad value; the
    database and the document storage are then as they were.
    """
    written: list[str] = []  # files stored for the file's documents, to go again if the import fails
    # The first case read before the database is asked anything: a file that is no case file
    # at all is refused without it.
    cases = iter(cases)
    first = next(cases, None)
    if first is None:
        return 0
    try:
        with transaction.atomic():
            return _import_all(itertools.chain([first], cases), replace=replace, files=files, by=by, each=each,
                               written=written)
    except BaseException:
        for name in written:
            default_storage.delete(name)
        raise


def _import_all(cases, *, replace, files, by, each, written) -> int:
    seen: set[str] = set()
    signings = meetings.Signings(by=by)
    count = 0
    for path, value in cases:
        node = Node(value, path)
        number = value.get("case_number") if isinstance(value, dict) else None
        if isinstance(number, str):
            if number.strip() in seen:
                raise CaseFileError(node.at("case_number"), _("diarienumret förekommer två gånger i filen"))
            seen.add(number.strip())
        each(_import_one(node, replace=replace, by=by, signings=signings, source=files, written=written))
        count += 1
    # Minutes signed elsewhere, once every paragraph of the file is recorded at them.
    signings.record()
    return count


def restore_case(removed: RemovedCase, *, by=None) -> Motion:
    """The removed case back in the register, as it was removed: its case
    file imported with the files it held, which stayed in the storage."""
    (motion,) = import_cases(removed.case_file, files=RemovedCaseFiles(removed.files), by=by)
    return motion
