"""The protocol, the notice of signing and the extracts as PDF/A, read back
with poppler (pdftotext, pdfinfo, pdffonts), and their storage under a hash
of their content."""

import datetime
import itertools
import re
import subprocess
import zlib
from pathlib import Path

import pytest
from django.conf import settings

from decisions.documents import (
    document_key,
    extract_html,
    meeting_for_render,
    notice_document,
    notice_html,
    protocol_html,
    store,
)
from decisions.models import MinuteItem, RenderedDocument, Speaker
from decisions.selectors.minutes import item_context, minute_items_for_render
from decisions.services.case_steps import prepare_draft_decision, record_minute_item
from decisions.services.meetings import add_other_matter, record_other_matter
from decisions.services.paragraphs import MinuteRecord, ProposalRecord, QuestionRecord, VoteRecord
from decisions.services.signing import sign_minutes
from lib.pdf import html_to_pdf
from motions.services import file_motion
from organisation.models import Meeting, MinuteLayout, Person
from organisation.services import AttendanceRecord, record_attendance, update_meeting
from tests.conftest import d
from tests.support.meetings import CHAIR, KSAU, MEMBER, NOT_SERVING, OTHER, SECRETARY, SUBSTITUTE, planned
from tests.support.shared_data import shared_fixture

# --- reading PDFs back ------------------------------------------------------

def _poppler(tool: str, pdf: bytes, tmp_path: Path, *args: str) -> str:
    path = tmp_path / f"{tool}.pdf"
    path.write_bytes(pdf)
    return subprocess.run([tool, *args, str(path), *(["-"] if tool == "pdftotext" else [])],
                          check=True, capture_output=True, text=True).stdout


def pdf_pages(pdf: bytes, tmp_path: Path, *args: str) -> list[str]:
    text = _poppler("pdftotext", pdf, tmp_path, *args)
    return [page for page in text.split("\f") if page.strip()]


def lines_of(page: str) -> list[str]:
    return [" ".join(line.split()) for line in page.splitlines() if line.strip()]


def in_order(lines: list[str], expected: list[str]) -> bool:
    """`expected` appear among `lines` as whole lines, in this order (others may come between)."""
    rest = iter(lines)
    return all(any(line == wanted for line in rest) for wanted in expected)


def decompressed(pdf: bytes) -> bytes:
    """The PDF with every Flate stream inflated, appended to the raw bytes."""
    parts = [pdf]
    for match in re.finditer(rb"stream\r?\n", pdf):
        end = pdf.find(b"endstream", match.end())
        try:
            parts.append(zlib.decompressobj().decompress(pdf[match.end():end]))
        except zlib.error:
            pass  # not compressed
    return b"\n".join(parts)


# --- a signed meeting -----------------------------------------------------------

ATTENDANCE = [
    ("Anna Berglund", MEMBER, {"duty": CHAIR}),
    ("Erik Sandberg", MEMBER, {"signs": True}),
    ("Lena Holm", MEMBER, {"signs": True}),
    ("Karin Dahl", SUBSTITUTE, {"replaces": "Johan Ek"}),
    ("Per Nyström", MEMBER, {}),
    ("Maria Lind", NOT_SERVING, {}),
    ("Helena Strand", OTHER, {"duty": SECRETARY, "title": "nämndsekreterare"}),
    ("Olof Wikström", OTHER, {"title": "kommundirektör"}),
]


def attendance(person) -> list[AttendanceRecord]:
    return [
        AttendanceRecord(person(name), role, **{**extra, **({"replaces": person(extra["replaces"])}
                                                            if "replaces" in extra else {})})
        for name, role, extra in ATTENDANCE
    ]


