"""The notice board on a given day, its archive and its feed: what is up is
read from the dates alone, and only what is published is shown.

The board is built once for the module (its PDFs rendered once): the seed
case's three meetings signed (their notices up from 2022-01-28, 2022-02-11
and 2022-03-11), the council's meeting of 2022-04-04 announced on 2022-02-21
and again, with one more item, on 2022-02-25, the executive board's meeting
of 2022-03-14 summoned on 2022-03-01 (its summons held for review by the
organisation's rule), and the registry's own notices."""

import datetime
import html
import re
import xml.etree.ElementTree as ET
from unittest import mock

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from decisions.models import RenderedDocument
from noticeboard.models import Notice
from noticeboard.selectors import Cursor, Section, archive, archive_years, latest_posted, on_board
from organisation.models import Body, Meeting, Municipality
from tests.conftest import MINIMAL_PDF, d, text_pdf
from tests.support.shared_data import shared_fixture

ATOM = "{http://www.w3.org/2005/Atom}"


def _on(day: str):
    return mock.patch("django.utils.timezone.localdate", lambda *args, **kwargs: d(day))


@shared_fixture("shared_board", after="shared_signed_seed_case")
def shared_board(shared_huddinge):
    from decisions.services.meetings import add_other_matter
    from decisions.services.posting import post_agenda
    from noticeboard.services import add_notice, take_down_notice
    from organisation.services import schedule_meeting
    from publication.models import Kind, PublicationRule
    from tests.conftest import _user

    huddinge = Municipality.objects.get(pk=shared_huddinge)
    registrar = _user("registrator")
    council = Body.objects.get(municipality=huddinge, name="Kommunfullmäktige")
    board = Body.objects.get(municipality=huddinge, name="Kommunstyrelsen")
    PublicationRule.objects.create(municipality=huddinge, kind=Kind.SUMMONS, review_first=True)
    with _on("2022-02-21"):
        meeting = schedule_meeting(council, on=d("2022-04-04"), starts_at=datetime.time(18),
                                   place="Huddinge kommunhus", by=registrar)
        add_other_matter(meeting, title="Val av justerare", by=registrar)
        first, _warning = post_agenda(meeting, by=registrar)
        plan = add_notice(huddinge, title="Detaljplan för Sjödalsparken", text="Granskning av planförslaget.",
                          posted_on=d("2022-02-21"), removed_on=d("2022-03-14"),
                          file=SimpleUploadedFile("plan.pdf", MINIMAL_PDF), by=registrar)
        held = add_notice(huddinge, title="Beslut om bostadsanpassning",
                          text="Sökande: Tolvan Tolvansson, 121212-1212.", posted_on=d("2022-02-21"),
                          removed_on=d("2022-03-14"), by=registrar)
    with _on("2022-02-25"):
        add_other_matter(meeting, title="Information om budgeten", by=registrar)
        second, _warning = post_agenda(meeting, by=registrar)
    with _on("2022-03-01"):
        board_meeting = schedule_meeting(board, on=d("2022-03-14"), starts_at=datetime.time(13),
                                         place="Huddinge kommunhus", by=registrar)
        add_other_matter(board_meeting, title="Information från förvaltningen", by=registrar)
        summons, _warning = post_agenda(board_meeting, by=registrar)
        early = add_notice(huddinge, title="Samråd om översiktsplanen", posted_on=d("2022-03-01"),
                           removed_on=d("2022-03-20"), body=board,
                           file=SimpleUploadedFile("samrad.pdf", text_pdf("Samrad om oversiktsplanen")),
                           by=registrar)
    with _on("2022-03-05"):
        take_down_notice(early, reason="Samrådet är inställt.", by=registrar)
    return {"first": first.pk, "second": second.pk, "summons": summons.pk, "plan": plan.pk, "held": held.pk,
            "early": early.pk}


@pytest.fixture
def built(huddinge, signed_seed_case, shared_board):
    return shared_board


def keys(entries) -> list[str]:
    return [entry.key for entry in entries]


def section(board, name) -> list[str]:
    return next(keys(entries) for key, _label, entries in board.sections if key == name)


def signed(body: str, day: str) -> str:
    return f"signed-{Meeting.objects.get(body__name=body, date=d(day)).pk}"


# --- On the board on a day ------------------------------------------------------

def test_on_a_day_the_board_shows_what_its_dates_put_up(built, huddinge):
    board = on_board(huddinge, d("2022-02-21"))
    assert section(board, Section.AGENDA) == [f"agenda-{built['first']}"]
    # The working committee's notice came down on 2022-02-19; the council's goes up on 2022-03-11.
    assert section(board, Section.SIGNED) == [signed("Kommunstyrelsen", "2022-02-07")]
    # The notice holding a personal identity number waits for review: not shown.
    assert section(board, Section.NOTICE) == [f"notice-{built['plan']}"]


