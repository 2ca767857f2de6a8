from urllib.parse import urlencode, urlsplit

from django.conf import settings
from django.shortcuts import resolve_url
from django.utils.http import url_has_allowed_host_and_scheme

from accounts.models import Role
from accounts.roles import role_of
from motions import access as motion_access
from publication import access as publication_access
from publication.selectors import waiting_count
from referrals import access as referral_access


def navigation(request):
    """What the menu offers the user, as the access helpers decide it."""
    user = request.user
    role = role_of(user)
    return {
        "can_register": motion_access.can(user, motion_access.MANAGE),
        "can_use_inbox": referral_access.can_use_inbox(user),
        # The user's own lists: a case officer's cases (anyone named as one has them too),
        # a councillor's motions; cases followed, for everyone signed in.
        "has_own_cases": user.is_authenticated and (
            role == Role.CASE_OFFICER or user.officer_cases.exists()),
        "has_own_motions": role == Role.COUNCILLOR,
        # The registry's review queue, with the number of documents waiting in it.
        "publication_waiting": waiting_count() if publication_access.can_review(user) else None,
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
