"""Reads for the public case pages: a whole case in a fixed number of queries."""

import datetime
from dataclasses import dataclass

from django.db.models import Count, Prefetch, Q
from django.shortcuts import get_object_or_404
from django.utils import timezone

from decisions.models import MinuteItem
from motions.models import CLOSED, Motion, MotionEvent
from referrals.models import Referral


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
    mark = motion.one_year_deadline
    closed = motion.status in CLOSED and decided_on is not None
    day = decided_on if closed else today
    return Deadline(date=mark, days=abs((mark - day).days), over=day > mark, closed=closed)


def case_list():
    return (
        Motion.objects.select_related("municipality")
        .prefetch_related("movers__person", "movers__party")
        .annotate(
            referral_count=Count("referrals", filter=~Q(referrals__status=Referral.Status.WITHDRAWN)),
            answered_count=Count(
                "referrals",
                filter=Q(referrals__status__in=[Referral.Status.ANSWERED, Referral.Status.DECLINED]),
            ),
        )
        .order_by("-filed_on", "-id")
    )


def case_detail(case_number: str, *, today: datetime.date | None = None) -> dict:
    """The case page's data, ready to show."""
    motion = get_object_or_404(
        Motion.objects.select_related("municipality", "filed_meeting__body").prefetch_related(
            "movers__person", "movers__party", "clauses",
            Prefetch(
                "referrals",
                queryset=Referral.objects.select_related("body", "response").order_by("sent_on", "id"),
            ),
            Prefetch("events", queryset=MotionEvent.objects.select_related("recorded_by")),
            Prefetch(
                "minute_items",
                queryset=MinuteItem.objects.select_related("meeting", "body").order_by(
                    "meeting__date", "number"
                ),
            ),
        ),
        case_number=case_number,
    )
    referrals = list(motion.referrals.all())
    live = [r for r in referrals if r.status != Referral.Status.WITHDRAWN]
    answered = [r for r in live if r.status in (Referral.Status.ANSWERED, Referral.Status.DECLINED)]
    events = list(motion.events.all())
    decided = next((e.occurred_on for e in reversed(events) if e.to_status in CLOSED), None)
    today = today or timezone.localdate()
    return {
        "motion": motion,
        "movers": list(motion.movers.all()),
        "clauses": list(motion.clauses.all()),
        "referrals": referrals,
        "referrals_live": len(live),
        "referrals_answered": len(answered),
        "today": today,
        "events": events,
        "minute_items": list(motion.minute_items.all()),
        "deadline": one_year_deadline(motion, today=today, decided_on=decided),
    }
