"""A case's rules and derived facts, each declared once.

The case page, the case list's filters, the meeting pages, the services, the
reminders and the report to the council all ask here, so that they agree on
every day and for every organisation's path of preparation
(tests/motions/test_rules.py holds them to it).
"""

import datetime
from dataclasses import dataclass

from django.db.models import F, OuterRef, Q, Subquery
from django.db.models.functions import ExtractDay, ExtractMonth, ExtractYear
from django.db.models.lookups import GreaterThan, LessThanOrEqual
from django.utils.translation import gettext as _

from motions.models import CLOSED, TRANSITIONS, MotionEvent, Status
from organisation.models import Body, Municipality

# --- The path of preparation ----------------------------------------------

# The kinds of body along a path of preparation, in order: the board's
# preparing committee (where the organisation has one), the board, the council.
PATH_KINDS = (Body.Kind.WORKING_COMMITTEE, Body.Kind.EXECUTIVE_BOARD, Body.Kind.COUNCIL)

# The statuses in which a prepared case waits for a meeting on the path.
WAITING = (Status.PREPARED, Status.WORKING_COMMITTEE, Status.BOARD)


@dataclass(frozen=True)
class PreparationPath:
    """The bodies that prepare and decide an organisation's motions
    (Municipality.preparing_committee): the board's preparing committee, or
    None where the board prepares directly; the board; the council."""

    committee: Body | None
    board: Body | None
    council: Body | None

    @property
    def bodies(self) -> list[Body]:
        """The path in order: committee → board → council, or board → council."""
        return [body for body in (self.committee, self.board, self.council) if body is not None]

    @property
    def statuses(self) -> list[str]:
        """Every status a case of the organisation can have, in Status's order:
        without "handled by the preparing committee" where there is none."""
        return [status for status in Status.values
                if status != Status.WORKING_COMMITTEE or self.committee is not None]

    def allows(self, current: str, to: str) -> bool:
        """TRANSITIONS on this path: a prepared case goes to the preparing
        committee where there is one, to the board where there is none."""
        if to not in TRANSITIONS[current]:
            return False
        if to == Status.WORKING_COMMITTEE:
            return self.committee is not None
        return not (current == Status.PREPARED and to == Status.BOARD and self.committee is not None)

    def next_statuses(self, current: str) -> list[str]:
        """The statuses a case in `current` may go to on this path, in Status's order."""
        return [status for status in Status.values if self.allows(current, status)]

    def handler(self, status: str) -> Body | None:
        """The body whose meeting handles a case waiting in `status` next.
        (A case the committee handled before the organisation gave it up
        still goes to the board.)"""
        if status == Status.PREPARED:
            return self.committee or self.board
        if status == Status.WORKING_COMMITTEE:
            return self.board
        if status == Status.BOARD:
            return self.council
        return None

    def place_of(self, body: Body) -> str:
        """Which step of the path `body` takes, named by the kind of body that
        takes it (PATH_KINDS). A body off the path: its own kind, so that the
        step it would take is refused with the reason."""
        for place, on_path in zip(PATH_KINDS, (self.committee, self.board, self.council), strict=True):
            if on_path is not None and body == on_path:
                return place
        return body.kind

    def statuses_for(self, body: Body) -> list[str]:
        """The statuses of the cases that wait for a meeting of `body`."""
        return [status for status in WAITING if self.handler(status) == body]

    def label(self, status: str) -> str:
        """The status in the organisation's words: "Behandlad i kommunstyrelsens
        arbetsutskott", "Behandlad i regionstyrelsen"."""
        body = {Status.WORKING_COMMITTEE: self.committee, Status.BOARD: self.board}.get(status)
        if body is None:
            return str(Status(status).label)
        return _("Behandlad i %(body)s") % {"body": body.name_in_sentence}


def path_of(municipality: Municipality) -> PreparationPath:
    """The organisation's path of preparation, read in one query. A preparing
    committee of another organisation is not on the path."""
    return paths_of([municipality])[municipality.pk]


