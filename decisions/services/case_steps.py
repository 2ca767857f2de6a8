"""Preparing and deciding a motion: the draft decision and the steps along
the organisation's path of preparation (motions.rules.preparation_path): the
board's preparing committee where there is one, the board and the council,
each a paragraph at a meeting."""

import datetime

from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from decisions.models import (
    AgendaItem,
    Decision,
    DraftDecision,
    MinuteItem,
    Outcome,
)
from decisions.selectors.case_steps import (
    STEP_DEFER,
    STEP_HANDLE,
    STEP_SEND_BACK,
    STEP_STRIKE_OFF,
)
from decisions.services.meetings import append_to_agenda
from decisions.services.paragraphs import MinuteRecord, check_clauses, create_paragraph
from lib.errors import DomainError, Problems, TransitionError
from lib.sentences import Sentence
from lib.swedish import in_swedish, join_list
from motions import rules
from motions.models import Motion, MotionEvent, Status
from motions.services import (
    advance,
    check_date,
    check_transition,
    lock_motion,
    record_event,
)
from organisation.models import Body, Meeting
from organisation.services import check_open, lock_meeting
from referrals.models import Referral
from referrals.services import withdraw_referral


def _outcome(value: str, field: str) -> Outcome:
    try:
        return Outcome(value)
    except ValueError:
        raise DomainError(
            _("Okänt beslut %(value)r; möjliga: %(choices)s.")
            % {"value": value, "choices": ", ".join(str(label) for label in Outcome.labels)},
            field=field,
        ) from None


_OUTCOME_STATUS = {
    Outcome.APPROVE: Status.APPROVED,
    Outcome.PARTLY_APPROVE: Status.PARTLY_APPROVED,
    Outcome.REJECT: Status.REJECTED,
    Outcome.DEEM_ANSWERED: Status.ANSWERED,
    Outcome.STRIKE_OFF: Status.STRUCK_OFF,
}


@transaction.atomic
def prepare_draft_decision(
    motion: Motion,
    *,
    drafted_on: datetime.date,
    proposal: str,
    summary: str = "",
    by,
    version: int | None = None,
) -> DraftDecision:
    """Record the administration's report and its proposed decision.

    Precondition: no referral is still waiting for an answer (withdraw it
    first), and the report is not dated before the last answer.
    """
    motion = lock_motion(motion, version=version)
    check_transition(motion, Status.PREPARED)
    proposal = _outcome(proposal, "proposal")
    # Every problem at once, so that the form shows them together.
    problems = Problems()
    if proposal == Outcome.PARTLY_APPROVE and motion.clauses.count() < 2:
        problems.add(DomainError(
            _("Delvis bifall förutsätter minst två att-satser, så att någon kan bifallas och någon avslås."),
            field="proposal",
        ))
    open_bodies = [
        r.body.name for r in motion.referrals.filter(status=Referral.Status.SENT).select_related("body")
    ]
    if open_bodies:
        problems.add(DomainError(
            _("Remissvar saknas från %(bodies)s; vänta på svaren eller återkalla remisserna.")
            % {"bodies": ", ".join(open_bodies)},
            field="referrals",
        ))
    last_answer = (
        motion.referrals.filter(response__isnull=False).aggregate(last=Max("response__decided_on"))
    )["last"]
    if last_answer and drafted_on < last_answer:
        problems.add(DomainError(
            _("Tjänsteskrivelsen (%(on)s) kan inte dateras före det senaste remissvaret (%(last)s).")
            % {"on": drafted_on.isoformat(), "last": last_answer.isoformat()},
            field="drafted_on",
        ))
    else:
        problems.check(check_date, motion, drafted_on)
    problems.raise_any()
    advance(
        motion, to=Status.PREPARED, kind=MotionEvent.Kind.PREPARED, on=drafted_on, by=by,
        description=Sentence(in_swedish(proposal.label)),  # a choice's label: its message id
    )
    return DraftDecision.objects.create(
        motion=motion, drafted_on=drafted_on, proposal=proposal, summary=summary.strip()
    )


