"""What is on the notice board on a day, and what was: the council's
announcements and the boards' notices of meeting (decisions.RenderedDocument
as posted), the notices that minutes have been signed (the meetings' dates)
and the registry's own notices (Notice). Everything is read from the dates
against the day asked for: nothing needs to run for a notice to go up or
come down.

Each source is read on its own, in the board's order (the day it went up,
latest first), at most a page and one more, and the three are merged: the
archive's pages are bounded however long the organisation has kept its board."""

import datetime
from dataclasses import dataclass, field

from django.db.models import F, Prefetch, Q
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from decisions.appeal_rules import AppealRule, appeal_rules
from decisions.models import MinuteItem, RenderedDocument
from lib.swedish import paragraph_span
from noticeboard.models import Notice
from organisation.models import Body, Meeting, Municipality
from publication.models import PublicationState
from publication.selectors import published

DAY = datetime.timedelta(days=1)


class Section:
    """The board's kinds of notice; the order within a day (the higher first)."""

    AGENDA = "agenda"  # the council's announcement, a board's notice of meeting
    SIGNED = "signed"  # minutes signed
    NOTICE = "notice"  # the registry's own

    RANK = {AGENDA: 3, SIGNED: 2, NOTICE: 1}
    LABELS = {
        AGENDA: gettext_lazy("Kungörelser och kallelser"),
        SIGNED: gettext_lazy("Justerade protokoll"),
        NOTICE: gettext_lazy("Övriga anslag"),
    }
    CHOICES = [(AGENDA, LABELS[AGENDA]), (SIGNED, LABELS[SIGNED]), (NOTICE, LABELS[NOTICE])]


@dataclass
class Link:
    label: str
    url: str


@dataclass
class Entry:
    """One notice on the board, as the page, the archive and the feed show it."""

    section: str
    id: int
    title: str
    kind_label: str  # "Kungörelse", "Protokoll justerat", "Anslag"
    body: str
    posted_on: datetime.date
    # The day it comes (or came) down; its last day on the board is the day before.
    removed_on: datetime.date
    url: str  # where it is described: the meeting's page, the notice's own
    facts: list[tuple[str, str]] = field(default_factory=list)
    links: list[Link] = field(default_factory=list)
    text: str = ""  # a registry notice's own text
    # Why its document is not linked: awaiting the publication review, or withheld.
    held: str = ""
    note: str = ""  # taken down early: why
    summary: str = ""  # the archive's line of facts

    @property
    def key(self) -> str:
        """Unique on the board: the element's id, the feed entry's."""
        return f"{self.section}-{self.id}"

    @property
    def link(self) -> str:
        """Its own address (a feed entry's): a meeting's announcements each at their place on its page."""
        return f"{self.url}#{self.key}" if self.section == Section.AGENDA else self.url

    @property
    def order(self) -> tuple:
        return (self.posted_on, Section.RANK[self.section], self.id)

    @property
    def last_day(self) -> datetime.date:
        return max(self.removed_on - DAY, self.posted_on)

    @property
    def same_day(self) -> bool:
        """Taken down (replaced) the day it went up."""
        return self.removed_on <= self.posted_on


def _held(state: str) -> str:
    if state == PublicationState.REVIEW:
        return _("Dokumentet granskas innan det publiceras på webben (det kan innehålla personuppgifter). Du kan "
                 "begära att få ta del av det hos registraturen.")
    return _("Dokumentet publiceras inte på webben. Du kan begära att få ta del av det hos registraturen.")


def _day(value: datetime.date | None) -> str:
    return value.isoformat() if value else "–"


# --- The three sources ------------------------------------------------------

