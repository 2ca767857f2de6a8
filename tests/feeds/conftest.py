"""The meeting tests' fixtures (a working committee's held meeting, signed or not), and reading
the feeds back: Atom with the standard library's XML parser, iCalendar with icalendar."""

import xml.etree.ElementTree as ET
from dataclasses import dataclass

import pytest
from icalendar import Calendar

from tests.decisions.conftest import case, held, ksau, signed  # noqa: F401 (fixtures used by name)

ATOM = "{http://www.w3.org/2005/Atom}"


@dataclass(frozen=True)
class Entry:
    id: str
    title: str
    link: str
    summary: str  # the HTML, as the reader gets it after XML parsing
    published: str
    updated: str
    author: str | None
    enclosure: dict | None  # the rel="enclosure" link's attributes


@dataclass(frozen=True)
class Feed:
    root: ET.Element
    xml: str

    @property
    def entries(self) -> list[Entry]:
        return [_entry(element) for element in self.root.findall(f"{ATOM}entry")]

    @property
    def titles(self) -> list[str]:
        return [entry.title for entry in self.entries]

    def link(self, rel: str) -> str:
        return next(link.get("href") for link in self.root.findall(f"{ATOM}link") if link.get("rel") == rel)


def _entry(element: ET.Element) -> Entry:
    links = {link.get("rel"): link.attrib for link in element.findall(f"{ATOM}link")}
    return Entry(
        id=element.findtext(f"{ATOM}id"), title=element.findtext(f"{ATOM}title"), link=links["alternate"]["href"],
        summary=element.findtext(f"{ATOM}summary"), published=element.findtext(f"{ATOM}published"),
        updated=element.findtext(f"{ATOM}updated"), author=element.findtext(f"{ATOM}author/{ATOM}name"),
        enclosure=links.get("enclosure"),
    )


@pytest.fixture
def atom(client):
    """The Atom feed at a URL, parsed (failing the test unless it is 200 and Atom)."""
    def get(url: str) -> Feed:
        response = client.get(url)
        assert response.status_code == 200, url
        assert response["Content-Type"] == "application/atom+xml; charset=utf-8"
        return Feed(ET.fromstring(response.content), response.content.decode())
    return get


@pytest.fixture
def ical(client):
    """The iCalendar file at a URL, parsed."""
    def get(url: str) -> Calendar:
        response = client.get(url)
        assert response.status_code == 200, url
        assert response["Content-Type"] == "text/calendar; charset=utf-8"
        return Calendar.from_ical(response.content)
    return get
