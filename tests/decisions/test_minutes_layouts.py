"""Minute layouts in the admin: every field edited and checked, and a preview
of the demo case's paragraph in a layout, for staff only, storing nothing."""

import json

import pytest
from django.test import Client
from django.urls import reverse

from decisions.models import RenderedDocument
from organisation.models import MinuteLayout, Municipality


@pytest.fixture
def staff(administrator):
    client = Client()
    client.force_login(administrator)
    return client


@pytest.fixture
def own_layout(huddinge):
    return MinuteLayout.objects.create(
        municipality=huddinge, name="Huddinge prov", document_title="Sammanträdesprotokoll",
        extract_title="Utdrag ur protokoll", paragraph_format="{short_name} § {number}",
        sections=[["history", "Ärendets gång"], ["decision", "{genitive} beslut"], ["deliberation", "Anföranden"]],
        wording={"title_dash": "–", "deliberation": "I överläggningen deltar {speakers}."})


def preview_url(layout: MinuteLayout) -> str:
    return reverse("admin:organisation_minutelayout_preview", args=[layout.pk])


def test_the_preview_shows_the_demo_case_in_the_layout_and_stores_nothing(seed_case, own_layout, staff):
    before = (RenderedDocument.objects.count(), list(MinuteLayout.objects.values()))
    html = staff.get(preview_url(own_layout)).content.decode()
    assert "UTDRAG UR PROTOKOLL" in html and "KSAU § 12" in html
    assert ("<title>Utdrag ur protokoll Kommunstyrelsens arbetsutskott 2022-01-25 KSAU § 12</title>") in html
    assert "Inför en avhopparverksamhet för ett tryggare Huddinge – svar på motion väckt av" in html
    assert '<h2 class="subheading">Ärendets gång</h2>' in html and '<li class="line">Motion 2021-03-08</li>' in html
    assert '<h2 class="subheading">Anföranden</h2>' in html and "I överläggningen deltar Nujin Alacabek (V)." in html
    pdf = staff.get(preview_url(own_layout), {"pdf": "1"})
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    assert pdf.content.startswith(b"%PDF-")
    assert (RenderedDocument.objects.count(), list(MinuteLayout.objects.values())) == before


def test_the_change_page_links_to_the_preview(seed_case, own_layout, staff):
    page = staff.get(reverse("admin:organisation_minutelayout_change", args=[own_layout.pk])).content.decode()
    assert preview_url(own_layout) in page and "Förhandsgranska" in page


def test_the_preview_is_for_staff_only(seed_case, own_layout, councillor):
    url = preview_url(own_layout)
    assert Client().get(url).status_code == 302  # to the admin's login
    client = Client()
    client.force_login(councillor)
    response = client.get(url)
    assert response.status_code == 302 and reverse("admin:login") in response["Location"]


def test_a_preview_without_any_paragraph_says_so(staff, db):
    elsewhere = Municipality.objects.create(name="Mälarviks kommun")
    layout = MinuteLayout.objects.create(municipality=elsewhere, name="Mälarvik")
    response = staff.get(preview_url(layout), follow=True)
    assert "Det finns ingen paragraf att visa mallen med" in response.content.decode()


def form_data(**changes) -> dict:
    data = {"name": "Ny mall", "document_title": "Protokoll", "extract_title": "Protokollsutdrag",
            "paragraph_format": "§ {number}", "decision_form": "sentences",
            "sections": json.dumps([["decision", "{genitive} beslut"], ["summary", "Sammanfattning"]]),
            "wording": "{}", "page_foot": "Justerandes signatur"}
    return {**data, **changes}


@pytest.mark.parametrize(("changes", "message"), [
    ({"sections": json.dumps([["decision", "Beslut"], ["nonsense", "X"]])}, "Rad 2: Okänd del ”nonsense”"),
    ({"sections": json.dumps([["deliberation_and_proposals", "Överläggning"], ["proposals", "Yrkanden"]])},
     "deliberation_and_proposals innehåller redan deliberation och proposals"),
    ({"paragraph_format": "KF §"}, "Paragrafnumret ska innehålla {number}."),
    ({"wording": json.dumps({"nope": "x"})}, "Okänd formulering ”nope”"),
    ({"wording": json.dumps({"proposes": "{person} yrkar {foo}."})},
     "Formuleringen ”proposes”: okänd platshållare {foo}; tillåtna är {person}, {text}."),
    ({"wording": json.dumps({"reservation": "{people} reserverar sig {"})}, "klammerparenteserna går inte ihop"),
    ({"wording": json.dumps({"rank": 2})}, "Formuleringen ”rank” ska vara en text."),
])
def test_the_admin_refuses_a_layout_the_minutes_cannot_print(staff, changes, message):
    response = staff.post(reverse("admin:organisation_minutelayout_add"), form_data(**changes))
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not MinuteLayout.objects.filter(name="Ny mall").exists()


def test_the_admin_saves_every_field_of_a_layout(staff, huddinge):
    from django.core.files.uploadedfile import SimpleUploadedFile

    logo = SimpleUploadedFile("logo.svg", b'<svg xmlns="http://www.w3.org/2000/svg" width="4" height="4"/>',
                              content_type="image/svg+xml")
    response = staff.post(reverse("admin:organisation_minutelayout_add"), form_data(
        municipality=huddinge.pk, paragraph_format="§ {number}/{yy}", decision_form="att",
        wording=json.dumps({"title_dash": "-", "proposes_seconded": "{all} yrkar {text}."}),
        page_foot="Signatur", logo=logo))
    assert response.status_code == 302, response.content.decode()
    layout = MinuteLayout.objects.get(name="Ny mall")
    assert (layout.municipality, layout.paragraph_format, layout.decision_form, layout.page_foot) == (
        huddinge, "§ {number}/{yy}", "att", "Signatur")
    assert layout.sections == [["decision", "{genitive} beslut"], ["summary", "Sammanfattning"]]
    assert layout.wording == {"title_dash": "-", "proposes_seconded": "{all} yrkar {text}."}
    assert layout.logo.name.endswith(".svg")


def test_the_admin_refuses_a_logo_that_is_not_an_image(staff):
    from django.core.files.uploadedfile import SimpleUploadedFile

    response = staff.post(reverse("admin:organisation_minutelayout_add"),
                          form_data(logo=SimpleUploadedFile("logo.exe", b"MZ")))
    assert "Logotypen ska vara en bild i PNG, JPEG eller SVG." in response.content.decode()
