"""Loading reference data (the municipality, its bodies, parties and people),
and recording the meetings the bodies hold, each change with its event."""

import datetime
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.utils.text import Truncator
from django.utils.translation import gettext as _

from lib.errors import DomainError
from organisation.models import (
    Attendance,
    Body,
    LayoutChange,
    Meeting,
    MeetingEvent,
    MinuteLayout,
    Municipality,
    Party,
    Person,
)
from organisation.selectors import attendee_line


@transaction.atomic
def sync_reference_data(data: dict) -> Municipality:
    """Create or update the reference data in `data` (the layout of
    cases/huddinge-organisation.json). Running it twice changes nothing."""
    municipality, _ = Municipality.objects.update_or_create(
        name=data["name"], defaults={
            "case_prefix": data.get("case_prefix", "KS"),
            "contact_email": data.get("contact_email", ""),
            "contact_phone": data.get("contact_phone", ""),
        }
    )
    layouts = {}
    for layout in data.get("layouts", []):
        layouts[layout["name"]], _ = MinuteLayout.objects.update_or_create(
            municipality=municipality, name=layout["name"], defaults={"sections": layout["sections"]})
    municipality.minute_layout = layouts.get(data.get("minute_layout"))
    municipality.save(update_fields=["minute_layout"])
    for change in data.get("layout_changes", []):
        LayoutChange.objects.update_or_create(
            municipality=municipality, starts_on=datetime.date.fromisoformat(change["starts_on"]),
            defaults={"layout": layouts[change["layout"]]},
        )
    parties = {}
    for party in data.get("parties", []):
        parties[party["abbreviation"]], _ = Party.objects.update_or_create(
            abbreviation=party["abbreviation"], defaults={"name": party["name"]}
        )
    bodies = {}
    # Parents first: a body names its parent by name.
    for body in sorted(data.get("bodies", []), key=lambda b: bool(b.get("parent"))):
        bodies[body["name"]], _ = Body.objects.update_or_create(
            municipality=municipality, name=body["name"],
            defaults={
                "short_name": body.get("short_name", ""),
                "kind": body["kind"],
                "parent": bodies.get(body.get("parent")),
                "genitive": body["genitive"],
                "decision_subject": body["decision_subject"],
            },
        )
    for person in data.get("people", []):
        Person.objects.update_or_create(
            municipality=municipality, name=person["name"],
            defaults={"party": parties.get(person.get("party")) if person.get("party") else None},
        )
    return municipality


def _line(value) -> str:
    return " ".join(str(value).split()) if value is not None else ""


def record_meeting_event(meeting: Meeting, *, kind: str, by, description: str = "", from_value="",
                         to_value="", reason: str = "") -> MeetingEvent:
    """Record a change to the meeting. Call inside the transaction that makes
    the change, so that the change and its record stand or fall together."""
    return MeetingEvent.objects.create(
        meeting=meeting, kind=kind, recorded_by=by, description=Truncator(_line(description)).chars(500),
        from_value=_line(from_value), to_value=_line(to_value), reason=reason.strip(),
    )


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
            meeting = Meeting.objects.create(body=body, date=on, starts_at=starts_at, place=place.strip())
    except IntegrityError:  # recorded at the same moment by someone else
        raise taken from None
    when = f"{on:%Y-%m-%d}" + (f" kl. {starts_at:%H.%M}" if starts_at else "")
    record_meeting_event(meeting, kind=MeetingEvent.Kind.SCHEDULED, by=by,
                         to_value=", ".join(part for part in (when, meeting.place) if part))
    return meeting


@transaction.atomic
def meeting_on(body: Body, date: datetime.date, *, place: str = "", by) -> Meeting:
    """The body's meeting on `date`, recorded when it is not yet. A place is
    filled in when the meeting has none, unless its minutes are signed."""
    meeting = Meeting.objects.filter(body=body, date=date).first()
    if meeting is None:
        try:
            return schedule_meeting(body, on=date, place=place, by=by)
        except DomainError:  # recorded at the same moment by someone else
            meeting = Meeting.objects.get(body=body, date=date)
    place = place.strip()
    if place and not meeting.place and not meeting.is_signed:
        meeting = Meeting.objects.select_for_update(of=("self",)).get(pk=meeting.pk)
        if not meeting.place and not meeting.is_signed:
            meeting.place = place
            meeting.save(update_fields=["place"])
            record_meeting_event(meeting, kind=MeetingEvent.Kind.DETAILS_CHANGED, by=by,
                                 description="Plats", to_value=place)
    return meeting


# --- A meeting's details and attendance -----------------------------------

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


def check_times(starts_at: datetime.time | None, ends_at: datetime.time | None) -> None:
    if starts_at and ends_at and ends_at <= starts_at:
        raise DomainError(_("Sammanträdet kan inte sluta (%(end)s) innan det börjar (%(start)s).")
                          % {"end": f"{ends_at:%H.%M}", "start": f"{starts_at:%H.%M}"}, field="ends_at")


@transaction.atomic
def update_meeting(meeting: Meeting, *, starts_at: datetime.time | None, ends_at: datetime.time | None,
                   place: str, kept_at: str, by) -> Meeting:
    """The meeting's time, place and where its minutes are kept."""
    meeting = lock_meeting(meeting)
    check_times(starts_at, ends_at)
    before = _details(meeting)
    meeting.starts_at, meeting.ends_at = starts_at, ends_at
    meeting.place, meeting.kept_at = place.strip(), kept_at.strip()
    after = _details(meeting)
    changed = [label for label in after if after[label] != before[label]]
    if changed:
        meeting.save(update_fields=["starts_at", "ends_at", "place", "kept_at"])
        record_meeting_event(
            meeting, kind=MeetingEvent.Kind.DETAILS_CHANGED, by=by, description=", ".join(changed),
            from_value="; ".join(f"{label}: {before[label] or '–'}" for label in changed),
            to_value="; ".join(f"{label}: {after[label] or '–'}" for label in changed),
        )
    return meeting


def _details(meeting: Meeting) -> dict[str, str]:
    """The meeting's details as its history shows them (in Swedish, as recorded)."""
    def time(value):
        return f"{value:%H.%M}" if value else ""
    return {"Början": time(meeting.starts_at), "Slut": time(meeting.ends_at), "Plats": meeting.place,
            "Förvaras": meeting.kept_at}


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
    before = _roll(meeting.attendance.select_related("person", "party", "replaces"))
    meeting.attendance.all().delete()
    created = Attendance.objects.bulk_create(
        Attendance(meeting=meeting, position=position, person=row.person, party=row.person.party,
                   role=row.role, replaces=row.replaces, duty=row.duty, title=row.title.strip(), signs=row.signs)
        for position, row in enumerate(rows, start=1)
    )
    record_meeting_event(meeting, kind=MeetingEvent.Kind.ATTENDANCE_RECORDED, by=by,
                         description=f"{len(rows)} personer", from_value=before, to_value=_roll(created))
    return created


def _roll(attendance) -> str:
    """The attendance list in one line, each as the minutes name them, with
    who does not serve and who signs: "Anna Berg (S), ordförande; Bo Ek (M), justerare"."""
    def one(row):
        line = attendee_line(row)
        if row.role == Attendance.Role.NOT_SERVING:
            line += ", ej tjänstgörande"
        return line + ", justerare" if row.signs else line
    return "; ".join(one(row) for row in attendance)
