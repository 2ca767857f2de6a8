"""Reads for the case pages: each page in a fixed number of queries."""

import datetime
from dataclasses import dataclass

from django.core.cache import cache
from django.db.models import Count, Exists, IntegerField, OuterRef, Prefetch, Q, Subquery
from django.db.models.functions import Coalesce, Lower
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from archive import access as archive_access
from archive.selectors import refusal as archive_refusal
from decisions import access as decision_access
from decisions.models import PREPARATORY, AgendaItem, Decision, FiledMotion, MinuteItem, RenderedDocument
from decisions.selectors.case_steps import minute_steps, upcoming_agenda
from decisions.selectors.disclosure import public_status, undisclosed_events
from decisions.selectors.documents import archived_extracts
from decisions.selectors.meetings import legal_status
from documents import access as document_access
from documents.models import CaseDocument
from documents.selectors import documents_of
from lib.listing import Column, SortKey
from motions import access as motion_access
from motions import rules
from motions.models import CLOSED, STATUS_ORDER, TRANSITIONS, Motion, MotionEvent, Mover, Status
from motions.search import search
from motions.services import officer_name
from organisation.models import Body, Meeting, MeetingEvent, Municipality, Party, Person
from organisation.selectors import reference_generation
from publication.selectors import shown
from referrals import access as referral_access
from referrals import rules as referral_rules
from referrals.models import Referral
from referrals.services import REFERABLE_KINDS
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


def _referrals(statuses) -> Subquery:
    """How many of the case's referrals have one of `statuses`: a subquery the
    database runs for the rows it returns (a page's 25), not for the whole table."""
    counted = (Referral.objects.filter(motion=OuterRef("pk"), status__in=statuses).order_by()
               .values("motion").annotate(n=Count("pk")).values("n"))
    return Coalesce(Subquery(counted, output_field=IntegerField()), 0)


# The case list's columns that order it (lib.listing.Sorting), the latest filed first by default.
# Each is read in the order of an index on Motion (motions.models), so that a page is found
# without sorting the table. A status orders by the path's order (STATUS_ORDER), not its label.
CASE_SORTS = {
    "title": SortKey((Lower("title"),)),
    "filed": SortKey(("filed_on",), latest_first=True),
    "status": SortKey((STATUS_ORDER,)),
}
CASE_DEFAULT_SORT = "-filed"


def case_list(filters: dict | None = None, *, today: datetime.date | None = None, order: list | None = None,
              scope: Q | None = None):
    """Motions for the case list (within `scope`, a person's own list),
    filtered and ordered in the database; in a fixed number of queries. Each
    row has its referrals' counts (`referral_count`, `answered_count`); its
    status in its organisation's words is added to the rows shown (status_labels)."""
    filters = filters or {}
    today = today or timezone.localdate()
    motions = (
        Motion.objects.select_related("municipality")
        .prefetch_related(Prefetch("movers", queryset=Mover.objects.select_related("person", "party")))
        .annotate(
            referral_count=_referrals([Referral.Status.SENT, Referral.Status.ANSWERED, Referral.Status.DECLINED]),
            answered_count=_referrals([Referral.Status.ANSWERED, Referral.Status.DECLINED]),
        )
        .order_by(*(order or ["-filed_on", "-id"]))
    )
    if scope is not None:
        motions = motions.filter(scope)
    if filters.get("q"):
        motions = search(motions, filters["q"])
    if filters.get("organisation"):
        motions = motions.filter(municipality=filters["organisation"])
    status = filters.get("status")
    if status == "open":
        motions = motions.exclude(status__in=CLOSED)
    elif status:
        motions = motions.filter(status=status)
    if filters.get("year"):
        # A range, not the year extracted from every row: the index on filed_on serves it.
        year = filters["year"]
        motions = motions.filter(filed_on__gte=datetime.date(year, 1, 1), filed_on__lt=datetime.date(year + 1, 1, 1))
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


def paths_of(municipality_ids) -> dict[int, rules.PreparationPath]:
    """The organisations' paths of preparation (rules.path_of), kept in the cache
    until the reference data changes (organisation.services.forget_reference_data):
    a page of cases from 25 organisations reads none, or the missing ones."""
    generation = reference_generation()
    keys = {f"path:{generation}:{pk}": pk for pk in set(municipality_ids)}
    found = cache.get_many(list(keys))
    paths = {keys[key]: path for key, path in found.items()}
    missing = [pk for key, pk in keys.items() if key not in found]
    if missing:
        paths.update(rules.paths_of(Municipality.objects.filter(pk__in=missing)))
        cache.set_many({f"path:{generation}:{pk}": paths[pk] for pk in missing if pk in paths}, timeout=None)
    return paths


