"""Putting a meeting's agenda on the notice board (decisions.services.posting):
the council's announcement at least a week before its meeting (KL 5 kap.
53 §), a board's notice of meeting, each version kept, and the refusals.

The documents are rendered once for the module (shared_postings); the tests
of the refusals render nothing."""

import datetime
import subprocess
from unittest import mock

import pytest
from django.contrib.messages import get_messages
from django.test import Client
from django.urls import reverse

from decisions.models import RenderedDocument
from decisions.services.meetings import add_other_matter
from decisions.services.posting import check_posting, post_agenda
from lib.errors import DomainError
from organisation.models import Body, Meeting, MeetingEvent
from organisation.services import schedule_meeting
from tests.conftest import d
from tests.support.shared_data import shared_fixture

DAY = datetime.timedelta(days=1)


def _on(day: str):
    return mock.patch("django.utils.timezone.localdate", lambda *args, **kwargs: d(day))


def _meeting(body: Body, on: str, *items: str, starts_at=datetime.time(18), place="Huddinge kommunhus",
             by=None) -> Meeting:
    meeting = schedule_meeting(body, on=d(on), starts_at=starts_at, place=place, by=by)
    for title in items:
        add_other_matter(meeting, title=title, by=by)
    return meeting


@shared_fixture("shared_postings", after="shared_huddinge")
def shared_postings(shared_huddinge):
    """The council's meeting of 2022-04-04 announced on 2022-03-28 (a week before) and again on 2022-03-30
    with an item added (within the week: a warning); the executive board's meeting of 2022-03-14
    summoned the day before."""
    from organisation.models import Municipality
    from tests.conftest import _user

    huddinge = Municipality.objects.get(pk=shared_huddinge)
    registrar = _user("registrator")
    council = Body.objects.get(municipality=huddinge, name="Kommunfullmäktige")
    board = Body.objects.get(municipality=huddinge, name="Kommunstyrelsen")
    with _on("2022-03-28"):
        meeting = _meeting(council, "2022-04-04", "Val av justerare", by=registrar)
        first, first_warning = post_agenda(meeting, by=registrar)
    with _on("2022-03-30"):
        add_other_matter(meeting, title="Anmälan av motioner", by=registrar)
        second, second_warning = post_agenda(meeting, by=registrar)
    with _on("2022-03-13"):
        board_meeting = _meeting(board, "2022-03-14", "Information", starts_at=datetime.time(13), by=registrar)
        summons, summons_warning = post_agenda(board_meeting, by=registrar)
    return {"meeting": meeting.pk, "first": first.pk, "second": second.pk, "summons": summons.pk,
            "warnings": [first_warning, second_warning, summons_warning]}


@pytest.fixture
def postings(huddinge, shared_postings):
    return shared_postings


def text_of(document: RenderedDocument, tmp_path) -> str:
    path = tmp_path / f"{document.pk}.pdf"
    with document.file.open("rb") as file:
        path.write_bytes(file.read())
    return " ".join(subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True,
                                   check=True).stdout.split())


# --- What is posted ---------------------------------------------------------------

def test_the_announcement_states_time_place_and_items(postings, tmp_path):
    first = RenderedDocument.objects.get(pk=postings["first"])
    assert (first.kind, first.version, first.posted_on, first.archived) == ("announcement", 1, d("2022-03-28"), True)
    assert first.is_published
    text = text_of(first, tmp_path)
    assert "Kungörelse Kommunfullmäktige sammanträder måndagen den 4 april 2022 kl. 18.00 i Huddinge kommunhus." \
        in text
    assert "Sammanträdet är offentligt." in text
    assert "1 Val av justerare" in text and "Anmälan av motioner" not in text
    assert "Anslaget 2022-03-28" in text


