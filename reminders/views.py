from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.dates import MONTHS
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from lib.errors import DomainError
from lib.forms import parse_date
from lib.ratelimit import rate_limited
from lib.time_limits import FIRST_YEAR, LAST_YEAR
from motions import access as motion_access
from motions import rules
from organisation.models import Municipality
from reminders.models import Follow, Report
from reminders.report import (
    comment_on_report,
    organisations,
    report_file_name,
    report_months,
    report_pdf,
    report_rows,
    store_report,
)
from reminders.services import follow_motion, unfollow_motion
from reminders.tokens import follow_of_token


@login_required
@require_POST
def follow(request, case_number):
    motion = motion_access.motion_for(request.user, case_number)
    if not request.user.email:
        messages.error(request, _("Ditt konto saknar e-postadress; be administratören lägga till den för att kunna "
                                  "bevaka ärenden."))
    else:
        follow_motion(motion, user=request.user)
        messages.success(request, _("Du bevakar nu ärendet och får e-post när dess status ändras."))
    return redirect(motion)


@login_required
@require_POST
def unfollow(request, case_number):
    motion = motion_access.motion_for(request.user, case_number)
    unfollow_motion(motion, user=request.user)
    messages.success(request, _("Du bevakar inte längre ärendet."))
    return redirect(motion)


@csrf_exempt  # the signed token is the proof; mail clients post without a session (RFC 8058)
@require_http_methods(["GET", "POST"])
def unfollow_by_link(request, token):
    """The link in status e-mails. GET asks (so that a mail system's link
    checker does not unfollow anyone); POST, one click, stops the follow."""
    follow = follow_of_token(token, Follow.objects.select_related("motion", "user"))
    if follow is None:
        return render(request, "reminders/unfollowed.html", {"valid": False}, status=404)
    done = request.method == "POST"
    if done:
        unfollow_motion(follow.motion, user=follow.user)
    return render(request, "reminders/unfollowed.html", {"valid": True, "done": done, "motion": follow.motion})


@require_GET
def stored_report(request, report_id: int):
    """A report as it was produced and stored (public, like the council's papers)."""
    report = get_object_or_404(Report.objects.select_related("municipality"), pk=report_id)
    if not report.pdf:
        raise Http404
    return FileResponse(report.pdf.open("rb"), content_type="application/pdf",
                        filename=report_file_name(report.as_of, report.municipality))


# The GET parameter that chooses the organisation (its id); without it, the first.
ORGANISATION = "organisation"


class _NoSuchOrganisation(Exception):
    pass


def _organisation_asked(request, choices: list[Municipality]) -> Municipality | None:
    """The organisation the request asks for, the first when it names none
    (None when there is none at all); _NoSuchOrganisation when it names one
    that is not there."""
    raw = request.GET.get(ORGANISATION, "")
    if not raw:
        return choices[0] if choices else None
    chosen = next((municipality for municipality in choices if str(municipality.pk) == raw), None)
    if chosen is None:
        messages.error(request, _("Det finns ingen sådan organisation (%(value)s); välj en i listan.")
                       % {"value": raw[:20]})
        raise _NoSuchOrganisation
    return chosen


def _page_of(municipality: Municipality | None) -> str:
    url = reverse("reminders:report_page")
    return f"{url}?{ORGANISATION}={municipality.pk}" if municipality else url


