"""The second factor's gate: a signed-in user with a confirmed TOTP device uses the site only once
the session is verified by a code, and with OTP_REQUIRED_FOR_REGISTRY the registry and the
administrators only once they have enrolled a device."""

from django.conf import settings
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import urlencode
from django_otp import user_has_device

from accounts.roles import is_registry

# What a user may reach before the second step: the step itself, leaving, and the language.
OPEN = {"verify_code", "login", "logout", "set_language"}


def needs_second_factor(user) -> bool:
    """Whether `user` must have a second factor: the registry and the administrators, when the
    installation requires it."""
    return settings.OTP_REQUIRED_FOR_REGISTRY and (user.is_staff or is_registry(user))


class SecondFactorMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, _view_func, _view_args, _view_kwargs):
        user = request.user
        if not user.is_authenticated or user.is_verified():
            return None
        name = request.resolver_match.view_name if request.resolver_match else ""
        if name in OPEN:
            return None
        if user_has_device(user):
            return redirect_with_next("verify_code", request)
        if needs_second_factor(user) and name != "two_factor":
            return redirect_with_next("two_factor", request)
        return None


def redirect_with_next(view_name: str, request):
    """To the page `view_name`, and from there back to the page asked for (a GET's)."""
    following = request.get_full_path() if request.method == "GET" else ""
    url = reverse(view_name)
    return redirect(f"{url}?{urlencode({'next': following})}" if following else url)
