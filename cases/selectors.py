"""Reads for the case pages: each page in a fixed number of queries."""

import datetime
from dataclasses import dataclass

from django.db.models import Case, CharField, Count, Exists, F, OuterRef, Prefetch, Q, Value, When
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from decisions import access as decision_access
from decisions.models import PREPARATORY, MinuteItem
from decisions.selectors.case_steps import minute_steps, upcoming_agenda
from decisions.selectors.meetings import legal_status
from motions import access as motion_access
from motions import rules
from motions.models import CLOSED, TRANSITIONS, Motion, MotionEvent, Status
from organisation.models import Municipality
from referrals import access as referral_access
from referrals import rules as referral_rules
from referrals.models import Referral
from reminders.models import Follow


@dataclass(frozen=True)
class Deadline:
    """The one-year mark (KL 5 kap. 35 §) as the case page shows it.

    For an open case, `days` counts from today; for a closed case, from the
    council's decision. `over` says whether that day is past the mark.
    """

    date: datetime.date
    days: int
    over: bool
    closed: bool


def one_year_deadline(motion: Motion, *, today: datetime.date, decided_on: datetime.date | None) -> Deadline:
    closed = motion.status in CLOSED and decided_on is not None
    day = decided_on if closed else today
    return Deadline(date=rules.one_year_mark(motion.filed_on),
                    days=abs(rules.days_to_one_year_mark(motion.filed_on, day)),
                    over=rules.is_past_one_year_mark(motion.filed_on, day), closed=closed)


def _status_labels() -> Case:
    """Each case's status in its organisation's words (rules.status_label), as
    `status_label`: where a case is after a paragraph names the body."""
    whens = []
    for municipality in Municipality.objects.all():
        path = rules.path_of(municipality)
        whens += [When(municipality_id=municipality.pk, status=status, then=Value(path.label(status)))
                  for status in (Status.WORKING_COMMITTEE, Status.BOARD)]
    whens += [When(status=value, then=Value(str(label))) for value, label in Status.choices]
    return Case(*whens, default=F("status"), output_field=CharField())


def case_list(filters: dict | None = None, *, today: datetime.date | None = None):
    """Motions for the case list, filtered; in a fixed number of queries."""
    filters = filters or {}
    today = today or timezone.localdate()
    motions = (
        Motion.objects.select_related("municipality")
        .prefetch_related("movers__person", "movers__party")
        .annotate(
            status_label=_status_labels(),
            referral_count=Count("referrals", filter=~Q(referrals__status=Referral.Status.WITHDRAWN)),
            answered_count=Count(
                "referrals",
                filter=Q(referrals__status__in=[Referral.Status.ANSWERED, Referral.Status.DECLINED]),
            ),
        )
        .order_by("-filed_on", "-id")
    )
    if filters.get("q"):
        motions = motions.filter(search_text__contains=filters["q"].strip().lower())
    status = filters.get("status")
    if status == "open":
        motions = motions.exclude(status__in=CLOSED)
    elif status:
        motions = motions.filter(status=status)
    if filters.get("year"):
        motions = motions.filter(filed_on__year=filters["year"])
    if filters.get("party"):
        motions = motions.filter(movers__party=filters["party"])
    if filters.get("mover"):
        motions = motions.filter(movers__person=filters["mover"])
    if filters.get("body"):
        motions = motions.filter(Exists(Referral.objects.filter(
            motion=OuterRef("pk"), body=filters["body"], status=Referral.Status.SENT)))
    if filters.get("overdue"):
        motions = motions.exclude(status__in=CLOSED).filter(rules.past_one_year_mark(today))
    return motions.distinct()


@dataclass(frozen=True)
class Stage:
    label: str
    date: datetime.date | None
    state: str  # done, current, upcoming, skipped
    detail: str = ""


def _progress(motion: Motion, path: rules.PreparationPath, referrals: list, items: list,
              events: list) -> list[Stage]:
    """The path as a line of stages with their dates: filed, referred,
    prepared, then the organisation's own bodies in order (its preparing
    committee, if it has one; its board; its council)."""
    live = [r for r in referrals if r.status != Referral.Status.WITHDRAWN]
    answered = [r for r in live if r.status in (Referral.Status.ANSWERED, Referral.Status.DECLINED)]

    def last_item(body):
        found = [i for i in items if i.body_id == body.pk and i.decision not in ("defer",)]
        return found[-1].meeting.date if found else None

    prepared = [e.occurred_on for e in events if e.kind == MotionEvent.Kind.PREPARED]
    decided = rules.decided_on(events)
    stages = [
        (_("Väckt"), motion.filed_on, ""),
        (_("Remitterad"), live[0].sent_on if live else None,
         _("%(n)s av %(m)s har svarat") % {"n": len(answered), "m": len(live)} if live else ""),
        (_("Beredd"), prepared[-1] if prepared else None, ""),
        *[(body.name, last_item(body), "") for body in (path.committee, path.board) if body is not None],
        (path.council.name if path.council else _("Fullmäktige"), decided,
         path.label(motion.status) if motion.status in CLOSED else ""),
    ]
    result, current_found = [], False
    last_done = max((i for i, stage in enumerate(stages) if stage[1]), default=0)
    for index, (label, date, detail) in enumerate(stages):
        if date is not None:
            state = "done"
        elif index < last_done or motion.status in CLOSED:
            state = "skipped"
        elif not current_found:
            state, current_found = "current", True
        else:
            state = "upcoming"
        result.append(Stage(str(label), date, state, detail))
    return result


