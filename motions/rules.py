"""A case's rules and derived facts, each declared once.

The case page, the case list's filters, the meeting pages, the services, the
reminders and the twice-yearly report all ask here, so that they agree on
every day (tests/motions/test_rules.py holds them to it).
"""

import datetime

from django.db.models import Q

from motions.models import CLOSED, TRANSITIONS, Status
from organisation.models import Body

# --- The path of preparation ----------------------------------------------

# The kind of body that handles a case waiting in each status.
HANDLED_BY: dict[str, str] = {
    Status.PREPARED: Body.Kind.WORKING_COMMITTEE,
    Status.WORKING_COMMITTEE: Body.Kind.EXECUTIVE_BOARD,
    Status.BOARD: Body.Kind.COUNCIL,
}
# The status a case has while it waits at each kind of meeting.
WAITING_AT: dict[str, str] = {kind: status for status, kind in HANDLED_BY.items()}


def can_be_struck_off(status: str) -> bool:
    """The council may strike the case off (a withdrawn motion, or one not
    prepared in time, KL 5 kap. 35 §)."""
    return Status.STRUCK_OFF in TRANSITIONS[status]


def can_be_handled_by(status: str, kind: str) -> bool:
    """Whether a meeting of this kind of body can give the case a paragraph
    of its own now: it waits there, or the council strikes it off."""
    return HANDLED_BY.get(status) == kind or (kind == Body.Kind.COUNCIL and can_be_struck_off(status))


def statuses_handled_by(kind: str) -> list[str]:
    """The statuses of the cases that wait for a meeting of this kind."""
    return [status for status, handler in HANDLED_BY.items() if handler == kind]


# --- The one-year mark (KL 5 kap. 35 §) -----------------------------------

def one_year_mark(filed_on: datetime.date) -> datetime.date:
    """The council should decide within a year of filing: the same calendar
    date a year on (29 February falls on 28 February)."""
    try:
        return filed_on.replace(year=filed_on.year + 1)
    except ValueError:
        return filed_on.replace(year=filed_on.year + 1, day=28)


def days_to_one_year_mark(filed_on: datetime.date, day: datetime.date) -> int:
    """Days from `day` to the mark: 0 on the mark itself, negative past it."""
    return (one_year_mark(filed_on) - day).days


def is_past_one_year_mark(filed_on: datetime.date, day: datetime.date) -> bool:
    """On `day` the mark has passed: the case is over the one-year limit."""
    return day > one_year_mark(filed_on)


def past_one_year_mark(day: datetime.date) -> Q:
    """The database's version of is_past_one_year_mark, for a filter.

    The mark moves forwards with the filing day, so the cases past it on
    `day` are those filed before the first day whose mark has not passed."""
    first_not_past = day.replace(year=day.year - 1) if (day.month, day.day) != (2, 29) else datetime.date(
        day.year - 1, 3, 1)
    return Q(filed_on__lt=first_not_past)


# --- A case's timeline ----------------------------------------------------

def status_on(events, day: datetime.date) -> str | None:
    """The status at the end of `day`, from the events in timeline order
    (None: not filed by then)."""
    status = None
    for event in events:
        if event.occurred_on <= day:
            status = event.to_status
    return status


def decided_on(events) -> datetime.date | None:
    """The day the council closed the case, from its events (None: open)."""
    return next((event.occurred_on for event in reversed(list(events))
                 if event.to_status in CLOSED and event.from_status not in CLOSED), None)


def is_open_on(events, day: datetime.date) -> bool:
    """Filed by `day` and not decided by then."""
    status = status_on(events, day)
    return status is not None and status not in CLOSED
