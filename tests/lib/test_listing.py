"""The lists' order from the query string, and their exports: CSV that Swedish
Excel opens as it is, and a real workbook."""

import datetime
import io

from django.http import QueryDict
from openpyxl import load_workbook

from lib.listing import Column, Sorting, SortKey, csv_response, page_query, xlsx_response

KEYS = {"title": SortKey(("title",)), "filed": SortKey(("filed_on",), latest_first=True)}
COLUMNS = [Column("Diarienummer", lambda r: r[0], 16), Column("Rubrik", lambda r: r[1], 60),
           Column("Väckt", lambda r: r[2], 12), Column("Remisser", lambda r: r[3], 10)]
ROWS = [("KS-2021/345", "Inför en avhopparverksamhet; för ett tryggare Huddinge", datetime.date(2021, 3, 15), 5),
        ("KS-2024/7", "=HYPERLINK(\"http://x\") – Åsa, Örjan och Ängby", None, 0)]


def test_the_default_order_and_an_unknown_value():
    for query in ("", "ordning=lost", "ordning=-"):
        sorting = Sorting(KEYS, "-filed", QueryDict(query))
        assert (sorting.key, sorting.descending, sorting.value) == ("filed", True, "-filed")
    assert [str(e) for e in Sorting(KEYS, "-filed", QueryDict("ordning=title")).order_by()] == [
        str(e) for e in Sorting(KEYS, "title", QueryDict()).order_by()]


def test_a_header_turns_its_own_order_round_and_keeps_the_filters_but_not_the_page():
    headers = Sorting(KEYS, "-filed", QueryDict("q=park&sida=3&format=csv&ordning=title")).headers
    assert headers["title"].aria_sort == "ascending"
    assert headers["title"].url == "?q=park&ordning=-title"
    # Another column: no aria-sort; a date column starts with the latest.
    assert headers["filed"].aria_sort == ""
    assert headers["filed"].url == "?q=park&ordning=-filed"
    assert Sorting(KEYS, "-filed", QueryDict("ordning=-title")).headers["title"].aria_sort == "descending"
    assert page_query(QueryDict("q=park&sida=3&format=xlsx&ordning=title")) == "q=park&ordning=title"


def test_csv_is_utf8_with_a_bom_semicolons_iso_dates_and_one_header_row():
    data = b"".join(csv_response("motioner", COLUMNS, ROWS).streaming_content)
    assert data.startswith(b"\xef\xbb\xbf")
    lines = data.decode("utf-8-sig").split("\r\n")
    assert lines[0] == "Diarienummer;Rubrik;Väckt;Remisser"
    # A value with a semicolon is quoted; dates are ÅÅÅÅ-MM-DD.
    assert lines[1] == 'KS-2021/345;"Inför en avhopparverksamhet; för ett tryggare Huddinge";2021-03-15;5'
    # Swedish letters intact; a value that would be a formula stays text; nothing for no date.
    assert lines[2] == "KS-2024/7;\"'=HYPERLINK(\"\"http://x\"\") – Åsa, Örjan och Ängby\";;0"
    assert lines[3:] == [""]


def test_csv_is_streamed_not_built_as_one_string():
    response = csv_response("motioner", COLUMNS, iter(ROWS))
    assert response.streaming
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="motioner.csv"'


def test_xlsx_is_a_workbook_with_a_bold_header_widths_and_dates_as_dates():
    response = xlsx_response("motioner", COLUMNS, ROWS, title="Motioner")
    assert response["Content-Disposition"] == 'attachment; filename="motioner.xlsx"'
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    assert sheet.title == "Motioner"
    assert [cell.value for cell in sheet[1]] == ["Diarienummer", "Rubrik", "Väckt", "Remisser"]
    assert all(cell.font.b for cell in sheet[1])
    assert sheet.freeze_panes == "A2" and sheet.auto_filter.ref == "A1:D3"
    assert sheet.column_dimensions["B"].width == 60
    assert sheet["C2"].value == datetime.datetime(2021, 3, 15) and sheet["C2"].number_format == "yyyy-mm-dd"
    assert sheet["D2"].value == 5
    # Text, never a formula, and Swedish letters intact.
    assert sheet["B3"].data_type == "s" and sheet["B3"].value.startswith("=HYPERLINK") and "Örjan" in sheet["B3"].value


def test_a_control_character_in_a_value_does_not_break_the_workbook():
    rows = [("KS-2024/8", "Sessionssalen\x0bvåning 2\x01", None, 1)]
    sheet = load_workbook(io.BytesIO(b"".join(xlsx_response("m", COLUMNS, rows, title="M").streaming_content))).active
    assert sheet["B2"].value == "Sessionssalen våning 2 "
