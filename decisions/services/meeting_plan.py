"""The meeting plan (sammanträdesplan): the meetings each body is to hold,
entered one at a time on the plan page or imported from a file, and a planned
meeting taken off the plan while nothing is recorded at it.

The steps at a meeting (the agenda, a paragraph, a motion filed) name one of
these meetings; none of them makes a meeting of its own."""

import csv
import datetime
import io
import logging
from dataclasses import dataclass

from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from lib.errors import DomainError
from lib.forms import parse_date, parse_time
from lib.time_limits import FIRST_YEAR, LAST_YEAR
from organisation.models import Body, Meeting, Municipality
from organisation.services import lock_meeting, schedule_meeting

logger = logging.getLogger(__name__)


def held_at(meeting: Meeting) -> list[str]:
    """What is recorded at the meeting, in words: a meeting holding any of it
    stays in the plan."""
    agenda, items, present = meeting.agenda.count(), meeting.items.count(), meeting.attendance.count()
    changes, filed, documents = (meeting.attendance_changes.count(), meeting.filed_motions.count(),
                                 meeting.documents.count())
    held = [
        agenda and ngettext("%(n)s punkt på föredragningslistan", "%(n)s punkter på föredragningslistan", agenda),
        items and ngettext("%(n)s paragraf", "%(n)s paragrafer", items),
        present and ngettext("%(n)s närvarande", "%(n)s närvarande", present),
        changes and ngettext("%(n)s ändrad närvaro", "%(n)s ändringar i närvaron", changes),
        filed and ngettext("%(n)s motion väckt vid det", "%(n)s motioner väckta vid det", filed),
        documents and ngettext("%(n)s arkiverat dokument", "%(n)s arkiverade dokument", documents),
    ]
    counts = (agenda, items, present, changes, filed, documents)
    return [text % {"n": n} for text, n in zip(held, counts, strict=True) if n]


@transaction.atomic
def remove_planned_meeting(meeting: Meeting, *, by) -> None:
    """Take a meeting off the plan (moved to another day, cancelled).

    Refused once anything is recorded at it (an agenda, a paragraph, the
    attendance, a motion filed at it) or its minutes are signed: such a
    meeting is part of the record. The meeting and its history go with it.
    """
    meeting = lock_meeting(meeting)
    held = held_at(meeting)
    if held:
        raise DomainError(
            _("Sammanträdet %(meeting)s kan inte tas bort ur planen: där finns redan %(held)s.")
            % {"meeting": meeting, "held": ", ".join(held)}, field="meeting")
    # Nothing of the record goes with it; the application's log keeps who took it off.
    logger.info("Sammanträdet %s (id %s) togs bort ur planen av %s.", meeting, meeting.pk,
                by.get_username() if by is not None else "-")
    meeting.delete()


# --- Importing a plan from a file ----------------------------------------

# The columns of a plan file, by their heading in Swedish or English.
COLUMNS = {"organ": "body", "body": "body", "datum": "date", "date": "date", "tid": "time", "time": "time",
           "plats": "place", "place": "place"}


class MeetingPlanError(DomainError):
    """A plan file refused: every problem found, each naming its line."""

    def __init__(self, problems: list[str]):
        super().__init__(" ".join(problems), field="file")
        self.problems = problems


@dataclass(frozen=True)
class PlannedMeeting:
    body: Body
    on: datetime.date
    starts_at: datetime.time | None
    place: str


