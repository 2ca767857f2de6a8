"""The statistics' figures (stats.selectors): counted in the database, they are the hand-counted
figures of cases recorded through the services, and for generated cases the figures that the
rules (motions.rules, referrals.rules) give case by case."""

import random
from collections import Counter, defaultdict

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from decisions.services.case_steps import (
    decide_at_council,
    handle_at_board,
    handle_at_working_committee,
    prepare_draft_decision,
    strike_off_motion,
)
from motions import rules
from motions.models import CLOSED, Motion
from motions.services import file_motion, withdraw_motion
from referrals import rules as referral_rules
from referrals.models import Referral
from referrals.services import (
    ReferralRequest,
    extend_referral_due_date,
    record_referral_response,
    refer_motion,
)
from stats.selectors import (
    OUTCOMES,
    Filters,
    count_figures,
    figures,
    median,
    outcome_of,
)
from tests.conftest import MINIMAL_PDF, d
from tests.support.meetings import planned
from tests.support.organisations import region_with_board_and_council

TODAY = d("2023-06-01")
SOCIAL, CULTURE = "Socialnämnden", "Kultur- och fritidsnämnden"


def take_to_council(motion, body, by, *, prepared: str, committee: str, board: str, council: str, outcome: str):
    """The motion through the administration, the working committee and the board to the council's decision."""
    prepare_draft_decision(motion, drafted_on=d(prepared), proposal=outcome, by=by)
    handle_at_working_committee(motion, meeting=planned(body("Kommunstyrelsens arbetsutskott"), committee), by=by)
    handle_at_board(motion, meeting=planned(body("Kommunstyrelsen"), board), proposal=outcome, by=by)
    decide_at_council(motion, meeting=planned(body("Kommunfullmäktige"), council), outcome=outcome, by=by)


@pytest.fixture
def cases(huddinge, person, body, registrar):
    """Seven motions in Huddinge, looked at on TODAY (2023-06-01):

    | | filed | movers | story | outcome | one-year mark |
    |---|---|---|---|---|---|
    | A | 2021-03-15 | V | Social 44 days, Culture 70 days (extended, in time) | approved 2022-03-01 | within |
    | B | 2021-04-01 | S, M | Social 60 days, late | rejected 2022-05-01 | after |
    | C | 2022-02-01 | S | Social waiting, overdue | open (1-2 years) | past |
    | D | 2023-01-10 | none | | open (under 6 months) | not yet |
    | E | 2022-09-01 | SD | withdrawn 2022-10-01 | withdrawn (6-12 months) | not yet |
    | F | 2021-01-15 | L | | open (over 2 years) | past |
    | G | 2021-06-01 | C | struck off 2021-12-01 | struck off | within |
    """
    def filed(name, on, *movers, meeting=None):
        return file_motion(huddinge, title=f"Motion {name}", movers=[person(mover) for mover in movers],
                           received_on=d(on), registered_on=d(on), by=registrar,
                           filed_meeting=planned(body("Kommunfullmäktige"), meeting) if meeting else None)

    a = filed("A", "2021-03-08", "Nujin Alacabek", meeting="2021-03-15")
    social, culture = refer_motion(a, requests=[ReferralRequest(body(SOCIAL), d("2021-05-31")),
                                                ReferralRequest(body(CULTURE), d("2021-05-31"))],
                                   sent_on=d("2021-04-06"), by=registrar)
    record_referral_response(social, decided_on=d("2021-05-20"), text="Yttrande", by=registrar)
    extend_referral_due_date(culture, due_on=d("2021-06-30"), on=d("2021-05-25"), by=registrar)
    record_referral_response(culture, decided_on=d("2021-06-15"), text="Yttrande",
                             document=SimpleUploadedFile("svar.pdf", MINIMAL_PDF), by=registrar)
    take_to_council(a, body, registrar, prepared="2021-08-01", committee="2021-09-01", board="2021-10-01",
                    council="2022-03-01", outcome="approve")

    b = filed("B", "2021-04-01", "Erik Sandberg", "Anna Berglund")
    (social,) = refer_motion(b, requests=[ReferralRequest(body(SOCIAL), d("2021-05-10"))], sent_on=d("2021-04-10"),
                             by=registrar)
    record_referral_response(social, decided_on=d("2021-06-09"), text="Yttrande", by=registrar)
    take_to_council(b, body, registrar, prepared="2021-09-01", committee="2021-10-01", board="2022-04-10",
                    council="2022-05-01", outcome="reject")

    c = filed("C", "2022-02-01", "Fatima Haddad")
    refer_motion(c, requests=[ReferralRequest(body(SOCIAL), d("2022-03-31"))], sent_on=d("2022-02-10"), by=registrar)

    filed("D", "2023-01-10", "Helena Strand")
    e = filed("E", "2022-09-01", "Johan Ek")
    withdraw_motion(e, on=d("2022-10-01"), by=registrar)
    filed("F", "2021-01-15", "Lena Holm")
    g = filed("G", "2021-06-01", "Maria Lind")
    strike_off_motion(g, meeting=planned(body("Kommunfullmäktige"), "2021-12-01"), by=registrar)
    return huddinge


