"""Putting right what was recorded at a meeting or in a draft decision.

Before signing, a paragraph can be opened again, fixed and recorded anew
(correct_paragraph), or undone when it was minuted by mistake
(undo_paragraph); a draft decision can be corrected or undone likewise.
After signing the minutes are never edited: an obvious slip is answered by a
correction note (rättelse) on the paragraph (record_rectification).

Each records who, when, what changed (before and after) and why: a
MotionEvent (CORRECTED or UNDONE) on the case, and a MeetingEvent on the
meeting for a paragraph.
"""

import datetime
import hashlib
import json

from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from decisions.models import (
    AgendaItem,
    ClauseDecision,
    Decision,
    DraftDecision,
    MinuteItem,
    Outcome,
    Rectification,
    RenderedDocument,
)
from decisions.selectors.disclosure import PARAGRAPH_KINDS
from decisions.services.paragraphs import check_clauses, record_version
from decisions.services.search import index_paragraph
from lib.errors import DomainError, TransitionError
from lib.sentences import Sentence, part_of
from lib.swedish import in_swedish
from motions import rules
from motions.models import Motion, MotionEvent, Status
from motions.services import (
    change,
    check_not_future,
    check_nothing_after,
    check_reason,
    lock_motion,
    record_correction,
    reset_step_dates,
    status_sentence,
    steps_of,
)
from organisation.models import Body, MeetingEvent
from organisation.services import lock_meeting, record_meeting_event

# The council's final decisions one may be corrected into another, and the status each gives.
COUNCIL_OUTCOMES = {
    Decision.APPROVE: Status.APPROVED,
    Decision.PARTLY_APPROVE: Status.PARTLY_APPROVED,
    Decision.REJECT: Status.REJECTED,
    Decision.DEEM_ANSWERED: Status.ANSWERED,
}


def paragraph_event(item: MinuteItem) -> MotionEvent | None:
    """The case's event of the paragraph (decisions.services.case_steps._handle writes it)."""
    if item.motion_id is None:
        return None
    return (item.motion.events.filter(kind__in=PARAGRAPH_KINDS, occurred_on=item.meeting.date,
                                      description=f"{item.meeting.body.name} § {item.number}")
            .order_by("-id").first())


def _event_of(item: MinuteItem) -> MotionEvent:
    """The paragraph's event, needed to move the case's status with it."""
    event = paragraph_event(item)
    if event is None:
        raise DomainError(
            _("Ärendets händelse för %(item)s finns inte (paragrafen fördes över utan den); ärendets status kan "
              "därför inte flyttas med paragrafen.") % {"item": item}, field="reason")
    return event


def _label(value: str, choices) -> str:
    """A choice's label as a record keeps it: its message id, the Swedish label."""
    return in_swedish(choices(value).label) if value else ""


def _choice(value: str, choices) -> Sentence | str:
    """A choice's label as a sentence to keep in a record, shown in the reader's language."""
    return Sentence(_label(value, choices)) if value else ""


def _decision(decision: str, proposal: str) -> Sentence | str:
    """A paragraph's decision, "Förslag till beslut: anses besvarad", as a sentence to keep."""
    if not proposal:
        return _choice(decision, Decision)
    return Sentence("%(decision)s: %(proposal)s", {"decision": _label(decision, Decision),
                                                   "proposal": _label(proposal, Outcome)},
                    labels=("decision", "proposal"), lower=("proposal",))


def _clause_text(decided: dict[int, bool]) -> Sentence | str:
    """The decisions per clause, "1: bifall, 2: avslag", as a sentence to keep."""
    if not decided:
        return ""
    return Sentence("%(clauses)s", {"clauses": [
        Sentence("%(number)s: %(outcome)s", {"number": n, "outcome": _label(Outcome.APPROVE if approved
                                                                            else Outcome.REJECT, Outcome)},
                 labels=("outcome",), lower=("outcome",))
        for n, approved in sorted(decided.items())]})


