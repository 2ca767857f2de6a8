"""Who may do what with minute items and draft decisions. Every view asks here."""

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404

from accounts.roles import is_registry
from decisions.models import MinuteItem
from organisation.models import Meeting

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
    check_minutes_readable(user, item.meeting)
    return item


def meeting_for(user, meeting_id: int, action: str = VIEW, queryset=None) -> Meeting:
    """The meeting, for anyone to see; changing it is the registry's."""
    meeting = get_object_or_404(queryset if queryset is not None else Meeting.objects.select_related("body"),
                                pk=meeting_id)
    check_decision_access(user, action)
    return meeting


def can_read_minutes(user, meeting: Meeting) -> bool:
    """Minutes are public once signed; before that they are the registry's draft."""
    return meeting.is_signed or is_registry(user)


def check_minutes_readable(user, meeting: Meeting) -> None:
    if not can_read_minutes(user, meeting):
        raise Http404