def read_meeting_plan(municipality: Municipality, text: str) -> list[PlannedMeeting]:
    """The meetings a plan file lists, checked against the organisation's
    bodies and the meetings already planned; a MeetingPlanError naming every
    problem with its line number when anything is wrong.

    The file is CSV with a heading line: organ, datum, tid, plats (or body,
    date, time, place), separated by semicolons (as Swedish Excel saves it)
    or commas; the time (13:00 or 13.00) and the place may be left empty.
    """
    text = text.lstrip("\ufeff")
    if "\x00" in text:
        raise MeetingPlanError([_("Filen innehåller ett otillåtet tecken (NUL) och är ingen CSV-fil.")])
    first = text.splitlines()[0] if text.strip() else ""
    reader = csv.reader(io.StringIO(text), delimiter=";" if first.count(";") >= first.count(",") else ",")
    try:
        rows = [(number, row) for number, row in enumerate(reader, start=1) if any(cell.strip() for cell in row)]
    except csv.Error as error:  # a field longer than any plan's, or a quote never closed
        raise MeetingPlanError([_("Rad %(n)s kan inte läsas som CSV (%(error)s).")
                                % {"n": reader.line_num, "error": error}]) from None
    if not rows:
        raise MeetingPlanError([_("Filen är tom: den ska ha en rubrikrad (organ;datum;tid;plats) och ett "
                                  "sammanträde per rad.")])
    heading_number, heading = rows[0]
    names = [COLUMNS.get(cell.strip().lower()) for cell in heading]
    missing = [column for column in ("body", "date") if column not in names]
    if missing or any(name is None for name in names) or len(set(names)) < len(names):
        raise MeetingPlanError([_("Rad %(n)s: rubrikraden ska vara organ;datum;tid;plats (tid och plats får "
                                  "utelämnas), inte ”%(heading)s”.") % {"n": heading_number,
                                                                      "heading": ";".join(heading)}])
    bodies = {}
    for body in Body.objects.filter(municipality=municipality):
        bodies[body.name.lower()] = body
        if body.short_name:
            bodies.setdefault(body.short_name.lower(), body)
    problems, planned = [], []
    seen: dict[tuple[int, datetime.date], int] = {}
    for number, row in rows[1:]:
        values = dict(zip(names, (cell.strip() for cell in row), strict=False))
        line = []
        if len(row) > len(names):
            line.append(_("raden har fler fält (%(fields)s) än rubrikraden (%(columns)s)")
                        % {"fields": len(row), "columns": len(names)})
        body = bodies.get(values.get("body", "").lower())
        if body is None:
            line.append(_("organet ”%(body)s” finns inte hos %(organisation)s")
                        % {"body": values.get("body", ""), "organisation": municipality})
        # Dates and times as the forms read them (lib.forms): 2027-02-03 or 3 februari 2027; 13.00, 13:00, 1300.
        on = parse_date(values.get("date", ""))
        if on is None or not FIRST_YEAR <= on.year <= LAST_YEAR:
            on = None
            line.append(_("datumet ”%(date)s” ska skrivas ÅÅÅÅ-MM-DD") % {"date": values.get("date", "")})
        starts_at = None
        if values.get("time"):
            starts_at = parse_time(values["time"])
            if starts_at is None:
                line.append(_("tiden ”%(time)s” ska skrivas TT:MM, till exempel 13:00") % {"time": values["time"]})
        place = " ".join(values.get("place", "").split())
        if len(place) > Meeting._meta.get_field("place").max_length:
            line.append(_("platsen är för lång (högst %(max)s tecken)")
                        % {"max": Meeting._meta.get_field("place").max_length})
        if body is not None and on is not None:
            if (body.pk, on) in seen:
                line.append(_("%(body)s %(on)s står redan på rad %(line)s")
                            % {"body": body, "on": on.isoformat(), "line": seen[body.pk, on]})
            elif Meeting.objects.filter(body=body, date=on).exists():
                line.append(_("%(body)s har redan ett sammanträde %(on)s") % {"body": body, "on": on.isoformat()})
            seen.setdefault((body.pk, on), number)
        if line:
            problems.append(_("Rad %(n)s: %(problems)s.") % {"n": number, "problems": "; ".join(line)})
        else:
            planned.append(PlannedMeeting(body, on, starts_at, place))
    if problems:
        raise MeetingPlanError(problems)
    if not planned:
        raise MeetingPlanError([_("Filen har inga sammanträden under rubrikraden.")])
    return planned


@transaction.atomic
def import_meeting_plan(municipality: Municipality, text: str, *, by) -> list[Meeting]:
    """Plan every meeting of a plan file (read_meeting_plan), or none: a
    file with any problem changes nothing. Each meeting's history records it."""
    return [schedule_meeting(m.body, on=m.on, starts_at=m.starts_at, place=m.place, by=by)
            for m in read_meeting_plan(municipality, text)]