def _agenda_entry(document: RenderedDocument) -> Entry:
    meeting = document.meeting
    removed_on = document.taken_down_on or meeting.date + DAY
    time = f"{meeting.starts_at:%H.%M}" if meeting.starts_at else "–"
    entry = Entry(
        Section.AGENDA, document.pk, f"{meeting.body.name} {meeting.date:%Y-%m-%d}", document.get_kind_display(),
        meeting.body.name, document.posted_on, removed_on, meeting.get_absolute_url(),
        facts=[(_("Sammanträde"), f"{meeting.date:%Y-%m-%d} {_('kl.')} {time}"), (_("Plats"), meeting.place or "–"),
               (_("Uppsatt"), _day(document.posted_on)),
               (_("Ersatt") if document.taken_down_on else _("Sitter uppe till och med"),
                _day(document.taken_down_on or meeting.date))],
    )
    entry.summary = _("Sammanträdet %(date)s") % {"date": _day(meeting.date)}
    if document.version > 1:
        entry.facts.append((_("Version"), str(document.version)))
        entry.summary += ", " + _("version %(version)s") % {"version": document.version}
    if document.is_published:
        entry.links.append(Link(_("%(kind)s (PDF)") % {"kind": document.get_kind_display()},
                                reverse("decisions:posted_agenda_pdf", args=[meeting.pk, document.pk])))
    else:
        entry.held = _held(document.publication_state)
    entry.links.append(Link(_("Sammanträdet"), meeting.get_absolute_url()))
    return entry


def _signed_entry(meeting: Meeting) -> Entry:
    kept = {document.kind: document for document in meeting.kept}
    numbers = [item.number for item in meeting.items.all()]
    entry = Entry(
        Section.SIGNED, meeting.pk, f"{meeting.body.name} {meeting.date:%Y-%m-%d}", _("Protokoll justerat"),
        meeting.body.name, meeting.posted_on, meeting.notice_removed_on, meeting.get_absolute_url(),
        facts=[(_("Organ"), meeting.body.name), (_("Sammanträdesdatum"), _day(meeting.date)),
               (_("Paragrafer"), paragraph_span(numbers) or "–"), (_("Justerat"), _day(meeting.signed_on)),
               (_("Anslaget sattes upp"), _day(meeting.posted_on)),
               (_("Anslaget tas ned"), _day(meeting.notice_removed_on)),
               (_("Protokollet förvaras"), meeting.kept_at or "–"),
               (_("Sista dag att överklaga"), _day(meeting.appeal_until))],
        summary=_("%(paragraphs)s, justerat %(signed)s, sista dag att överklaga %(until)s") % {
            "paragraphs": paragraph_span(numbers) or "–", "signed": _day(meeting.signed_on),
            "until": _day(meeting.appeal_until)},
    )
    notice, protocol = kept.get(RenderedDocument.Kind.NOTICE), kept.get(RenderedDocument.Kind.PROTOCOL)
    if protocol is not None and protocol.is_published:
        entry.links.append(Link(_("Protokollet (PDF)"), reverse("decisions:protocol_pdf", args=[meeting.pk])))
    if notice is not None and notice.is_published:
        entry.links.append(Link(_("Bevis om justering (PDF)"), reverse("decisions:notice_pdf", args=[meeting.pk])))
    unpublished = [document for document in (protocol, notice) if document is not None and not document.is_published]
    if unpublished:
        entry.held = _held(unpublished[0].publication_state)
    entry.links.append(Link(_("Sammanträdet och dess paragrafer"), meeting.get_absolute_url()))
    return entry


def _notice_entry(notice: Notice) -> Entry:
    entry = Entry(
        Section.NOTICE, notice.pk, notice.title, _("Anslag"), notice.body.name if notice.body else "",
        notice.posted_on, notice.removed_on, notice.get_absolute_url(), text=notice.text,
        facts=[(_("Uppsatt"), _day(notice.posted_on)), (_("Tas ned"), _day(notice.removed_on))],
        note=notice.removal_reason, summary=notice.body.name if notice.body else "",
    )
    if notice.body:
        entry.facts.insert(0, (_("Organ"), notice.body.name))
    if notice.file:
        entry.links.append(Link(_("Anslaget (PDF)"), reverse("noticeboard:notice_file", args=[notice.pk])))
    return entry