def test_a_new_version_of_the_announcement_replaces_the_old_on_its_day(built, huddinge):
    assert section(on_board(huddinge, d("2022-02-24")), Section.AGENDA) == [f"agenda-{built['first']}"]
    assert section(on_board(huddinge, d("2022-02-25")), Section.AGENDA) == [f"agenda-{built['second']}"]


@pytest.mark.parametrize(("day", "up"), [
    ("2022-01-27", []),  # the day before the first notice went up
    ("2022-02-10", ["Kommunstyrelsens arbetsutskott"]),  # the day before the board's
    ("2022-02-11", ["Kommunstyrelsen", "Kommunstyrelsens arbetsutskott"]),
    ("2022-02-18", ["Kommunstyrelsen", "Kommunstyrelsens arbetsutskott"]),
    ("2022-02-19", ["Kommunstyrelsen"]),
    ("2022-03-04", ["Kommunstyrelsen"]),  # the last day to appeal: still up
    ("2022-03-05", []),  # the day it is taken down
    ("2022-03-11", ["Kommunfullmäktige"]),
])
def test_a_notice_of_signing_is_up_from_its_posting_until_the_day_it_is_taken_down(built, huddinge, day, up):
    assert [entry.body for entry in on_board(huddinge, d(day)).sections[1][2]] == up


def test_the_announcement_is_up_until_the_meeting_is_held(built, huddinge):
    assert section(on_board(huddinge, d("2022-04-04")), Section.AGENDA) == [f"agenda-{built['second']}"]
    assert section(on_board(huddinge, d("2022-04-05")), Section.AGENDA) == []


def test_a_notice_taken_down_early_is_off_the_board_from_that_day(built, huddinge):
    assert f"notice-{built['early']}" in section(on_board(huddinge, d("2022-03-04")), Section.NOTICE)
    assert f"notice-{built['early']}" not in section(on_board(huddinge, d("2022-03-05")), Section.NOTICE)


def test_a_document_awaiting_review_shows_its_facts_without_the_document(built, huddinge):
    (summons,) = on_board(huddinge, d("2022-03-01")).sections[0][2][:1]
    assert summons.key == f"agenda-{built['summons']}"
    assert dict(summons.facts)["Sammanträde"] == "2022-03-14 kl. 13.00"
    assert summons.held.startswith("Dokumentet granskas")
    assert [link.label for link in summons.links] == ["Sammanträdet"]
    announcement = on_board(huddinge, d("2022-03-01")).sections[0][2][1]
    assert [link.label for link in announcement.links] == ["Kungörelse (PDF)", "Sammanträdet"]
    assert not announcement.held


def test_the_notice_of_signing_states_what_the_law_asks(built, huddinge):
    (entry,) = on_board(huddinge, d("2022-02-19")).sections[1][2]
    assert entry.facts == [
        ("Organ", "Kommunstyrelsen"), ("Sammanträdesdatum", "2022-02-07"), ("Paragrafer", "§ 25"),
        ("Justerat", "2022-02-09"), ("Anslaget sattes upp", "2022-02-11"), ("Anslaget tas ned", "2022-03-05"),
        ("Protokollet förvaras", "Kommunstyrelsens förvaltning, Huddinge kommun"),
        ("Sista dag att överklaga", "2022-03-04"),
    ]
    meeting = Meeting.objects.get(body__name="Kommunstyrelsen", date=d("2022-02-07"))
    assert [(link.label, link.url) for link in entry.links] == [
        ("Protokollet (PDF)", reverse("decisions:protocol_pdf", args=[meeting.pk])),
        ("Bevis om justering (PDF)", reverse("decisions:notice_pdf", args=[meeting.pk])),
        ("Sammanträdet och dess paragrafer", meeting.get_absolute_url()),
    ]


def test_a_signed_protocol_awaiting_review_is_not_linked(built, huddinge):
    RenderedDocument.objects.filter(meeting__body__name="Kommunstyrelsen", meeting__date=d("2022-02-07"),
                                    kind=RenderedDocument.Kind.PROTOCOL).update(publication_state="review")
    (entry,) = on_board(huddinge, d("2022-02-19")).sections[1][2]
    assert [link.label for link in entry.links] == ["Bevis om justering (PDF)", "Sammanträdet och dess paragrafer"]
    assert entry.held.startswith("Dokumentet granskas")


# --- The page ---------------------------------------------------------------

