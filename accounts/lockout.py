"""Password guessing locked out (django-axes): a user at one address after LOGIN_FAILURE_LIMIT
failed sign-ins (axes' own limit, AXES_FAILURE_LIMIT), and an address, whoever it names, after the
higher LOGIN_FAILURE_LIMIT_PER_ADDRESS."""

from axes.handlers.database import AxesDatabaseHandler
from django.conf import settings
from django.db.models import Sum


class LockoutHandler(AxesDatabaseHandler):
    """Axes' database handler with a limit of its own for the address alone.

    Axes compares the largest count of its lockout parameters (AXES_LOCKOUT_PARAMETERS: the user at
    the address, then the address) with one limit; the address's count is scaled here so that it
    reaches that limit at LOGIN_FAILURE_LIMIT_PER_ADDRESS failures."""

    def get_failures(self, request, credentials=None) -> int:
        by_user_at_address, by_address = (
            attempts.aggregate(failures=Sum("failures_since_start"))["failures"] or 0
            for attempts in self.get_user_attempts(request, credentials)
        )
        scaled = by_address * settings.AXES_FAILURE_LIMIT // settings.LOGIN_FAILURE_LIMIT_PER_ADDRESS
        return max(by_user_at_address, scaled)


def username_of(request, credentials: dict | None = None) -> str:
    """The user name a sign-in names, as the lock-out records it: at most as long as a user name
    can be (a longer one names no user, and the record's column would refuse it)."""
    source = credentials if credentials is not None else request.POST
    value = source.get(settings.AXES_USERNAME_FORM_FIELD, "") if source is not None else ""
    return str(value or "")[:USERNAME_LENGTH]


# Django's User.username.
USERNAME_LENGTH = 150
