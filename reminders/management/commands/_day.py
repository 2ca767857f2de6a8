"""The --datum option of the reminders' commands (not a command: the name starts with "_")."""

import datetime
import re

from django.core.management.base import CommandError

from lib.time_limits import FIRST_YEAR, LAST_YEAR

# As in case files: ÅÅÅÅ-MM-DD only, and years the date arithmetic can reach on either side.
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def parse_day(value: str) -> datetime.date:
    """The date in `value`, or a CommandError in one Swedish line."""
    try:
        if not _ISO_DATE.fullmatch(value):
            raise ValueError
        day = datetime.date.fromisoformat(value)
    except ValueError:
        raise CommandError(f"--datum {value!r} är inget datum (ÅÅÅÅ-MM-DD).") from None
    if not FIRST_YEAR <= day.year <= LAST_YEAR:
        raise CommandError(f"--datum {value} ligger utanför åren {FIRST_YEAR}–{LAST_YEAR}.")
    return day
