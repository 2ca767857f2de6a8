"""The lists' parameters (OParl 1.1, 2.5): the filters on when an object was made and changed,
the page size a client asks for, and where a page starts. A value that cannot be read is refused
with a 400 naming the parameter, never guessed at and never a 500."""

import datetime
import re
from dataclasses import dataclass

from django.http import QueryDict
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from lib.forms import parse_id

CREATED_SINCE, CREATED_UNTIL = "created_since", "created_until"
MODIFIED_SINCE, MODIFIED_UNTIL = "modified_since", "modified_until"
FILTERS = (CREATED_SINCE, CREATED_UNTIL, MODIFIED_SINCE, MODIFIED_UNTIL)
PER_PAGE = "elementsPerPage"
AFTER = "after"

DEFAULT_PER_PAGE = 25  # as the case list: a client may ask for up to MAX_PER_PAGE
MAX_PER_PAGE = 100

# "…T00:00:00+01:00" sent without encoding its plus, which a query string reads as a space.
_SPACE_FOR_PLUS = re.compile(r"(T\d\d:\d\d(?::\d\d(?:\.\d+)?)?) (\d\d:?\d\d)$")
_DATE = re.compile(r"^\d{4}-\d\d-\d\d$")
# A page's start: the last object of the page before, by its id (and, in a list of several
# kinds of rows, the kind's letter before it: "d12").
_CURSOR = re.compile(r"^([a-z]?)(\d{1,19})$")


class ParameterError(Exception):
    """A parameter whose value cannot be read: answered 400, naming it."""

    def __init__(self, parameter: str, message: str):
        super().__init__(message)
        self.parameter = parameter
        self.message = message


@dataclass(frozen=True)
class Window:
    """From when to when (both included, either open), as a filter's two parameters give it."""

    since: datetime.datetime | None = None
    until: datetime.datetime | None = None

    def __bool__(self) -> bool:
        return self.since is not None or self.until is not None

    def holds(self, moment: datetime.datetime) -> bool:
        """Whether `moment` is in the window, as the filters compare it: to the second, as it is shown."""
        moment = moment.replace(microsecond=0)
        return (self.since is None or moment >= self.since) and (self.until is None or moment <= self.until)


@dataclass(frozen=True)
class ListParams:
    created: Window
    modified: Window
    per_page: int
    after: tuple[str, int] | None  # (the kind's letter or "", the id)
    given_per_page: bool  # asked for, so the next page's link asks for it too

    def query(self, after: str | None = None) -> str:
        """The query string of a page of the same list: the filters as given, in one fixed order
        (OParl asks for one canonical form of every URL), the page size, the start."""
        params = QueryDict(mutable=True)
        for name, window, end in ((CREATED_SINCE, self.created, "since"), (CREATED_UNTIL, self.created, "until"),
                                  (MODIFIED_SINCE, self.modified, "since"),
                                  (MODIFIED_UNTIL, self.modified, "until")):
            value = getattr(window, end)
            if value is not None:
                params[name] = timezone.localtime(value).isoformat()
        if self.given_per_page:
            params[PER_PAGE] = str(self.per_page)
        if after:
            params[AFTER] = after
        return params.urlencode()


def parse_moment(name: str, value: str) -> datetime.datetime:
    """A date-time with its offset (OParl's form), or without (Swedish time), or a date (its first
    moment in Swedish time); cut to the second, as the objects' times are shown."""
    text = _SPACE_FOR_PLUS.sub(r"\1+\2", value.strip())
    try:
        if _DATE.match(text):
            moment = datetime.datetime.combine(datetime.date.fromisoformat(text), datetime.time())
        else:
            moment = parse_datetime(text)
    except ValueError:  # the right form, but no such day or time (2021-02-30)
        moment = None
    if moment is None:
        raise ParameterError(name, f"Parametern {name} ska vara en tidpunkt som 2024-01-31T00:00:00+01:00, "
                                   f"inte {value[:40]!r}.")
    if timezone.is_naive(moment):
        moment = timezone.make_aware(moment)
    return moment.replace(microsecond=0)


def _window(params: QueryDict, since: str, until: str) -> Window:
    window = Window(*(parse_moment(name, params[name]) if params.get(name, "") != "" else None
                      for name in (since, until)))
    return window


def parse_list_params(params: QueryDict, *, kinds: str = "") -> ListParams:
    """The list's parameters. `kinds`: the letters of the list's kinds of rows, when it has more
    than one (its cursors start with one)."""
    for name in (*FILTERS, PER_PAGE, AFTER):
        if len(params.getlist(name)) > 1:
            raise ParameterError(name, f"Parametern {name} får bara anges en gång.")
    created = _window(params, CREATED_SINCE, CREATED_UNTIL)
    modified = _window(params, MODIFIED_SINCE, MODIFIED_UNTIL)
    per_page, given = DEFAULT_PER_PAGE, PER_PAGE in params
    if given:
        number = parse_id(params[PER_PAGE], maximum=10**6)
        if number is None:
            raise ParameterError(PER_PAGE, f"Parametern {PER_PAGE} ska vara ett positivt heltal.")
        # A client may not expect the server to keep to it (OParl 2.5): at most MAX_PER_PAGE.
        per_page = min(number, MAX_PER_PAGE)
    after = None
    if params.get(AFTER):
        after = parse_cursor(params[AFTER], kinds)
    return ListParams(created, modified, per_page, after, given)


def parse_cursor(value: str, kinds: str) -> tuple[str, int]:
    match = _CURSOR.match(value)
    number = parse_id(match.group(2)) if match else None
    kind = match.group(1) if match else ""
    known = kind != "" and kind in kinds if kinds else kind == ""
    if number is None or not known:
        raise ParameterError(AFTER, f"Parametern {AFTER} är inte en sida i listan; börja om från listans första sida.")
    return kind, number
