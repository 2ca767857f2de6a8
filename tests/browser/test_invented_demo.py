"""The demo as `make run` loads it: the seed case beside a few years of invented
cases, which say that they are invented, on the real clock."""

import io
from importlib import import_module

import pytest
from django.core.management import call_command
from django.utils import timezone
from playwright.sync_api import expect

from cases.management.commands.load_demo import BOARD_SECRETARIES
from motions.models import Motion
from organisation.models import GENERAL_LAYOUT_NAME, MinuteLayout
from referrals import rules as referral_rules
from referrals.models import Referral


@pytest.fixture
def demo_live_server(live_server, transactional_db):
    """The live server with the whole demo (``manage.py load_demo``), invented cases included."""
    # A transactional test before this one flushed the data the migrations give, the general
    # minute layout among them: the region's minutes, signed by load_demo, are rendered in it.
    sections = import_module("organisation.migrations.0006_organisation_as_data").GENERAL_SECTIONS
    MinuteLayout.objects.get_or_create(municipality=None, name=GENERAL_LAYOUT_NAME, defaults={"sections": sections})
    call_command("load_demo", stdout=io.StringIO())
    return live_server


def test_the_demo_shows_years_of_work_and_marks_the_invented_cases(demo_live_server, page, login,
                                                                   check_accessibility):
    page.goto("/")
    check_accessibility(page)
    example = next(motion for motion in Motion.objects.filter(municipality__name="Huddinge kommun",
                                                               status="partly_approved") if motion.is_invented)
    page.goto(example.get_absolute_url())
    expect(page.locator("main [data-invented]")).to_contain_text("Påhittat exempel")
    expect(page.locator("main")).to_contain_text("Delvis bifallen")
    check_accessibility(page)

    # A board secretary finds the overdue referral of an invented case in the inbox.
    today = timezone.localdate()
    usernames = {name: username for username, name in BOARD_SECRETARIES.items()}
    overdue = next(referral for referral in Referral.objects.filter(body__name__in=usernames).select_related("body")
                   if referral_rules.is_overdue(referral, today))
    login(page, usernames[overdue.body.name])
    page.goto("/remisser/")
    expect(page.locator("main")).to_contain_text(overdue.motion.case_number)
    check_accessibility(page)
