"""Reads for the archive package: whether a case can be delivered to the archive, and everything
of it that the package holds, read in a fixed number of queries."""

import datetime
from dataclasses import dataclass

from django.db.models import Max, Prefetch, Q
from django.utils.translation import gettext as _

from decisions.models import (
    PREPARATORY,
    FiledMotion,
    MinuteItem,
    RenderedDocument,
    Reservation,
    SeparateStatement,
    Signature,
    SigningRound,
)
from decisions.selectors.meetings import legal_force_on
from documents.models import CaseDocument
from motions import rules
from motions.models import CLOSED, Motion, MotionEvent, Mover
from organisation.models import Attendance, Meeting, MeetingEvent
from referrals.models import Referral

# The documents kept at signing that belong in a case's package: the protocol and the notice of its
# signing (bevis om justering) of each meeting that handled the case, and the extracts of its paragraphs.
# The announcements and notices of meeting are the notice board's, not the case's.
MEETING_KINDS = (RenderedDocument.Kind.PROTOCOL, RenderedDocument.Kind.NOTICE)


def _paragraphs(motion: Motion):
    return (MinuteItem.objects.filter(motion=motion).select_related("meeting__body", "body")
            .prefetch_related("appeals").order_by("meeting__date", "number", "pk"))


def refusal(motion: Motion, *, today: datetime.date, items=None) -> str | None:
    """Why the case cannot be delivered to the archive yet, in Swedish; None when it can: the
    case is closed (a final status), the minutes of each of its paragraphs are signed, and each
    decision that can be appealed has legal force (laga kraft: the last day to appeal has passed
    and no appeal was lodged). `items` are the case's paragraphs with their meetings and appeals,
    when the caller has read them (the filing paragraph of several motions may be among them; its
    minutes need not be signed: the filing only prepares the case)."""
    if not motion.is_closed:
        return _("Ärendet %(case)s är inte avslutat (status: %(status)s). Ett arkivpaket görs när "
                 "fullmäktige har avgjort ärendet.") % {
            "case": motion.case_number, "status": rules.status_label(motion.status, motion.municipality)}
    items = [item for item in (_paragraphs(motion) if items is None else items) if item.motion_id == motion.pk]
    for item in items:
        if not item.meeting.is_signed:
            return _("Protokollet från %(body)s %(date)s (%(item)s) är inte justerat.") % {
                "body": item.meeting.body.name, "date": item.meeting.date.isoformat(), "item": item}
    decisions = [item for item in items if item.decision not in PREPARATORY]
    if not decisions:
        return _("Ärendet %(case)s har inget beslut i justerade protokoll.") % {"case": motion.case_number}
    for item in decisions:
        if list(item.appeals.all()):
            return _("Beslutet i %(item)s är överklagat och har inte vunnit laga kraft.") % {"item": item}
        if legal_force_on(item, today, appeals=[]) is None:
            return _("Beslutet i %(item)s har inte vunnit laga kraft: det kan överklagas till och med "
                     "%(until)s.") % {"item": item, "until": item.meeting.appeal_until.isoformat()}
    return None


def closed_in(year: int):
    """The cases closed (their final status set) in `year`, in case number order."""
    return (Motion.objects.select_related("municipality").filter(status__in=sorted(CLOSED))
            .annotate(decided_on=rules.decided_on_column()).filter(decided_on__year=year).order_by("case_number"))


@dataclass(frozen=True)
class Case:
    """A closed case as the package describes it: the motion and its parts, in their own order."""

    motion: Motion
    movers: list
    clauses: list
    events: list
    referrals: list
    drafts: list
    # The case's paragraphs, with the filing paragraph first when there is one.
    items: list
    # Every document registered in the case (aktbilagor), replaced ones too, in number order.
    documents: list
    # The meetings that handled the case whose minutes are signed, with their attendance (the signatories).
    meetings: list
    # The documents kept at signing: the protocols and notices of the meetings, the paragraphs' extracts.
    rendered: list
    # The written reservations and separate statements handed in as files (annexes to the minutes).
    annexes: list
    decided_on: datetime.date | None
    # The latest change of anything the package holds: the package's date, so that a second export of an
    # unchanged case is the same to the byte.
    changed_at: datetime.datetime


def read_case(motion: Motion) -> Case:
    """Everything of `motion` that its archive package holds, read afresh."""
    motion = (Motion.objects.select_related("municipality", "case_officer", "filed_meeting__body")
              .prefetch_related(Prefetch("movers", queryset=Mover.objects.select_related("person", "party")),
                                "clauses", "drafts",
                                Prefetch("events", queryset=MotionEvent.objects.order_by("occurred_on", "id")),
                                Prefetch("referrals", queryset=Referral.objects.select_related("body", "response")
                                         .order_by("sent_on", "id")))
              .get(pk=motion.pk))
    filing = list(MinuteItem.objects.filter(pk__in=FiledMotion.objects.filter(motion=motion).values("item"))
                  .select_related("meeting__body", "body").prefetch_related("appeals"))
    items = [*filing, *_paragraphs(motion)]
    meetings = {item.meeting_id for item in items}
    rendered = list(
        RenderedDocument.objects.filter(archived=True)
        .filter(Q(meeting__in=meetings, kind__in=MEETING_KINDS, item=None)
                | Q(item__in=[item.pk for item in items], kind=RenderedDocument.Kind.EXTRACT))
        .select_related("meeting__body", "item")
        .order_by("meeting__date", "meeting__body__name", "kind", "item__number", "pk"))
    signed = list(Meeting.objects.filter(pk__in=meetings, signed_on__isnull=False).select_related("body")
                  .prefetch_related(Prefetch("attendance", queryset=Attendance.objects.select_related("person")),
                                    # Signed electronically: the round that signed it, with its signatures.
                                    Prefetch("signing_rounds", to_attr="signed_rounds",
                                             queryset=SigningRound.objects.filter(state=SigningRound.State.SIGNED)
                                             .prefetch_related(Prefetch("signatures", queryset=Signature.objects
                                                                        .select_related("person")))))
                  .order_by("date", "body__name", "pk"))
    documents = list(CaseDocument.objects.filter(motion=motion).select_related("replaced_by").order_by("number"))
    annexes = [annex for model in (Reservation, SeparateStatement)
               for annex in model.objects.filter(item__in=[item.pk for item in items]).exclude(document="")
               .select_related("item__meeting__body", "person").order_by("item__meeting__date", "item__number",
                                                                          "position", "pk")]
    events = list(motion.events.all())
    return Case(
        motion=motion, movers=list(motion.movers.all()), clauses=list(motion.clauses.all()), events=events,
        referrals=list(motion.referrals.all()), drafts=list(motion.drafts.all()), items=items,
        documents=documents, meetings=signed, rendered=rendered, annexes=annexes, decided_on=rules.decided_on(events),
        changed_at=_changed_at(events, documents, rendered, meetings),
    )


def _changed_at(events, documents, rendered, meetings) -> datetime.datetime:
    """The latest moment anything of the case was recorded: a step of its timeline, a document
    registered or rendered, a change of one of its meetings (a signing, an appeal, a correction note)."""
    meeting_change = MeetingEvent.objects.filter(meeting__in=meetings).aggregate(latest=Max("recorded_at"))["latest"]
    moments = [*(event.recorded_at for event in events), *(document.registered_at for document in documents),
               *(document.rendered_at for document in rendered), meeting_change]
    return max(moment for moment in moments if moment is not None)
