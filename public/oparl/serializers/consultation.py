"""oparl:Consultation: a paper's handling by a body. Two kinds here: a referral (remiss) of the
motion to a body, with its due date and the body's answer; and a paragraph (§) of a meeting that
handled the motion, once the public may read it."""

import datetime

from decisions.models import PREPARATORY, AgendaItem, Decision, MinuteItem
from motions.models import Motion
from public.oparl.common import Context, extended, iso_date, iso_datetime, latest, oparl_object
from public.oparl.serializers.agenda_item import decision_text, paragraph_fields
from referrals.models import Referral

REFERRAL_ROLE = "Remiss"


def referral(referral: Referral, motion: Motion, ctx: Context, *, modified: datetime.datetime,
             standalone: bool = False) -> dict:
    """`modified`: the paper's (a referral is recorded in the case's timeline)."""
    links = ctx.links
    response = getattr(referral, "response", None) if referral.status in (
        Referral.Status.ANSWERED, Referral.Status.DECLINED) else None
    created = referral.sent_event.recorded_at if referral.sent_event_id else motion.created_at
    obj = oparl_object(
        "Consultation", links.referral_consultation(referral.pk),
        paper=links.paper(motion.pk) if standalone else None,
        organization=[links.organization(referral.body_id)],
        authoritative=False,
        role=REFERRAL_ROLE,
        created=iso_datetime(created),
        modified=iso_datetime(modified),
        web=links.case_page(motion.case_number),
    )
    answer = None
    if response is not None:
        answer = {
            "decidedOn": iso_date(response.decided_on),
            "declined": referral.status == Referral.Status.DECLINED,
            "paragraph": response.paragraph or None,
            "bodyCaseNumber": response.body_case_number or None,
            "text": response.text or None,
            "files": [links.document_file(attached.document_id)
                      for attached in getattr(response, "public_answer_documents", [])],
        }
    return extended(
        obj,
        consultationKind="referral",
        referralState=referral.status,
        sentOn=iso_date(referral.sent_on),
        dueOn=iso_date(referral.due_on),
        extendedDueOn=iso_date(referral.extended_due_on),
        extendedOn=iso_date(referral.extended_on),
        currentDueOn=iso_date(referral.current_due_on),
        withdrawnOn=iso_date(referral.withdrawn_on),
        answer=answer,
    )


def paragraph(item: MinuteItem, agenda: AgendaItem | None, motion: Motion, ctx: Context, *,
              meeting_created: datetime.datetime | None, modified: datetime.datetime,
              standalone: bool = False) -> dict:
    """A public paragraph that handled the motion. `agenda`: its agenda item, if it has one;
    `meeting_created`: when its meeting was made (the paragraph's own moment is not kept: it was
    made at the latest of the two); `modified`: the paper's."""
    links = ctx.links
    meeting = item.meeting
    obj = oparl_object(
        "Consultation", links.paragraph_consultation(item.pk, motion.pk),
        paper=links.paper(motion.pk) if standalone else None,
        agendaItem=links.agenda_item(agenda.pk) if agenda is not None else None,
        meeting=links.meeting(meeting.pk),
        organization=[links.organization(meeting.body_id)],
        # The decision on the paper itself: the council's, not a proposal or a step in its preparation.
        authoritative=item.decision not in PREPARATORY and item.decision != Decision.OTHER,
        role=decision_text(item),
        created=iso_datetime(latest(meeting_created, motion.created_at)),
        modified=iso_datetime(modified),
        web=links.meeting_page(meeting.pk),
    )
    return extended(obj, consultationKind="paragraph", **paragraph_fields(item, ctx))
