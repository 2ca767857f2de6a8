"""Registering a case as the registry keeps its numbers: the next free number
of the year of registration, a number the case already has in the main
registry, and the case officer (handläggare) named on registration or later."""

import datetime

import pytest
from django.test import Client
from django.utils import timezone

from lib.errors import DomainError
from motions.models import CaseNumberSequence, Motion, MotionEvent
from motions.services import assign_case_officer, file_motion, next_case_number
from tests.conftest import _user, d


@pytest.fixture
def registry(registry_user) -> Client:
    client = Client()
    client.force_login(registry_user)
    return client


@pytest.fixture
def officer(huddinge):
    return _user("handlaggare", "case_officer", first_name="Sara", last_name="Handläggare")


def file(huddinge, nujin, registrar, **extra):
    return file_motion(huddinge, title="Fler cykelbanor", movers=[nujin], received_on=d("2021-03-08"),
                       by=registrar, **extra)


def test_a_motion_received_years_ago_gets_the_next_number_of_the_year_of_registration(
        huddinge, nujin, registrar, monkeypatch):
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *a, **k: d("2026-02-10"))
    file(huddinge, nujin, registrar, case_number="KS-2021/345")  # an old case already in the register
    motion = file(huddinge, nujin, registrar)
    assert motion.case_number == "KS-2026/1"
    assert file(huddinge, nujin, registrar).case_number == "KS-2026/2"
    # A case recorded as registered back then takes that year's series.
    assert file(huddinge, nujin, registrar, registered_on=d("2021-03-08")).case_number == "KS-2021/346"


def test_the_next_number_follows_a_number_registered_by_hand(huddinge, nujin, registrar):
    assert next_case_number(huddinge, 2024) == "KS-2024/1"
    file(huddinge, nujin, registrar, case_number="KS-2024/57")  # registered by hand in the main registry
    assert next_case_number(huddinge, 2024) == "KS-2024/58"
    assert CaseNumberSequence.objects.get(prefix="KS", year=2024).last_number == 58
    # Another year's numbers and another organisation's do not count.
    file(huddinge, nujin, registrar, case_number="KS-2023/900")
    assert next_case_number(huddinge, 2024) == "KS-2024/59"


def test_the_highest_number_used_is_read_in_the_organisations_form(huddinge, nujin, registrar):
    huddinge.case_number_format = "{prefix} {yy}.{number:04}"
    huddinge.save()
    file(huddinge, nujin, registrar, case_number="KS 24.0120")
    assert next_case_number(huddinge, 2024) == "KS 24.0121"
    assert next_case_number(huddinge, 2025) == "KS 25.0001"


def test_the_registration_form_takes_the_main_registrys_number(registry, nujin, huddinge):
    response = registry.post("/arenden/ny/", {
        "title": "Fler parkbänkar", "movers": [nujin.pk], "received_on": "2021-03-08",
        "case_number": " KS-2021/345 "})
    motion = Motion.objects.get(title="Fler parkbänkar")
    assert response.status_code == 302 and motion.case_number == "KS-2021/345"


@pytest.mark.parametrize(("number", "message"), [
    ("KS 2021:345", "Diarienumret KS 2021:345 har inte formen KS-ÅÅÅÅ/NNN, till exempel KS-2021/345."),
    ("KS-2021/1", "Diarienumret KS-2021/1 finns redan."),
])
def test_the_registration_form_refuses_a_number_at_its_field(registry, motion, nujin, number, message):
    response = registry.post("/arenden/ny/", {
        "title": "Fler parkbänkar", "movers": [nujin.pk], "received_on": "2021-03-08", "case_number": number})
    assert response.status_code == 200
    assert response.context["form"].errors["case_number"] == [message]
    assert not Motion.objects.filter(title="Fler parkbänkar").exists()


