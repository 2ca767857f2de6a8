"""Signing the minutes electronically (e-justering).

The registry sends the minutes, as a rendered PDF/A protocol, to the chair
and the justerare. Each signs it on the product's signing page, after
giving a code from their authenticator app: a PAdES signature made with
the organisation's signing key (signatures.pdf), naming the signatory,
added to the same PDF as an incremental update so the earlier signatures
stay valid. When the last signature is in, the minutes are signed as on
paper (decisions.services.signing.sign_minutes), the day of that signature
being the day of signing, and the signed PDF is the protocol kept.

A signatory may ask for a correction instead; the round then ends, the
minutes open again for the registry, and a corrected protocol goes out in
a new round: the earlier signatures lapse with their round. While a round
is open nothing of the meeting may change (organisation.services.check_open).
"""

import datetime
import hashlib

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.mail import EmailMessage
from django.db import transaction
from django.db.models import Max
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from accounts.models import UserRole
from accounts.roles import email_settings_of, enrolled_by_registry
from accounts.services import has_second_factor
from decisions.documents import meeting_for_render, protocol_html, store
from decisions.models import RenderedDocument, Signature, SigningRound
from decisions.services.signing import sign_minutes, signing_problems
from lib.background import queue
from lib.errors import AlreadyDone, DomainError
from lib.sentences import Sentence
from organisation.models import Attendance, Meeting, MeetingEvent
from organisation.services import lock_meeting, record_meeting_event
from publication.services import assess
from publication.text import pdf_pages
from signatures.keys import signing_key
from signatures.pdf import sign_pdf

CHAIR, SIGNATORY = gettext_noop("Ordförande"), gettext_noop("Justerare")
# What a signatory may write when asking for a correction.
COMMENT_LIMIT = 2000


def signatories(meeting: Meeting) -> list[tuple[Attendance, str]]:
    """Who signs the minutes, in the order the attendance lists them, the
    chair first, each with the capacity the protocol names: the chair and
    the justerare (KL 5 kap. 69 §)."""
    attendance = list(meeting.attendance.select_related("person"))
    chair = [(a, CHAIR) for a in attendance if a.duty == Attendance.Duty.CHAIR]
    return chair + [(a, SIGNATORY) for a in attendance if a.signs and a.duty != Attendance.Duty.CHAIR]


def accounts_of(people) -> dict[int, object]:
    """The account each person signs with, by person id: an active councillor's account naming
    them (accounts.roles.enrolled_by_registry: one whose second factor the registry may enrol)."""
    roles = UserRole.objects.filter(person__in=list(people)).select_related("user")
    return {role.person_id: role.user for role in roles if enrolled_by_registry(role.user)}


def sending_problems(meeting: Meeting) -> list[str]:
    """What stops the minutes from going to their signatories now, in words
    for the registry: what stops any signing, and a signatory who has no
    account to sign with, or no e-mail address to be told at."""
    problems = signing_problems(meeting)
    if meeting.date > timezone.localdate():
        problems.append(_("Sammanträdet hålls %(date)s; protokollet kan skickas för justering först då.")
                        % {"date": meeting.date.isoformat()})
    people = [attendance.person for attendance, _capacity in signatories(meeting)]
    accounts = accounts_of(people)
    for person in people:
        user = accounts.get(person.pk)
        if user is None:
            problems.append(_("%(person)s har inget konto att justera med. En administratör lägger först upp ett "
                              "konto med personens roll i administrationen.") % {"person": person})
        elif not user.email:
            problems.append(_("%(person)s har ingen e-postadress i sitt konto.") % {"person": person})
        elif not has_second_factor(user):
            problems.append(_("%(person)s har ingen tvåstegsverifiering att justera med. Registraturen registrerar "
                              "personens autentiseringsapp först.") % {"person": person})
    return problems


def current_round(meeting: Meeting) -> SigningRound | None:
    """The meeting's latest round, if it was ever sent for signing."""
    return meeting.signing_rounds.order_by("-number").prefetch_related("signatures__person").first()


