from urllib.parse import urlencode, urlsplit

from django.conf import settings
from django.shortcuts import resolve_url
from django.utils.http import url_has_allowed_host_and_scheme

from motions import access as motion_access
from referrals import access as referral_access


def navigation(request):
    """What the menu offers the user, as the access helpers decide it."""
    user = request.user
    return {
        "can_register": motion_access.can(user, motion_access.MANAGE),
        "can_use_inbox": referral_access.can_use_inbox(user),
        "login_url": login_url(request),
    }


def login_url(request) -> str:
    """The menu's "Logga in": back to this page after signing in. On the login page itself it keeps
    the page the visitor was on their way to, and never leads back to the login page."""
    login = resolve_url(settings.LOGIN_URL)
    if request.path == login:
        back = request.GET.get("next", "")
        if not url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()},
                                               require_https=request.is_secure()):
            back = ""
    else:
        back = request.get_full_path()
    if not back or urlsplit(back).path == login:
        return login
    return f"{login}?{urlencode({'next': back})}"