@shared_fixture("shared_held", after="shared_seed_case")
def shared_held(shared_huddinge):
    """`held`'s meeting, built once for the module's tests; its pk."""
    from tests.conftest import _user

    def person(name):  # as the fixture of that name
        return Person.objects.get(municipality=shared_huddinge, name=name)

    registrar = _user("registrator")  # as the fixture of that name
    meeting = Meeting.objects.get(body__municipality=shared_huddinge, body__name=KSAU, date=d("2022-01-25"))
    update_meeting(meeting, starts_at=datetime.time(13), ends_at=datetime.time(15, 30), place="Huddinge kommunhus",
                   kept_at="Kommunstyrelsens förvaltning", by=registrar)
    record_attendance(meeting, attendance(person), by=registrar)
    for title, text in (("Anmälningsärenden", "Anmälningsärendena läggs till handlingarna."),
                        ("Information från förvaltningen", "Informationen noteras.")):
        item = add_other_matter(meeting, title=title, by=registrar)
        record_other_matter(item, decision_text=text, by=registrar)
    return meeting.pk


@pytest.fixture
def held(seed_case, body, person, registrar, shared_held):
    """The seed case's working committee meeting (§ 12, the case) with two
    other matters after it (§ 13, § 14), attendance taken; not yet signed."""
    return meeting_for_render(shared_held)


@shared_fixture("shared_signed", after="shared_held")
def shared_signed(shared_held):
    """`held` signed, once for the module's tests (its documents are not rendered)."""
    from tests.conftest import _user

    sign_minutes(meeting_for_render(shared_held), signed_on=d("2022-01-27"), by=_user("registrator"))


@pytest.fixture
def signed(held, registrar, shared_signed):
    return meeting_for_render(held.pk)


def case_item(meeting: Meeting) -> MinuteItem:
    return minute_items_for_render().get(meeting=meeting, motion__isnull=False)


# --- the full protocol ------------------------------------------------------------

@shared_fixture("shared_protocol_pages", after="shared_signed")
def shared_protocol_pages(shared_held):
    """The signed protocol's pages as text, rendered once for the module's tests."""
    import tempfile

    with tempfile.TemporaryDirectory() as folder:
        return pdf_pages(html_to_pdf(protocol_html(meeting_for_render(shared_held))).content, Path(folder))


@pytest.fixture
def protocol_pages(signed, shared_protocol_pages):
    return list(shared_protocol_pages)


def test_protocol_first_page_says_who_when_and_where(protocol_pages):
    first = lines_of(protocol_pages[0])
    assert KSAU in first
    assert "Huddinge kommunhus, 2022-01-25 kl. 13.00–15.30" in first
    assert in_order(first, [
        "Plats och tid", "Huddinge kommunhus, 2022-01-25 kl. 13.00–15.30",
        # Serving members in the list's order, then the substitutes serving for someone.
        "Beslutande", "Anna Berglund (M), ordförande", "Erik Sandberg (S)", "Lena Holm (L)", "Per Nyström (KD)",
        "Karin Dahl (S), ersätter Johan Ek",
        "Maria Lind (C)",
        "Övriga närvarande", "Helena Strand, nämndsekreterare", "Olof Wikström, kommundirektör",
        "Justerare", "Erik Sandberg", "Lena Holm",
        "Justerat", "2022-01-27", "Protokollet förvaras", "Kommunstyrelsens förvaltning",
        "Paragrafer", "§§ 12–14",
    ]), "\n".join(first)
    # The one not serving is not among those deciding.
    deciding = first[first.index("Beslutande") + 1:first.index("Maria Lind (C)")]
    assert not any("Maria Lind" in line or "Helena Strand" in line for line in deciding)
    assert "Ej tjänstgörande ledamöter och ersättare" in " ".join(first)
    assert "Johan Ek" not in " ".join(line for line in first if "ersätter" not in line)


def test_protocol_first_page_ends_with_the_whole_signature_block(protocol_pages):
    """Secretary, chair and every signatory sign on the first page: the block
    is not split, with a signatory left alone on a page of its own."""
    first = lines_of(protocol_pages[0])
    block = first[first.index("§§ 12–14", first.index("Paragrafer")) + 1:]
    # Two signatures to a row: the roles, then the names printed under the lines.
    assert in_order(block, ["Sekreterare", "Ordförande", "Helena Strand", "Anna Berglund"]), "\n".join(block)
    assert in_order(block, ["Justerare", "Justerare", "Erik Sandberg", "Lena Holm"]), "\n".join(block)


