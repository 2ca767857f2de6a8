"""The documents anyone can read (the protocol, an extract, the notice of
signing, the twice-yearly report) are tagged PDF/A (PDF/A-3a): their structure
tree, read back with pypdf, has the headings in order, the decision's
att-clauses as a list, a roll-call as a table with its headers, the document's
language and title, and leaves the running header and footer out."""

import datetime
import itertools
import re
import subprocess

import pytest

from decisions.documents import extract_html, meeting_for_render, notice_html, protocol_html
from decisions.models import MinuteItem
from decisions.selectors.minutes import minute_items_for_render
from decisions.services.meetings import add_other_matter, record_other_matter
from decisions.services.paragraphs import BallotRecord, MinuteRecord, VoteRecord, replace_record
from decisions.services.signing import sign_minutes
from lib.pdf import html_to_pdf
from organisation.models import Meeting, Person
from organisation.services import record_attendance, update_meeting
from reminders.report import report_html
from tests.conftest import d
from tests.support.meetings import KSAU, full_attendance
from tests.support.shared_data import shared_fixture
from tests.support.tagged_pdf import Element, TaggedPdf, is_true, read_tagged

CLAUSES = ["att anse motionen besvarad", "att uppdra åt socialnämnden att följa upp avhopparverksamheten"]
VOTERS = [("Anna Berglund", "yes"), ("Erik Sandberg", "yes"), ("Lena Holm", "no"), ("Karin Dahl", "yes")]


@shared_fixture("shared_tagged_documents", after="shared_seed_case")
def shared_tagged_documents(shared_huddinge):
    """The seed case's working committee meeting (2022-01-25) with its attendance, § 12 the case decided
    in att-clauses after a roll-call, § 13 another matter; signed. Each public document rendered once."""
    from tests.conftest import _user

    def person(name):
        return Person.objects.get(municipality=shared_huddinge, name=name)

    registrar = _user("registrator")
    meeting = Meeting.objects.get(body__municipality=shared_huddinge, body__name=KSAU, date=d("2022-01-25"))
    update_meeting(meeting, starts_at=datetime.time(13), ends_at=datetime.time(15, 30), place="Huddinge kommunhus",
                   kept_at="Kommunstyrelsens förvaltning", by=registrar)
    record_attendance(meeting, full_attendance(person), by=registrar)
    ballots = tuple(BallotRecord(person(name), choice, replaces=person("Johan Ek") if name == "Karin Dahl" else None)
                    for name, choice in VOTERS)
    vote = VoteRecord(question="Bifall till arbetsutskottets förslag", yes_for="arbetsutskottets förslag",
                      no_for="Lena Holms yrkande", result="",
                      ballots=ballots)
    replace_record(MinuteItem.objects.get(meeting=meeting, number=12),
                   MinuteRecord(votes=[vote], decision_clauses=CLAUSES, distribution=["Socialnämnden"]),
                   by=registrar)
    record_other_matter(add_other_matter(meeting, title="Anmälningsärenden", by=registrar),
                        decision_text="Anmälningsärendena läggs till handlingarna.", by=registrar)
    sign_minutes(meeting_for_render(meeting.pk), signed_on=d("2022-01-27"), by=registrar)
    meeting = meeting_for_render(meeting.pk)
    case_item = minute_items_for_render().get(meeting=meeting, number=12)
    htmls = {"protocol": protocol_html(meeting), "extract": extract_html(case_item), "notice": notice_html(meeting),
             "report": report_html(d("2021-06-01"))}
    pdfs = {kind: html_to_pdf(html).content for kind, html in htmls.items()}
    return {kind: (htmls[kind], pdfs[kind], read_tagged(pdfs[kind])) for kind in htmls}


@pytest.fixture
def documents(seed_case, shared_tagged_documents) -> dict[str, tuple[str, bytes]]:
    """Each document's HTML and PDF."""
    return {kind: (html, pdf) for kind, (html, pdf, _) in shared_tagged_documents.items()}


@pytest.fixture
def tagged(seed_case, shared_tagged_documents) -> dict[str, TaggedPdf]:
    """Each document's PDF as read back."""
    return {kind: pdf for kind, (_, _, pdf) in shared_tagged_documents.items()}