def status_labels(motions) -> list:
    """The rows shown, each with `status_label`: its status in its
    organisation's words (rules.status_label)."""
    motions = list(motions)
    paths = paths_of(motion.municipality_id for motion in motions)
    for motion in motions:
        motion.status_label = paths[motion.municipality_id].label(motion.status)
    return motions


def case_columns(*, today: datetime.date, organisations: bool) -> list[Column]:
    """The case list's export: what the page shows, one value a cell."""
    def overdue(motion):
        return motion.status not in CLOSED and rules.is_past_one_year_mark(motion.filed_on, today)

    paths = {}

    def status(motion):
        if motion.municipality_id not in paths:
            paths.update(paths_of([motion.municipality_id]))
        return paths[motion.municipality_id].label(motion.status)

    return [
        Column(_("Diarienummer"), lambda m: m.case_number, 16),
        *([Column(_("Organisation"), lambda m: m.municipality.name, 24)] if organisations else []),
        Column(_("Rubrik"), lambda m: m.title, 60),
        Column(_("Motionärer"), lambda m: ", ".join(str(mover) for mover in m.movers.all()), 40),
        Column(_("Väckt"), lambda m: m.filed_on, 12),
        Column(_("Status"), status, 30),
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
              events: list, status: str) -> list[Stage]:
    """The path as a line of stages with their dates: filed, referred,
    prepared, then the organisation's own bodies in order (its preparing
    committee, if it has one; its board; its council). `items` and `events`
    are those the reader may see, `status` the case's status as they may know it."""
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
         path.label(status) if status in CLOSED else ""),
    ]
    result, current_found = [], False
    last_done = max((i for i, stage in enumerate(stages) if stage[1]), default=0)
    for index, (label, date, detail) in enumerate(stages):
        if date is not None:
            state = "done"
        elif index < last_done or status in CLOSED:
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
                queryset=MinuteItem.objects.select_related("meeting__body", "body").prefetch_related(
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
    registry = decision_access.can(user, decision_access.RECORD)
    events = list(motion.events.all())
    # A board's or committee's paragraph before its minutes are signed is the registry's: its events,
    # and the status it moved the case to, are not shown to others (decisions.selectors.disclosure).
    hidden = set() if registry else undisclosed_events(motion, events)
    status = public_status(motion, events, hidden) if hidden else motion.status
    events = [event for event in events if event.pk not in hidden]
    path = rules.path_of(motion.municipality)
    for event in events:
        event.from_label = path.label(event.from_status) if event.from_status else ""
        event.to_label = path.label(event.to_status)
    # The case's paragraphs, with a filing paragraph of several motions.
    joint = [item for item in motion.filing_items.select_related("meeting__body", "body").prefetch_related(
                 "appeals", "rectifications")
             if item.motion_id is None]
    items = sorted([*motion.minute_items.all(), *joint], key=lambda item: (item.meeting.date, item.number or 0))
    decided = rules.decided_on(events)
    today = today or timezone.localdate()
    for referral in referrals:
        referral.overdue = referral_rules.is_overdue(referral, today)
        referral.days_late = -referral_rules.days_left(referral, today)
    actions = _actions(motion, user)
    extracts = archived_extracts([item.pk for item in items])
    for item in items:
        item.readable = decision_access.can_read_minutes(user, item.meeting)
        # What it decided: the council's at once, a board's or committee's once its minutes are signed.
        item.decision_shown = decision_access.can_see_decision(user, item)
        # The extract signed with the minutes is linked once published (or for the registry, with its state).
        extract = extracts.get(item.pk)
        item.extract = shown(extract, registry=registry) if extract is not None else None
        if item.extract is not None and not item.extract.published and not registry:
            item.readable = False
        item.legal_status = legal_status(item, today)
        item.appealable = registry and item.meeting.is_signed and item.decision not in PREPARATORY
        # Before signing a paragraph is opened again or undone; after, it gets a correction note.
        item.correctable = registry and not item.meeting.is_signed and item.decision != Decision.FILE
        item.rectifiable = registry and item.meeting.is_signed
    corrections, undoing = _corrections(motion, user)
    # The archive package: the registry's, once the case is closed and its decisions have legal force.
    archive_package = (reverse("archive:package", args=[motion.case_number])
                       if archive_access.can_take(user) and motion.is_closed
                       and archive_refusal(motion, today=today, items=items) is None else None)
    return {
        "motion": motion,
        "status": path.label(status),
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
        "progress": _progress(motion, path, referrals, [item for item in items if item.decision_shown], events,
                              status),
        "actions": [action for action in actions if not action.destructive],
        "destructive_actions": [action for action in actions if action.destructive],
        "corrections": corrections,
        "undoing": undoing,
        "registry": registry,
        "agenda": upcoming_agenda(motion),
        "following": user.is_authenticated and Follow.objects.filter(user=user, motion=motion).exists(),
        "officer": officer_name(motion.case_officer),
        "archive_package": archive_package,
    }


# --- The case list's filter form -------------------------------------------------

def filter_choices(municipality_id: int | None) -> dict:
    """The choices of the case list's filters (cases.forms.CaseFilterForm) for the
    organisation chosen (None: the first one): the organisations, the statuses of
    its path in its words, the parties, its people (the movers) and the bodies that
    can take a referral. Limited to one organisation, so that a national
    installation offers tens of names, not tens of thousands. Kept in the cache
    until the reference data changes (organisation.selectors.reference_generation)."""
    key = f"case-filters:{reference_generation()}:{get_language()}:{municipality_id}"
    choices = cache.get(key)
    if choices is None:
        organisations = list(Municipality.objects.order_by("name").values_list("pk", "name"))
        chosen = municipality_id if municipality_id in {pk for pk, _name in organisations} else None
        if chosen is None and organisations:
            chosen = min(pk for pk, _name in organisations)  # as home_municipality
        municipality = Municipality.objects.get(pk=chosen) if chosen else None
        choices = {
            "organisation": municipality.name if municipality else "",
            "organisations": organisations,
            "statuses": rules.status_choices(municipality),
            "parties": list(Party.objects.order_by("abbreviation").values_list("abbreviation", "pk")),
            "movers": list(Person.objects.filter(municipality_id=chosen).order_by("name").values_list("pk", "name")),
            "bodies": list(Body.objects.filter(municipality_id=chosen, kind__in=REFERABLE_KINDS)
                           .order_by("name").values_list("pk", "name")),
        }
        cache.set(key, choices, timeout=None)
    return choices


# --- The public case page, cached --------------------------------------------------

def _last_meeting_change(meetings) -> Subquery:
    """The latest recorded change (MeetingEvent) of the meetings in `meetings`:
    every change of a meeting (its agenda, paragraphs, signing, appeals, correction notes) records one."""
    return Subquery(MeetingEvent.objects.filter(meeting__in=meetings).order_by("-id").values("id")[:1])


def _last_review(documents) -> Subquery:
    """The latest publication review (publish, withhold) of `documents`: every review sets reviewed_at."""
    return Subquery(documents.filter(reviewed_at__isnull=False).order_by("-reviewed_at").values("reviewed_at")[:1])


def public_case_key(case_number: str) -> tuple[str, Motion]:
    """The cache key of the case page as the public sees it, and the motion (its
    number and title, for the page's title). The key changes with everything the
    page shows: the case's version (Motion.version, bumped by every step and
    correction), the latest change of each meeting the case is at (its paragraphs,
    its agenda, its filing, its signing), the latest publication review of the
    case's documents and of its paragraphs' extracts, the reference data's
    generation (names of bodies and people), the day (days left, overdue
    referrals, legal force) and the language; one query."""
    motion = get_object_or_404(
        Motion.objects.only("pk", "case_number", "title", "version", "filed_meeting").annotate(
            items_changed=_last_meeting_change(MinuteItem.objects.filter(motion=OuterRef(OuterRef("pk")))
                                               .values("meeting")),
            filing_changed=_last_meeting_change(FiledMotion.objects.filter(motion=OuterRef(OuterRef("pk")))
                                                .values("item__meeting")),
            agenda_changed=_last_meeting_change(AgendaItem.objects.filter(motion=OuterRef(OuterRef("pk")))
                                                .values("meeting")),
            filed_changed=_last_meeting_change(Meeting.objects.filter(pk=OuterRef(OuterRef("filed_meeting")))
                                               .values("pk")),
            documents_reviewed=_last_review(CaseDocument.objects.filter(motion=OuterRef("pk"))),
            extracts_reviewed=_last_review(RenderedDocument.objects.filter(
                Q(item__motion=OuterRef("pk"))
                | Q(item__in=FiledMotion.objects.filter(motion=OuterRef(OuterRef("pk"))).values("item")),
                archived=True)),
        ),
        case_number=case_number,
    )
    key = ":".join(str(part) for part in (
        "public-case", motion.pk, motion.version, motion.items_changed, motion.filing_changed, motion.agenda_changed,
        motion.filed_changed, *(moment.isoformat() if moment else None
                                for moment in (motion.documents_reviewed, motion.extracts_reviewed)),
        reference_generation(),
        timezone.localdate().isoformat(), get_language()))
    return key, motion
