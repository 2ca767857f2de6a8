"""Recording the meetings the bodies hold, each change with its event. (The
organisation itself is loaded from an organisation file: organisation/orgfile.)"""

import datetime
import time
from dataclasses import dataclass

from django.core.cache import cache
from django.db import IntegrityError, transaction
from django.utils.text import Truncator
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from lib.errors import DomainError, Problems
from lib.sentences import Sentence, stored_texts
from organisation.models import Attendance, AttendanceChange, Body, Meeting, MeetingEvent, Party, Person
from organisation.selectors import REFERENCE_GENERATION, attendee_parts


def forget_reference_data() -> None:
    """The reference data changed (an organisation, a body, a person, a party): what
    was cached from it (organisation.selectors.reference_generation) is built again,
    once the change is committed."""
    transaction.on_commit(lambda: cache.set(REFERENCE_GENERATION, time.time_ns(), timeout=None))


def _line(value) -> str:
    return " ".join(str(value).split()) if value is not None else ""


def record_meeting_event(meeting: Meeting, *, kind: str, by, description: str | Sentence = "", from_value="",
                         to_value="", reason: str = "") -> MeetingEvent:
    """Record a change to the meeting. Call inside the transaction that makes
    the change, so that the change and its record stand or fall together.
    A text the system writes is a Sentence: kept in Swedish, shown in the reader's language."""
    texts = stored_texts(description=description, from_value=from_value, to_value=to_value)
    return MeetingEvent.objects.create(
        meeting=meeting, kind=kind, recorded_by=by, description=Truncator(_line(texts["description"])).chars(500),
        from_value=_line(texts["from_value"]), to_value=_line(texts["to_value"]), reason=reason.strip(),
        sentences=texts["sentences"],
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
            meeting = Meeting.objects.create(body=body, date=on, starts_at=starts_at, place=" ".join(place.split()))
    except IntegrityError:  # recorded at the same moment by someone else
        raise taken from None
    when = (Sentence(gettext_noop("%(date)s kl. %(time)s"), {"date": f"{on:%Y-%m-%d}", "time": f"{starts_at:%H.%M}"})
            if starts_at else f"{on:%Y-%m-%d}")
    record_meeting_event(meeting, kind=MeetingEvent.Kind.SCHEDULED, by=by,
                         to_value=Sentence("%(parts)s", {"parts": [part for part in (when, meeting.place) if part]}))
    return meeting


@transaction.atomic
def meeting_on(body: Body, date: datetime.date, *, place: str = "", by) -> Meeting:
    """The body's meeting on `date`, recorded when it is not yet. A place is
    filled in when the meeting has none, unless its minutes are signed.

    For the case-file import only, which brings over a record with its
    meetings; a form never makes a meeting from a typed date, it chooses one
    of the meeting plan's (decisions.services.meeting_plan)."""
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
                                 description=Sentence(gettext_noop("Plats")), to_value=place)
    return meeting


# --- A meeting's details and attendance -----------------------------------