@transaction.atomic
def send_for_signing(meeting: Meeting, *, by) -> SigningRound:
    """Send the minutes to their signatories: a new round, with the protocol
    as it is rendered now, and a waiting signature for the chair and each
    justerare. Refused while a round is out, after signing, or with
    anything that stops a signing. The protocol is rendered here, as the
    signatories sign it (no longer marked a draft): about a second for
    common minutes, more for very long ones.

    Side effects: from now on nothing of the meeting may change until the
    round ends; once this commits, each signatory is sent an e-mail."""
    meeting = lock_meeting(meeting)
    problems = sending_problems(meeting)
    if problems:
        raise DomainError(" ".join(problems), field="meeting")
    signing_key(meeting.body.municipality)  # refused now, not at the first signature, without one
    meeting.out_for_signing_since = timezone.now()
    meeting.save(update_fields=["out_for_signing_since"])
    # The protocol as its signatories sign it, rendered now: out for signing, it is no longer marked a draft.
    protocol = store(RenderedDocument.Kind.PROTOCOL, meeting, protocol_html(meeting_for_render(meeting.pk)))
    number = (meeting.signing_rounds.aggregate(last=Max("number"))["last"] or 0) + 1
    signing_round = SigningRound.objects.create(meeting=meeting, number=number, protocol=protocol, sent_by=by)
    people = signatories(meeting)
    accounts = accounts_of(attendance.person for attendance, _capacity in people)
    signatures = Signature.objects.bulk_create(
        Signature(round=signing_round, position=position, person=attendance.person, capacity=capacity,
                  user=accounts[attendance.person_id])
        for position, (attendance, capacity) in enumerate(people))
    record_meeting_event(meeting, kind=MeetingEvent.Kind.SENT_FOR_SIGNING, by=by,
                         to_value=", ".join(f"{s.person} ({s.capacity})" for s in signatures),
                         description=Sentence(gettext_noop("utskick %(number)s"), {"number": str(number)}))
    ids = [signature.pk for signature in signatures]
    transaction.on_commit(lambda: _notify(ids))
    return signing_round


def _notify(signature_ids: list[int]) -> None:
    from decisions.tasks import send_signing_request  # tasks sit above services

    for signature_id in signature_ids:
        queue(send_signing_request, signature_id)


def _lock(signature: Signature, *, by, read: str | None) -> tuple[Signature, SigningRound, Meeting]:
    """The signature, its round and the meeting, locked and re-read (the meeting first, as every
    change to it), checked to be the caller's and still waiting in an open round. `read` is the
    key of the protocol the signatory was shown (None: not asked, as for the demo): a form sent
    after the minutes went out again is refused, so that no one signs a text they have not seen."""
    meeting = Meeting.objects.select_for_update(of=("self",)).select_related("body__municipality").get(
        pk=SigningRound.objects.values_list("meeting_id", flat=True).get(pk=signature.round_id))
    signing_round = SigningRound.objects.select_for_update().get(pk=signature.round_id)
    signature = Signature.objects.select_for_update(of=("self",)).select_related("person").get(pk=signature.pk)
    if by is None or signature.user_id != by.pk:
        raise DomainError(_("Bara %(person)s kan justera som %(person)s.") % {"person": signature.person})
    if signing_round.state != SigningRound.State.OPEN:
        raise DomainError(_("Protokollet är inte längre ute för justering (%(state)s).")
                          % {"state": signing_round.get_state_display().lower()})
    if read is not None and read != signing_round.protocol.key:
        raise DomainError(_("Protokollet har skickats på nytt sedan du öppnade sidan. Läs det nya protokollet "
                            "innan du justerar eller begär rättelse."), field="protocol")
    if signature.state != Signature.State.WAITING:
        raise AlreadyDone(_("Du har redan svarat på utskicket (%(state)s %(at)s).")
                          % {"state": signature.get_state_display().lower(),
                             "at": f"{timezone.localtime(signature.answered_at):%Y-%m-%d %H.%M}"}, record=signature)
    return signature, signing_round, meeting


def signed_so_far(signing_round: SigningRound) -> bytes:
    """The round's protocol with the signatures made so far (none: as sent)."""
    file = signing_round.signed_file if signing_round.signed_file else signing_round.protocol.file
    with file.open("rb") as opened:
        return opened.read()


