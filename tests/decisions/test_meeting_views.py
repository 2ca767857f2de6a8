"""The meeting pages through Django's test client: the registry's forms, and
what the public sees of minutes before and after signing."""

import datetime
import re

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from decisions.models import RenderedDocument
from decisions.services.meetings import add_other_matter
from organisation.models import Meeting
from organisation.services import AttendanceRecord, record_attendance, schedule_meeting


@pytest.fixture
def ksau_meeting(body, registrar, person):
    """A working-committee meeting yesterday with its attendance and one other matter."""
    meeting = schedule_meeting(body("Kommunstyrelsens arbetsutskott"),
                               on=timezone.localdate() - datetime.timedelta(days=1), by=registrar)
    record_attendance(meeting, [
        AttendanceRecord(person("Anna Berglund"), "member", duty="chair", signs=True),
        AttendanceRecord(person("Erik Sandberg"), "member", signs=True),
        AttendanceRecord(person("Helena Strand"), "other", duty="secretary"),
    ], by=registrar)
    add_other_matter(meeting, title="Information om trygghetsarbetet", by=registrar)
    return meeting


# The signing form's details of the notice, as the browser sends them.
NOTICE_FIELDS = {"starts_at": "13:00", "place": "Huddinge kommunhus", "kept_at": "Kommunstyrelsens förvaltning"}


def registry(registry_user) -> Client:
    client = Client()
    client.force_login(registry_user)
    return client


def test_propose_fills_in_the_notice_dates_from_the_signing_date_without_signing(ksau_meeting, registry_user):
    url = reverse("decisions:sign", args=[ksau_meeting.pk])
    page = registry(registry_user).post(url, {"signed_on": "2022-06-03", "propose": ""}).content.decode()
    # Signed on a Friday: posted the same day, as the weekend follows; three weeks end on
    # Midsummer Eve, moved past Midsummer Day and the Sunday to Monday 06-27.
    for field, value in (("posted_on", "2022-06-03"), ("appeal_until", "2022-06-27"),
                         ("notice_removed_on", "2022-06-28")):
        assert re.search(rf'name="{field}" value="{value}"', page), field
    ksau_meeting.refresh_from_db()
    assert ksau_meeting.signed_on is None


def test_signing_in_the_browser_is_refused_while_an_item_is_not_minuted(ksau_meeting, registry_user):
    url = reverse("decisions:sign", args=[ksau_meeting.pk])
    response = registry(registry_user).post(url, {"signed_on": timezone.localdate().isoformat()})
    assert response.status_code == 200
    assert "Punkt 1 (Information om trygghetsarbetet) är inte protokollförd." in response.content.decode()
    ksau_meeting.refresh_from_db()
    assert ksau_meeting.signed_on is None


def test_a_meeting_is_signed_and_its_minutes_become_public(
        ksau_meeting, registry_user, django_capture_on_commit_callbacks):
    client = registry(registry_user)
    matter = ksau_meeting.agenda.get()
    client.post(reverse("decisions:number", args=[ksau_meeting.pk]))  # as the confirmation page's button
    client.post(reverse("decisions:other_minute", args=[ksau_meeting.pk, matter.pk]),
                {"decision_text": "Informationen noteras."})
    public = Client()
    assert public.get(reverse("decisions:protocol_pdf", args=[ksau_meeting.pk])).status_code == 404
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("decisions:sign", args=[ksau_meeting.pk]),
                               {"signed_on": timezone.localdate().isoformat(), **NOTICE_FIELDS, "confirm": ""})
    assert response.status_code == 302
    archived = RenderedDocument.objects.filter(meeting=ksau_meeting, archived=True)
    assert sorted(archived.values_list("kind", flat=True)) == ["extract", "notice", "protocol"]
    pdf = public.get(reverse("decisions:protocol_pdf", args=[ksau_meeting.pk]))
    assert pdf.status_code == 200
    assert pdf.getvalue() == archived.get(kind="protocol").file.read()  # served as stored
    assert public.get(reverse("decisions:notice_pdf", args=[ksau_meeting.pk])).status_code == 200
    page = public.get(ksau_meeting.get_absolute_url()).content.decode()
    assert "Protokollsutdrag § 1 (PDF)" in page and "Justerat" in page


