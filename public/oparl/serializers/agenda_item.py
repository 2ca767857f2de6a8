"""oparl:AgendaItem: an item on a meeting's agenda (föredragningslista), with its paragraph (§) once
the public may read it: the decision, the votes with each member's vote, the decision per operative
clause, the extract as signed, and where the decision stands (appeals, legal force)."""

import datetime

from decisions.models import PREPARATORY, AgendaItem, Decision, MinuteItem, Outcome
from decisions.selectors.meetings import legal_force_on
from public.oparl.common import Context, extended, iso_date, iso_datetime, label, oparl_object
from public.oparl.serializers.file import minutes_document


def decision_text(item: MinuteItem) -> str:
    """The decision in words: "Avslag", "Förslag till beslut: Bifall"."""
    text = label(Decision, item.decision)
    if item.decision == Decision.PROPOSE:
        text = f"{text}: {label(Outcome, item.proposal)}"
    return text


def ballot(ballot, ctx: Context) -> dict:
    links = ctx.links
    return {
        "person": links.person(ballot.person_id),
        "name": ballot.person.name,
        "party": ballot.party.abbreviation if ballot.party_id else None,
        "choice": ballot.choice,
        "replaces": links.person(ballot.replaces_id) if ballot.replaces_id else None,
        "replacesName": ballot.replaces.name if ballot.replaces_id else None,
    }


def vote(vote, ctx: Context) -> dict:
    return {
        "position": vote.position,
        "kind": vote.kind,
        "question": vote.question,
        "yesFor": vote.yes_for or None,
        "noFor": vote.no_for or None,
        "yes": vote.yes,
        "no": vote.no,
        "abstained": vote.abstained,
        "castingVote": vote.casting_vote or None,
        "won": vote.won or None,
        "result": vote.result,
        "ballots": [ballot(cast, ctx) for cast in vote.ballot_list],
    }


def paragraph_fields(item: MinuteItem, ctx: Context) -> dict:
    """What the paragraph adds to the objects that show it (the agenda item, the consultation),
    by extension field: its number, the decision, legal force and appeals."""
    return {
        "paragraph": item.number,
        "decision": item.decision,
        "decisionLabel": decision_text(item),
        "proposal": item.proposal or None,
        "reason": item.reason or None,
        "decidedOn": iso_date(item.meeting.date),
        "appealable": item.decision not in PREPARATORY,
        "legalForceOn": iso_date(legal_force_on(item, ctx.today, appeals=item.appeal_list)),
        "appeals": [{"lodgedOn": iso_date(appeal.lodged_on), "courtCase": appeal.court_case or None}
                    for appeal in item.appeal_list],
    }


def agenda_item(item: AgendaItem, paragraph: MinuteItem | None, ctx: Context, *, created: datetime.datetime,
                modified: datetime.datetime, standalone: bool = False) -> dict:
    """`paragraph`: the item's paragraph if the public may read it. `created`, `modified`: the item's
    (its meeting's: selectors.meetings). As the meeting embeds it; `standalone`: with its meeting."""
    links = ctx.links
    extracts = getattr(paragraph, "public_extracts", []) if paragraph is not None else []
    on_case = paragraph is not None and item.motion_id is not None and (
        paragraph.motion_id == item.motion_id or paragraph.decision == Decision.FILE)
    obj = oparl_object(
        "AgendaItem", links.agenda_item(item.pk),
        meeting=links.meeting(item.meeting_id) if standalone else None,
        number=str(item.number) if item.number is not None else None,
        order=item.position,
        name=item.label,
        public=True,
        consultation=links.paragraph_consultation(paragraph.pk, item.motion_id) if on_case else None,
        result=decision_text(paragraph) if paragraph is not None else None,
        resolutionText=(paragraph.decision_text or "\n".join(str(clause) for clause in paragraph.decision_clauses))
        if paragraph is not None else None,
        resolutionFile=minutes_document(extracts[0], ctx) if extracts else None,
        created=iso_datetime(created),
        modified=iso_datetime(modified),
        web=links.meeting_page(item.meeting_id),
    )
    extended(obj, paper=links.paper(item.motion_id) if item.motion_id else None)
    if paragraph is not None:
        extended(
            obj,
            **paragraph_fields(paragraph, ctx),
            clauseDecisions=[{"number": decision.clause.number, "approved": decision.approved}
                             for decision in paragraph.clause_decision_list],
            votes=[vote(cast, ctx) for cast in paragraph.vote_list],
        )
    return obj