@transaction.atomic
def sign(signature: Signature, *, by, at: datetime.datetime | None = None, read: str | None = None) -> Signature:
    """`by`, the signatory, signs the protocol: their signature is added to
    the round's PDF. The caller has checked the signatory's second factor
    (the signing page asks for a code). `at` is when they signed (now; the
    demo signs its meetings on the days they were signed); `read`, the key
    of the protocol the page showed them (see _lock).

    Side effects: with the last signature in, the minutes are signed on
    that day, the signed PDF kept as the protocol, and the notice of signing
    goes up as after a signing on paper."""
    signature, signing_round, meeting = _lock(signature, by=by, read=read)
    at = at or timezone.now()
    municipality = meeting.body.municipality
    signed = sign_pdf(signed_so_far(signing_round), key=signing_key(municipality), signer_name=signature.person.name,
                      field_name=f"Justering {signature.position + 1}", box=signature.position,
                      reason=_reason(signature), location=municipality.name, signed_at=at)
    previous = signing_round.signed_file.name if signing_round.signed_file else ""
    signing_round.signed_file.save(f"{meeting.pk}-{signing_round.number}-{signature.position + 1}.pdf",
                                   ContentFile(signed), save=False)
    signing_round.save(update_fields=["signed_file"])
    if previous:  # the file before this signature, once this one stands
        storage = signing_round.signed_file.storage
        transaction.on_commit(lambda: storage.delete(previous))
    signature.state, signature.answered_at = Signature.State.SIGNED, at
    signature.save(update_fields=["state", "answered_at"])
    record_meeting_event(meeting, kind=MeetingEvent.Kind.SIGNATURE, by=by,
                         description=f"{signature.person} ({signature.capacity})",
                         to_value=Sentence(gettext_noop("justerat %(at)s"),
                                           {"at": f"{timezone.localtime(at):%Y-%m-%d %H.%M}"}))
    if not signing_round.signatures.exclude(state=Signature.State.SIGNED).exists():
        _complete(signing_round, meeting, signed, at=at, by=by)
    signature.round = signing_round
    return signature


def _reason(signature: Signature) -> str:
    return f"Justering av protokollet, {signature.capacity.lower()}"


def _complete(signing_round: SigningRound, meeting: Meeting, signed: bytes, *, at: datetime.datetime, by) -> None:
    """The last signature is in: keep the signed PDF as the meeting's
    protocol, and sign the minutes on the day of that signature."""
    signing_round.state, signing_round.closed_at = SigningRound.State.SIGNED, at
    signing_round.save(update_fields=["state", "closed_at"])
    meeting.out_for_signing_since = None
    meeting.save(update_fields=["out_for_signing_since"])
    key = hashlib.sha256(signed).hexdigest()
    document = RenderedDocument(key=key, kind=RenderedDocument.Kind.PROTOCOL, meeting=meeting, archived=True,
                                pages=signing_round.protocol.pages, size=len(signed))
    document.file.save(f"{key}.pdf", ContentFile(signed), save=False)
    document.save()
    with document.file.open("rb") as file:
        assess(document, pages=pdf_pages(file))
    sign_minutes(meeting, signed_on=timezone.localtime(at).date(), by=by)


@transaction.atomic
def ask_for_correction(signature: Signature, *, comment: str, by, read: str | None = None) -> Signature:
    """`by`, a signatory, asks for the minutes to be corrected instead of
    signing them: the round ends, the minutes open again for the registry,
    which corrects them and sends them again; the signatures already made
    lapse. Once this commits, the registry member who sent the round is told."""
    comment = comment.strip()
    if not comment:
        raise DomainError(_("Skriv vad som ska rättas."), field="comment")
    if len(comment) > COMMENT_LIMIT:
        raise DomainError(_("Högst %(max)s tecken.") % {"max": COMMENT_LIMIT}, field="comment")
    signature, signing_round, meeting = _lock(signature, by=by, read=read)
    now = timezone.now()
    signature.state, signature.answered_at, signature.comment = Signature.State.CORRECTION, now, comment
    signature.save(update_fields=["state", "answered_at", "comment"])
    _close(signing_round, meeting, SigningRound.State.CORRECTION)
    record_meeting_event(meeting, kind=MeetingEvent.Kind.CORRECTION_ASKED, by=by,
                         description=f"{signature.person} ({signature.capacity})", reason=comment)
    signature_id = signature.pk
    transaction.on_commit(lambda: _tell_sender(signature_id))
    return signature


