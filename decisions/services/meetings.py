"""Running a meeting: its details, attendance and agenda, and the § numbers.

Every change to a meeting goes through `lock_meeting`: once the minutes are
signed, the meeting, its items and their decisions are the official record."""

import datetime
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.db.models import Max, Q
from django.utils.translation import gettext as _

from decisions.models import AgendaItem, Decision, MinuteItem
from decisions.selectors.case_steps import can_be_handled_at
from lib.errors import DomainError
from organisation.models import Attendance, Body, Meeting, Person


def check_open(meeting: Meeting) -> None:
    """Refuse any change to a meeting whose minutes are signed."""
    if meeting.signed_on is not None:
        raise DomainError(
            _("Protokollet från %(meeting)s justerades %(on)s och kan inte längre ändras.")
            % {"meeting": meeting, "on": meeting.signed_on.isoformat()},
            field="meeting",
        )


def lock_meeting(meeting: Meeting) -> Meeting:
    """The meeting's row, locked and re-read, checked to be still open."""
    # Only the meeting's row: the body's row is the numbering lock (lock_numbering).
    meeting = Meeting.objects.select_for_update(of=("self",)).select_related("body__municipality").get(pk=meeting.pk)
    check_open(meeting)
    return meeting


@transaction.atomic
def schedule_meeting(body: Body, *, on: datetime.date, starts_at: datetime.time | None = None, place: str = "",
                     by) -> Meeting:
    """Record a meeting the body is to hold (or has held)."""
    taken = DomainError(_("%(body)s har redan ett sammanträde %(on)s.") % {"body": body, "on": on.isoformat()},
                        field="date")
    if Meeting.objects.filter(body=body, date=on).exists():
        raise taken
    try:
        with transaction.atomic():
            return Meeting.objects.create(body=body, date=on, starts_at=starts_at, place=place.strip())
    except IntegrityError:  # recorded at the same moment by someone else
        raise taken from None


@transaction.atomic
def update_meeting(meeting: Meeting, *, starts_at: datetime.time | None, ends_at: datetime.time | None,
                   place: str, kept_at: str, by) -> Meeting:
    """The meeting's time, place and where its minutes are kept."""
    meeting = lock_meeting(meeting)
    if starts_at and ends_at and ends_at <= starts_at:
        raise DomainError(_("Sammanträdet kan inte sluta (%(end)s) innan det börjar (%(start)s).")
                          % {"end": f"{ends_at:%H.%M}", "start": f"{starts_at:%H.%M}"}, field="ends_at")
    meeting.starts_at, meeting.ends_at = starts_at, ends_at
    meeting.place, meeting.kept_at = place.strip(), kept_at.strip()
    meeting.save(update_fields=["starts_at", "ends_at", "place", "kept_at"])
    return meeting


@dataclass(frozen=True)
class AttendanceRecord:
    person: Person
    role: str
    replaces: Person | None = None
    duty: str = ""
    title: str = ""
    signs: bool = False