def test_protocol_holds_every_paragraph_in_order_with_the_case_number(protocol_pages):
    paragraph_lines = [line for page in protocol_pages[1:] for line in lines_of(page)
                       if re.fullmatch(r"§ \d+( Dnr .+)?", line)]
    assert paragraph_lines == ["§ 12 Dnr KS-2021/345", "§ 13", "§ 14"]
    text = " ".join(" ".join(lines_of(page)) for page in protocol_pages)
    order = [text.index(part) for part in (
        "§ 12 Dnr KS-2021/345 Inför en avhopparverksamhet för ett tryggare Huddinge - svar på motion väckt av "
        "Nujin Alacabek (V)",
        "Arbetsutskottet överlämnar ärendet till Kommunstyrelsen utan eget ställningstagande.",
        "§ 13 Anmälningsärenden Kommunstyrelsens arbetsutskotts beslut Anmälningsärendena läggs till handlingarna.",
        "§ 14 Information från förvaltningen Kommunstyrelsens arbetsutskotts beslut Informationen noteras.",
    )]
    assert order == sorted(order)


def test_protocol_header_and_page_numbers_on_every_page(protocol_pages):
    assert len(protocol_pages) >= 4  # the first page, then each § on a new page
    for number, page in enumerate(protocol_pages, start=1):
        lines = lines_of(page)
        for expected in ("Huddinge kommun", "PROTOKOLL", KSAU, "Sammanträdesdatum 2022-01-25", "§§ 12–14",
                         "Justerandes signatur", f"Sida {number} av {len(protocol_pages)}"):
            assert expected in lines, (number, expected, lines)


def test_protocol_page_count_is_reported(signed, tmp_path):
    pdf = html_to_pdf(protocol_html(signed))
    info = _poppler("pdfinfo", pdf.content, tmp_path)
    assert re.search(rf"^Pages:\s+{pdf.pages}$", info, re.M), info


def test_protocol_before_signing_leaves_the_signing_open(held, tmp_path):
    first = lines_of(pdf_pages(html_to_pdf(protocol_html(held)).content, tmp_path)[0])
    assert in_order(first, ["Justerat", "–", "Paragrafer"]), first


# --- the notice of signing ----------------------------------------------------

def test_notice_of_signing_shows_the_dates_of_the_notice(signed, tmp_path):
    (page,) = pdf_pages(html_to_pdf(notice_html(signed)).content, tmp_path, "-layout")
    text = "\n".join(lines_of(page))
    assert "Bevis om justering" in text
    assert "ANSLAG / BEVIS" in text
    assert "Justeringen av kommunstyrelsens arbetsutskotts protokoll har tillkännagivits" in text
    for label, value in (
        ("Organ", KSAU),
        ("Sammanträdesdatum", "2022-01-25"),
        ("Paragrafer", "§§ 12–14"),
        ("Datum för justering", "2022-01-27"),
        ("Datum då anslaget sätts upp", "2022-01-28"),  # Friday: the second day after signing is a Saturday
        ("Datum då anslaget tas ned", "2022-02-19"),
        ("Förvaringsplats för protokollet", "Kommunstyrelsens förvaltning"),
        ("Sista dag att överklaga", "2022-02-18"),
    ):
        assert re.search(rf"^{re.escape(label)} {re.escape(value)}$", text, re.M), (label, value, text)
    assert re.search(r"^Underskrift$", text, re.M) and re.search(r"^Helena Strand$", text, re.M), text
    assert "Sida 1 av 1" in text


def test_notice_follows_explicit_dates(held, registrar, tmp_path):
    sign_minutes(held, signed_on=d("2022-01-27"), posted_on=d("2022-01-28"), appeal_until=d("2022-02-18"),
                 notice_removed_on=d("2022-02-21"), by=registrar)
    (page,) = pdf_pages(html_to_pdf(notice_html(meeting_for_render(held.pk))).content, tmp_path, "-layout")
    text = "\n".join(lines_of(page))
    for label, value in (("Datum då anslaget sätts upp", "2022-01-28"), ("Datum då anslaget tas ned", "2022-02-21"),
                         ("Sista dag att överklaga", "2022-02-18")):
        assert re.search(rf"^{re.escape(label)} {re.escape(value)}$", text, re.M), (label, value, text)


