"""The path of preparation is the organisation's setting
(Municipality.preparing_committee): Huddinge's working committee prepares
motions before the board; a region without a preparing committee takes them
from its board straight to its council."""

import pytest

from cases.selectors import case_detail
from decisions.models import Decision, MinuteItem
from decisions.selectors.case_steps import cases_for_agenda, minute_steps
from decisions.services.case_steps import (
    handle_at_board,
    handle_at_working_committee,
    prepare_draft_decision,
    put_on_agenda,
    record_decision,
    record_minute_item,
)
from lib.errors import DomainError, TransitionError
from motions import rules
from motions.models import Motion, Status
from motions.services import file_motion
from organisation.models import Body, Meeting
from referrals.services import ReferralRequest, record_referral_response, refer_motion
from tests.conftest import _user, d
from tests.support.meetings import planned
from tests.support.organisations import region_with_board_and_council

NO_COMMITTEE = ("Region Exempel har inget beredande utskott: Regionstyrelsen bereder motionerna direkt inför "
                "regionfullmäktige. Protokollför ärendet i Regionstyrelsen i stället.")


@pytest.fixture
def region(db):
    return region_with_board_and_council()


def file_in_region(region, registrar) -> Motion:
    return file_motion(region.municipality, title="Fler vårdplatser i norra länsdelen", movers=[region.member],
                       received_on=d("2023-01-20"),
                       filed_meeting=Meeting.objects.create(body=region.council, date=d("2023-01-30")),
                       clauses=["att fler vårdplatser inrättas"], by=registrar)


@pytest.fixture
def region_prepared(region, registrar) -> Motion:
    motion = file_in_region(region, registrar)
    (referral,) = refer_motion(motion, requests=[ReferralRequest(region.service_board, d("2023-05-01"))],
                               sent_on=d("2023-02-01"), by=registrar)
    record_referral_response(referral, decided_on=d("2023-04-20"), by=registrar)
    prepare_draft_decision(motion, drafted_on=d("2023-05-02"), proposal="reject", by=registrar)
    motion.refresh_from_db()
    return motion


@pytest.fixture
def huddinge_prepared(motion, registrar) -> Motion:
    prepare_draft_decision(motion, drafted_on=d("2021-06-01"), proposal="reject", by=registrar)
    motion.refresh_from_db()
    return motion


def registry():
    """The case page as the registry sees it: every step, the paragraphs of minutes not yet signed too
    (what the public sees before signing: tests/publication/test_public_pages.py)."""
    return _user("reg", "registry")


def progress(motion):
    return [(stage.label, stage.state) for stage in case_detail(motion.case_number, user=registry(),
                                                                 today=d("2023-07-01"))["progress"]]


def test_each_organisation_has_its_own_path(huddinge, region):
    assert [body.name for body in rules.preparation_path(huddinge)] == [
        "Kommunstyrelsens arbetsutskott", "Kommunstyrelsen", "Kommunfullmäktige"]
    assert rules.preparation_path(region.municipality) == [region.board, region.council]
    assert rules.handled_by(Status.PREPARED, region.municipality) == region.board
    assert rules.handled_by(Status.BOARD, region.municipality) == region.council
    assert rules.handled_by(Status.PREPARED, huddinge).name == "Kommunstyrelsens arbetsutskott"
    assert rules.handled_by(Status.REFERRED, huddinge) is None
    # Only the steps of its path, in its own words.
    choices = dict(rules.status_choices(region.municipality))
    assert Status.WORKING_COMMITTEE not in choices and choices[Status.BOARD] == "Behandlad i regionstyrelsen"
    assert dict(rules.status_choices(huddinge))[Status.WORKING_COMMITTEE] == \
        "Behandlad i kommunstyrelsens arbetsutskott"


def test_a_prepared_case_goes_to_the_committee_or_straight_to_the_board(huddinge, region):
    theirs, ours = rules.path_of(region.municipality), rules.path_of(huddinge)
    assert theirs.next_statuses(Status.PREPARED) == [
        Status.BOARD, Status.SENT_BACK, Status.WITHDRAWN, Status.STRUCK_OFF]
    assert ours.next_statuses(Status.PREPARED) == [
        Status.WORKING_COMMITTEE, Status.SENT_BACK, Status.WITHDRAWN, Status.STRUCK_OFF]
    assert theirs.next_statuses(Status.BOARD) == ours.next_statuses(Status.BOARD)


def test_a_region_takes_a_motion_from_its_board_to_its_council(region, region_prepared, registrar):
    motion = region_prepared
    assert progress(motion) == [("Väckt", "done"), ("Remitterad", "done"), ("Beredd", "done"),
                                ("Regionstyrelsen", "current"), ("Regionfullmäktige", "upcoming")]
    (handle, *_rest) = minute_steps(motion)
    assert (handle.label, handle.body, handle.outcome_required) == (
        "Förslag från Regionstyrelsen", region.board, True)

    item = record_minute_item(motion, step="handle", meeting=planned(region.board, d("2023-05-15")),
                              outcome="reject", by=registrar)
    assert (item.decision, item.proposal) == (Decision.PROPOSE, "reject")
    motion.refresh_from_db()
    assert motion.status == Status.BOARD
    page = case_detail(motion.case_number, user=registry(), today=d("2023-06-01"))
    assert page["status"] == "Behandlad i regionstyrelsen"
    assert [(e.from_label, e.to_label) for e in page["events"]][-1] == ("Beredd", "Behandlad i regionstyrelsen")
    assert progress(motion) == [("Väckt", "done"), ("Remitterad", "done"), ("Beredd", "done"),
                                ("Regionstyrelsen", "done"), ("Regionfullmäktige", "current")]

    record_minute_item(motion, step="handle", meeting=planned(region.council, d("2023-06-12")), outcome="reject",
                       by=registrar)
    motion.refresh_from_db()
    assert motion.status == Status.REJECTED
    stages = case_detail(motion.case_number, user=registry(), today=d("2023-07-01"))["progress"]
    assert [(s.label, s.date, s.detail) for s in stages[3:]] == [
        ("Regionstyrelsen", d("2023-05-15"), ""), ("Regionfullmäktige", d("2023-06-12"), "Avslagen")]
    assert [(e.from_status, e.to_status) for e in motion.events.all()][-2:] == [
        (Status.PREPARED, Status.BOARD), (Status.BOARD, Status.REJECTED)]


