"""Putting a meeting's agenda on the notice board: the council's announcement
(kungörelse, KL 5 kap. 53-55 §§: time, place and the items, at least a week
before the meeting) or a board's notice of meeting (kallelse med
föredragningslista).

The registry posts it from the meeting page when the agenda is ready. It is
rendered at once (a page or two: about half a second) to PDF/A and kept in
every version posted. A new version, after the agenda, the time or the place
changed, replaces the one on the board; the replaced one stays in the notice
board's archive with the days it was up. The notice board reads the dates
(noticeboard.selectors): a posted agenda is up from its day until the
meeting is held, without any job taking it down."""

import datetime
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.utils.translation import gettext_noop

from decisions.documents import document_key, meeting_for_render, posted_agenda_html, store
from decisions.models import RenderedDocument
from lib.errors import DomainError, Problems
from lib.sentences import Sentence
from lib.swedish import in_swedish
from lib.time_limits import ANNOUNCEMENT_NOTICE, latest_announcement_date
from organisation.models import Body, Meeting, MeetingEvent
from organisation.services import lock_meeting, record_meeting_event
from publication.services import assess
from publication.text import pdf_pages

# What the posted agenda states of the meeting (KL 5 kap. 53 §: time and place).
POSTING_DETAILS = {
    "starts_at": _lazy("Ange när sammanträdet börjar; kungörelsen och kallelsen ska ange tiden."),
    "place": _lazy("Ange var sammanträdet hålls; kungörelsen och kallelsen ska ange platsen."),
}


def posted_kind(meeting: Meeting) -> str:
    """The council's meetings are announced (kungörelse); the other bodies' members are summoned (kallelse)."""
    return (RenderedDocument.Kind.ANNOUNCEMENT if meeting.body.kind == Body.Kind.COUNCIL
            else RenderedDocument.Kind.SUMMONS)


def postings(meeting: Meeting, kind: str):
    """The meeting's posted versions of `kind`, the latest first."""
    return RenderedDocument.objects.filter(meeting=meeting, kind=kind, version__isnull=False).order_by("-version")


@dataclass(frozen=True)
class Posting:
    """What post_agenda would put on the board today."""

    kind: str
    version: int
    replaces: RenderedDocument | None  # the version on the board now
    replaces_posted_on: datetime.date | None
    warning: str  # said to the registry, the posting going ahead


def _html(meeting: Meeting, *, kind: str, version: int, posted_on: datetime.date,
          replaces_posted_on: datetime.date | None) -> str:
    return posted_agenda_html(meeting, kind=kind, version=version, posted_on=posted_on, replaces=replaces_posted_on)


def _unchanged(meeting: Meeting, current: RenderedDocument) -> bool:
    """Whether the version on the board says what a new one would: its HTML
    made again from the meeting as it is now is the one it was made from."""
    previous = postings(meeting, current.kind).filter(version=current.version - 1).first()
    html = _html(meeting, kind=current.kind, version=current.version, posted_on=current.posted_on,
                 replaces_posted_on=previous.posted_on if previous else None)
    return document_key(current.kind, html) == current.key


