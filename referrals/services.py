"""Referral steps. Each locks the motion first, so steps on one case run one
at a time, and records an event in the case's timeline."""

import datetime
from dataclasses import dataclass

from django.db import transaction
from django.db.models import F
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from documents.models import CaseDocument
from documents.services import add_document, replace_document
from lib.errors import DomainError, Problems, TransitionError
from lib.sentences import Sentence
from motions.models import Motion, MotionEvent, Status
from motions.search import index_text
from motions.services import (
    advance,
    change,
    check_date,
    check_not_future,
    check_nothing_after,
    check_reason,
    check_transition,
    lock_motion,
    record_correction,
    record_event,
    reset_step_dates,
    status_sentence,
    step_name,
    steps_of,
    withdraw_motion,
)
from organisation.models import Body
from referrals.models import AnswerDocument, Referral, ReferralResponse
from referrals.selectors import answer_documents

# Bodies that can be asked for an opinion.
REFERABLE_KINDS = (Body.Kind.SERVICE_BOARD, Body.Kind.PREPARATORY_COMMITTEE, Body.Kind.EXECUTIVE_BOARD)


@dataclass(frozen=True)
class ReferralRequest:
    body: Body
    due_on: datetime.date


@transaction.atomic
def refer_motion(
    motion: Motion,
    *,
    requests: list[ReferralRequest],
    sent_on: datetime.date,
    by,
    version: int | None = None,
) -> list[Referral]:
    """Refer the motion to one or more bodies, each with its own due date."""
    motion = lock_motion(motion, version=version)
    check_transition(motion, Status.REFERRED)
    if not requests:
        raise DomainError(_("Välj minst ett organ att remittera till."), field="bodies")
    bodies = [request.body for request in requests]
    open_bodies = set(
        motion.referrals.filter(status=Referral.Status.SENT).values_list("body_id", flat=True)
    )
    # Every problem at once, so that the form shows them together.
    problems = Problems()
    problems.check(check_date, motion, sent_on)
    for index, request in enumerate(requests):
        if request.body in bodies[:index]:
            problems.add(DomainError(
                _("%(body)s är valt flera gånger.") % {"body": request.body},
                field="bodies", index=index,
            ))
        elif request.body.municipality_id != motion.municipality_id:
            problems.add(DomainError(
                _("%(body)s hör till en annan kommun.") % {"body": request.body},
                field="bodies", index=index,
            ))
        elif request.body.kind not in REFERABLE_KINDS:
            problems.add(DomainError(
                _("%(body)s kan inte ta emot remisser.") % {"body": request.body},
                field="bodies", index=index,
            ))
        elif request.body.pk in open_bodies:
            problems.add(DomainError(
                _("Motionen är redan på remiss till %(body)s.") % {"body": request.body},
                field="bodies", index=index,
            ))
        if request.due_on < sent_on:
            problems.add(DomainError(
                _("Svarsdatumet för %(body)s (%(due)s) ligger före remissdatumet (%(sent)s).")
                % {"body": request.body, "due": request.due_on.isoformat(),
                   "sent": sent_on.isoformat()},
                field="due_on", index=index,
            ))
    problems.raise_any()
    event = advance(
        motion, to=Status.REFERRED, kind=MotionEvent.Kind.REFERRED, on=sent_on, by=by,
        description=", ".join(body.name for body in bodies),
    )
    return Referral.objects.bulk_create(
        Referral(motion=motion, body=request.body, sent_on=sent_on, due_on=request.due_on, sent_event=event)
        for request in requests
    )


def _lock_open_referral(referral: Referral, *, version: int | None) -> tuple[Motion, Referral]:
    motion = lock_motion(referral.motion, version=version)
    referral = Referral.objects.select_related("body").get(pk=referral.pk)
    if not referral.is_open:
        raise TransitionError(
            _("Remissen till %(body)s har status ”%(status)s” och kan inte ändras.")
            % {"body": referral.body, "status": referral.get_status_display()}
        )
    return motion, referral


def check_not_before_sent(referral: Referral, on: datetime.date, field: str = "date") -> None:
    if on < referral.sent_on:
        raise DomainError(
            _("Datumet %(on)s ligger före remissen till %(body)s skickades (%(sent)s).")
            % {"on": on.isoformat(), "body": referral.body, "sent": referral.sent_on.isoformat()},
            field=field,
        )


