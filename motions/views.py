from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from lib.errors import DomainError
from motions import access
from motions.forms import MotionForm
from motions.services import file_motion
from organisation.models import Body
from organisation.selectors import body_of_kind, home_municipality
from organisation.services import meeting_on


@login_required
@require_http_methods(["GET", "POST"])
def register(request):
    access.check_motion_access(request.user, access.MANAGE)
    municipality = home_municipality()
    if municipality is None:
        raise Http404
    form = MotionForm(request.POST or None, municipality=municipality)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            with transaction.atomic():  # the council meeting is recorded with the motion, or not at all
                filed_meeting = None
                if data["filed_on"]:
                    filed_meeting = meeting_on(body_of_kind(municipality.pk, Body.Kind.COUNCIL), data["filed_on"])
                motion = file_motion(
                    municipality, title=data["title"], movers=list(data["movers"]),
                    received_on=data["received_on"], filed_meeting=filed_meeting, summary=data["summary"],
                    text=data["text"], clauses=form.clause_list(), by=request.user,
                )
        except DomainError as error:
            form.add_domain_error(error)
        else:
            messages.success(request, _("Motionen är registrerad med diarienummer %(case)s.")
                             % {"case": motion.case_number})
            return redirect(motion)
    return render(request, "motions/register.html", {"form": form})