def test_the_board_page_lists_the_day_and_links_its_feed(built, huddinge, monkeypatch):
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *args, **kwargs: d("2022-03-01"))
    page = Client().get(reverse("noticeboard:board", args=[huddinge.pk])).content.decode()
    feed = reverse("noticeboard:feed", args=[huddinge.pk])
    assert f'<link rel="alternate" type="application/atom+xml" href="{feed}"' in page
    assert "i dag, 2022-03-01" in page
    assert "Kungörelse: Kommunfullmäktige 2022-04-04" in page
    assert "Kallelse med föredragningslista: Kommunstyrelsen 2022-03-14" in page
    assert "Detaljplan för Sjödalsparken" in page and "Samråd om översiktsplanen" in page
    assert "Beslut om bostadsanpassning" not in page
    # The appeal rules, from the text the notice of signing prints, with the organisation's court.
    assert "Förvaltningsrätten i Stockholm" in page
    assert "Alla som är medlemmar i kommunen" in page


def test_the_board_page_states_the_appeal_rules_as_the_notice_of_signing_does(built, huddinge, tmp_path):
    import subprocess

    from decisions.appeal_rules import appeal_rules

    meeting = Meeting.objects.get(body__name="Kommunstyrelsen", date=d("2022-02-07"))
    notice = RenderedDocument.objects.get(meeting=meeting, kind=RenderedDocument.Kind.NOTICE, archived=True)
    path = tmp_path / "notice.pdf"
    with notice.file.open("rb") as file:
        path.write_bytes(file.read())
    def words(text):
        return " ".join(text.replace("\u00a0", " ").split())

    printed = words(subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout)
    page = words(Client().get(reverse("noticeboard:board", args=[huddinge.pk])).content.decode())
    for rule in appeal_rules(huddinge):
        assert words(f"{rule.question} {rule.answer}") in printed
        assert words(rule.answer) in page


def test_with_one_organisation_the_choice_goes_to_its_board(huddinge):
    response = Client().get(reverse("noticeboard:choose"))
    assert response["Location"] == reverse("noticeboard:board", args=[huddinge.pk])


def test_with_several_organisations_the_public_chooses(huddinge):
    region = Municipality.objects.create(name="Region Västernorrland", kind=Municipality.Kind.REGION)
    page = Client().get(reverse("noticeboard:choose")).content.decode()
    assert reverse("noticeboard:board", args=[region.pk]) in page
    assert reverse("noticeboard:board", args=[huddinge.pk]) in page


def test_a_region_s_board_names_the_region(huddinge):
    region = Municipality.objects.create(name="Region Västernorrland", kind=Municipality.Kind.REGION,
                                         administrative_court="Förvaltningsrätten i Härnösand")
    page = Client().get(reverse("noticeboard:board", args=[region.pk])).content.decode()
    assert "Alla som är medlemmar i regionen" in page and "Förvaltningsrätten i Härnösand" in page
    assert page.count("Inga anslag av det här slaget sitter uppe i dag.") == 3


# --- The archive ------------------------------------------------------------------

def test_the_archive_keeps_what_came_down_with_its_days_latest_first(built, huddinge):
    page = archive(huddinge, d("2022-04-05"))
    assert [(entry.key, entry.posted_on, entry.last_day) for entry in page.entries] == [
        (signed("Kommunfullmäktige", "2022-03-07"), d("2022-03-11"), d("2022-04-01")),
        (f"agenda-{built['summons']}", d("2022-03-01"), d("2022-03-14")),
        (f"notice-{built['early']}", d("2022-03-01"), d("2022-03-04")),
        (f"agenda-{built['second']}", d("2022-02-25"), d("2022-04-04")),
        (f"agenda-{built['first']}", d("2022-02-21"), d("2022-02-24")),
        (f"notice-{built['plan']}", d("2022-02-21"), d("2022-03-13")),
        (signed("Kommunstyrelsen", "2022-02-07"), d("2022-02-11"), d("2022-03-04")),
        (signed("Kommunstyrelsens arbetsutskott", "2022-01-25"), d("2022-01-28"), d("2022-02-18")),
    ]
    assert page.next_cursor is None
    early = page.entries[2]
    assert early.note == "Samrådet är inställt."


def test_what_is_still_up_is_not_in_the_archive(built, huddinge):
    assert keys(archive(huddinge, d("2022-02-21")).entries) == [signed("Kommunstyrelsens arbetsutskott",
                                                                          "2022-01-25")]


def test_the_archive_by_year_body_and_kind(built, huddinge):
    board = Body.objects.get(municipality=huddinge, name="Kommunstyrelsen")
    today = d("2022-04-05")
    assert len(archive(huddinge, today, year=2022).entries) == 8
    assert archive(huddinge, today, year=2021).entries == []
    assert keys(archive(huddinge, today, body=board).entries) == [
        f"agenda-{built['summons']}", f"notice-{built['early']}", signed("Kommunstyrelsen", "2022-02-07")]
    assert keys(archive(huddinge, today, section=Section.NOTICE).entries) == [
        f"notice-{built['early']}", f"notice-{built['plan']}"]
    assert archive_years(huddinge, today) == [2022]


