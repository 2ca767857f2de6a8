"""Preparing and deciding: the draft decision and the three meetings."""

import pytest

from decisions.models import Decision, MinuteItem
from decisions.services.case_steps import (
    decide_at_council,
    defer_motion,
    handle_at_board,
    handle_at_working_committee,
    prepare_draft_decision,
    send_back_motion,
    strike_off_motion,
)
from decisions.services.paragraphs import MinuteRecord
from lib.errors import DomainError, TransitionError
from motions.models import Motion, Status
from motions.services import withdraw_motion
from referrals.services import (
    ReferralRequest,
    record_referral_response,
    refer_motion,
    withdraw_referral,
)
from tests.conftest import d


@pytest.fixture
def referred(motion, body, registrar):
    return refer_motion(motion, requests=[ReferralRequest(body("Socialnämnden"), d("2021-09-30"))],
                        sent_on=d("2021-04-06"), by=registrar)


@pytest.fixture
def prepared(motion, referred, registrar):
    record_referral_response(referred[0], decided_on=d("2021-09-28"), by=registrar)
    prepare_draft_decision(motion, drafted_on=d("2022-01-10"), proposal="deem_answered",
                           summary="Förvaltningens bedömning.", by=registrar)
    motion.refresh_from_db()
    return motion


def status(motion):
    return Motion.objects.get(pk=motion.pk).status


def test_preparing_waits_for_every_open_referral(motion, referred, registrar):
    with pytest.raises(DomainError, match="Remissvar saknas från Socialnämnden"):
        prepare_draft_decision(motion, drafted_on=d("2022-01-10"), proposal="reject", by=registrar)
    assert status(motion) == Status.REFERRED
    assert not motion.drafts.exists()


def test_preparing_after_a_withdrawn_referral(motion, referred, registrar):
    withdraw_referral(referred[0], on=d("2021-05-01"), by=registrar)
    prepare_draft_decision(motion, drafted_on=d("2021-06-01"), proposal="reject", by=registrar)
    assert status(motion) == Status.PREPARED


def test_a_draft_dated_before_the_last_answer_is_refused(motion, referred, registrar):
    record_referral_response(referred[0], decided_on=d("2021-09-28"), by=registrar)
    with pytest.raises(DomainError, match="före det senaste remissvaret") as refused:
        prepare_draft_decision(motion, drafted_on=d("2021-09-01"), proposal="reject", by=registrar)
    assert refused.value.field == "drafted_on"


def test_the_whole_path_to_the_council(prepared, meeting, registrar, nujin):
    item = handle_at_working_committee(
        prepared, meeting=meeting("Kommunstyrelsens arbetsutskott", "2022-01-25"),
        record=MinuteRecord(number=12, speakers=[nujin]), by=registrar,
    )
    assert (item.decision, item.number, item.year) == (Decision.HAND_OVER, 12, 2022)
    assert item.summary == "Förvaltningens bedömning."
    assert [s.person for s in item.speakers.all()] == [nujin]
    assert status(prepared) == Status.WORKING_COMMITTEE
    item = handle_at_board(prepared, meeting=meeting("Kommunstyrelsen", "2022-02-07"),
                           proposal="deem_answered", by=registrar)
    assert (item.decision, item.proposal, item.number) == (Decision.PROPOSE, "deem_answered", 1)
    assert status(prepared) == Status.BOARD
    decide_at_council(prepared, meeting=meeting("Kommunfullmäktige", "2022-03-07"),
                      outcome="deem_answered", by=registrar)
    assert status(prepared) == Status.ANSWERED
    assert [e.kind for e in prepared.events.all()] == [
        "filed", "referred", "referral_answered", "prepared", "handled", "handled", "decided"]


def test_the_working_committee_may_propose_a_position(prepared, meeting, registrar):
    item = handle_at_working_committee(prepared, meeting=meeting("Kommunstyrelsens arbetsutskott", "2022-01-25"),
                                       proposal="reject", by=registrar)
    assert (item.decision, item.proposal) == (Decision.PROPOSE, "reject")


@pytest.mark.parametrize(
    ("step", "body_name", "message"),
    [
        ("board", "Kommunstyrelsen", "inte möjligt när ärendet har status ”Beredd”"),
        ("council", "Kommunfullmäktige", "inte möjligt när ärendet har status ”Beredd”"),
        ("committee", "Kommunstyrelsen", "kan inte behandla det här steget"),
    ],
)
def test_steps_out_of_order_or_at_the_wrong_body_are_refused(prepared, meeting, registrar, step, body_name, message):
    m = meeting(body_name, "2022-02-07")
    call = {
        "board": lambda: handle_at_board(prepared, meeting=m, proposal="reject", by=registrar),
        "council": lambda: decide_at_council(prepared, meeting=m, outcome="reject", by=registrar),
        "committee": lambda: handle_at_working_committee(prepared, meeting=m, by=registrar),
    }[step]
    with pytest.raises(DomainError, match=message):
        call()
    assert status(prepared) == Status.PREPARED
    assert not MinuteItem.objects.exists()


