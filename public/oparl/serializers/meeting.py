"""oparl:Meeting: a meeting of a body, with its agenda, who served (once the minutes are public) and
the minutes' documents as kept at signing, and the signing, notice and appeal dates."""

import datetime

from django.utils import timezone

from decisions.access import minutes_public
from decisions.models import RenderedDocument
from organisation.models import Meeting
from public.oparl.common import Context, extended, iso_date, iso_datetime, oparl_object
from public.oparl.selectors.meetings import meeting_created, meeting_modified
from public.oparl.serializers.agenda_item import agenda_item
from public.oparl.serializers.file import minutes_document


def state(meeting: Meeting, today: datetime.date) -> str:
    """OParl's recommended words (Meeting.meetingState): planned, then from its agenda or its day
    until the minutes are signed, then held and signed."""
    if meeting.is_signed:
        return "durchgeführt"
    if meeting.date <= today or meeting.agenda_list:
        return "eingeladen"
    return "terminiert"


def _moment(day: datetime.date, time: datetime.time | None) -> datetime.datetime | None:
    return timezone.make_aware(datetime.datetime.combine(day, time)) if time is not None else None


def attendee(attendance, ctx: Context) -> dict:
    links = ctx.links
    return {
        "person": links.person(attendance.person_id),
        "name": attendance.person.name,
        "party": attendance.party.abbreviation if attendance.party_id else None,
        "role": attendance.role,
        "duty": attendance.duty or None,
        "replaces": links.person(attendance.replaces_id) if attendance.replaces_id else None,
        "replacesName": attendance.replaces.name if attendance.replaces_id else None,
        "title": attendance.title or None,
        "signs": attendance.signs,
    }


def attendance_change(change, ctx: Context) -> dict:
    links = ctx.links
    return {
        "person": links.person(change.person_id),
        "name": change.person.name,
        "change": change.kind,
        "fromParagraph": change.from_number,
        "at": f"{change.at:%H:%M}" if change.at else None,
        "replacedBy": links.person(change.replaced_by_id) if change.replaced_by_id else None,
        "replacedByName": change.replaced_by.name if change.replaced_by_id else None,
    }


def meeting(meeting: Meeting, paragraphs: dict, ctx: Context) -> dict:
    """`meeting`: read by selectors.meetings.meetings(); `paragraphs`: its agenda items' public
    paragraphs (selectors.meetings.paragraphs_of)."""
    links = ctx.links
    public = minutes_public(meeting)
    created = meeting_created(meeting, meeting)
    modified = meeting_modified(meeting, meeting, today=ctx.today)
    documents = {document.kind: document for document in meeting.public_documents}
    protocol = documents.get(RenderedDocument.Kind.PROTOCOL)
    notice = documents.get(RenderedDocument.Kind.NOTICE)
    attendance = meeting.attendance_list if public else []
    signed = meeting.is_signed
    obj = oparl_object(
        "Meeting", links.meeting(meeting.pk),
        name=f"{meeting.body.name} {meeting.date:%Y-%m-%d}",
        meetingState=state(meeting, ctx.today),
        start=iso_datetime(_moment(meeting.date, meeting.starts_at)),
        end=iso_datetime(_moment(meeting.date, meeting.ends_at)),
        organization=[links.organization(meeting.body_id)],
        participant=[links.person(attendance.person_id) for attendance in attendance],
        resultsProtocol=minutes_document(protocol, ctx) if protocol else None,
        auxiliaryFile=[minutes_document(notice, ctx)] if notice else None,
        agendaItem=[agenda_item(item, paragraphs.get((item.meeting_id, item.number)), ctx, created=item.added_at,
                                modified=modified) for item in meeting.agenda_list],
        created=iso_datetime(created),
        modified=iso_datetime(modified),
        web=links.meeting_page(meeting.pk),
    )
    return extended(
        obj,
        date=iso_date(meeting.date),
        place=meeting.place or None,
        minutesPublic=public,
        signedOn=iso_date(meeting.signed_on),
        postedOn=iso_date(meeting.posted_on) if signed else None,
        appealUntil=iso_date(meeting.appeal_until) if signed else None,
        noticeRemovedOn=iso_date(meeting.notice_removed_on) if signed else None,
        keptAt=(meeting.kept_at or None) if signed else None,
        attendance=[attendee(attendance, ctx) for attendance in attendance],
        attendanceChanges=[attendance_change(change, ctx) for change in meeting.attendance_change_list]
        if public else [],
    )
