"""The official minute text of the seed case, read back from the PDF."""

import re
import subprocess
from pathlib import Path

import pytest
from django.core.management import call_command

from decisions.documents import extract_pdf
from decisions.selectors.minutes import minute_items_for_render

SEED = Path(__file__).resolve().parent.parent / "data" / "huddinge-ksau-2022-avhopparverksamhet.txt"

# The header and foot repeated on every page of an extract.
_PAGE_FURNITURE = re.compile(
    r"^(Huddinge kommun|PROTOKOLLSUTDRAG|UTKAST – EJ JUSTERAT|Kommunstyrelsens arbetsutskott|"
    r"Sammanträdesdatum .*|§ \d+|"
    r"Dnr .*|Justerandes signatur|Utdragsbestyrkande|Sida \d+ av \d+)$"
)


def pdf_text(pdf: bytes, tmp_path: Path, *args: str) -> str:
    path = tmp_path / "extract.pdf"
    path.write_bytes(pdf)
    return subprocess.run(
        ["pdftotext", *args, str(path), "-"], check=True, capture_output=True, text=True
    ).stdout


def words(text: str) -> list[str]:
    return text.split()


def body_words(text: str) -> list[str]:
    """The words of the minute text itself, without the page furniture."""
    lines = [line.strip() for page in text.split("\f") for line in page.splitlines()]
    return words(" ".join(line for line in lines if not _PAGE_FURNITURE.match(line)))


def seed_words() -> list[str]:
    text = SEED.read_text(encoding="utf-8")
    # The original minute misspells one body's name ("kultur-och"); the name is
    # generated from the body register, which spells it as the body does.
    return words(text.replace("kultur-och", "kultur- och"))


@pytest.fixture
def ksau_item(seed_case):
    return minute_items_for_render().get(motion=seed_case, body__short_name="KSAU")


def test_extract_holds_the_seed_minute_word_for_word_and_in_order(ksau_item, tmp_path):
    text = body_words(pdf_text(extract_pdf(ksau_item), tmp_path))
    expected = seed_words()
    assert text == expected


def test_extract_header_and_foot_on_every_page(ksau_item, tmp_path):
    pages = [p for p in pdf_text(extract_pdf(ksau_item), tmp_path).split("\f") if p.strip()]
    assert len(pages) >= 1
    for number, page in enumerate(pages, start=1):
        for expected in (
            "Huddinge kommun", "Kommunstyrelsens arbetsutskott", "Sammanträdesdatum 2022-01-25",
            "§ 12", "Dnr KS-2021/345", "Justerandes signatur", "Utdragsbestyrkande",
            f"Sida {number} av {len(pages)}",
        ):
            assert expected in page, (number, expected)


def test_extract_is_a4_with_embedded_fonts_and_metadata(ksau_item, tmp_path):
    path = tmp_path / "extract.pdf"
    path.write_bytes(extract_pdf(ksau_item))
    info = subprocess.run(["pdfinfo", str(path)], check=True, capture_output=True, text=True).stdout
    assert "595.276 x 841.89 pts (A4)" in info
    assert "Title:           Protokollsutdrag Kommunstyrelsens arbetsutskott 2022-01-25 § 12" in info
    assert "Author:          Kommunstyrelsens arbetsutskott" in info
    fonts = subprocess.run(["pdffonts", str(path)], check=True, capture_output=True, text=True).stdout
    rows = fonts.splitlines()[2:]
    assert rows and all(row.split()[-5] == "yes" for row in rows), fonts  # the "emb" column


