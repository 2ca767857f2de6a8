"""The board inbox, the registry's overview of referrals, the meeting list and
the report of motions not yet prepared cost what they show, not what the
database holds: the same queries with 30 cases as with 300, and on
PostgreSQL an index that serves each list's default order and filter (no sort
of every row)."""

import datetime

import pytest
from django.db import connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext

from decisions.selectors.meetings import meeting_list
from referrals.access import inbox_for
from referrals.selectors import referral_list
from reminders.report import unprepared_motions
from tests.conftest import d
from tests.support.volume import many_cases, many_meetings

TODAY = d("2024-05-15")
DAY = datetime.timedelta(days=1)


@pytest.fixture(autouse=True)
def today(monkeypatch):
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *args, **kwargs: TODAY)


def cases(huddinge, nujin, body, n):
    """`n` cases referred to two bodies, a third of them overdue, and as many meetings."""
    bodies = [body("Socialnämnden"), body("Grundskolenämnden")]
    many_cases(huddinge, n // 3, filed_on=TODAY - 200 * DAY, mover=nujin, referred_to=bodies,
               due_on=TODAY - 20 * DAY)
    many_cases(huddinge, n - n // 3, filed_on=TODAY - 60 * DAY, mover=nujin, referred_to=bodies,
               due_on=TODAY + 30 * DAY)
    many_meetings(body("Kommunstyrelsen"), n, first=TODAY - 70 * DAY)


def queries_with(n, build, url, user=None) -> int:
    """The queries of a GET of `url` with `n` cases in the database (built, then rolled back), after
    a first GET."""
    client = Client()
    if user is not None:
        client.force_login(user)
    with transaction.atomic():
        build(n)
        client.get(url)  # warm: what a running server has read once (the installation's one organisation)
        with CaptureQueriesContext(connection) as page:
            response = client.get(url)
        assert response.status_code == 200
        transaction.set_rollback(True)
    return len(page)


@pytest.mark.parametrize("url", ["/remisser/", "/remisser/?state=overdue", "/remisser/?state=all&ordning=-sent",
                                 "/remisser/?state=due_soon&body={social}"])
@pytest.mark.parametrize("who", ["registry_user", "social_secretary"])
def test_the_referral_list_makes_the_same_queries_with_few_and_many_cases(
        request, huddinge, nujin, body, url, who):
    user = request.getfixturevalue(who)
    url = url.format(social=body("Socialnämnden").pk)

    def build(n):
        cases(huddinge, nujin, body, n)

    assert queries_with(30, build, url, user) == queries_with(300, build, url, user)


@pytest.mark.parametrize("url", ["/sammantraden/", "/sammantraden/?minutes=planned", "/sammantraden/?year=2024",
                                 "/sammantraden/?ordning=body"])
def test_the_meeting_list_makes_the_same_queries_with_few_and_many_meetings(huddinge, nujin, body, url):
    def build(n):
        cases(huddinge, nujin, body, n)

    assert queries_with(30, build, url) == queries_with(300, build, url)


def test_the_report_makes_the_same_queries_with_few_and_many_motions(huddinge, nujin, body, registry_user):
    def queries(n):
        with transaction.atomic():
            cases(huddinge, nujin, body, n)
            with CaptureQueriesContext(connection) as report:
                rows = unprepared_motions(TODAY, huddinge)
            assert len(rows) == n
            transaction.set_rollback(True)
        return len(report)

    assert queries(30) == queries(300)


# --- On PostgreSQL: an index serves each list's order and filter ------------

def plan(queryset) -> str:
    """The plan PostgreSQL would choose if the table were large: sequential scans, bitmap scans
    and sorts ruled out as long as an index can do without them (a sort still shows when none can)."""
    sql, params = queryset.query.sql_with_params()
    with connection.cursor() as cursor:
        for kind in ("seqscan", "bitmapscan", "sort"):
            cursor.execute(f"SET LOCAL enable_{kind} = off")
        cursor.execute(f"EXPLAIN {sql}", params)
        return "\n".join(row[0] for row in cursor.fetchall())


needs_postgresql = pytest.mark.skipif("connection.vendor != 'postgresql'",
                                      reason="the query plans are PostgreSQL's")


@needs_postgresql
@pytest.mark.parametrize("state", ["open", "overdue", "due_soon"])
def test_an_index_serves_the_registrys_referral_list_in_due_order(db, registry_user, state):
    with transaction.atomic():
        shown = plan(referral_list(inbox_for(registry_user), {"state": state}, today=TODAY)[:25])
    assert "referral_status_due_idx" in shown and "Sort" not in shown, shown


@needs_postgresql
def test_an_index_serves_a_secretarys_inbox(body, social_secretary):
    with transaction.atomic():
        shown = plan(referral_list(inbox_for(social_secretary), {"state": "overdue"}, today=TODAY)[:25])
    assert "referral_body_status_due_idx" in shown, shown


@needs_postgresql
@pytest.mark.parametrize("filters", [{}, {"minutes": "planned"}, {"year": 2024}])
def test_an_index_serves_the_meeting_list_latest_first(db, filters):
    from django.http import QueryDict

    from decisions.selectors.meetings import MEETING_DEFAULT_SORT, MEETING_SORTS
    from lib.listing import Sorting

    order = Sorting(MEETING_SORTS, MEETING_DEFAULT_SORT, QueryDict()).order_by()
    with transaction.atomic():
        shown = plan(meeting_list(filters, today=TODAY, order=order)[:30])
    assert "meeting_" in shown and "_date_idx" in shown and "Sort" not in shown, shown


@needs_postgresql
def test_indexes_serve_the_daily_watchs_choice_of_the_cases_due(huddinge):
    """The cases the watch reads are found through indexes, not by reading every open case."""
    from django.utils import timezone

    from reminders.services import Since, _due_referrals, _motions_at_one_year_thresholds

    since = Since(TODAY - DAY, timezone.now())
    with transaction.atomic():
        shown = [plan(_due_referrals(TODAY, since)), plan(_motions_at_one_year_thresholds(TODAY, since))]
    assert all("Seq Scan on referrals_referral" not in text and "Seq Scan on motions_motion " not in text
               and "Seq Scan on motions_motionevent" not in text for text in shown), shown
