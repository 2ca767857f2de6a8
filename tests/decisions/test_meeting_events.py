"""Every change to a meeting is recorded: who, when, what, from, to and why,
in the same transaction as the change."""

import datetime

import pytest
from django.test import Client
from django.utils import translation

from decisions.models import RenderJob
from decisions.services.meetings import (
    add_other_matter,
    move_agenda_item,
    number_agenda,
    record_other_matter,
    remove_agenda_item,
)
from decisions.services.rendering import start_render
from decisions.services.signing import record_appeal, sign_minutes
from lib.errors import DomainError
from organisation.models import Meeting, MeetingEvent
from organisation.services import record_attendance, schedule_meeting, update_meeting
from reminders.models import Follow
from reminders.services import plan_status_mailings
from tests.conftest import d
from tests.support.meetings import full_attendance, on_agenda

Kind = MeetingEvent.Kind


def history(meeting: Meeting) -> list[tuple]:
    return [(e.kind, e.recorded_by, e.description, e.from_value, e.to_value)
            for e in MeetingEvent.objects.filter(meeting=meeting).order_by("id")]


def kinds(meeting: Meeting) -> list[str]:
    return [kind for kind, *_ in history(meeting)]


def test_scheduling_and_changing_the_details_are_recorded_with_who_from_and_to(ksau, registrar):
    meeting = schedule_meeting(ksau, on=d("2022-01-25"), place="Huddinge kommunhus", by=registrar)
    update_meeting(meeting, starts_at=datetime.time(13), ends_at=None, place="Stora salen", kept_at="", by=registrar)
    update_meeting(meeting, starts_at=datetime.time(13), ends_at=None, place="Stora salen", kept_at="", by=registrar)
    assert history(meeting) == [
        (Kind.SCHEDULED, registrar, "", "", "2022-01-25, Huddinge kommunhus"),
        (Kind.DETAILS_CHANGED, registrar, "Början, Plats", "Början: –; Plats: Huddinge kommunhus",
         "Början: 13.00; Plats: Stora salen"),
    ]  # the second, unchanged save records nothing


def test_attendance_agenda_numbering_and_paragraphs_are_recorded(ksau, case, person, registrar):
    motion = case("Fler parkbänkar")
    meeting, (election, item) = on_agenda(ksau, registrar, "2022-01-25", "Val av justerare", motion)
    move_agenda_item(item, up=True, by=registrar)
    extra = add_other_matter(meeting, title="Information", by=registrar)
    remove_agenda_item(extra, by=registrar)
    record_attendance(meeting, full_attendance(person)[:1], by=registrar)
    number_agenda(meeting, by=registrar)
    recorded = history(meeting)
    assert kinds(meeting) == [  # the test's meeting was made without the service, unrecorded
        Kind.AGENDA_ITEM_ADDED, Kind.AGENDA_ITEM_ADDED, Kind.AGENDA_ITEM_MOVED,
        Kind.AGENDA_ITEM_ADDED, Kind.AGENDA_ITEM_REMOVED, Kind.ATTENDANCE_RECORDED, Kind.NUMBERED,
    ]
    assert recorded[2] == (Kind.AGENDA_ITEM_MOVED, registrar, f"{motion.case_number} Fler parkbänkar",
                           "punkt 2", "punkt 1")
    assert recorded[5][4] == "Anna Berglund (M), ordförande"
    assert recorded[6][4] == "§§ 1–2"
    assert all(who == registrar for _kind, who, *_rest in recorded)


def test_recording_signing_rendering_and_an_appeal_are_recorded(held, registrar, django_capture_on_commit_callbacks):
    assert kinds(held).count(Kind.PARAGRAPH_RECORDED) == 2
    with django_capture_on_commit_callbacks(execute=False):
        signed = sign_minutes(held, signed_on=d("2022-01-27"), by=registrar)
    item = signed.items.get(motion=None)  # a case's hand-over cannot be appealed
    record_appeal(item, lodged_on=d("2022-02-03"), court_case="1234-22", by=registrar)
    last = history(signed)[-3:]
    assert last == [
        (Kind.SIGNED, registrar, "anslaget 2022-01-28, sista dag att överklaga 2022-02-18, anslaget tas ned "
         "2022-02-19", "", "justerat 2022-01-27"),
        (Kind.RENDERED, registrar, "", "", "justerat protokoll att arkivera"),
        (Kind.APPEAL_RECORDED, registrar, f"§ {item.number} Val av justerare", "",
         "inkom 2022-02-03, mål 1234-22"),
    ]


