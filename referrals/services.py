"""Referral steps. Each locks the motion first, so steps on one case run one
at a time, and records an event in the case's timeline."""

import datetime
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from lib.errors import DomainError, TransitionError
from lib.sentences import Sentence
from motions.models import Motion, MotionEvent, Status
from motions.services import advance, lock_motion, record_event, withdraw_motion
from organisation.models import Body
from referrals.models import Referral, ReferralResponse

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
    if not requests:
        raise DomainError(_("Välj minst ett organ att remittera till."), field="bodies")
    bodies = [request.body for request in requests]
    open_bodies = set(
        motion.referrals.filter(status=Referral.Status.SENT).values_list("body_id", flat=True)
    )
    for index, request in enumerate(requests):
        if request.body in bodies[:index]:
            raise DomainError(
                _("%(body)s är valt flera gånger.") % {"body": request.body},
                field="bodies", index=index,
            )
        if request.body.municipality_id != motion.municipality_id:
            raise DomainError(
                _("%(body)s hör till en annan kommun.") % {"body": request.body},
                field="bodies", index=index,
            )
        if request.body.kind not in REFERABLE_KINDS:
            raise DomainError(
                _("%(body)s kan inte ta emot remisser.") % {"body": request.body},
                field="bodies", index=index,
            )
        if request.body.pk in open_bodies:
            raise DomainError(
                _("Motionen är redan på remiss till %(body)s.") % {"body": request.body},
                field="bodies", index=index,
            )
        if request.due_on < sent_on:
            raise DomainError(
                _("Svarsdatumet för %(body)s (%(due)s) ligger före remissdatumet (%(sent)s).")
                % {"body": request.body, "due": request.due_on.isoformat(),
                   "sent": sent_on.isoformat()},
                field="due_on", index=index,
            )
    advance(
        motion, to=Status.REFERRED, kind=MotionEvent.Kind.REFERRED, on=sent_on, by=by,
        description=", ".join(body.name for body in bodies),
    )
    return Referral.objects.bulk_create(
        Referral(motion=motion, body=request.body, sent_on=sent_on, due_on=request.due_on)
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


def _check_not_before_sent(referral: Referral, on: datetime.date, field: str) -> None:
    if on < referral.sent_on:
        raise DomainError(
            _("Datumet %(on)s ligger före remissen till %(body)s skickades (%(sent)s).")
            % {"on": on.isoformat(), "body": referral.body, "sent": referral.sent_on.isoformat()},
            field=field,
        )


@transaction.atomic
def extend_referral_due_date(
    referral: Referral, *, due_on: datetime.date, on: datetime.date, by, version: int | None = None
) -> Referral:
    """Give the body more time; the original due date is kept beside the new one."""
    motion, referral = _lock_open_referral(referral, version=version)
    _check_not_before_sent(referral, on, "on")
    if due_on <= referral.current_due_on:
        raise DomainError(
            _("Den nya svarstiden (%(new)s) måste vara senare än den nuvarande (%(old)s).")
            % {"new": due_on.isoformat(), "old": referral.current_due_on.isoformat()},
            field="due_on",
        )
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
    _check_not_before_sent(referral, decided_on, "decided_on")
    response = ReferralResponse.objects.create(
        referral=referral, decided_on=decided_on, paragraph=paragraph.strip(),
        body_case_number=body_case_number.strip(), text=text.strip(), summary=summary.strip(),
        document=document or "",
    )
    referral.status = status
    referral.draft_text = ""
    referral.save(update_fields=["status", "draft_text"])
    description = referral.body.name
    if response.paragraph:
        description += f" {response.paragraph}"
    record_event(motion, kind=kind, on=decided_on, by=by, description=description)
    return response


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
    _check_not_before_sent(referral, on, "on")
    referral.status = Referral.Status.WITHDRAWN
    referral.withdrawn_on = on
    referral.save(update_fields=["status", "withdrawn_on"])
    record_event(
        motion, kind=MotionEvent.Kind.REFERRAL_WITHDRAWN, on=on, by=by,
        description=referral.body.name, reason=reason,
    )
    return referral
