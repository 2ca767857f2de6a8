"""A refused form shows every problem at once, each at its field and in the
summary above the form, keeps what was typed, and says who changed the case
when someone else got there first."""

import datetime
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from motions.models import Motion
from organisation.models import Meeting
from referrals.models import Referral
from referrals.services import ReferralRequest, refer_motion
from tests.conftest import MINIMAL_PDF, _user, d


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def field_errors(page: str, field: str) -> list[str]:
    """The errors shown at the field `field` (its id_<field>_error block)."""
    block = re.search(rf'<div id="id_{field}_error" class="invalid-feedback">(.*?)</div>', page, re.S)
    return re.findall(r"<strong>(.*?)</strong>", block[1]) if block else []


def summary_links(page: str) -> dict[str, str]:
    """The summary's links: the id of each field linked to, with its error."""
    summary = re.search(r"data-error-summary>(.*?)</div>", page, re.S)[1]
    return dict(re.findall(r'<li><a href="#(id_\w+)" class="alert-link">[^<]*</a>: ([^<]*)</li>', summary))


@pytest.fixture
def social_referral(motion, body, registrar):
    (referral,) = refer_motion(motion, requests=[ReferralRequest(body("Socialnämnden"), d("2021-09-30"))],
                               sent_on=d("2021-04-06"), by=registrar)
    return referral


def test_referring_shows_every_problem_at_once_and_keeps_what_was_typed(registry_user, motion, body):
    # No body chosen, a date before the motion was filed, a due date that is no date.
    response = client_for(registry_user).post(f"/arenden/{motion.case_number}/remittera/", {
        "sent_on": "2021-03-01", "due_on": "30/9/2021", "version": motion.version})
    page = response.content.decode()
    assert field_errors(page, "bodies") == ["Välj minst ett organ att remittera till."]
    assert field_errors(page, "sent_on") == [
        "Datumet 2021-03-01 ligger före dagen då motionen väcktes (2021-03-15)."]
    assert field_errors(page, "due_on") == ["Ange datum som ÅÅÅÅ-MM-DD, t.ex. 2026-11-30."]
    assert summary_links(page).keys() >= {"id_sent_on", "id_due_on"}
    assert 'name="due_on" value="30/9/2021"' in page and 'name="sent_on" value="2021-03-01"' in page
    assert not motion.referrals.exists()


def test_a_due_date_before_the_referral_is_shown_with_the_other_problems(registry_user, motion, body):
    social = body("Socialnämnden")
    page = client_for(registry_user).post(f"/arenden/{motion.case_number}/remittera/", {
        "bodies": [social.pk], "sent_on": "2021-04-06", "due_on": "2021-04-01", f"due_{social.pk}": "i morgon",
        "version": motion.version}).content.decode()
    assert field_errors(page, "due_on") == ["Svarsdatumet (2021-04-01) ligger före remissdatumet (2021-04-06)."]
    assert field_errors(page, f"due_{social.pk}") == ["Ange datum som ÅÅÅÅ-MM-DD, t.ex. 2026-11-30."]


def test_extending_shows_both_a_bad_date_and_a_due_date_not_later(registry_user, social_referral):
    # Both are the service's checks: the form runs them with its own, so both show on the first try.
    page = client_for(registry_user).post(f"/remisser/{social_referral.pk}/forlang/", {
        "due_on": "2021-09-01", "on": "2021-04-01"}).content.decode()
    assert field_errors(page, "due_on") == [
        "Den nya svarstiden (2021-09-01) måste vara senare än den nuvarande (2021-09-30)."]
    assert field_errors(page, "on") == [
        "Datumet 2021-04-01 ligger före remissen till Socialnämnden skickades (2021-04-06)."]
    social_referral.refresh_from_db()
    assert social_referral.extended_due_on is None


def test_a_draft_decision_shows_a_date_before_the_last_step_and_a_missing_proposal(
        registry_user, social_referral):
    motion = social_referral.motion
    page = client_for(registry_user).post(reverse("decisions:draft", args=[motion.case_number]), {
        "drafted_on": "2021-04-01", "proposal": "", "summary": "Förvaltningen föreslår bifall.",
        "version": motion.version}).content.decode()
    assert field_errors(page, "drafted_on") == [
        "Datumet 2021-04-01 ligger före föregående steg i ärendet (2021-04-06)."]
    assert field_errors(page, "proposal") == ["Detta fält måste fyllas i."]
    assert "Förvaltningen föreslår bifall." in page


def test_registering_a_motion_shows_a_future_date_with_a_missing_title(registry_user, nujin):
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    page = client_for(registry_user).post("/arenden/ny/", {
        "title": "", "movers": [nujin.pk], "received_on": tomorrow.isoformat(), "filed_on": "",
        "text": "Motionens text som inte får gå förlorad."}).content.decode()
    assert field_errors(page, "title") == ["Detta fält måste fyllas i."]
    assert "ligger i framtiden" in field_errors(page, "received_on")[0]
    assert "Motionens text som inte får gå förlorad." in page
    assert not Motion.objects.exists()


