import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from lib.errors import DomainError
from motions import access as motion_access
from motions.forms import WithdrawForm
from motions.models import Status
from motions.selectors import refusal
from organisation.models import Body
from referrals import access
from referrals.forms import AnswerForm, DeclineForm, DraftForm, ExtendForm, ReferForm, WithdrawReferralForm
from referrals.models import Referral
from referrals.selectors import inbox
from referrals.services import (
    REFERABLE_KINDS,
    ReferralRequest,
    extend_referral_due_date,
    record_referral_declined,
    record_referral_response,
    refer_motion,
    save_referral_draft,
    withdraw_motion_and_referrals,
    withdraw_referral,
)


@login_required
@require_http_methods(["GET", "POST"])
def refer(request, case_number):
    motion = motion_access.motion_for(request.user, case_number, motion_access.MANAGE)
    bodies = (
        Body.objects.filter(municipality=motion.municipality, kind__in=REFERABLE_KINDS)
        .exclude(referrals__motion=motion, referrals__status=Referral.Status.SENT)
        .order_by("name")
    )
    today = timezone.localdate()
    form = ReferForm(request.POST or None, bodies=bodies, initial={
        "version": motion.version, "sent_on": today, "due_on": today + datetime.timedelta(weeks=12),
    })
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            refer_motion(
                motion, requests=[ReferralRequest(body, due) for body, due in form.requests()],
                sent_on=data["sent_on"], by=request.user, version=data["version"],
            )
        except DomainError as error:
            form.add_domain_error(error)
        else:
            messages.success(request, _("Motionen är remitterad."))
            return redirect(motion)
    return render(request, "referrals/refer.html", {
        "motion": motion, "form": form, "refused": refusal(motion, Status.REFERRED),
    })


@login_required
def inbox_page(request):
    if not access.can_use_inbox(request.user):
        raise PermissionDenied
    return render(request, "referrals/inbox.html",
                  {"groups": inbox(access.inbox_for(request.user), today=timezone.localdate())})


@login_required
@require_http_methods(["GET", "POST"])
def answer(request, referral_id):
    """The body's answer: save a draft, submit it, or decline to comment."""
    referral = access.referral_for(request.user, referral_id, access.ANSWER)
    motion = referral.motion
    initial = {"text": referral.draft_text}
    form = AnswerForm(initial=initial)
    decline_form = DeclineForm(prefix="decline")
    if request.method == "POST" and not referral.is_open:
        messages.info(request, _("Remissen har redan status ”%(status)s”; inget ändrades.")
                      % {"status": referral.get_status_display()})
    elif request.method == "POST":
        action = request.POST.get("action")
        if action == "draft":
            draft = DraftForm(request.POST)
            if draft.is_valid():
                try:
                    save_referral_draft(referral, text=draft.cleaned_data["text"], by=request.user)
                except DomainError as error:
                    messages.error(request, error.message)
                else:
                    messages.success(request, _("Utkastet till yttrande är sparat (texten). Det syns bara för er och "
                                                "registratorn tills svaret skickas."))
                    return redirect("referrals:answer", referral_id=referral.pk)
            else:
                messages.error(request, " ".join(draft.errors["text"]))
            # Nothing saved: the form keeps what was typed.
            form = AnswerForm(initial={"text": request.POST.get("text", "")})
        elif action == "decline":
            decline_form = DeclineForm(request.POST, prefix="decline")
            if decline_form.is_valid():
                data = decline_form.cleaned_data
                try:
                    record_referral_declined(
                        referral, decided_on=data["decided_on"], paragraph=data["paragraph"],
                        text=data["text"], by=request.user,
                    )
                except DomainError as error:
                    decline_form.add_domain_error(error)
                else:
                    messages.success(request, _("Registrerat att %(body)s avstår från att yttra sig.")
                                     % {"body": referral.body})
                    return redirect(motion)
        else:
            form = AnswerForm(request.POST, request.FILES, initial=initial)
            if form.is_valid():
                data = form.cleaned_data
                try:
                    record_referral_response(
                        referral, decided_on=data["decided_on"], paragraph=data["paragraph"],
                        body_case_number=data["body_case_number"], text=data["text"],
                        document=data["document"], by=request.user,
                    )
                except DomainError as error:
                    form.add_domain_error(error)
                else:
                    messages.success(request, _("Remissvaret från %(body)s är inskickat.") % {"body": referral.body})
                    return redirect(motion)
    return render(request, "referrals/answer.html", {
        "referral": referral, "motion": motion, "form": form, "decline_form": decline_form,
    })


