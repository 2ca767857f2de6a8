from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from lib.errors import DomainError
from motions import access
from motions.forms import CaseOfficerForm, MotionForm
from motions.services import assign_case_officer, file_motion, officer_name
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
            motion = file_motion(
                municipality, filed_meeting=data["filed_meeting"], title=data["title"],
                movers=list(data["movers"]), received_on=data["received_on"], summary=data["summary"],
                text=data["text"], clauses=form.clause_list(), case_number=data["case_number"],
                case_officer=data["case_officer"], by=request.user,
            )
        except DomainError as error:
            form.add_domain_error(error)
        else:
            messages.success(request, _("Motionen är registrerad med diarienummer %(case)s.")
                             % {"case": motion.case_number})
            return redirect(motion)
    return render(request, "motions/register.html", {
        "form": form, "organisations": organisations, "municipality": municipality})


@login_required
@require_POST
def case_officer(request, case_number):
    """Name or change the case's officer (handläggare), from the case page."""
    motion = access.motion_for(request.user, case_number, access.MANAGE)
    form = CaseOfficerForm(request.POST)
    if form.is_valid():
        try:
            motion = assign_case_officer(motion, officer=form.cleaned_data["case_officer"], by=request.user,
                                         version=form.cleaned_data["version"])
        except DomainError as error:
            messages.error(request, error.message)
        else:
            officer = motion.case_officer
            messages.success(request, _("Handläggare är nu %(name)s.") % {"name": officer_name(officer)}
                             if officer else _("Ärendet har ingen handläggare."))
    else:
        messages.error(request, " ".join(e for errors in form.errors.values() for e in errors))
    return redirect(motion)
