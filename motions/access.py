"""Who may do what with a motion. Every view asks here."""

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404

from accounts.roles import is_registry
from motions.models import Motion

VIEW = "view"
MANAGE = "manage"  # register, withdraw, record steps: the registry


def can(user, action: str) -> bool:
    """Whether `user` may `action` motions."""
    if action == VIEW:
        return True  # the register is public (offentlighetsprincipen)
    return action == MANAGE and is_registry(user)


def check_motion_access(user, action: str) -> None:
    """Raise PermissionDenied unless `user` may `action` motions."""
    if not can(user, action):
        raise PermissionDenied


def motion_for(user, case_number: str, action: str = VIEW) -> Motion:
    """The motion, if `user` may `action` it; 404 when it does not exist."""
    motion = get_object_or_404(Motion.objects.select_related("municipality"), case_number=case_number)
    check_motion_access(user, action)
    return motion
