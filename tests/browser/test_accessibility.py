"""axe-core on every page of the site, for every role, in Chromium."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from playwright.sync_api import expect

from tests.browser.conftest import LOGIN_PATH
from tests.conftest import MINIMAL_PDF
from tests.test_authorization import url_names

# Django's own admin is the administrators' tool, not a page of the site.
NOT_PAGES = {"admin", "logout", "set_language", "decisions:extract", "documents:file", "reminders:report",
             "reminders:follow", "reminders:unfollow_case", "reminders:unfollow", "reminders:stored_report",
             "decisions:agenda_item", "decisions:add_case", "decisions:file_motions",
             "decisions:render", "decisions:render_status",
             "decisions:protocol_pdf", "decisions:notice_pdf", "decisions:signing_pdf",
             # Case numbers and meetings as the registry keeps them: buttons, by POST.
             "decisions:remove_meeting", "motions:case_officer",
             # The publication review: a document's file, for the registry to read.
             "publication:file",
             # The notice board's feed and files.
             "noticeboard:feed", "noticeboard:notice_file", "decisions:posted_agenda_pdf"}
# The lists' forms that only post.
NOT_PAGES |= {"reminders:draw_up_report"}
# Atom feeds and iCalendar files, for feed readers and calendar programs.
NOT_PAGES |= {"feeds:motions", "feeds:decisions", "feeds:minutes", "feeds:body_motions", "feeds:body_decisions",
              "feeds:body_minutes", "feeds:case", "feeds:calendar", "feeds:body_calendar"}
# A closed case's archive package: a ZIP file to download, not a page.
NOT_PAGES |= {"archive:package"}
# The open data (public/oparl): JSON for programs, not pages.
NOT_PAGES |= {name for name in url_names() if name.startswith("oparl:")}


@pytest.fixture
def open_case(seeded_live_server):
    """Besides the demo's closed case: an open motion referred to Socialnämnden and
    Kultur- och fritidsnämnden, the latter answered with an attachment."""
    from motions.services import file_motion
    from organisation.models import Body, Person
    from referrals.services import (
        ReferralRequest,
        record_referral_response,
        refer_motion,
    )

    nujin = Person.objects.get(name="Nujin Alacabek")
    motion = file_motion(nujin.municipality, title="Belysning i parker", movers=[nujin],
                         received_on=datetime.date(2026, 1, 5), clauses=["att", "att"], by=None)
    social, culture = refer_motion(motion, requests=[
        ReferralRequest(Body.objects.get(name="Socialnämnden"), datetime.date(2026, 12, 31)),
        ReferralRequest(Body.objects.get(name="Kultur- och fritidsnämnden"), datetime.date(2026, 12, 31)),
    ], sent_on=datetime.date(2026, 1, 10), by=None)
    record_referral_response(culture, decided_on=datetime.date(2026, 2, 1), text="Yttrande",
                             document=SimpleUploadedFile("svar.pdf", MINIMAL_PDF), by=None)
    from decisions.services.meetings import add_other_matter
    from organisation.services import schedule_meeting

    meeting = schedule_meeting(Body.objects.get(name="Kommunstyrelsen"), on=datetime.date(2026, 2, 2), by=None)
    matter = add_other_matter(meeting, title="Information om trygghetsarbetet", by=None)
    # A recorded paragraph with the attendance taken: its record's page has a roll-call.
    from decisions.services.meetings import record_other_matter
    from organisation.services import AttendanceRecord, record_attendance

    record_attendance(meeting, [AttendanceRecord(Person.objects.get(name=name), "member")
                                for name in ("Anna Berglund", "Erik Sandberg", "Karin Dahl")], by=None)
    election = record_other_matter(add_other_matter(meeting, title="Val av justerare", by=None),
                                   decision_text="Erik Sandberg utses att justera protokollet.", by=None)
    # A stored report of motions not yet prepared, with a comment: its page.
    from reminders.models import Report, ReportComment

    report = Report.objects.create(municipality=nujin.municipality, as_of=datetime.date(2026, 4, 1))
    ReportComment.objects.create(report=report, motion=motion, text="Väntar på remissvar.",
                                 written_at=datetime.datetime(2026, 4, 2, 9, 0, tzinfo=datetime.UTC))
    # A letter held for the publication review (a personal identity number in its text): the queue and
    # its review page show where.
    from documents.services import add_document
    from tests.conftest import text_pdf

    held = add_document(motion, file=SimpleUploadedFile("skrivelse.pdf", text_pdf("Tolvan Tolvansson 121212-1212")),
                        kind="letter", dated_on=datetime.date(2026, 2, 3), title="Skrivelse från en boende", by=None)
    # The notice board: a meeting to come summoned, a notice of the registry's with its PDF.
    from django.utils import timezone

    from decisions.services.posting import post_agenda
    from noticeboard.services import add_notice

    today = timezone.localdate()
    coming = schedule_meeting(Body.objects.get(name="Kommunstyrelsen"), on=today + datetime.timedelta(days=20),
                              starts_at=datetime.time(13), place="Huddinge kommunhus", by=None)
    add_other_matter(coming, title="Information från förvaltningen", by=None)
    post_agenda(coming, by=None)
    notice = add_notice(nujin.municipality, title="Detaljplan för Sjödalsparken", text="Granskning av planförslaget.",
                        posted_on=today, removed_on=today + datetime.timedelta(days=21),
                        file=SimpleUploadedFile("plan.pdf", MINIMAL_PDF), by=None)
    # The registry enrols a signatory's authenticator app with them (a signatory of the demo's minutes).
    from django.contrib.auth import get_user_model

    signatory = get_user_model().objects.get(username="anna.berglund")
    return {"case_number": motion.case_number, "referral_id": social.pk, "user_id": signatory.pk,
            "item_id": election.pk, "meeting_id": meeting.pk, "agenda_item_id": matter.pk, "report_id": report.pk,
            "document_id": held.pk, "municipality_id": nujin.municipality_id, "notice_id": notice.pk}


def pages(kwargs):
    for name in sorted(set(url_names()) - NOT_PAGES):
        for candidate in ({}, {"case_number": kwargs["case_number"]}, {"referral_id": kwargs["referral_id"]},
                          {"meeting_id": kwargs["meeting_id"]},
                          {"meeting_id": kwargs["meeting_id"], "agenda_item_id": kwargs["agenda_item_id"]},
                          {"meeting_id": kwargs["meeting_id"], "item_id": kwargs["item_id"]},
                          {"report_id": kwargs["report_id"]},
                          # Aktbilaga 1: Kultur- och fritidsnämnden's answer.
                          {"case_number": kwargs["case_number"], "number": 1},
                          # Aktbilaga 2, held for the publication review.
                          {"model": "documents-casedocument", "document_id": kwargs["document_id"]},
                          {"municipality_id": kwargs["municipality_id"]}, {"notice_id": kwargs["notice_id"]},
                          {"user_id": kwargs["user_id"]}):
            try:
                yield reverse(name, kwargs=candidate)
                break
            except Exception:
                continue


@pytest.mark.parametrize("username", [None, "ledamot", "socialnamnden", "registrator"])
def test_every_page_passes_axe_for_every_role(open_case, page, login, check_accessibility, username):
    if username:
        login(page, username)
    checked = []
    for url in pages(open_case):
        response = page.goto(url)
        if response.status != 200 or "/konto/logga-in/" in page.url and url != "/konto/logga-in/":
            continue
        check_accessibility(page)
        checked.append(url)
    assert len(checked) >= 4, checked


def test_a_form_with_errors_passes_axe(open_case, page, login, check_accessibility):
    login(page, "registrator")
    page.goto(reverse("motions:register"))
    page.get_by_role("button", name="Registrera").click()
    expect(page.locator(".invalid-feedback").first).to_be_visible()
    # The keyboard and the screen reader are taken to the list of what to correct.
    expect(page.locator("[data-error-summary]")).to_be_focused()
    page.locator("[data-error-summary] a").first.click()
    expect(page.locator("#id_title")).to_be_focused()
    check_accessibility(page)


def test_the_english_pages_pass_axe(open_case, page, check_accessibility):
    page.goto("/")
    page.get_by_role("button", name="In English").click()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.get_by_role("heading", level=1)).to_have_text("Motions")
    check_accessibility(page)
    page.goto(f"/arenden/{open_case['case_number']}/")
    check_accessibility(page)


# --- Corrections and undoing: the pages the walk above sees only as refusals ----

def test_the_correction_pages_pass_axe(open_case, page, login, check_accessibility):
    """The answer's correction, a refused undo confirmation, the correction note
    on a signed paragraph, and the case page with a correction in its timeline."""
    from decisions.models import MinuteItem
    from referrals.models import Referral

    login(page, "registrator")
    culture = Referral.objects.get(motion__case_number=open_case["case_number"],
                                   body__name="Kultur- och fritidsnämnden")
    page.goto(reverse("referrals:correct_answer", args=[culture.pk]))
    page.get_by_label("Yttrande").fill("Yttrandet i sin helhet")
    page.get_by_label("Varför rättas uppgifterna?").fill("Texten var avkortad.")
    page.get_by_role("button", name="Spara rättelsen").click()
    expect(page.locator(".timeline ins").first).to_be_visible()
    check_accessibility(page)

    page.goto(reverse("decisions:undo_minute_item", args=[open_case["meeting_id"], open_case["item_id"]]))
    page.get_by_role("button", name="Ångra paragrafen").click()
    expect(page.locator(".invalid-feedback").first).to_be_visible()
    check_accessibility(page)

    signed = MinuteItem.objects.filter(meeting__signed_on__isnull=False).first()
    page.goto(reverse("decisions:rectify", args=[signed.meeting_id, signed.pk]))
    expect(page.get_by_label("Rättelse")).to_be_visible()
    check_accessibility(page)


# --- Case numbers and meetings as the registry keeps them ---------------------

def test_the_meeting_plan_with_a_refused_file_passes_axe(open_case, page, login, check_accessibility, tmp_path):
    plan = tmp_path / "plan.csv"
    plan.write_text("organ;datum;tid;plats\nTekniska nämnden;2027-02-30;;\n", encoding="utf-8")
    login(page, "registrator")
    page.goto(reverse("decisions:meeting_plan"))
    page.get_by_label("Fil med sammanträdesplan (CSV)").set_input_files(str(plan))
    page.get_by_role("button", name="Läs in planen").click()
    expect(page.locator("main")).to_contain_text("Rad 2: organet ”Tekniska nämnden” finns inte")
    check_accessibility(page)


# --- Signing in: the second factor and the lock-out -------------------------------------------

def test_the_second_factor_pages_pass_axe(open_case, page, login, check_accessibility, settings):
    """Enrolling (its QR code and key), then the code asked after the password, refused and accepted."""
    from django.contrib.auth import get_user_model
    from django_otp.oath import TOTP

    settings.OTP_TOTP_THROTTLE_FACTOR = 0
    login(page, "registrator")
    page.goto(reverse("two_factor"))
    expect(page.get_by_role("img", name="QR-kod med nyckeln för autentiseringsappen")).to_be_visible()
    check_accessibility(page)
    page.get_by_label("Kod från appen").fill("12")
    page.get_by_role("button", name="Slå på").click()
    expect(page.locator(".invalid-feedback").first).to_be_visible()
    check_accessibility(page)

    device = get_user_model().objects.get(username="registrator").totpdevice_set.get()

    def code(later=0):
        totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
        totp.time += later * device.step
        return f"{totp.token():06d}"

    page.get_by_label("Kod från appen").fill(code())
    page.get_by_role("button", name="Slå på").click()
    expect(page.locator(".alert-success")).to_contain_text("Tvåstegsverifieringen är påslagen")

    page.context.clear_cookies()
    login(page, "registrator", next=reverse("motions:register"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Ange kod")
    check_accessibility(page)
    page.get_by_label("Kod från appen").fill(code(later=9))
    page.get_by_role("button", name="Fortsätt").click()
    expect(page.locator(".invalid-feedback")).to_contain_text("Koden stämmer inte")
    check_accessibility(page)
    # A code is taken once: the next one the app will show (within the tolerance of one step).
    page.get_by_label("Kod från appen").fill(code(later=1))
    page.get_by_role("button", name="Fortsätt").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Registrera motion")


def test_the_lock_out_page_passes_axe(open_case, page, check_accessibility):
    page.goto(LOGIN_PATH)
    for _attempt in range(5):
        page.locator("[name=username]").fill("registrator")
        page.locator("[name=password]").fill("fel")
        page.get_by_role("button", name="Logga in").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Inloggningen är spärrad")
    check_accessibility(page)
