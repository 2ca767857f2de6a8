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
from organisation.models import Municipality


@login_required
@require_http_methods(["GET", "POST"])
def register(request):
    access.check_motion_access(request.user, access.MANAGE)
    # An installation may keep the motions of several organisations: the
    # registry picks one (the first recorded by default).
    organisations = list(Municipality.objects.order_by("id"))
    if not organisations:
        raise Http404
    chosen = request.GET.get("organisation", "")
    municipality = next((o for o in organisations if str(o.pk) == chosen), organisations[0])
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
    return render(request, "motions/register.html", {
        "form": form, "organisations": organisations, "municipality": municipality})
