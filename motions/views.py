from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from lib.errors import DomainError
from motions import access
from motions.forms import MotionForm
from motions.services import file_motion_in_council
from organisation.selectors import home_municipality


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
            motion = file_motion_in_council(
                municipality, filed_on=data["filed_on"], title=data["title"], movers=list(data["movers"]),
                received_on=data["received_on"], summary=data["summary"], text=data["text"],
                clauses=form.clause_list(), by=request.user,
            )
        except DomainError as error:
            form.add_domain_error(error)
        else:
            messages.success(request, _("Motionen är registrerad med diarienummer %(case)s.")
                             % {"case": motion.case_number})
            return redirect(motion)
    return render(request, "motions/register.html", {"form": form})
