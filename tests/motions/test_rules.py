"""Each derived fact has one home (motions/rules.py, referrals/rules.py), and
every page and job that shows it agrees with it, on every day: the case page,
the case list's filters, the board inbox, the reminder job and the
twice-yearly report, for generated cases and days; and where a prepared case
waits, along the path of each organisation (Huddinge's committee → board →
council, a region's board → council)."""

import calendar
import datetime
from dataclasses import dataclass

import pytest
from django.contrib.auth import get_user_model
from django.db import transaction
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from accounts.models import Role, UserRole
from accounts.roles import secretaries_by_body
from cases.selectors import case_detail, case_list, status_labels
from decisions.selectors.case_steps import can_be_handled_at, cases_for_agenda, minute_steps
from decisions.services.case_steps import prepare_draft_decision, record_minute_item
from motions import rules
from motions.models import CLOSED, Motion, Status
from motions.services import file_motion
from organisation.models import Meeting
from referrals import rules as referral_rules
from referrals.models import Referral
from referrals.selectors import DUE_SOON, OVERDUE, referral_list, state_choices
from referrals.services import ReferralRequest, record_referral_response, refer_motion
from reminders.models import Mailing
from reminders.report import unprepared_motions
from reminders.services import digest_content, plan_one_year_mailings, plan_referral_reminders
from tests.conftest import d
from tests.support.meetings import planned
from tests.support.organisations import region_with_board_and_council

BODIES = ["Grundskolenämnden", "Socialnämnden", "Kultur- och fritidsnämnden"]
DAY = datetime.timedelta(days=1)


def anniversary(filed_on: datetime.date) -> datetime.date:
    """The one-year mark worked out another way than the rule's: the same
    day of the month a year on, or the month's last day if it has no such day."""
    year = filed_on.year + 1
    return datetime.date(year, filed_on.month, min(filed_on.day, calendar.monthrange(year, filed_on.month)[1]))


@dataclass(frozen=True)
class Asked:
    body: str
    sent_on: datetime.date
    due_on: datetime.date
    answered_on: datetime.date | None


@dataclass(frozen=True)
class Story:
    filed_on: datetime.date
    referrals: tuple[Asked, ...]
    struck_off_on: datetime.date | None
    day: datetime.date


LEAP_DAYS = [d("2020-02-29"), d("2023-02-28"), d("2023-03-01"), d("2024-02-28"), d("2024-02-29")]


@st.composite
def stories(draw) -> Story:
    filed_on = draw(st.one_of(st.dates(d("2020-01-01"), d("2024-12-31")), st.sampled_from(LEAP_DAYS)))
    asked = []
    for body in draw(st.lists(st.sampled_from(BODIES), unique=True, max_size=3)):
        sent_on = filed_on + draw(st.integers(0, 60)) * DAY
        answer = draw(st.none() | st.integers(0, 120))
        asked.append(Asked(body, sent_on, sent_on + draw(st.integers(0, 90)) * DAY,
                           sent_on + answer * DAY if answer is not None else None))
    last_step = max([filed_on] + [r.sent_on for r in asked] + [r.answered_on for r in asked if r.answered_on])
    struck = draw(st.none() | st.integers(0, 500))
    # The day the pages are looked at: before filing, around the mark, long after.
    day = filed_on + draw(st.one_of(st.integers(-30, 800), st.integers(360, 370))) * DAY
    return Story(filed_on, tuple(asked), last_step + struck * DAY if struck is not None else None, day)


def tell(story: Story, *, huddinge, nujin, body, by):
    """The story told through the services, step by step in date order."""
    motion = file_motion(huddinge, title="Motion", movers=[nujin], received_on=story.filed_on, by=by)
    steps = [(r.sent_on, 0, r) for r in story.referrals] + [(r.answered_on, 1, r) for r in story.referrals
                                                            if r.answered_on]
    referrals = {}
    for on, kind, asked in sorted(steps, key=lambda step: step[:2]):
        if kind == 0:
            (referrals[asked.body],) = refer_motion(motion, requests=[ReferralRequest(body(asked.body), asked.due_on)],
                                                    sent_on=on, by=by)
        else:
            record_referral_response(referrals[asked.body], decided_on=on, by=by)
    if story.struck_off_on:
        record_minute_item(motion, step="strike_off", meeting=planned(body("Kommunfullmäktige"), story.struck_off_on),
                           reason="Motionen avskrivs.", by=by)
    motion.refresh_from_db()
    return motion


