"""Personal identity and coordination numbers found in a document's text."""

import io
import zipfile

import pytest

from publication.identity import find_identity_numbers, luhn_valid
from publication.text import document_pages, office_text


@pytest.mark.parametrize("text", [
    "19121212-1212", "121212-1212", "1212121212", "191212121212", "121212+1212",  # personnummer
    "701063-2391", "19701063-2391",  # samordningsnummer: the day plus 60
    "000229-1235",  # 29 February 2000
    "Sökande: Tolvan Tolvansson, 121212-1212, Storgatan 1",
])
def test_a_valid_number_is_found(text):
    (found,) = find_identity_numbers(text)
    assert found.masked.endswith("-****")
    assert "1212-1212" not in found.excerpt and "2391" not in found.excerpt


@pytest.mark.parametrize("text", [
    "19121212-1213",  # wrong check digit
    "121312-1212",  # month 13
    "850732-1231",  # 32 July
    "212000-0142",  # an organisation number (Huddinge kommun): its month is 20
    "2021-06-14", "KS-2021/1234", "08-535 300 00", "§ 123", "2021/22:145",
    "0191212121212",  # thirteen digits: part of something longer
    "30121212-1212",  # no such century
])
def test_other_numbers_are_not(text):
    assert find_identity_numbers(text) == []


def test_the_check_digit_is_the_luhn_sum():
    assert luhn_valid("8112189876")
    assert not luhn_valid("8112189875")


def test_the_reviewer_sees_where_the_number_is():
    (found,) = find_identity_numbers("Ärendet gäller en elev med personnummer 121212-1212 i årskurs 7.", page=3)
    assert found.page == 3
    assert found.as_json() == {
        "page": 3, "masked": "121212-****", "coordination": False,
        "excerpt": "Ärendet gäller en elev med personnummer 121212-**** i årskurs 7.",
    }


def test_a_number_split_over_a_word_documents_runs_is_read_whole():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as package:
        package.writestr("word/document.xml", "<w:document><w:body><w:p><w:r><w:t>Pnr: 1212</w:t></w:r>"
                                              "<w:r><w:t>12-1212</w:t></w:r></w:p></w:body></w:document>")
    buffer.seek(0)
    assert [hit.masked for hit in find_identity_numbers(office_text(buffer))] == ["121212-****"]


def test_an_image_has_no_text_to_scan():
    assert document_pages(io.BytesIO(b"\x89PNG"), "image/png") is None


def test_the_excerpt_is_whole_words():
    text = "Förvaltningen har tagit emot en skrivelse från en person som heter Tolvan Tolvansson, 121212-1212, " \
           "och som bor på Storgatan 1 i Huddinge sedan många år tillbaka."
    (found,) = find_identity_numbers(text)
    assert found.excerpt == "en person som heter Tolvan Tolvansson, 121212-****, och som bor på Storgatan 1 i Huddinge"