def _agenda_documents(municipality: Municipality):
    return RenderedDocument.objects.filter(version__isnull=False,
                                           meeting__body__municipality=municipality).select_related("meeting__body")


def _signed_meetings(municipality: Municipality):
    kept = RenderedDocument.objects.filter(archived=True, item=None, kind__in=[
        RenderedDocument.Kind.NOTICE, RenderedDocument.Kind.PROTOCOL]).only(
        "id", "meeting_id", "kind", "publication_state")
    return Meeting.objects.filter(body__municipality=municipality, signed_on__isnull=False).select_related(
        "body").prefetch_related(Prefetch("documents", queryset=kept, to_attr="kept"),
                                 Prefetch("items", queryset=MinuteItem.objects.only("id", "meeting_id", "number")))


def _notices(municipality: Municipality):
    # The registry's notices are shown only once published: their title and text are what the review reads.
    return published(Notice.objects.filter(municipality=municipality)).select_related("body")


# --- On the board today -----------------------------------------------------

@dataclass
class Board:
    municipality: Municipality
    today: datetime.date
    sections: list[tuple[str, str, list[Entry]]]  # (section, its heading, its entries, latest first)
    appeal_rules: list[AppealRule]

    @property
    def empty(self) -> bool:
        return not any(entries for _section, _label, entries in self.sections)


def on_board(municipality: Municipality, today: datetime.date) -> Board:
    """What is on the organisation's notice board on `today`: each kind of
    notice, latest first, with the rules for appealing."""
    agenda = _agenda_documents(municipality).filter(posted_on__lte=today, meeting__date__gte=today).filter(
        Q(taken_down_on__isnull=True) | Q(taken_down_on__gt=today)).order_by("-posted_on", "-id")
    signed = _signed_meetings(municipality).filter(posted_on__lte=today, notice_removed_on__gt=today).order_by(
        "-posted_on", "-id")
    notices = _notices(municipality).filter(posted_on__lte=today, removed_on__gt=today).order_by("-posted_on", "-id")
    return Board(municipality, today, [
        (Section.AGENDA, Section.LABELS[Section.AGENDA], [_agenda_entry(document) for document in agenda]),
        (Section.SIGNED, Section.LABELS[Section.SIGNED], [_signed_entry(meeting) for meeting in signed]),
        (Section.NOTICE, Section.LABELS[Section.NOTICE], [_notice_entry(notice) for notice in notices]),
    ], appeal_rules(municipality))


# --- The archive ------------------------------------------------------------

@dataclass(frozen=True)
class Cursor:
    """Where a page of the archive ends: the last entry's order (Entry.order)."""

    posted_on: datetime.date
    rank: int
    id: int

    def __str__(self) -> str:
        return f"{self.posted_on.isoformat()}.{self.rank}.{self.id}"

    @classmethod
    def parse(cls, text: str | None) -> "Cursor | None":
        """The cursor in a link; None for anything else (a page link typed by hand)."""
        try:
            day, rank, pk = (text or "").split(".")
            cursor = cls(datetime.date.fromisoformat(day), int(rank), int(pk))
        except ValueError:
            return None
        return cursor if cursor.rank in Section.RANK.values() and 0 < cursor.id < 2**63 else None


def _before(cursor: Cursor | None, rank: int, posted: str = "posted_on") -> Q:
    """The rows of a source of rank `rank` that come after `cursor` in the
    archive's order (latest first)."""
    if cursor is None:
        return Q()
    if rank < cursor.rank:
        return Q(**{f"{posted}__lte": cursor.posted_on})
    if rank > cursor.rank:
        return Q(**{f"{posted}__lt": cursor.posted_on})
    return Q(**{f"{posted}__lt": cursor.posted_on}) | Q(**{posted: cursor.posted_on, "id__lt": cursor.id})


@dataclass
class ArchivePage:
    entries: list[Entry]
    next_cursor: Cursor | None


ARCHIVE_PAGE = 25


