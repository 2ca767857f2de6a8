"""Meetings in the open data, with their agendas, who served and the paragraphs (§) the public may
read: a board's or committee's once its minutes are signed, the council's as soon as they are
recorded (decisions.access.minutes_public). Every meeting and agenda is public."""

import datetime

from django.db.models import Exists, OuterRef, Prefetch, Q, Subquery

from decisions.access import public_minute_documents, public_paragraphs
from decisions.models import PREPARATORY, AgendaItem, Ballot, ClauseDecision, MinuteItem, RenderedDocument, Vote
from decisions.selectors.meetings import in_force_between
from organisation.models import Attendance, AttendanceChange, Meeting, MeetingEvent
from public.oparl.common import first_day_from, latest, start_of
from public.oparl.selectors.files import changed, changed_since

# --- When a meeting was made and last changed ----------------------------------------------------
#
# Every change of a meeting, its agenda, attendance, paragraphs, signing and appeals records a
# MeetingEvent (organisation.services.record_meeting_event): the first is when it was made, the
# latest when it last changed. Beside them: its documents stored (the protocol is rendered after
# the signing's event) and the day its decisions gained legal force, which no event marks. A
# meeting recorded without events (none is, through the services) was made on its own day.


def _events(meeting: str):
    return MeetingEvent.objects.filter(meeting=OuterRef(meeting))


def meeting_moments(meeting: str = "pk") -> dict:
    """Annotations on a queryset of Meeting (or, with `meeting` naming the relation, of rows that
    belong to one): its first and latest event, its latest public document, and whether any of its
    decisions can gain legal force (one not preparatory and not appealed)."""
    return {
        "first_change": Subquery(_events(meeting).order_by("recorded_at", "id").values("recorded_at")[:1]),
        "last_change": Subquery(_events(meeting).order_by("-recorded_at", "-id").values("recorded_at")[:1]),
        "last_document": Subquery(RenderedDocument.objects.filter(meeting=OuterRef(meeting), archived=True)
                                  .annotate(changed=changed("rendered_at")).order_by("-changed")
                                  .values("changed")[:1]),
        "can_gain_force": Exists(MinuteItem.objects.filter(meeting=OuterRef(meeting), appeals__isnull=True)
                                 .exclude(decision__in=sorted(PREPARATORY))),
    }


def meeting_created(meeting: Meeting, annotated) -> datetime.datetime:
    """`annotated`: the row meeting_moments annotated (the meeting itself, or an agenda item)."""
    return annotated.first_change or start_of(meeting.date)


def meeting_modified(meeting: Meeting, annotated, *, today: datetime.date) -> datetime.datetime:
    in_force = None
    if meeting.is_signed and annotated.can_gain_force and meeting.appeal_until < today:
        in_force = start_of(meeting.appeal_until + datetime.timedelta(days=1))
    return latest(meeting_created(meeting, annotated), annotated.last_change, annotated.last_document, in_force)


def meeting_created_since(moment: datetime.datetime, meeting: str = "pk") -> Q:
    """The meetings (or rows of one) made at `moment` or later, as meeting_created says."""
    events = _events(meeting)
    field = "date" if meeting == "pk" else f"{meeting}__date"
    return ((Q(Exists(events)) & ~Q(Exists(events.filter(recorded_at__lt=moment))))
            | (~Q(Exists(events)) & Q(**{f"{field}__gte": first_day_from(moment)})))


def meeting_changed_since(moment: datetime.datetime, *, today: datetime.date, meeting: str = "pk") -> Q:
    """The meetings (or rows of one) whose meeting_modified is `moment` or later."""
    return (Q(Exists(_events(meeting).filter(recorded_at__gte=moment)))
            | Q(Exists(RenderedDocument.objects.filter(changed_since(moment, "rendered_at"), archived=True,
                                                       meeting=OuterRef(meeting))))
            | Q(Exists(MinuteItem.objects.filter(in_force_between(first_day_from(moment), today, today=today),
                                                 meeting=OuterRef(meeting))))
            | meeting_created_since(moment, meeting))


# --- Meetings and agenda items -------------------------------------------------------------------

def meetings():
    """Every meeting, with what a batch of them needs to be written out: the agenda, who served
    and who came and left, the public documents, and the moments above."""
    return (Meeting.objects.select_related("body__municipality").annotate(**meeting_moments())
            .prefetch_related(
                Prefetch("agenda", to_attr="agenda_list",
                         queryset=AgendaItem.objects.select_related("motion").order_by("position")),
                Prefetch("attendance", to_attr="attendance_list",
                         queryset=Attendance.objects.select_related("person", "party", "replaces")),
                Prefetch("attendance_changes", to_attr="attendance_change_list",
                         queryset=AttendanceChange.objects.select_related("person", "replaced_by")),
                Prefetch("documents", to_attr="public_documents",
                         queryset=public_minute_documents(RenderedDocument.objects.filter(item__isnull=True))
                         .order_by("kind", "pk")),
            ))


def agenda_items():
    """Every agenda item (agendas are public), with its meeting's moments (an item changes with
    its meeting: its paragraph, votes and legal force are recorded there)."""
    return (AgendaItem.objects.select_related("meeting__body__municipality", "motion")
            .annotate(**meeting_moments("meeting")))


def paragraphs_of(agenda_items: list[AgendaItem]) -> dict[tuple[int, int], MinuteItem]:
    """The public paragraphs of the agenda items, by (meeting id, number): an item's paragraph has
    the number reserved for it on the agenda. With what the item shows of them: votes with their
    ballots, appeals, the decision per operative clause and the extract as signed. A fixed number of
    queries."""
    keys = {(item.meeting_id, item.number) for item in agenda_items if item.number is not None}
    if not keys:
        return {}
    paragraphs = (
        MinuteItem.objects.filter(public_paragraphs(), meeting_id__in={meeting for meeting, _ in keys},
                                  number__in={number for _, number in keys})
        .select_related("meeting__body")
        .prefetch_related(
            Prefetch("appeals", to_attr="appeal_list"),
            Prefetch("votes", to_attr="vote_list", queryset=Vote.objects.prefetch_related(
                Prefetch("ballots", to_attr="ballot_list",
                         queryset=Ballot.objects.select_related("person", "party", "replaces")))),
            Prefetch("clause_decisions", to_attr="clause_decision_list",
                     queryset=ClauseDecision.objects.select_related("clause")),
            Prefetch("documents", to_attr="public_extracts",
                     queryset=public_minute_documents(RenderedDocument.objects.filter(kind=RenderedDocument.Kind.EXTRACT)
                                                      .select_related("meeting__body", "item"))),
        )
    )
    return {(item.meeting_id, item.number): item for item in paragraphs if (item.meeting_id, item.number) in keys}
