"""The one-click unfollow link in status e-mails: signed, so that it can only
stop the follow it was made for. It names the follow itself (its id and the
moment it began), not the user and the case: once that follow has ended, a
new follow of the same case by the same user is not ended by an old link."""

import datetime

from django.core import signing

_SALT = "reminders.unfollow.follow"
_EPOCH = datetime.datetime(1970, 1, 1, tzinfo=datetime.UTC)


def _began(follow) -> int:
    """When the follow began, in whole microseconds (exact, unlike a float)."""
    return (follow.created_at - _EPOCH) // datetime.timedelta(microseconds=1)


def unfollow_token(follow) -> str:
    return signing.dumps([follow.pk, _began(follow)], salt=_SALT)


def follow_of_token(token: str, follows):
    """The follow the token was made for, from the queryset `follows`; None when the token is not
    one of ours or that follow has ended."""
    try:
        follow_id, began = signing.loads(token, salt=_SALT)
    except (signing.BadSignature, ValueError, TypeError):
        return None
    follow = follows.filter(pk=follow_id).first()
    return follow if follow is not None and _began(follow) == began else None