def check_open(meeting: Meeting) -> None:
    """Refuse any change to a meeting whose minutes are signed, or out with
    their signatories to be signed."""
    if meeting.signed_on is not None:
        raise DomainError(
            _("Protokollet från %(meeting)s justerades %(on)s och kan inte längre ändras.")
            % {"meeting": meeting, "on": meeting.signed_on.isoformat()},
            field="meeting",
        )
    if meeting.out_for_signing_since is not None:
        raise DomainError(
            _("Protokollet från %(meeting)s är skickat till justerarna och kan inte ändras medan de justerar. "
              "Ta tillbaka det från justeringen för att ändra det.") % {"meeting": meeting},
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
    return write_details(lock_meeting(meeting), starts_at=starts_at, ends_at=ends_at, place=place, kept_at=kept_at,
                         by=by)


def write_details(meeting: Meeting, *, starts_at: datetime.time | None, ends_at: datetime.time | None,
                  place: str, kept_at: str, by) -> Meeting:
    """update_meeting on a meeting the caller has locked (lock_meeting): the
    changed details are saved and recorded as one event."""
    check_times(starts_at, ends_at)
    before = _details(meeting)
    meeting.starts_at, meeting.ends_at = starts_at, ends_at
    meeting.place, meeting.kept_at = place.strip(), kept_at.strip()
    after = _details(meeting)
    changed = [label for label in after if after[label] != before[label]]
    if changed:
        meeting.save(update_fields=["starts_at", "ends_at", "place", "kept_at"])
        def values(details):
            return Sentence("%(details)s", {"details": [
                Sentence("%(label)s: %(value)s", {"label": label, "value": details[label] or "–"}, labels=("label",))
                for label in changed]}, separator="; ")
        record_meeting_event(
            meeting, kind=MeetingEvent.Kind.DETAILS_CHANGED, by=by,
            description=Sentence("%(labels)s", {"labels": changed}, labels=("labels",)),
            from_value=values(before), to_value=values(after),
        )
    return meeting


def _details(meeting: Meeting) -> dict[str, str]:
    """The meeting's details as its history shows them (in Swedish, as recorded)."""
    def time(value):
        return f"{value:%H.%M}" if value else ""
    return {gettext_noop("Början"): time(meeting.starts_at), gettext_noop("Slut"): time(meeting.ends_at),
            gettext_noop("Plats"): meeting.place, gettext_noop("Förvaras"): meeting.kept_at}


PARTY_NOW = object()


@dataclass(frozen=True)
class AttendanceRecord:
    person: Person
    role: str
    replaces: Person | None = None
    duty: str = ""
    title: str = ""
    signs: bool = False
    # The party the person sat for; by default their party now (a case file
    # carrying older minutes gives the party of the day).
    party: Party | None | object = PARTY_NOW


@transaction.atomic
def record_attendance(meeting: Meeting, rows: list[AttendanceRecord], *, by) -> list[Attendance]:
    """Replace the meeting's attendance list with `rows`, in their order."""
    meeting = lock_meeting(meeting)
    municipality = meeting.body.municipality
    seen = set()

    def check_row(index: int, row: AttendanceRecord) -> None:
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

    # Every row's problem at once (the first of each row), so that the page shows them together.
    problems = Problems()
    for index, row in enumerate(rows):
        problems.check(check_row, index, row)
    serving_ids = {row.person.pk for row in rows if row.role in Attendance.SERVING}
    for index, row in enumerate(rows):
        if row.replaces is not None and row.replaces.pk in serving_ids:
            problems.add(DomainError(_("%(absent)s tjänstgör själv och kan inte ersättas av %(name)s.")
                                     % {"absent": row.replaces, "name": row.person}, field="attendance", index=index))
    for duty in (Attendance.Duty.CHAIR, Attendance.Duty.SECRETARY):
        if sum(row.duty == duty for row in rows) > 1:
            problems.add(DomainError(_("Sammanträdet kan bara ha en %(duty)s.") % {"duty": str(duty.label).lower()},
                                     field="attendance"))
    problems.raise_any()
    before = _roll(meeting.attendance.select_related("person", "party", "replaces"))
    meeting.attendance.all().delete()
    created = Attendance.objects.bulk_create(
        Attendance(meeting=meeting, position=position, person=row.person,
                   party=row.person.party if row.party is PARTY_NOW else row.party, role=row.role,
                   replaces=row.replaces, duty=row.duty, title=row.title.strip(), signs=row.signs)
        for position, row in enumerate(rows, start=1)
    )
    record_meeting_event(meeting, kind=MeetingEvent.Kind.ATTENDANCE_RECORDED, by=by,
                         description=Sentence(gettext_noop("%(n)s personer"), {"n": len(rows)}), from_value=before,
                         to_value=_roll(created))
    return created


def _roll(attendance) -> Sentence | str:
    """The attendance list in one line, each as the minutes name them
    (organisation.selectors.attendee_parts), with who does not serve and who
    signs: "Anna Berg (S), ordförande; Bo Ek (M), justerare". A sentence, so
    that the meeting's history shows the role words in the reader's language."""
    def one(row) -> Sentence:
        parts = attendee_parts(row)
        if row.role == Attendance.Role.NOT_SERVING:
            parts.append(Sentence(gettext_noop("ej tjänstgörande")))
        if row.signs:
            parts.append(Sentence(gettext_noop("justerare")))
        return Sentence("%(parts)s", {"parts": parts})
    rows = [one(row) for row in attendance]
    return Sentence("%(rows)s", {"rows": rows}, separator="; ") if rows else ""


@transaction.atomic
def record_attendance_change(meeting: Meeting, *, person: Person, kind: str, from_number: int,
                             at: datetime.time | None = None, replaced_by: Person | None = None,
                             by) -> AttendanceChange:
    """Record someone leaving or arriving during the meeting: from paragraph
    `from_number` on, who is present and who serves at each paragraph follows
    (decisions.selectors.meetings.present_at). `replaced_by` serves in the
    place of someone leaving, or served until someone arriving took over.

    Precondition: the attendance list is taken, and names both people (it
    lists everyone who was there at some point of the meeting)."""
    meeting = lock_meeting(meeting)
    if kind not in AttendanceChange.Kind.values:
        raise DomainError(_("Okänd ändring av närvaron %(kind)r; möjliga: %(choices)s.")
                          % {"kind": kind, "choices": ", ".join(AttendanceChange.Kind.values)}, field="kind")
    if from_number < 1:
        raise DomainError(_("Paragrafnumret ska vara minst 1."), field="from_number")
    listed = set(meeting.attendance.values_list("person_id", flat=True))
    if not listed:
        raise DomainError(_("Ta närvaron innan någon lämnar eller ankommer."), field="person")
    for someone, field in ((person, "person"), (replaced_by, "replaced_by")):
        if someone is not None and someone.pk not in listed:
            raise DomainError(_("%(name)s finns inte i sammanträdets närvarolista.") % {"name": someone},
                              field=field)
    if replaced_by is not None and replaced_by.pk == person.pk:
        raise DomainError(_("%(name)s kan inte ersätta sig själv.") % {"name": person}, field="replaced_by")
    if meeting.attendance_changes.filter(person=person, from_number=from_number).exists():
        raise DomainError(_("Närvaron för %(name)s ändras redan från § %(number)s.")
                          % {"name": person, "number": from_number}, field="from_number")
    change = AttendanceChange.objects.create(meeting=meeting, person=person, kind=kind, from_number=from_number,
                                             at=at, replaced_by=replaced_by)
    what = {AttendanceChange.Kind.LEAVES: gettext_noop("%(name)s lämnar sammanträdet"),
            AttendanceChange.Kind.ARRIVES: gettext_noop("%(name)s ankommer")}[kind]
    details = [Sentence(gettext_noop("från § %(number)s"), {"number": from_number}),
               *([Sentence(gettext_noop("kl. %(time)s"), {"time": f"{at:%H.%M}"})] if at else []),
               *([Sentence(gettext_noop("%(name)s tjänstgör i stället") if kind == AttendanceChange.Kind.LEAVES
                           else gettext_noop("avlöser %(name)s"), {"name": replaced_by.name})] if replaced_by else [])]
    record_meeting_event(meeting, kind=MeetingEvent.Kind.ATTENDANCE_RECORDED, by=by,
                         description=Sentence(what, {"name": person.name}),
                         to_value=Sentence("%(details)s", {"details": details}))
    return change