def _in_year(year: int) -> Q:
    # A range, not posted_on's year: the index on the day serves it.
    return Q(posted_on__gte=datetime.date(year, 1, 1), posted_on__lte=datetime.date(year, 12, 31))


def archive(municipality: Municipality, today: datetime.date, *, year: int | None = None, body: Body | None = None,
            section: str | None = None, after: Cursor | None = None, per_page: int | None = None) -> ArchivePage:
    """The notices that have come down by `today` (each with the days it was
    up), latest first: of a year (the year they went up), of a body, of a
    kind; the page after `after`."""
    per_page = per_page or ARCHIVE_PAGE
    sources = []
    if section in (None, Section.AGENDA):
        rows = _agenda_documents(municipality).filter(posted_on__lte=today).filter(
            Q(taken_down_on__lte=today) | Q(taken_down_on__isnull=True, meeting__date__lt=today))
        if year:
            rows = rows.filter(_in_year(year))
        if body:
            rows = rows.filter(meeting__body=body)
        rows = rows.filter(_before(after, Section.RANK[Section.AGENDA]))
        sources.append((rows.order_by("-posted_on", "-id"), _agenda_entry))
    if section in (None, Section.SIGNED):
        rows = _signed_meetings(municipality).filter(notice_removed_on__lte=today)
        if year:
            rows = rows.filter(_in_year(year))
        if body:
            rows = rows.filter(body=body)
        rows = rows.filter(_before(after, Section.RANK[Section.SIGNED]))
        sources.append((rows.order_by("-posted_on", "-id"), _signed_entry))
    if section in (None, Section.NOTICE):
        # Taken down before it went up: never on the board, so not in its archive.
        rows = _notices(municipality).filter(removed_on__lte=today).exclude(removed_on=F("posted_on"))
        if year:
            rows = rows.filter(_in_year(year))
        if body:
            rows = rows.filter(body=body)
        rows = rows.filter(_before(after, Section.RANK[Section.NOTICE]))
        sources.append((rows.order_by("-posted_on", "-id"), _notice_entry))
    entries = sorted((make(row) for rows, make in sources for row in rows[: per_page + 1]),
                     key=lambda entry: entry.order, reverse=True)
    more = len(entries) > per_page
    entries = entries[:per_page]
    last = entries[-1] if more else None
    return ArchivePage(entries, Cursor(*last.order) if last else None)


def archive_years(municipality: Municipality, today: datetime.date) -> list[int]:
    """The years the archive can be filtered by, latest first: from the
    first notice that went up to this year."""
    firsts = [
        Meeting.objects.filter(body__municipality=municipality, posted_on__isnull=False).order_by("posted_on")
        .values_list("posted_on", flat=True).first(),
        _agenda_documents(municipality).order_by("posted_on").values_list("posted_on", flat=True).first(),
        Notice.objects.filter(municipality=municipality).order_by("posted_on").values_list("posted_on", flat=True)
        .first(),
    ]
    first = min((day for day in firsts if day is not None), default=today)
    return list(range(today.year, min(first.year, today.year) - 1, -1))


# --- The feed ---------------------------------------------------------------

def latest_posted(municipality: Municipality, today: datetime.date, *, count: int = 30) -> list[Entry]:
    """The notices that went up by `today`, on the board or down since, latest first."""
    agenda = _agenda_documents(municipality).filter(posted_on__lte=today).order_by("-posted_on", "-id")[:count]
    signed = _signed_meetings(municipality).filter(posted_on__lte=today).order_by("-posted_on", "-id")[:count]
    notices = (_notices(municipality).filter(posted_on__lte=today).exclude(removed_on=F("posted_on"))
               .order_by("-posted_on", "-id")[:count])
    entries = [*map(_agenda_entry, agenda), *map(_signed_entry, signed), *map(_notice_entry, notices)]
    return sorted(entries, key=lambda entry: entry.order, reverse=True)[:count]


def municipalities():
    return Municipality.objects.order_by("name")
