"""The lists people work through (cases, referrals, meetings): ordered by a
column header they click, and exported, with the page's filter and order, to
a file for Excel.

The order and the export are asked for in the page's own query string
(`ordning=-filed`, `format=csv`), so that an export needs exactly the access,
the filter and the order of the page it is taken from.
"""

import csv
import datetime
import tempfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from django.db.models import F
from django.http import FileResponse, QueryDict, StreamingHttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _

SORT = "ordning"
FORMAT = "format"
PAGE = "sida"
FORMATS = ("csv", "xlsx")

# Rows fetched from the database at a time while an export is written.
CHUNK = 500


# --- Order ---------------------------------------------------------------

@dataclass(frozen=True)
class SortKey:
    """A column the list can be ordered by: the fields (or expressions) that
    order it ascending; `latest_first` for dates, whose first click shows the
    latest. `empty_last` for a column that may be empty: its empty values go
    last either way. Without it (a column never empty) the ORDER BY is plain, so
    that an index in either direction serves it (PostgreSQL's DESC puts empty
    values first, and an index must match)."""

    fields: tuple
    latest_first: bool = False
    empty_last: bool = True


@dataclass(frozen=True)
class Header:
    """A column header as the template draws it: a link that orders the list
    by the column (or turns the order round), and `aria_sort` on the column
    the list is ordered by."""

    url: str
    aria_sort: str  # "ascending", "descending" or "" (not ordered by this column)


class Sorting:
    """The order a list is shown in, read from the query string; an unknown
    value gives the list's default order."""

    def __init__(self, keys: dict[str, SortKey], default: str, params: QueryDict):
        self.keys = keys
        self.params = params
        raw = params.get(SORT, "")
        name = raw.removeprefix("-")
        if name not in keys:
            raw, name = default, default.removeprefix("-")
        self.key = name
        self.descending = raw.startswith("-")

    @property
    def value(self) -> str:
        return f"-{self.key}" if self.descending else self.key

    def order_by(self) -> list:
        """The ORDER BY, ending in the primary key so that pages do not overlap."""
        key, exprs = self.keys[self.key], []
        nulls_last = True if key.empty_last else None
        for field in key.fields:
            expr = F(field) if isinstance(field, str) else field
            exprs.append(expr.desc(nulls_last=nulls_last) if self.descending else expr.asc(nulls_last=nulls_last))
        return [*exprs, F("pk").desc() if self.descending else F("pk").asc()]

    @property
    def headers(self) -> dict[str, Header]:
        headers = {}
        for name, key in self.keys.items():
            if name == self.key:
                value = name if self.descending else f"-{name}"
                aria = "descending" if self.descending else "ascending"
            else:
                value = f"-{name}" if key.latest_first else name
                aria = ""
            params = self.params.copy()
            params.pop(PAGE, None)
            params.pop(FORMAT, None)
            params[SORT] = value
            headers[name] = Header(url=f"?{params.urlencode()}", aria_sort=aria)
        return headers


def page_query(params: QueryDict) -> str:
    """The query string of the page without its page number: for the
    pagination's and the export's links."""
    params = params.copy()
    params.pop(PAGE, None)
    params.pop(FORMAT, None)
    return params.urlencode()


# --- Export --------------------------------------------------------------

@dataclass(frozen=True)
class Column:
    """A column of an export: its header (Swedish, as the page's), how to read
    its value from a row, and its width in characters in the workbook."""

    header: str
    value: Callable[[Any], Any]
    width: int = 14


def export_format(params: QueryDict) -> str | None:
    """The export the query string asks for, None for the page itself."""
    value = params.get(FORMAT)
    return value if value in FORMATS else None


def _text(value) -> str:
    """A value as Swedish Excel reads it from CSV: dates as ISO dates."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return _("Ja") if value else _("Nej")
    if isinstance(value, datetime.datetime):
        return f"{timezone.localtime(value):%Y-%m-%d %H:%M}"
    if isinstance(value, datetime.date):
        return value.isoformat()
    return _guarded(value) if isinstance(value, str) else str(value)


def _guarded(text: str) -> str:
    """Text that would start a formula in a spreadsheet (=, +, -, @) is
    written with a leading apostrophe, so that a title typed as "=HYPERLINK(…)"
    stays text (CSV injection)."""
    return f"'{text}" if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


class _Echo:
    """A file-like object whose write returns the line: csv.writer without a buffer."""

    def write(self, value):
        return value


def csv_response(filename: str, columns: list[Column], rows: Iterable) -> StreamingHttpResponse:
    """A CSV file that Swedish Excel opens as it is: UTF-8 with a byte order
    mark, semicolons between the values, one header row, dates as ÅÅÅÅ-MM-DD.
    Streamed a row at a time."""
    writer = csv.writer(_Echo(), delimiter=";", lineterminator="\r\n")

    def lines():
        yield "\ufeff" + writer.writerow([column.header for column in columns])
        for row in rows:
            yield writer.writerow([_text(column.value(row)) for column in columns])

    response = StreamingHttpResponse(lines(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}.csv"'
    return response


def xlsx_response(filename: str, columns: list[Column], rows: Iterable, *, title: str) -> FileResponse:
    """An Excel workbook of one sheet: a bold, frozen header row with a filter,
    the columns' widths, dates as dates. openpyxl's write-only mode keeps one
    row in memory at a time; the workbook is written to a temporary file that
    the response streams and then closes."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=title[:31])
    for index, column in enumerate(columns, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = column.width
    sheet.freeze_panes = "A2"
    bold = Font(bold=True)

    def cell(value, *, header=False):
        if isinstance(value, datetime.datetime):
            value = timezone.localtime(value).replace(tzinfo=None)
        elif isinstance(value, bool):
            value = _("Ja") if value else _("Nej")
        elif value is not None and not isinstance(value, int | float | datetime.date):
            # A control character (a vertical tab pasted from Word) is not allowed in a workbook: a space.
            value = ILLEGAL_CHARACTERS_RE.sub(" ", str(value))
        result = WriteOnlyCell(sheet, value=value)
        if isinstance(value, str):
            result.data_type = "s"  # text, never a formula
        if header:
            result.font = bold
        elif isinstance(value, datetime.datetime):
            result.number_format = "yyyy-mm-dd hh:mm"
        elif isinstance(value, datetime.date):
            result.number_format = "yyyy-mm-dd"
        return result

    sheet.append([cell(column.header, header=True) for column in columns])
    count = 0
    for row in rows:
        sheet.append([cell(column.value(row)) for column in columns])
        count += 1
    sheet.auto_filter.ref = f"A1:{get_column_letter(len(columns))}{count + 1}"
    file = tempfile.TemporaryFile()
    workbook.save(file)
    file.seek(0)
    return FileResponse(
        file, as_attachment=True, filename=f"{filename}.xlsx",
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )


def export_response(fmt: str, *, filename: str, title: str, columns: list[Column], rows) -> Any:
    """The list as a CSV file or a workbook. `rows` is a queryset (read in
    chunks, its prefetches included) or any iterable."""
    if hasattr(rows, "iterator"):
        rows = rows.iterator(chunk_size=CHUNK)
    filename = f"{filename}-{timezone.localdate():%Y-%m-%d}"
    if fmt == "xlsx":
        return xlsx_response(filename, columns, rows, title=title)
    return csv_response(filename, columns, rows)
