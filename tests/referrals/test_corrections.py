"""Correcting a referral or its answer, and undoing a referral sent by mistake."""

import pytest

from lib.errors import ConflictError, DomainError, TransitionError
from motions.models import Motion, MotionEvent, Status
from referrals.models import Referral
from referrals.services import (
    ReferralRequest,
    correct_referral,
    correct_referral_answer,
    extend_referral_due_date,
    record_referral_response,
    refer_motion,
    save_referral_draft,
    undo_referral,
)
from tests.conftest import d


@pytest.fixture
def referred(motion, body, registrar):
    return refer_motion(motion, requests=[ReferralRequest(body("Socialnämnden"), d("2021-09-30")),
                                          ReferralRequest(body("Grundskolenämnden"), d("2021-10-15"))],
                        sent_on=d("2021-04-06"), by=registrar)


def _state(motion):
    motion = Motion.objects.get(pk=motion.pk)
    return (motion.status, motion.version, motion.status_since, motion.last_step_on,
            list(motion.referrals.values_list("pk", "body_id", "due_on", "status")),
            list(motion.events.values_list("kind", "occurred_on", "description", "to_status")))


def test_a_referral_sent_to_the_wrong_body_is_corrected(motion, referred, body, registrar):
    social, _school = referred
    correct_referral(social, body=body("Kultur- och fritidsnämnden"), due_on=d("2021-10-01"),
                     reason="Fel nämnd vald", by=registrar, version=Motion.objects.get(pk=motion.pk).version)
    social.refresh_from_db()
    assert (social.body.name, social.due_on) == ("Kultur- och fritidsnämnden", d("2021-10-01"))
    event = motion.events.last()
    assert event.kind == MotionEvent.Kind.CORRECTED
    assert [(line["field"], line["before"], line["after"]) for line in event.changes] == [
        ("Remissinstans", "Socialnämnden", "Kultur- och fritidsnämnden"), ("Svar senast", "2021-09-30", "2021-10-01")]


@pytest.mark.parametrize(("body_name", "due", "message", "field"), [
    ("Grundskolenämnden", "2021-09-30", "redan på remiss", "body"),
    ("Kommunfullmäktige", "2021-09-30", "kan inte ta emot remisser", "body"),
    ("Socialnämnden", "2021-04-01", "före remissdatumet", "due_on"),
])
def test_a_correction_that_breaks_the_rules_is_refused(motion, referred, body, registrar, body_name, due, message,
                                                         field):
    social, _school = referred
    before = _state(motion)
    with pytest.raises(DomainError, match=message) as refused:
        correct_referral(social, body=body(body_name), due_on=d(due), reason="Fel", by=registrar)
    assert refused.value.field == field
    assert _state(motion) == before


def test_the_original_due_date_stays_before_an_extension(motion, referred, body, registrar):
    social, _school = referred
    extend_referral_due_date(social, due_on=d("2021-11-30"), on=d("2021-09-01"), by=registrar)
    with pytest.raises(DomainError, match="förlängd till 2021-11-30"):
        correct_referral(social, body=social.body, due_on=d("2021-12-01"), reason="Fel", by=registrar)


def test_undoing_the_only_referral_puts_the_case_back_as_it_was(motion, body, registrar):
    (social,) = refer_motion(motion, requests=[ReferralRequest(body("Socialnämnden"), d("2021-09-30"))],
                             sent_on=d("2021-04-06"), by=registrar)
    undo_referral(social, reason="Skulle inte remitteras", by=registrar)
    motion = Motion.objects.get(pk=motion.pk)
    assert motion.status == Status.FILED
    assert (motion.status_since, motion.last_step_on) == (motion.filed_on, motion.filed_on)
    assert not motion.referrals.exists()
    assert not motion.events.filter(kind=MotionEvent.Kind.REFERRED).exists()
    undone = motion.events.last()
    assert (undone.kind, undone.from_status, undone.to_status) == (MotionEvent.Kind.UNDONE, "referred", "filed")
    assert (undone.changes[0]["field"], undone.changes[0]["before"], undone.changes[0]["after"]) == (
        "Remiss", "Socialnämnden, skickad 2021-04-06, svar senast 2021-09-30", "–")
    assert undone.reason == "Skulle inte remitteras"


def test_a_referral_corrected_to_another_body_and_then_undone_puts_the_case_back(motion, body, registrar):
    """The referral keeps its step: a body's name in the step's text is not how it is found."""
    from organisation.models import Body

    building = Body.objects.create(municipality=motion.municipality, name="Bygg-, miljö- och hälsoskyddsnämnden",
                                   kind=Body.Kind.SERVICE_BOARD, decision_subject="bygg-, miljö- och "
                                   "hälsoskyddsnämnden", genitive="Bygg-, miljö- och hälsoskyddsnämndens")
    (referral,) = refer_motion(motion, requests=[ReferralRequest(body("Socialnämnden"), d("2021-09-30"))],
                               sent_on=d("2021-04-06"), by=registrar)
    correct_referral(referral, body=building, due_on=d("2021-09-30"), reason="Fel nämnd", by=registrar)
    assert Motion.objects.get(pk=motion.pk).events.get(kind=MotionEvent.Kind.REFERRED).description == building.name
    undo_referral(Referral.objects.get(pk=referral.pk), reason="Skulle inte remitteras", by=registrar)
    motion = Motion.objects.get(pk=motion.pk)
    assert (motion.status, motion.referrals.count()) == (Status.FILED, 0)
    assert not motion.events.filter(kind=MotionEvent.Kind.REFERRED).exists()


