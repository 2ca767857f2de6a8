"""The lists people work through (cases, referrals, meetings): ordered by a
column header they click, and exported, with the page's filter and order, to
a file for Excel.

The order and the export are asked for in the page's own query string
(`ordning=-filed`, `format=csv`), so that an export needs exactly the access,
the filter and the order of the page it is taken from.
"""

import csv
import datetime
import json
import tempfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import EmptyResultSet
from django.db import connections
from django.db.models import F, Q
from django.http import FileResponse, QueryDict, StreamingHttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _

SORT = "ordning"
FORMAT = "format"
PAGE = "sida"
# The row a page starts after (the next page) or ends before (the previous one): see keyset_page.
AFTER = "efter"
BEFORE = "fore"
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
        # Whether the order was asked for: a search is otherwise ordered by its best match.
        self.chosen = name in keys
        if not self.chosen:
            raw, name = default, default.removeprefix("-")
        self.key = name
        self.descending = raw.startswith("-")

    @property
    def value(self) -> str:
        return f"-{self.key}" if self.descending else self.key

    def _exprs(self) -> list:
        """The order's expressions, ending in the primary key."""
        return [*(F(field) if isinstance(field, str) else field for field in self.keys[self.key].fields), F("pk")]

    def order_by(self, *, nulls_last: bool = True) -> list:
        """The ORDER BY, ending in the primary key so that pages do not overlap.
        Without `nulls_last` (for columns that are never empty) the order is the
        one a plain index on the columns is read in, forwards or backwards."""
        exprs = []
        *fields, pk = self._exprs()
        # A column that is never empty (SortKey.empty_last off) orders as its index is read.
        nulls_last = nulls_last and self.keys[self.key].empty_last
        for expr in fields:
            if nulls_last:
                exprs.append(expr.desc(nulls_last=True) if self.descending else expr.asc(nulls_last=True))
            else:
                exprs.append(expr.desc() if self.descending else expr.asc())
        return [*exprs, pk.desc() if self.descending else pk.asc()]

    def beyond(self, queryset, pk, *, backwards: bool = False):
        """`queryset` in this order from the row after the one whose primary key
        is `pk` (`backwards`: the rows before it, nearest first); None when there
        is no such row. The order's columns must never be empty.

        (a, b, pk) after (x, y, p) in a descending order is a < x, or a = x and b < y,
        or a = x and b = y and pk < p; the leading a <= x lets an index on the order's
        columns start at the row and read on."""
        exprs = self._exprs()
        names = [f"_keyset_{index}" for index in range(len(exprs))]
        aliases = dict(zip(names, exprs, strict=True))
        values = (queryset.model._default_manager.filter(pk=pk).annotate(**aliases)
                  .values_list(*names).first())
        if values is None:
            return None
        smaller = self.descending != backwards  # the rows wanted have smaller values than the row's
        less, less_or_equal = ("lt", "lte") if smaller else ("gt", "gte")
        beyond = Q()
        for index, (name, value) in enumerate(zip(names, values, strict=True)):
            equal = Q(**dict(zip(names[:index], values[:index], strict=True)))
            beyond |= equal & Q(**{f"{name}__{less}": value})
        return (queryset.alias(**aliases).filter(Q(**{f"{names[0]}__{less_or_equal}": values[0]}), beyond)
                .order_by(*(expr.desc() if smaller else expr.asc() for expr in exprs)))

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
            for other in (PAGE, AFTER, BEFORE, FORMAT):
                params.pop(other, None)
            params[SORT] = value
            headers[name] = Header(url=f"?{params.urlencode()}", aria_sort=aria)
        return headers


def page_query(params: QueryDict) -> str:
    """The query string of the page without its page number: for the
    pagination's and the export's links."""
    params = params.copy()
    for name in (PAGE, AFTER, BEFORE, FORMAT):
        params.pop(name, None)
    return params.urlencode()


# --- Pages ---------------------------------------------------------------

PER_PAGE = 25
# A page asked for by its number alone (a bookmark, a link typed by hand) is read by
# its offset, as far as this page: the database reads every row before an offset.
MAX_OFFSET_PAGE = 40
# Matches counted exactly up to this many; above it the database's estimate is shown.
EXACT_COUNT_UP_TO = 1000


@dataclass(frozen=True)
class Count:
    """How many rows a list has, or about how many (`estimated`)."""

    value: int
    estimated: bool


