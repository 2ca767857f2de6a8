"""The report to an organisation's council of its motions not yet fully
prepared ("Redovisning av motioner som inte beretts färdigt"), as the cases
stood on a given day, in the months the organisation's rules of procedure name
(Municipality.report_months). Each organisation an installation serves has
its own report."""

import datetime
from itertools import islice

from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.text import slugify
from django.utils.translation import gettext as _

from lib.errors import DomainError
from lib.pdf import html_to_pdf
from lib.swedish import join_list, long_date
from motions import rules
from motions.models import CLOSED, Motion, MotionEvent, Mover
from organisation.models import Municipality
from organisation.selectors import home_municipality
from referrals import rules as referral_rules
from referrals.models import Referral
from reminders.models import Report, ReportComment


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


# How many motions the report reads at a time, each batch with its movers, events and
# referrals in a query each: the report is as long as the list, its memory is not.
BATCH = 500


def _by_motion(queryset, ids) -> dict[int, list]:
    grouped: dict[int, list] = {}
    for row in queryset.filter(motion_id__in=ids):
        grouped.setdefault(row.motion_id, []).append(row)
    return grouped


def unprepared_motions(day: datetime.date, municipality: Municipality | None = None) -> list[dict]:
    """Every motion filed by `day` and not decided by then, oldest first (of
    `municipality`, or of every organisation): one pass, in batches of
    BATCH motions with a query each for their movers, events and referrals."""
    motions = Motion.objects.filter(filed_on__lte=day)
    if municipality is not None:
        motions = motions.filter(municipality=municipality)
    motions = (
        motions.exclude(Q(status__in=CLOSED) & Q(status_since__lte=day))
        .select_related("municipality").only("case_number", "title", "filed_on", "municipality")
        .order_by("filed_on", "case_number")
    )
    paths: dict[int, rules.PreparationPath] = {}
    rows = []
    read = motions.iterator(chunk_size=BATCH)
    while batch := list(islice(read, BATCH)):
        ids = [motion.pk for motion in batch]
        movers = _by_motion(Mover.objects.select_related("person", "party").order_by("position", "pk"), ids)
        # In timeline order: only the changes of status count (rules.status_on).
        timelines = _by_motion(MotionEvent.objects.only("motion_id", "occurred_on", "from_status", "to_status")
                               .order_by("occurred_on", "id"), ids)
        referrals = _by_motion(Referral.objects.select_related("body", "response").defer("draft_text")
                               .order_by("sent_on", "id"), ids)
        for motion in batch:
            events = timelines.get(motion.pk, [])
            if not rules.is_open_on(events, day):
                continue
            status = rules.status_on(events, day)
            if motion.municipality_id not in paths:
                paths[motion.municipality_id] = rules.path_of(motion.municipality)
            open_referrals = [r for r in referrals.get(motion.pk, []) if referral_rules.waiting_on(r, day)]
            over = -rules.days_to_one_year_mark(motion.filed_on, day)
            rows.append({
                "motion_id": motion.pk,
                "case_number": motion.case_number,
                "title": motion.title,
                "movers": join_list([str(mover) for mover in movers.get(motion.pk, [])]),
                "filed_on": motion.filed_on,
                # Where the case was, in the organisation's words ("Behandlad i regionstyrelsen").
                "status": paths[motion.municipality_id].label(status),
                "open_referrals": [f"{r.body.name} (senast {r.current_due_on:%Y-%m-%d})" for r in open_referrals],
                "days_over": max(over, 0),
            })
    return rows


def report_rows(report: Report) -> list[dict]:
    """A stored report's motions, each with the registry's comment (the
    ReportComment, or None) as `comment`."""
    comments = {comment.motion_id: comment for comment in report.comments.select_related("written_by")}
    rows = unprepared_motions(report.as_of, report.municipality)
    for row in rows:
        row["comment"] = comments.get(row["motion_id"])
    return rows