def test_signed_extracts_are_served_as_kept_whatever_changes_later(signed_seed_case, person):
    item = signed_seed_case.minute_items.get(body__short_name="KSAU")
    kept = RenderedDocument.objects.get(item=item, archived=True)
    nujin = person("Nujin Alacabek")
    nujin.name = "Nujin Alacabek-Andersson"  # the register changes after the signing
    nujin.save()
    item.body.municipality.minute_layout = item.body.municipality.layouts.get(name="Huddinge 2024–")
    item.body.municipality.save()
    pdf = Client().get(item.get_absolute_url())
    assert pdf.getvalue() == kept.file.read()


def test_a_new_attendance_list_starts_from_the_previous_meetings(ksau_meeting, body, registrar, registry_user):
    later = schedule_meeting(ksau_meeting.body, on=ksau_meeting.date + datetime.timedelta(days=7), by=registrar)
    page = registry(registry_user).get(reverse("decisions:attendance", args=[later.pk])).content.decode()
    assert f"förifylld från {ksau_meeting}" in page
    assert page.count('selected>Anna Berglund</option>') == 1


def test_an_attendance_refusal_names_the_row(ksau_meeting, registry_user, person):
    data = {"attendance-TOTAL_FORMS": "2", "attendance-INITIAL_FORMS": "0",
            "attendance-0-person": person("Anna Berglund").pk, "attendance-0-role": "member",
            "attendance-1-person": person("Erik Sandberg").pk, "attendance-1-role": "other", "attendance-1-signs": "on"}
    page = registry(registry_user).post(reverse("decisions:attendance", args=[ksau_meeting.pk]), data).content.decode()
    assert "Rad 2: Justerare ska vara tjänstgörande ledamot eller ersättare (Erik Sandberg)." in page
    assert Meeting.objects.get(pk=ksau_meeting.pk).attendance.count() == 3  # unchanged


def test_a_new_meeting_on_a_taken_day_is_refused_in_swedish(ksau_meeting, registry_user):
    response = registry(registry_user).post(reverse("decisions:meeting_plan"), {
        "body": ksau_meeting.body_id, "date": ksau_meeting.date.isoformat(), "add": ""})
    assert response.status_code == 200
    assert "har redan ett sammanträde" in response.content.decode()


def test_a_case_waiting_for_the_body_is_put_on_the_agenda_from_the_meeting_page(
        ksau_meeting, motion, registrar, registry_user):
    from decisions.services.case_steps import prepare_draft_decision

    prepare_draft_decision(motion, drafted_on=ksau_meeting.date - datetime.timedelta(days=3), proposal="reject",
                           by=registrar)
    client = registry(registry_user)
    page = client.get(ksau_meeting.get_absolute_url()).content.decode()
    assert f"{motion.case_number} {motion.title}" in page
    client.post(reverse("decisions:add_case", args=[ksau_meeting.pk]), {"motion": motion.pk})
    assert list(ksau_meeting.agenda.values_list("position", "motion")) == [(1, None), (2, motion.pk)]
    response = client.post(reverse("decisions:add_case", args=[ksau_meeting.pk]), {"motion": "x"}, follow=True)
    assert "Välj ett ärende." in response.content.decode()


@pytest.mark.parametrize("field", ["signed_on", "posted_on", "appeal_until", "notice_removed_on"])
def test_a_date_out_of_range_is_refused_in_the_signing_form(ksau_meeting, registry_user, field):
    data = {"signed_on": timezone.localdate().isoformat(), field: "9999-12-31"}
    for propose in (False, True):
        response = registry(registry_user).post(reverse("decisions:sign", args=[ksau_meeting.pk]),
                                                {**data, **({"propose": ""} if propose else {})})
        assert response.status_code == 200
        assert "Ange ett datum mellan 1900-01-01 och 2199-12-31." in response.content.decode()
    assert Meeting.objects.get(pk=ksau_meeting.pk).signed_on is None


