"""A case file's meetings: their times, attendance, those leaving and
arriving during them, and minutes signed elsewhere. The first mention of a
meeting that carries one of these records it; a later mention (in the same
file, or of a meeting already in the register) must agree with what is
recorded, or leave it out."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _

from cases.casefile.validation import Node, call
from decisions.services.signing import record_imported_signing
from lib.jsonfile import max_length
from organisation.models import Attendance, AttendanceChange, Meeting
from organisation.services import (
    PARTY_NOW,
    AttendanceRecord,
    record_attendance,
    record_attendance_change,
    update_meeting,
)

MEETING_REQUIRED = {"body", "date"}


MEETING_OPTIONAL = {"place", "starts_at", "ends_at", "attendance", "attendance_changes", "signed"}


_ATTENDANCE_REQUIRED = {"name", "role"}


_ATTENDANCE_OPTIONAL = {"replaces", "duty", "title", "signs", "party"}


_CHANGE_REQUIRED = {"person", "kind", "from_paragraph"}


_CHANGE_OPTIONAL = {"at", "replaced_by"}


_SIGNED_REQUIRED = {"signed_on", "source"}


_SIGNED_OPTIONAL = {"posted_on", "appeal_until", "notice_removed_on", "kept_at"}


def record_details(resolver, node: Node, meeting: Meeting) -> Meeting:
    """Record the meeting's times, attendance and attendance changes given
    at `node`, where the meeting has none yet; refuse what differs from them."""
    meeting = _record_times(resolver, node, meeting)
    _record_attendance(resolver, node, meeting)
    _record_changes(resolver, node, meeting)
    return meeting


def _record_times(resolver, node: Node, meeting: Meeting) -> Meeting:
    given = {"starts_at": node.time("starts_at"), "ends_at": node.time("ends_at")}
    labels = {"starts_at": _("början"), "ends_at": _("slut")}
    new = False
    for key, value in given.items():
        current = getattr(meeting, key)
        if value is not None and current is not None and value != current:
            raise node.error(_("sammanträdet finns redan med %(what)s kl. %(time)s")
                             % {"what": labels[key], "time": f"{current:%H:%M}"}, key)
        new = new or (value is not None and current is None)
    if not new:
        return meeting
    return call(node, lambda: update_meeting(
        meeting, starts_at=given["starts_at"] or meeting.starts_at, ends_at=given["ends_at"] or meeting.ends_at,
        place=meeting.place, kept_at=meeting.kept_at, by=resolver.by))


def _record_attendance(resolver, node: Node, meeting: Meeting) -> None:
    rows = node.list("attendance")
    if not rows:
        return
    records, parties = [], []
    for row in rows:
        row.object(_ATTENDANCE_REQUIRED, _ATTENDANCE_OPTIONAL)
        person = resolver.named(row, "name")
        # Without "party": the person's party now.
        party = resolver.party(row) if "party" in row.value else PARTY_NOW
        records.append(AttendanceRecord(
            person=person, role=row.choice("role", Attendance.Role), replaces=resolver.named(row, "replaces"),
            duty=row.choice("duty", Attendance.Duty),
            title=row.str("title", max_length=max_length(Attendance, "title")),
            signs=row.bool("signs"), party=party,
        ))
        parties.append(party)
    existing = list(meeting.attendance.all())
    if existing:
        for index, row in enumerate(rows):
            stored = existing[index] if index < len(existing) else None
            record, party = records[index], parties[index]
            if stored is None or (stored.person_id, stored.role, stored.replaces_id, stored.duty, stored.title,
                                  stored.signs) != (record.person.pk, record.role, _pk(record.replaces), record.duty,
                                                    record.title.strip(), record.signs):
                raise row.error(_("skiljer sig från sammanträdets närvarolista, som redan är förd"))
            if party is not PARTY_NOW and stored.party_id != _pk(party):
                raise row.error(_("sammanträdets närvarolista är redan förd, med partiet %(party)s")
                                % {"party": stored.party or "–"}, "party")
        if len(existing) != len(rows):
            raise node.error(_("sammanträdets närvarolista är redan förd, med %(count)s personer")
                             % {"count": len(existing)}, "attendance")
        return
    call(node, lambda: record_attendance(meeting, records, by=resolver.by))


def _pk(value) -> int | None:
    return value.pk if value is not None else None


def _record_changes(resolver, node: Node, meeting: Meeting) -> None:
    nodes = node.list("attendance_changes")
    if not nodes:
        return
    changes = []
    for change in nodes:
        change.object(_CHANGE_REQUIRED, _CHANGE_OPTIONAL)
        changes.append({
            "person": resolver.named(change, "person"), "kind": change.choice("kind", AttendanceChange.Kind),
            "from_number": change.int("from_paragraph"), "at": change.time("at"),
            "replaced_by": resolver.named(change, "replaced_by"),
        })
    existing = list(meeting.attendance_changes.all())
    if existing:
        def key(person_id, kind, number, at, replaced_by_id):
            return (number, person_id, kind, at.isoformat() if at else "", replaced_by_id or 0)
        stored = sorted(key(c.person_id, c.kind, c.from_number, c.at, c.replaced_by_id) for c in existing)
        given = sorted(key(c["person"].pk, c["kind"], c["from_number"], c["at"], _pk(c["replaced_by"]))
                       for c in changes)
        if stored != given:
            raise node.error(_("skiljer sig från de ändringar av närvaron som redan är förda för sammanträdet"),
                             "attendance_changes")
        return
    for change, values in zip(nodes, changes, strict=True):
        call(change, lambda values=values: record_attendance_change(meeting, **values, by=resolver.by),
             keys={"from_number": "from_paragraph"})


@dataclass
class _Signing:
    meeting: Meeting
    node: Node  # the "signed" object of the meeting's first mention that has one
    values: dict[str, Any]


class Signings:
    """Minutes signed elsewhere, noted as the file's meetings are read and
    recorded once every step of the file has run: nothing can be added to
    signed minutes."""

    def __init__(self, *, by):
        self.by = by
        self.pending: dict[int, _Signing] = {}

    def note(self, node: Node, meeting: Meeting) -> None:
        signed = node.child("signed")
        if signed.value is None:
            return
        signed.object(_SIGNED_REQUIRED, _SIGNED_OPTIONAL)
        values = {
            "signed_on": signed.date("signed_on"), "posted_on": signed.date("posted_on"),
            "appeal_until": signed.date("appeal_until"), "notice_removed_on": signed.date("notice_removed_on"),
            "kept_at": signed.str("kept_at", max_length=max_length(Meeting, "kept_at")).strip(),
            "source": " ".join(signed.str("source", max_length=max_length(Meeting, "imported_from")).split()),
        }
        first = self.pending.get(meeting.pk)
        if first is not None:
            for key, value in values.items():
                if value != first.values[key]:
                    raise signed.error(_("skiljer sig från justeringen av samma sammanträde i %(path)s")
                                       % {"path": first.node.path}, key)
            return
        if meeting.is_signed:
            _check_agrees(signed, meeting, values)
            return
        self.pending[meeting.pk] = _Signing(meeting, signed, values)

    def record(self) -> None:
        for signing in sorted(self.pending.values(), key=lambda s: (s.meeting.date, s.meeting.pk)):
            call(signing.node, lambda s=signing: record_imported_signing(s.meeting, **s.values, by=self.by))
        self.pending.clear()


def _check_agrees(signed: Node, meeting: Meeting, values: dict[str, Any]) -> None:
    """Minutes already signed in the register: what the file gives of their
    signing must be what is recorded (a value it leaves out is not asked)."""
    stored = {"signed_on": meeting.signed_on, "posted_on": meeting.posted_on, "appeal_until": meeting.appeal_until,
              "notice_removed_on": meeting.notice_removed_on, "kept_at": meeting.kept_at,
              "source": meeting.imported_from}
    for key, value in values.items():
        # Minutes signed here are their own record: they were not brought from a source.
        if value in (None, "") or (key == "source" and not meeting.imported_from):
            continue
        if value != stored[key]:
            shown = stored[key].isoformat() if hasattr(stored[key], "isoformat") else stored[key]
            raise signed.error(_("protokollet är redan justerat %(on)s; registret har %(value)s")
                               % {"on": meeting.signed_on.isoformat(), "value": _quoted(shown)}, key)


def _quoted(value) -> str:
    return f"”{value}”" if value else "–"
