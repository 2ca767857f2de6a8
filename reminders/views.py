import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from motions import access as motion_access
from motions.models import Motion
from reminders.report import report_pdf
from reminders.services import follow_motion, unfollow_motion
from reminders.tokens import read_unfollow_token


@login_required
@require_POST
def follow(request, case_number):
    motion = motion_access.motion_for(request.user, case_number)
    if not request.user.email:
        messages.error(request, _("Ditt konto saknar e-postadress; be administratören lägga till den för att kunna bevaka ärenden."))
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


@require_GET
def unfollow_by_link(request, token):
    """The one-click link in status e-mails: stops the follow it was made for."""
    from django.contrib.auth import get_user_model

    ids = read_unfollow_token(token)
    motion = None
    if ids is not None:
        user = get_user_model().objects.filter(pk=ids[0]).first()
        motion = Motion.objects.filter(pk=ids[1]).first()
        if user is not None and motion is not None:
            unfollow_motion(motion, user=user)
    return render(request, "reminders/unfollowed.html", {"motion": motion, "valid": motion is not None},
                  status=200 if motion is not None else 404)


@require_GET
def report(request):
    """The report to the council of motions not yet fully prepared, for any day (public)."""
    raw = request.GET.get("datum", "")
    try:
        day = datetime.date.fromisoformat(raw) if raw else timezone.localdate()
    except ValueError:
        messages.error(request, _("%(value)s är inget datum (ÅÅÅÅ-MM-DD).") % {"value": raw[:20]})
        return redirect("reminders:report_page")
    response = HttpResponse(report_pdf(day), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="motioner-ej-fardigberedda-{day}.pdf"'
    return response


@require_GET
def report_page(request):
    return render(request, "reminders/report_page.html", {"today": timezone.localdate()})
