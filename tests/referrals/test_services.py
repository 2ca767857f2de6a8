"""Referring a motion, and the bodies' answers."""

import pytest

from lib.errors import DomainError, DomainErrors, TransitionError
from motions.models import Status
from referrals.models import Referral
from referrals.services import (
    ReferralRequest,
    extend_referral_due_date,
    record_referral_declined,
    record_referral_response,
    refer_motion,
    withdraw_referral,
)
from tests.conftest import d


@pytest.fixture
def referred(motion, body, registrar):
    """The motion referred to two bodies on 2021-04-06, each with its own due date."""
    return refer_motion(
        motion,
        requests=[
            ReferralRequest(body("Socialnämnden"), d("2021-09-30")),
            ReferralRequest(body("Grundskolenämnden"), d("2021-10-15")),
        ],
        sent_on=d("2021-04-06"), by=registrar,
    )


def test_referring_to_several_bodies_in_one_step(motion, referred):
    motion.refresh_from_db()
    assert motion.status == Status.REFERRED
    assert [(r.body.name, r.due_on) for r in motion.referrals.order_by("id")] == [
        ("Socialnämnden", d("2021-09-30")), ("Grundskolenämnden", d("2021-10-15")),
    ]
    event = motion.events.last()
    assert (event.kind, event.from_status, event.to_status) == ("referred", "filed", "referred")
    assert event.description == "Socialnämnden, Grundskolenämnden"


def test_referring_again_to_another_body_keeps_the_case_referred(motion, referred, body, registrar):
    refer_motion(motion, requests=[ReferralRequest(body("Kultur- och fritidsnämnden"), d("2021-10-01"))],
                 sent_on=d("2021-05-01"), by=registrar)
    motion.refresh_from_db()
    assert motion.status == Status.REFERRED
    assert motion.referrals.count() == 3


@pytest.mark.parametrize(
    ("requests", "sent_on", "message", "field"),
    [
        ([], "2021-04-06", "minst ett organ", "bodies"),
        ([("Socialnämnden", "2021-09-30"), ("Socialnämnden", "2021-10-30")], "2021-04-06", "flera gånger", "bodies"),
        ([("Kommunfullmäktige", "2021-09-30")], "2021-04-06", "kan inte ta emot remisser", "bodies"),
        ([("Socialnämnden", "2021-04-01")], "2021-04-06", "ligger före remissdatumet", "due_on"),
        ([("Socialnämnden", "2021-09-30")], "2021-03-01", "före dagen då motionen väcktes", "date"),
    ],
)
def test_bad_referrals_are_refused_and_nothing_is_written(motion, body, registrar, requests, sent_on, message, field):
    with pytest.raises(DomainError, match=message) as refused:
        refer_motion(motion, requests=[ReferralRequest(body(n), d(due)) for n, due in requests],
                     sent_on=d(sent_on), by=registrar)
    assert refused.value.field == field
    motion.refresh_from_db()
    assert motion.status == Status.FILED
    assert not motion.referrals.exists()
    assert motion.events.count() == 1


def test_a_body_with_a_live_referral_is_not_asked_twice(motion, referred, body, registrar):
    with pytest.raises(DomainError, match="redan på remiss till Socialnämnden"):
        refer_motion(motion, requests=[ReferralRequest(body("Socialnämnden"), d("2021-10-01"))],
                     sent_on=d("2021-05-01"), by=registrar)


def test_answer_is_recorded_with_the_bodys_decision(motion, referred, registrar):
    social = referred[0]
    response = record_referral_response(
        social, decided_on=d("2021-09-28"), paragraph="§ 112", body_case_number="SN-2021/287",
        text="Yttrande", summary="Socialnämnden konstaterar ...", by=registrar,
    )
    social.refresh_from_db()
    assert social.status == Referral.Status.ANSWERED
    assert response.paragraph == "§ 112"
    event = motion.events.last()
    assert (event.kind, event.occurred_on, event.description) == (
        "referral_answered", d("2021-09-28"), "Socialnämnden § 112")


