"""Exporting a stored case in the case-file layout; importing it gives it back."""

from __future__ import annotations

import datetime
import json
from pathlib import Path
from typing import Any

from django.db.models import Prefetch

from cases.casefile.documents import export_documents, write_files
from decisions.models import Decision, MinuteItem
from decisions.services.filing import UNKNOWN
from documents.models import CaseDocument
from motions.models import Motion, MotionEvent, Mover
from organisation.models import Attendance, AttendanceChange, Meeting
from referrals.models import Referral

# How many cases write_cases reads at a time.
BATCH = 200


def _date(value: datetime.date | None) -> str | None:
    return value.isoformat() if value else None


def _party(participation) -> str | None:
    return participation.party.abbreviation if participation.party else None


def _person(participation) -> dict:
    return {"name": participation.person.name, "party": _party(participation)}


def _time(value: datetime.time | None) -> str | None:
    return f"{value:%H:%M}" if value else None


def _name(person) -> str | None:
    return person.name if person else None


def _meeting(meeting: Meeting) -> dict:
    return {
        "body": meeting.body.name, "date": _date(meeting.date), "place": meeting.place,
        "starts_at": _time(meeting.starts_at), "ends_at": _time(meeting.ends_at),
        "attendance": [
            {"name": a.person.name, "role": a.role, "replaces": _name(a.replaces), "duty": a.duty, "title": a.title,
             "signs": a.signs, "party": _party(a)}
            for a in meeting.attendance.all()
        ],
        "attendance_changes": [
            {"person": c.person.name, "kind": c.kind, "from_paragraph": c.from_number, "at": _time(c.at),
             "replaced_by": _name(c.replaced_by)}
            for c in meeting.attendance_changes.all()
        ],
        "signed": _signed(meeting),
    }


def _signed(meeting: Meeting) -> dict | None:
    if not meeting.is_signed:
        return None
    return {
        "signed_on": _date(meeting.signed_on), "posted_on": _date(meeting.posted_on),
        "appeal_until": _date(meeting.appeal_until), "notice_removed_on": _date(meeting.notice_removed_on),
        "kept_at": meeting.kept_at,
        # Minutes signed in this register: the organisation whose register holds them.
        "source": meeting.imported_from or meeting.body.municipality.name,
    }


def _participant(participation, **rest) -> dict:
    return {"person": participation.person.name, "party": _party(participation), **rest}


def _item(item: MinuteItem) -> dict:
    proposals = list(item.proposals.all())
    place = {proposal.pk: position for position, proposal in enumerate(proposals, start=1)}
    return {
        "meeting": _meeting(item.meeting),
        "number": item.number,
        "decision": item.decision,
        "proposal": item.proposal,
        "clauses": [
            {"number": cd.clause.number, "approved": cd.approved} for cd in item.clause_decisions.all()
        ],
        "reason": item.reason,
        "heading": item.heading,
        "summary": item.summary,
        "conflicts": [_participant(c, text=c.text) for c in item.conflictofinterests.all()],
        "speakers": [_person(s) for s in item.speakers.all()],
        "proposals": [
            _participant(p, text=p.text, kind=p.kind, rank=p.rank, seconders=[_person(s) for s in p.seconders.all()])
            for p in proposals
        ],
        # A proposition without the chair's finding as a text, as the file may give it.
        "questions": [{"text": q.text, "finding": q.finding} if q.finding else q.text for q in item.questions.all()],
        "votes": [_vote(v) for v in item.votes.all()],
        "decision_clauses": list(item.decision_clauses),
        "reservations": [
            _participant(r, text=r.text, group=r.group, written=r.written, document=r.document.name,
                         in_favour_of=place.get(r.in_favour_of_id))
            for r in item.reservations.all()
        ],
        "statements": [_participant(s, text=s.text, document=s.document.name) for s in item.separatestatements.all()],
        # A note by no one in particular as a text, as the file may give it.
        "notes": [{"text": n.text, "person": n.person.name, "party": _party(n)} if n.person else n.text
                  for n in item.notes.all()],
        "distribution": list(item.distribution),
        "basis": list(item.basis),
    }


def _vote(vote) -> dict:
    return {
        "question": vote.question, "kind": vote.kind, "yes_for": vote.yes_for, "no_for": vote.no_for,
        "yes": vote.yes, "no": vote.no, "abstained": vote.abstained,
        "ballots": [
            {"person": b.person.name, "party": _party(b), "vote": b.choice, "replaces": _name(b.replaces)}
            for b in vote.ballots.all()
        ],
        "casting_vote": vote.casting_vote, "won": vote.won, "result": vote.result,
    }