def outcomes(**counts) -> dict:
    return {outcome: counts.get(str(outcome), 0) for outcome in OUTCOMES}


def test_the_figures_are_the_hand_counted_ones(cases):
    counted = count_figures(Filters(cases.pk), today=TODAY)
    assert counted.organisation == "Huddinge kommun"
    years = {row.year: row for row in counted.years}
    assert list(years) == [2021, 2022, 2023]
    assert years[2021].outcomes == outcomes(approved=1, rejected=1, struck_off=1, open=1)
    assert years[2022].outcomes == outcomes(withdrawn=1, open=1)
    assert years[2023].outcomes == outcomes(open=1)
    # Against the one-year mark: within, after, open past it, open not yet at it.
    assert [(r.within, r.later, r.open_past, r.open_within) for r in years.values()] == [
        (2, 1, 1, 0), (0, 0, 1, 1), (0, 0, 0, 1)]
    assert [years[year].share_within for year in years] == [50, 0, None]

    assert [(row.age, row.count) for row in counted.ages] == [
        ("under_6_months", 1), ("6_to_12_months", 1), ("1_to_2_years", 1), ("over_2_years", 1)]

    # B is moved by S and M: once for each. C is S's too.
    assert [(row.abbreviation, row.total) for row in counted.parties] == [
        ("S", 2), ("C", 1), ("L", 1), ("M", 1), ("SD", 1), ("V", 1), ("", 1)]
    parties = {row.abbreviation: row for row in counted.parties}
    assert parties["S"].outcomes == outcomes(rejected=1, open=1)
    assert parties["M"].outcomes == outcomes(rejected=1)
    assert parties[""].outcomes == outcomes(open=1)

    # Socialnämnden: 44 and 60 days (the second after its due date), one waiting past its due date.
    # Kultur- och fritidsnämnden: 70 days, after the first due date but within the extension.
    assert [(r.body, r.decided, r.median_days, r.late, r.overdue, r.share_late) for r in counted.bodies] == [
        (CULTURE, 1, 70, 0, 0, 0), (SOCIAL, 2, 52, 1, 1, 50)]


def test_the_years_filter_counts_the_motions_filed_in_them(cases):
    counted = count_figures(Filters(cases.pk, first_year=2022, last_year=2022), today=TODAY)
    assert [row.year for row in counted.years] == [2022]
    assert [(row.age, row.count) for row in counted.ages] == [
        ("under_6_months", 0), ("6_to_12_months", 1), ("1_to_2_years", 1), ("over_2_years", 0)]
    assert [(row.abbreviation, row.total) for row in counted.parties] == [("S", 1), ("SD", 1)]
    # C's referral waits: nothing decided, one past its due date.
    assert [(r.body, r.decided, r.median_days, r.overdue) for r in counted.bodies] == [(SOCIAL, 0, None, 1)]

    counted = count_figures(Filters(cases.pk, first_year=2024), today=TODAY)
    assert (counted.years, counted.bodies, counted.parties) == ([], [], [])
    assert counted.open_count == 0