def check_new_due_date(referral: Referral, due_on: datetime.date, field: str = "due_on") -> None:
    """An extension gives more time: a due date later than the current one."""
    if due_on <= referral.current_due_on:
        raise DomainError(
            _("Den nya svarstiden (%(new)s) måste vara senare än den nuvarande (%(old)s).")
            % {"new": due_on.isoformat(), "old": referral.current_due_on.isoformat()},
            field=field,
        )


@transaction.atomic
def extend_referral_due_date(
    referral: Referral, *, due_on: datetime.date, on: datetime.date, by, version: int | None = None
) -> Referral:
    """Give the body more time; the original due date is kept beside the new one."""
    motion, referral = _lock_open_referral(referral, version=version)
    problems = Problems()
    if problems.check(check_not_before_sent, referral, on, "on"):  # one problem a date
        problems.check(check_date, motion, on, changes_status=False)
    problems.check(check_new_due_date, referral, due_on)
    problems.raise_any()
    referral.extended_due_on = due_on
    referral.extended_on = on
    referral.save(update_fields=["extended_due_on", "extended_on"])
    record_event(
        motion, kind=MotionEvent.Kind.DUE_EXTENDED, on=on, by=by,
        description=Sentence(gettext_noop("%(body)s, till %(due)s"), {"body": str(referral.body),
                                                                        "due": due_on.isoformat()}),
    )
    return referral


def _record_decision(
    referral: Referral, *, status: str, kind: str, decided_on, paragraph, body_case_number,
    text, summary, document, by, version,
) -> ReferralResponse:
    motion, referral = _lock_open_referral(referral, version=version)
    check_not_before_sent(referral, decided_on, "decided_on")
    response = ReferralResponse.objects.create(
        referral=referral, decided_on=decided_on, paragraph=paragraph.strip(),
        body_case_number=body_case_number.strip(), text=text.strip(), summary=summary.strip(),
    )
    referral.status = status
    referral.draft_text = ""
    referral.save(update_fields=["status", "draft_text"])
    description = referral.body.name
    if response.paragraph:
        description += f" {response.paragraph}"
    response.event = record_event(motion, kind=kind, on=decided_on, by=by, description=description)
    response.save(update_fields=["event"])
    index_text(motion, source="answer", key=response.pk, text=response.text)
    if document:  # last: a stored file is not taken back by a rollback after it (documents.services)
        _add_answer_document(response, file=document, dated_on=decided_on, on=decided_on, by=by)
    return response


def _answer_title(response: ReferralResponse) -> str:
    """The title the answer's document is registered under: in Swedish, as the register keeps it."""
    with translation.override("sv"):
        title = _("Remissvar från %(body)s") % {"body": response.referral.body.name}
    return f"{title} {response.paragraph}".strip()


def _add_answer_document(response: ReferralResponse, *, file, dated_on, title: str = "", stored: bool = False,
                         original_name: str = "", on=None, by) -> CaseDocument:
    document = add_document(
        response.referral.motion, file=file, kind=CaseDocument.Kind.REFERRAL_ANSWER, dated_on=dated_on,
        title=title or _answer_title(response), sender=response.referral.body.name, stored=stored,
        original_name=original_name, on=on, by=by,
    )
    AnswerDocument.objects.create(response=response, document=document)
    return document