def _referral(referral: Referral) -> dict:
    data = {
        "body": referral.body.name,
        "sent_on": _date(referral.sent_on),
        "due_on": _date(referral.due_on),
        "extended_due_on": _date(referral.extended_due_on),
        "extended_on": _date(referral.extended_on),
        "status": referral.status,
        "withdrawn_on": _date(referral.withdrawn_on),
        "response": None,
    }
    response = getattr(referral, "response", None)
    if response is not None:
        data["response"] = {
            "decided_on": _date(response.decided_on),
            "paragraph": response.paragraph,
            "body_case_number": response.body_case_number,
            "text": response.text,
            "summary": response.summary,
        }
    return data


def _filed(motion: Motion) -> dict | None:
    if motion.filed_meeting is None:
        return None
    filing = next(iter(motion.filing_items.all()), None)
    number = None if filing is None else UNKNOWN if filing.number is None else filing.number
    return {**_meeting(motion.filed_meeting), "number": number}


def _meeting_rows(prefix: str) -> list:
    return [
        Prefetch(f"{prefix}attendance", queryset=Attendance.objects.select_related("person", "replaces", "party")),
        Prefetch(f"{prefix}attendance_changes",
                 queryset=AttendanceChange.objects.select_related("person", "replaced_by")),
    ]


# What export_case reads of a case, fetched for many cases at once (write_cases: a
# fixed number of queries for each batch of cases, not for each case).
EXPORTED = [
    "municipality", "filed_meeting__body__municipality", *_meeting_rows("filed_meeting__"),
    Prefetch("filing_items", queryset=MinuteItem.objects.order_by("meeting__date", "number")),
    Prefetch("movers", queryset=Mover.objects.select_related("person", "party")),
    "clauses",
    Prefetch("referrals", queryset=Referral.objects.select_related("body", "response").order_by("sent_on", "id")),
    "referrals__response__documents",
    "drafts",
    Prefetch("events", queryset=MotionEvent.objects.filter(kind=MotionEvent.Kind.WITHDRAWN),
             to_attr="withdrawn_events"),
    Prefetch("minute_items", queryset=MinuteItem.objects.select_related("meeting__body__municipality")
             .order_by("meeting__date", "number")),
    *_meeting_rows("minute_items__meeting__"),
    *(f"minute_items__{parts}" for parts in (
        "clause_decisions__clause", "speakers__person", "speakers__party", "proposals__person",
        "proposals__party", "proposals__seconders__person", "proposals__seconders__party", "questions",
        "votes__ballots__person", "votes__ballots__party", "votes__ballots__replaces",
        "reservations__person", "reservations__party", "separatestatements__person",
        "separatestatements__party", "notes__person", "notes__party", "conflictofinterests__person",
        "conflictofinterests__party")),
    Prefetch("documents", queryset=CaseDocument.objects.order_by("number")),
]


def export_case(motion: Motion, *, inline: bool = False) -> dict:
    """The case in the case-file layout; import_cases() of it gives it back
    (with its documents' files beside it, documents.write_files, or `inline`).
    Read afresh from the database, whatever the motion given holds."""
    return _export(Motion.objects.prefetch_related(*EXPORTED).get(pk=motion.pk), inline=inline)


def _export(motion: Motion, *, inline: bool) -> dict:
    """export_case of a motion read with EXPORTED."""
    withdrawn = next(iter(motion.withdrawn_events), None)
    return {
        "case_number": motion.case_number,
        "title": motion.title,
        "municipality": motion.municipality.name,
        "status": motion.status,
        "received_on": _date(motion.received_on),
        "filed": _filed(motion),
        "movers": [_person(mover) for mover in motion.movers.all()],
        "summary": motion.summary,
        "text": motion.text,
        "clauses": [clause.text for clause in motion.clauses.all()],
        "referrals": [_referral(r) for r in motion.referrals.all()],
        "drafts": [
            {"drafted_on": _date(d.drafted_on), "proposal": d.proposal, "summary": d.summary}
            for d in motion.drafts.all()
        ],
        # The filing's paragraph is filed.number.
        "minute_items": [_item(item) for item in motion.minute_items.all() if item.decision != Decision.FILE],
        "withdrawn": (
            {"on": _date(withdrawn.occurred_on), "reason": withdrawn.reason} if withdrawn else None
        ),
        "illustrative": list(motion.illustrative),
        "documents": export_documents(motion, inline=inline),
    }


def dumps(data: Any) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def write_cases(motions, out, *, folder: Path | None = None) -> int:
    """Write the cases as one case file's list to the text stream `out`, one
    case at a time: the same text as dumps([export_case(m) for m in motions]),
    in memory for one case only, with the documents' files copied into
    `folder` (the case file's own) or, without one, inline. Returns how many
    were written."""
    written = 0
    for motion in motions.prefetch_related(*EXPORTED).iterator(chunk_size=BATCH):
        text = json.dumps(_export(motion, inline=folder is None), ensure_ascii=False, indent=2)
        if folder is not None:
            write_files(motion, folder)
        out.write(("[\n" if not written else ",\n") + "\n".join("  " + line for line in text.splitlines()))
        written += 1
    out.write("\n]\n" if written else "[]\n")
    return written
