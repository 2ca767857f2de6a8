"""Electronic signing of the minutes: the registry sends them, the
signatories sign them or ask for a correction, the registry may take them
back (decisions.services.digital_signing)."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from accounts.forms import CodeForm
from accounts.services import check_code, confirmed_device, has_second_factor
from decisions import access
from decisions.models import Signature, SigningRound
from decisions.services.digital_signing import (
    COMMENT_LIMIT,
    accounts_of,
    ask_for_correction,
    current_round,
    send_for_signing,
    sending_problems,
    sign,
    signatories,
    signed_so_far,
    withdraw,
)
from lib.errors import AlreadyDone, DomainError
from lib.forms import ServiceForm

# Which of the signing page's forms was sent.
SIGN, CORRECTION, WITHDRAW = "sign", "correction", "withdraw"


class SignatureForm(CodeForm):
    """The signatory's signing: that they have read the protocol (`protocol`: the key of the one
    the page showed), and a code from their app."""

    read = forms.BooleanField(label=gettext_lazy("Jag har läst protokollet och justerar det."))
    protocol = forms.CharField(widget=forms.HiddenInput)
    field_order = ["read", "token"]


class CorrectionForm(ServiceForm):
    protocol = forms.CharField(widget=forms.HiddenInput)
    comment = forms.CharField(
        label=gettext_lazy("Vad ska rättas?"), max_length=COMMENT_LIMIT, widget=forms.Textarea(attrs={"rows": 4}),
        help_text=gettext_lazy("Registraturen ser kommentaren, rättar protokollet och skickar det på nytt. "
                               "Justeringar som redan gjorts upphör att gälla."))


class WithdrawForm(ServiceForm):
    reason = forms.CharField(
        label=gettext_lazy("Varför tas protokollet tillbaka?"), widget=forms.Textarea(attrs={"rows": 2}),
        help_text=gettext_lazy("Justerarna ser skälet; justeringar som redan gjorts upphör att gälla."))


@login_required
@require_http_methods(["GET", "POST"])
def send(request, meeting_id: int):
    """The registry's sending of the minutes to their signatories: who signs,
    with what account, and what stops the sending; the button sends."""
    meeting = access.meeting_for(request.user, meeting_id, access.RECORD)
    if request.method == "POST":
        try:
            signing_round = send_for_signing(meeting, by=request.user)
        except DomainError as error:
            messages.error(request, error.message)
        else:
            names = ", ".join(str(signature.person) for signature in signing_round.signatures.all())
            messages.success(request, _("Protokollet är skickat för justering till %(names)s.") % {"names": names})
            return redirect("decisions:signing", meeting.pk)
    people = signatories(meeting)
    accounts = accounts_of(attendance.person for attendance, _capacity in people)
    rows = [{"person": attendance.person, "capacity": capacity, "user": accounts.get(attendance.person_id),
             "enrolled": attendance.person_id in accounts and has_second_factor(accounts[attendance.person_id])}
            for attendance, capacity in people]
    refused = None
    if meeting.is_signed:
        refused = _("Protokollet är redan justerat.")
    elif meeting.out_for_signing_since:
        refused = _("Protokollet är redan ute för justering.")
    return render(request, "decisions/signing_send.html", {
        "meeting": meeting, "rows": rows, "refused": refused,
        "problems": [] if refused else sending_problems(meeting),
    })


def _round_for(request, meeting_id: int) -> tuple:
    """The meeting, its latest round and the user's signature in it: for
    the signatories named in the round and the registry; others are refused."""
    meeting = access.meeting_for(request.user, meeting_id)
    signing_round = current_round(meeting)
    registry = access.can(request.user, access.RECORD)
    mine = None
    if signing_round is not None:
        mine = next((s for s in signing_round.signatures.all() if s.user_id == request.user.pk), None)
    if mine is None and not registry:
        raise PermissionDenied(_("Bara protokollets justerare och registraturen kommer åt justeringen."))
    return meeting, signing_round, mine, registry


@login_required
@never_cache
@require_http_methods(["GET", "POST"])
def signing(request, meeting_id: int):
    """The signing page: the protocol to read, who has signed, and for the
    signatory whose signature waits, the signing (with a code from their
    app) and the request for a correction; for the registry, taking the
    minutes back."""
    meeting, signing_round, mine, registry = _round_for(request, meeting_id)
    if signing_round is None:
        return redirect("decisions:send_for_signing", meeting.pk)
    sent = request.POST.get("form") if request.method == "POST" else None
    # Signing and asking for a correction are the signatory's own; taking the minutes back, the registry's.
    if sent is not None and not (sent in (SIGN, CORRECTION) and mine or sent == WITHDRAW and registry):
        raise PermissionDenied
    shown = {"protocol": signing_round.protocol.key}  # what the page shows, sent back with the forms
    sign_form = SignatureForm(request.POST if sent == SIGN else None, initial=shown)
    correction_form = CorrectionForm(request.POST if sent == CORRECTION else None, initial=shown)
    withdraw_form = WithdrawForm(request.POST if sent == WITHDRAW else None)
    if sent == SIGN and sign_form.is_valid():
        data = sign_form.cleaned_data

        def signs():
            device = confirmed_device(request.user)
            if device is None:
                raise DomainError(_("Du har ingen autentiseringsapp registrerad. Registraturen registrerar den åt "
                                    "dig innan du kan justera."), field="token")
            check_code(device, data["token"])
            signature = sign(mine, by=request.user, read=data["protocol"])
            return (_("Du har justerat protokollet. Alla justerare har nu justerat, och protokollet är justerat.")
                    if signature.round.state == SigningRound.State.SIGNED else _("Du har justerat protokollet."))
        answered = _answer(request, meeting, sign_form, signs)
        if answered:
            return answered
    elif sent == CORRECTION and correction_form.is_valid():
        data = correction_form.cleaned_data

        def asks():
            ask_for_correction(mine, comment=data["comment"], by=request.user, read=data["protocol"])
            return _("Registraturen har fått din begäran om rättelse.")
        answered = _answer(request, meeting, correction_form, asks)
        if answered:
            return answered
    elif sent == WITHDRAW and withdraw_form.is_valid():
        try:
            withdraw(meeting, reason=withdraw_form.cleaned_data["reason"], by=request.user)
        except DomainError as error:
            withdraw_form.add_domain_error(error)
        else:
            messages.success(request, _("Protokollet är taget tillbaka från justeringen och kan ändras."))
            return redirect(meeting)
    is_open = signing_round.state == SigningRound.State.OPEN
    return render(request, "decisions/signing.html", {
        "meeting": meeting, "round": signing_round, "mine": mine, "registry": registry, "open": is_open,
        "waiting": is_open and mine is not None and mine.state == Signature.State.WAITING,
        "enrolled": mine is not None and has_second_factor(request.user),
        "sign_form": sign_form, "correction_form": correction_form, "withdraw_form": withdraw_form,
        "signed_count": sum(s.state == Signature.State.SIGNED for s in signing_round.signatures.all()),
    })


def _answer(request, meeting, form, step):
    """A signatory's answer: `step` run, and the page again with its message (the success it
    returns, an answer given already, or minutes sent again meanwhile: the page afresh, with the new
    protocol); None, with the refusal at its field, for the form to be shown again."""
    try:
        done = step()
    except AlreadyDone as already:
        messages.info(request, already.message)
    except DomainError as error:
        if error.field != "protocol":
            form.add_domain_error(error)
            return None
        messages.error(request, error.message)
    else:
        messages.success(request, done)
    return redirect("decisions:signing", meeting.pk)


@login_required
@require_GET
def signing_pdf(request, meeting_id: int):
    """The protocol of the latest round, with the signatures made so far: for
    its signatories and the registry, never cached on the way."""
    meeting, signing_round, _mine, _registry = _round_for(request, meeting_id)
    if signing_round is None:
        raise PermissionDenied
    response = HttpResponse(signed_so_far(signing_round), content_type="application/pdf")
    response["Content-Disposition"] = (
        f'inline; filename="protokoll-{meeting.pk}-utskick-{signing_round.number}.pdf"')
    response["Cache-Control"] = "private, no-store"
    return response

