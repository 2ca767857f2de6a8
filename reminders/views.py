import datetime

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.dates import MONTHS
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from lib.time_limits import FIRST_YEAR, LAST_YEAR
from motions import access as motion_access
from motions.models import Motion
from organisation.selectors import home_municipality
from reminders.models import Report
from reminders.report import report_months, report_pdf
from reminders.services import follow_motion, unfollow_motion
from reminders.tokens import read_unfollow_token


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
    ids = read_unfollow_token(token)
    user = get_user_model().objects.filter(pk=ids[0]).first() if ids else None
    motion = Motion.objects.filter(pk=ids[1]).first() if ids else None
    if user is None or motion is None:
        return render(request, "reminders/unfollowed.html", {"valid": False}, status=404)
    done = request.method == "POST"
    if done:
        unfollow_motion(motion, user=user)
    return render(request, "reminders/unfollowed.html", {"valid": True, "done": done, "motion": motion})


@require_GET
def stored_report(request, report_id: int):
    """A twice-yearly report as it was produced and stored (public, like the council's papers)."""
    report = get_object_or_404(Report, pk=report_id)
    if not report.pdf:
        raise Http404
    return FileResponse(report.pdf.open("rb"), content_type="application/pdf",
                        filename=f"motioner-ej-fardigberedda-{report.as_of}.pdf")


@require_GET
def report(request):
    """The report to the council of motions not yet fully prepared, for any day (public)."""
    raw = request.GET.get("datum", "")
    try:
        day = datetime.date.fromisoformat(raw) if raw else timezone.localdate()
        if not FIRST_YEAR <= day.year <= LAST_YEAR:
            raise ValueError
    except ValueError:
        messages.error(request, _("%(value)s är inget datum (ÅÅÅÅ-MM-DD) mellan åren %(first)s och %(last)s.")
                       % {"value": raw[:20], "first": FIRST_YEAR, "last": LAST_YEAR})
        return redirect("reminders:report_page")
    response = HttpResponse(report_pdf(day), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="motioner-ej-fardigberedda-{day}.pdf"'
    return response


@require_GET
def report_page(request):
    municipality = home_municipality()
    months = report_months(municipality) if municipality else []
    return render(request, "reminders/report_page.html", {
        "today": timezone.localdate(), "reports": Report.objects.exclude(pdf="")[:20],
        # The rules of procedure's months, in the page's language.
        "months": ", ".join(str(MONTHS[month]) for month in months),
    })
