import base64
from urllib.parse import urlsplit

import segno
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth import views as auth
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render, resolve_url
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods
from django_otp import login as verify_session

from accounts.forms import CodeForm, EmailSettingsForm
from accounts.roles import email_settings_of, enrolled_by_registry, is_registry
from accounts.services import (
    check_code,
    confirm_totp_device,
    confirmed_device,
    has_second_factor,
    start_totp_enrolment,
    update_email_settings,
)
from lib.errors import DomainError


class LoginView(auth.LoginView):
    """Django's login page, except that signing in never leads back to the login page itself
    (a `next` pointing there goes to the front page instead)."""

    def get_redirect_url(self):
        url = super().get_redirect_url()
        return "" if url and urlsplit(url).path == resolve_url(settings.LOGIN_URL) else url


@login_required
@require_http_methods(["GET", "POST"])
def my_settings(request):
    """The signed-in user's own settings: how and in which language they get e-mail."""
    current = email_settings_of(request.user)
    form = EmailSettingsForm(request.POST or None,
                             initial={"delivery": current.delivery, "language": current.language})
    if request.method == "POST" and form.is_valid():
        try:
            update_email_settings(request.user, **form.cleaned_data)
        except DomainError as error:
            form.add_domain_error(error)
        else:
            messages.success(request, _("Dina inställningar är sparade."))
            return redirect("my_settings")
    return render(request, "accounts/settings.html", {
        "form": form, "second_factor": may_enrol(request.user),
        "enrolled": has_second_factor(request.user),
    })


def locked_out(request, original_response=None, credentials=None):
    """django-axes' answer to a sign-in while locked out (AXES_LOCKOUT_CALLABLE): how long, and what to do."""
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    return render(request, "registration/locked_out.html", {"minutes": minutes}, status=429)


def _next_page(request) -> str:
    """The page to go on to after the second step: `next`, when it is on this site."""
    url = request.POST.get("next") or request.GET.get("next") or ""
    if url and url_has_allowed_host_and_scheme(url, {request.get_host()}, require_https=request.is_secure()):
        return url
    return resolve_url(settings.LOGIN_REDIRECT_URL)


@login_required
@require_http_methods(["GET", "POST"])
def verify_code(request):
    """The second step of signing in, for a user with a confirmed device: a code from the app."""
    device = confirmed_device(request.user)
    if device is None or request.user.is_verified():
        return redirect(_next_page(request))
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            check_code(device, form.cleaned_data["token"])
        except DomainError as error:
            form.add_domain_error(error)
        else:
            verify_session(request, device)
            return redirect(_next_page(request))
    return render(request, "registration/verify_code.html", {"form": form, "next": _next_page(request)})


def may_enrol(user) -> bool:
    """Whether the user may use a second factor: the registry and the administrators."""
    return user.is_authenticated and (user.is_staff or is_registry(user))


@login_required
@never_cache
@require_http_methods(["GET", "POST"])
def two_factor(request):
    """Enrolling a second factor: the secret as text, as an otpauth:// link and as a QR code,
    confirmed by a code from the app."""
    if not may_enrol(request.user):
        raise PermissionDenied(_("Tvåstegsverifiering används av registraturen och administratörerna."))
    if has_second_factor(request.user):
        return render(request, "accounts/two_factor.html", {"enrolled": True})
    device = start_totp_enrolment(request.user)
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            device = confirm_totp_device(device, token=form.cleaned_data["token"], by=request.user)
        except DomainError as error:
            form.add_domain_error(error)
        else:
            verify_session(request, device)
            messages.success(request, _("Tvåstegsverifieringen är påslagen. Från nu anger du en kod från appen "
                                        "efter lösenordet när du loggar in."))
            return redirect(_next_page(request) if request.GET.get("next") else "my_settings")
    return render(request, "accounts/two_factor.html", {"enrolled": False, "form": form, **_enrolment(device)})


@login_required
@never_cache
@require_http_methods(["GET", "POST"])
def enrol_for(request, user_id: int):
    """The registry enrols someone's authenticator app with them, say a signatory's before their first
    electronic signing (decisions' signing pages): the person scans the QR code with their phone, and
    the registry confirms with the code the app then shows."""
    if not is_registry(request.user):
        raise PermissionDenied
    user = get_object_or_404(get_user_model().objects.select_related("role"), pk=user_id, is_active=True)
    if not enrolled_by_registry(user):
        raise PermissionDenied(_("Registraturen registrerar autentiseringsappen bara för justerare: ledamöters "
                                 "konton som är kopplade till en person."))
    name = user.get_full_name() or user.get_username()
    if has_second_factor(user):
        return render(request, "accounts/two_factor.html", {"enrolled": True, "for_user": name})
    try:
        device = start_totp_enrolment(user)
    except DomainError as error:  # enrolled at this moment, elsewhere
        raise PermissionDenied(error.message) from None
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            confirm_totp_device(device, token=form.cleaned_data["token"], by=request.user)
        except DomainError as error:
            form.add_domain_error(error)
        else:
            messages.success(request, _("Tvåstegsverifieringen är påslagen för %(name)s.") % {"name": name})
            return redirect(_next_page(request))
    return render(request, "accounts/two_factor.html", {"enrolled": False, "form": form, "for_user": name,
                                                        **_enrolment(device)})


def _enrolment(device) -> dict:
    """What enrolling `device` shows: the secret as an otpauth:// link, as a QR code and as text."""
    uri = device.config_url
    # Drawn here as SVG, from no other server; the secret and the link say the same for those who cannot scan.
    qr_code = segno.make(uri, error="m").svg_inline(scale=4, omitsize=False)
    return {"uri": uri, "qr_code": mark_safe(qr_code),  # noqa: S308 - segno's own SVG
            "secret": " ".join(_groups(base64.b32encode(device.bin_key).decode().rstrip("=")))}


def _groups(text: str, size: int = 4) -> list[str]:
    return [text[start:start + size] for start in range(0, len(text), size)]