def test_another_organisations_cases_are_not_counted(cases, registrar):
    region = region_with_board_and_council()
    file_motion(region.municipality, title="Regionens motion", movers=[region.member], received_on=d("2021-05-05"),
                registered_on=d("2021-05-05"), by=registrar)
    counted = count_figures(Filters(region.municipality.pk), today=TODAY)
    assert [(row.year, row.total) for row in counted.years] == [(2021, 1)]
    assert [(row.abbreviation, row.total) for row in counted.parties] == [("S", 1)]
    assert sum(row.total for row in count_figures(Filters(cases.pk), today=TODAY).years) == 7


def test_a_year_without_motions_between_two_with_is_shown_empty(huddinge, person, registrar):
    for on in ("2019-05-05", "2021-05-05"):
        file_motion(huddinge, title="Motion", movers=[person("Lena Holm")], received_on=d(on), registered_on=d(on),
                    by=registrar)
    counted = count_figures(Filters(huddinge.pk), today=TODAY)
    assert [(row.year, row.total) for row in counted.years] == [(2019, 1), (2020, 0), (2021, 1)]


def test_a_new_decision_is_counted_at_once_though_the_figures_are_kept(cases, body, registrar):
    kept = figures(Filters(cases.pk), today=TODAY)
    assert figures(Filters(cases.pk), today=TODAY) == kept  # from the cache
    d_motion = Motion.objects.get(title="Motion D")
    strike_off_motion(d_motion, meeting=planned(body("Kommunfullmäktige"), "2023-05-15"), by=registrar)
    now = figures(Filters(cases.pk), today=TODAY)
    assert {row.year: row.outcomes for row in now.years}[2023] == outcomes(struck_off=1)
    # Struck off within a year of its filing.
    assert {row.year: row.within for row in now.years}[2023] == 1


@pytest.mark.parametrize(("values", "expected"), [
    ({}, None), ({7: 1}, 7), ({1: 1, 2: 1}, 1.5), ({1: 2, 9: 1}, 1), ({1: 1, 5: 1, 9: 2}, 7), ({3: 4}, 3),
])
def test_the_median_of_a_histogram(values, expected):
    assert median(values) == expected


def test_the_median_is_the_middle_of_the_values_one_by_one():
    draw = random.Random(5)
    for _ in range(200):
        values = [draw.randint(0, 40) for _ in range(draw.randint(1, 30))]
        ordered = sorted(values)
        middle = len(ordered) // 2
        expected = ordered[middle] if len(ordered) % 2 else (ordered[middle - 1] + ordered[middle]) / 2
        assert median(Counter(values)) == expected


@pytest.fixture
def generated(db, monkeypatch):
    """Generated cases of two organisations, with twenty years of history."""
    from cases.generated import generate_cases

    monkeypatch.setattr("django.utils.timezone.localdate", lambda *args, **kwargs: GENERATED_TODAY)
    generate_cases(300, seed=3, today=GENERATED_TODAY)


GENERATED_TODAY = d("2026-11-26")