def _check_meeting(motion: Motion, meeting: Meeting, bodies: list[Body]) -> None:
    """The meeting is one of `bodies`' (the bodies that take the step)."""
    body = meeting.body
    if body.municipality_id != motion.municipality_id:
        raise DomainError(_("Sammanträdet hör till en annan organisation än ärendet."), field="meeting")
    if body not in bodies:
        raise DomainError(
            _("%(body)s kan inte behandla det här steget; det görs av %(bodies)s.")
            % {"body": body, "bodies": join_list([str(other) for other in bodies]) or _("inget organ")},
            field="meeting",
        )


def _handle(
    motion: Motion, *, meeting: Meeting, bodies: list[Body] | None = None, to: str | None, kind: str,
    decision: str, proposal: str = "", reason: str = "", clauses=None,
    record: MinuteRecord | None, by, version,
) -> MinuteItem:
    """Record a minute item on the motion and move it to status `to` (None:
    the status stays, as when a case is deferred). `bodies`: those that can
    take the step (default: every body on the path)."""
    motion = lock_motion(motion, version=version)
    check_open(meeting)
    path = rules.path_of(motion.municipality)
    _check_meeting(motion, meeting, path.bodies if bodies is None else bodies)
    record = record or MinuteRecord()
    # Check the step before numbering, so that a refused step takes no number.
    if to is None:
        _check_waiting_at(motion, meeting, path)
    else:
        # On the organisation's path: a prepared case goes to its preparing committee, if it has one.
        check_transition(motion, to)
    check_date(motion, meeting.date, field="meeting")
    item = create_paragraph(
        motion, meeting, record, decision=decision, proposal=proposal,
        reason=reason, clauses=check_clauses(motion, clauses, proposal or decision), by=by,
    )
    description = f"{meeting.body.name} § {item.number}"
    if to is None:
        record_event(motion, kind=kind, on=meeting.date, by=by, description=description,
                     reason=reason)
    else:
        advance(motion, to=to, kind=kind, on=meeting.date, by=by, description=description,
                reason=reason)
    return item


@transaction.atomic
def handle_at_working_committee(
    motion: Motion,
    *,
    meeting: Meeting,
    proposal: str | None = None,
    clauses: dict[int, bool] | None = None,
    record: MinuteRecord | None = None,
    by,
    version: int | None = None,
) -> MinuteItem:
    """The board's preparing committee (Municipality.preparing_committee:
    "arbetsutskottet", "allmänna utskottet") prepares the case for the board:
    it hands it over without a position of its own (no `proposal`), or
    proposes one. Refused where the organisation has no preparing committee:
    there the board prepares the case directly (handle_at_board)."""
    decision = Decision.PROPOSE if proposal else Decision.HAND_OVER
    path = rules.path_of(motion.municipality)
    if path.committee is None:
        raise DomainError(
            _("%(organisation)s har inget beredande utskott: %(board)s bereder motionerna direkt inför "
              "%(council)s. Protokollför ärendet i %(board)s i stället.")
            % {"organisation": motion.municipality, "board": path.board or _("styrelsen"),
               "council": path.council.name_in_sentence if path.council else _("fullmäktige")},
            field="meeting",
        )
    return _handle(
        motion, meeting=meeting, bodies=[path.committee],
        to=Status.WORKING_COMMITTEE, kind=MotionEvent.Kind.HANDLED, decision=decision,
        proposal=_outcome(proposal, "proposal") if proposal else "", clauses=clauses, record=record,
        by=by, version=version,
    )


@transaction.atomic
def handle_at_board(
    motion: Motion,
    *,
    meeting: Meeting,
    proposal: str,
    clauses: dict[int, bool] | None = None,
    record: MinuteRecord | None = None,
    by,
    version: int | None = None,
) -> MinuteItem:
    """The board proposes the council's decision ("föreslår kommunfullmäktige
    besluta"), after its preparing committee or, where the organisation has
    none, straight after the case was prepared."""
    path = rules.path_of(motion.municipality)
    return _handle(
        motion, meeting=meeting, bodies=[path.board] if path.board else [], to=Status.BOARD,
        kind=MotionEvent.Kind.HANDLED, decision=Decision.PROPOSE,
        proposal=_outcome(proposal, "proposal"),
        clauses=clauses, record=record, by=by, version=version,
    )