# --- the extract ------------------------------------------------------------------------

def _certification(pages: list[str]) -> list[str]:
    """Per page, the line after "Utdragsbestyrkande" (the page number when nobody certifies)."""
    result = []
    for page in pages:
        lines = lines_of(page)
        result.append(lines[lines.index("Utdragsbestyrkande") + 1])
    return result


def test_extract_is_certified_by_the_secretary_only_once_signed(held, registrar, tmp_path):
    pages = pdf_pages(html_to_pdf(extract_html(case_item(held))).content, tmp_path)
    assert _certification(pages) == [f"Sida {n} av {len(pages)}" for n in range(1, len(pages) + 1)]
    assert "Helena Strand" not in " ".join(pages)
    sign_minutes(held, signed_on=d("2022-01-27"), by=registrar)
    pages = pdf_pages(html_to_pdf(extract_html(case_item(held))).content, tmp_path)
    assert _certification(pages) == ["Helena Strand"] * len(pages)


def test_extract_of_an_other_matter_has_no_case_number(signed, tmp_path):
    item = minute_items_for_render().get(meeting=signed, number=13)
    (page,) = pdf_pages(html_to_pdf(extract_html(item)).content, tmp_path)
    lines = lines_of(page)
    assert "PROTOKOLLSUTDRAG" in lines and "§ 13" in lines
    assert not any(line.startswith("Dnr") for line in lines), lines
    assert in_order(lines, ["Anmälningsärenden", "Kommunstyrelsens arbetsutskotts beslut",
                            "Anmälningsärendena läggs till handlingarna.", "Utdragsbestyrkande", "Helena Strand"])


# --- the two layouts --------------------------------------------------------------------

@pytest.fixture
def debated(huddinge, body, person, registrar):
    """A case handled by the working committee after a debate, proposals and a vote."""
    nujin, anna = person("Nujin Alacabek"), person("Anna Berglund")
    motion = file_motion(huddinge, title="Gratis simskola för alla barn", movers=[nujin],
                         received_on=d("2021-03-08"), by=registrar)
    prepare_draft_decision(motion, drafted_on=d("2021-06-01"), proposal="reject",
                           summary="Förvaltningen föreslår avslag.", by=registrar)
    return record_minute_item(
        motion, step="handle", meeting=planned(body(KSAU), d("2021-06-15")), outcome="reject",
        record=MinuteRecord(
            speakers=[nujin, anna],
            proposals=[ProposalRecord(nujin, "bifall till motionen"), ProposalRecord(anna, "avslag på motionen")],
            questions=[QuestionRecord("Ordföranden ställer proposition på bifall och avslag och finner att "
                                      "arbetsutskottet bifaller avslagsyrkandet.")],
            votes=[VoteRecord(question="ja för avslag, nej för bifall", yes=5, no=2,
                              result="beslutar arbetsutskottet att föreslå avslag")],
        ),
        by=registrar,
    )


@pytest.fixture
def plain(huddinge, body, person, registrar):
    """A case handed over without a word said."""
    motion = file_motion(huddinge, title="Fler papperskorgar", movers=[person("Lena Holm")],
                         received_on=d("2021-03-08"), by=registrar)
    prepare_draft_decision(motion, drafted_on=d("2021-06-01"), proposal="reject", by=registrar)
    return record_minute_item(motion, step="handle", meeting=planned(body(KSAU), d("2021-06-15")), by=registrar)


@pytest.fixture
def other_matter(body, registrar):
    meeting = Meeting.objects.get_or_create(body=body(KSAU), date=d("2021-06-15"))[0]
    item = add_other_matter(meeting, title="Val av justerare", by=registrar)
    return record_other_matter(item, decision_text="Lena Holm utses att justera protokollet.", by=registrar)


def headings(item: MinuteItem) -> list[str]:
    html = extract_html(minute_items_for_render().get(pk=item.pk))
    return re.findall(r'<h2 class="subheading">(.*?)</h2>', html)


