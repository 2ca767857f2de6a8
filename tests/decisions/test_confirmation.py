"""Numbering and signing ask for confirmation, showing what becomes locked;
signing needs what the notice states: time, place and where the minutes are kept."""

import re

import pytest
from django.test import Client
from django.urls import reverse

from decisions.services.meetings import add_other_matter
from organisation.models import Meeting
from organisation.services import update_meeting
from tests.conftest import d


@pytest.fixture
def registry(registry_user) -> Client:
    client = Client()
    client.force_login(registry_user)
    return client


def test_numbering_shows_the_numbers_and_what_they_lock_before_numbering(registry, held, registrar):
    """The held meeting's items are numbered §§ 1–2; two items more get §§ 3–4."""
    add_other_matter(held, title="Information", by=registrar)
    add_other_matter(held, title="Övriga frågor", by=registrar)
    url = reverse("decisions:number", args=[held.pk])
    page = registry.get(url).content.decode()
    assert "Punkterna 3–4 på föredragningslistan får §§ 3–4." in page
    assert "Därefter kan de numrerade punkterna inte flyttas eller tas bort från föredragningslistan" in page
    assert re.search(r"<td>§ 3</td><td>Punkt 3</td><td>Information</td>", page)
    assert list(held.agenda.filter(number__isnull=True).values_list("title", flat=True)) == [
        "Information", "Övriga frågor"]  # nothing numbered by looking
    response = registry.post(url, follow=True)
    assert "2 punkter fick paragrafnummer." in response.content.decode()
    assert list(held.agenda.order_by("position").values_list("number", flat=True)) == [1, 2, 3, 4]
    page = registry.get(url).content.decode()
    assert "Alla punkter på föredragningslistan har redan paragrafnummer." in page
    assert "Numrera</button>" not in page


def test_the_meeting_page_leads_to_the_numbering_page(registry, held):
    page = registry.get(held.get_absolute_url()).content.decode()
    assert f'href="{reverse("decisions:number", args=[held.pk])}">Numrera paragraferna</a>' in page


def test_numbering_refused_shows_why_on_the_page(registry, held, ksau, registrar):
    earlier = Meeting.objects.create(body=ksau, date=d("2022-01-11"))
    page = registry.get(reverse("decisions:number", args=[earlier.pk])).content.decode()
    assert "Föredragningslistan är tom; det finns inget att numrera." in page
    add_other_matter(earlier, title="Information", by=registrar)
    page = registry.get(reverse("decisions:number", args=[earlier.pk])).content.decode()
    assert "sammanträdet Kommunstyrelsens arbetsutskott 2022-01-25 har redan numrerats" in page
    assert "Numrera</button>" not in page


NOTICE = {"starts_at": "13:00", "place": "Huddinge kommunhus", "kept_at": "Kommunstyrelsens förvaltning"}


def test_signing_shows_what_is_locked_and_the_notice_before_signing(registry, held):
    url = reverse("decisions:sign", args=[held.pk])
    page = registry.post(url, {"signed_on": "2022-01-27", **NOTICE}).content.decode()
    for line in (
        "Protokollet från Kommunstyrelsens arbetsutskott 2022-01-25 justeras 2022-01-27.",
        "Paragraferna §§ 1–2 låses: därefter kan inget i protokollet ändras, varken närvaro, paragrafer eller beslut.",
        "Anslaget om justeringen sätts upp 2022-01-28 och tas ned 2022-02-19; sista dag att överklaga är 2022-02-18.",
        "Anslaget anger sammanträdet 2022-01-25 kl. 13.00, Huddinge kommunhus, och att protokollet förvaras hos "
        "Kommunstyrelsens förvaltning.",
    ):
        assert line in page, line
    assert Meeting.objects.get(pk=held.pk).signed_on is None  # not yet
    assert 'type="hidden" name="signed_on" value="2022-01-27"' in page
    assert 'type="hidden" name="posted_on" value="2022-01-28"' in page  # the dates as shown
    # "Ändra uppgifterna" goes back to the form as filled in.
    page = registry.post(url, {"signed_on": "2022-01-27", **NOTICE, "change": ""}).content.decode()
    assert 'name="signed_on" value="2022-01-27"' in page and "Fortsätt till bekräftelse" in page
    assert Meeting.objects.get(pk=held.pk).signed_on is None
    response = registry.post(url, {"signed_on": "2022-01-27", **NOTICE, "confirm": ""})
    assert response.status_code == 302
    signed = Meeting.objects.get(pk=held.pk)
    assert (signed.signed_on, signed.posted_on, signed.appeal_until) == (
        d("2022-01-27"), d("2022-01-28"), d("2022-02-18"))


def test_signing_is_refused_naming_each_missing_detail_at_its_field(registry, held, registrar):
    update_meeting(held, starts_at=None, ends_at=None, place="", kept_at="", by=registrar)
    url = reverse("decisions:sign", args=[held.pk])
    page = registry.get(url).content.decode()
    assert "Ange var protokollet förvaras; anslaget om justeringen ska ange förvaringsplatsen." in page
    for data in ({"signed_on": "2022-01-27"}, {"signed_on": "2022-01-27", "confirm": ""}):
        response = registry.post(url, data)
        assert response.context["form"].errors == {
            "starts_at": ["Ange när sammanträdet började; anslaget om justeringen ska ange tiden."],
            "place": ["Ange var sammanträdet hölls; anslaget om justeringen ska ange platsen."],
            "kept_at": ["Ange var protokollet förvaras; anslaget om justeringen ska ange förvaringsplatsen."],
        }
    assert Meeting.objects.get(pk=held.pk).signed_on is None
    # Given on the signing form, they are recorded with the signing.
    registry.post(url, {"signed_on": "2022-01-27", **NOTICE, "confirm": ""})
    signed = Meeting.objects.get(pk=held.pk)
    assert (signed.signed_on, signed.place, signed.kept_at) == (
        d("2022-01-27"), "Huddinge kommunhus", "Kommunstyrelsens förvaltning")


def test_the_signing_form_starts_from_the_meetings_details(registry, held):
    page = registry.get(reverse("decisions:sign", args=[held.pk])).content.decode()
    assert 'name="starts_at" value="13.00"' in page and 'name="place" value="Huddinge kommunhus"' in page
