"""The open data and the calendars as programs and people reach them: a browser reads
the OParl API from its entry to the seed case's paper (open to any site's scripts), and the meeting
page's calendar, subscribed to, holds the meeting with a link back to its page."""

import datetime

import icalendar
from django.utils import timezone
from playwright.sync_api import expect

from organisation.models import Body
from organisation.services import schedule_meeting


def test_a_browser_follows_the_api_from_its_entry_to_a_paper(seeded_live_server, page, settings):
    settings.SITE_URL = seeded_live_server.url  # the objects' ids are built on it

    def read(url):
        response = page.goto(url)
        assert response.status == 200
        assert response.headers["content-type"] == "application/json; charset=utf-8"
        assert response.headers["access-control-allow-origin"] == "*"  # any other site's script may read it
        return response.json()

    system = read(f"{seeded_live_server.url}/oparl/")
    bodies = read(system["body"])
    papers = read(bodies["data"][0]["paper"])
    (paper,) = [paper for paper in papers["data"] if paper["reference"] == "KS-2021/345"]
    assert paper["type"] == "https://schema.oparl.org/1.1/Paper"
    assert paper["name"] == "Inför en avhopparverksamhet för ett tryggare Huddinge"
    assert read(paper["id"]) == paper  # its own address answers with the same object


def test_the_meeting_pages_calendar_holds_the_meeting_and_leads_back(seeded_live_server, page, settings):
    settings.SITE_URL = seeded_live_server.url
    council = Body.objects.filter(kind=Body.Kind.COUNCIL).order_by("pk").first()
    meeting = schedule_meeting(council, on=timezone.localdate() + datetime.timedelta(days=14),
                               starts_at=datetime.time(18), place="Huddinge kommunhus", by=None)
    page.goto(f"/sammantraden/{meeting.pk}/")
    meeting_url = page.url
    calendars = page.locator("head link[rel=alternate][type='text/calendar']")
    expect(calendars.first).to_be_attached()
    response = page.request.get(calendars.first.get_attribute("href"))
    assert response.status == 200 and response.headers["content-type"].startswith("text/calendar")
    events = icalendar.Calendar.from_ical(response.body()).walk("VEVENT")
    assert meeting_url in [str(event["URL"]) for event in events]
    # The people's link says the same.
    section = page.get_by_role("region", name="Prenumerera")
    expect(section.get_by_role("link").filter(has_text="kalender")).not_to_have_count(0)