def _change_values(changes: list[dict], side: str) -> Sentence:
    """A paragraph's changes as its meeting event keeps them: "Rubrik: …; Beslut: …"."""
    return Sentence("%(changes)s", {"changes": [
        Sentence("%(field)s: %(value)s", {"field": part_of(c, "field"), "value": part_of(c, side)}) for c in changes
    ]}, separator="; ")


def _lines(values) -> list[str]:
    return [" ".join(value.split()) for value in values if value.strip()]


def _check_unsigned(item: MinuteItem, what: str) -> None:
    meeting = item.meeting
    if meeting.signed_on is not None:
        raise TransitionError(
            _("Protokollet från %(meeting)s justerades %(on)s; en justerad paragraf %(what)s. Ett uppenbart "
              "skrivfel rättas med en rättelse på paragrafen.")
            % {"meeting": meeting, "on": meeting.signed_on.isoformat(), "what": what})


def _lock_item(item: MinuteItem, what: str) -> MinuteItem:
    _check_unsigned(item, what)
    meeting = lock_meeting(item.meeting)
    item = MinuteItem.objects.select_related("meeting__body", "motion").filter(pk=item.pk, meeting=meeting).first()
    if item is None:
        raise DomainError(_("Paragrafen finns inte längre i sammanträdets protokoll."), field="meeting")
    if item.decision == Decision.FILE:
        raise DomainError(_("En anmälan av motioner rättas och ångras inte här."), field="meeting")
    return item


def _new_decision(item: MinuteItem, motion: Motion, outcome: str) -> tuple[str, str]:
    """The paragraph's decision and proposal with `outcome` in place of the
    one recorded: the same step, with another outcome."""
    if item.decision in (Decision.PROPOSE, Decision.HAND_OVER):
        place = rules.path_of(motion.municipality).place_of(item.meeting.body)
        if not outcome:
            if place != Body.Kind.WORKING_COMMITTEE:
                raise DomainError(_("Välj förslaget."), field="outcome")
            return Decision.HAND_OVER, ""
        return Decision.PROPOSE, Outcome(outcome)
    if item.decision in COUNCIL_OUTCOMES:
        if outcome not in COUNCIL_OUTCOMES:
            raise DomainError(
                _("Fullmäktiges beslut rättas till ett annat beslut i sak: %(choices)s. Ett annat steg "
                  "(bordläggning, återremiss, avskrivning) protokollförs genom att ångra paragrafen och "
                  "protokollföra den på nytt.")
                % {"choices": ", ".join(str(d.label).lower() for d in COUNCIL_OUTCOMES)}, field="outcome")
        return outcome, ""
    if outcome not in ("", item.decision):
        raise DomainError(
            _("Beslutet ”%(decision)s” byts inte här; ångra paragrafen och protokollför den på nytt.")
            % {"decision": Decision(item.decision).label}, field="outcome")
    return item.decision, item.proposal


def outcome_choices(item: MinuteItem) -> list[tuple[str, str]]:
    """The outcomes the paragraph's decision can be corrected to (for the form)."""
    if item.decision in (Decision.PROPOSE, Decision.HAND_OVER):
        return list(Outcome.choices)
    if item.decision in COUNCIL_OUTCOMES:
        return [(d.value, d.label) for d in COUNCIL_OUTCOMES]
    return []


def current_outcome(item: MinuteItem) -> str:
    if item.decision == Decision.PROPOSE:
        return item.proposal
    return item.decision if item.decision in COUNCIL_OUTCOMES else ""


def paragraph_version(item: MinuteItem) -> str:
    """A fingerprint of the paragraph as its correction shows it: its texts,
    its decision and what the minutes say of it (record_version)."""
    parts = [record_version(item), item.heading, item.summary, item.reason, item.decision_text, item.decision,
             item.proposal, list(item.clause_decisions.values_list("clause__number", "approved"))]
    return hashlib.sha256(json.dumps(parts, default=str).encode()).hexdigest()[:20]


