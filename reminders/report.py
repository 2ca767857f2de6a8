"""The report to an organisation's council of its motions not yet fully
prepared ("Redovisning av motioner som inte beretts färdigt"), as the cases
stood on a given day, in the months the organisation's rules of procedure name
(Municipality.report_months). Each organisation an installation serves has
its own report."""

import datetime

from django.db.models import Prefetch, Q
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.text import slugify

from lib.pdf import html_to_pdf
from lib.swedish import join_list, long_date
from motions import rules
from motions.models import CLOSED, Motion, MotionEvent
from organisation.models import Municipality
from organisation.selectors import home_municipality
from referrals import rules as referral_rules
from referrals.models import Referral


def report_months(municipality: Municipality) -> list[int]:
    """The months (1–12) in which the report goes to the organisation's
    council (checked where the setting is entered: organisation.orgfile.rules)."""
    return sorted(municipality.report_months or [])


def is_report_month(municipality: Municipality, day: datetime.date) -> bool:
    """The report of `day` is one the organisation's council is to get."""
    return day.month in report_months(municipality)


def organisations() -> list[Municipality]:
    """The organisations a report can be about, the first recorded first
    (the one the report is about when none is named)."""
    return list(Municipality.objects.order_by("id"))


def organisations_in_report_month(day: datetime.date) -> list[Municipality]:
    """The organisations whose council is to get the report of `day`."""
    return [municipality for municipality in organisations() if is_report_month(municipality, day)]


def report_file_name(day: datetime.date, municipality: Municipality | None) -> str:
    """ "motioner-ej-fardigberedda-region-vasternorrland-2021-05-01.pdf" """
    name = f"-{slugify(municipality.name)}" if municipality is not None else ""
    return f"motioner-ej-fardigberedda{name}-{day}.pdf"


def unprepared_motions(day: datetime.date, municipality: Municipality | None = None) -> list[dict]:
    """Every motion filed by `day` and not decided by then, oldest first (of
    `municipality`, or of every organisation)."""
    motions = Motion.objects.filter(filed_on__lte=day)
    if municipality is not None:
        motions = motions.filter(municipality=municipality)
    motions = (
        motions.exclude(Q(status__in=CLOSED) & Q(status_since__lte=day))
        .select_related("municipality")
        .prefetch_related(
            "movers__person", "movers__party",
            Prefetch("events", queryset=MotionEvent.objects.order_by("occurred_on", "id")),
            Prefetch("referrals", queryset=Referral.objects.select_related("body", "response")),
        )
        .order_by("filed_on", "case_number")
    )
    paths: dict[int, rules.PreparationPath] = {}
    rows = []
    for motion in motions:
        events = motion.events.all()  # in timeline order
        if not rules.is_open_on(events, day):
            continue
        status = rules.status_on(events, day)
        if motion.municipality_id not in paths:
            paths[motion.municipality_id] = rules.path_of(motion.municipality)
        open_referrals = [r for r in motion.referrals.all() if referral_rules.waiting_on(r, day)]
        over = -rules.days_to_one_year_mark(motion.filed_on, day)
        rows.append({
            "case_number": motion.case_number,
            "title": motion.title,
            "movers": join_list([str(mover) for mover in motion.movers.all()]),
            "filed_on": motion.filed_on,
            # Where the case was, in the organisation's words ("Behandlad i regionstyrelsen").
            "status": paths[motion.municipality_id].label(status),
            "open_referrals": [f"{r.body.name} (senast {r.current_due_on:%Y-%m-%d})" for r in open_referrals],
            "days_over": max(over, 0),
        })
    return rows


def report_html(day: datetime.date, municipality: Municipality | None = None) -> str:
    """The report of `municipality` (the first organisation when None), in
    its own words: its name, its board's and its council's."""
    municipality = municipality or home_municipality()
    path = rules.path_of(municipality) if municipality else None
    council = path.council if path else None
    board = path.board if path else None
    with translation.override("sv"):
        return render_to_string("reminders/report.html", {
            "municipality": municipality.name if municipality else "",
            "council": council.name_in_sentence if council else "fullmäktige",
            "board": board.name if board else "",
            "day": day, "day_text": long_date(day), "rows": unprepared_motions(day, municipality),
        })


def report_pdf(day: datetime.date, municipality: Municipality | None = None) -> bytes:
    return html_to_pdf(report_html(day, municipality)).content
