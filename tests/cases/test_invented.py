"""The demo's invented cases (cases.invented, through manage.py load_demo):
every status for each organisation, overdue referrals and cases past the
one-year mark on the day the demo is loaded, marked invented, the same
for the same day, and loaded once however often the command runs."""

import datetime
import io
import json
from unittest import mock

import pytest
from django.core.management import call_command

from cases.invented import NO_ORIGINAL, SIGNING_TAKES, plan_invented_cases
from decisions.models import MinuteItem
from motions import rules
from motions.models import Motion, Mover
from organisation.models import Meeting, Membership, Municipality
from referrals import rules as referral_rules
from referrals.models import Referral
from tests.conftest import DATA, d
from tests.support.shared_data import shared_fixture

TODAY = d("2026-11-26")
ORGANISATIONS = ("Huddinge kommun", "Region Västernorrland")


def summary(plans) -> list[tuple[str, str, str]]:
    return [(plan.case_number, plan.title, plan.status) for plan in plans]


@shared_fixture("shared_demo", after="shared_seed_case")
def shared_demo(shared_huddinge, shared_seed_case):
    """`load_demo` run on TODAY beside the seed case; the plans made twice
    before it, and what it printed."""
    from organisation.orgfile.loader import load_organisation

    with mock.patch("django.utils.timezone.localdate", lambda *args, **kwargs: TODAY):
        load_organisation(json.loads((DATA / "region-vasternorrland-organisation.json").read_text()))
        plans = {}
        for municipality in Municipality.objects.filter(name__in=ORGANISATIONS):
            plans[municipality.name] = [summary(plan_invented_cases(municipality, today=TODAY)) for _ in range(2)]
        out = io.StringIO()
        call_command("load_demo", stdout=out)
    return {"plans": plans, "out": out.getvalue()}


@pytest.fixture
def demo(huddinge, shared_demo, monkeypatch):
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *args, **kwargs: TODAY)
    return shared_demo


def invented(name: str):
    return [motion for motion in Motion.objects.filter(municipality__name=name) if motion.is_invented]


@pytest.mark.parametrize("name", ORGANISATIONS)
def test_the_invented_cases_reach_every_status_of_the_organisation(demo, name):
    motions = invented(name)
    municipality = Municipality.objects.get(name=name)
    assert 20 <= len(motions) <= 40
    assert {motion.status for motion in motions} == set(rules.path_of(municipality).statuses)
    # Huddinge's path has its working committee; the region's board prepares the cases itself.
    assert ("working_committee" in rules.path_of(municipality).statuses) is (name == "Huddinge kommun")


@pytest.mark.parametrize("name", ORGANISATIONS)
def test_on_the_day_loaded_some_referrals_are_overdue_or_due_soon_and_some_cases_past_the_one_year_mark(demo, name):
    referrals = Referral.objects.filter(motion__in=invented(name)).select_related("response")
    assert any(referral_rules.is_overdue(referral, TODAY) for referral in referrals)
    assert any(referral_rules.is_due_within(referral, TODAY, referral_rules.due_soon_days()) for referral in referrals)
    assert any(referral.status == Referral.Status.DECLINED for referral in referrals)
    past = [motion for motion in invented(name)
            if not motion.is_closed and rules.is_past_one_year_mark(motion.filed_on, TODAY)]
    assert past
    # The case list's filter agrees.
    assert Motion.objects.filter(pk__in=[m.pk for m in past]).filter(rules.past_one_year_mark(TODAY)).count() == len(
        past)


def test_the_cases_span_several_years_and_none_lies_ahead(demo):
    motions = invented("Huddinge kommun")
    assert {motion.filed_on.year for motion in motions} >= {2021, 2022, 2023, 2024, 2025, 2026}
    assert max(motion.last_step_on for motion in Motion.objects.all()) <= TODAY


def test_the_movers_are_the_organisations_councillors_and_no_real_person_is_made_a_mover(demo):
    for name in ORGANISATIONS:
        councillors = set(Membership.objects.filter(body__municipality__name=name, body__kind="council",
                                                    role=Membership.Role.MEMBER).values_list("person", flat=True))
        movers = Mover.objects.filter(motion__in=invented(name))
        assert movers and {mover.person_id for mover in movers} <= councillors
        assert all(mover.party_id == mover.person.party_id for mover in movers)
    # The seed case's mover is a real councillor: her name is on no invented motion.
    assert not Mover.objects.filter(motion__in=invented("Huddinge kommun"), person__name="Nujin Alacabek").exists()


def test_the_case_page_says_an_invented_case_is_an_example_and_the_seed_case_is_not(demo, client):
    note = "Påhittat exempel"
    example = invented("Huddinge kommun")[0]
    assert note in client.get(example.get_absolute_url()).content.decode()
    assert note not in client.get("/arenden/KS-2021/345/").content.decode()
    assert not Motion.objects.get(case_number="KS-2021/345").is_invented