@transaction.atomic
def record_attendance(meeting: Meeting, rows: list[AttendanceRecord], *, by) -> list[Attendance]:
    """Replace the meeting's attendance list with `rows`, in their order."""
    meeting = lock_meeting(meeting)
    municipality = meeting.body.municipality
    seen = set()
    for index, row in enumerate(rows):
        for someone in (row.person, row.replaces):
            if someone is not None and someone.municipality_id != municipality.pk:
                raise DomainError(_("%(name)s hör inte till %(municipality)s.")
                                  % {"name": someone, "municipality": municipality}, field="attendance", index=index)
        if row.person.pk in seen:
            raise DomainError(_("%(name)s står två gånger i närvarolistan.") % {"name": row.person},
                              field="attendance", index=index)
        seen.add(row.person.pk)
        if row.role not in Attendance.Role.values:
            raise DomainError(_("Okänd roll %(role)r.") % {"role": row.role}, field="attendance", index=index)
        serving = row.role in Attendance.SERVING
        if row.role == Attendance.Role.SUBSTITUTE and row.replaces is None:
            raise DomainError(_("Ange vem ersättaren %(name)s tjänstgör för.") % {"name": row.person},
                              field="attendance", index=index)
        if row.role != Attendance.Role.SUBSTITUTE and row.replaces is not None:
            raise DomainError(_("Bara en tjänstgörande ersättare ersätter någon (%(name)s).") % {"name": row.person},
                              field="attendance", index=index)
        if row.replaces is not None and row.replaces.pk == row.person.pk:
            raise DomainError(_("%(name)s kan inte ersätta sig själv.") % {"name": row.person},
                              field="attendance", index=index)
        if row.signs and not serving:
            raise DomainError(_("Justerare ska vara tjänstgörande ledamot eller ersättare (%(name)s).")
                              % {"name": row.person}, field="attendance", index=index)
        if row.duty in {Attendance.Duty.CHAIR, Attendance.Duty.VICE_CHAIR} and not serving:
            raise DomainError(_("Ordföranden ska vara tjänstgörande (%(name)s).") % {"name": row.person},
                              field="attendance", index=index)
        if row.duty == Attendance.Duty.SECRETARY and row.role != Attendance.Role.OTHER:
            raise DomainError(_("Sekreteraren förs upp bland övriga närvarande (%(name)s).") % {"name": row.person},
                              field="attendance", index=index)
    serving_ids = {row.person.pk for row in rows if row.role in Attendance.SERVING}
    for index, row in enumerate(rows):
        if row.replaces is not None and row.replaces.pk in serving_ids:
            raise DomainError(_("%(absent)s tjänstgör själv och kan inte ersättas av %(name)s.")
                              % {"absent": row.replaces, "name": row.person}, field="attendance", index=index)
    for duty in (Attendance.Duty.CHAIR, Attendance.Duty.SECRETARY):
        if sum(row.duty == duty for row in rows) > 1:
            raise DomainError(_("Sammanträdet kan bara ha en %(duty)s.") % {"duty": str(duty.label).lower()},
                              field="attendance")
    meeting.attendance.all().delete()
    return Attendance.objects.bulk_create(
        Attendance(meeting=meeting, position=position, person=row.person, party=row.person.party,
                   role=row.role, replaces=row.replaces, duty=row.duty, title=row.title.strip(), signs=row.signs)
        for position, row in enumerate(rows, start=1)
    )


def _last_number(body: Body, year: int) -> int:
    """The body's highest § number this year, recorded or reserved on an agenda."""
    recorded = MinuteItem.objects.filter(body=body, year=year).aggregate(last=Max("number"))["last"]
    reserved = AgendaItem.objects.filter(
        meeting__body=body, meeting__date__year=year, number__isnull=False,
    ).aggregate(last=Max("number"))["last"]
    return max(recorded or 0, reserved or 0)


def lock_numbering(body: Body) -> Body:
    """Numbers are handed out one body at a time: the body's row is the lock."""
    return Body.objects.select_for_update().get(pk=body.pk)


def append_to_agenda(meeting: Meeting, *, motion=None, title: str = "") -> AgendaItem:
    """Add an item at the end of the agenda. The caller holds the meeting's lock."""
    last = meeting.agenda.aggregate(last=Max("position"))["last"] or 0
    return AgendaItem.objects.create(meeting=meeting, motion=motion, title=title.strip(), position=last + 1)


@transaction.atomic
def add_other_matter(meeting: Meeting, *, title: str, by) -> AgendaItem:
    """Put a matter that is not a motion on the agenda ("Val av justerare", "Information")."""
    meeting = lock_meeting(meeting)
    if not title.strip():
        raise DomainError(_("Ange punktens rubrik."), field="title")
    return append_to_agenda(meeting, title=title)


@transaction.atomic
def move_agenda_item(item: AgendaItem, *, up: bool, by) -> None:
    """Swap the item with its neighbour above (`up`) or below. Numbered items stay where they are."""
    meeting = lock_meeting(item.meeting)
    items = list(meeting.agenda.order_by("position"))
    index = next(i for i, other in enumerate(items) if other.pk == item.pk)
    other_index = index - 1 if up else index + 1
    if not 0 <= other_index < len(items):
        return
    item, other = items[index], items[other_index]
    if item.number or other.number:
        raise DomainError(_("Punkter som fått paragrafnummer kan inte flyttas."), field="agenda")
    # The positions are unique: park one while the other moves.
    a, b = item.position, other.position
    AgendaItem.objects.filter(pk=item.pk).update(position=0)
    AgendaItem.objects.filter(pk=other.pk).update(position=a)
    AgendaItem.objects.filter(pk=item.pk).update(position=b)


@transaction.atomic
def remove_agenda_item(item: AgendaItem, *, by) -> None:
    """Take an item off the agenda, before it has a § number."""
    lock_meeting(item.meeting)
    item = AgendaItem.objects.get(pk=item.pk)
    if item.number:
        raise DomainError(
            _("Punkten har fått § %(number)s och ska protokollföras, till exempel som bordlagd.")
            % {"number": item.number}, field="agenda")
    item.delete()