@pytest.fixture
def layout(huddinge):
    def use(name: str) -> None:
        huddinge.minute_layout = MinuteLayout.objects.get(municipality=huddinge, name=name)
        huddinge.save(update_fields=["minute_layout"])
    return use


DECISION = "Kommunstyrelsens arbetsutskotts beslut"
HUDDINGE_2021, HUDDINGE_2024 = "Huddinge 2021–2023", "Huddinge 2024–"


def test_the_2024_layout_heads_what_was_said_proposed_and_put(debated, layout):
    layout(HUDDINGE_2024)
    assert headings(debated) == [DECISION, "Sammanfattning", "Yttranden under sammanträdet", "Yrkanden",
                                 "Beslutsgång", "Beslutsunderlag"]


def test_the_2021_layout_keeps_deliberation_and_propositions(debated, layout):
    layout(HUDDINGE_2021)
    assert headings(debated) == [DECISION, "Sammanfattning", "Överläggning", "Propositioner"]


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        (HUDDINGE_2021, [DECISION, "Sammanfattning"]),
        (HUDDINGE_2024, [DECISION, "Sammanfattning", "Beslutsunderlag"]),
    ],
)
def test_headings_with_nothing_under_them_are_left_out(plain, layout, name, expected):
    layout(name)
    assert headings(plain) == expected


@pytest.mark.parametrize("name", [HUDDINGE_2021, HUDDINGE_2024])
def test_an_other_matter_has_only_its_decision(other_matter, layout, name):
    layout(name)
    assert headings(other_matter) == [DECISION]


def test_the_2024_layout_in_the_pdf(debated, layout, tmp_path):
    layout(HUDDINGE_2024)
    item = minute_items_for_render().get(pk=debated.pk)
    text = " ".join(" ".join(lines_of(page)) for page in pdf_pages(html_to_pdf(extract_html(item)).content,
                                                                    tmp_path))
    assert ("Yttranden under sammanträdet Under överläggningen yttrar sig Nujin Alacabek (V) och "
            "Anna Berglund (M).") in text
    assert ("Yrkanden Nujin Alacabek (V) yrkar bifall till motionen. Anna Berglund (M) yrkar avslag på "
            "motionen.") in text
    assert "Beslutsgång Ordföranden ställer proposition på bifall och avslag" in text
    assert ("Votering begärs och verkställs med följande proposition: ja för avslag, nej för bifall. Med 5 "
            "ja-röster mot 2 nej-röster beslutar arbetsutskottet att föreslå avslag.") in text
    assert "Beslutsunderlag Tjänsteskrivelse 2021-06-01 Motion väckt av Nujin Alacabek (V)" in text
    for absent in ("Överläggning", "Propositioner", "Reservationer", "Särskilt yttrande", "Protokollsanteckningar"):
        assert absent not in text, absent


def test_the_2021_layout_in_the_pdf(debated, layout, tmp_path):
    layout(HUDDINGE_2021)
    item = minute_items_for_render().get(pk=debated.pk)
    text = " ".join(" ".join(lines_of(page)) for page in pdf_pages(html_to_pdf(extract_html(item)).content,
                                                                    tmp_path))
    assert ("Överläggning Under överläggningen yttrar sig Nujin Alacabek (V) och Anna Berglund (M). "
            "Nujin Alacabek (V) yrkar bifall till motionen.") in text
    assert "Propositioner Ordföranden ställer proposition" in text
    for absent in ("Yttranden under sammanträdet", "Yrkanden", "Beslutsgång", "Beslutsunderlag", "Reservationer"):
        assert absent not in text, absent


# --- PDF/A -------------------------------------------------------------------------------

def _protocol(meeting):
    return protocol_html(meeting), f"Protokoll {KSAU} 2022-01-25"


def _notice(meeting):
    return notice_html(meeting), f"Bevis om justering {KSAU} 2022-01-25"


def _extract(meeting):
    return extract_html(case_item(meeting)), f"Protokollsutdrag {KSAU} 2022-01-25 § 12"