def test_a_meeting_before_the_previous_step_is_refused(prepared, meeting, registrar):
    with pytest.raises(DomainError, match="före föregående steg"):
        handle_at_working_committee(prepared, meeting=meeting("Kommunstyrelsens arbetsutskott", "2021-12-01"),
                                    by=registrar)
    assert not MinuteItem.objects.exists()


def test_numbers_run_per_body_and_year_without_duplicates(prepared, meeting, registrar):
    ksau = meeting("Kommunstyrelsens arbetsutskott", "2022-01-25")
    defer_motion(prepared, meeting=ksau, by=registrar)
    item = handle_at_working_committee(prepared, meeting=meeting("Kommunstyrelsens arbetsutskott", "2022-02-01"),
                                       by=registrar)
    assert item.number == 2
    board_item = handle_at_board(prepared, meeting=meeting("Kommunstyrelsen", "2022-02-07"),
                                 proposal="reject", by=registrar)
    assert board_item.number == 1  # each body numbers its own paragraphs
    defer_motion(prepared, meeting=meeting("Kommunfullmäktige", "2022-03-07"),
                 record=MinuteRecord(number=5), by=registrar)
    with pytest.raises(DomainError, match="Kommunfullmäktige har redan en § 5 år 2022") as refused:
        decide_at_council(prepared, meeting=meeting("Kommunfullmäktige", "2022-04-04"), outcome="reject",
                          record=MinuteRecord(number=5), by=registrar)
    assert refused.value.field == "number"


def test_deferring_keeps_the_status_and_records_an_item(prepared, meeting, registrar):
    item = defer_motion(prepared, meeting=meeting("Kommunstyrelsens arbetsutskott", "2022-01-25"), by=registrar)
    assert item.decision == Decision.DEFER
    assert status(prepared) == Status.PREPARED
    assert prepared.events.last().kind == "deferred"


def test_deferring_at_a_body_that_is_not_handling_the_case_is_refused(prepared, meeting, registrar):
    with pytest.raises(TransitionError, match="behandlar ärenden med status ”Behandlad i kommunstyrelsen”"):
        defer_motion(prepared, meeting=meeting("Kommunfullmäktige", "2022-03-07"), by=registrar)


def test_sending_back_needs_a_reason_and_reopens_preparation(prepared, meeting, registrar, body):
    ksau = meeting("Kommunstyrelsens arbetsutskott", "2022-01-25")
    with pytest.raises(DomainError, match="måste ha en motivering"):
        send_back_motion(prepared, meeting=ksau, reason=" ", by=registrar)
    item = send_back_motion(prepared, meeting=ksau, reason="Kostnaderna ska utredas.", by=registrar)
    assert (item.decision, item.reason) == (Decision.SEND_BACK, "Kostnaderna ska utredas.")
    assert status(prepared) == Status.SENT_BACK
    refer_motion(prepared, requests=[ReferralRequest(body("Grundskolenämnden"), d("2022-05-01"))],
                 sent_on=d("2022-02-01"), by=registrar)
    assert status(prepared) == Status.REFERRED


def test_partly_approving_decides_every_clause(prepared, meeting, registrar):
    handle_at_working_committee(prepared, meeting=meeting("Kommunstyrelsens arbetsutskott", "2022-01-25"), by=registrar)
    handle_at_board(prepared, meeting=meeting("Kommunstyrelsen", "2022-02-07"), proposal="partly_approve",
                    clauses={1: True, 2: False}, by=registrar)
    council = meeting("Kommunfullmäktige", "2022-03-07")
    with pytest.raises(DomainError, match="varje att-sats"):
        decide_at_council(prepared, meeting=council, outcome="partly_approve", clauses={1: True}, by=registrar)
    with pytest.raises(DomainError, match="minst en att-sats bifalls och minst en avslås"):
        decide_at_council(prepared, meeting=council, outcome="partly_approve", clauses={1: True, 2: True},
                          by=registrar)
    item = decide_at_council(prepared, meeting=council, outcome="partly_approve", clauses={1: True, 2: False},
                             by=registrar)
    assert [(c.clause.number, c.approved) for c in item.clause_decisions.all()] == [(1, True), (2, False)]
    assert status(prepared) == Status.PARTLY_APPROVED


def test_a_step_cannot_be_dated_before_a_deferral(prepared, meeting, registrar):
    handle_at_working_committee(prepared, meeting=meeting("Kommunstyrelsens arbetsutskott", "2022-01-25"),
                                by=registrar)
    defer_motion(prepared, meeting=meeting("Kommunstyrelsen", "2022-03-07"), by=registrar)
    with pytest.raises(DomainError, match="före föregående steg i ärendet \\(2022-03-07\\)"):
        handle_at_board(prepared, meeting=meeting("Kommunstyrelsen", "2022-02-07"), proposal="reject",
                        by=registrar)


def test_a_change_of_status_cannot_be_dated_before_an_answer(motion, referred, registrar):
    record_referral_response(referred[0], decided_on=d("2021-09-28"), by=registrar)
    with pytest.raises(DomainError, match="före föregående steg i ärendet \\(2021-09-28\\)"):
        withdraw_motion(motion, on=d("2021-05-01"), by=registrar)


