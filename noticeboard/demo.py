"""The demo's notice board (a step of load_demo, cases.demo): for each
organisation, the council's next meeting announced, the executive board's
next meeting summoned and a notice of the registry's own, through the
services. The notices of signed minutes are there already: the demo case's
meetings, signed years ago, are in the archive; the invented cases' latest
ones may still be up. Run again, it changes nothing."""

import datetime

from django.core.files.base import ContentFile
from django.utils.html import escape

from decisions.services.meetings import add_other_matter
from decisions.services.posting import post_agenda, posted_kind, postings
from lib.errors import DomainError
from lib.pdf import html_to_pdf
from lib.time_limits import ANNOUNCEMENT_NOTICE
from noticeboard.models import Notice
from noticeboard.services import add_notice
from organisation.models import Body, Meeting, Municipality
from organisation.services import schedule_meeting, update_meeting

DAY = datetime.timedelta(days=1)
STARTS_AT = {Body.Kind.COUNCIL: datetime.time(18), Body.Kind.EXECUTIVE_BOARD: datetime.time(13)}
FIRST_ITEM = {Body.Kind.COUNCIL: "Val av justerare", Body.Kind.EXECUTIVE_BOARD: "Information från förvaltningen"}
NOTICES = {
    Municipality.Kind.MUNICIPALITY: (
        "Detaljplan för Sjödalsparken: granskning",
        "Ett förslag till detaljplan för Sjödalsparken finns tillgängligt för granskning. Synpunkter lämnas "
        "skriftligen till kommunstyrelsens förvaltning senast den sista dagen anslaget sitter uppe.",
    ),
    Municipality.Kind.REGION: (
        "Regional utvecklingsstrategi: samråd",
        "Ett förslag till regional utvecklingsstrategi finns tillgängligt för samråd. Synpunkter lämnas "
        "skriftligen till regionstyrelsens förvaltning senast den sista dagen anslaget sitter uppe.",
    ),
}


def fill_notice_board(organisations: list[Municipality], *, today: datetime.date, by) -> list[str]:
    lines = []
    for municipality in organisations:
        if Notice.objects.filter(municipality=municipality).exists():
            continue  # filled before
        council = municipality.bodies.filter(kind=Body.Kind.COUNCIL).first()
        board = municipality.bodies.filter(kind=Body.Kind.EXECUTIVE_BOARD).first()
        for body, earliest in ((council, today + ANNOUNCEMENT_NOTICE), (board, today + DAY)):
            if body is None:
                continue
            meeting = _next_meeting(body, earliest, by=by)
            if postings(meeting, posted_kind(meeting)).exists():
                continue
            try:
                document, _warning = post_agenda(meeting, by=by)
            except DomainError as error:
                lines.append(f"Anslagstavla: {meeting}: {error.message}")
                continue
            lines.append(f"Anslagstavla: {document.get_kind_display().lower()} för {meeting}")
        title, text = NOTICES[municipality.kind]
        pdf = html_to_pdf(f'<html lang="sv"><head><meta charset="utf-8"><title>{escape(title)}</title></head>'
                          f"<body><h1>{escape(title)}</h1><p>{escape(text)}</p></body></html>")
        notice = add_notice(municipality, title=title, text=text, posted_on=today, removed_on=today + 22 * DAY,
                            file=ContentFile(pdf.content, name="anslag.pdf"), by=by)
        lines.append(f"Anslagstavla: anslaget ”{notice.title}” i {municipality}")
    return lines


def _next_meeting(body: Body, earliest: datetime.date, *, by) -> Meeting:
    """The body's next meeting from `earliest`, the first with an agenda;
    one planned a week later when it has none. Ready to be posted: with a
    time, a place and an item on its agenda."""
    upcoming = Meeting.objects.filter(body=body, date__gte=earliest, signed_on__isnull=True).order_by("date")
    meeting = next((m for m in upcoming if m.agenda.exists()), None) or upcoming.first()
    if meeting is None:
        day = earliest + ANNOUNCEMENT_NOTICE
        day += (-day.weekday()) % 7 * DAY  # a Monday
        meeting = schedule_meeting(body, on=day, by=by)
    if not meeting.starts_at or not meeting.place:
        place = meeting.place or (Meeting.objects.filter(body=body).exclude(place="")
                                  .values_list("place", flat=True).first()) or "Sessionssalen"
        meeting = update_meeting(meeting, starts_at=meeting.starts_at or STARTS_AT.get(body.kind, datetime.time(9)),
                                 ends_at=meeting.ends_at, place=place, kept_at=meeting.kept_at, by=by)
    if not meeting.agenda.exists():
        add_other_matter(meeting, title=FIRST_ITEM.get(body.kind, "Information"), by=by)
    return meeting
