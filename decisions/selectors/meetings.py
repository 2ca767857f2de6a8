"""Reads for the meeting pages: the agenda with its paragraphs, where each
decision stands, and the attendance a new list starts from."""

import datetime
from dataclasses import dataclass

from django.db.models import Q
from django.db.models.functions import Lower
from django.utils.translation import gettext as _

from decisions.models import PREPARATORY, AgendaItem, MinuteItem
from decisions.selectors.case_steps import can_be_handled_at
from lib.listing import Column, SortKey
from lib.swedish import when_recorded
from motions.models import Motion
from organisation.models import Attendance, AttendanceChange, Meeting


@dataclass(frozen=True)
class AgendaRow:
    agenda_item: AgendaItem
    minute_item: MinuteItem | None
    # A case that can no longer be handled here is recorded as another matter ("Ärendet utgår").
    as_case: bool
    # Its extract stored at signing, as the reader is to see it (publication.selectors.Shown), if there is one.
    extract: object = None


def agenda_rows(meeting: Meeting) -> list[AgendaRow]:
    """The agenda in order, each item with its paragraph once recorded."""
    recorded = {item.number: item for item in meeting.items.prefetch_related("rectifications")}
    return [
        AgendaRow(agenda_item, recorded.get(agenda_item.number) if agenda_item.number else None,
                  as_case=agenda_item.motion_id is not None and can_be_handled_at(agenda_item.motion, meeting))
        for agenda_item in meeting.agenda.select_related("motion").order_by("position")
    ]


def legal_force_on(item: MinuteItem, today: datetime.date, *, appeals=None) -> datetime.date | None:
    """The day the decision of `item` gained legal force (laga kraft): the day after the last day to
    appeal, once that has passed without an appeal (`appeals`, read where many are: else item.appeals).
    None while it can still be appealed or its minutes are not signed, when it was appealed, and for a
    preparatory decision, which cannot be appealed (KL 13 kap. 2 §). As legal_status says it."""
    meeting = item.meeting
    appeals = item.appeals.all() if appeals is None else appeals
    if not meeting.is_signed or item.decision in PREPARATORY or list(appeals):
        return None
    in_force = meeting.appeal_until + datetime.timedelta(days=1)
    return in_force if in_force <= today else None


def in_force_between(first: datetime.date, last: datetime.date, *, today: datetime.date) -> Q:
    """The paragraphs (MinuteItem) whose legal_force_on on `today` falls from `first` to `last`
    (both included), as a filter."""
    last = min(last, today)
    return (Q(meeting__signed_on__isnull=False, appeals__isnull=True)
            & ~Q(decision__in=sorted(PREPARATORY))
            & Q(meeting__appeal_until__gte=first - datetime.timedelta(days=1),
                meeting__appeal_until__lte=last - datetime.timedelta(days=1)))


def legal_status(item: MinuteItem, today) -> str:
    """Where the decision of `item` stands: awaiting signing, open to appeal,
    appealed, or in force (laga kraft)."""
    meeting = item.meeting
    appeals = list(item.appeals.all())
    if appeals:
        first = appeals[0]
        court = f", mål {first.court_case}" if first.court_case else ""
        return _("Överklagat (inkom %(on)s%(court)s)") % {"on": first.lodged_on.isoformat(), "court": court}
    if not meeting.is_signed:
        return _("Protokollet är inte justerat")
    if item.decision in PREPARATORY:
        return _("Beredande beslut, justerat %(on)s") % {"on": meeting.signed_on.isoformat()}
    in_force = legal_force_on(item, today)
    if in_force is not None:
        return _("Laga kraft sedan %(on)s") % {"on": in_force.isoformat()}
    return _("Kan överklagas till och med %(on)s") % {"on": meeting.appeal_until.isoformat()}


def previous_attendance(meeting: Meeting) -> Meeting | None:
    """The body's latest earlier meeting with an attendance list: a new list
    starts from it, since the same members usually attend."""
    return (Meeting.objects.filter(body=meeting.body, date__lt=meeting.date, attendance__isnull=False)
            .order_by("-date").first())