@pytest.fixture
def recipients(huddinge, body):
    """A registry clerk and a secretary for every referred body, all with e-mail, so that every
    mailing the reminder job plans has someone to go to."""
    User = get_user_model()
    UserRole.objects.create(user=User.objects.create_user("reg", email="reg@example.se"), role=Role.REGISTRY)
    for index, name in enumerate(BODIES):
        user = User.objects.create_user(f"sek{index}", email=f"sek{index}@example.se")
        UserRole.objects.create(user=user, role=Role.BOARD_SECRETARY).bodies.add(body(name))
    return secretaries_by_body()


@settings(max_examples=60, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(story=stories())
# The known symptom: filed 2023-02-28, looked at on 2024-02-29, one day past the mark.
@example(story=Story(d("2023-02-28"), (), None, d("2024-02-29")))
@example(story=Story(d("2024-02-29"), (), None, d("2025-02-28")))
@example(story=Story(d("2024-02-29"), (), None, d("2025-03-01")))
def test_every_page_and_job_agrees_on_each_derived_fact(story, huddinge, nujin, body, registrar, recipients):
    with transaction.atomic():
        motion = tell(story, huddinge=huddinge, nujin=nujin, body=body, by=registrar)
        check(story, motion, recipients)
        transaction.set_rollback(True)


def check(story: Story, motion, secretaries) -> None:
    day = story.day
    decided = story.struck_off_on
    closed_now = decided is not None
    # The one-year mark.
    mark = anniversary(story.filed_on)
    assert rules.one_year_mark(story.filed_on) == mark
    past = day > mark
    page = case_detail(motion.case_number, user=_anonymous(), today=day)
    listed = case_list({"overdue": True}, today=day).filter(pk=motion.pk).exists()
    # The list's counts of referrals are the case page's.
    row = case_list({}, today=day).get(pk=motion.pk)
    assert (row.referral_count, row.answered_count) == (page["referrals_live"], page["referrals_answered"])
    mailings = [n for n in plan_one_year_mailings(day) if n.motion_id == motion.pk]
    if closed_now:
        assert page["deadline"].closed and page["deadline"].over == (decided > mark)
        assert not listed and mailings == []
    else:
        assert page["deadline"].over == past == listed
        assert any(n.payload["days_left"] < 0 for n in mailings) == past
        assert any(n.payload["days_left"] <= 0 for n in mailings) == (day >= mark)

    # The day it was decided, and its status on the day.
    assert rules.decided_on(motion.events.all()) == decided
    assert page["progress"][-1].date == decided
    open_on_day = story.filed_on <= day and (decided is None or day < decided)
    rows = [row for row in unprepared_motions(day) if row["case_number"] == motion.case_number]
    assert bool(rows) == open_on_day
    if rows:
        expected = Status.FILED if not any(r.sent_on <= day for r in story.referrals) else Status.REFERRED
        assert rows[0]["status"] == Status(expected).label
        assert (rows[0]["days_over"] > 0) == past
        # The referrals as they stood on the day: sent, not yet answered.
        waiting = sorted(r.body for r in story.referrals
                         if r.sent_on <= day and not (r.answered_on and r.answered_on <= day))
        assert sorted(text.split(" (")[0] for text in rows[0]["open_referrals"]) == waiting

    # Each referral: overdue, and due within the inbox's days.
    groups = {state: list(referral_list(Referral.objects.filter(motion=motion), {"state": state}, today=day))
              for state in (OVERDUE, DUE_SOON)}
    digest = {(row["case_number"], row["body"]) for row in digest_content(day, secretaries)["overdue"]}
    reminders = [n for n in plan_referral_reminders(day, secretaries) if n.motion_id == motion.pk]
    shown = {r.body.name: r for r in page["referrals"]}
    for asked in story.referrals:
        referral = Referral.objects.get(motion=motion, body__name=asked.body)
        waiting_now = asked.answered_on is None and not closed_now
        overdue = waiting_now and asked.due_on < day
        due_soon = waiting_now and day <= asked.due_on <= day + referral_rules.due_soon_days() * DAY
        assert referral_rules.is_overdue(referral, day) == overdue
        assert (referral in groups[OVERDUE]) == overdue == shown[asked.body].overdue
        assert ((motion.case_number, asked.body) in digest) == overdue
        mine = [n for n in reminders if n.referral_id == referral.pk]
        assert any(n.kind == Mailing.Kind.REFERRAL_OVERDUE for n in mine) == overdue
        assert (referral in groups[DUE_SOON]) == due_soon
        assert any(n.kind == Mailing.Kind.REFERRAL_DUE for n in mine) == due_soon


def _anonymous():
    from django.contrib.auth.models import AnonymousUser

    return AnonymousUser()


@pytest.mark.parametrize(("filed", "day", "past"), [
    ("2023-02-28", "2024-02-28", False),
    ("2023-02-28", "2024-02-29", True),
    ("2024-02-29", "2025-02-28", False),
    ("2024-02-29", "2025-03-01", True),
    ("2023-03-01", "2024-02-29", False),
])
def test_the_case_page_and_the_list_agree_on_the_one_year_mark_around_a_leap_day(
        huddinge, nujin, registrar, filed, day, past):
    motion = file_motion(huddinge, title="Motion", movers=[nujin], received_on=d(filed), by=registrar)
    assert case_detail(motion.case_number, user=_anonymous(), today=d(day))["deadline"].over is past
    assert case_list({"overdue": True}, today=d(day)).filter(pk=motion.pk).exists() is past


def test_the_inbox_counts_as_due_soon_what_the_reminders_remind_of(
        huddinge, nujin, body, registrar, recipients, settings):
    settings.REFERRAL_REMINDER_DAYS = [21, 7]
    motion = file_motion(huddinge, title="Motion", movers=[nujin], received_on=d("2021-03-01"), by=registrar)
    (referral,) = refer_motion(motion, requests=[ReferralRequest(body("Socialnämnden"), d("2021-05-21"))],
                               sent_on=d("2021-03-01"), by=registrar)
    day = d("2021-04-30")  # 21 days before the due date
    assert list(referral_list(Referral.objects.all(), {"state": DUE_SOON}, today=day)) == [referral]
    assert dict(state_choices())[DUE_SOON] == "Svar inom 21 dagar"
    assert [n.kind for n in plan_referral_reminders(day, recipients)] == [Mailing.Kind.REFERRAL_DUE]


# --- Where a prepared case waits, along each organisation's path ------------

@pytest.fixture
def organisations(huddinge, nujin):
    """Huddinge (committee → board → council) and a region whose board prepares (board → council),
    each with someone to move a motion."""
    region = region_with_board_and_council()
    return {"huddinge": (huddinge, nujin), "region": (region.municipality, region.member)}


@pytest.mark.parametrize("organisation", ["huddinge", "region"])
def test_every_page_and_job_agrees_on_where_a_prepared_case_waits(organisations, registrar, registry_user,
                                                                   organisation):
    municipality, mover = organisations[organisation]
    path = rules.preparation_path(municipality)
    motion = file_motion(municipality, title="Motion", movers=[mover], received_on=d("2021-03-01"), by=registrar)
    prepare_draft_decision(motion, drafted_on=d("2021-04-01"), proposal="reject", by=registrar)
    # A meeting of each body on the path after every step, for its list of waiting cases.
    later = {body: Meeting.objects.create(body=body, date=d("2021-12-01")) for body in path}
    for step, at in enumerate(path):
        motion.refresh_from_db()
        status = motion.status
        waiting_at = rules.handled_by(status, municipality)
        assert waiting_at == at  # one body after the other, in the path's order
        label = rules.status_label(status, municipality)
        assert label == dict(rules.status_choices(municipality))[status]
        # The paragraphs offered, the meeting pages, the agendas.
        steps = minute_steps(motion)
        assert steps[0].body == at and at.name in steps[0].label
        assert any(s.key == "strike_off" for s in steps) == (at != path[-1])
        for body, meeting in later.items():
            assert (motion in cases_for_agenda(meeting)) == (body == at)
            assert can_be_handled_at(motion, meeting) == (body == at or body == path[-1])
        # The case page (as the registry sees it: the public see a paragraph of a board or committee once
        # its minutes are signed, tests/publication/test_public_pages.py), the case list and the report.
        page = case_detail(motion.case_number, user=registry_user, today=d("2021-06-30"))
        assert page["status"] == label
        current = [stage for stage in page["progress"] if stage.state == "current"]
        assert [stage.label for stage in current] == [at.name]
        assert [stage.label for stage in page["progress"]][3:] == [body.name for body in path]
        (listed,) = status_labels(case_list({"status": status}).filter(pk=motion.pk))
        assert listed.status_label == label
        (row,) = [row for row in unprepared_motions(d("2021-12-31")) if row["case_number"] == motion.case_number]
        assert row["status"] == label
        record_minute_item(motion, step="handle", meeting=planned(at, d("2021-05-01") + step * 30 * DAY),
                           outcome="reject", by=registrar)
    motion.refresh_from_db()
    assert motion.status in CLOSED and rules.handled_by(motion.status, municipality) is None
    assert all(stage.state == "done" for stage in case_detail(motion.case_number, user=registry_user)["progress"]
               if stage.label != "Remitterad")


def test_the_status_on_a_day_counts_only_the_steps_that_changed_it():
    """A step dated earlier but recorded after an event that kept the status
    (here a new case officer, dated today) still gives the status of that day."""
    from types import SimpleNamespace

    from motions.rules import status_on

    def event(on, before, after):
        return SimpleNamespace(occurred_on=datetime.date.fromisoformat(on), from_status=before, to_status=after)

    timeline = [event("2026-11-02", "", "filed"), event("2026-11-10", "filed", "prepared"),
                event("2026-11-30", "prepared", "prepared"),  # recorded first: the case officer named
                event("2026-11-24", "prepared", "working_committee")]  # recorded after, dated before
    timeline.sort(key=lambda e: e.occurred_on)
    assert status_on(timeline, datetime.date(2026, 11, 30)) == "working_committee"
    assert status_on(timeline, datetime.date(2026, 11, 20)) == "prepared"
    assert status_on(timeline, datetime.date(2026, 11, 1)) is None


# --- The database's versions of the timeline's facts -----------------------------------------

MARK_DAYS = [d("2020-02-28"), d("2020-02-29"), d("2020-03-01"), d("2021-02-28"), d("2021-03-01"), d("2023-02-28"),
             d("2023-12-31"), d("2024-02-29"), d("2024-01-01")]


def test_the_one_year_mark_between_two_columns_is_the_rules(huddinge, nujin, registrar):
    """past_one_year_mark_on compares a case's filing day with another of its days as
    is_past_one_year_mark does, around leap days and year ends."""
    pairs = [(filed, filed + datetime.timedelta(days=offset)) for filed in MARK_DAYS for offset in range(355, 375)]
    pairs += [(filed, filed + datetime.timedelta(days=offset)) for filed in MARK_DAYS for offset in (0, 1, 200, 800)]
    motion = file_motion(huddinge, title="Motion", movers=[nujin], received_on=d("2020-01-01"), by=registrar)
    for filed, day in pairs:
        Motion.objects.filter(pk=motion.pk).update(filed_on=filed, received_on=filed, status_since=day,
                                                   last_step_on=day, status=Status.REJECTED)
        past = Motion.objects.filter(pk=motion.pk).filter(rules.past_one_year_mark_on("status_since")).exists()
        within = Motion.objects.filter(pk=motion.pk).filter(rules.decided_within_one_year()).exists()
        assert past == rules.is_past_one_year_mark(filed, day) != within, (filed, day)