def test_the_working_committee_step_is_refused_where_the_board_prepares(region, region_prepared, registrar):
    meeting = Meeting.objects.create(body=region.committee, date=d("2023-05-10"))
    with pytest.raises(DomainError, match=NO_COMMITTEE) as refused:
        handle_at_working_committee(region_prepared, meeting=meeting, by=registrar)
    assert refused.value.field == "meeting"
    # The case file's and the form's way in: a hand-over at a committee of the board.
    with pytest.raises(DomainError, match=NO_COMMITTEE):
        record_decision(region_prepared, meeting=meeting, decision=Decision.HAND_OVER, by=registrar)
    with pytest.raises(DomainError, match="kan inte behandla det här steget; det görs av Regionstyrelsen och "
                                          "Regionfullmäktige"):
        put_on_agenda(region_prepared, meeting=meeting, by=registrar)
    assert Motion.objects.get(pk=region_prepared.pk).status == Status.PREPARED
    assert not MinuteItem.objects.exists()
    assert cases_for_agenda(meeting) == []


def test_a_region_that_takes_a_preparing_committee_prepares_there_first(region, region_prepared, registrar):
    region.municipality.preparing_committee = region.committee
    region.municipality.save()
    motion = Motion.objects.get(pk=region_prepared.pk)
    assert rules.preparation_path(motion.municipality) == [region.committee, region.board, region.council]
    with pytest.raises(TransitionError, match="möjliga nästa steg: Behandlad i regionstyrelsens arbetsutskott, "):
        handle_at_board(motion, meeting=Meeting.objects.create(body=region.board, date=d("2023-05-15")),
                        proposal="reject", by=registrar)
    record_minute_item(motion, step="handle", meeting=planned(region.committee, d("2023-05-10")), by=registrar)
    assert Motion.objects.get(pk=motion.pk).status == Status.WORKING_COMMITTEE
    assert [label for label, _state in progress(motion)][3:] == [
        "Regionstyrelsens arbetsutskott", "Regionstyrelsen", "Regionfullmäktige"]


def test_huddinge_keeps_its_committee_before_the_board(huddinge, huddinge_prepared, meeting, registrar):
    with pytest.raises(TransitionError, match="Steget till ”Behandlad i kommunstyrelsen” är inte möjligt när "
                                              "ärendet har status ”Beredd”; möjliga nästa steg: Behandlad i "
                                              "kommunstyrelsens arbetsutskott, Återremitterad"):
        handle_at_board(huddinge_prepared, meeting=meeting("Kommunstyrelsen", "2021-06-14"), proposal="reject",
                        by=registrar)
    assert [label for label, _state in progress(huddinge_prepared)] == [
        "Väckt", "Remitterad", "Beredd", "Kommunstyrelsens arbetsutskott", "Kommunstyrelsen", "Kommunfullmäktige"]
    handle_at_working_committee(huddinge_prepared, meeting=meeting("Kommunstyrelsens arbetsutskott", "2021-06-08"),
                                by=registrar)
    handle_at_board(huddinge_prepared, meeting=meeting("Kommunstyrelsen", "2021-06-14"), proposal="reject",
                    by=registrar)
    page = case_detail(huddinge_prepared.case_number, user=registry(), today=d("2021-06-15"))
    assert page["status"] == "Behandlad i kommunstyrelsen"
    assert [e.to_label for e in page["events"]][-2:] == [
        "Behandlad i kommunstyrelsens arbetsutskott", "Behandlad i kommunstyrelsen"]


def test_a_committee_that_does_not_prepare_motions_cannot_handle_one(huddinge, huddinge_prepared, body, registrar):
    staff = Body.objects.create(municipality=huddinge, name="Kommunstyrelsens personalutskott",
                                kind=Body.Kind.WORKING_COMMITTEE, parent=body("Kommunstyrelsen"),
                                genitive="Kommunstyrelsens personalutskotts", decision_subject="Personalutskottet")
    meeting = Meeting.objects.create(body=staff, date=d("2021-06-08"))
    message = ("Kommunstyrelsens personalutskott kan inte behandla det här steget; det görs av Kommunstyrelsens "
               "arbetsutskott.")
    with pytest.raises(DomainError, match=message):
        handle_at_working_committee(huddinge_prepared, meeting=meeting, by=registrar)
    with pytest.raises(DomainError, match=message):
        record_decision(huddinge_prepared, meeting=meeting, decision=Decision.PROPOSE, proposal="reject",
                        by=registrar)
    with pytest.raises(DomainError, match="Kommunstyrelsens personalutskott kan inte behandla det här steget"):
        put_on_agenda(huddinge_prepared, meeting=meeting, by=registrar)
    assert cases_for_agenda(meeting) == []
    assert Motion.objects.get(pk=huddinge_prepared.pk).status == Status.PREPARED