@transaction.atomic
def decide_at_council(
    motion: Motion,
    *,
    meeting: Meeting,
    outcome: str,
    clauses: dict[int, bool] | None = None,
    reason: str = "",
    record: MinuteRecord | None = None,
    by,
    version: int | None = None,
) -> MinuteItem:
    """The council's final decision; the case is closed by it.

    Side effect: when the motion is struck off before its preparation was
    done, referrals still waiting for an answer are withdrawn.
    """
    outcome = _outcome(outcome, "outcome")
    council = rules.path_of(motion.municipality).council
    councils = [council] if council else []
    if outcome == Outcome.STRIKE_OFF:
        locked = lock_motion(motion, version=version)
        check_transition(locked, Status.STRUCK_OFF)
        check_open(meeting)
        _check_meeting(locked, meeting, councils)
        for referral in locked.referrals.filter(status=Referral.Status.SENT):
            withdraw_referral(referral, on=meeting.date, reason=Sentence(gettext_noop("Motionen avskrivs.")), by=by)
        version = None  # checked above; the withdrawals moved it on
    return _handle(
        motion, meeting=meeting, bodies=councils, to=_OUTCOME_STATUS[outcome],
        kind=MotionEvent.Kind.DECIDED, decision=Decision(outcome.value), reason=reason,
        clauses=clauses, record=record, by=by, version=version,
    )


def strike_off_motion(
    motion: Motion, *, meeting: Meeting, reason: str = "", record: MinuteRecord | None = None,
    by, version: int | None = None,
) -> MinuteItem:
    """The council strikes the motion off: withdrawn by its movers, or not
    prepared in time (KL 5 kap. 35 §)."""
    return decide_at_council(
        motion, meeting=meeting, outcome=Outcome.STRIKE_OFF, reason=reason, record=record,
        by=by, version=version,
    )


def _check_waiting_at(motion: Motion, meeting: Meeting, path: rules.PreparationPath) -> None:
    expected = [status for status in path.statuses_for(meeting.body) if status in path.statuses]
    if motion.status not in path.statuses_for(meeting.body):
        raise TransitionError(
            _("%(body)s behandlar ärenden med status %(expected)s; ärendet har status ”%(status)s”.")
            % {"body": meeting.body,
               "expected": _(" eller ").join(f"”{path.label(status)}”" for status in expected),
               "status": path.label(motion.status)},
        )


@transaction.atomic
def put_on_agenda(motion: Motion, *, meeting: Meeting, by) -> AgendaItem:
    """Put the case on the agenda of the meeting that is to handle it next.

    The meeting may lie ahead; it may not lie before the case's latest step.
    Not a step of the case itself: the paragraph recorded at the meeting is.
    """
    motion = lock_motion(motion)
    path = rules.path_of(motion.municipality)
    _check_meeting(motion, meeting, path.bodies)
    if not rules.can_be_handled_by(motion.status, meeting.body, path=path):
        _check_waiting_at(motion, meeting, path)
    if meeting.date < motion.last_step_on:
        raise DomainError(
            _("Sammanträdet %(on)s ligger före föregående steg i ärendet (%(since)s).")
            % {"on": meeting.date.isoformat(), "since": motion.last_step_on.isoformat()},
            field="meeting",
        )
    meeting = lock_meeting(meeting)  # one position at a time
    if AgendaItem.objects.filter(meeting=meeting, motion=motion).exists():
        raise DomainError(_("Ärendet står redan på föredragningslistan för %(meeting)s.") % {"meeting": meeting},
                          field="meeting")
    return append_to_agenda(meeting, motion=motion, by=by)


@transaction.atomic
def defer_motion(
    motion: Motion, *, meeting: Meeting, reason: str = "", record: MinuteRecord | None = None,
    by, version: int | None = None,
) -> MinuteItem:
    """The body defers the case (bordlägger) to a later meeting; its status stays."""
    return _handle(
        motion, meeting=meeting, to=None,
        kind=MotionEvent.Kind.DEFERRED, decision=Decision.DEFER, reason=reason, record=record,
        by=by, version=version,
    )


