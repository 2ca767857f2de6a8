from lib.swedish import in_swedish
from organisation.models import Attendance, Body, Municipality


def home_municipality() -> Municipality | None:
    """The municipality this installation serves (the first one recorded)."""
    return Municipality.objects.order_by("id").first()


def body_of_kind(municipality_id: int, kind: str) -> Body | None:
    """The municipality's body of a kind: its council, its board, its working committee."""
    return Body.objects.filter(municipality_id=municipality_id, kind=kind).order_by("id").first()


def attendee_line(attendance: Attendance) -> str:
    """Someone at a meeting as the minutes name them: "Anna Berg (S), ordförande",
    "Bo Ek (M), ersätter Cia Dahl", "Dan Fors, kommundirektör" (in Swedish, always)."""
    person = attendance.person
    line = f"{person.name} ({attendance.party.abbreviation})" if attendance.party else person.name
    duty = in_swedish(Attendance.Duty(attendance.duty).label).lower() if attendance.duty else ""
    if attendance.duty in {Attendance.Duty.CHAIR, Attendance.Duty.VICE_CHAIR}:
        line += f", {duty}"
    if attendance.replaces:
        line += f", ersätter {attendance.replaces.name}"
    if attendance.role == Attendance.Role.OTHER and (attendance.title or duty):
        line += f", {attendance.title or duty}"
    return line
