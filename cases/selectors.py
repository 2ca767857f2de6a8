"""Reads for the case pages: each page in a fixed number of queries."""

import datetime
from dataclasses import dataclass

from django.db.models import Case, CharField, Count, Exists, F, OuterRef, Prefetch, Q, Value, When
from django.db.models.functions import Lower
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from decisions import access as decision_access
from decisions.models import PREPARATORY, Decision, MinuteItem
from decisions.selectors.case_steps import minute_steps, upcoming_agenda
from decisions.selectors.meetings import legal_status
from documents import access as document_access
from documents.selectors import documents_of
from lib.listing import Column, SortKey
from motions import access as motion_access
from motions import rules
from motions.models import CLOSED, TRANSITIONS, Motion, MotionEvent, Mover, Status
from motions.search import search
from motions.services import officer_name
from organisation.models import Municipality
from referrals import access as referral_access
from referrals import rules as referral_rules
from referrals.models import Referral
from reminders.models import Follow


@dataclass(frozen=True)
class Deadline:
    """The one-year mark (KL 5 kap. 35 §) as the case page shows it.

    For an open case, `days` counts from today; for a closed case, from the
    council's decision. `over` says whether that day is past the mark.
    """

    date: datetime.date
    days: int
    over: bool
    closed: bool


def one_year_deadline(motion: Motion, *, today: datetime.date, decided_on: datetime.date | None) -> Deadline:
    closed = motion.status in CLOSED and decided_on is not None
    day = decided_on if closed else today
    return Deadline(date=rules.one_year_mark(motion.filed_on),
                    days=abs(rules.days_to_one_year_mark(motion.filed_on, day)),
                    over=rules.is_past_one_year_mark(motion.filed_on, day), closed=closed)


def _status_labels() -> Case:
    """Each case's status in its organisation's words (rules.status_label), as
    `status_label`: where a case is after a paragraph names the body."""
    whens = []
    for municipality in Municipality.objects.all():
        path = rules.path_of(municipality)
        whens += [When(municipality_id=municipality.pk, status=status, then=Value(path.label(status)))
                  for status in (Status.WORKING_COMMITTEE, Status.BOARD)]
    whens += [When(status=value, then=Value(str(label))) for value, label in Status.choices]
    return Case(*whens, default=F("status"), output_field=CharField())


# The case list's columns that order it (lib.listing.Sorting), the latest filed first by default.
CASE_SORTS = {
    "title": SortKey((Lower("title"),)),
    "filed": SortKey(("filed_on",), latest_first=True),
    "status": SortKey(("status_label",)),
}
CASE_DEFAULT_SORT = "-filed"


def case_list(filters: dict | None = None, *, today: datetime.date | None = None, order: list | None = None,
              scope: Q | None = None):
    """Motions for the case list (within `scope`, a person's own list),
    filtered and ordered in the database; in a fixed number of queries."""
    filters = filters or {}
    today = today or timezone.localdate()
    motions = (
        Motion.objects.select_related("municipality")
        .prefetch_related("movers__person", "movers__party")
        .annotate(
            status_label=_status_labels(),
            referral_count=Count("referrals", filter=~Q(referrals__status=Referral.Status.WITHDRAWN)),
            answered_count=Count(
                "referrals",
                filter=Q(referrals__status__in=[Referral.Status.ANSWERED, Referral.Status.DECLINED]),
            ),
        )
        .order_by(*(order or ["-filed_on", "-id"]))
    )
    if scope is not None:
        motions = motions.filter(scope)
    if filters.get("q"):
        motions = search(motions, filters["q"], ranked=order is None)
    if filters.get("organisation"):
        motions = motions.filter(municipality=filters["organisation"])
    status = filters.get("status")
    if status == "open":
        motions = motions.exclude(status__in=CLOSED)
    elif status:
        motions = motions.filter(status=status)
    if filters.get("year"):
        motions = motions.filter(filed_on__year=filters["year"])
    # Movers as subqueries, not joins: a join would count a case's referrals once per mover.
    if filters.get("party"):
        motions = motions.filter(Exists(Mover.objects.filter(motion=OuterRef("pk"), party=filters["party"])))
    if filters.get("mover"):
        motions = motions.filter(Exists(Mover.objects.filter(motion=OuterRef("pk"), person=filters["mover"])))
    if filters.get("body"):
        motions = motions.filter(Exists(Referral.objects.filter(
            motion=OuterRef("pk"), body=filters["body"], status=Referral.Status.SENT)))
    if filters.get("overdue"):
        motions = motions.exclude(status__in=CLOSED).filter(rules.past_one_year_mark(today))
    return motions