def heading_levels_in_order(headings: list[tuple[str, str]]) -> bool:
    """The first heading is an H1 and none goes more than one level deeper than the one before it."""
    levels = [int(tag[1]) for tag, _ in headings]
    return bool(levels) and levels[0] == 1 and all(b <= a + 1 for a, b in itertools.pairwise(levels))


def cell_ids(row: Element) -> list[str]:
    return [cell.id for cell in row.children if cell.tag == "TH"]


# --- every public document --------------------------------------------------------------------

@pytest.mark.parametrize("kind", ["protocol", "extract", "notice", "report"])
def test_every_public_document_is_tagged_pdf_a_in_swedish_with_its_title(documents, tagged, kind):
    html, _ = documents[kind]
    pdf: TaggedPdf = tagged[kind]
    assert is_true(pdf.catalog["/MarkInfo"]["/Marked"])
    assert pdf.root.tag == "Document"
    assert pdf.catalog["/Lang"] == "sv" and '<html lang="sv">' in html
    # Still archival: PDF/A-3, now of conformance level A (accessible: tagged, Unicode).
    assert re.search(r"pdfaid:part(=\"|>)3", pdf.xmp), pdf.xmp
    assert re.search(r"pdfaid:conformance(=\"|>)A", pdf.xmp), pdf.xmp
    (title,) = re.findall(r"<title>(.*?)</title>", html, re.S)
    assert pdf.info["/Title"] == " ".join(title.split())
    assert is_true(pdf.catalog["/ViewerPreferences"]["/DisplayDocTitle"])  # a reader shows the title, not the file name
    assert heading_levels_in_order(pdf.headings), pdf.headings


@pytest.mark.parametrize("kind", ["protocol", "extract", "notice"])
def test_the_running_header_and_footer_stay_out_of_the_reading_order(documents, tagged, kind, tmp_path):
    """On every page, but not read on every page: the page's header (the kind of document, its
    paragraph) and its foot ("Sida 1 av 3") are drawn in the page margins, outside the structure tree."""
    html, pdf = documents[kind]
    (header_kind,) = re.findall(r'<td class="kind right">([^<]+)', html)
    running = [header_kind, "Sida 1 av"]
    path = tmp_path / "document.pdf"
    path.write_bytes(pdf)
    printed = " ".join(subprocess.run(["pdftotext", str(path), "-"], check=True, capture_output=True,
                                      text=True).stdout.split())
    read = tagged[kind].root.text
    assert all(text in printed for text in running), printed
    assert not any(text in read for text in running), read


# --- the protocol ------------------------------------------------------------------------------

def test_the_protocols_headings_are_the_body_then_each_paragraph_its_parts_and_annexes(tagged):
    headings = tagged["protocol"].headings
    assert headings[0] == ("H1", KSAU)
    assert [tag for tag, _ in headings].count("H1") == 1
    paragraphs = [text for tag, text in headings if tag == "H2"]
    assert paragraphs == [
        "§ 12 Dnr KS-2021/345 Inför en avhopparverksamhet för ett tryggare Huddinge - svar på motion väckt av "
        "Nujin Alacabek (V)",
        "§ 13 Anmälningsärenden",
        "Bilaga 1 – Omröstningslista § 12",
    ]
    parts_of_12 = [text for tag, text in headings[headings.index(("H2", paragraphs[0])) + 1:
                                                  headings.index(("H2", paragraphs[1]))]]
    assert parts_of_12[0] == "Kommunstyrelsens arbetsutskotts beslut" and "Propositioner" in parts_of_12
    assert all(tag == "H3" for tag, text in headings if text in parts_of_12)


def test_the_protocols_front_page_is_a_table_of_facts_with_row_headers(tagged):
    front = tagged["protocol"].root.all("Table")[0]
    headers = [cell.text for cell in front.all("TH")]
    assert headers[:2] == ["Plats och tid", "Beslutande"] and "Justerare" in headers
    beslutande = next(row for row in front.all("TR") if row.children[0].text == "Beslutande")
    assert "Anna Berglund (M), ordförande" in beslutande.children[1].text
    header_id = beslutande.children[0].id
    assert header_id in [str(ref) for ref in beslutande.children[1].attributes["/Headers"]]