@pytest.mark.parametrize("document", [_protocol, _notice, _extract], ids=["protocol", "notice", "extract"])
def test_every_document_is_pdf_a_with_metadata_and_embedded_fonts(signed, tmp_path, document):
    html, title = document(signed)
    pdf = html_to_pdf(html).content
    assert pdf.startswith(b"%PDF-")
    inflated = decompressed(pdf)
    assert re.search(rb"pdfaid:part(=\"|>)3", inflated), "no PDF/A identification in the XMP metadata"
    assert re.search(rb"pdfaid:conformance(=\"|>)A", inflated), "not PDF/A level A (tagged, accessible)"
    assert re.search(rb"/Type\s*/Catalog.*?/Lang\s*\(sv\)", inflated, re.S), "the catalog names no language"
    assert b"/OutputIntents" in inflated
    info = _poppler("pdfinfo", pdf, tmp_path)
    assert re.search(rf"^Title:\s+{re.escape(title)}$", info, re.M), info
    assert re.search(rf"^Author:\s+{re.escape(KSAU)}$", info, re.M), info
    assert "595.276 x 841.89 pts (A4)" in info
    fonts = _poppler("pdffonts", pdf, tmp_path).splitlines()[2:]
    assert fonts, "no fonts"
    assert all(row.split()[-5] == "yes" for row in fonts), fonts  # the "emb" column


# --- storage under a hash of the content ----------------------------------------

def stored_files() -> list[Path]:
    folder = Path(settings.MEDIA_ROOT) / "minutes"
    return sorted(folder.iterdir()) if folder.exists() else []


def test_the_same_html_is_stored_once(signed, tmp_path):
    html = protocol_html(signed)
    first = store(RenderedDocument.Kind.PROTOCOL, signed, html)
    second = store(RenderedDocument.Kind.PROTOCOL, signed, html)
    assert first.pk == second.pk
    assert RenderedDocument.objects.count() == 1
    assert stored_files() == [Path(settings.MEDIA_ROOT) / "minutes" / f"{first.key}.pdf"]
    assert first.key == document_key(RenderedDocument.Kind.PROTOCOL, html)
    stored = RenderedDocument.objects.get()
    content = stored.file.read()
    assert content.startswith(b"%PDF-") and stored.size == len(content)
    info = _poppler("pdfinfo", content, tmp_path)
    assert re.search(rf"^Pages:\s+{stored.pages}$", info, re.M)
    assert (stored.kind, stored.meeting_id, stored.archived) == (RenderedDocument.Kind.PROTOCOL, signed.pk, False)


def test_the_notice_is_stored_once(signed):
    assert notice_document(signed).pk == notice_document(meeting_for_render(signed.pk)).pk
    assert len(stored_files()) == 1


def test_a_changed_meeting_gets_a_new_document(held, registrar):
    before = store(RenderedDocument.Kind.PROTOCOL, held, protocol_html(held))
    update_meeting(held, starts_at=datetime.time(13), ends_at=datetime.time(16), place="Huddinge kommunhus",
                   kept_at="Kommunstyrelsens förvaltning", by=registrar)
    changed = meeting_for_render(held.pk)
    html = protocol_html(changed)
    assert document_key(RenderedDocument.Kind.PROTOCOL, html) != before.key
    after = store(RenderedDocument.Kind.PROTOCOL, changed, html)
    assert after.pk != before.pk and after.key != before.key
    assert RenderedDocument.objects.count() == 2
    assert len(stored_files()) == 2


def test_the_same_html_as_another_kind_is_another_document(held):
    html = protocol_html(held)
    assert document_key(RenderedDocument.Kind.PROTOCOL, html) != document_key(RenderedDocument.Kind.NOTICE, html)


def test_each_meeting_keeps_the_layout_of_its_day(seed_case, meeting, registrar):
    """Huddinge's headings changed in 2024: a meeting then has the new ones,
    while the 2022 minutes keep theirs."""
    later = meeting("Kommunstyrelsens arbetsutskott", "2024-02-06")
    agenda_item = add_other_matter(later, title="Information", by=registrar)
    item = record_other_matter(agenda_item, decision_text="Informationen noteras.", by=registrar)
    Speaker.objects.create(item=item, person=Person.objects.get(name="Nujin Alacabek"))

    def headings(minute_item):
        return [heading for heading, _ in item_context(minute_items_for_render().get(pk=minute_item.pk))["sections"]]

    assert headings(seed_case.minute_items.get(body__short_name="KSAU"))[1:] == ["Sammanfattning", "Överläggning"]
    assert headings(item) == ["Kommunstyrelsens arbetsutskotts beslut", "Yttranden under sammanträdet"]


