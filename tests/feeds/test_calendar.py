"""The meetings as iCalendar: a body's and an organisation's, from a year back on, read back with
icalendar as a calendar program reads them."""

import datetime
import zoneinfo

import pytest
from django.urls import reverse
from django.utils import timezone

from decisions.services.meeting_plan import remove_planned_meeting
from decisions.services.meetings import add_other_matter
from feeds.calendars import CONTENT_TYPE
from organisation.models import Body, Municipality
from organisation.services import schedule_meeting, update_meeting

STOCKHOLM = zoneinfo.ZoneInfo("Europe/Stockholm")


def days_from_today(days: int) -> datetime.date:
    return timezone.localdate() + datetime.timedelta(days=days)


def events(calendar) -> dict[str, object]:
    """The calendar's events by UID."""
    return {str(event["UID"]): event for event in calendar.walk("VEVENT")}


@pytest.fixture
def planned(body, registrar):
    """The board's meeting in four weeks: its time, place and agenda set."""
    meeting = schedule_meeting(body("Kommunstyrelsen"), on=days_from_today(28), by=registrar)
    meeting = update_meeting(meeting, starts_at=datetime.time(13), ends_at=datetime.time(15, 30),
                             place="Huddinge kommunhus, Sessionssalen", kept_at="", by=registrar)
    add_other_matter(meeting, title="Val av justerare", by=registrar)
    add_other_matter(meeting, title="Information om budgeten", by=registrar)
    return meeting


def test_a_body_calendar_has_each_meeting_with_its_time_place_agenda_and_page(ical, planned, huddinge):
    calendar = ical(reverse("feeds:body_calendar", args=[planned.body_id]))
    assert str(calendar["X-WR-CALNAME"]) == "Sammanträden – Kommunstyrelsen, Huddinge kommun"
    (zone,) = calendar.walk("VTIMEZONE")
    assert str(zone["TZID"]) == "Europe/Stockholm"
    event = events(calendar)[f"meeting-{planned.pk}@127.0.0.1"]
    assert event.decoded("DTSTART") == datetime.datetime.combine(planned.date, datetime.time(13), tzinfo=STOCKHOLM)
    assert event["DTSTART"].params["TZID"] == "Europe/Stockholm"
    assert event.decoded("DTEND") == datetime.datetime.combine(planned.date, datetime.time(15, 30), tzinfo=STOCKHOLM)
    assert str(event["SUMMARY"]) == "Kommunstyrelsen, sammanträde"
    assert str(event["LOCATION"]) == "Huddinge kommunhus, Sessionssalen"
    assert str(event["URL"]) == f"http://testserver/sammantraden/{planned.pk}/"
    assert str(event["DESCRIPTION"]) == ("Föredragningslista:\n1. Val av justerare\n2. Information om budgeten\n\n"
                                         f"http://testserver/sammantraden/{planned.pk}/")
    assert str(event["STATUS"]) == "CONFIRMED"
    # The latest recorded change of the meeting (the agenda's last item).
    changed = planned.events.order_by("-recorded_at").first().recorded_at
    assert event.decoded("LAST-MODIFIED") == changed.replace(microsecond=0)


def test_a_meeting_without_a_time_is_the_whole_day(ical, body, registrar):
    meeting = schedule_meeting(body("Socialnämnden"), on=days_from_today(10), by=registrar)
    event = events(ical(reverse("feeds:body_calendar", args=[meeting.body_id])))[f"meeting-{meeting.pk}@127.0.0.1"]
    assert event.decoded("DTSTART") == meeting.date
    assert event.decoded("DTEND") == meeting.date + datetime.timedelta(days=1)
    assert str(event["DESCRIPTION"]).startswith("Föredragningslistan är inte klar ännu.")


def test_the_organisation_calendar_holds_its_bodies_meetings_from_a_year_back(ical, body, huddinge, registrar):
    recent = schedule_meeting(body("Kommunstyrelsen"), on=days_from_today(-300), by=registrar)
    old = schedule_meeting(body("Kommunstyrelsen"), on=days_from_today(-400), by=registrar)
    social = schedule_meeting(body("Socialnämnden"), on=days_from_today(3), by=registrar)
    other = Municipality.objects.create(name="Annan kommun", case_prefix="AK")
    elsewhere = schedule_meeting(Body.objects.create(municipality=other, name="Kommunstyrelsen", kind="executive_board",
                                                     genitive="Kommunstyrelsens", decision_subject="Kommunstyrelsen"),
                                 on=days_from_today(3), by=registrar)
    found = events(ical(reverse("feeds:calendar", args=[huddinge.pk])))
    assert {f"meeting-{m.pk}@127.0.0.1" for m in (recent, social)} <= set(found)
    assert f"meeting-{old.pk}@127.0.0.1" not in found and f"meeting-{elsewhere.pk}@127.0.0.1" not in found
    starts = [event.decoded("DTSTART") for event in found.values()]
    assert starts == sorted(starts)  # the earliest first


def test_a_meeting_taken_off_the_plan_is_gone_from_the_calendar(client, ical, planned, body, registrar):
    extra = schedule_meeting(body("Kommunstyrelsen"), on=days_from_today(60), by=registrar)
    url = reverse("feeds:body_calendar", args=[extra.body_id])
    uid = f"meeting-{extra.pk}@127.0.0.1"
    assert uid in events(ical(url))
    first = client.get(url)
    remove_planned_meeting(extra, by=registrar)
    assert uid not in events(ical(url)) and f"meeting-{planned.pk}@127.0.0.1" in events(ical(url))
    # The file changed: a program asking with the old ETag gets the new one.
    assert client.get(url, HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 200


def test_an_unchanged_calendar_is_answered_not_modified(client, planned):
    url = reverse("feeds:body_calendar", args=[planned.body_id])
    first = client.get(url)
    assert first["Content-Type"] == CONTENT_TYPE and first["ETag"]
    assert first["Content-Disposition"] == 'inline; filename="sammantraden.ics"'
    again = client.get(url)
    assert again.content == first.content  # the same bytes for the same meetings: nothing stamped with the hour
    assert client.get(url, HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 304


def test_a_calendar_reads_a_fixed_number_of_queries(client, body, huddinge, registrar, django_assert_max_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    url = reverse("feeds:calendar", args=[huddinge.pk])

    def counted():
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        return len(queries)

    meeting = schedule_meeting(body("Kommunstyrelsen"), on=days_from_today(5), by=registrar)
    add_other_matter(meeting, title="Punkt", by=registrar)
    few = counted()
    for days in range(6, 30):
        for name in ("Kommunstyrelsen", "Socialnämnden", "Kommunfullmäktige"):
            meeting = schedule_meeting(body(name), on=days_from_today(days), by=registrar)
            for n in range(3):
                add_other_matter(meeting, title=f"Punkt {n}", by=registrar)
    assert counted() == few
    with django_assert_max_num_queries(6):
        client.get(url)


@pytest.mark.parametrize("url", ["/kalender/organ/999999/sammantraden.ics",
                                 "/kalender/organisationer/999999/sammantraden.ics",
                                 "/kalender/organ/9223372036854775808/sammantraden.ics"])
def test_a_calendar_no_row_has_is_not_found(client, huddinge, url):
    assert client.get(url).status_code == 404
