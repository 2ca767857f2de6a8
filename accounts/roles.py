"""Reading a user's role. Every permission check goes through the access
helper of its object type (motions/access.py, referrals/access.py, ...), which
ask these questions."""

from accounts.models import Role


def role_of(user) -> str | None:
    if not user.is_authenticated:
        return None
    role = getattr(user, "role", None)
    return role.role if role is not None else None


def is_registry(user) -> bool:
    return role_of(user) == Role.REGISTRY


def secretary_body_ids(user) -> set[int]:
    """The bodies whose referrals the user answers (empty for everyone else)."""
    if role_of(user) != Role.BOARD_SECRETARY:
        return set()
    cache = getattr(user, "_secretary_body_ids", None)
    if cache is None:
        cache = user._secretary_body_ids = set(user.role.bodies.values_list("id", flat=True))
    return cache