# --- annexes, numbered through the protocol ------------------------------------------------

def ballots(vote, person, choices: list[tuple[str, str]]) -> None:
    from decisions.models import Ballot

    for position, (name, choice) in enumerate(choices, start=1):
        who = person(name)
        Ballot.objects.create(vote=vote, position=position, person=who, party=who.party, choice=choice,
                              replaces=person("Johan Ek") if name == "Karin Dahl" else None)


@pytest.fixture
def annexed(held, person):
    """`held` with a written reservation at § 12 and a roll-call at § 13 and at § 14."""
    from decisions.models import Reservation, Vote

    items = {item.number: item for item in held.items.all()}
    erik = person("Erik Sandberg")
    Reservation.objects.create(item=items[12], person=erik, party=erik.party, written=True,
                               text="Jag reserverar mig mot beslutet.")
    for number, yes_for in ((13, "förslaget"), (14, "ordförandens förslag")):
        vote = Vote.objects.create(item=items[number], question="", yes_for=yes_for, no_for="avslag", yes=3, no=1,
                                   abstained=1, result="")
        ballots(vote, person, [("Anna Berglund", "yes"), ("Erik Sandberg", "no"), ("Lena Holm", "yes"),
                               ("Karin Dahl", "yes"), ("Per Nyström", "abstain")])
    return held


def test_the_protocol_prints_each_annex_after_the_paragraphs_numbered_through_it(annexed, tmp_path):
    pages = pdf_pages(html_to_pdf(protocol_html(meeting_for_render(annexed.pk))).content, tmp_path)
    lines = [line for page in pages for line in lines_of(page)]
    text = " ".join(lines)
    assert "Erik Sandberg (S) reserverar sig skriftligt, bilaga 1." in text
    assert "Hur var och en har röstat framgår av bilaga 2." in text
    assert "Hur var och en har röstat framgår av bilaga 3." in text
    assert in_order(lines, ["§ 14", "Bilaga 1 – Reservation § 12", "Erik Sandberg (S)",
                            "Jag reserverar mig mot beslutet.", "Bilaga 2 – Omröstningslista § 13",
                            "Bilaga 3 – Omröstningslista § 14"]), lines
    # Each annex on a page of its own, with the header.
    for number in (1, 2, 3):
        (page,) = [page for page in pages if f"Bilaga {number} –" in page]
        assert "PROTOKOLL" in lines_of(page) and "§§ 12–14" in lines_of(page)


def test_an_extract_prints_its_paragraphs_roll_call_under_the_protocols_number(annexed, tmp_path):
    item = minute_items_for_render().get(meeting=annexed, number=14)
    pages = pdf_pages(html_to_pdf(extract_html(item)).content, tmp_path, "-layout")
    lines = [line for page in pages for line in lines_of(page)]
    text = " ".join(lines)
    assert ("Votering begärs. Följande propositionsordning godkänns: ja-röst för ordförandens förslag, nej-röst "
            "för avslag. Med 3 ja-röster mot 1 nej-röst, 1 avstår, beslutar arbetsutskottet enligt ordförandens "
            "förslag. Hur var och en har röstat framgår av bilaga 3.") in text
    assert in_order(lines, [
        "Bilaga 3 – Omröstningslista § 14",
        "Ledamot Ja Nej Avstår",
        "Anna Berglund (M) X", "Erik Sandberg (S) X", "Lena Holm (L) X",
        "Karin Dahl (S), ersättare för Johan Ek X", "Per Nyström (KD) X",
        "Summa 3 1 1",
    ]), lines
    assert "Bilaga 1" not in text and "Bilaga 2" not in text


