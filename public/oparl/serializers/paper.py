"""oparl:Paper: a member's motion (motion), with its movers, documents and consultations."""

from documents.models import CaseDocument
from motions import rules
from motions.models import CLOSED, Motion
from public.oparl.common import Context, extended, iso_date, iso_datetime, oparl_object
from public.oparl.selectors.papers import PaperFacts
from public.oparl.serializers import consultation
from public.oparl.serializers.file import case_document

PAPER_TYPE = "Motion"


def consultations(motion: Motion, facts: PaperFacts, ctx: Context, *, standalone: bool = False) -> list[dict]:
    """The paper's consultations: its referrals in the order sent, then its public paragraphs in
    the order held."""
    found = [consultation.referral(referral, motion, ctx, modified=facts.modified, standalone=standalone)
             for referral in motion.referral_list]
    found += [consultation.paragraph(item, agenda, motion, ctx, modified=facts.modified, standalone=standalone,
                                     meeting_created=facts.meetings_created.get(item.meeting_id))
              for item, agenda in facts.paragraphs]
    return found


def paper(motion: Motion, facts: PaperFacts, ctx: Context, *, label) -> dict:
    """`motion`: read by selectors.papers.papers(); `facts`: its selectors.papers.paper_facts;
    `label`: the status in its organisation's words (rules.PreparationPath.label)."""
    links = ctx.links
    documents = motion.public_documents
    for document in documents:
        document.motion = motion  # one case: its links need no query each
    main = next((document for document in documents if document.kind == CaseDocument.Kind.MOTION
                 and not document.replaced_by_id), None)
    obj = oparl_object(
        "Paper", links.paper(motion.pk),
        body=links.body(motion.municipality_id),
        name=motion.title,
        reference=motion.case_number,
        date=iso_date(motion.filed_on),
        paperType=PAPER_TYPE,
        mainFile=case_document(main, ctx) if main else None,
        auxiliaryFile=[case_document(document, ctx) for document in documents if document is not main],
        originatorPerson=[links.person(mover.person_id) for mover in motion.mover_list],
        consultation=consultations(motion, facts, ctx),
        created=iso_datetime(motion.created_at),
        modified=iso_datetime(facts.modified),
        web=links.case_page(motion.case_number),
    )
    closed = facts.status in CLOSED and facts.decided_on is not None
    return extended(
        obj,
        status=facts.status,
        statusLabel=label(facts.status),
        statusSince=iso_date(facts.status_since),
        receivedOn=iso_date(motion.received_on),
        filedOn=iso_date(motion.filed_on),
        filedAt=links.meeting(motion.filed_meeting_id) if motion.filed_meeting_id else None,
        oneYearMark=iso_date(rules.one_year_mark(motion.filed_on)),
        decidedOn=iso_date(facts.decided_on) if closed else None,
        decidedWithinOneYear=not rules.is_past_one_year_mark(motion.filed_on, facts.decided_on) if closed else None,
        movers=[{"person": links.person(mover.person_id), "name": mover.person.name,
                 "party": mover.party.abbreviation if mover.party_id else None} for mover in motion.mover_list],
        clauses=[{"number": clause.number, "text": clause.text} for clause in motion.clause_list],
        summary=motion.summary or None,
        text=motion.text or None,
        agendaItems=[links.agenda_item(item.pk) for item in facts.agenda_items],
    )
