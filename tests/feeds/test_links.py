"""The pages offer their feeds: in the head as <link rel="alternate"> (for browsers and feed
readers), and as plain links under "Prenumerera" (for people)."""

import re
from html.parser import HTMLParser

from django.urls import reverse

from organisation.models import Municipality
from organisation.services import schedule_meeting
from tests.conftest import d


class Head(HTMLParser):
    """The <link rel="alternate"> of a page's head, and the links under its "Prenumerera" heading."""

    def __init__(self):
        super().__init__()
        self.alternates, self.subscribe, self._in_head, self._in_section = [], [], False, False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "head":
            self._in_head = True
        elif tag == "link" and self._in_head and attrs.get("rel") == "alternate":
            self.alternates.append((attrs["type"], attrs["title"], attrs["href"]))
        elif tag == "section" and attrs.get("aria-labelledby") == "subscribe-heading":
            self._in_section = True
        elif tag == "a" and self._in_section:
            self.subscribe.append(attrs["href"])

    def handle_endtag(self, tag):
        if tag == "head":
            self._in_head = False
        elif tag == "section":
            self._in_section = False


def read(client, url: str) -> Head:
    response = client.get(url)
    assert response.status_code == 200
    head = Head()
    head.feed(response.content.decode())
    return head


def test_a_case_page_offers_its_timeline_to_everyone(client, seed_case, registry_user):
    url = reverse("feeds:case", args=["KS-2021/345"])
    for _ in range(2):  # the public's page, built once and then from the cache
        head = read(client, "/arenden/KS-2021/345/")
        assert head.alternates == [("application/atom+xml", "Ärendets gång, KS-2021/345", url)]
        assert head.subscribe == [url]
    client.force_login(registry_user)
    assert read(client, "/arenden/KS-2021/345/").alternates == [
        ("application/atom+xml", "Ärendets gång, KS-2021/345", url)]


def test_the_case_list_offers_the_organisations_feeds_and_calendar(client, seed_case, huddinge):
    head = read(client, "/")
    expected = [
        ("application/atom+xml", "Nya motioner", f"/flode/organisationer/{huddinge.pk}/motioner.atom"),
        ("application/atom+xml", "Beslut", f"/flode/organisationer/{huddinge.pk}/beslut.atom"),
        ("application/atom+xml", "Justerade protokoll", f"/flode/organisationer/{huddinge.pk}/protokoll.atom"),
        ("text/calendar", "Sammanträden", f"/kalender/organisationer/{huddinge.pk}/sammantraden.ics"),
    ]
    assert head.alternates == expected
    assert head.subscribe == [href for _type, _title, href in expected]  # the calendar a plain https address
    for _type, _title, href in expected:
        assert client.get(href).status_code == 200


def test_with_several_organisations_the_list_offers_the_chosen_ones(client, seed_case, huddinge):
    other = Municipality.objects.create(name="Annan kommun", case_prefix="AK")
    assert read(client, "/").alternates == []  # the whole country's list: no one organisation's feed
    head = read(client, f"/?organisation={other.pk}")
    assert [href for _type, _title, href in head.alternates][0] == f"/flode/organisationer/{other.pk}/motioner.atom"


def test_the_meeting_pages_offer_the_bodys_feeds_and_calendar(client, seed_case, huddinge, body, registrar):
    meeting = schedule_meeting(body("Kommunstyrelsen"), on=d("2026-12-07"), by=registrar)
    expected = [
        ("application/atom+xml", "Motioner till kommunstyrelsen", f"/flode/organ/{meeting.body_id}/motioner.atom"),
        ("application/atom+xml", "Beslut i kommunstyrelsen", f"/flode/organ/{meeting.body_id}/beslut.atom"),
        ("application/atom+xml", "Justerade protokoll i kommunstyrelsen",
         f"/flode/organ/{meeting.body_id}/protokoll.atom"),
        ("text/calendar", "Sammanträden i kommunstyrelsen", f"/kalender/organ/{meeting.body_id}/sammantraden.ics"),
    ]
    assert read(client, meeting.get_absolute_url()).alternates == expected
    assert read(client, f"/sammantraden/?body={meeting.body_id}").alternates == expected
    # The whole list: the organisation's.
    assert read(client, "/sammantraden/").alternates[-1] == (
        "text/calendar", "Sammanträden", f"/kalender/organisationer/{huddinge.pk}/sammantraden.ics")


def test_the_subscribe_section_says_what_each_link_is(client, seed_case):
    html = client.get("/arenden/KS-2021/345/").content.decode()
    section = re.search(r'<section class="subscribe.*?</section>', html, re.S).group(0)
    assert "<h2 id=\"subscribe-heading\" class=\"h6\">Prenumerera</h2>" in section
    assert "Ärendets gång, KS-2021/345 (flöde, Atom)" in section