def test_the_registry_names_the_case_officer_on_registration(registry, nujin, officer, councillor):
    page = registry.get("/arenden/ny/").content.decode()
    assert f'<option value="{officer.pk}">Sara Handläggare</option>' in page
    assert f'<option value="{councillor.pk}">' not in page  # a councillor is not an officer
    registry.post("/arenden/ny/", {"title": "Fler parkbänkar", "movers": [nujin.pk], "received_on": "2021-03-08",
                                   "case_officer": officer.pk})
    assert Motion.objects.get(title="Fler parkbänkar").case_officer == officer
    response = registry.post("/arenden/ny/", {"title": "Fler bänkar", "movers": [nujin.pk],
                                              "received_on": "2021-03-08", "case_officer": councillor.pk})
    assert "case_officer" in response.context["form"].errors


def test_the_registry_changes_the_case_officer_on_the_case_page(registry, motion, officer, registry_user, client):
    page = registry.get(motion.get_absolute_url()).content.decode()
    assert "<dt>Handläggare</dt><dd>Ingen utsedd</dd>" in page and "Byt handläggare" in page
    response = registry.post(f"/arenden/{motion.case_number}/handlaggare/",
                             {"case_officer": officer.pk, "version": motion.version}, follow=True)
    assert "Handläggare är nu Sara Handläggare." in response.content.decode()
    motion.refresh_from_db()
    assert motion.case_officer == officer
    event = motion.events.get(kind=MotionEvent.Kind.CASE_OFFICER)
    assert (event.recorded_by, event.description) == (registry_user, "Sara Handläggare")
    assert [{**line, "sentences": {}} for line in event.changes] == [
        {"field": "Handläggare", "before": "–", "after": "Sara Handläggare", "sentences": {}}]
    assert (event.from_status, event.to_status, event.occurred_on) == (
        motion.status, motion.status, timezone.localdate())
    public = client.get(motion.get_absolute_url()).content.decode()
    assert "<dt>Handläggare</dt><dd>Sara Handläggare</dd>" in public and "Byt handläggare" not in public
    # Taken off again; the same officer twice is no change.
    registry.post(f"/arenden/{motion.case_number}/handlaggare/", {"case_officer": "", "version": motion.version})
    assert Motion.objects.get(pk=motion.pk).case_officer is None
    assert list(motion.events.filter(kind=MotionEvent.Kind.CASE_OFFICER).values_list("description", flat=True)
                ) == ["Sara Handläggare", "ingen (tidigare Sara Handläggare)"]
    assert "Handläggare utsedd: ingen (tidigare Sara Handläggare)" in client.get(
        motion.get_absolute_url()).content.decode()
    motion.refresh_from_db()
    registry.post(f"/arenden/{motion.case_number}/handlaggare/", {"case_officer": "", "version": motion.version})
    assert motion.events.filter(kind=MotionEvent.Kind.CASE_OFFICER).count() == 2


def test_a_case_officer_must_be_an_active_officer_or_registry_secretary(motion, officer, councillor, registrar):
    with pytest.raises(DomainError, match="bara aktiva användare med rollen handläggare") as refused:
        assign_case_officer(motion, officer=councillor, by=registrar)
    assert refused.value.field == "case_officer"
    officer.is_active = False
    officer.save()
    with pytest.raises(DomainError):
        assign_case_officer(motion, officer=officer, by=registrar)
    assert not motion.events.filter(kind=MotionEvent.Kind.CASE_OFFICER).exists()


def test_a_stale_case_officer_form_is_refused(registry, motion, officer, registrar):
    stale = motion.version
    assign_case_officer(motion, officer=officer, by=registrar)
    response = registry.post(f"/arenden/{motion.case_number}/handlaggare/", {"case_officer": "", "version": stale},
                             follow=True)
    assert "registrerade ”Handläggare utsedd" in response.content.decode()  # who changed what, and when
    assert Motion.objects.get(pk=motion.pk).case_officer == officer


def test_a_registration_date_before_the_motion_came_in_is_refused(huddinge, nujin, registrar):
    with pytest.raises(DomainError, match="registreras inte före dagen den inkom") as refused:
        file(huddinge, nujin, registrar, registered_on=datetime.date(2021, 3, 1))
    assert refused.value.field == "registered_on"
    assert not Motion.objects.exists() and not CaseNumberSequence.objects.exists()
