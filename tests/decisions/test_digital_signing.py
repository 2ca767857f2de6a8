"""Signing the minutes electronically: the round, the signatures in the PDF,
a correction asked for, taking the minutes back, the e-mail, the pages."""

import datetime

import pytest
from django.core import mail
from django.test import Client, TestCase
from django.urls import reverse
from django_otp.oath import TOTP

from cases.management.commands.load_demo import demo_signatory
from decisions.models import RenderedDocument, Signature, SigningRound
from decisions.services.digital_signing import (
    ask_for_correction,
    send_for_signing,
    sending_problems,
    sign,
    withdraw,
)
from decisions.services.signing import sign_minutes
from lib.errors import AlreadyDone, DomainError
from organisation.models import Meeting, MeetingEvent
from organisation.services import update_meeting
from signatures.keys import trust_roots
from signatures.pdf import verify_pdf
from tests.conftest import d


def pdf_text(data: bytes) -> str:
    import io

    from pypdf import PdfReader

    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


@pytest.fixture(autouse=True)
def demo_keys(db):
    from django.core.management import call_command

    call_command("make_demo_signing_keys", verbosity=0)


@pytest.fixture
def ready(held, person):
    """The held meeting, its signatories (Anna Berglund, the chair, and Erik Sandberg) with accounts
    and authenticator apps."""
    for name in ("Anna Berglund", "Erik Sandberg"):
        demo_signatory(person(name))
    return held


def at(day: str, hour: int) -> datetime.datetime:
    from django.utils import timezone

    return timezone.make_aware(datetime.datetime.combine(d(day), datetime.time(hour)))


def signatures_of(signing_round) -> dict[str, Signature]:
    return {s.person.name: s for s in signing_round.signatures.select_related("person", "user")}


def stored_bytes(file) -> bytes:
    with file.open("rb") as opened:
        return opened.read()


def test_the_last_signature_signs_the_minutes_on_its_day(ready, registrar):
    signing_round = send_for_signing(ready, by=registrar)
    assert [(s.person.name, s.capacity) for s in signing_round.signatures.all()] == [
        ("Anna Berglund", "Ordförande"), ("Erik Sandberg", "Justerare")]
    signatures = signatures_of(signing_round)
    sign(signatures["Anna Berglund"], by=signatures["Anna Berglund"].user, at=at("2022-01-26", 16))
    assert Meeting.objects.get(pk=ready.pk).signed_on is None  # one of two
    sign(signatures["Erik Sandberg"], by=signatures["Erik Sandberg"].user, at=at("2022-01-27", 9))

    meeting = Meeting.objects.get(pk=ready.pk)
    assert (meeting.signed_on, meeting.posted_on, meeting.out_for_signing_since) == (d("2022-01-27"),
                                                                                    d("2022-01-28"), None)
    signing_round.refresh_from_db()
    assert signing_round.state == SigningRound.State.SIGNED
    protocol = RenderedDocument.objects.get(meeting=meeting, kind="protocol", archived=True)
    data = stored_bytes(protocol.file)
    assert data == stored_bytes(signing_round.signed_file)
    check = verify_pdf(data, trust=trust_roots(meeting.body.municipality))
    assert check.valid, check.problem
    text = pdf_text(data)  # the protocol signed is the final text: no draft mark
    assert "UTKAST" not in text and "elektroniskt, se signaturerna nedan" in text
    assert [s.signer_name for s in check.signatures] == ["Anna Berglund", "Erik Sandberg"]
    assert list(meeting.events.filter(kind__in=["sent_for_signing", "signature", "signed"])
                .values_list("kind", flat=True)) == ["sent_for_signing", "signature", "signature", "signed"]


def test_minutes_out_for_signing_cannot_change_nor_be_signed_on_paper(ready, registrar):
    send_for_signing(ready, by=registrar)
    with pytest.raises(DomainError, match="skickat till justerarna"):
        update_meeting(ready, starts_at=datetime.time(14), ends_at=None, place="x", kept_at="y", by=registrar)
    with pytest.raises(DomainError, match="skickat till justerarna"):
        sign_minutes(ready, signed_on=d("2022-01-27"), by=registrar)
    with pytest.raises(DomainError, match="skickat till justerarna"):
        send_for_signing(ready, by=registrar)