def test_generated_sentences_follow_the_data(ksau_item, seed_case, tmp_path, nujin):
    """The title, referral and deliberation sentences are built from the case,
    not stored: change the data and the text follows."""
    from decisions.models import Speaker
    from organisation.models import Person

    other = Person.objects.create(municipality=nujin.municipality, name="Anna Andersson",
                                  party=nujin.party.__class__.objects.get(abbreviation="M"))
    Speaker.objects.create(item=ksau_item, person=other, party=other.party, position=2)
    seed_case.referrals.filter(body__name="Socialnämnden").update(status="withdrawn", withdrawn_on="2021-05-01")
    item = minute_items_for_render().get(pk=ksau_item.pk)
    text = " ".join(body_words(pdf_text(extract_pdf(item), tmp_path)))
    assert "Under överläggningen yttrar sig Nujin Alacabek (V) och Anna Andersson (M)." in text
    assert ("Motionen har gått på remiss till grundskolenämnden, gymnasie- och arbetsmarknadsnämnden, "
            "kultur- och fritidsnämnden och trygghets- och delaktighetsberedningen.") in text
    assert "Socialnämnden konstaterar" not in text


def test_a_paragraph_tells_the_referrals_as_they_stood_at_its_meeting(ksau_item, seed_case, body, tmp_path):
    """A referral sent after the meeting does not appear in that meeting's paragraph."""
    from referrals.models import Referral

    Referral.objects.create(motion=seed_case, body=body("Kommunstyrelsen"), sent_on="2022-02-01",
                            due_on="2022-03-01")
    item = minute_items_for_render().get(pk=ksau_item.pk)
    assert body_words(pdf_text(extract_pdf(item), tmp_path)) == seed_words()


def test_votes_read_as_swedish_sentences(ksau_item, tmp_path):
    from decisions.models import Vote

    Vote.objects.create(item=ksau_item, question="ja för avslag, nej för bifall", yes=35, no=26, abstained=2,
                        result="beslutar arbetsutskottet att avslå motionen")
    item = minute_items_for_render().get(pk=ksau_item.pk)
    text = " ".join(body_words(pdf_text(extract_pdf(item), tmp_path)))
    assert ("Propositioner Votering begärs och verkställs med följande proposition: ja för avslag, nej för "
            "bifall. Med 35 ja-röster mot 26 nej-röster och 2 som avstår beslutar arbetsutskottet att avslå "
            "motionen.") in text


def test_board_and_council_extracts_state_their_decisions(seed_case, tmp_path):
    board = minute_items_for_render().get(motion=seed_case, body__short_name="KS")
    text = " ".join(body_words(pdf_text(extract_pdf(board), tmp_path)))
    assert ("Kommunstyrelsens beslut Kommunstyrelsen föreslår kommunfullmäktige besluta följande: "
            "Motionen anses besvarad.") in text
    council = minute_items_for_render().get(motion=seed_case, body__short_name="KF")
    text = " ".join(words(pdf_text(extract_pdf(council), tmp_path)))
    assert "Kommunfullmäktiges beslut Motionen anses besvarad." in text


def test_render_minutes_command_writes_the_extract(seed_case, tmp_path):
    out = tmp_path / "ksau.pdf"
    call_command("render_minutes", "KS-2021/345", "--body", "Kommunstyrelsens arbetsutskott", "-o", str(out))
    assert out.read_bytes().startswith(b"%PDF")
    assert body_words(pdf_text(out.read_bytes(), tmp_path)) == seed_words()


def test_render_minutes_names_what_is_missing(seed_case, tmp_path):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="Ingen paragraf hos ”Socialnämnden” i ärendet KS-2021/345"):
        call_command("render_minutes", "KS-2021/345", "--body", "Socialnämnden", "-o", str(tmp_path / "x.pdf"))
    assert not (tmp_path / "x.pdf").exists()


def test_an_extract_of_unsigned_minutes_says_on_every_page_that_it_is_a_draft(ksau_item, tmp_path):
    pages = [p for p in pdf_text(extract_pdf(ksau_item), tmp_path).split("\f") if p.strip()]
    assert all("UTKAST – EJ JUSTERAT" in page for page in pages)


def test_signed_minutes_are_not_marked_as_a_draft(signed_seed_case, tmp_path):
    item = minute_items_for_render().get(motion=signed_seed_case, body__short_name="KSAU")
    assert "UTKAST" not in pdf_text(extract_pdf(item), tmp_path)
