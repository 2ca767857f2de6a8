"""Time limits counted as Swedish law counts them.

Lag (1930:173) om beräkning av lagstadgad tid: when the last day of a time
limit falls on a Saturday, a Sunday, another public holiday, Midsummer Eve,
Christmas Eve or New Year's Eve, the step may be taken on the next weekday.
"""

import datetime
from functools import lru_cache

import holidays

DAY = datetime.timedelta(days=1)
# The years a date in the register may lie in: case numbers carry a four-digit
# year, and the arithmetic of time limits (a year on, three weeks on) must stay
# within Python's dates whatever is typed.
FIRST_YEAR, LAST_YEAR = 1900, 2199
# KL 13 kap. 5 §: an appeal within three weeks of the notice of signing.
APPEAL_PERIOD = datetime.timedelta(weeks=3)
# KL 8 kap. 12 §: the notice of signing is posted at the latest on the second day after signing.
POSTING_LIMIT = datetime.timedelta(days=2)
# KL 5 kap. 53 §: the council's meeting is announced on the notice board at least a week before it.
ANNOUNCEMENT_NOTICE = datetime.timedelta(weeks=1)


@lru_cache(maxsize=64)
def _public_holidays(year: int) -> frozenset[datetime.date]:
    return frozenset(holidays.country_holidays("SE", years=year))


def _is_midsummer_eve(day: datetime.date) -> bool:
    # The Friday between 19 and 25 June.
    return day.month == 6 and 19 <= day.day <= 25 and day.weekday() == 4


def is_closed_day(day: datetime.date) -> bool:
    """A day on which a time limit cannot end (the next weekday takes its place)."""
    return (
        day.weekday() >= 5
        or day in _public_holidays(day.year)
        or _is_midsummer_eve(day)
        or (day.month, day.day) in {(12, 24), (12, 31)}
    )


def next_open_day(day: datetime.date) -> datetime.date:
    """`day` itself, or the next day that is not a closed day."""
    while is_closed_day(day):
        day += DAY
    return day


def latest_posting_date(signed_on: datetime.date) -> datetime.date:
    """The last day to post the notice that the minutes are signed: the
    second day after signing, moved to the next weekday from a closed day."""
    return next_open_day(signed_on + POSTING_LIMIT)


def proposed_posting_date(signed_on: datetime.date) -> datetime.date:
    """The day to propose for posting: the last weekday no later than the
    second day after signing (the signing day itself at the earliest), so a
    notice is not proposed for a Saturday; the law's latest day when every
    one of those days is closed."""
    for offset in range(POSTING_LIMIT.days, -1, -1):
        day = signed_on + offset * DAY
        if not is_closed_day(day):
            return day
    return latest_posting_date(signed_on)


def last_day_to_appeal(posted_on: datetime.date) -> datetime.date:
    """Three weeks from the day the notice was posted, moved to the next weekday if it falls on a closed day."""
    return next_open_day(posted_on + APPEAL_PERIOD)


def latest_announcement_date(meeting_date: datetime.date) -> datetime.date:
    """The last day to announce the council's meeting on the notice board: a
    week before the meeting day (not moved for a closed day: the notice board
    is on the web, and the law counts the week back from the meeting)."""
    return meeting_date - ANNOUNCEMENT_NOTICE