def present_at(meeting: Meeting, number: int) -> tuple[set[int], set[int]]:
    """Who is present and who serves at paragraph `number` (person ids): the
    attendance list, as changed by those leaving or arriving from an earlier
    paragraph. Everyone who was there at some point is on the list; someone
    arriving at a later paragraph is not there before it, and a substitute
    serving in the place of someone who left serves from then on."""
    attendance = list(meeting.attendance.all())
    present = {a.person_id for a in attendance}
    serving = {a.person_id for a in attendance if a.role in Attendance.SERVING}
    changes = sorted(meeting.attendance_changes.all(), key=lambda c: (c.from_number, c.pk))
    for change in changes:
        if change.kind == AttendanceChange.Kind.ARRIVES and change.from_number > number:
            present.discard(change.person_id)
            serving.discard(change.person_id)
            if change.replaced_by_id:  # served until the member arrived
                serving.add(change.replaced_by_id)
    for change in changes:
        if change.from_number > number:
            break
        if change.kind == AttendanceChange.Kind.LEAVES:
            present.discard(change.person_id)
            serving.discard(change.person_id)
            if change.replaced_by_id:
                present.add(change.replaced_by_id)
                serving.add(change.replaced_by_id)
        elif change.replaced_by_id:
            serving.discard(change.replaced_by_id)
    return present, serving


def motions_to_file(meeting: Meeting) -> list[Motion]:
    """The motions filed at this (council) meeting whose filing has no paragraph yet."""
    return list(Motion.objects.filter(filed_meeting=meeting, filing_items__isnull=True)
                .prefetch_related("movers__person", "movers__party").order_by("case_number"))


# --- The meeting list ------------------------------------------------------

# What the list shows of the minutes (the filter "Protokoll").
PLANNED, UNSIGNED, SIGNED = "planned", "unsigned", "signed"


def minutes_choices() -> list[tuple[str, str]]:
    return [("", _("Alla")), (PLANNED, _("Kommande sammanträden")),
            (UNSIGNED, _("Hållna, ej justerade")), (SIGNED, _("Justerade"))]


# The columns that order the list (lib.listing.Sorting): the latest first by default.
MEETING_SORTS = {
    "date": SortKey(("date",), latest_first=True, empty_last=False),
    "body": SortKey((Lower("body__name"), "date")),
    "place": SortKey((Lower("place"), "date")),
    "signed": SortKey(("signed_on",), latest_first=True),
}
MEETING_DEFAULT_SORT = "-date"


def meeting_list(filters: dict | None = None, *, today: datetime.date, order: list | None = None):
    """Every meeting (their existence, details and signing are public),
    filtered and ordered in the database."""
    filters = filters or {}
    meetings = Meeting.objects.select_related("body__municipality").order_by(*(order or ["-date", "body__name"]))
    if filters.get("organisation"):
        meetings = meetings.filter(body__municipality=filters["organisation"])
    if filters.get("body"):
        meetings = meetings.filter(body=filters["body"])
    if filters.get("year"):
        meetings = meetings.filter(date__year=filters["year"])
    minutes = filters.get("minutes")
    if minutes == PLANNED:
        meetings = meetings.filter(date__gte=today, signed_on__isnull=True)
    elif minutes == UNSIGNED:
        meetings = meetings.filter(date__lt=today, signed_on__isnull=True)
    elif minutes == SIGNED:
        meetings = meetings.filter(signed_on__isnull=False)
    return meetings


def meeting_columns(*, organisations: bool) -> list[Column]:
    """The meeting list's export: what the page shows, with the notice's dates."""
    return [
        Column(_("Datum"), lambda m: m.date, 12),
        *([Column(_("Organisation"), lambda m: m.body.municipality.name, 24)] if organisations else []),
        Column(_("Organ"), lambda m: m.body.name, 32),
        Column(_("Början"), lambda m: f"{m.starts_at:%H:%M}" if m.starts_at else None, 8),
        Column(_("Plats"), lambda m: m.place, 28),
        Column(_("Justerat"), lambda m: m.signed_on, 12),
        Column(_("Anslaget"), lambda m: m.posted_on, 12),
        Column(_("Sista dag att överklaga"), lambda m: m.appeal_until, 14),
    ]
def recorded_since(meeting: Meeting, moment: datetime.datetime | None) -> list[str]:
    """What was recorded at the meeting after `moment` (when a page was
    opened), one plain sentence an event: "Anna Registrator registrerade
    ”Paragraf protokollförd: § 5: förloppet ändrat” kl. 10.42 i dag, efter att du öppnade sidan."
    """
    if moment is None:
        return []
    sentences = []
    for event in meeting.events.filter(recorded_at__gt=moment).select_related("recorded_by"):
        what = event.get_kind_display()
        if event.description:
            what = f"{what}: {event.description_text()}"
        values = {"what": what, "when": when_recorded(event.recorded_at)}
        user = event.recorded_by
        if user is None:
            sentences.append(_("”%(what)s” registrerades %(when)s, efter att du öppnade sidan.") % values)
        else:
            sentences.append(_("%(who)s registrerade ”%(what)s” %(when)s, efter att du öppnade sidan.")
                             % {**values, "who": user.get_full_name() or user.get_username()})
    return sentences
