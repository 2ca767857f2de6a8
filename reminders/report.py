"""The report to the council of motions not yet fully prepared ("Redovisning
av motioner som inte beretts färdigt"), as the case stood on a given day."""

import datetime

from django.db.models import Prefetch, Q
from django.template.loader import render_to_string
from django.utils import translation

from lib.pdf import html_to_pdf
from lib.swedish import join_list, long_date
from motions.models import CLOSED, Motion, MotionEvent
from organisation.selectors import home_municipality
from referrals.models import Referral


def _status_on(motion: Motion, day: datetime.date):
    """The motion's status at the end of `day`, from its timeline."""
    status = None
    for event in motion.events.all():  # in date order
        if event.occurred_on <= day:
            status = event.to_status
    return status


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
        status = _status_on(motion, day)
        if status is None or status in CLOSED:
            continue
        open_referrals = [
            r for r in motion.referrals.all()
            if r.sent_on <= day
            and not (r.withdrawn_on and r.withdrawn_on <= day)
            and not (hasattr(r, "response") and r.response.decided_on <= day)
        ]
        over = (day - motion.one_year_deadline).days
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