@transaction.atomic
def add_answer_document(
    referral: Referral,
    *,
    file,
    dated_on: datetime.date,
    title: str = "",
    replaces: CaseDocument | None = None,
    reason: str = "",
    stored: bool = False,
    original_name: str = "",
    on: datetime.date | None = None,
    by,
) -> CaseDocument:
    """Add a document to the body's answer, or, with `replaces`, a new
    version of one of its documents (kept, marked as replaced). The document
    is numbered with the case's others, kind remissvar, from the body; the
    case's timeline records it (documents.services; `stored`,
    `original_name` and `on` as there). Refuses a referral that is not answered and a document that is
    not the answer's."""
    lock_motion(referral.motion)
    referral = Referral.objects.select_related("body", "response").get(pk=referral.pk)
    if referral.status != Referral.Status.ANSWERED:
        raise TransitionError(
            _("Remissen till %(body)s har status ”%(status)s”; bara ett inkommet svar har handlingar.")
            % {"body": referral.body, "status": referral.get_status_display()}
        )
    response = referral.response
    check_not_before_sent(referral, dated_on, "dated_on")
    if replaces is None:
        return _add_answer_document(response, file=file, dated_on=dated_on, title=title, stored=stored,
                                    original_name=original_name, on=on, by=by)
    if replaces.pk not in {document.pk for document in answer_documents(response)}:
        raise DomainError(
            _("Aktbilaga %(number)s hör inte till svaret från %(body)s.")
            % {"number": replaces.number, "body": referral.body},
            field="replaces",
        )
    # The new version is the answer's through the old one (referrals.selectors.answer_documents).
    return replace_document(replaces, file=file, dated_on=dated_on, title=title, reason=reason, stored=stored,
                            original_name=original_name, on=on, by=by)


def record_referral_response(
    referral: Referral,
    *,
    decided_on: datetime.date,
    paragraph: str = "",
    body_case_number: str = "",
    text: str = "",
    summary: str = "",
    document=None,
    by,
    version: int | None = None,
) -> ReferralResponse:
    """Record the body's answer, decided at its meeting on `decided_on`."""
    with transaction.atomic():
        return _record_decision(
            referral, status=Referral.Status.ANSWERED, kind=MotionEvent.Kind.REFERRAL_ANSWERED,
            decided_on=decided_on, paragraph=paragraph, body_case_number=body_case_number,
            text=text, summary=summary, document=document, by=by, version=version,
        )


def record_referral_declined(
    referral: Referral,
    *,
    decided_on: datetime.date,
    paragraph: str = "",
    body_case_number: str = "",
    text: str = "",
    by,
    version: int | None = None,
) -> ReferralResponse:
    """Record that the body declined to comment."""
    with transaction.atomic():
        return _record_decision(
            referral, status=Referral.Status.DECLINED, kind=MotionEvent.Kind.REFERRAL_DECLINED,
            decided_on=decided_on, paragraph=paragraph, body_case_number=body_case_number,
            text=text, summary="", document=None, by=by, version=version,
        )


@transaction.atomic
def withdraw_motion_and_referrals(
    motion: Motion, *, on: datetime.date, reason: str = "", by, version: int | None = None
) -> Motion:
    """The movers withdraw the motion (motions.services.withdraw_motion), and
    the referrals still waiting for an answer are called back the same day:
    no body is left answering a motion that is withdrawn."""
    motion = withdraw_motion(motion, on=on, reason=reason, by=by, version=version)
    for referral in motion.referrals.filter(status=Referral.Status.SENT):
        withdraw_referral(referral, on=on, reason=Sentence(gettext_noop("Motionen är återkallad.")), by=by)
    return motion


@transaction.atomic
def save_referral_draft(referral: Referral, *, text: str, by) -> Referral:
    """Keep the body's answer as a draft; it is not a step in the case."""
    referral = Referral.objects.select_for_update().select_related("body").get(pk=referral.pk)
    if not referral.is_open:
        raise TransitionError(
            _("Remissen till %(body)s har status ”%(status)s” och kan inte ändras.")
            % {"body": referral.body, "status": referral.get_status_display()}
        )
    referral.draft_text = text.strip()
    referral.draft_saved_at, referral.draft_saved_by = timezone.now(), by
    referral.save(update_fields=["draft_text", "draft_saved_at", "draft_saved_by"])
    return referral


@transaction.atomic
def withdraw_referral(
    referral: Referral, *, on: datetime.date, reason: str | Sentence = "", by, version: int | None = None
) -> Referral:
    """Call back an unanswered referral; the case no longer waits for it."""
    motion, referral = _lock_open_referral(referral, version=version)
    check_not_before_sent(referral, on, "on")
    referral.status = Referral.Status.WITHDRAWN
    referral.withdrawn_on = on
    referral.save(update_fields=["status", "withdrawn_on"])
    record_event(
        motion, kind=MotionEvent.Kind.REFERRAL_WITHDRAWN, on=on, by=by,
        description=referral.body.name, reason=reason,
    )
    return referral


# --- Corrections and undoing (motions.services.record_correction) -----------