@login_required
@require_GET
@rate_limited("report")
def report(request):
    """An organisation's report to its council of motions not yet fully prepared, for any day.

    Rendered on each request, so for the signed-in only (and limited per user): the public have
    the reports stored for the council (stored_report), rendered once."""
    try:
        municipality = _organisation_asked(request, organisations())
    except _NoSuchOrganisation:
        return redirect("reminders:report_page")
    raw = request.GET.get("datum", "")
    try:
        day = parse_date(raw) if raw else timezone.localdate()
        if day is None or not FIRST_YEAR <= day.year <= LAST_YEAR:
            raise ValueError
    except ValueError:
        messages.error(request, _("%(value)s är inget datum (ÅÅÅÅ-MM-DD) mellan åren %(first)s och %(last)s.")
                       % {"value": raw[:20], "first": FIRST_YEAR, "last": LAST_YEAR})
        return redirect(_page_of(municipality))
    response = HttpResponse(report_pdf(day, municipality), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{report_file_name(day, municipality)}"'
    return response


@require_GET
def report_page(request):
    """The page that asks for an organisation's report (a choice of
    organisation when the installation serves several) and lists the reports
    stored for it."""
    choices = organisations()
    try:
        municipality = _organisation_asked(request, choices)
    except _NoSuchOrganisation:
        return redirect("reminders:report_page")
    council = rules.path_of(municipality).council if municipality else None
    months = report_months(municipality) if municipality else []
    raw_day = request.GET.get("datum", "")
    return render(request, "reminders/report_page.html", {
        # The choice is offered only where there is one to make.
        "organisations": choices if len(choices) > 1 else [],
        "organisation": municipality,
        "council": council.name if council else _("Fullmäktige"),
        "council_in_sentence": council.name_in_sentence if council else _("fullmäktige"),
        # The day asked for when the page was reloaded for another organisation.
        "day": raw_day[:10] if raw_day else f"{timezone.localdate():%Y-%m-%d}",
        "reports": Report.objects.filter(municipality=municipality).exclude(pdf="")[:20] if municipality else [],
        # The rules of procedure's months, in the page's language.
        "months": ", ".join(str(MONTHS[month]) for month in months),
        "registry": motion_access.can(request.user, motion_access.MANAGE),
    })


@require_http_methods(["GET", "POST"])
def report_detail(request, report_id: int):
    """A stored report's motions as a page, each with the registry's comment
    on why it is not yet prepared; the registry writes the comments here."""
    report = get_object_or_404(Report.objects.select_related("municipality"), pk=report_id)
    registry = motion_access.can(request.user, motion_access.MANAGE)
    if request.method == "POST":
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        motion_access.check_motion_access(request.user, motion_access.MANAGE)
    rows = report_rows(report)
    errors = {}
    if request.method == "POST":
        comments = {row["motion_id"]: request.POST.get(f"comment-{row['motion_id']}", "") for row in rows
                    if f"comment-{row['motion_id']}" in request.POST}
        try:
            changed = comment_on_report(report, comments=comments, by=request.user)
        except DomainError as error:
            errors[error.field] = error.message
            messages.error(request, error.message)
            # Nothing saved: the page keeps what was typed.
            for row in rows:
                row["typed"] = comments.get(row["motion_id"])
        else:
            if changed:
                messages.success(request, _("Kommentarerna är sparade och utskrivna i redovisningens PDF."))
            else:
                messages.info(request, _("Inga kommentarer ändrades."))
            return redirect("reminders:report_detail", report_id=report.pk)
    for row in rows:
        row["error"] = errors.get(f"comment-{row['motion_id']}")
    council = rules.path_of(report.municipality).council
    return render(request, "reminders/report_detail.html", {
        "report": report, "rows": rows, "registry": registry,
        "council_in_sentence": council.name_in_sentence if council else _("fullmäktige"),
    })


@login_required
@require_POST
def draw_up_report(request):
    """The registry draws up and stores an organisation's report of a day,
    to comment on it before it goes to the council."""
    motion_access.check_motion_access(request.user, motion_access.MANAGE)
    choices = organisations()
    municipality = next((m for m in choices if str(m.pk) == request.POST.get(ORGANISATION, "")),
                        choices[0] if choices else None)
    raw = request.POST.get("datum", "")
    day = parse_date(raw)
    if day is None or not FIRST_YEAR <= day.year <= LAST_YEAR:
        messages.error(request, _("%(value)s är inget datum (ÅÅÅÅ-MM-DD) mellan åren %(first)s och %(last)s.")
                       % {"value": raw[:20], "first": FIRST_YEAR, "last": LAST_YEAR})
        return redirect(_page_of(municipality))
    if municipality is None:
        raise Http404
    report = store_report(municipality, as_of=day)
    messages.success(request, _("Redovisningen per %(day)s är upprättad.") % {"day": day.isoformat()})
    return redirect("reminders:report_detail", report_id=report.pk)
