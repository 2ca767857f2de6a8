"""Who may do what with minute items and draft decisions. Every view asks here."""

from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import Http404
from django.shortcuts import get_object_or_404

from accounts.roles import is_registry
from decisions.models import POSTED_KINDS, MinuteItem, RenderedDocument
from organisation.models import Body, Meeting
from publication.selectors import published

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


# --- What the public may read (the open data, public.oparl) ---------------------------------

def minutes_public(meeting: Meeting) -> bool:
    """Whether what the minutes record of the meeting (its paragraphs, who served, the votes) is
    public: a board's or committee's once its minutes are signed; the council's as soon as it is
    recorded, since the council decides in a public meeting. Its agenda is public before."""
    return meeting.is_signed or meeting.body.kind == Body.Kind.COUNCIL


def public_minutes_meetings() -> Q:
    """minutes_public as a filter on Meeting."""
    return Q(signed_on__isnull=False) | Q(body__kind=Body.Kind.COUNCIL)


def public_paragraphs(prefix: str = "") -> Q:
    """minutes_public as a filter on MinuteItem (or, with `prefix`, "item__", a relation to one):
    the paragraphs the public may read."""
    return (Q(**{f"{prefix}meeting__signed_on__isnull": False})
            | Q(**{f"{prefix}meeting__body__kind": Body.Kind.COUNCIL}))


def public_minute_documents(queryset=None):
    """The rendered documents the public may read: the protocol, the notice of its signing and the
    extracts as kept at signing, once published (the publication review). (A draft rendered before
    signing is the registry's; the announcements and notices of meeting, kept as posted before the
    meeting, are the notice board's: noticeboard.selectors.)"""
    queryset = queryset if queryset is not None else RenderedDocument.objects.all()
    return published(queryset.filter(archived=True, meeting__signed_on__isnull=False).exclude(kind__in=POSTED_KINDS))


def can_see_decision(user, item: MinuteItem) -> bool:
    """What a paragraph decided (its outcome on the case page, the status it moved the case to, its
    events): for everyone once its minutes are public (minutes_public), before that the registry's."""
    return minutes_public(item.meeting) or is_registry(user)