def test_the_archive_is_read_a_bounded_page_at_a_time(built, huddinge, django_assert_max_num_queries):
    everything = keys(archive(huddinge, d("2022-04-05")).entries)
    seen, cursor = [], None
    for _page in range(5):
        with django_assert_max_num_queries(8):
            page = archive(huddinge, d("2022-04-05"), after=cursor, per_page=3)
        assert len(page.entries) <= 3
        seen += keys(page.entries)
        cursor = page.next_cursor
        if cursor is None:
            break
    assert seen == everything


def test_the_archive_page_links_the_next_page(built, huddinge, monkeypatch):
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *args, **kwargs: d("2022-04-05"))
    monkeypatch.setattr("noticeboard.selectors.ARCHIVE_PAGE", 3)
    url = f"{reverse('noticeboard:archive', args=[huddinge.pk])}?year=2022"
    rows, pages = [], 0
    while url:
        page = Client().get(url).content.decode()
        rows += re.findall(r'<tr id="([a-z]+-\d+)"', page)
        found = re.search(r'href="\?([^"]*efter=[^"]*)"', page)
        url = f"{reverse('noticeboard:archive', args=[huddinge.pk])}?{html.unescape(found[1])}" if found else None
        pages += 1
        assert "year=2022" in (url or "year=2022")
    assert pages == 3
    assert rows == keys(archive(huddinge, d("2022-04-05"), per_page=100).entries)
    first = Client().get(reverse("noticeboard:archive", args=[huddinge.pk])).content.decode()
    assert "Nedtaget i förtid: Samrådet är inställt." in first


@pytest.mark.parametrize("cursor", ["", "x", "2022-13-01.2.1", "2022-03-01.9.1", "2022-03-01.2." + "9" * 30,
                                    "2022-03-01.2.-4"])
def test_a_cursor_typed_by_hand_is_read_as_the_first_page(cursor):
    assert Cursor.parse(cursor) is None


def test_the_archive_page_with_bad_filters_shows_everything(built, huddinge, monkeypatch):
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *args, **kwargs: d("2022-04-05"))
    response = Client().get(reverse("noticeboard:archive", args=[huddinge.pk]),
                            {"year": "1066", "body": "9" * 5000, "kind": "x", "efter": "x"})
    assert response.status_code == 200
    assert response.content.decode().count('<tr id="') == 8


# --- The feed ---------------------------------------------------------------------

def test_the_feed_lists_what_went_up_with_unique_ids(built, huddinge, monkeypatch):
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *args, **kwargs: d("2022-03-01"))
    response = Client().get(reverse("noticeboard:feed", args=[huddinge.pk]))
    assert response["Content-Type"].startswith("application/atom+xml")
    feed = ET.fromstring(response.content)
    entries = feed.findall(f"{ATOM}entry")
    titles = [entry.findtext(f"{ATOM}title") for entry in entries]
    assert titles == [
        "Kallelse med föredragningslista: Kommunstyrelsen 2022-03-14",
        "Anslag: Samråd om översiktsplanen",
        "Kungörelse: Kommunfullmäktige 2022-04-04",
        "Kungörelse: Kommunfullmäktige 2022-04-04",
        "Anslag: Detaljplan för Sjödalsparken",
        "Protokoll justerat: Kommunstyrelsen 2022-02-07",
        "Protokoll justerat: Kommunstyrelsens arbetsutskott 2022-01-25",
    ]
    ids = [entry.findtext(f"{ATOM}id") for entry in entries]
    assert len(set(ids)) == len(ids)
    assert entries[0].find(f"{ATOM}link").get("href").endswith(f"#agenda-{built['summons']}")
    assert latest_posted(huddinge, d("2022-03-01"), count=2)[1].key == f"notice-{built['early']}"


def test_an_unknown_organisation_has_no_board(db):
    for name in ("noticeboard:board", "noticeboard:archive", "noticeboard:feed"):
        assert Client().get(reverse(name, args=[987654])).status_code == 404


def test_a_notice_not_published_is_not_in_the_feed_nor_its_page(built, huddinge, monkeypatch):
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *args, **kwargs: d("2022-03-01"))
    assert "bostadsanpassning" not in Client().get(reverse("noticeboard:feed", args=[huddinge.pk])).content.decode()
    assert Notice.objects.get(pk=built["held"]).publication_state == "review"
    assert Client().get(reverse("noticeboard:notice", args=[built["held"]])).status_code == 404
    assert Client().get(reverse("noticeboard:notice_file", args=[built["plan"]])).status_code == 200