@transaction.atomic
def correct_paragraph(
    item: MinuteItem,
    *,
    heading: str = "",
    summary: str = "",
    motivation: str = "",
    decision_clauses: list[str] = (),
    decision_text: str = "",
    outcome: str = "",
    clauses: dict[int, bool] | None = None,
    reason: str,
    by,
    version: int | None = None,
    seen: str | None = None,
) -> MinuteItem:
    """Open a recorded paragraph of minutes not yet signed, put it right and
    record it again: its heading, summary, motivation (`motivation`, the
    minutes' "motivering"), decision as written (`decision_clauses`, or
    `decision_text` for a matter that is not a case), and for a case the
    outcome of the same step (the board's proposal, the council's decision)
    with its decisions per clause. Its number and what happened at it
    (speakers, votes: the paragraph's own page) stay.

    A council decision corrected to another moves the case to the status of
    the new one, refused when a later step was recorded on the case.
    `version`: the case's, for a paragraph on a case; `seen`: the
    paragraph's own (paragraph_version) when the form was opened, so that a
    correction is not saved over another made since. Records a
    PARAGRAPH_CORRECTED MeetingEvent and, for a case, a CORRECTED MotionEvent.
    """
    item = _lock_item(item, _("öppnas inte igen"))
    if seen is not None and seen != paragraph_version(item):
        raise DomainError(
            _("§ %(number)s har ändrats sedan sidan öppnades (se sammanträdets händelser). Det du skrev finns kvar "
              "nedan; skicka igen för att spara det i stället.") % {"number": item.number}, field="seen")
    reason = check_reason(reason)
    motion = lock_motion(item.motion, version=version) if item.motion_id else None
    heading, summary, motivation = heading.strip(), summary.strip(), motivation.strip()
    written = _lines(decision_clauses)
    changes = [change(gettext_noop("Rubrik"), item.heading, heading),
               change(gettext_noop("Sammanfattning"), item.summary, summary),
               change(gettext_noop("Motivering"), item.reason, motivation),
               change(gettext_noop("Beslutstext"), "\n".join(item.decision_clauses), "\n".join(written))]
    status_before = motion.status if motion else None
    if motion is None:
        if not decision_text.strip():
            raise DomainError(_("Skriv beslutet."), field="decision_text")
        if not heading:
            raise DomainError(_("Ange punktens rubrik."), field="heading")
        changes.append(change(gettext_noop("Beslut"), item.decision_text, decision_text.strip()))
        item.decision_text = decision_text.strip()
    else:
        decision, proposal = _new_decision(item, motion, outcome)
        if decision == Decision.SEND_BACK and not motivation:
            raise DomainError(_("En återremiss måste ha en motivering."), field="motivation")
        decided = check_clauses(motion, clauses, proposal or decision)
        old_decided = {d.clause.number: d.approved for d in item.clause_decisions.select_related("clause")}
        changes += [change(gettext_noop("Beslut"), _decision(item.decision, item.proposal),
                           _decision(decision, proposal)),
                    change(gettext_noop("Beslut per att-sats"), _clause_text(old_decided), _clause_text(decided))]
        if decision in COUNCIL_OUTCOMES and COUNCIL_OUTCOMES[decision] != motion.status:
            event = _event_of(item)
            check_nothing_after(motion, event, what=str(item))
            event.to_status = COUNCIL_OUTCOMES[decision]
            event.save(update_fields=["to_status"])
            changes.append(change(gettext_noop("Status"), status_sentence(motion.status, motion.municipality),
                                  status_sentence(COUNCIL_OUTCOMES[decision], motion.municipality)))
            motion.status = COUNCIL_OUTCOMES[decision]
        if decided != old_decided:
            item.clause_decisions.all().delete()
            clause_ids = dict(motion.clauses.values_list("number", "id"))
            ClauseDecision.objects.bulk_create(ClauseDecision(item=item, clause_id=clause_ids[number], approved=a)
                                               for number, a in sorted(decided.items()))
        item.decision, item.proposal = decision, proposal
    changed = [c for c in changes if c["before"] != c["after"]]
    if not changed:
        raise DomainError(_("Inget är ändrat; rätta någon uppgift eller avbryt."), field=None)
    item.heading, item.summary, item.reason, item.decision_clauses = heading, summary, motivation, written
    item.save(update_fields=["heading", "summary", "reason", "decision_clauses", "decision", "proposal",
                             "decision_text"])
    what = item.motion.case_number if motion else item.heading
    record_meeting_event(
        item.meeting, kind=MeetingEvent.Kind.PARAGRAPH_CORRECTED, by=by,
        description=Sentence(gettext_noop("§ %(number)s %(what)s: öppnad och protokollförd igen"),
                             {"number": item.number, "what": what}),
        from_value=_change_values(changed, "before"), to_value=_change_values(changed, "after"), reason=reason)
    if motion is not None:
        record_correction(motion, changes=changed, reason=reason, by=by,
                          description=f"{item.meeting.body.name} {item.meeting.date} § {item.number}",
                          from_status=status_before)
    return item


