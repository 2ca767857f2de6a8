"""Reading a user's role. Every permission check goes through the access
helper of its object type (motions/access.py, referrals/access.py, ...), which
ask these questions."""

from django.contrib.auth import get_user_model

from accounts.models import EmailSettings, Role


def role_of(user) -> str | None:
    if not user.is_authenticated:
        return None
    role = getattr(user, "role", None)
    return role.role if role is not None else None


def is_registry(user) -> bool:
    return role_of(user) == Role.REGISTRY


def enrolled_by_registry(user) -> bool:
    """Whether the registry may enrol the user's authenticator app with them: a councillor's account
    that names its person (a signatory's). Never an administrator's or the registry's own, whose
    second factor no one else is to hold the key of."""
    role = getattr(user, "role", None)
    return (user.is_active and not user.is_staff and not user.is_superuser and role is not None
            and role.role == Role.COUNCILLOR and role.person_id is not None)


def secretary_body_ids(user) -> set[int]:
    """The bodies whose referrals the user answers (empty for everyone else)."""
    if role_of(user) != Role.BOARD_SECRETARY:
        return set()
    cache = getattr(user, "_secretary_body_ids", None)
    if cache is None:
        cache = user._secretary_body_ids = set(user.role.bodies.values_list("id", flat=True))
    return cache


def registry_users() -> list:
    """The active registry secretaries, who hear of every case's deadlines."""
    return list(get_user_model().objects.filter(is_active=True, role__role=Role.REGISTRY).order_by("id"))


def case_officers():
    """Those who may be named a case's officer (handläggare): the active case
    officers and registry secretaries, by name."""
    return get_user_model().objects.filter(
        is_active=True, role__role__in=(Role.CASE_OFFICER, Role.REGISTRY)).order_by("first_name", "last_name",
                                                                                     "username")


def secretaries_by_body() -> dict[int, list]:
    """Every active board secretary, by the bodies they answer for: one query."""
    by_body: dict[int, list] = {}
    secretaries = get_user_model().objects.filter(
        is_active=True, role__role=Role.BOARD_SECRETARY).prefetch_related("role__bodies").order_by("id")
    for user in secretaries:
        for body in user.role.bodies.all():
            by_body.setdefault(body.pk, []).append(user)
    return by_body


def active_user(username: str):
    """The active user of that name (None if there is none): who a command acts as."""
    return get_user_model().objects.filter(username=username, is_active=True).first()


def email_settings_of(user):
    """How the user wants e-mail: their settings, or the defaults (an unsaved
    row) when they have never chosen."""
    try:
        return user.email_settings
    except EmailSettings.DoesNotExist:
        return EmailSettings(user=user)