def case_columns(*, today: datetime.date, organisations: bool) -> list[Column]:
    """The case list's export: what the page shows, one value a cell."""
    def overdue(motion):
        return motion.status not in CLOSED and rules.is_past_one_year_mark(motion.filed_on, today)

    return [
        Column(_("Diarienummer"), lambda m: m.case_number, 16),
        *([Column(_("Organisation"), lambda m: m.municipality.name, 24)] if organisations else []),
        Column(_("Rubrik"), lambda m: m.title, 60),
        Column(_("Motionärer"), lambda m: ", ".join(str(mover) for mover in m.movers.all()), 40),
        Column(_("Väckt"), lambda m: m.filed_on, 12),
        Column(_("Status"), lambda m: m.status_label, 30),
        Column(_("Remisser"), lambda m: m.referral_count, 10),
        Column(_("Remissvar"), lambda m: m.answered_count, 10),
        Column(_("Över ettårsgränsen"), overdue, 12),
    ]


def my_cases_scope(user) -> Q:
    """The cases the user is the case officer (handläggare) of."""
    return Q(case_officer=user)


def my_motions_scope(user) -> Q:
    """The motions the councillor the user is (UserRole.person) has moved."""
    person = getattr(getattr(user, "role", None), "person", None)
    if person is None:
        return Q(pk__in=[])
    return Q(Exists(Mover.objects.filter(motion=OuterRef("pk"), person=person)))


def followed_scope(user) -> Q:
    """The cases the user follows (reminders.Follow)."""
    return Q(Exists(Follow.objects.filter(motion=OuterRef("pk"), user=user)))


@dataclass(frozen=True)
class Stage:
    label: str
    date: datetime.date | None
    state: str  # done, current, upcoming, skipped
    detail: str = ""


def _progress(motion: Motion, path: rules.PreparationPath, referrals: list, items: list,
              events: list) -> list[Stage]:
    """The path as a line of stages with their dates: filed, referred,
    prepared, then the organisation's own bodies in order (its preparing
    committee, if it has one; its board; its council)."""
    live = [r for r in referrals if r.status != Referral.Status.WITHDRAWN]
    answered = [r for r in live if r.status in (Referral.Status.ANSWERED, Referral.Status.DECLINED)]

    def last_item(body):
        found = [i for i in items if i.body_id == body.pk and i.decision not in ("defer",)]
        return found[-1].meeting.date if found else None

    prepared = [e.occurred_on for e in events if e.kind == MotionEvent.Kind.PREPARED]
    decided = rules.decided_on(events)
    stages = [
        (_("Väckt"), motion.filed_on, ""),
        (_("Remitterad"), live[0].sent_on if live else None,
         _("%(n)s av %(m)s har svarat") % {"n": len(answered), "m": len(live)} if live else ""),
        (_("Beredd"), prepared[-1] if prepared else None, ""),
        *[(body.name, last_item(body), "") for body in (path.committee, path.board) if body is not None],
        (path.council.name if path.council else _("Fullmäktige"), decided,
         path.label(motion.status) if motion.status in CLOSED else ""),
    ]
    result, current_found = [], False
    last_done = max((i for i, stage in enumerate(stages) if stage[1]), default=0)
    for index, (label, date, detail) in enumerate(stages):
        if date is not None:
            state = "done"
        elif index < last_done or motion.status in CLOSED:
            state = "skipped"
        elif not current_found:
            state, current_found = "current", True
        else:
            state = "upcoming"
        result.append(Stage(str(label), date, state, detail))
    return result


@dataclass(frozen=True)
class Action:
    label: str
    url: str
    # Withdrawing or undoing: shown apart, in red outline, and confirmed on its own page.
    destructive: bool = False


def _actions(motion: Motion, user) -> list[Action]:
    """The steps the lifecycle allows now, for a user allowed to take them."""
    allowed = TRANSITIONS[motion.status]
    actions = []
    manage = motion_access.can(user, motion_access.MANAGE)
    if manage and Status.REFERRED in allowed:
        actions.append(Action(_("Remittera"), reverse("referrals:refer", args=[motion.case_number])))
    record = decision_access.can(user, decision_access.RECORD)
    if record and Status.PREPARED in allowed:
        actions.append(Action(_("Registrera förslag till beslut"),
                              reverse("decisions:draft", args=[motion.case_number])))
    if record and minute_steps(motion):
        actions.append(Action(_("Sätt upp på föredragningslistan"),
                              reverse("decisions:agenda", args=[motion.case_number])))
        actions.append(Action(_("Protokollför behandling"),
                              reverse("decisions:minute_item", args=[motion.case_number])))
    if manage and Status.WITHDRAWN in allowed:
        actions.append(Action(_("Återkalla motionen"), reverse("referrals:withdraw_motion", args=[motion.case_number]),
                              destructive=True))
    return actions


