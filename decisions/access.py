"""Who may do what with minute items and draft decisions. Every view asks here."""

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404

from accounts.roles import is_registry
from decisions.models import MinuteItem

VIEW = "view"  # minutes are public
RECORD = "record"  # draft decisions, minute items: the registry


def can(user, action: str) -> bool:
    return action == VIEW or (action == RECORD and is_registry(user))


def check_decision_access(user, action: str) -> None:
    if not can(user, action):
        raise PermissionDenied


def minute_item_for(user, item_id: int, queryset=None, action: str = VIEW) -> MinuteItem:
    item = get_object_or_404(queryset if queryset is not None else MinuteItem.objects.all(), pk=item_id)
    check_decision_access(user, action)
    return item