def _release_number(item: MinuteItem) -> None:
    """The agenda item of an undone paragraph keeps its place; its § number
    is released when no later number was given, so that the number series
    has no gap and the item can be recorded again or taken off the agenda."""
    agenda_item = item.meeting.agenda.filter(number=item.number).first()
    if agenda_item is None:
        return
    later = (MinuteItem.objects.filter(body=item.body, year=item.year, number__gt=item.number).exists()
             or AgendaItem.objects.filter(meeting__body=item.body, meeting__date__year=item.year,
                                          number__gt=item.number).exists())
    if not later:
        agenda_item.number = None
        agenda_item.save(update_fields=["number"])


@transaction.atomic
def undo_paragraph(item: MinuteItem, *, reason: str, by, version: int | None = None) -> None:
    """Undo a paragraph minuted by mistake (on the wrong case, say) while the
    minutes are not signed: the paragraph and what it records are removed,
    and the case goes back to the status it had before it.

    Refused when a later step of the case was recorded after it (it may
    depend on it: undo that first), and for a filing paragraph. Records a
    PARAGRAPH_REMOVED MeetingEvent and, for a case, an UNDONE MotionEvent
    holding what the paragraph was.
    """
    item = _lock_item(item, _("ångras inte"))
    reason = check_reason(reason, undo=True)
    motion = lock_motion(item.motion, version=version) if item.motion_id else None
    meeting = item.meeting
    label = f"{meeting.body.name} {meeting.date} § {item.number}"
    decision = _decision(item.decision, item.proposal) if motion else item.decision_text
    if motion is not None:
        status_before = motion.status
        changes = [change(gettext_noop("Paragraf"),
                          Sentence("%(paragraph)s: %(decision)s", {"paragraph": label, "decision": decision}), None)]
        event = _event_of(item)
        check_nothing_after(motion, event, what=str(item))
        if event.to_status == motion.status and event.from_status != event.to_status:
            changes.append(change(gettext_noop("Status"), status_sentence(motion.status, motion.municipality),
                                  status_sentence(event.from_status, motion.municipality)))
            motion.status = event.from_status
        event.delete()
    # Drafts of its extract, kept by content, go with it (signed ones cannot exist yet); their
    # files once this commits, since a file deleted now would be gone even if it rolled back.
    documents = RenderedDocument.objects.filter(item=item, archived=False)
    files = [(document.file.storage, document.file.name) for document in documents if document.file]
    documents.delete()
    transaction.on_commit(lambda: [storage.delete(name) for storage, name in files], robust=True)
    _release_number(item)
    what = item.motion.case_number if motion else item.heading
    item.delete()
    record_meeting_event(meeting, kind=MeetingEvent.Kind.PARAGRAPH_REMOVED, by=by,
                         description=Sentence(gettext_noop("§ %(number)s %(what)s: ångrad"),
                                              {"number": item.number, "what": what}),
                         from_value=decision, reason=reason)
    if motion is not None:
        reset_step_dates(motion)
        record_correction(motion, kind=MotionEvent.Kind.UNDONE, changes=changes, reason=reason, by=by,
                          description=label, from_status=status_before)