def test_the_minutes_of_the_invented_meetings_say_they_have_no_original(demo):
    meetings = Meeting.objects.filter(items__motion__in=invented("Huddinge kommun")).distinct()
    held = [meeting for meeting in meetings if meeting.date <= TODAY - SIGNING_TAKES]
    assert held and all(meeting.is_signed for meeting in held)
    # One council meeting's minutes signed as a secretary signs them, with the attendance; the rest have no original.
    signed_here = [meeting for meeting in held if not meeting.imported_from]
    assert [meeting.body.name for meeting in signed_here] == ["Kommunfullmäktige"]
    assert signed_here[0].attendance.filter(signs=True).count() == 2
    assert {meeting.imported_from for meeting in held} == {"", NO_ORIGINAL}
    # The last two weeks' minutes are not signed yet; a council meeting ahead has the waiting cases on its agenda.
    assert not any(meeting.is_signed for meeting in meetings if meeting.date > TODAY - SIGNING_TAKES)
    ahead = Meeting.objects.filter(body__name="Kommunfullmäktige", date__gt=TODAY).get()
    assert ahead.agenda.filter(motion__status="board").exists()


def test_each_body_numbers_its_paragraphs_once_a_year(demo):
    numbers = list(MinuteItem.objects.filter(number__isnull=False).values_list("body", "year", "number"))
    assert len(numbers) == len(set(numbers))


def test_the_same_day_gives_the_same_cases(demo):
    for name, (first, second) in demo["plans"].items():
        assert first == second
        built = sorted((m.case_number, m.title, m.status) for m in invented(name))
        assert built == sorted(first)


def test_loading_the_demo_again_changes_nothing(demo):
    assert "Påhittade exempelärenden: " in demo["out"]
    counts = [model.objects.count() for model in (Motion, Referral, Meeting, MinuteItem)]
    out = io.StringIO()
    call_command("load_demo", stdout=out)
    assert "Påhittade exempelärenden" not in out.getvalue()
    assert [model.objects.count() for model in (Motion, Referral, Meeting, MinuteItem)] == counts


@pytest.mark.parametrize("day", [d("2026-12-31"), d("2027-07-15"), d("2028-02-29"), d("2029-09-03")])
def test_a_plan_on_any_later_day_still_reaches_every_status(demo, day):
    """Planned (not recorded: the steps would lie ahead of the clock) for days
    the demo may yet be loaded on."""
    for name in ORGANISATIONS:
        municipality = Municipality.objects.get(name=name)
        plans = plan_invented_cases(municipality, today=day)
        assert {plan.status for plan in plans} == set(rules.path_of(municipality).statuses)
        assert all(step.on <= day for plan in plans for step in plan.steps if step.kind not in ("agenda",
                                                                                                  "draft_answer"))
        assert {plan.story for plan in plans} >= {"due_soon", "overdue", "overdue_old", "prepared", "withdrawn"}
        assert any(step.kind == "decline" for plan in plans for step in plan.steps)
        assert len({plan.case_number for plan in plans}) == len(plans)
        assert all(plan.filed_on <= day - datetime.timedelta(days=0) for plan in plans)



@pytest.mark.parametrize("name", ORGANISATIONS)
def test_a_residents_letter_waits_in_the_publication_review(demo, name):
    """The registry's queue shows something real: a letter in an open invented case whose text holds a
    personal identity number (the Tax Agency's test number), held for review with where it was found."""
    from documents.models import CaseDocument
    from publication.selectors import queue

    (letter,) = CaseDocument.objects.filter(motion__municipality__name=name, title="Skrivelse från en boende")
    assert letter.motion.is_invented and not letter.motion.is_closed
    assert (letter.publication_state, letter.review_cause) == ("review", "identity_numbers")
    assert [hit["masked"] for hit in letter.identity_number_hits] == ["19121212-****"]
    rows, total = queue("review", municipality_id=letter.motion.municipality_id)
    assert letter in [row.document for row in rows] and total >= 1


def test_the_demo_fills_the_notice_board(demo):
    """Each organisation's board: its council's next meeting announced, its board's summoned, a notice of the
    registry's; the invented cases' latest signed minutes up and the demo case's in the archive."""
    from noticeboard.selectors import Section, archive, on_board

    for name in ORGANISATIONS:
        municipality = Municipality.objects.get(name=name)
        board = {section: entries for section, _label, entries in on_board(municipality, TODAY).sections}
        assert sorted(entry.kind_label for entry in board[Section.AGENDA]) == ["Kallelse med föredragningslista",
                                                                                 "Kungörelse"]
        assert all(entry.links[0].label.endswith("(PDF)") for entry in board[Section.AGENDA])
        assert len(board[Section.NOTICE]) == 1 and board[Section.NOTICE][0].links
        assert board[Section.SIGNED]
    huddinge = Municipality.objects.get(name="Huddinge kommun")
    archived = archive(huddinge, TODAY, year=2022, section=Section.SIGNED).entries
    assert {entry.title for entry in archived} >= {"Kommunstyrelsens arbetsutskott 2022-01-25",
                                                   "Kommunstyrelsen 2022-02-07", "Kommunfullmäktige 2022-03-07"}
