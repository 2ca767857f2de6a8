"""The report to the council of motions not yet fully prepared ("Redovisning
av motioner som inte beretts färdigt"), as the case stood on a given day."""

import datetime

from django.db.models import Prefetch, Q
from django.template.loader import render_to_string
from django.utils import translation

from lib.pdf import html_to_pdf
from lib.swedish import join_list, long_date
from motions import rules
from motions.models import CLOSED, Motion, MotionEvent
from organisation.selectors import home_municipality
from referrals import rules as referral_rules
from referrals.models import Referral


def unprepared_motions(day: datetime.date) -> list[dict]:
    """Every motion filed by `day` and not decided by then, oldest first."""
    motions = (
        Motion.objects.filter(filed_on__lte=day)
        .exclude(Q(status__in=CLOSED) & Q(status_since__lte=day))
        .prefetch_related(
            "movers__person", "movers__party",
            Prefetch("events", queryset=MotionEvent.objects.order_by("occurred_on", "id")),
            Prefetch("referrals", queryset=Referral.objects.select_related("body", "response")),
        )
        .order_by("filed_on", "case_number")
    )
    rows = []
    for motion in motions:
        events = motion.events.all()  # in timeline order
        if not rules.is_open_on(events, day):
            continue
        status = rules.status_on(events, day)
        open_referrals = [r for r in motion.referrals.all() if referral_rules.waiting_on(r, day)]
        over = -rules.days_to_one_year_mark(motion.filed_on, day)
        rows.append({
            "case_number": motion.case_number,
            "title": motion.title,
            "movers": join_list([str(mover) for mover in motion.movers.all()]),
            "filed_on": motion.filed_on,
            "status": dict(Motion._meta.get_field("status").choices)[status],
            "open_referrals": [f"{r.body.name} (senast {r.current_due_on:%Y-%m-%d})" for r in open_referrals],
            "days_over": max(over, 0),
        })
    return rows


def report_html(day: datetime.date) -> str:
    municipality = home_municipality()
    with translation.override("sv"):
        return render_to_string("reminders/report.html", {
            "municipality": municipality.name if municipality else "",
            "day": day, "day_text": long_date(day), "rows": unprepared_motions(day),
        })


def report_pdf(day: datetime.date) -> bytes:
    return html_to_pdf(report_html(day)).content
