"""The minutes signed electronically, in a real browser: the registry sends them; one signatory asks
for a correction; the registry corrects them and sends them again; both sign with a code from their
app; the signed PDF verifies with pyHanko, and once a byte of the stored file is changed the meeting
page says the signatures cannot be confirmed."""

import datetime

from django.urls import reverse
from django.utils import timezone
from django_otp.oath import TOTP
from playwright.sync_api import expect

CORRECTION = "Paragraf 1: Erik Sandberg ska justera, inte Karin Dahl."


def code(user, later: int = 0) -> str:
    """The code `user`'s app shows `later` steps (of 30 seconds) from now: each code is taken once."""
    device = user.totpdevice_set.get()
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time += later * device.step
    return f"{totp.token():06d}"


def held_meeting():
    """A meeting of the working committee ten days ago, minuted and not signed: Anna Berglund in
    the chair, Erik Sandberg to sign with her; both have accounts with authenticator apps."""
    from cases.management.commands.load_demo import demo_signatory
    from decisions.services.meetings import record_other_matter
    from organisation.models import Body, Person
    from organisation.services import record_attendance, update_meeting
    from tests.support.meetings import KSAU, full_attendance, on_agenda

    ksau = Body.objects.get(name=KSAU)
    day = timezone.localdate() - datetime.timedelta(days=10)
    meeting, (election,) = on_agenda(ksau, None, day.isoformat(), "Val av justerare")
    meeting = update_meeting(meeting, starts_at=datetime.time(13), ends_at=datetime.time(15),
                             place="Huddinge kommunhus", kept_at="Kommunstyrelsens förvaltning", by=None)

    def person(name):
        return Person.objects.get(municipality=ksau.municipality, name=name)

    record_attendance(meeting, full_attendance(person), by=None)
    record_other_matter(election, decision_text="Karin Dahl utses att justera protokollet.", by=None)
    return meeting, demo_signatory(person("Anna Berglund")), demo_signatory(person("Erik Sandberg"))


def signatory_page(browser, live_server, user, later: int):
    """A browser of the signatory's own, signed in with the password and the code `later` steps on."""
    context = browser.new_context(base_url=live_server.url, locale="sv-SE", timezone_id="Europe/Stockholm")
    page = context.new_page()
    page.goto(reverse("login"))
    page.get_by_label("Användarnamn").fill(user.username)
    page.get_by_label("Lösenord").fill("demo")
    page.get_by_role("button", name="Logga in").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Ange kod")
    page.get_by_label("Kod från appen").fill(code(user, later))
    page.get_by_role("button", name="Fortsätt").click()
    return context, page


def send(page, meeting):
    page.goto(meeting.get_absolute_url())
    page.get_by_role("link", name="Skicka för justering").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Skicka protokollet för justering")
    page.get_by_role("button", name="Skicka för justering").click()
    expect(page.locator(".alert-success")).to_contain_text(
        "Protokollet är skickat för justering till Anna Berglund, Erik Sandberg.")


def test_two_signatories_sign_after_a_correction(seeded_live_server, browser, page, login, check_accessibility,
                                                 settings):
    from decisions.models import RenderedDocument
    from signatures.keys import trust_roots
    from signatures.pdf import verify_pdf

    settings.OTP_TOTP_THROTTLE_FACTOR = 0
    meeting, anna, erik = held_meeting()
    login(page, "registrator")
    send(page, meeting)
    check_accessibility(page)
    expect(page.get_by_role("row", name="Anna Berglund")).to_contain_text("Väntar")

    # Erik Sandberg reads the protocol and asks for a correction.
    erik_context, erik_page = signatory_page(browser, seeded_live_server, erik, later=0)
    erik_page.goto(reverse("decisions:signing", args=[meeting.pk]))
    expect(erik_page.get_by_role("heading", level=1)).to_have_text("Justering av protokollet")
    check_accessibility(erik_page)
    erik_page.get_by_label("Vad ska rättas?").fill(CORRECTION)
    erik_page.get_by_role("button", name="Begär rättelse").click()
    expect(erik_page.locator(".alert-success")).to_contain_text("Registraturen har fått din begäran om rättelse.")

    # The registry sees the comment, corrects the paragraph and sends the minutes again.
    page.goto(meeting.get_absolute_url())
    expect(page.locator(".alert-warning")).to_contain_text(CORRECTION)
    election = meeting.items.get()
    page.goto(reverse("decisions:correct_minute_item", args=[meeting.pk, election.pk]))
    page.get_by_role("textbox", name="Beslut*").fill("Erik Sandberg utses att justera protokollet.")
    page.get_by_label("Varför rättas paragrafen?").fill(CORRECTION)
    page.get_by_role("button", name="Protokollför igen").click()
    send(page, meeting)

    # Anna Berglund signs; a wrong code is refused first.
    anna_context, anna_page = signatory_page(browser, seeded_live_server, anna, later=0)
    anna_page.goto(reverse("decisions:signing", args=[meeting.pk]))
    anna_page.get_by_label("Jag har läst protokollet och justerar det.").check()
    anna_page.get_by_label("Kod från appen").fill(code(anna, later=5))
    anna_page.get_by_role("button", name="Justera protokollet").click()
    expect(anna_page.locator(".invalid-feedback")).to_contain_text("Koden stämmer inte")
    check_accessibility(anna_page)
    anna_page.get_by_label("Jag har läst protokollet och justerar det.").check()
    anna_page.get_by_label("Kod från appen").fill(code(anna, later=1))
    anna_page.get_by_role("button", name="Justera protokollet").click()
    expect(anna_page.locator(".alert-success")).to_contain_text("Du har justerat protokollet.")
    anna_context.close()

    # Erik Sandberg signs the corrected protocol, in the browser he asked for the correction in.
    erik_page.goto(reverse("decisions:signing", args=[meeting.pk]))
    erik_page.get_by_label("Jag har läst protokollet och justerar det.").check()
    erik_page.get_by_label("Kod från appen").fill(code(erik, later=1))
    erik_page.get_by_role("button", name="Justera protokollet").click()
    expect(erik_page.locator(".alert-success")).to_contain_text("Du har justerat protokollet.")
    erik_context.close()

    # Signed on the day of the last signature; anyone sees the signatures hold.
    visitor = browser.new_context(base_url=seeded_live_server.url, locale="sv-SE").new_page()
    visitor.goto(meeting.get_absolute_url())
    expect(visitor.locator("main dl")).to_contain_text(f"Justerat {timezone.localdate():%Y-%m-%d}")
    expect(visitor.locator("#signaturer")).to_contain_text("Signaturerna är giltiga.")
    expect(visitor.locator("#signaturer li")).to_have_count(2)
    check_accessibility(visitor)
    download = visitor.request.get(reverse("decisions:protocol_pdf", args=[meeting.pk]))
    check = verify_pdf(download.body(), trust=trust_roots(meeting.body.municipality))
    assert check.valid, check.problem
    assert [signature.signer_name for signature in check.signatures] == ["Anna Berglund", "Erik Sandberg"]

    # One byte of the stored protocol changed: the page says so.
    protocol = RenderedDocument.objects.get(meeting=meeting, kind="protocol", archived=True)
    with protocol.file.open("rb") as file:
        data = bytearray(file.read())
    data[len(data) // 2] ^= 0x20
    with protocol.file.storage.open(protocol.file.name, "wb") as file:
        file.write(bytes(data))
    visitor.goto(meeting.get_absolute_url())
    expect(visitor.locator("#signaturer")).to_contain_text("Signaturerna kan inte bekräftas.")