def test_the_figures_are_the_rules_case_by_case(generated):
    """For generated cases, each figure as the rules give it for each case in Python:
    the day decided from its timeline, the one-year mark, each referral's days and lateness."""
    from organisation.models import Municipality

    today = GENERATED_TODAY
    assert Municipality.objects.count() == 2
    for organisation in Municipality.objects.all():
        for first, last in [(None, None), (2015, 2020)]:
            counted = count_figures(Filters(organisation.pk, first, last), today=today)
            motions = Motion.objects.filter(Filters(organisation.pk, first, last).q()).prefetch_related(
                "events", "movers__party", "referrals__response", "referrals__body")
            by_year, within, later, open_past, ages = defaultdict(Counter), Counter(), Counter(), Counter(), Counter()
            parties, times, late, overdue = defaultdict(Counter), defaultdict(list), Counter(), Counter()
            for motion in motions:
                year = motion.filed_on.year
                by_year[year][outcome_of(motion.status)] += 1
                decided = rules.decided_on(motion.events.all())
                assert (decided is not None) == (motion.status in CLOSED)
                if decided:
                    assert decided == motion.status_since
                    (later if rules.is_past_one_year_mark(motion.filed_on, decided) else within)[year] += 1
                else:
                    past = rules.is_past_one_year_mark(motion.filed_on, today)
                    open_past[year] += past
                    age = (today - motion.filed_on).days
                    ages["over_2_years" if rules.is_past_one_year_mark(motion.filed_on, today.replace(
                        year=today.year - 1)) else "1_to_2_years" if past else
                        "under_6_months" if age < 182 else "6_to_12_months"] += 1
                for party in {mover.party.abbreviation if mover.party else "" for mover in motion.movers.all()}:
                    parties[party][outcome_of(motion.status)] += 1
                for referral in motion.referrals.all():
                    if referral.status == Referral.Status.WITHDRAWN:
                        continue
                    days = referral_rules.days_to_answer(referral)
                    if days is not None:
                        times[referral.body.name].append(days)
                    late[referral.body.name] += referral_rules.was_answered_late(referral)
                    overdue[referral.body.name] += referral_rules.is_overdue(referral, today)
                    times.setdefault(referral.body.name, [])
            rows = {row.year: row for row in counted.years}
            assert sum(row.total for row in rows.values()) == len(motions) > 20
            assert len(times) > 2 and sum(late.values()) and any(within.values()) and any(later.values())
            assert {year: dict(+count) for year, count in by_year.items()} == {
                year: {k: v for k, v in row.outcomes.items() if v} for year, row in rows.items() if row.total}
            assert {year: row.within for year, row in rows.items() if row.within} == dict(+within)
            assert {year: row.later for year, row in rows.items() if row.later} == dict(+later)
            assert {year: row.open_past for year, row in rows.items() if row.open_past} == dict(+open_past)
            assert {row.abbreviation: {k: v for k, v in row.outcomes.items() if v} for row in counted.parties} == {
                party: dict(+count) for party, count in parties.items()}
            assert {row.body: (row.decided, row.median_days, row.late, row.overdue) for row in counted.bodies} == {
                body: (len(values), median(Counter(values)), late[body], overdue[body])
                for body, values in times.items()}
            # The ages' months are calendar months; the days here are a check of the same buckets away from their ends.
            assert sum(row.count for row in counted.ages) == sum(ages.values())
            for row in counted.ages:
                if row.age in ("1_to_2_years", "over_2_years"):
                    assert row.count == ages[row.age], row.age


def test_the_protocols_days_from_signing_to_publication(signed_seed_case, huddinge, registrar):
    """The seed case's three meetings, signed and their protocols archived and published at once
    (publication.services.assess); then one withheld and one held for review by the registry."""
    from decisions.models import RenderedDocument
    from publication.models import WithholdingGround
    from publication.services import assess, withhold

    protocols = list(RenderedDocument.objects.filter(kind=RenderedDocument.Kind.PROTOCOL, archived=True)
                     .select_related("meeting__body").order_by("meeting__date"))
    assert len({protocol.meeting.body_id for protocol in protocols}) == len(protocols) == 3
    assert all(protocol.is_published for protocol in protocols)
    days = {protocol.meeting.body.name: (timezone.localdate(protocol.published_at) - protocol.meeting.signed_on).days
            for protocol in protocols}
    counted = figures(Filters(huddinge.pk), today=TODAY)
    assert [(row.body, row.published, row.median_days, row.waiting, row.withheld) for row in counted.publication] == [
        (body, 1, days[body], 0, 0) for body in sorted(days)]
    assert counted.publication_median_days == sorted(days.values())[1]

    first, second, _third = protocols
    withhold(first, ground=WithholdingGround.PERSONAL_DATA, reason="Uppgifter om en enskild", by=registrar)
    assess(second, pages=None)  # no text to read: held for review
    counted = {row.body: row for row in figures(Filters(huddinge.pk), today=TODAY).publication}
    assert (counted[first.meeting.body.name].published, counted[first.meeting.body.name].withheld) == (0, 1)
    assert (counted[second.meeting.body.name].published, counted[second.meeting.body.name].waiting) == (0, 1)
    assert counted[first.meeting.body.name].median_days is None

    # The meetings' years, not the motions'.
    years = {protocol.meeting.date.year for protocol in protocols}
    after = count_figures(Filters(huddinge.pk, first_year=max(years) + 1), today=TODAY)
    assert after.publication == [] and after.publication_median_days is None