def _closed(referral: Referral) -> str | None:
    """Why a referral's own steps are not offered any more; None while it is open."""
    if referral.is_open:
        return None
    return _("Remissen har status ”%(status)s”.") % {"status": referral.get_status_display()}


@login_required
@require_http_methods(["GET", "POST"])
def extend(request, referral_id):
    referral = access.referral_for(request.user, referral_id, access.MANAGE)
    motion = referral.motion
    form = ExtendForm(request.POST or None, initial={"on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            extend_referral_due_date(referral, due_on=data["due_on"], on=data["on"], by=request.user)
        except DomainError as error:
            form.add_domain_error(error)
        else:
            messages.success(request, _("Svarstiden för %(body)s är förlängd.") % {"body": referral.body})
            return redirect(motion)
    return render(request, "motions/step.html", {
        "motion": motion, "form": form, "submit": _("Förläng"),
        "title": _("Förläng svarstiden för %(body)s") % {"body": referral.body},
        "current": _("Svar senast nu: %(due)s.") % {"due": referral.current_due_on.isoformat()},
        "refused": _closed(referral),
    })


@login_required
@require_http_methods(["GET", "POST"])
def withdraw(request, referral_id):
    referral = access.referral_for(request.user, referral_id, access.MANAGE)
    motion = referral.motion
    form = WithdrawReferralForm(request.POST or None, initial={"on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            withdraw_referral(referral, on=data["on"], reason=data["reason"], by=request.user)
        except DomainError as error:
            form.add_domain_error(error)
        else:
            messages.success(request, _("Remissen till %(body)s är återkallad.") % {"body": referral.body})
            return redirect(motion)
    return render(request, "motions/step.html", {
        "motion": motion, "form": form, "submit": _("Återkalla remissen"),
        "title": _("Återkalla remissen till %(body)s") % {"body": referral.body},
        "refused": _closed(referral),
        "consequences": [
            _("%(body)s behöver inte längre svara på remissen; remissen visas som återkallad i ärendet.")
            % {"body": referral.body},
        ],
    })


def document(request, referral_id):
    """The submitted answer's attachment: public, like the answer itself."""
    referral = access.referral_for(request.user, referral_id, access.DOCUMENT)
    return FileResponse(referral.response.document.open("rb"), content_type="application/pdf",
                        filename=f"remissvar-{referral.body.short_name or referral.body_id}.pdf")


@login_required
@require_http_methods(["GET", "POST"])
def withdraw_motion(request, case_number):
    """The movers withdraw the motion; its open referrals are called back."""
    motion = motion_access.motion_for(request.user, case_number, motion_access.MANAGE)
    form = WithdrawForm(request.POST or None, initial={"version": motion.version, "on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            withdraw_motion_and_referrals(motion, on=data["on"], reason=data["reason"], by=request.user,
                                          version=data["version"])
        except DomainError as error:
            form.add_domain_error(error)
        else:
            messages.success(request, _("Motionen är återkallad."))
            return redirect(motion)
    open_bodies = [referral.body.name for referral in motion.referrals.filter(status=Referral.Status.SENT)
                   .select_related("body").order_by("body__name")]
    consequences = [_("Motionen får status ”Återkallad” och ärendet avslutas.")]
    if open_bodies:
        consequences.append(_("Remisserna som ännu inte besvarats återkallas samtidigt: %(bodies)s.")
                            % {"bodies": ", ".join(open_bodies)})
    return render(request, "motions/step.html", {
        "motion": motion, "form": form, "title": _("Återkalla motionen"), "submit": _("Återkalla motionen"),
        "refused": refusal(motion, Status.WITHDRAWN), "consequences": consequences,
    })
