from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from lib.errors import DomainError
from motions import access
from motions.forms import MotionCorrectionForm, MotionForm
from motions.services import correct_motion, file_motion_in_council
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


@login_required
@require_http_methods(["GET", "POST"])
def correct(request, case_number):
    """Put right what was registered of the motion, until the case is closed."""
    motion = access.motion_for(request.user, case_number, access.MANAGE)
    clauses = "\n".join(motion.clauses.values_list("text", flat=True))
    form = MotionCorrectionForm(request.POST or None, motion=motion, initial={
        "title": motion.title, "received_on": motion.received_on, "filed_on": motion.filed_on,
        "movers": [m.person_id for m in motion.movers.all()], "summary": motion.summary, "text": motion.text,
        "clauses": clauses, "version": motion.version})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            correct_motion(motion, title=data["title"], movers=form.mover_list(), received_on=data["received_on"],
                           filed_on=data["filed_on"], summary=data["summary"], text=data["text"],
                           clauses=form.clause_list(), reason=data["reason"], by=request.user,
                           version=data["version"])
        except DomainError as error:
            form.add_domain_error(error)
        else:
            messages.success(request, _("Motionens uppgifter är rättade."))
            return redirect(motion)
    return render(request, "motions/step.html", {
        "motion": motion, "form": form, "title": _("Rätta motionens uppgifter"), "submit": _("Spara rättelsen"),
        "refused": _("Ärendet är avslutat; dess uppgifter rättas inte längre.") if motion.is_closed else None,
    })