def test_an_answer_before_the_referral_is_refused(referred, registrar):
    with pytest.raises(DomainError, match="före remissen till Socialnämnden skickades") as refused:
        record_referral_response(referred[0], decided_on=d("2021-04-01"), by=registrar)
    assert refused.value.field == "decided_on"
    assert not Referral.objects.filter(response__isnull=False).exists()


def test_a_referral_is_answered_once(referred, registrar):
    record_referral_response(referred[0], decided_on=d("2021-09-28"), by=registrar)
    with pytest.raises(TransitionError, match="har status ”Besvarad” och kan inte ändras"):
        record_referral_declined(referred[0], decided_on=d("2021-09-29"), by=registrar)


def test_declining_to_comment(referred, registrar):
    record_referral_declined(referred[1], decided_on=d("2021-06-01"), paragraph="§ 40", by=registrar)
    referred[1].refresh_from_db()
    assert referred[1].status == Referral.Status.DECLINED


def test_extending_the_due_date_keeps_the_original(motion, referred, registrar):
    extend_referral_due_date(referred[0], due_on=d("2021-10-31"), on=d("2021-09-15"), by=registrar)
    referred[0].refresh_from_db()
    assert (referred[0].due_on, referred[0].current_due_on) == (d("2021-09-30"), d("2021-10-31"))
    assert motion.events.last().kind == "due_extended"
    with pytest.raises(DomainError, match="måste vara senare än den nuvarande"):
        extend_referral_due_date(referred[0], due_on=d("2021-10-01"), on=d("2021-09-16"), by=registrar)


def test_withdrawing_a_referral_frees_the_body(motion, referred, body, registrar):
    withdraw_referral(referred[0], on=d("2021-05-01"), reason="Fel nämnd", by=registrar)
    referred[0].refresh_from_db()
    assert (referred[0].status, referred[0].withdrawn_on) == ("withdrawn", d("2021-05-01"))
    refer_motion(motion, requests=[ReferralRequest(body("Socialnämnden"), d("2021-11-01"))],
                 sent_on=d("2021-05-02"), by=registrar)
    assert motion.referrals.filter(body__name="Socialnämnden").count() == 2


def test_nothing_can_be_recorded_on_a_closed_case(motion, referred, registrar):
    from motions.models import Motion

    Motion.objects.filter(pk=motion.pk).update(status=Status.ANSWERED)
    with pytest.raises(TransitionError, match="ärendet är avslutat"):
        record_referral_response(referred[0], decided_on=d("2021-09-28"), by=registrar)
    referred[0].refresh_from_db()
    assert referred[0].status == Referral.Status.SENT


def test_every_problem_of_a_referral_is_raised_together(motion, referred, body, registrar):
    with pytest.raises(DomainErrors) as refused:
        refer_motion(motion, requests=[
            ReferralRequest(body("Socialnämnden"), d("2021-09-30")),
            ReferralRequest(body("Kommunfullmäktige"), d("2021-04-01")),
        ], sent_on=d("2021-04-05"), by=registrar)
    assert [(e.field, e.index, e.message) for e in refused.value.errors] == [
        ("date", None, "Datumet 2021-04-05 ligger före föregående steg i ärendet (2021-04-06)."),
        ("bodies", 0, "Motionen är redan på remiss till Socialnämnden."),
        ("bodies", 1, "Kommunfullmäktige kan inte ta emot remisser."),
        ("due_on", 1, "Svarsdatumet för Kommunfullmäktige (2021-04-01) ligger före remissdatumet (2021-04-05)."),
    ]
    assert motion.referrals.count() == 2


def test_an_extension_raises_its_date_and_its_due_date_together(referred, registrar):
    with pytest.raises(DomainErrors) as refused:
        extend_referral_due_date(referred[0], due_on=d("2021-09-01"), on=d("2021-04-01"), by=registrar)
    assert [e.field for e in refused.value.errors] == ["on", "due_on"]