def test_a_new_version_replaces_the_one_on_the_board_and_both_are_kept(postings, tmp_path):
    first = RenderedDocument.objects.get(pk=postings["first"])
    second = RenderedDocument.objects.get(pk=postings["second"])
    assert first.taken_down_on == d("2022-03-30")
    assert (second.version, second.posted_on, second.taken_down_on) == (2, d("2022-03-30"), None)
    text = text_of(second, tmp_path)
    assert "Kungörelse (ändrad)" in text
    assert "Kungörelsen ersätter den som sattes upp på anslagstavlan 2022-03-28." in text
    assert "2 Anmälan av motioner" in text
    events = MeetingEvent.objects.filter(meeting_id=postings["meeting"], kind=MeetingEvent.Kind.AGENDA_POSTED)
    assert [(event.description, event.to_value) for event in events] == [
        ("Kungörelse", "version 1, uppsatt 2022-03-28"), ("Kungörelse", "version 2, uppsatt 2022-03-30")]


def test_a_new_version_within_the_week_is_posted_with_a_warning(postings):
    first, second, summons = postings["warnings"]
    assert first == "" and summons == ""
    assert second.startswith("Den ändrade kungörelsen sätts upp mindre än en vecka före sammanträdet. Den första "
                             "kungörelsen sattes upp 2022-03-28")


def test_the_announcement_is_a_tagged_pdf_its_agenda_a_table_with_column_headers(postings):
    from tests.support.tagged_pdf import read_tagged

    with RenderedDocument.objects.get(pk=postings["second"]).file.open("rb") as file:
        tagged = read_tagged(file.read())
    assert tagged.catalog["/Lang"] == "sv"
    assert tagged.headings == [("H1", "Kungörelse (ändrad)"), ("H2", "Föredragningslista")]
    agenda = tagged.root.all("Table")[0]
    assert [cell.text for cell in agenda.all("THead")[0].all("TH")] == ["Punkt", "Ärende", "Diarienummer"]
    assert [row.children[1].text for row in agenda.all("TBody")[0].all("TR")] == ["Val av justerare",
                                                                                 "Anmälan av motioner"]


def test_a_board_is_summoned_with_its_agenda_without_the_week(postings, tmp_path):
    summons = RenderedDocument.objects.get(pk=postings["summons"])
    assert (summons.kind, summons.posted_on) == ("summons", d("2022-03-13"))
    text = text_of(summons, tmp_path)
    assert "Ledamöter och ersättare i kommunstyrelsen kallas till sammanträde måndagen den 14 mars 2022 kl. 13.00 " \
        "i Huddinge kommunhus." in text
    assert "offentligt" not in text


# --- What is refused ----------------------------------------------------------------

def test_the_council_is_announced_at_least_a_week_before(huddinge, body, registrar, monkeypatch):
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *args, **kwargs: d("2022-03-29"))
    meeting = _meeting(body("Kommunfullmäktige"), "2022-04-04", "Val av justerare")
    with pytest.raises(DomainError) as refused:
        post_agenda(meeting, by=registrar)
    assert refused.value.message == (
        "Kungörelsen ska sitta på anslagstavlan minst en vecka före sammanträdet (KL 5 kap. 53 §): för sammanträdet "
        "2022-04-04 senast 2022-03-28. Flytta sammanträdet till 2022-04-05 eller senare.")
    assert not RenderedDocument.objects.filter(meeting=meeting).exists()
    # A week before, to the day, is in time.
    assert check_posting(meeting, today=d("2022-03-28")).version == 1


def test_every_problem_is_named_at_once(huddinge, body, registrar, monkeypatch):
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *args, **kwargs: d("2022-03-01"))
    meeting = _meeting(body("Kommunstyrelsen"), "2022-03-14", starts_at=None, place="")
    with pytest.raises(DomainError) as refused:
        post_agenda(meeting, by=registrar)
    assert [(error.field, error.message) for error in refused.value.errors] == [
        ("starts_at", "Ange när sammanträdet börjar; kungörelsen och kallelsen ska ange tiden."),
        ("place", "Ange var sammanträdet hålls; kungörelsen och kallelsen ska ange platsen."),
        ("agenda", "Föredragningslistan är tom: sätt upp ärendena på den först."),
    ]


