"""The one-click unfollow link in status e-mails: signed, so that it can only
stop the follow it was made for."""

from django.core import signing

_SALT = "reminders.unfollow"


def unfollow_token(user_id: int, motion_id: int) -> str:
    return signing.dumps([user_id, motion_id], salt=_SALT, compress=True)


def read_unfollow_token(token: str) -> tuple[int, int] | None:
    try:
        user_id, motion_id = signing.loads(token, salt=_SALT)
    except (signing.BadSignature, ValueError, TypeError):
        return None
    return user_id, motion_id
