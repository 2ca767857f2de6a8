"""Reads for the feeds and calendars: only what the public may see, the
latest first, bounded, each in a fixed number of queries that read an index
(a feed is fetched as often as its readers poll, from any organisation of a
national installation)."""

import datetime
from dataclasses import dataclass

from django.db.models import Exists, OuterRef, Prefetch, Q, Subquery

from decisions import access
from decisions.models import AgendaItem, Decision, FiledMotion, MinuteItem, RenderedDocument
from motions.models import Motion, MotionEvent, Mover
from organisation.models import Body, Meeting, MeetingEvent
from publication.selectors import published
from referrals.models import Referral

# The entries of a feed: the latest this many.
LATEST = 50
# A calendar's meetings: from a year back on, at most this many (an organisation's bodies meet
# some 150 times a year; the plan reaches months ahead).
CALENDAR_DAYS_BACK = 365
CALENDAR_LIMIT = 1000

# The steps of a case's timeline that are public as soon as they are recorded. A paragraph's
# step (handled, deferred, sent back, decided) is shown from the paragraph itself, once the
# paragraph is public (public_paragraphs); corrections, undoings, the case officer and the
# documents' registration are the register's own record, shown on the case page.
PUBLIC_EVENTS = (
    MotionEvent.Kind.FILED, MotionEvent.Kind.REFERRED, MotionEvent.Kind.DUE_EXTENDED,
    MotionEvent.Kind.REFERRAL_ANSWERED, MotionEvent.Kind.REFERRAL_DECLINED, MotionEvent.Kind.REFERRAL_WITHDRAWN,
    MotionEvent.Kind.PREPARED, MotionEvent.Kind.WITHDRAWN,
)


def public_paragraphs(today: datetime.date) -> Q:
    """A paragraph the public may read (decisions.access.public_paragraphs: the council's as
    soon as recorded, a board's or committee's once its minutes are signed), of a meeting held:
    a feed's entry is dated by its meeting."""
    return access.public_paragraphs() & Q(meeting__date__lte=today)


def _public_meetings(today: datetime.date):
    """Meetings with a paragraph the public may read (as public_paragraphs)."""
    return Meeting.objects.filter(access.public_minutes_meetings(), Q(date__lte=today),
                                  Exists(MinuteItem.objects.filter(meeting=OuterRef("pk"))))


def _of(queryset, *, municipality_id: int | None, body_id: int | None, field: str = "body"):
    """The rows of one body, or of an organisation's bodies. An organisation's are asked for as
    `body_id IN (its bodies)`, so that each body's rows are read from an index that begins with
    the body (a dozen bodies), not from the whole country's rows in date order."""
    if body_id is not None:
        return queryset.filter(**{f"{field}_id": body_id})
    return queryset.filter(**{f"{field}_id__in": Body.objects.filter(municipality_id=municipality_id).values("pk")})


# --- New motions -------------------------------------------------------------------------------

def _motions():
    # The motion's text can be long and is not in a feed.
    return (Motion.objects.defer("text", "search_text").select_related("filed_meeting__body")
            .prefetch_related(Prefetch("movers", queryset=Mover.objects.select_related("person", "party"))))


def organisation_motions(municipality_id: int) -> list[Motion]:
    """The organisation's latest filed motions (index motion_municipality_filed_idx)."""
    return list(_motions().filter(municipality_id=municipality_id).order_by("-filed_on", "-id")[:LATEST])


@dataclass(frozen=True)
class BodyMotions:
    filed: list[Motion]  # filed at the body's meetings (a council's)
    referred: list[Referral]  # referred to the body for its answer


def body_motions(body: Body) -> BodyMotions:
    """The motions that came to a body: filed at its meetings, or referred to it."""
    filed = list(_motions().filter(filed_meeting__body=body).order_by("-filed_on", "-id")[:LATEST])
    # The motions read by their keys afterwards: joined, the planner may read every motion to find fifty.
    referred = list(Referral.objects.filter(body=body).select_related("body").defer("draft_text")
                    .prefetch_related(Prefetch("motion", queryset=Motion.objects.only("pk", "case_number", "title")))
                    .order_by("-sent_on", "-id")[:LATEST])
    return BodyMotions(filed, referred)


# --- Decisions ---------------------------------------------------------------------------------

def _paragraphs():
    # A paragraph's motion is read by its key afterwards (prefetched), as are a filing paragraph's
    # motions (with_filed_motions): joined, the planner may read every motion to find fifty.
    return (MinuteItem.objects.select_related("meeting", "body")
            # Long texts that an entry does not show.
            .defer("summary", "basis", "distribution"))


def _with_motions(items):
    return items.prefetch_related(Prefetch("motion", queryset=Motion.objects.only("pk", "case_number", "title")))


def with_filed_motions(items: list[MinuteItem]) -> list[MinuteItem]:
    """Each filing paragraph with `filed`: the motions it tells the council of, in order."""
    filing = [item.pk for item in items if item.decision == Decision.FILE]
    rows = list(FiledMotion.objects.filter(item__in=filing).order_by("item_id", "position")
                .values_list("item_id", "motion_id")) if filing else []
    motions = Motion.objects.only("pk", "case_number", "title").in_bulk([motion for _item, motion in rows])
    for item in items:
        item.filed = [motions[motion] for item_id, motion in rows if item_id == item.pk]
    return items