# --- the layout's titles, paragraph number, logo and foot ------------------------------------

# A 2×2 red PNG.
PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000002000000020802000000fdd49a73000000164944415478da63f8cfc0f09f8181e1"
    "3f03030303001f2c03fd5b2c2e9e0000000049454e44ae426082")


@pytest.fixture
def own_layout(huddinge, held):
    from django.core.files.base import ContentFile

    layout = MinuteLayout.objects.create(
        municipality=huddinge, name="Prov", document_title="Sammanträdesprotokoll",
        extract_title="Utdrag ur protokoll", paragraph_format="{short_name} § {number}", page_foot="Signatur",
        sections=[["decision", "{genitive} beslut"]])
    layout.logo.save("logo.png", ContentFile(PNG))
    huddinge.minute_layout = layout
    huddinge.save(update_fields=["minute_layout"])
    return layout


def test_the_layout_titles_numbers_and_signs_the_pages_and_embeds_its_logo(own_layout, held, tmp_path):
    item = minute_items_for_render().get(meeting=held, number=13)
    html = extract_html(item)
    assert 'src="data:image/png;base64,' in html
    pdf = html_to_pdf(html).content
    (page,) = pdf_pages(pdf, tmp_path)
    lines = lines_of(page)
    for expected in ("UTDRAG UR PROTOKOLL", "KSAU § 13", "Signatur", "Utdragsbestyrkande"):
        assert expected in lines, (expected, lines)
    assert "Justerandes signatur" not in lines
    info = _poppler("pdfinfo", pdf, tmp_path)
    assert re.search(r"^Title:\s+Utdrag ur protokoll Kommunstyrelsens arbetsutskott 2022-01-25 KSAU § 13$", info,
                     re.M), info
    assert re.search(rb"/Subtype\s*/Image", decompressed(pdf)), "the logo is not embedded"
    protocol = lines_of(pdf_pages(html_to_pdf(protocol_html(meeting_for_render(held.pk))).content, tmp_path)[1])
    assert "SAMMANTRÄDESPROTOKOLL" in protocol and "KSAU §§ 12–14" in protocol


# --- page breaks ----------------------------------------------------------------------

def page_flow(html: str) -> list[list[tuple[str, int, int]]]:
    """Per page, the headings and paragraphs laid out on it: (tag, the element's identity,
    lines on this page). Read from WeasyPrint's page boxes."""
    import weasyprint
    from weasyprint.formatting_structure import boxes

    document = weasyprint.HTML(string=html, base_url=str(settings.BASE_DIR)).render()
    return [
        [(box.element_tag, id(box.element), sum(isinstance(child, boxes.LineBox) for child in box.children))
         for box in page._page_box.descendants()
         if isinstance(box, boxes.BlockBox) and box.element_tag in ("p", "li", "h1", "h2", "h3")]
        for page in document.pages
    ]


WORDS = "Kommunen ska utreda frågan vidare och återkomma med ett förslag till beslut under hösten".split()


@pytest.mark.parametrize("filler", [21])
def test_a_page_never_ends_with_a_heading_nor_leaves_one_or_two_lines_of_a_paragraph(held, filler):
    """A paragraph of four lines at the foot of the first page moves whole rather than leave
    two lines on either side of the break (orphans and widows 3)."""
    from decisions.models import ProtocolNote

    item = MinuteItem.objects.get(meeting=held, number=13)
    text = [" ".join((WORDS * 10)[:filler + 1]), *["Stycke " + " ".join(WORDS * 3) for _ in range(14)]]
    MinuteItem.objects.filter(pk=item.pk).update(decision_text="\n\n".join(text))
    ProtocolNote.objects.create(item=item, text="Anteckningen förs till protokollet.")
    pages = page_flow(extract_html(minute_items_for_render().get(pk=item.pk)))
    assert len(pages) >= 2
    for page, following in itertools.pairwise(pages):
        tag, element, lines = page[-1]
        assert tag in ("p", "li"), "a heading ends the page"
        if following[0][1] == element:  # the paragraph goes on over the break
            assert lines >= 3 and following[0][2] >= 3, (lines, following[0][2])
