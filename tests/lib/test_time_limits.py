import datetime

from hypothesis import given
from hypothesis import strategies as st

from lib.time_limits import (
    is_closed_day,
    last_day_to_appeal,
    latest_posting_date,
    next_open_day,
    proposed_posting_date,
)
from tests.conftest import d


def test_three_weeks_from_posting_on_an_ordinary_day():
    assert last_day_to_appeal(d("2022-03-11")) == d("2022-04-01")


def test_a_last_day_on_a_weekend_moves_to_monday():
    assert last_day_to_appeal(d("2022-01-15")) == d("2022-02-07")  # Saturday 5 February


def test_eves_and_holidays_count_as_closed():
    assert last_day_to_appeal(d("2021-12-03")) == d("2021-12-27")  # Christmas Eve, then the weekend
    assert last_day_to_appeal(d("2022-06-03")) == d("2022-06-27")  # Midsummer Eve, Midsummer Day, Sunday
    assert last_day_to_appeal(d("2022-12-10")) == d("2023-01-02")  # New Year's Eve, New Year's Day
    assert last_day_to_appeal(d("2022-05-05")) == d("2022-05-27")  # Ascension Day 26 May
    assert is_closed_day(d("2026-06-06")) and not is_closed_day(d("2026-06-05"))


def test_the_notice_is_posted_at_the_latest_on_the_second_day_after_signing():
    assert latest_posting_date(d("2022-02-01")) == d("2022-02-03")
    assert latest_posting_date(d("2022-01-27")) == d("2022-01-31")  # Saturday: the time runs to Monday


def test_the_proposed_posting_day_is_a_weekday_no_later_than_the_second_day():
    assert proposed_posting_date(d("2022-02-01")) == d("2022-02-03")  # Tuesday: Thursday
    assert proposed_posting_date(d("2022-01-27")) == d("2022-01-28")  # Thursday: Friday, not Saturday
    assert proposed_posting_date(d("2022-01-28")) == d("2022-01-28")  # Friday: the same day
    assert proposed_posting_date(d("2022-05-14")) == d("2022-05-16")  # Saturday: Monday
    assert proposed_posting_date(d("2021-12-24")) == d("2021-12-27")  # Christmas Eve and the weekend


@given(st.dates(min_value=datetime.date(2000, 1, 1), max_value=datetime.date(2099, 12, 31)))
def test_the_proposed_posting_day_is_open_and_within_the_law(signed_on):
    posted = proposed_posting_date(signed_on)
    assert signed_on <= posted <= latest_posting_date(signed_on)
    assert not is_closed_day(posted)


@given(st.dates(min_value=datetime.date(2000, 1, 1), max_value=datetime.date(2099, 12, 31)))
def test_the_last_day_is_open_and_at_most_a_few_days_after_three_weeks(posted_on):
    last = last_day_to_appeal(posted_on)
    assert not is_closed_day(last)
    assert datetime.timedelta(weeks=3) <= last - posted_on <= datetime.timedelta(days=21 + 5)
    assert next_open_day(last) == last