@dataclass(frozen=True)
class Action:
    label: str
    url: str
    # Withdrawing or undoing: shown apart, in red outline, and confirmed on its own page.
    destructive: bool = False


def _actions(motion: Motion, user) -> list[Action]:
    """The steps the lifecycle allows now, for a user allowed to take them."""
    allowed = TRANSITIONS[motion.status]
    actions = []
    manage = motion_access.can(user, motion_access.MANAGE)
    if manage and Status.REFERRED in allowed:
        actions.append(Action(_("Remittera"), reverse("referrals:refer", args=[motion.case_number])))
    record = decision_access.can(user, decision_access.RECORD)
    if record and Status.PREPARED in allowed:
        actions.append(Action(_("Registrera förslag till beslut"),
                              reverse("decisions:draft", args=[motion.case_number])))
    if record and minute_steps(motion):
        actions.append(Action(_("Sätt upp på föredragningslistan"),
                              reverse("decisions:agenda", args=[motion.case_number])))
        actions.append(Action(_("Protokollför behandling"),
                              reverse("decisions:minute_item", args=[motion.case_number])))
    if manage and Status.WITHDRAWN in allowed:
        actions.append(Action(_("Återkalla motionen"), reverse("referrals:withdraw_motion", args=[motion.case_number]),
                              destructive=True))
    return actions


def case_detail(case_number: str, *, user, today: datetime.date | None = None) -> dict:
    """The case page's data, ready to show."""
    motion = get_object_or_404(
        Motion.objects.select_related("municipality", "filed_meeting__body").prefetch_related(
            "movers__person", "movers__party", "clauses",
            Prefetch(
                "referrals",
                queryset=Referral.objects.select_related("body", "response").order_by("sent_on", "id"),
            ),
            Prefetch("events", queryset=MotionEvent.objects.all()),
            Prefetch(
                "minute_items",
                queryset=MinuteItem.objects.select_related("meeting", "body").prefetch_related("appeals").order_by(
                    "meeting__date", "number"
                ),
            ),
        ),
        case_number=case_number,
    )
    referrals = list(motion.referrals.all())
    for referral in referrals:
        referral.answerable = referral.is_open and referral_access.can_answer(user, referral)
        referral.manageable = referral.is_open and referral_access.can_manage(user, referral)
    live = [r for r in referrals if r.status != Referral.Status.WITHDRAWN]
    answered = [r for r in live if r.status in (Referral.Status.ANSWERED, Referral.Status.DECLINED)]
    events = list(motion.events.all())
    path = rules.path_of(motion.municipality)
    for event in events:
        event.from_label = path.label(event.from_status) if event.from_status else ""
        event.to_label = path.label(event.to_status)
    # The case's paragraphs, with a filing paragraph of several motions.
    joint = [item for item in motion.filing_items.select_related("meeting", "body").prefetch_related("appeals")
             if item.motion_id is None]
    items = sorted([*motion.minute_items.all(), *joint], key=lambda item: (item.meeting.date, item.number or 0))
    decided = rules.decided_on(events)
    today = today or timezone.localdate()
    for referral in referrals:
        referral.overdue = referral_rules.is_overdue(referral, today)
        referral.days_late = -referral_rules.days_left(referral, today)
    actions = _actions(motion, user)
    registry = decision_access.can(user, decision_access.RECORD)
    for item in items:
        item.readable = decision_access.can_read_minutes(user, item.meeting)
        item.legal_status = legal_status(item, today)
        item.appealable = registry and item.meeting.is_signed and item.decision not in PREPARATORY
    return {
        "motion": motion,
        "status": path.label(motion.status),
        "movers": list(motion.movers.all()),
        "clauses": list(motion.clauses.all()),
        "referrals": referrals,
        "referrals_live": len(live),
        "referrals_answered": len(answered),
        "today": today,
        "events": events,
        "minute_items": items,
        "documents": [r for r in answered if r.status == Referral.Status.ANSWERED and r.response.document],
        "deadline": one_year_deadline(motion, today=today, decided_on=decided),
        "progress": _progress(motion, path, referrals, items, events),
        "actions": [action for action in actions if not action.destructive],
        "destructive_actions": [action for action in actions if action.destructive],
        "agenda": upcoming_agenda(motion),
        "following": user.is_authenticated and Follow.objects.filter(user=user, motion=motion).exists(),
    }