def test_a_correction_ends_the_round_and_the_signatures_made_lapse(ready, registrar):
    first = send_for_signing(ready, by=registrar)
    signatures = signatures_of(first)
    anna, erik = signatures["Anna Berglund"], signatures["Erik Sandberg"]
    sign(anna, by=anna.user)
    with pytest.raises(DomainError, match="Bara Erik Sandberg"):
        ask_for_correction(erik, comment="Fel", by=anna.user)
    with pytest.raises(DomainError, match="Skriv vad som ska rättas"):
        ask_for_correction(erik, comment="  ", by=erik.user)
    ask_for_correction(erik, comment="§ 2: mitt namn är felstavat.", by=erik.user)

    first.refresh_from_db()
    assert first.state == SigningRound.State.CORRECTION
    meeting = update_meeting(ready, starts_at=datetime.time(13, 15), ends_at=datetime.time(15, 30),
                             place="Huddinge kommunhus", kept_at="Kommunstyrelsens förvaltning", by=registrar)
    second = send_for_signing(meeting, by=registrar)
    assert second.number == 2 and second.protocol_id != first.protocol_id
    assert set(second.signatures.values_list("state", flat=True)) == {Signature.State.WAITING}
    with pytest.raises(DomainError, match="inte längre ute för justering"):
        sign(anna, by=anna.user)  # the first round's signature is gone with its round
    assert MeetingEvent.objects.filter(meeting=meeting, kind="correction_asked",
                                       reason="§ 2: mitt namn är felstavat.").exists()


def test_a_signatory_signs_once(ready, registrar):
    anna = signatures_of(send_for_signing(ready, by=registrar))["Anna Berglund"]
    sign(anna, by=anna.user)
    with pytest.raises(AlreadyDone, match="redan svarat"):
        sign(anna, by=anna.user)


def test_the_registry_takes_the_minutes_back(ready, registrar):
    send_for_signing(ready, by=registrar)
    with pytest.raises(DomainError, match="Ange varför"):
        withdraw(ready, reason="", by=registrar)
    signing_round = withdraw(ready, reason="En paragraf saknas.", by=registrar)
    assert signing_round.state == SigningRound.State.WITHDRAWN
    assert Meeting.objects.get(pk=ready.pk).out_for_signing_since is None
    with pytest.raises(DomainError, match="inte ute för justering"):
        withdraw(ready, reason="Igen.", by=registrar)


def test_sending_names_each_signatory_who_cannot_sign(held, registrar, person):
    problems = " ".join(sending_problems(held))
    assert "Anna Berglund har inget konto" in problems and "Erik Sandberg har inget konto" in problems
    user = demo_signatory(person("Erik Sandberg"))
    user.totpdevice_set.all().delete()
    assert "Erik Sandberg har ingen tvåstegsverifiering" in " ".join(sending_problems(held))
    with pytest.raises(DomainError, match="Anna Berglund har inget konto"):
        send_for_signing(held, by=registrar)
    assert not SigningRound.objects.filter(meeting=held).exists()


def test_each_signatory_is_mailed_and_the_sender_told_of_a_correction(ready, registrar, settings):
    registrar.email = "registrator@example.se"
    registrar.save()
    with TestCase.captureOnCommitCallbacks(execute=True):
        signing_round = send_for_signing(ready, by=registrar)
    assert sorted(message.to[0] for message in mail.outbox) == ["anna.berglund@example.se",
                                                                 "erik.sandberg@example.se"]
    message = mail.outbox[0]
    assert message.subject == f"Protokoll att justera: {ready}"
    assert f"{settings.SITE_URL}{reverse('decisions:signing', args=[ready.pk])}" in message.body
    erik = signatures_of(signing_round)["Erik Sandberg"]
    with TestCase.captureOnCommitCallbacks(execute=True):
        ask_for_correction(erik, comment="Datumet är fel.", by=erik.user)
    assert mail.outbox[-1].to == ["registrator@example.se"]
    assert "Datumet är fel." in mail.outbox[-1].body


# --- The pages --------------------------------------------------------------------------------

def code_for(user, later: int = 0) -> str:
    device = user.totpdevice_set.get()
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time += later * device.step
    return f"{totp.token():06d}"


def signed_in(user) -> Client:
    from django_otp import DEVICE_ID_SESSION_KEY

    client = Client()
    client.force_login(user)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = user.totpdevice_set.get().persistent_id
    session.save()
    return client


def test_only_the_named_signatories_sign_and_with_a_code(ready, registrar, registry_user, councillor, settings):
    settings.OTP_TOTP_THROTTLE_FACTOR = 0
    signing_round = send_for_signing(ready, by=registrar)
    anna = signatures_of(signing_round)["Anna Berglund"]
    url = reverse("decisions:signing", args=[ready.pk])
    posted = {"form": "sign", "read": "on", "token": "000000", "protocol": signing_round.protocol.key}

    outsider = Client()
    outsider.force_login(councillor)
    assert outsider.get(url).status_code == 403
    assert outsider.post(url, posted).status_code == 403
    assert outsider.get(reverse("decisions:signing_pdf", args=[ready.pk])).status_code == 403
    registry = Client()
    registry.force_login(registry_user)
    assert registry.get(url).status_code == 200
    assert registry.post(url, posted).status_code == 403  # the registry follows, and does not sign

    client = signed_in(anna.user)
    page = client.get(url)
    assert "Justera protokollet" in page.content.decode()
    assert client.get(reverse("decisions:signing_pdf", args=[ready.pk]))["Cache-Control"] == "private, no-store"
    wrong = client.post(url, {**posted, "token": code_for(anna.user, later=5)})
    assert "Koden stämmer inte" in wrong.content.decode()
    unread = client.post(url, {**posted, "read": "", "token": code_for(anna.user)})
    assert unread.status_code == 200
    assert Signature.objects.get(pk=anna.pk).state == Signature.State.WAITING
    done = client.post(url, {**posted, "token": code_for(anna.user)}, follow=True)
    assert "Du har justerat protokollet." in done.content.decode()
    assert Signature.objects.get(pk=anna.pk).state == Signature.State.SIGNED