def test_the_att_clauses_of_a_decision_are_items_of_a_list_after_its_lead(tagged):
    for kind in ("protocol", "extract"):
        document = tagged[kind].root
        (decision_list,) = [element for element in document.all("L") if "att anse motionen besvarad" in element.text]
        items = [item.text for item in decision_list.children]
        assert [child.tag for child in decision_list.children] == ["LI", "LI"]
        assert items == ["att anse motionen besvarad,",
                         "att uppdra åt socialnämnden att följa upp avhopparverksamheten."], items
        assert all(item.children[0].tag == "LBody" for item in decision_list.children)
        paragraphs = [element.text for element in document.all("P")]
        assert "Arbetsutskottet beslutar" in paragraphs  # the lead is a paragraph before the list
        # The distribution, a line each, is a list too.
        assert any(element.text == "Socialnämnden" for element in document.all("LI")), kind


def test_a_roll_call_is_a_table_captioned_by_the_proposition_with_column_and_row_headers(tagged):
    for kind in ("protocol", "extract"):
        (table,) = [table for table in tagged[kind].root.all("Table") if "Ledamot" in table.text]
        (caption,) = table.all("Caption")
        assert caption.text == ("Följande propositionsordning godkänns: ja-röst för arbetsutskottets förslag, "
                                "nej-röst för Lena Holms yrkande.")
        (head,) = table.all("THead")
        assert [cell.text for cell in head.all("TH")] == ["Ledamot", "Ja", "Nej", "Avstår"]
        columns = cell_ids(head.all("TR")[0])
        (body,) = table.all("TBody")
        rows = body.all("TR")
        assert [row.children[0].text for row in rows] == [
            "Anna Berglund (M)", "Erik Sandberg (S)", "Lena Holm (L)", "Karin Dahl (S), ersättare för Johan Ek"]
        lena = rows[2]
        assert [cell.tag for cell in lena.children] == ["TH", "TD", "TD", "TD"]
        assert [cell.text for cell in lena.children[1:]] == ["", "X", ""]
        # The cross under "Nej" is labelled by its row's name and its column's header.
        assert [str(ref) for ref in lena.children[2].attributes["/Headers"]] == [lena.children[0].id, columns[2]]
        (foot,) = table.all("TFoot")
        assert [cell.text for cell in foot.all("TH", "TD")] == ["Summa", "3", "1", "0"]


# --- the extract, the notice and the report --------------------------------------------------------------

def test_the_extracts_heading_is_the_paragraphs_title_with_its_parts_and_annex_below(tagged):
    headings = tagged["extract"].headings
    assert headings[0] == ("H1", "Inför en avhopparverksamhet för ett tryggare Huddinge - svar på motion väckt av "
                                 "Nujin Alacabek (V)")
    assert [tag for tag, _ in headings].count("H1") == 1
    assert ("H2", "Kommunstyrelsens arbetsutskotts beslut") in headings
    assert headings[-1] == ("H2", "Bilaga 1 – Omröstningslista § 12")


def test_the_notice_is_its_heading_and_a_table_of_dates_with_row_headers(tagged):
    notice = tagged["notice"]
    # The rules for appealing under the dates (decisions.appeal_rules).
    assert notice.headings == [("H1", "Bevis om justering"), ("H2", "Så överklagar du beslutet")]
    facts = notice.root.all("Table")[0]
    rows = {row.children[0].text: row.children[1].text for row in facts.all("TR")}
    assert [cell.tag for cell in facts.all("TR")[0].children] == ["TH", "TD"]
    assert rows["Datum för justering"] == "2022-01-27" and rows["Organ"] == KSAU


def test_the_reports_table_has_column_headers(tagged):
    report = tagged["report"]
    assert report.headings == [("H1", "Redovisning av motioner som inte beretts färdigt")]
    (table,) = report.root.all("Table")
    assert [cell.text for cell in table.all("THead")[0].all("TH")][:3] == ["Dnr", "Motion", "Motionärer"]
    (row,) = table.all("TBody")[0].all("TR")
    assert row.children[0].text == "KS-2021/345"