def _number_agenda(meeting: Meeting) -> list[AgendaItem]:
    body = lock_numbering(meeting.body)
    year = meeting.date.year
    unnumbered = list(meeting.agenda.filter(number__isnull=True).order_by("position"))
    if not unnumbered:
        return []
    later = (
        Meeting.objects.filter(body=body, date__year=year, date__gt=meeting.date)
        .filter(Q(agenda__number__isnull=False) | Q(items__isnull=False)).order_by("date").first()
    )
    if later is not None:
        raise DomainError(
            _("Paragraferna numreras i sammanträdenas ordning, och sammanträdet %(later)s har redan "
              "numrerats. Ange paragrafnumret för hand.") % {"later": later},
            field="number",
        )
    numbered = list(meeting.agenda.filter(number__isnull=False).order_by("position"))
    if numbered and numbered[-1].position > unnumbered[0].position:
        raise DomainError(_("Nya punkter läggs efter de numrerade."), field="agenda")
    start = _last_number(body, year)
    for offset, item in enumerate(unnumbered, start=1):
        item.number = start + offset
    AgendaItem.objects.bulk_update(unnumbered, ["number"])
    return unnumbered


@transaction.atomic
def number_agenda(meeting: Meeting, *, by) -> list[AgendaItem]:
    """Give every item on the agenda without a § number the body's next
    numbers for the year, in agenda order.

    Precondition: no later meeting of the body this year is numbered (the
    numbers follow the meetings' order). Returns the items numbered now.
    """
    meeting = lock_meeting(meeting)
    return _number_agenda(meeting)


# No body numbers this many paragraphs in a year; a larger number is a typing error.
MAX_NUMBER = 9999


def reserve_number(meeting: Meeting, agenda_item: AgendaItem, number: int | None) -> int:
    """The § number for the minute item of `agenda_item`: its reserved
    number, `number` if given (a paragraph recorded from older minutes), or the
    numbering of the agenda now. The caller holds the meeting's lock."""
    body = lock_numbering(meeting.body)
    year = meeting.date.year
    agenda_item.refresh_from_db()
    if number is None:
        if agenda_item.number is None:
            _number_agenda(meeting)
            agenda_item.refresh_from_db()
        return agenda_item.number
    if not 1 <= number <= MAX_NUMBER:
        raise DomainError(_("Paragrafnumret ska vara mellan 1 och %(max)s.") % {"max": MAX_NUMBER}, field="number")
    if agenda_item.number not in (None, number):
        raise DomainError(_("Punkten har redan § %(number)s; § %(asked)s kan den inte få.")
                          % {"number": agenda_item.number, "asked": number}, field="number")
    taken = (
        MinuteItem.objects.filter(body=body, year=year, number=number).exists()
        or AgendaItem.objects.filter(meeting__body=body, meeting__date__year=year, number=number)
        .exclude(pk=agenda_item.pk).exists()
    )
    if taken:
        raise DomainError(_("%(body)s har redan en § %(number)s år %(year)s.")
                          % {"body": body, "number": number, "year": year}, field="number")
    agenda_item.number = number
    agenda_item.save(update_fields=["number"])
    return number


@transaction.atomic
def record_other_matter(agenda_item: AgendaItem, *, decision_text: str, summary: str = "",
                        number: int | None = None, by) -> MinuteItem:
    """The paragraph of an agenda item that is not a motion's step: another
    matter, or a case that can no longer be handled here (withdrawn, or
    decided elsewhere since it was put on the agenda), recorded as, say,
    "Ärendet utgår" so that its reserved § number is not left empty."""
    meeting = lock_meeting(agenda_item.meeting)
    agenda_item = AgendaItem.objects.select_related("motion").get(pk=agenda_item.pk)
    heading = agenda_item.title
    if agenda_item.motion_id:
        if can_be_handled_at(agenda_item.motion, meeting):
            raise DomainError(_("Ärenden protokollförs från ärendets sida."), field="agenda")
        heading = f"{agenda_item.motion.title} ({agenda_item.motion.case_number})"
    if not decision_text.strip():
        raise DomainError(_("Skriv beslutet."), field="decision_text")
    if agenda_item.number and meeting.items.filter(number=agenda_item.number).exists():
        raise DomainError(_("Punkten är redan protokollförd."), field="agenda")
    number = reserve_number(meeting, agenda_item, number)
    return MinuteItem.objects.create(
        meeting=meeting, body=meeting.body, year=meeting.date.year, number=number,
        heading=heading, decision=Decision.OTHER, decision_text=decision_text.strip(),
        summary=summary.strip(),
    )