def test_a_case_number_of_the_wrong_form_shows_with_the_other_problems(registry_user, nujin):
    page = client_for(registry_user).post("/arenden/ny/", {
        "title": "", "movers": [nujin.pk], "received_on": "2021-03-08", "case_number": "blaha"}).content.decode()
    assert field_errors(page, "title") == ["Detta fält måste fyllas i."]
    assert field_errors(page, "case_number")[0].startswith("Diarienumret blaha har inte formen")
    assert not Motion.objects.exists()


def test_a_chosen_answer_document_must_be_chosen_again_and_the_answer_is_kept(social_secretary, social_referral):
    page = client_for(social_secretary).post(f"/remisser/{social_referral.pk}/", {
        "action": "answer", "decided_on": "2021-04-01", "text": "Socialnämnden tillstyrker motionen.",
        "document": SimpleUploadedFile("svar.pdf", MINIMAL_PDF)}).content.decode()
    assert field_errors(page, "decided_on") == [
        "Datumet 2021-04-01 ligger före remissen till Socialnämnden skickades (2021-04-06)."]
    assert field_errors(page, "document") == ["Välj filen igen: filer kan inte sparas när formuläret inte godtas."]
    assert "Socialnämnden tillstyrker motionen." in page
    assert Referral.objects.get(pk=social_referral.pk).status == Referral.Status.SENT


@pytest.mark.parametrize(("typed", "time"), [("9.30", "09:30"), ("0930", "09:30"), ("kl. 19", "19:00")])
def test_a_meeting_time_is_taken_as_swedes_write_it(registry_user, body, typed, time):
    response = client_for(registry_user).post(reverse("decisions:meeting_plan"), {"add": "",
        "body": body("Socialnämnden").pk, "date": "30 november 2026", "starts_at": typed, "place": ""})
    assert response.status_code == 302
    meeting = Meeting.objects.get(body=body("Socialnämnden"), date=datetime.date(2026, 11, 30))
    assert f"{meeting.starts_at:%H:%M}" == time


def test_a_refused_time_and_date_say_their_format(registry_user, body):
    page = client_for(registry_user).post(reverse("decisions:meeting_plan"), {"add": "",
        "body": body("Socialnämnden").pk, "date": "30/11", "starts_at": "halv tio", "place": "Sessionssalen"}
    ).content.decode()
    assert field_errors(page, "date") == ["Ange datum som ÅÅÅÅ-MM-DD, t.ex. 2026-11-30."]
    assert field_errors(page, "starts_at") == ["Ange tid som 9.00 eller 09:00."]
    assert summary_links(page) == {"id_date": "Ange datum som ÅÅÅÅ-MM-DD, t.ex. 2026-11-30.",
                                   "id_starts_at": "Ange tid som 9.00 eller 09:00."}
    assert 'value="halv tio"' in page and 'value="Sessionssalen"' in page


@pytest.fixture
def anna(huddinge):
    return _user("anna", "registry", first_name="Anna", last_name="Registrator")


@pytest.fixture
def bengt(huddinge):
    return _user("bengt", "registry", first_name="Bengt", last_name="Berg")


def test_a_conflict_says_who_recorded_what_and_when_and_keeps_the_typed_text(anna, bengt, motion, body):
    bengts = client_for(bengt)
    opened = bengts.get(f"/arenden/{motion.case_number}/aterkalla/").content.decode()
    stale = re.search(r'name="version" value="(\d+)"', opened)[1]
    # Anna refers the case while Bengt's form is open.
    before = timezone.localtime()
    client_for(anna).post(f"/arenden/{motion.case_number}/remittera/", {
        "bodies": [body("Socialnämnden").pk], "sent_on": "2021-04-06", "due_on": "2021-09-30",
        "version": motion.version})
    after = timezone.localtime()
    response = bengts.post(f"/arenden/{motion.case_number}/aterkalla/", {
        "on": "2021-04-07", "reason": "Motionärerna har meddelat att de återkallar motionen.", "version": stale,
        "confirm": "on"})
    page = response.content.decode()
    assert any(f"Anna Registrator registrerade ”Remitterad: Socialnämnden” i ärendet kl. {now:%H.%M} i dag, "
               "efter att du öppnade formuläret." in page for now in (before, after))
    assert "Det du skrev finns kvar i formuläret nedan." in page
    assert "Motionärerna har meddelat att de återkallar motionen." in page
    motion.refresh_from_db()
    assert motion.status == "referred"
    assert response.context["form"]["version"].value() == motion.version
    # Sent again as it stands, on the case as it is now, the step is taken.
    again = bengts.post(f"/arenden/{motion.case_number}/aterkalla/", {
        "on": "2021-04-07", "reason": "Motionärerna har meddelat att de återkallar motionen.",
        "version": motion.version, "confirm": "on"})
    assert again.status_code == 302
    motion.refresh_from_db()
    assert motion.status == "withdrawn"
