"""A registry secretary puts mistakes right in the browser: a paragraph
corrected after the signatories' reading and before signing, a referral sent
to the wrong body undone, and a motion's title corrected."""

import datetime
import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from decisions.models import MinuteItem
from motions.models import Motion, MotionEvent


def _motion(title: str):
    from motions.services import file_motion
    from organisation.models import Person

    nujin = Person.objects.get(name="Nujin Alacabek")
    return file_motion(nujin.municipality, title=title, movers=[nujin],
                       received_on=timezone.localdate() - datetime.timedelta(days=60), clauses=["att", "att"],
                       by=None)


@pytest.fixture
def minuted(seeded_live_server):
    """A case handled by the working committee yesterday, with the attendance taken; the minutes not yet signed."""
    from decisions.services.case_steps import prepare_draft_decision, record_minute_item
    from organisation.models import Body, Person
    from organisation.services import AttendanceRecord, record_attendance, schedule_meeting

    motion = _motion("Solceller på kommunens skolor")
    today = timezone.localdate()
    prepare_draft_decision(motion, drafted_on=today - datetime.timedelta(days=30), proposal="reject", by=None)
    ksau = Body.objects.get(name="Kommunstyrelsens arbetsutskott")
    meeting = schedule_meeting(ksau, on=today - datetime.timedelta(days=1), starts_at=datetime.time(13),
                               place="Sessionssalen", by=None)

    def person(name):
        return Person.objects.get(name=name)
    record_attendance(meeting, [
        AttendanceRecord(person("Anna Berglund"), "member", duty="chair"),
        AttendanceRecord(person("Erik Sandberg"), "member", signs=True),
        AttendanceRecord(person("Lena Holm"), "member"),
        AttendanceRecord(person("Helena Strand"), "other", duty="secretary", title="nämndsekreterare"),
    ], by=None)
    item = record_minute_item(motion, step="handle", meeting=meeting, outcome="reject", by=None)
    return meeting, item


def test_a_registry_secretary_corrects_a_paragraph_after_the_signatories_reading_before_signing(
        minuted, page, login, check_accessibility):
    meeting, item = minuted
    login(page, "registrator")
    page.goto(meeting.get_absolute_url())
    # The signatory has read the draft: the decision text is wrong. Open the paragraph again.
    page.get_by_role("link", name=re.compile(rf"^Öppna igen § {item.number} ")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Öppna § {item.number} igen")
    page.get_by_label("Beslutstext").fill("Arbetsutskottet föreslår kommunstyrelsen att avslå motionen.")
    page.get_by_label("Varför rättas paragrafen?").fill("Justeraren påpekade att beslutstexten saknades.")
    check_accessibility(page)
    page.get_by_role("button", name="Protokollför igen").click()
    expect(page.get_by_text("är rättad och protokollförd igen")).to_be_visible()
    expect(page.locator("#historik")).to_be_visible()
    expect(page.locator(".timeline")).to_contain_text("Paragraf rättad")

    # The case's timeline shows what changed, before and after, and why.
    page.get_by_role("link", name=re.compile(r"Solceller på kommunens skolor")).first.click()
    timeline = page.locator(".timeline")
    expect(timeline).to_contain_text("Rättad")
    expect(timeline.locator("ins")).to_contain_text("Arbetsutskottet föreslår kommunstyrelsen att avslå motionen.")
    expect(timeline).to_contain_text("Justeraren påpekade att beslutstexten saknades.")
    check_accessibility(page)

    page.goto(meeting.get_absolute_url())
    page.get_by_role("link", name="Registrera justering på papper").click()
    page.get_by_label("Förvaringsplats för protokollet").fill("Kommunstyrelsens förvaltning")
    page.get_by_role("button", name="Fortsätt till bekräftelse").click()
    page.get_by_role("button", name="Justera protokollet").click()
    expect(page.get_by_text("Protokollet är justerat")).to_be_visible()
    # Signed: the paragraph is no longer opened again; a correction note is offered instead.
    expect(page.get_by_role("link", name=re.compile(r"^Öppna igen"))).to_have_count(0)
    expect(page.get_by_role("link", name=re.compile(rf"^Rättelse § {item.number} "))).to_be_visible()
    assert MinuteItem.objects.get(pk=item.pk).decision_clauses == [
        "Arbetsutskottet föreslår kommunstyrelsen att avslå motionen."]


def test_a_referral_sent_to_the_wrong_body_is_undone_after_confirmation(seeded_live_server, page, login,
                                                                        check_accessibility):
    from organisation.models import Body
    from referrals.services import ReferralRequest, refer_motion

    motion = _motion("Fler parkbänkar")
    today = timezone.localdate()
    refer_motion(motion, requests=[ReferralRequest(Body.objects.get(name="Socialnämnden"), today),
                                   ReferralRequest(Body.objects.get(name="Kultur- och fritidsnämnden"), today)],
                 sent_on=today - datetime.timedelta(days=5), by=None)
    login(page, "registrator")
    page.goto(motion.get_absolute_url())
    undo = page.get_by_role("link", name="Ångra remissen till Socialnämnden")
    expect(undo).to_have_class(re.compile(r"btn-outline-danger"))
    undo.click()
    button = page.get_by_role("button", name="Ångra remissen")
    expect(button).to_have_class(re.compile(r"btn-danger"))
    page.get_by_label("Varför ångras steget?").fill("Remissen skulle gå till Kultur- och fritidsnämnden ensam.")
    button.click()  # not confirmed: nothing happens but a message at the box
    expect(page.get_by_text("Kryssa i rutan för att bekräfta").first).to_be_visible()
    check_accessibility(page)
    page.get_by_label(re.compile("Jag förstår att steget tas bort")).check()
    page.get_by_role("button", name="Ångra remissen").click()
    expect(page.get_by_text("Remissen till Socialnämnden är ångrad.")).to_be_visible()
    table = page.get_by_role("table", name="Remisser och svar")
    expect(table).not_to_contain_text("Socialnämnden")
    expect(table).to_contain_text("Kultur- och fritidsnämnden")
    expect(page.locator(".timeline")).to_contain_text("Ångrad")
    expect(page.locator(".timeline del").first).to_contain_text("Socialnämnden, skickad")
    assert motion.events.filter(kind=MotionEvent.Kind.UNDONE).count() == 1


def test_a_motions_title_is_corrected(seeded_live_server, page, login, check_accessibility):
    motion = _motion("Trygga skolvägar i Flemingsbreg")
    login(page, "registrator")
    page.goto(motion.get_absolute_url())
    page.get_by_role("link", name="Rätta motionens uppgifter").click()
    page.get_by_label("Rubrik").fill("Trygga skolvägar i Flemingsberg")
    page.get_by_label("Varför rättas uppgifterna?").fill("Stavfel i ortnamnet.")
    check_accessibility(page)
    page.get_by_role("button", name="Spara rättelsen").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Trygga skolvägar i Flemingsberg")
    timeline = page.locator(".timeline")
    expect(timeline.locator("del")).to_have_text("Trygga skolvägar i Flemingsbreg")
    expect(timeline.locator("ins")).to_have_text("Trygga skolvägar i Flemingsberg")
    expect(timeline).to_contain_text("Stavfel i ortnamnet.")
    check_accessibility(page)
    assert Motion.objects.get(pk=motion.pk).title == "Trygga skolvägar i Flemingsberg"