def paths_of(municipalities) -> dict[int, PreparationPath]:
    """The organisations' paths of preparation by their keys, read in one query."""
    committees = {municipality.pk: municipality.preparing_committee_id for municipality in municipalities}
    bodies = list(Body.objects.filter(
        Q(kind__in=(Body.Kind.EXECUTIVE_BOARD, Body.Kind.COUNCIL)) | Q(pk__in=[pk for pk in committees.values() if pk]),
        municipality_id__in=committees,
    ).order_by("id"))
    paths = {}
    for municipality_id, committee_id in committees.items():
        own = [body for body in bodies if body.municipality_id == municipality_id]

        def first(kind, own=own, committee_id=committee_id):  # as organisation.selectors.body_of_kind
            return next((body for body in own if body.kind == kind and body.pk != committee_id), None)

        paths[municipality_id] = PreparationPath(
            committee=next((body for body in own if body.pk == committee_id), None),
            board=first(Body.Kind.EXECUTIVE_BOARD), council=first(Body.Kind.COUNCIL))
    return paths


def preparation_path(municipality: Municipality) -> list[Body]:
    """The bodies a motion passes after it is prepared, in order: the
    preparing committee (if any), the board, the council."""
    return path_of(municipality).bodies


def handled_by(status: str, municipality: Municipality) -> Body | None:
    """The body of the organisation whose meeting handles a case in `status` next."""
    return path_of(municipality).handler(status)


def can_be_struck_off(status: str) -> bool:
    """The council may strike the case off (a withdrawn motion, or one not
    prepared in time, KL 5 kap. 35 §)."""
    return Status.STRUCK_OFF in TRANSITIONS[status]


def can_be_handled_by(status: str, body: Body, *, path: PreparationPath | None = None) -> bool:
    """Whether a meeting of `body` can give the case a paragraph of its own
    now: the case waits there, or the council strikes it off."""
    path = path or path_of(body.municipality)
    return path.handler(status) == body or (body == path.council and can_be_struck_off(status))


def statuses_handled_by(body: Body) -> list[str]:
    """The statuses of the cases that wait for a meeting of `body`."""
    return path_of(body.municipality).statuses_for(body)


def status_label(status: str, municipality: Municipality) -> str:
    """The status as the organisation's pages say it (see PreparationPath.label)."""
    return path_of(municipality).label(status)


def status_choices(municipality: Municipality | None) -> list[tuple[str, str]]:
    """The statuses a case of the organisation can have, with its labels, for
    a filter (None: every status, in the general words)."""
    if municipality is None:
        return [(value, str(label)) for value, label in Status.choices]
    path = path_of(municipality)
    return [(status, path.label(status)) for status in path.statuses]


# --- The one-year mark (KL 5 kap. 35 §) -----------------------------------

def one_year_mark(filed_on: datetime.date) -> datetime.date:
    """The council should decide within a year of filing: the same calendar
    date a year on (29 February falls on 28 February)."""
    try:
        return filed_on.replace(year=filed_on.year + 1)
    except ValueError:
        return filed_on.replace(year=filed_on.year + 1, day=28)


def days_to_one_year_mark(filed_on: datetime.date, day: datetime.date) -> int:
    """Days from `day` to the mark: 0 on the mark itself, negative past it."""
    return (one_year_mark(filed_on) - day).days


def is_past_one_year_mark(filed_on: datetime.date, day: datetime.date) -> bool:
    """On `day` the mark has passed: the case is over the one-year limit."""
    return day > one_year_mark(filed_on)


def past_one_year_mark(day: datetime.date) -> Q:
    """The database's version of is_past_one_year_mark, for a filter.

    The mark moves forwards with the filing day, so the cases past it on
    `day` are those filed before the first day whose mark has not passed."""
    first_not_past = day.replace(year=day.year - 1) if (day.month, day.day) != (2, 29) else datetime.date(
        day.year - 1, 3, 1)
    return Q(filed_on__lt=first_not_past)


