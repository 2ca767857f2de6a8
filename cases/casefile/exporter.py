"""Exporting a stored case in the case-file layout; importing it gives it back."""

from __future__ import annotations

import datetime
import json
from typing import Any

from decisions.models import MinuteItem
from motions.models import Motion
from organisation.models import Meeting
from referrals.models import Referral


def _date(value: datetime.date | None) -> str | None:
    return value.isoformat() if value else None


def _party(participation) -> str | None:
    return participation.party.abbreviation if participation.party else None


def _person(participation) -> dict:
    return {"name": participation.person.name, "party": _party(participation)}


def _meeting(meeting: Meeting) -> dict:
    return {"body": meeting.body.name, "date": _date(meeting.date), "place": meeting.place}


def _item(item: MinuteItem) -> dict:
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
        "speakers": [_person(s) for s in item.speakers.all()],
        "proposals": [{"person": p.person.name, "party": _party(p), "text": p.text}
                      for p in item.proposals.all()],
        "questions": [q.text for q in item.questions.all()],
        "votes": [
            {"question": v.question, "yes": v.yes, "no": v.no, "abstained": v.abstained, "result": v.result}
            for v in item.votes.all()
        ],
        "reservations": [{"person": r.person.name, "party": _party(r), "text": r.text}
                         for r in item.reservations.all()],
        "notes": [n.text for n in item.notes.all()],
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
            "document": response.document.name,
        }
    return data


def export_case(motion: Motion) -> dict:
    """The case in the case-file layout; import_cases() of it gives it back."""
    withdrawn = motion.events.filter(kind="withdrawn").first()
    return {
        "case_number": motion.case_number,
        "title": motion.title,
        "municipality": motion.municipality.name,
        "status": motion.status,
        "received_on": _date(motion.received_on),
        "filed": _meeting(motion.filed_meeting) if motion.filed_meeting else None,
        "movers": [_person(mover) for mover in motion.movers.select_related("person", "party")],
        "summary": motion.summary,
        "text": motion.text,
        "clauses": [clause.text for clause in motion.clauses.all()],
        "referrals": [
            _referral(r)
            for r in motion.referrals.select_related("body", "response").order_by("sent_on", "id")
        ],
        "drafts": [
            {"drafted_on": _date(d.drafted_on), "proposal": d.proposal, "summary": d.summary}
            for d in motion.drafts.all()
        ],
        "minute_items": [
            _item(item)
            for item in motion.minute_items.select_related("meeting__body").prefetch_related(
                "clause_decisions__clause", "speakers__person", "proposals__person",
                "questions", "votes", "reservations__person", "notes",
            ).order_by("meeting__date", "number")
        ],
        "withdrawn": (
            {"on": _date(withdrawn.occurred_on), "reason": withdrawn.reason} if withdrawn else None
        ),
        "illustrative": list(motion.illustrative),
    }


def dumps(data: Any) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"