def count_rows(queryset, *, exact_up_to: int = EXACT_COUNT_UP_TO) -> Count:
    """The rows of `queryset`, counted up to `exact_up_to`; above that, on
    PostgreSQL, the planner's estimate (EXPLAIN), which reads no rows: a count of a
    million rows reads a million rows, and the page only needs to say "about".
    Two queries on PostgreSQL whatever the number, so that a page's queries do not
    grow with the list. SQLite, which keeps no estimate, counts in one."""
    rows = queryset.order_by().values("pk")
    connection = connections[rows.db]
    if connection.vendor != "postgresql":
        return Count(rows.count(), estimated=False)
    try:
        sql, params = rows.query.sql_with_params()
    except EmptyResultSet:  # a filter that matches nothing, such as pk IN ()
        return Count(0, estimated=False)
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN (FORMAT JSON) {sql}", params)
        plan = cursor.fetchone()[0]
    plan = json.loads(plan) if isinstance(plan, str) else plan
    exact = rows[: exact_up_to + 1].count()
    if exact <= exact_up_to:
        return Count(exact, estimated=False)
    return Count(max(int(plan[0]["Plan"]["Plan Rows"]), exact), estimated=True)


def rounded(value: int) -> int:
    """An estimate to two significant figures: 123 456 as 120 000."""
    digits = len(str(value))
    return value if digits <= 2 else round(value, 2 - digits)


@dataclass(frozen=True)
class KeysetPage:
    """One page of a list, read from the row after (or before) a known row
    rather than from an offset, so that page 2,000 costs what page 1 does.
    `number` is carried in the links, to say where the reader is."""

    object_list: list
    number: int
    count: Count
    per_page: int
    next_query: str | None  # the next page's query string; None on the last page
    previous_query: str | None  # None on the first

    @property
    def num_pages(self) -> int:
        return max(1, -(-self.count.value // self.per_page))

    @property
    def shown_count(self) -> int:
        """The count as the page says it: an estimate rounded, "cirka 120 000"."""
        return rounded(self.count.value) if self.count.estimated else self.count.value

    @property
    def has_other_pages(self) -> bool:
        return self.next_query is not None or self.previous_query is not None


def _whole(value: str | None) -> int | None:
    return int(value) if value and value.isdigit() and len(value) <= 18 else None


def keyset_page(queryset, sorting: Sorting, params: QueryDict, *, per_page: int = PER_PAGE,
                count: Count | None = None, ordered: bool = False) -> KeysetPage:
    """The page of `queryset` (in `sorting`'s order) that the query string asks
    for: after the row `efter`, before the row `fore`, or the page `sida` by its
    offset as far as MAX_OFFSET_PAGE (the first page beyond that). `ordered`:
    the queryset keeps its own order (a search's rank), paged by offset only.
    `count`: the rows' count_rows, when the caller has it already."""
    number = max(1, _whole(params.get(PAGE)) or 1)
    after, before = (None, None) if ordered else (_whole(params.get(AFTER)), _whole(params.get(BEFORE)))
    rows, backwards = None, False
    if after or before:
        backwards = not after
        rows = sorting.beyond(queryset, after or before, backwards=backwards)
    if rows is None:  # no cursor, or a row no longer in the list: by the page's number
        backwards, after = False, None
        number = min(number, MAX_OFFSET_PAGE)
        start = (number - 1) * per_page
        if not ordered:
            queryset = queryset.order_by(*sorting.order_by(nulls_last=False))
        rows = queryset[start: start + per_page + 1]
    else:
        rows = rows[: per_page + 1]
    rows = list(rows)
    more = len(rows) > per_page
    rows = rows[:per_page]
    if backwards:
        rows.reverse()
    has_next = (not backwards and more) or (backwards and bool(rows))
    has_previous = (backwards and more) or (not backwards and (after is not None or number > 1))
    base = page_query(params)

    def link(**values) -> str:
        extra = QueryDict(mutable=True)
        extra.update({name: str(value) for name, value in values.items()})
        return "&".join(part for part in (base, extra.urlencode()) if part)

    if ordered:
        has_next = more and number < MAX_OFFSET_PAGE
        next_query = link(**{PAGE: number + 1}) if has_next else None
        previous_query = (link(**{PAGE: number - 1}) if number > 2 else base) if number > 1 else None
    else:
        next_query = link(**{AFTER: rows[-1].pk, PAGE: number + 1}) if has_next and rows else None
        previous_query = None
        if has_previous:
            # The first page has no cursor, so that it is the same whichever way it is reached.
            previous_query = link(**{BEFORE: rows[0].pk, PAGE: number - 1}) if number > 2 and rows else base
    return KeysetPage(rows, number, count or count_rows(queryset), per_page, next_query, previous_query)


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