def check_posting(meeting: Meeting, *, today: datetime.date) -> Posting:
    """What posting the meeting's agenda today would put up, or every
    problem that stops it, each at its field. Changes nothing: the
    confirmation page shows what post_agenda will do.

    `meeting` as meeting_for_render gives it (the document is made from it)."""
    refused = Problems()
    kind = posted_kind(meeting)
    if meeting.is_signed or meeting.date < today:
        refused.add(DomainError(_("Sammanträdet hölls %(date)s; dess föredragningslista sätts inte upp på "
                                  "anslagstavlan efteråt.") % {"date": meeting.date.isoformat()}, field="meeting"))
    for field, message in POSTING_DETAILS.items():
        if not getattr(meeting, field):
            refused.add(DomainError(str(message), field=field))
    if not meeting.agenda.exists():
        refused.add(DomainError(_("Föredragningslistan är tom: sätt upp ärendena på den först."), field="agenda"))
    posted = list(postings(meeting, kind))
    current = next((document for document in posted if document.taken_down_on is None), None)
    warning = ""
    if kind == RenderedDocument.Kind.ANNOUNCEMENT and today > latest_announcement_date(meeting.date):
        if not posted:
            refused.add(DomainError(
                _("Kungörelsen ska sitta på anslagstavlan minst en vecka före sammanträdet (KL 5 kap. 53 §): för "
                  "sammanträdet %(date)s senast %(latest)s. Flytta sammanträdet till %(earliest)s eller senare.")
                % {"date": meeting.date.isoformat(), "latest": latest_announcement_date(meeting.date).isoformat(),
                   "earliest": (today + ANNOUNCEMENT_NOTICE).isoformat()}, field="meeting"))
        else:
            warning = _("Den ändrade kungörelsen sätts upp mindre än en vecka före sammanträdet. Den första "
                        "kungörelsen sattes upp %(first)s; det som ändrats sedan dess har inte kungjorts en vecka i "
                        "förväg (KL 5 kap. 53 §).") % {"first": posted[-1].posted_on.isoformat()}
    if current is not None and not refused.found and _unchanged(meeting, current):
        same = (_("Kungörelsen som sattes upp %(posted)s har samma föredragningslista, tid och plats; den sitter "
                  "redan på anslagstavlan.") if kind == RenderedDocument.Kind.ANNOUNCEMENT
                else _("Kallelsen som sattes upp %(posted)s har samma föredragningslista, tid och plats; den sitter "
                       "redan på anslagstavlan."))
        refused.add(DomainError(same % {"posted": current.posted_on.isoformat()}, field="meeting"))
    refused.raise_any()
    return Posting(kind, (posted[0].version + 1) if posted else 1, current,
                   current.posted_on if current else None, warning)


@transaction.atomic
def post_agenda(meeting: Meeting, *, by) -> tuple[RenderedDocument, str]:
    """Put the meeting's announcement (the council's) or notice of meeting
    (another body's) on the notice board from today, made from its agenda,
    time and place now: rendered to PDF/A, kept, assessed for publication
    (publication.services.assess) and recorded in the meeting's history.
    The version on the board, if any, is taken down today and kept.

    Refuses (check_posting) after the meeting, without a time, place or
    agenda, with nothing changed since the version on the board, and a
    council meeting's first announcement less than a week before it.
    Returns the document and a warning to show ("" when none)."""
    meeting = lock_meeting(meeting)
    today = timezone.localdate()
    meeting = meeting_for_render(meeting.pk)
    posting = check_posting(meeting, today=today)
    html = _html(meeting, kind=posting.kind, version=posting.version, posted_on=today,
                 replaces_posted_on=posting.replaces_posted_on)
    document = store(posting.kind, meeting, html)
    if posting.replaces is not None:
        RenderedDocument.objects.filter(pk=posting.replaces.pk).update(taken_down_on=today)
    posted = {"archived": True, "version": posting.version, "posted_on": today}
    RenderedDocument.objects.filter(pk=document.pk).update(**posted)
    for name, value in posted.items():
        setattr(document, name, value)
    # Published at once, or held for the registry's review (the organisation's rule for the kind, or a
    # personal identity number in an item's title).
    with document.file.open("rb") as file:
        assess(document, pages=pdf_pages(file))
    kind = in_swedish(RenderedDocument.Kind(posting.kind).label)
    record_meeting_event(
        meeting, kind=MeetingEvent.Kind.AGENDA_POSTED, by=by,
        description=Sentence("%(kind)s", {"kind": kind}, labels=("kind",)),
        to_value=Sentence(gettext_noop("version %(version)s, uppsatt %(on)s"),
                          {"version": posting.version, "on": today.isoformat()}))
    return document, posting.warning
