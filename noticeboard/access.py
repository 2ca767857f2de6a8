"""Who may do what on the notice board. Every view asks here.

The board, its archive and its feed are public; a notice of the registry's
is public once published (the publication review), the registry's always.
Adding, correcting and taking down notices is the registry's."""

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404

from accounts.roles import is_registry
from noticeboard.models import Notice
from organisation.models import Municipality

VIEW = "view"
MANAGE = "manage"


def can_manage(user) -> bool:
    return is_registry(user)


def municipality_for(user, municipality_id: int, action: str = VIEW) -> Municipality:
    municipality = get_object_or_404(Municipality, pk=municipality_id)
    if action == MANAGE and not can_manage(user):
        raise PermissionDenied
    return municipality


def notice_for(user, notice_id: int, action: str = VIEW) -> Notice:
    notice = get_object_or_404(Notice.objects.select_related("municipality", "body"), pk=notice_id)
    if action == MANAGE and not can_manage(user):
        raise PermissionDenied
    if action == VIEW and not notice.is_published and not can_manage(user):
        raise Http404
    return notice