# --- The draft decision (tjänsteskrivelse) ---------------------------------

def _draft_event(motion: Motion, draft: DraftDecision) -> MotionEvent | None:
    return (motion.events.filter(kind=MotionEvent.Kind.PREPARED, occurred_on=draft.drafted_on)
            .order_by("-id").first())


def _lock_latest_draft(draft: DraftDecision, version: int | None) -> tuple[Motion, DraftDecision]:
    motion = lock_motion(draft.motion, version=version)
    latest = motion.drafts.order_by("-drafted_on", "-id").first()
    if latest is None or latest.pk != draft.pk:
        raise DomainError(_("Bara det senaste förslaget till beslut kan rättas eller ångras."), field="drafted_on")
    if motion.is_closed:
        raise TransitionError(_("Ärendet är avslutat, och förslaget till beslut rättas inte längre."))
    return motion, latest


@transaction.atomic
def correct_draft_decision(
    draft: DraftDecision, *, drafted_on: datetime.date, proposal: str, summary: str = "", reason: str, by,
    version: int | None = None,
) -> DraftDecision:
    """Correct the latest draft decision's date, proposal or summary while the
    case is open. Its date stays after the answers and the step before it,
    and before any step after it. Paragraphs recorded already keep the
    summary they copied. Records a CORRECTED event."""
    motion, draft = _lock_latest_draft(draft, version)
    reason = check_reason(reason)
    try:
        proposal = Outcome(proposal)
    except ValueError:
        raise DomainError(_("Välj förslag till beslut."), field="proposal") from None
    if proposal == Outcome.PARTLY_APPROVE and motion.clauses.count() < 2:
        raise DomainError(
            _("Delvis bifall förutsätter minst två att-satser, så att någon kan bifallas och någon avslås."),
            field="proposal")
    check_not_future(drafted_on, field="drafted_on")
    event = _draft_event(motion, draft)
    if drafted_on != draft.drafted_on and event is not None:
        before = steps_of(motion).filter(id__lt=event.pk).aggregate(last=Max("occurred_on"))["last"]
        last_answer = motion.referrals.filter(response__isnull=False).aggregate(
            last=Max("response__decided_on"))["last"]
        floor = max(day for day in (before, last_answer, motion.filed_on) if day)
        if drafted_on < floor:
            raise DomainError(
                _("Tjänsteskrivelsen kan inte dateras före föregående steg eller det senaste remissvaret "
                  "(%(floor)s).") % {"floor": floor.isoformat()}, field="drafted_on")
        after = steps_of(motion).filter(id__gt=event.pk, occurred_on__lt=drafted_on).first()
        if after is not None:
            raise DomainError(
                _("Ett senare steg (%(step)s %(on)s) är daterat före %(date)s.")
                % {"step": after.get_kind_display(), "on": after.occurred_on.isoformat(),
                   "date": drafted_on.isoformat()}, field="drafted_on")
    changes = [change(gettext_noop("Datum"), draft.drafted_on, drafted_on),
               change(gettext_noop("Förslag till beslut"), _choice(draft.proposal, Outcome),
                      _choice(proposal, Outcome)),
               change(gettext_noop("Sammanfattning"), draft.summary, summary.strip())]
    draft.drafted_on, draft.proposal, draft.summary = drafted_on, proposal, summary.strip()
    draft.save(update_fields=["drafted_on", "proposal", "summary"])
    if event is not None:
        # The step names the proposal as prepare_draft_decision wrote it: a choice's label, kept as its sentence.
        event.occurred_on, event.description = drafted_on, _label(proposal, Outcome)
        event.sentences = {**event.sentences, "description": _choice(proposal, Outcome).as_data()}
        event.save(update_fields=["occurred_on", "description", "sentences"])
    reset_step_dates(motion)
    record_correction(motion, changes=changes, reason=reason, by=by,
                      description=Sentence(gettext_noop("Förslag till beslut")))
    return draft