def one_year_mark_within(first: datetime.date, last: datetime.date) -> Q:
    """The cases whose mark falls on `first` to `last` (both included), as a
    filter on the filing day: the mark moves forwards with it, so they are
    those filed on a run of days (none when no filing day has its mark there,
    as for 29 February alone)."""
    day = datetime.timedelta(days=1)
    earliest = _year_before(first)
    while one_year_mark(earliest) < first:
        earliest += day
    while one_year_mark(earliest - day) >= first:
        earliest -= day
    latest = _year_before(last)
    while one_year_mark(latest) > last:
        latest -= day
    while one_year_mark(latest + day) <= last:
        latest += day
    return Q(filed_on__gte=earliest, filed_on__lte=latest)


def _year_before(day: datetime.date) -> datetime.date:
    return day.replace(year=day.year - 1) if (day.month, day.day) != (2, 29) else datetime.date(day.year - 1, 2, 28)


def _day_number(field: str):
    """A date column as the number YYYYMMDD."""
    return ExtractYear(field) * 10_000 + ExtractMonth(field) * 100 + ExtractDay(field)


def _past_mark_by(field: str):
    """How far the day in `field` is past the case's one-year mark, in YYYYMMDD numbers: more than
    10000 above the filing day's number is past it. The mark is the same month and day a year on, and
    filed on 29 February, 28 February: the year after a leap year has no 29 February, and
    0228 <= 0229 < 0301."""
    return _day_number(field) - _day_number("filed_on")


def past_one_year_mark_on(field: str) -> Q:
    """is_past_one_year_mark(filed_on, the day in `field`) for each row, as a filter comparing two of
    its columns (past_one_year_mark compares the filing day with one day for every row)."""
    return Q(GreaterThan(_past_mark_by(field), 10_000))


def within_one_year_mark_on(field: str) -> Q:
    """The day in `field` is not past the case's one-year mark (past_one_year_mark_on's opposite)."""
    return Q(LessThanOrEqual(_past_mark_by(field), 10_000))


# --- A case's timeline ----------------------------------------------------

def status_on(events, day: datetime.date) -> str | None:
    """The status at the end of `day`, from the events in timeline order
    (None: not filed by then). Only the events that changed the status count:
    one that kept it (an answer, a document, a new case officer) may be dated
    after a step recorded later with an earlier date, and says nothing of it."""
    status = None
    for event in events:
        if event.occurred_on <= day and event.to_status != event.from_status:
            status = event.to_status
    return status


def decided_on(events) -> datetime.date | None:
    """The day the council closed the case, from its events (None: open)."""
    return next((event.occurred_on for event in reversed(list(events))
                 if event.to_status in CLOSED and event.from_status not in CLOSED), None)


def decided_on_in_database(motion: str = "pk"):
    """decided_on as the database reads it, for each motion of a queryset (`motion`: the motion's
    key or relation as an OuterRef names it): an annotation."""
    return Subquery(MotionEvent.objects.filter(motion=OuterRef(motion), to_status__in=sorted(CLOSED))
                    .exclude(from_status__in=sorted(CLOSED)).order_by("-occurred_on", "-id")
                    .values("occurred_on")[:1])


def is_open_on(events, day: datetime.date) -> bool:
    """Filed by `day` and not decided by then."""
    status = status_on(events, day)
    return status is not None and status not in CLOSED


# --- The database's versions of the timeline's facts, for counting ------------

def decided_on_column() -> F:
    """decided_on as a column, for the closed cases (status in CLOSED): no step changes a closed
    case's status, so the day it was set (status_since) is the day the council closed the case."""
    return F("status_since")


def decided_within_one_year() -> Q:
    """Closed, and decided on or before the one-year mark."""
    return Q(status__in=CLOSED) & within_one_year_mark_on("status_since")


def decided_after_one_year() -> Q:
    """Closed, and decided after the one-year mark."""
    return Q(status__in=CLOSED) & past_one_year_mark_on("status_since")