def _tell_sender(signature_id: int) -> None:
    from decisions.tasks import send_correction_notice  # tasks sit above services

    queue(send_correction_notice, signature_id)


@transaction.atomic
def withdraw(meeting: Meeting, *, reason: str, by) -> SigningRound:
    """The registry takes the minutes back from their signatories, to change
    them: the round ends and its signatures lapse."""
    reason = reason.strip()
    if not reason:
        raise DomainError(_("Ange varför protokollet tas tillbaka från justeringen."), field="reason")
    meeting = Meeting.objects.select_for_update(of=("self",)).select_related("body").get(pk=meeting.pk)
    signing_round = meeting.signing_rounds.select_for_update().filter(state=SigningRound.State.OPEN).first()
    if signing_round is None:
        raise DomainError(_("Protokollet är inte ute för justering."), field="meeting")
    signing_round.reason = reason
    _close(signing_round, meeting, SigningRound.State.WITHDRAWN)
    record_meeting_event(meeting, kind=MeetingEvent.Kind.SIGNING_WITHDRAWN, by=by, reason=reason,
                         description=Sentence(gettext_noop("utskick %(number)s"),
                                              {"number": str(signing_round.number)}))
    return signing_round


def _close(signing_round: SigningRound, meeting: Meeting, state: str) -> None:
    signing_round.state, signing_round.closed_at = state, timezone.now()
    signing_round.save(update_fields=["state", "closed_at", "reason"])
    meeting.out_for_signing_since = None
    meeting.save(update_fields=["out_for_signing_since"])


def signed_electronically(meeting: Meeting) -> bool:
    return meeting.signing_rounds.filter(state=SigningRound.State.SIGNED).exists()

# --- The e-mail -------------------------------------------------------------------------------

def _absolute(path: str) -> str:
    return settings.SITE_URL.rstrip("/") + path


def send_signing_request(signature_id: int) -> bool:
    """E-mail the signatory that the minutes wait for their signature, once
    (claimed by setting `notified_at` first; released again if sending
    fails, for the task's retry). In the signatory's language. Returns
    whether this call sent it: not when sent before, or the round has ended."""
    now = timezone.now()
    claimed = Signature.objects.filter(pk=signature_id, notified_at__isnull=True, state=Signature.State.WAITING,
                                       round__state=SigningRound.State.OPEN).update(notified_at=now)
    if not claimed:
        return False
    signature = Signature.objects.select_related("user", "round__meeting__body", "person").get(pk=signature_id)
    try:
        _mail(signature.user, "decisions/emails/signing_request", {
            "signature": signature, "meeting": signature.round.meeting,
            "url": _absolute(reverse("decisions:signing", args=[signature.round.meeting_id]))})
    except Exception:
        Signature.objects.filter(pk=signature_id, notified_at=now).update(notified_at=None)
        raise
    return True


def unsent_signing_requests() -> list[int]:
    """The signatures still waiting for their e-mail a minute after their round was sent (the broker
    could not be reached then, or the sending failed for good): the schedule's sweep queues them again."""
    return list(Signature.objects.filter(
        state=Signature.State.WAITING, notified_at__isnull=True, round__state=SigningRound.State.OPEN,
        round__sent_at__lt=timezone.now() - datetime.timedelta(minutes=1)).values_list("pk", flat=True))


def send_correction_notice(signature_id: int) -> bool:
    """E-mail the registry member who sent the round that a signatory asks
    for a correction, with the signatory's comment. Returns whether there was
    anyone to tell."""
    signature = Signature.objects.select_related("round__sent_by", "round__meeting__body", "person").get(
        pk=signature_id)
    sender = signature.round.sent_by
    if sender is None or not sender.email:
        return False
    _mail(sender, "decisions/emails/correction_asked", {
        "signature": signature, "meeting": signature.round.meeting,
        "url": _absolute(signature.round.meeting.get_absolute_url())})
    return True


def _mail(user, template: str, context: dict) -> None:
    with translation.override(email_settings_of(user).language):
        context = {**context, "user": user}
        subject = " ".join(render_to_string(f"{template}-subject.txt", context).split())
        EmailMessage(subject, render_to_string(f"{template}-body.txt", context), to=[user.email]).send()
