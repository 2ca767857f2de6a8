"""Papers (motions) in the open data, with their consultations: each referral to a body, and each
public paragraph (§) that handled the motion. A page of papers is read in a fixed number of queries
however many it holds (papers, then batch reads for the page)."""

import datetime
from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Exists, OuterRef, Prefetch, Q, Subquery

from decisions.access import public_paragraphs
from decisions.models import AgendaItem, Decision, FiledMotion, MinuteItem
from decisions.selectors.meetings import in_force_between, legal_force_on
from documents.access import public_document, public_documents
from documents.models import CaseDocument
from motions import rules
from motions.models import Motion, MotionEvent, Mover, Status
from organisation.models import Meeting
from public.oparl.common import Context, first_day_from, latest, start_of
from public.oparl.selectors.files import changed, changed_since
from public.oparl.selectors.meetings import meeting_moments
from referrals.models import AnswerDocument, Referral

# A status a board's or committee's paragraph sets: it tells that paragraph's decision, so it is
# public only once the paragraph is (the council's decisions are public at once).
STATUSES_OF_PARAGRAPHS = frozenset({Status.WORKING_COMMITTEE, Status.BOARD, Status.SENT_BACK})


def _last_event():
    return Subquery(MotionEvent.objects.filter(motion=OuterRef("pk")).order_by("-recorded_at", "-id")
                    .values("recorded_at")[:1])


def _last_document():
    """When the latest of the case's documents changed: every one counts, since one taken off the
    web changes the paper too (selectors.files)."""
    return Subquery(CaseDocument.objects.filter(motion=OuterRef("pk")).annotate(changed=changed("registered_at"))
                    .order_by("-changed").values("changed")[:1])


def papers():
    """Every motion (the register is public), with what a page of them needs."""
    return (
        Motion.objects.select_related("municipality", "filed_meeting")
        .annotate(last_step=_last_event(), last_document=_last_document(), decided_on=rules.decided_on_in_database())
        .prefetch_related(
            Prefetch("movers", to_attr="mover_list", queryset=Mover.objects.select_related("person", "party")),
            Prefetch("clauses", to_attr="clause_list"),
            Prefetch("referrals", to_attr="referral_list",
                     queryset=Referral.objects.select_related("body", "response", "sent_event")
                     .defer("draft_text", "sent_event__description", "sent_event__reason", "sent_event__changes",
                            "sent_event__sentences")
                     .prefetch_related(Prefetch("response__answer_documents", to_attr="public_answer_documents",
                                                queryset=AnswerDocument.objects.filter(public_document("document__"))))
                     .order_by("sent_on", "id")),
            Prefetch("documents", to_attr="public_documents",
                     queryset=public_documents().select_related("replaced_by").order_by("number")),
        )
    )


@dataclass
class PaperFacts:
    """What a paper shows beside its own row, read for a page of papers at once."""

    paragraphs: list = field(default_factory=list)  # (MinuteItem, its agenda item or None), in order
    agenda_items: list = field(default_factory=list)  # every agenda item naming the motion
    meetings: set = field(default_factory=set)  # the meetings of its public paragraphs and agendas
    meetings_created: dict = field(default_factory=dict)  # when each was made (selectors.meetings)
    status: str = ""
    status_since: datetime.date | None = None
    decided_on: datetime.date | None = None
    modified: datetime.datetime | None = None


PARAGRAPH_COLUMNS = ("id", "meeting_id", "body_id", "number", "motion_id", "decision", "proposal", "reason",
                     "meeting__id", "meeting__date", "meeting__body_id", "meeting__signed_on", "meeting__appeal_until",
                     "meeting__body__id", "meeting__body__kind")