@transaction.atomic
def send_back_motion(
    motion: Motion, *, meeting: Meeting, reason: str, record: MinuteRecord | None = None,
    by, version: int | None = None,
) -> MinuteItem:
    """The body sends the case back for more preparation (återremiss), with a stated reason."""
    if not reason.strip():
        raise DomainError(_("En återremiss måste ha en motivering."), field="reason")
    motion = lock_motion(motion, version=version)
    path = rules.path_of(motion.municipality)
    _check_meeting(motion, meeting, path.bodies)
    _check_waiting_at(motion, meeting, path)
    return _handle(
        motion, meeting=meeting, to=Status.SENT_BACK,
        kind=MotionEvent.Kind.SENT_BACK, decision=Decision.SEND_BACK, reason=reason,
        record=record, by=by, version=None,
    )


@transaction.atomic
def record_minute_item(
    motion: Motion,
    *,
    step: str,
    meeting: Meeting,
    outcome: str | None = None,
    clauses: dict[int, bool] | None = None,
    reason: str = "",
    record: MinuteRecord | None = None,
    by,
    version: int | None = None,
) -> MinuteItem:
    """Record the paragraph `meeting` (one of the meeting plan's) gave the
    case: `step` is handle, defer, send_back or strike_off
    (decisions.selectors.case_steps.minute_steps says which are possible now).
    """
    proposal = ""
    if step == STEP_HANDLE:
        # The handle step's decision depends on the body's place on the path:
        # the preparing committee hands over or proposes, the board proposes,
        # the council decides.
        place = rules.path_of(motion.municipality).place_of(meeting.body)
        if place == Body.Kind.WORKING_COMMITTEE:
            decision, proposal = (Decision.PROPOSE, outcome) if outcome else (Decision.HAND_OVER, "")
        elif not outcome:
            raise DomainError(_("Välj beslutet eller förslaget."), field="proposal")
        elif place == Body.Kind.EXECUTIVE_BOARD:
            decision, proposal = Decision.PROPOSE, outcome
        else:
            decision = outcome
    else:
        decision = {STEP_DEFER: Decision.DEFER, STEP_SEND_BACK: Decision.SEND_BACK,
                    STEP_STRIKE_OFF: Decision.STRIKE_OFF}.get(step)
        if decision is None:
            raise DomainError(_("Okänt steg %(step)r.") % {"step": step}, field="step")
    return record_decision(motion, meeting=meeting, decision=decision,
                           proposal=proposal, clauses=clauses, reason=reason, record=record, by=by,
                           version=version)


@transaction.atomic
def record_decision(
    motion: Motion,
    *,
    meeting: Meeting,
    decision: str,
    proposal: str = "",
    clauses: dict[int, bool] | None = None,
    reason: str = "",
    record: MinuteRecord | None = None,
    by,
    version: int | None = None,
) -> MinuteItem:
    """Record the paragraph of `decision` on the case at the meeting: the one
    place that says which step each decision is (the web form, through
    record_minute_item, and the case-file import both come here)."""
    common = {"meeting": meeting, "record": record, "by": by, "version": version}
    place = rules.path_of(motion.municipality).place_of(meeting.body)
    if decision == Decision.DEFER:
        return defer_motion(motion, reason=reason, **common)
    if decision == Decision.SEND_BACK:
        return send_back_motion(motion, reason=reason, **common)
    if decision == Decision.STRIKE_OFF:
        return strike_off_motion(motion, reason=reason, **common)
    if decision in (Decision.HAND_OVER, Decision.PROPOSE) and place == Body.Kind.WORKING_COMMITTEE:
        return handle_at_working_committee(motion, proposal=proposal or None, clauses=clauses, **common)
    if decision == Decision.HAND_OVER:
        raise DomainError(_("Bara det beredande utskottet överlämnar ärenden utan eget ställningstagande."),
                          field="decision")
    if decision == Decision.PROPOSE:
        return handle_at_board(motion, proposal=proposal, clauses=clauses, **common)
    if decision == Decision.OTHER:
        raise DomainError(_("Ett övrigt ärende protokollförs från sammanträdets sida, inte på ett ärende."),
                          field="decision")
    return decide_at_council(motion, outcome=decision, clauses=clauses, reason=reason, **common)
