from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from lib.errors import AlreadyDone, DomainError
from motions import access
from motions.forms import CaseOfficerForm, MotionCorrectionForm, MotionForm
from motions.services import assign_case_officer, correct_motion, file_motion, officer_name
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
                case_officer=data["case_officer"], submission=data["submission"], by=request.user,
            )
        except AlreadyDone as done:
            messages.info(request, done.message)
            return redirect(done.record)
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