def latest_paragraphs(*, municipality_id: int | None = None, body_id: int | None = None,
                      today: datetime.date) -> list[MinuteItem]:
    """The latest public paragraphs of an organisation or a body. Read from
    the latest meetings that have public paragraphs (each has at least one,
    so LATEST of them hold enough), not by sorting every paragraph the
    organisation ever recorded."""
    meetings = _of(_public_meetings(today), municipality_id=municipality_id, body_id=body_id)
    # Their keys first: the paragraphs are then read by the meetings' keys (an index), whatever the planner
    # would make of a subquery on a table as large as the meetings of a country.
    latest = list(meetings.order_by("-date", "-id").values_list("pk", flat=True)[:LATEST])
    items = _with_motions(_paragraphs().filter(public_paragraphs(today), meeting__in=latest))
    return with_filed_motions(list(items.order_by("-meeting__date", "-meeting_id", "-number", "-id")[:LATEST]))


def published_extracts(items: list[MinuteItem]) -> dict[int, int]:
    """The size of each paragraph's extract as archived at signing, where it is published (by paragraph id)."""
    if not items:
        return {}
    documents = published(RenderedDocument.objects.filter(
        item__in=[item.pk for item in items], kind=RenderedDocument.Kind.EXTRACT, archived=True))
    return dict(documents.values_list("item_id", "size"))


# --- Signed minutes ----------------------------------------------------------------------------

def _first_number(order: str) -> Subquery:
    return Subquery(MinuteItem.objects.filter(meeting=OuterRef("pk"), number__isnull=False)
                    .order_by(order).values("number")[:1])


def signed_minutes(*, municipality_id: int | None = None, body_id: int | None = None) -> list[Meeting]:
    """The latest signed minutes, each with its first and last § number."""
    meetings = _of(Meeting.objects.filter(signed_on__isnull=False), municipality_id=municipality_id, body_id=body_id)
    return list(meetings.select_related("body").annotate(first_number=_first_number("number"),
                                                          last_number=_first_number("-number"))
                .order_by("-date", "-id")[:LATEST])


@dataclass(frozen=True)
class Protocol:
    size: int
    published_at: datetime.datetime | None


def published_protocols(meetings: list[Meeting]) -> dict[int, Protocol]:
    """The protocols archived at signing that are published (by meeting id)."""
    if not meetings:
        return {}
    documents = published(RenderedDocument.objects.filter(
        meeting__in=[meeting.pk for meeting in meetings], kind=RenderedDocument.Kind.PROTOCOL, archived=True,
        item=None))
    return {meeting_id: Protocol(size, published_at)
            for meeting_id, size, published_at in documents.values_list("meeting_id", "size", "published_at")}


# --- A case's timeline -------------------------------------------------------------------------

@dataclass(frozen=True)
class Timeline:
    events: list[MotionEvent]
    paragraphs: list[MinuteItem]


def case_timeline(motion: Motion, *, today: datetime.date) -> Timeline:
    """The case's public steps: its events that are public when recorded, and
    its public paragraphs (with the council's filing paragraph that names it)."""
    events = list(motion.events.filter(kind__in=PUBLIC_EVENTS).order_by("-occurred_on", "-id")[:LATEST])
    # The filing paragraph's key first, so that the paragraphs are read by two indexes (the case's, the keys').
    filing = list(FiledMotion.objects.filter(motion=motion).values_list("item_id", flat=True))
    items = (_paragraphs().filter(public_paragraphs(today)).filter(Q(motion=motion) | Q(pk__in=filing))
             .order_by("-meeting__date", "-number", "-id")[:LATEST])
    for item in items:
        if item.motion_id == motion.pk:  # the case's own paragraph (a filing paragraph names no one motion)
            item.motion = motion
    return Timeline(events, with_filed_motions(list(items)))


# --- Calendars ---------------------------------------------------------------------------------

def calendar_meetings(*, municipality_id: int | None = None, body_id: int | None = None,
                      today: datetime.date) -> list[Meeting]:
    """The meetings from a year back on, the earliest first, each with its
    agenda (public: the agenda is published before the meeting) and the time
    of its latest recorded change (`changed_at`)."""
    since = today - datetime.timedelta(days=CALENDAR_DAYS_BACK)
    meetings = _of(Meeting.objects.filter(date__gte=since), municipality_id=municipality_id, body_id=body_id)
    agenda = AgendaItem.objects.only("meeting_id", "position", "number", "title", "motion_id").order_by("position")
    motions = Motion.objects.only("pk", "case_number", "title")
    # The latest change: index meeting_event_meeting_idx (meeting_id, recorded_at).
    changed = MeetingEvent.objects.filter(meeting=OuterRef("pk")).order_by("-recorded_at").values("recorded_at")[:1]
    return list(meetings.select_related("body").annotate(changed_at=Subquery(changed))
                .prefetch_related(Prefetch("agenda", queryset=agenda), Prefetch("agenda__motion", queryset=motions))
                .order_by("date", "id")[:CALENDAR_LIMIT])