def _corrections(motion: Motion, user) -> tuple[list[Action], list[Action]]:
    """What of the case the registry can still put right, and undo: the
    motion's own data and its latest draft decision, while the case is open."""
    if motion.is_closed or not motion_access.can(user, motion_access.MANAGE):
        return [], []
    corrections = [Action(_("Rätta motionens uppgifter"), reverse("motions:correct", args=[motion.case_number]))]
    undoing = []
    if decision_access.can(user, decision_access.RECORD) and motion.drafts.exists():
        corrections.append(Action(_("Rätta förslaget till beslut"),
                                  reverse("decisions:correct_draft", args=[motion.case_number])))
        undoing.append(Action(_("Ångra förslaget till beslut"),
                              reverse("decisions:undo_draft", args=[motion.case_number])))
    return corrections, undoing


def case_detail(case_number: str, *, user, today: datetime.date | None = None) -> dict:
    """The case page's data, ready to show."""
    motion = get_object_or_404(
        Motion.objects.select_related("municipality", "filed_meeting__body", "case_officer").prefetch_related(
            "movers__person", "movers__party", "clauses",
            Prefetch(
                "referrals",
                queryset=Referral.objects.select_related("body", "response").order_by("sent_on", "id"),
            ),
            Prefetch("events", queryset=MotionEvent.objects.select_related("recorded_by")),
            Prefetch(
                "minute_items",
                queryset=MinuteItem.objects.select_related("meeting", "body").prefetch_related(
                    "appeals", "rectifications").order_by(
                    "meeting__date", "number"
                ),
            ),
        ),
        case_number=case_number,
    )
    referrals = list(motion.referrals.all())
    for referral in referrals:
        referral.answerable = referral.is_open and referral_access.can_answer(user, referral)
        referral.manageable = referral.is_open and referral_access.can_manage(user, referral)
        # A recorded answer can be put right while the case is open.
        referral.answer_correctable = (referral.status in (Referral.Status.ANSWERED, Referral.Status.DECLINED)
                                       and not motion.is_closed and referral_access.can_manage(user, referral))
    live = [r for r in referrals if r.status != Referral.Status.WITHDRAWN]
    answered = [r for r in live if r.status in (Referral.Status.ANSWERED, Referral.Status.DECLINED)]
    events = list(motion.events.all())
    path = rules.path_of(motion.municipality)
    for event in events:
        event.from_label = path.label(event.from_status) if event.from_status else ""
        event.to_label = path.label(event.to_status)
    # The case's paragraphs, with a filing paragraph of several motions.
    joint = [item for item in motion.filing_items.select_related("meeting", "body").prefetch_related(
                 "appeals", "rectifications")
             if item.motion_id is None]
    items = sorted([*motion.minute_items.all(), *joint], key=lambda item: (item.meeting.date, item.number or 0))
    decided = rules.decided_on(events)
    today = today or timezone.localdate()
    for referral in referrals:
        referral.overdue = referral_rules.is_overdue(referral, today)
        referral.days_late = -referral_rules.days_left(referral, today)
    actions = _actions(motion, user)
    registry = decision_access.can(user, decision_access.RECORD)
    for item in items:
        item.readable = decision_access.can_read_minutes(user, item.meeting)
        item.legal_status = legal_status(item, today)
        item.appealable = registry and item.meeting.is_signed and item.decision not in PREPARATORY
        # Before signing a paragraph is opened again or undone; after, it gets a correction note.
        item.correctable = registry and not item.meeting.is_signed and item.decision != Decision.FILE
        item.rectifiable = registry and item.meeting.is_signed
    corrections, undoing = _corrections(motion, user)
    return {
        "motion": motion,
        "status": path.label(motion.status),
        "movers": list(motion.movers.all()),
        "clauses": list(motion.clauses.all()),
        "referrals": referrals,
        "referrals_live": len(live),
        "referrals_answered": len(answered),
        "today": today,
        "events": events,
        "minute_items": items,
        "case_documents": documents_of(motion, user=user),
        "can_manage_documents": document_access.can_manage(user),
        "deadline": one_year_deadline(motion, today=today, decided_on=decided),
        "progress": _progress(motion, path, referrals, items, events),
        "actions": [action for action in actions if not action.destructive],
        "destructive_actions": [action for action in actions if action.destructive],
        "corrections": corrections,
        "undoing": undoing,
        "registry": registry,
        "agenda": upcoming_agenda(motion),
        "following": user.is_authenticated and Follow.objects.filter(user=user, motion=motion).exists(),
        "officer": officer_name(motion.case_officer),
    }
