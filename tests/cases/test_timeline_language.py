"""The case's timeline in the reader's language: what the system wrote into an event (a proposal's
label, a reason) is kept in Swedish in the record and shown in English on the English pages."""

import importlib

import pytest
from django.apps import apps
from django.test import Client

from decisions.services.case_steps import prepare_draft_decision
from motions.models import Motion, MotionEvent
from referrals.services import (
    ReferralRequest,
    extend_referral_due_date,
    refer_motion,
    withdraw_motion_and_referrals,
    withdraw_referral,
)
from tests.conftest import d


def page_in(language, motion) -> str:
    client = Client()
    client.post("/i18n/setlang/", {"language": language, "next": "/"})
    return " ".join(client.get(motion.get_absolute_url()).content.decode().split())


@pytest.fixture
def referred(motion, body, registrar):
    return refer_motion(motion, requests=[ReferralRequest(body("Socialnämnden"), d("2021-09-30"))],
                        sent_on=d("2021-04-06"), by=registrar)


def test_the_english_timeline_names_the_proposal_in_english(motion, referred, registrar):
    withdraw_referral(referred[0], on=d("2021-05-01"), reason="Fel nämnd.", by=registrar)
    prepare_draft_decision(Motion.objects.get(pk=motion.pk), drafted_on=d("2021-06-01"), proposal="deem_answered",
                           by=registrar)
    english = page_in("en", motion)
    assert "Draft decision drawn up: Deemed answered" in english
    assert "Anses besvarad" not in english
    assert "Fel nämnd." in english  # what a person typed is shown as typed
    assert "Förslag till beslut upprättat: Anses besvarad" in page_in("sv", motion)
    # The record itself stays in Swedish.
    event = MotionEvent.objects.get(motion=motion, kind="prepared")
    assert event.description == "Anses besvarad"


def test_a_reason_the_system_wrote_is_shown_in_english(motion, referred, registrar):
    withdraw_motion_and_referrals(Motion.objects.get(pk=motion.pk), on=d("2021-05-01"), by=registrar)
    assert "The motion has been withdrawn." in page_in("en", motion)
    assert "Motionen är återkallad." in page_in("sv", motion)
    assert MotionEvent.objects.get(motion=motion, kind="referral_withdrawn").reason == "Motionen är återkallad."


def test_an_extension_keeps_its_sentence(motion, referred, registrar):
    extend_referral_due_date(referred[0], due_on=d("2021-12-01"), on=d("2021-09-01"), by=registrar)
    event = MotionEvent.objects.get(motion=motion, kind="due_extended")
    assert event.description == "Socialnämnden, till 2021-12-01"
    assert event.sentences["description"] == {"template": "%(body)s, till %(due)s", "labels": [],
                                              "values": {"body": "Socialnämnden", "due": "2021-12-01"}}
    assert "Remisstid förlängd: Socialnämnden, till 2021-12-01" in page_in("sv", motion)


def test_events_recorded_before_keep_their_sentences_too(motion, registrar):
    """The migration that added the sentences gave the events already recorded theirs."""
    old = [MotionEvent.objects.create(motion=motion, occurred_on=d("2021-06-01"), to_status="filed", **fields)
           for fields in ({"kind": "prepared", "description": "Avslag"},
                          {"kind": "due_extended", "description": "Kultur- och fritidsnämnden, till 2021-12-01"},
                          {"kind": "handled", "description": "Kommunfullmäktige paragraph without a known number"},
                          {"kind": "referral_withdrawn", "description": "Socialnämnden",
                           "reason": "Motionen avskrivs."},
                          {"kind": "referral_withdrawn", "description": "Socialnämnden", "reason": "Fel nämnd."})]
    migration = importlib.import_module("motions.migrations.0007_event_sentences_in_the_readers_language")
    migration.keep_sentences(apps, None)
    prepared, extended, handled, struck, typed = (MotionEvent.objects.get(pk=event.pk) for event in old)
    assert prepared.sentences == {"description": {"template": "Avslag", "values": {}, "labels": []}}
    assert extended.sentences["description"]["values"] == {"body": "Kultur- och fritidsnämnden", "due": "2021-12-01"}
    assert handled.description == "Kommunfullmäktige paragraf utan känt nummer"
    assert struck.sentences == {"reason": {"template": "Motionen avskrivs.", "values": {}, "labels": []}}
    assert typed.sentences == {}
    english = page_in("en", motion)
    assert "Draft decision drawn up: Rejection" in english
    assert "Kommunfullmäktige paragraph without a known number" in english