def report_html(day: datetime.date, municipality: Municipality | None = None) -> str:
    """The report of `municipality` (the first organisation when None), in
    its own words: its name, its board's and its council's; with the
    registry's comments when the report of that day is stored with some."""
    municipality = municipality or home_municipality()
    path = rules.path_of(municipality) if municipality else None
    council = path.council if path else None
    board = path.board if path else None
    stored = Report.objects.filter(municipality=municipality, as_of=day).first() if municipality else None
    rows = report_rows(stored) if stored else unprepared_motions(day, municipality)
    with translation.override("sv"):
        return render_to_string("reminders/report.html", {
            "municipality": municipality.name if municipality else "",
            "council": council.name_in_sentence if council else "fullmäktige",
            "board": board.name if board else "",
            "day": day, "day_text": long_date(day), "rows": rows,
            "comments": any(row.get("comment") for row in rows),
        })


def report_pdf(day: datetime.date, municipality: Municipality | None = None) -> bytes:
    return html_to_pdf(report_html(day, municipality)).content


# --- Writes: the stored report and the registry's comments ----------------

COMMENT_MAX_LENGTH = 2000


def store_report(municipality: Municipality, *, as_of: datetime.date) -> Report:
    """The organisation's report of `as_of`, stored once with its PDF: a
    second call for the same day returns the one stored (the monthly task
    and the registry's page both call this). A report whose PDF is missing
    (a run that died) gets it now."""
    with transaction.atomic():
        report, _created = Report.objects.select_for_update().get_or_create(municipality=municipality,
                                                                            as_of=as_of)
        if not report.pdf:
            report.pdf.save(report_file_name(as_of, municipality), ContentFile(report_pdf(as_of, municipality)))
    return report


@transaction.atomic
def comment_on_report(report: Report, *, comments: dict[int, str], by) -> int:
    """Keep the registry's comments (motion id → text) with the report, and
    print them in its stored PDF (the one before is deleted once this
    commits). An empty text removes a comment; a motion the report does not
    list, or a text too long, is refused with nothing written. Returns how
    many comments changed."""
    report = Report.objects.select_for_update().select_related("municipality").get(pk=report.pk)
    listed = {row["motion_id"]: row["case_number"] for row in unprepared_motions(report.as_of, report.municipality)}
    for motion_id, text in comments.items():
        if motion_id not in listed:
            raise DomainError(_("Motionen finns inte med i redovisningen."), field=f"comment-{motion_id}")
        if "\x00" in text:
            raise DomainError(_("Kommentaren till %(case)s innehåller ett otillåtet tecken (NUL).")
                              % {"case": listed[motion_id]}, field=f"comment-{motion_id}")
        if len(text.strip()) > COMMENT_MAX_LENGTH:
            raise DomainError(_("Kommentaren till %(case)s får vara högst %(max)s tecken.")
                              % {"case": listed[motion_id], "max": COMMENT_MAX_LENGTH}, field=f"comment-{motion_id}")
    existing = {comment.motion_id: comment for comment in report.comments.all()}
    changed = 0
    now = timezone.now()
    for motion_id, text in comments.items():
        text = text.strip()
        comment = existing.get(motion_id)
        if comment is not None and not text:
            comment.delete()
        elif comment is not None and comment.text != text:
            comment.text, comment.written_by, comment.written_at = text, by, now
            comment.save(update_fields=["text", "written_by", "written_at"])
        elif comment is None and text:
            ReportComment.objects.create(report=report, motion_id=motion_id, text=text, written_by=by, written_at=now)
        else:
            continue
        changed += 1
    if changed:
        # The stored PDF is the report as it goes to the council: printed again with the comments
        # (under a name of its own), the one before it removed once this commits.
        before, storage = report.pdf.name, report.pdf.storage
        report.pdf.save(report_file_name(report.as_of, report.municipality),
                        ContentFile(report_pdf(report.as_of, report.municipality)))
        if before:
            transaction.on_commit(lambda: storage.delete(before), robust=True)
    return changed