def test_a_render_already_running_is_not_recorded_twice(held, registrar, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False):
        first = start_render(held, by=registrar)
        again = start_render(held, by=registrar)
    assert first == again and kinds(held).count(Kind.RENDERED) == 1


def test_a_refused_change_records_nothing(held, registrar):
    before = history(held)
    with pytest.raises(DomainError):
        update_meeting(held, starts_at=datetime.time(15), ends_at=datetime.time(14), place="", kept_at="",
                       by=registrar)
    with pytest.raises(DomainError):
        add_other_matter(held, title="  ", by=registrar)
    assert history(held) == before


def test_the_meeting_page_shows_its_history_to_the_registry_only(held, registry_user, councillor):
    update_meeting(held, starts_at=datetime.time(13), ends_at=datetime.time(15, 30), place="Stora salen",
                   kept_at="Kommunstyrelsens förvaltning", by=registry_user)
    url = held.get_absolute_url()
    registry = Client()
    registry.force_login(registry_user)
    page = registry.get(url).content.decode()
    assert "Historik" in page and "Plats: Huddinge kommunhus → Plats: Stora salen" in page
    assert "av reg" in page
    signed_in = Client()
    signed_in.force_login(councillor)
    for client in (Client(), signed_in):
        assert "Historik" not in client.get(url).content.decode()


def test_the_admin_schedules_and_changes_a_meeting_through_the_services(ksau, administrator):
    client = Client()
    client.force_login(administrator)
    response = client.post("/admin/organisation/meeting/add/",
                           {"body": ksau.pk, "date": "2022-03-01", "starts_at": "13:00", "place": "Stora salen"})
    assert response.status_code == 302
    meeting = Meeting.objects.get(body=ksau, date="2022-03-01")
    url = f"/admin/organisation/meeting/{meeting.pk}/change/"
    refused = client.post(url, {"starts_at": "13:00", "ends_at": "12:00", "place": "Stora salen"})
    assert refused.status_code == 200 and "innan det börjar" in refused.content.decode()
    assert client.post(url, {"starts_at": "13:00", "ends_at": "15:00", "place": "Lilla salen"}).status_code == 302
    assert [(kind, who) for kind, who, *_rest in history(meeting)] == [
        (Kind.SCHEDULED, administrator), (Kind.DETAILS_CHANGED, administrator)]
    page = client.get(url).content.decode()
    assert "Historik" in page and "(Slut: –; Plats: Stora salen → Slut: 15.00; Plats: Lilla salen)" in page
    assert 'name="ends_at"' in page
    assert client.post(f"/admin/organisation/meetingevent/{MeetingEvent.objects.first().pk}/change/",
                       {"description": "ändrat"}).status_code == 403
    assert client.post(f"/admin/organisation/meeting/{meeting.pk}/delete/", {"post": "yes"}).status_code == 403


def test_a_follow_made_in_the_admin_brings_no_news_of_past_changes(seed_case, administrator):
    client = Client()
    client.force_login(administrator)
    response = client.post("/admin/reminders/follow/add/", {"user": administrator.pk, "motion": seed_case.pk})
    assert response.status_code == 302
    follow = Follow.objects.get(user=administrator, motion=seed_case)
    assert follow.since_event_id == seed_case.events.order_by("pk").last().pk
    assert plan_status_mailings() == []


def test_the_history_is_kept_in_swedish_whatever_language_the_secretary_uses(ksau, person, registrar):
    meeting = schedule_meeting(ksau, on=d("2022-01-25"), by=registrar)
    election = add_other_matter(meeting, title="Val av justerare", by=registrar)
    with translation.override("en"):
        record_attendance(meeting, full_attendance(person)[:2], by=registrar)
        record_other_matter(election, decision_text="Erik Sandberg utses att justera protokollet.", by=registrar)
    assert history(meeting)[-3][4] == "Anna Berglund (M), ordförande; Erik Sandberg (S), justerare"
    assert history(meeting)[-1][2:] == ("§ 1 Val av justerare", "", "Övrigt ärende")


def test_a_visitor_may_have_signed_minutes_rendered_again_and_the_history_names_no_one(
        held, registrar, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False):  # the archiving job never ran
        signed = sign_minutes(held, signed_on=d("2022-01-27"), by=registrar)
    RenderJob.objects.filter(meeting=signed).update(state=RenderJob.State.FAILED)
    with django_capture_on_commit_callbacks(execute=False):
        response = Client().post(f"/sammantraden/{signed.pk}/protokoll/")
    assert response.status_code == 302
    assert history(signed)[-1] == (Kind.RENDERED, None, "", "", "justerat protokoll att arkivera")
