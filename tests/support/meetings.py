"""Building meetings for the tests: agendas and attendance lists."""

import datetime

from decisions.models import AgendaItem
from decisions.services.case_steps import put_on_agenda
from decisions.services.meetings import add_other_matter
from motions.models import Motion
from organisation.models import Attendance, Meeting
from organisation.services import AttendanceRecord
from tests.conftest import d

KSAU = "Kommunstyrelsens arbetsutskott"
MEMBER, SUBSTITUTE = Attendance.Role.MEMBER, Attendance.Role.SUBSTITUTE
NOT_SERVING, OTHER = Attendance.Role.NOT_SERVING, Attendance.Role.OTHER
CHAIR, SECRETARY = Attendance.Duty.CHAIR, Attendance.Duty.SECRETARY


# What a notice of signing states of a meeting, for signing one planned without them.
NOTICE = {"starts_at": datetime.time(13), "place": "Huddinge kommunhus", "kept_at": "Kommunstyrelsens förvaltning"}


def planned(body, day: str | datetime.date) -> Meeting:
    """The body's meeting on `day` in the meeting plan, planned now if it is not there yet."""
    return Meeting.objects.get_or_create(body=body, date=d(day) if isinstance(day, str) else day)[0]


def on_agenda(ksau, registrar, day: str, *entries) -> tuple[Meeting, list[AgendaItem]]:
    """Put `entries` (motions, or titles of other matters) on the agenda of the working committee's meeting on `day`."""
    items = []
    for entry in entries:
        if isinstance(entry, Motion):
            items.append(put_on_agenda(entry, meeting=planned(ksau, day), by=registrar))
        else:
            meeting = Meeting.objects.get_or_create(body=ksau, date=d(day))[0]
            items.append(add_other_matter(meeting, title=entry, by=registrar))
    return Meeting.objects.get(body=ksau, date=d(day)), items


def full_attendance(person) -> list[AttendanceRecord]:
    return [
        AttendanceRecord(person("Anna Berglund"), MEMBER, duty=CHAIR),
        AttendanceRecord(person("Erik Sandberg"), MEMBER, signs=True),
        AttendanceRecord(person("Lena Holm"), MEMBER),
        AttendanceRecord(person("Karin Dahl"), SUBSTITUTE, replaces=person("Johan Ek")),
        AttendanceRecord(person("Maria Lind"), NOT_SERVING),
        AttendanceRecord(person("Helena Strand"), OTHER, duty=SECRETARY, title="nämndsekreterare"),
        AttendanceRecord(person("Olof Wikström"), OTHER, title="kommundirektör"),
    ]