def test_answers_may_be_recorded_in_any_order(motion, body, registrar):
    first, second = refer_motion(
        motion, requests=[ReferralRequest(body("Socialnämnden"), d("2021-09-30")),
                          ReferralRequest(body("Grundskolenämnden"), d("2021-09-30"))],
        sent_on=d("2021-04-06"), by=registrar)
    record_referral_response(first, decided_on=d("2021-09-28"), by=registrar)
    record_referral_response(second, decided_on=d("2021-09-21"), by=registrar)
    assert status(motion) == Status.REFERRED


def test_after_a_send_back_a_body_that_answered_can_be_asked_again(prepared, meeting, body, registrar):
    send_back_motion(prepared, meeting=meeting("Kommunstyrelsens arbetsutskott", "2022-01-25"),
                     reason="Kostnaderna ska utredas.", by=registrar)
    (again,) = refer_motion(prepared, requests=[ReferralRequest(body("Socialnämnden"), d("2022-04-30"))],
                            sent_on=d("2022-02-01"), by=registrar)
    assert again.status == "sent"
    assert prepared.referrals.filter(body__name="Socialnämnden").count() == 2


def test_an_unknown_outcome_is_a_domain_error(prepared, meeting, registrar):
    with pytest.raises(DomainError, match="Okänt beslut 'maybe'") as refused:
        handle_at_working_committee(prepared, meeting=meeting("Kommunstyrelsens arbetsutskott", "2022-01-25"),
                                    proposal="maybe", by=registrar)
    assert refused.value.field == "proposal"


def test_people_from_another_municipality_cannot_speak(prepared, meeting, registrar):
    from organisation.models import Municipality, Person

    stranger = Person.objects.create(municipality=Municipality.objects.create(name="Botkyrka kommun"),
                                     name="Bo Botkyrka")
    with pytest.raises(DomainError, match="Bo Botkyrka hör inte till Huddinge kommun"):
        handle_at_working_committee(prepared, meeting=meeting("Kommunstyrelsens arbetsutskott", "2022-01-25"),
                                    record=MinuteRecord(speakers=[stranger]), by=registrar)


def test_striking_off_withdraws_the_referrals_still_waiting(motion, referred, meeting, registrar):
    withdraw_motion(motion, on=d("2021-05-01"), by=registrar)
    strike_off_motion(motion, meeting=meeting("Kommunfullmäktige", "2021-05-17"), by=registrar)
    referred[0].refresh_from_db()
    assert (referred[0].status, referred[0].withdrawn_on) == ("withdrawn", d("2021-05-17"))
    assert status(motion) == Status.STRUCK_OFF


def test_a_withdrawn_motion_is_struck_off_by_the_council(motion, meeting, registrar):
    withdraw_motion(motion, on=d("2021-04-01"), by=registrar)
    council = meeting("Kommunfullmäktige", "2021-04-19")
    with pytest.raises(TransitionError, match="möjliga nästa steg: Avskriven"):
        decide_at_council(motion, meeting=council, outcome="approve", by=registrar)
    item = strike_off_motion(motion, meeting=council, reason="Motionären har återkallat motionen.", by=registrar)
    assert item.decision == Decision.STRIKE_OFF
    assert status(motion) == Status.STRUCK_OFF
    with pytest.raises(TransitionError, match="ärendet är avslutat"):
        withdraw_motion(motion, on=d("2021-05-01"), by=registrar)


def test_a_case_is_put_on_the_agenda_of_the_body_that_handles_it_next(prepared, meeting, registrar, motion,
                                                                       huddinge, nujin):
    from decisions.services.case_steps import put_on_agenda
    from motions.services import file_motion

    ksau = meeting("Kommunstyrelsens arbetsutskott", "2022-01-25")
    first = put_on_agenda(prepared, meeting=ksau, by=registrar)
    other = file_motion(huddinge, title="Annan", movers=[nujin], received_on=d("2021-03-01"), by=registrar)
    Motion.objects.filter(pk=other.pk).update(status=Status.PREPARED)
    second = put_on_agenda(other, meeting=ksau, by=registrar)
    assert (first.position, second.position) == (1, 2)
    with pytest.raises(DomainError, match="står redan på föredragningslistan"):
        put_on_agenda(prepared, meeting=ksau, by=registrar)
    with pytest.raises(TransitionError, match="behandlar ärenden med status"):
        put_on_agenda(prepared, meeting=meeting("Kommunstyrelsen", "2022-02-07"), by=registrar)
    with pytest.raises(DomainError, match="före föregående steg"):
        put_on_agenda(prepared, meeting=meeting("Kommunstyrelsens arbetsutskott", "2021-12-01"), by=registrar)


def test_a_meeting_ahead_can_take_a_case_on_its_agenda(prepared, meeting, registrar):
    from decisions.services.case_steps import put_on_agenda

    item = put_on_agenda(prepared, meeting=meeting("Kommunstyrelsens arbetsutskott", "2099-01-25"), by=registrar)
    assert item.meeting.date.year == 2099