def test_every_refused_date_of_the_signing_shows_at_its_field_at_once(ksau_meeting, registry_user):
    client = registry(registry_user)
    client.post(reverse("decisions:number", args=[ksau_meeting.pk]))
    client.post(reverse("decisions:other_minute", args=[ksau_meeting.pk, ksau_meeting.agenda.get().pk]),
                {"decision_text": "Informationen noteras."})
    signed = timezone.localdate()
    page = client.post(reverse("decisions:sign", args=[ksau_meeting.pk]), {
        "signed_on": signed.isoformat(), "posted_on": (signed - datetime.timedelta(days=1)).isoformat(),
        "appeal_until": signed.isoformat(), "notice_removed_on": signed.isoformat(),
        "starts_at": "13.00", "place": "Sessionssalen", "kept_at": "Kommunstyrelsens förvaltning"}).content.decode()
    for field, message in (("posted_on", "före justeringen"), ("appeal_until", "tre veckor efter anslaget"),
                           ("notice_removed_on", "dagen efter sista dag att överklaga")):
        shown = re.search(rf'id="id_{field}_error" class="invalid-feedback">(.*?)</div>', page, re.S)
        assert shown and message in shown[1], field
    assert Meeting.objects.get(pk=ksau_meeting.pk).signed_on is None


def test_every_refused_row_of_an_attendance_list_shows_at_once_linked_to_its_row(ksau_meeting, registry_user,
                                                                                person):
    data = {"attendance-TOTAL_FORMS": "3", "attendance-INITIAL_FORMS": "0",
            "attendance-0-person": person("Anna Berglund").pk, "attendance-0-role": "substitute",
            "attendance-1-person": person("Erik Sandberg").pk, "attendance-1-role": "other", "attendance-1-signs": "on",
            "attendance-2-person": person("Helena Strand").pk, "attendance-2-role": ""}
    page = registry(registry_user).post(reverse("decisions:attendance", args=[ksau_meeting.pk]), data).content.decode()
    assert '<a href="#id_attendance-2-role" class="alert-link">Rad 3: Välj roll.</a>' in page
    # The form's own problem first; the list as a whole is then checked when sent again ...
    data["attendance-2-role"] = "other"
    page = registry(registry_user).post(reverse("decisions:attendance", args=[ksau_meeting.pk]), data).content.decode()
    # ... and every row's problem shows at once, each linked to its row.
    assert '<a href="#id_attendance-0-person" class="alert-link">Rad 1: Ange vem ersättaren Anna Berglund ' \
           'tjänstgör för.</a>' in page
    assert '<a href="#id_attendance-1-person" class="alert-link">Rad 2: Justerare ska vara tjänstgörande ledamot ' \
           'eller ersättare (Erik Sandberg).</a>' in page
    assert Meeting.objects.get(pk=ksau_meeting.pk).attendance.count() == 3  # unchanged


def test_meeting_details_show_an_end_before_the_start_with_a_bad_time(ksau_meeting, registry_user):
    page = registry(registry_user).post(reverse("decisions:meeting_details", args=[ksau_meeting.pk]), {
        "starts_at": "kl. 13", "ends_at": "1200", "place": "Sessionssalen", "kept_at": "i morgon"}).content.decode()
    assert "Sammanträdet kan inte sluta (12.00) innan det börjar (13.00)." in page
    page = registry(registry_user).post(reverse("decisions:meeting_details", args=[ksau_meeting.pk]), {
        "starts_at": "13", "ends_at": "tolv", "place": "Sessionssalen"}).content.decode()
    assert "Ange tid som 9.00 eller 09:00." in page and 'value="tolv"' in page
    response = registry(registry_user).post(reverse("decisions:meeting_details", args=[ksau_meeting.pk]), {
        "starts_at": "13.00", "ends_at": "1630", "place": "Sessionssalen"})
    assert response.status_code == 302
    ksau_meeting.refresh_from_db()
    assert (ksau_meeting.starts_at, ksau_meeting.ends_at) == (datetime.time(13), datetime.time(16, 30))