def test_undoing_one_of_two_referrals_keeps_the_other_and_the_status(motion, referred, registrar):
    social, school = referred
    undo_referral(social, reason="Fel nämnd", by=registrar)
    motion = Motion.objects.get(pk=motion.pk)
    assert motion.status == Status.REFERRED
    assert list(motion.referrals.all()) == [school]
    assert motion.events.get(kind=MotionEvent.Kind.REFERRED).description == "Grundskolenämnden"


def test_an_answered_referral_cannot_be_undone_and_says_why(motion, referred, registrar):
    social, _school = referred
    record_referral_response(social, decided_on=d("2021-09-01"), text="Yttrande", by=registrar)
    before = _state(motion)
    with pytest.raises(TransitionError, match="har svarat på remissen .* Rätta svaret i stället"):
        undo_referral(social, reason="Fel", by=registrar)
    assert _state(motion) == before


def test_a_referral_the_body_is_drafting_an_answer_to_is_not_undone(motion, referred, registrar):
    social, _school = referred
    save_referral_draft(social, text="Vi tycker", by=registrar)
    with pytest.raises(DomainError, match="utkast till svar"):
        undo_referral(social, reason="Fel", by=registrar)


def test_undoing_needs_a_reason_and_the_current_version(motion, referred, registrar):
    social, _school = referred
    with pytest.raises(DomainError, match="varför steget ångras"):
        undo_referral(social, reason="", by=registrar)
    with pytest.raises(ConflictError):
        undo_referral(social, reason="Fel", by=registrar, version=1)
    assert Referral.objects.filter(pk=social.pk).exists()


def test_an_answer_is_corrected_and_its_step_redated(motion, referred, registrar):
    social, _school = referred
    record_referral_response(social, decided_on=d("2021-09-01"), paragraph="§ 4", text="Yttrande", by=registrar)
    correct_referral_answer(social, decided_on=d("2021-08-25"), paragraph="§ 40", text="Yttrandet i sin helhet",
                            reason="Fel paragraf och datum", by=registrar)
    social.refresh_from_db()
    assert (social.response.decided_on, social.response.paragraph, social.response.text) == (
        d("2021-08-25"), "§ 40", "Yttrandet i sin helhet")
    answered = motion.events.get(kind=MotionEvent.Kind.REFERRAL_ANSWERED)
    assert (answered.occurred_on, answered.description) == (d("2021-08-25"), "Socialnämnden § 40")
    assert Motion.objects.get(pk=motion.pk).last_step_on == d("2021-08-25")


def test_an_answer_is_not_moved_after_a_step_that_builds_on_it(motion, referred, registrar):
    from decisions.services.case_steps import prepare_draft_decision

    social, school = referred
    record_referral_response(social, decided_on=d("2021-09-01"), text="Yttrande", by=registrar)
    record_referral_response(school, decided_on=d("2021-09-02"), text="Yttrande", by=registrar)
    prepare_draft_decision(motion, drafted_on=d("2021-09-10"), proposal="reject", by=registrar)
    before = _state(motion)
    with pytest.raises(DomainError, match="senare steg bygger på svaret") as refused:
        correct_referral_answer(social, decided_on=d("2021-09-20"), text="Yttrande", reason="Fel", by=registrar)
    assert refused.value.field == "decided_on"
    assert _state(motion) == before


def test_an_open_referral_has_no_answer_to_correct(motion, referred, registrar):
    social, _school = referred
    with pytest.raises(TransitionError, match="inget svar att rätta"):
        correct_referral_answer(social, decided_on=d("2021-09-01"), reason="Fel", by=registrar)


def test_the_undo_page_of_an_answered_referral_says_why_not(client, motion, referred, registry_user, registrar):
    social, _school = referred
    record_referral_response(social, decided_on=d("2021-09-01"), text="Yttrande", by=registrar)
    client.force_login(registry_user)
    page = client.get(f"/remisser/{social.pk}/angra/").content.decode()
    assert "ett besvarat steg kan inte ångras" in page
    assert "Rätta svaret i stället" in page
    assert 'name="confirm"' not in page


def test_the_case_page_offers_correcting_and_undoing_an_open_referral_to_the_registry(client, motion, referred,
                                                                                      registry_user):
    social, _school = referred
    page = client.get(motion.get_absolute_url()).content.decode()
    assert f"/remisser/{social.pk}/angra/" not in page  # not to the public
    client.force_login(registry_user)
    page = client.get(motion.get_absolute_url()).content.decode()
    assert f'class="btn btn-sm btn-outline-danger" href="/remisser/{social.pk}/angra/"' in page
    assert f"/remisser/{social.pk}/ratta/" in page
    assert f"/arenden/{motion.case_number}/ratta/" in page