def _check_no_draft(referral: Referral, what: str) -> None:
    """A body that has started writing its answer works on the referral."""
    if referral.draft_text:
        raise DomainError(
            _("%(body)s har sparat ett utkast till svar (%(when)s), så remissen är i arbete och %(what)s. "
              "Återkalla remissen i stället.")
            % {"body": referral.body, "when": timezone.localtime(referral.draft_saved_at).strftime("%Y-%m-%d %H.%M")
               if referral.draft_saved_at else "–", "what": what},
            field="body")


@transaction.atomic
def correct_referral(
    referral: Referral, *, body: Body, due_on: datetime.date, reason: str, by, version: int | None = None
) -> Referral:
    """Correct an open referral's body (sent to the wrong one) or its
    original due date. An extension stays as recorded: the original due
    date must lie before it. Records a CORRECTED event."""
    motion, referral = _lock_open_referral(referral, version=version)
    reason = check_reason(reason)
    changes = [change(gettext_noop("Remissinstans"), referral.body, body),
               change(gettext_noop("Svar senast"), referral.due_on, due_on)]
    if body != referral.body:
        _check_no_draft(referral, _("byter inte remissinstans"))
        if body.municipality_id != motion.municipality_id:
            raise DomainError(_("%(body)s hör till en annan kommun.") % {"body": body}, field="body")
        if body.kind not in REFERABLE_KINDS:
            raise DomainError(_("%(body)s kan inte ta emot remisser.") % {"body": body}, field="body")
        if motion.referrals.filter(body=body, status=Referral.Status.SENT).exists():
            raise DomainError(_("Motionen är redan på remiss till %(body)s.") % {"body": body}, field="body")
    if due_on < referral.sent_on:
        raise DomainError(
            _("Svarsdatumet (%(due)s) ligger före remissdatumet (%(sent)s).")
            % {"due": due_on.isoformat(), "sent": referral.sent_on.isoformat()}, field="due_on")
    if referral.extended_due_on and due_on >= referral.extended_due_on:
        raise DomainError(
            _("Svarstiden är förlängd till %(extended)s; den ursprungliga svarstiden måste ligga före den.")
            % {"extended": referral.extended_due_on.isoformat()}, field="due_on")
    description = Sentence(gettext_noop("Remiss till %(body)s"), {"body": str(referral.body)})
    referral.body, referral.due_on = body, due_on
    referral.save(update_fields=["body", "due_on"])
    if referral.sent_event_id:
        # The step names the bodies it sent the case to as they now stand; the correction keeps what it said.
        event = referral.sent_event
        event.description = ", ".join(r.body.name for r in Referral.objects.filter(sent_event=event)
                                      .select_related("body").order_by("pk"))
        event.save(update_fields=["description"])
    record_correction(motion, changes=changes, reason=reason, by=by, description=description)
    return referral


@transaction.atomic
def undo_referral(referral: Referral, *, reason: str, by, version: int | None = None) -> None:
    """Undo a referral sent by mistake (to the wrong body, say): it is gone
    from the case and the body's inbox, and the UNDONE event keeps what it was.

    Refused once the body has answered or declined (correct the answer
    instead), once it was withdrawn, or while the body has a draft answer.
    When it was the only referral of the step that referred the case, the
    case goes back to the status it had before.
    """
    motion = lock_motion(referral.motion, version=version)
    reason = check_reason(reason, undo=True)
    referral = Referral.objects.select_related("body").get(pk=referral.pk)
    if referral.status in (Referral.Status.ANSWERED, Referral.Status.DECLINED):
        raise TransitionError(
            _("%(body)s har svarat på remissen (beslut %(on)s); ett besvarat steg kan inte ångras, eftersom "
              "ärendet bygger på svaret. Rätta svaret i stället.")
            % {"body": referral.body, "on": referral.response.decided_on.isoformat()})
    if referral.status == Referral.Status.WITHDRAWN:
        raise TransitionError(
            _("Remissen till %(body)s återkallades %(on)s och kan inte ångras.")
            % {"body": referral.body, "on": referral.withdrawn_on.isoformat()})
    _check_no_draft(referral, _("ångras inte"))
    before_status = motion.status
    sent = Sentence(gettext_noop("%(body)s, skickad %(sent)s, svar senast %(due)s"), {
        "body": str(referral.body), "sent": referral.sent_on.isoformat(), "due": referral.current_due_on.isoformat()})
    changes = [change(gettext_noop("Remiss"), sent, None)]
    event = referral.sent_event  # None: sent before referrals kept their step
    referral.delete()
    if event is not None:
        others = [other.body.name for other in Referral.objects.filter(sent_event=event).select_related("body")
                  .order_by("pk")]
        if others:
            # Sent with other referrals that stand: the step stays, without this body.
            event.description = ", ".join(others)
            event.save(update_fields=["description"])
        elif event.from_status == event.to_status:
            event.delete()  # a referral added to a case already referred: the status stays
        elif not motion.referrals.filter(sent_on__gte=event.occurred_on).exists():
            # The step that referred the case, and no other referral since: the case is as before it.
            check_nothing_after(motion, event, what=_("Remissen till %(body)s") % {"body": referral.body})
            changes.append(change(gettext_noop("Status"), status_sentence(motion.status, motion.municipality),
                                  status_sentence(event.from_status, motion.municipality)))
            motion.status = event.from_status
            event.delete()
    reset_step_dates(motion)
    record_correction(motion, kind=MotionEvent.Kind.UNDONE, changes=changes, reason=reason, by=by,
                      description=Sentence(gettext_noop("Remiss till %(body)s"), {"body": str(referral.body)}),
                      from_status=before_status)