def test_a_form_for_minutes_sent_again_since_is_refused(ready, registrar, settings):
    """The signatory's page showed round 1; the minutes were taken back, changed and sent again: the
    form sent from the old page signs nothing, and the page shows the new protocol."""
    settings.OTP_TOTP_THROTTLE_FACTOR = 0
    first = send_for_signing(ready, by=registrar)
    erik = signatures_of(first)["Erik Sandberg"]
    withdraw(ready, reason="En paragraf saknas.", by=registrar)
    meeting = update_meeting(ready, starts_at=datetime.time(13, 30), ends_at=datetime.time(15, 30),
                             place="Huddinge kommunhus", kept_at="Kommunstyrelsens förvaltning", by=registrar)
    second = send_for_signing(meeting, by=registrar)
    client = signed_in(erik.user)
    url = reverse("decisions:signing", args=[ready.pk])
    page = client.post(url, {"form": "sign", "read": "on", "token": code_for(erik.user),
                             "protocol": first.protocol.key}, follow=True)
    assert "Protokollet har skickats på nytt sedan du öppnade sidan." in page.content.decode()
    assert set(second.signatures.values_list("state", flat=True)) == {Signature.State.WAITING}
    assert second.protocol.key in page.content.decode()  # the new one, in the forms


def test_the_meeting_page_tells_whether_the_signed_protocol_is_intact(ready, registrar, client):
    signing_round = send_for_signing(ready, by=registrar)
    for signature in signing_round.signatures.select_related("user"):
        sign(signature, by=signature.user, at=at("2022-01-27", 9))
    page = client.get(ready.get_absolute_url()).content.decode()
    assert "Signaturerna är giltiga." in page
    assert "Anna Berglund, 2022-01-27 09.00" in page

    protocol = RenderedDocument.objects.get(meeting=ready, kind="protocol", archived=True)
    data = bytearray(stored_bytes(protocol.file))
    data[len(data) // 3] ^= 0x01  # one byte inside the signed range
    with protocol.file.storage.open(protocol.file.name, "wb") as file:
        file.write(bytes(data))
    page = client.get(ready.get_absolute_url()).content.decode()
    assert "Signaturerna kan inte bekräftas." in page


def test_the_registry_enrols_a_signatorys_app_and_no_one_elses(held, person, registrar, registry_user,
                                                              administrator, settings):
    settings.OTP_TOTP_THROTTLE_FACTOR = 0
    signatory = demo_signatory(person("Erik Sandberg"))
    signatory.totpdevice_set.all().delete()
    registry = Client()
    registry.force_login(registry_user)
    for other in (registrar, administrator):  # their second factor is their own
        assert registry.get(reverse("enrol_for", args=[other.pk])).status_code == 403
    url = reverse("enrol_for", args=[signatory.pk])
    page = registry.get(url)
    assert "QR-kod med nyckeln för autentiseringsappen" in page.content.decode()
    device = signatory.totpdevice_set.get(confirmed=False)
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    registry.post(url, {"token": f"{totp.token():06d}"})
    assert signatory.totpdevice_set.get().confirmed
    assert "Erik Sandberg har ingen tvåstegsverifiering" not in " ".join(sending_problems(held))


def test_a_signing_request_not_sent_is_queued_again_by_the_sweep(ready, registrar):
    from django.utils import timezone

    from decisions.tasks import send_waiting_signing_requests

    signing_round = send_for_signing(ready, by=registrar)  # its e-mail never queued: no commit here
    assert send_waiting_signing_requests() == 0  # not a minute old yet
    SigningRound.objects.filter(pk=signing_round.pk).update(sent_at=timezone.now() - datetime.timedelta(minutes=2))
    assert send_waiting_signing_requests() == 2
    assert sorted(message.to[0] for message in mail.outbox) == ["anna.berglund@example.se",
                                                                 "erik.sandberg@example.se"]
    assert send_waiting_signing_requests() == 0
