"""Who may take a case's archive package, and when. Every view asks here.

The package holds every document of the case, confidential ones too: it is the registry's, for
delivery to the archive (arkivmyndigheten), and only once the case is closed and its decisions
have legal force."""

from django.core.exceptions import PermissionDenied
from django.utils import timezone

from accounts.roles import is_registry
from archive.selectors import refusal
from motions import access as motion_access
from motions.models import Motion


def can_take(user) -> bool:
    return is_registry(user)


def package_for(user, case_number: str) -> Motion:
    """The case, when `user` may take its package now; 404 when there is no such case, 403 (with
    the reason, in Swedish) for anyone but the registry and while the case cannot be archived yet."""
    motion = motion_access.motion_for(user, case_number)
    if not can_take(user):
        raise PermissionDenied
    problem = refusal(motion, today=timezone.localdate())
    if problem:
        raise PermissionDenied(problem)
    return motion