@transaction.atomic
def correct_referral_answer(
    referral: Referral, *, decided_on: datetime.date, paragraph: str = "", body_case_number: str = "",
    text: str = "", reason: str, by, version: int | None = None,
) -> ReferralResponse:
    """Correct a recorded answer (or a declining): its decision date, the
    body's paragraph and case number, and its text, while the case is open.
    A later step is not left dated before the answer it builds on. Its
    document is kept as it is. Records a CORRECTED event."""
    motion = lock_motion(referral.motion, version=version)
    reason = check_reason(reason)
    referral = Referral.objects.select_related("body", "response").get(pk=referral.pk)
    if referral.status not in (Referral.Status.ANSWERED, Referral.Status.DECLINED):
        raise TransitionError(_("%(body)s har inte svarat på remissen; det finns inget svar att rätta.")
                              % {"body": referral.body})
    if motion.is_closed:
        raise TransitionError(_("Ärendet är avslutat och svaret rättas inte längre."))
    response = referral.response
    check_not_before_sent(referral, decided_on, "decided_on")
    check_not_future(decided_on, field="decided_on")
    event = response.event  # None: recorded before answers kept their step
    if event is not None and decided_on != response.decided_on:
        later = steps_of(motion).filter(id__gt=event.pk, occurred_on__lt=decided_on).exclude(
            to_status=F("from_status"), kind__in=[MotionEvent.Kind.REFERRAL_ANSWERED,
                                                  MotionEvent.Kind.REFERRAL_DECLINED,
                                                  MotionEvent.Kind.DUE_EXTENDED]).first()
        if later is not None:
            raise DomainError(
                _("Ett senare steg bygger på svaret och är daterat före %(on)s (%(step)s).")
                % {"on": decided_on.isoformat(), "step": step_name(later)}, field="decided_on")
    paragraph, body_case_number, text = paragraph.strip(), body_case_number.strip(), text.strip()
    changes = [change(gettext_noop("Beslutsdatum"), response.decided_on, decided_on),
               change(gettext_noop("Paragraf"), response.paragraph, paragraph),
               change(gettext_noop("Organets diarienummer"), response.body_case_number, body_case_number),
               change(gettext_noop("Yttrande"), response.text, text)]
    response.decided_on, response.paragraph = decided_on, paragraph
    response.body_case_number, response.text = body_case_number, text
    response.save(update_fields=["decided_on", "paragraph", "body_case_number", "text"])
    index_text(motion, source="answer", key=response.pk, text=text)
    if event is not None:
        event.occurred_on = decided_on
        event.description = f"{referral.body.name} {paragraph}".strip()
        event.save(update_fields=["occurred_on", "description"])
    reset_step_dates(motion)
    record_correction(motion, changes=changes, reason=reason, by=by,
                      description=Sentence(gettext_noop("Remissvar från %(body)s"), {"body": str(referral.body)}))
    return response