def paper_facts(motions: list[Motion], ctx: Context) -> dict[int, PaperFacts]:
    """For each motion of the page: its public paragraphs (its own and the council's filing of it)
    with their agenda items, the agenda items naming it, its status as the public may know it, the
    day the council decided it, and when it last changed. At most nine queries, whatever the page's
    size."""
    ids = [motion.pk for motion in motions]
    facts = {pk: PaperFacts() for pk in ids}
    if not ids:
        return facts
    # Only the columns the consultations show: a page holds hundreds of paragraphs.
    own = list(MinuteItem.objects.filter(public_paragraphs(), motion_id__in=ids).exclude(decision=Decision.FILE)
               .select_related("meeting__body").only(*PARAGRAPH_COLUMNS)
               .prefetch_related(Prefetch("appeals", to_attr="appeal_list")))
    filings = list(FiledMotion.objects.filter(public_paragraphs("item__"), motion_id__in=ids)
                   .select_related("item__meeting__body")
                   .only("id", "motion_id", "item_id", *(f"item__{column}" for column in PARAGRAPH_COLUMNS))
                   .prefetch_related(Prefetch("item__appeals", to_attr="appeal_list")))
    paragraphs = [(item.motion_id, item) for item in own] + [(filed.motion_id, filed.item) for filed in filings]
    agenda = list(AgendaItem.objects.filter(motion_id__in=ids).select_related("meeting")
                  .only("id", "meeting_id", "number", "motion_id", "position", "meeting__id", "meeting__date")
                  .order_by("meeting__date", "position"))
    by_number = {(item.meeting_id, item.number): item for item in agenda if item.number is not None}
    # A paragraph of several filed motions is on the agenda under the first of them: found by its number.
    elsewhere = [item for _, item in paragraphs
                 if item.number is not None and (item.meeting_id, item.number) not in by_number]
    if elsewhere:
        by_number.update({(item.meeting_id, item.number): item for item in AgendaItem.objects.filter(
            meeting_id__in={item.meeting_id for item in elsewhere}, number__in={item.number for item in elsewhere})
            .only("id", "meeting_id", "number")})
    for item in agenda:
        if item.motion_id in facts:
            facts[item.motion_id].agenda_items.append(item)
            facts[item.motion_id].meetings.add(item.meeting_id)
    for motion_id, item in sorted(paragraphs, key=lambda pair: (pair[1].meeting.date, pair[1].number or 0)):
        facts[motion_id].paragraphs.append((item, by_number.get((item.meeting_id, item.number))))
        facts[motion_id].meetings.add(item.meeting_id)
    moments = meeting_moments()
    changes = {pk: (first or start_of(day), last) for pk, day, first, last in (
        Meeting.objects.filter(pk__in={m for fact in facts.values() for m in fact.meetings})
        .annotate(first=moments["first_change"], last=moments["last_change"])
        .values_list("pk", "date", "first", "last"))}
    last_change = {pk: last for pk, (_first, last) in changes.items()}
    hidden = _hidden_steps(motions)
    for motion in motions:
        fact = facts[motion.pk]
        fact.status, fact.status_since = hidden.get(motion.pk, (motion.status, motion.status_since))
        fact.meetings_created = {meeting: changes[meeting][0] for meeting in fact.meetings if meeting in changes}
        fact.decided_on = motion.decided_on
        in_force = [legal_force_on(item, ctx.today, appeals=item.appeal_list) for item, _ in fact.paragraphs]
        fact.modified = latest(
            motion.created_at, motion.last_step, motion.last_document,
            *(last_change.get(meeting) for meeting in fact.meetings),
            *(start_of(day) for day in in_force if day is not None))
    return facts


def _hidden_steps(motions: list[Motion]) -> dict[int, tuple[str, datetime.date]]:
    """The motions whose status was set by a paragraph the public may not yet read (a board's or
    committee's, before its minutes are signed): the status and its day as they stood the day
    before that meeting (motions.rules.status_on), which is what the public may know. One query,
    and a second for the timelines of such motions, if any."""
    candidates = {motion.pk: motion for motion in motions if motion.status in STATUSES_OF_PARAGRAPHS}
    if not candidates:
        return {}
    unsigned = (MinuteItem.objects.filter(motion_id__in=candidates).exclude(public_paragraphs())
                .values_list("motion_id", "meeting__date"))
    hidden_on = {}
    for motion_id, day in unsigned:
        if day >= candidates[motion_id].status_since:
            hidden_on[motion_id] = min(day, hidden_on.get(motion_id, day))
    if not hidden_on:
        return {}
    timelines = defaultdict(list)
    for event in MotionEvent.objects.filter(motion_id__in=hidden_on).order_by("occurred_on", "id"):
        timelines[event.motion_id].append(event)
    shown = {}
    for motion_id, day in hidden_on.items():
        before = day - datetime.timedelta(days=1)
        events = [event for event in timelines[motion_id] if event.occurred_on <= before]
        status = rules.status_on(events, before) or Status.FILED
        changes = [event.occurred_on for event in events if event.to_status != event.from_status]
        shown[motion_id] = (status, changes[-1] if changes else candidates[motion_id].filed_on)
    return shown


def paper_changed_since(moment: datetime.datetime, *, today: datetime.date, motion: str = "pk") -> Q:
    """The papers (or rows of one: `motion` names the relation) whose modified, as paper_facts gives
    it, is `moment` or later."""
    own = "" if motion == "pk" else f"{motion}__"
    ref = OuterRef(motion)
    public_meeting_events = {"meeting__events__recorded_at__gte": moment}
    return (
        Q(**{f"{own}created_at__gte": moment})
        | Q(Exists(MotionEvent.objects.filter(motion=ref, recorded_at__gte=moment)))
        | Q(Exists(CaseDocument.objects.filter(changed_since(moment, "registered_at"), motion=ref)))
        | Q(Exists(MinuteItem.objects.filter(public_paragraphs(), motion=ref, **public_meeting_events)))
        | Q(Exists(FiledMotion.objects.filter(public_paragraphs("item__"), motion=ref,
                                              item__meeting__events__recorded_at__gte=moment)))
        | Q(Exists(AgendaItem.objects.filter(motion=ref, **public_meeting_events)))
        | Q(Exists(MinuteItem.objects.filter(in_force_between(first_day_from(moment), today, today=today),
                                             motion=ref)))
    )