def test_a_meeting_held_is_not_summoned(huddinge, body, registrar, monkeypatch):
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *args, **kwargs: d("2022-03-15"))
    meeting = _meeting(body("Kommunstyrelsen"), "2022-03-14", "Information")
    with pytest.raises(DomainError, match="Sammanträdet hölls 2022-03-14"):
        post_agenda(meeting, by=registrar)


def test_the_same_agenda_is_not_posted_twice(postings, registrar, monkeypatch):
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *args, **kwargs: d("2022-03-31"))
    with pytest.raises(DomainError) as refused:
        post_agenda(Meeting.objects.get(pk=postings["meeting"]), by=registrar)
    assert refused.value.message == ("Kungörelsen som sattes upp 2022-03-30 har samma föredragningslista, tid och "
                                     "plats; den sitter redan på anslagstavlan.")


def test_a_signed_meeting_cannot_be_posted(signed_seed_case, registrar):
    meeting = Meeting.objects.get(body__name="Kommunfullmäktige", date=d("2022-03-07"))
    with pytest.raises(DomainError, match="justerades 2022-03-10"):
        post_agenda(meeting, by=registrar)


def test_an_identity_number_in_the_agenda_holds_it_for_review(huddinge, body, registrar, monkeypatch):
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *args, **kwargs: d("2022-03-01"))
    meeting = _meeting(body("Socialnämnden"), "2022-03-10", "Ansökan från 121212-1212")
    document, _warning = post_agenda(meeting, by=registrar)
    assert (document.publication_state, document.review_cause) == ("review", "identity_numbers")
    url = reverse("decisions:posted_agenda_pdf", args=[meeting.pk, document.pk])
    assert Client().get(url).status_code == 403
    client = Client()
    client.force_login(registrar)
    from accounts.models import UserRole

    UserRole.objects.get_or_create(user=registrar, defaults={"role": "registry"})
    assert client.get(url).status_code == 200


# --- The meeting page -----------------------------------------------------------------

def test_the_meeting_page_links_each_version(postings):
    meeting = Meeting.objects.get(pk=postings["meeting"])
    page = Client().get(meeting.get_absolute_url()).content.decode()
    for pk, version in ((postings["first"], 1), (postings["second"], 2)):
        assert reverse("decisions:posted_agenda_pdf", args=[meeting.pk, pk]) in page
        assert f"Kungörelse, version {version} (PDF)" in page
    assert "ersatt 2022-03-30" in page
    assert "Sätt upp kungörelsen" not in page  # the registry's


def test_the_registry_posts_from_the_meeting_page(huddinge, body, registry_user, monkeypatch):
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *args, **kwargs: d("2022-03-01"))
    meeting = _meeting(body("Kommunfullmäktige"), "2022-03-21", "Val av justerare")
    client = Client()
    client.force_login(registry_user)
    assert "Sätt upp kungörelsen på anslagstavlan" in client.get(meeting.get_absolute_url()).content.decode()
    url = reverse("decisions:post_agenda", args=[meeting.pk])
    page = client.get(url).content.decode()
    assert "Kungörelse, version 1, sätts upp på anslagstavlan i dag, 2022-03-01" in page
    assert "Val av justerare" in page
    response = client.post(url)
    assert response.status_code == 302
    assert [str(m) for m in get_messages(response.wsgi_request)] == [
        "Kungörelse (version 1) sitter på anslagstavlan från i dag, 2022-03-01, till sammanträdet."]
    # Sent again (a double click), the second is refused with what is on the board.
    response = client.post(url)
    assert "har samma föredragningslista" in [str(m) for m in get_messages(response.wsgi_request)][-1]
    assert RenderedDocument.objects.filter(meeting=meeting).count() == 1


def test_the_posting_page_names_the_refusal(huddinge, body, registry_user, monkeypatch):
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *args, **kwargs: d("2022-03-17"))
    meeting = _meeting(body("Kommunfullmäktige"), "2022-03-21", "Val av justerare")
    client = Client()
    client.force_login(registry_user)
    page = client.get(reverse("decisions:post_agenda", args=[meeting.pk])).content.decode()
    assert "minst en vecka före sammanträdet" in page
    assert "Sätt upp kungörelsen</button>" not in page