@transaction.atomic
def undo_draft_decision(draft: DraftDecision, *, reason: str, by, version: int | None = None) -> None:
    """Undo the latest draft decision, recorded by mistake: the case goes back
    to the status it had before it. Refused when a later step was recorded
    or the case stands on a meeting's agenda (it went there prepared by it).
    Records an UNDONE event holding what the draft was."""
    motion, draft = _lock_latest_draft(draft, version)
    reason = check_reason(reason, undo=True)
    event = _draft_event(motion, draft)
    if event is not None:
        check_nothing_after(motion, event, what=_("Förslaget till beslut"))
    agenda = (AgendaItem.objects.filter(motion=motion, meeting__signed_on__isnull=True)
              .select_related("meeting__body").first())
    if agenda is not None:
        raise DomainError(
            _("Ärendet står på föredragningslistan för %(meeting)s och bygger på förslaget; ta bort det därifrån "
              "först.") % {"meeting": agenda.meeting}, field="reason")
    status_before = motion.status
    changes = [change(gettext_noop("Förslag till beslut"), Sentence("%(on)s: %(proposal)s", {
        "on": draft.drafted_on.isoformat(), "proposal": _label(draft.proposal, Outcome)}, labels=("proposal",)), None)]
    if event is not None:
        if event.to_status == motion.status and event.from_status != event.to_status:
            changes.append(change(gettext_noop("Status"), status_sentence(motion.status, motion.municipality),
                                  status_sentence(event.from_status, motion.municipality)))
            motion.status = event.from_status
        event.delete()
    draft.delete()
    reset_step_dates(motion)
    record_correction(motion, kind=MotionEvent.Kind.UNDONE, changes=changes, reason=reason, by=by,
                      description=Sentence(gettext_noop("Förslag till beslut")), from_status=status_before)


# --- After signing: the correction note (rättelse) -------------------------

@transaction.atomic
def record_rectification(item: MinuteItem, *, text: str, made_on: datetime.date, by) -> Rectification:
    """Record a correction note (rättelse) on a paragraph of signed minutes.
    The minutes themselves and their signed documents stay as signed; the
    note is shown with the paragraph and printed under it on extracts made
    from now on. Records a RECTIFIED MeetingEvent and, for a case, a
    CORRECTED MotionEvent."""
    meeting = item.meeting
    if meeting.signed_on is None:
        raise DomainError(
            _("Protokollet är inte justerat; öppna paragrafen igen och rätta den i stället."), field="text")
    text = text.strip()
    if not text:
        raise DomainError(_("Skriv rättelsen."), field="text")
    if made_on < meeting.signed_on:
        raise DomainError(
            _("Rättelsen (%(on)s) kan inte göras före justeringen (%(signed)s).")
            % {"on": made_on.isoformat(), "signed": meeting.signed_on.isoformat()}, field="made_on")
    if made_on > timezone.localdate():
        raise DomainError(_("Datumet %(on)s har inte kommit än.") % {"on": made_on.isoformat()}, field="made_on")
    rectification = Rectification.objects.create(item=item, text=text, made_on=made_on, recorded_by=by)
    label = f"{meeting.body.name} {meeting.date} § {item.number}"
    record_meeting_event(meeting, kind=MeetingEvent.Kind.RECTIFIED, by=by,
                         description=f"§ {item.number} {item.motion.case_number if item.motion_id else item.heading}",
                         to_value=text)
    if item.motion_id:
        motion = lock_motion(item.motion)
        note = Sentence(gettext_noop("Rättelse %(on)s"), {"on": made_on.isoformat()})
        record_correction(motion, changes=[change(note, None, text)], reason="", by=by, description=label)
        index_paragraph(item)
    return rectification
