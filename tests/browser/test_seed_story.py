"""The seed case's whole story through the interface, as each role lives it,
with axe-core on every page on the way."""

import re

from django.utils import timezone
from playwright.sync_api import expect

from organisation.models import Meeting

BODIES = {
    "grundskolenamnden": ("Grundskolenämnden", "2021-09-21", "§ 78"),
    "gymnasieocharbetsmarknadsnamnden": ("Gymnasie- och arbetsmarknadsnämnden", "2021-09-22", "§ 64"),
    "kulturochfritidsnamnden": ("Kultur- och fritidsnämnden", "2021-09-23", "§ 55"),
    "socialnamnden": ("Socialnämnden", "2021-09-28", "§ 112"),
    "trygghetsochdelaktighetsberedningen": ("Trygghets- och delaktighetsberedningen", "2021-09-20", "§ 31"),
}
TITLE = "Inför en avhopparverksamhet för ett tryggare Huddinge"
PLACE = "Sessionssalen"


def sign_out(page):
    page.get_by_role("button", name="Logga ut").click()
    expect(page.get_by_role("link", name="Logga in")).to_be_visible()


def tab_to(page, locator, limit=150):
    """Press Tab until `locator` has the focus: the keyboard alone gets there."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if locator.evaluate("el => el === document.activeElement"):
            return
    raise AssertionError(f"{limit} presses of Tab did not reach {locator}")


def plan(page, check_accessibility, body, date):
    """Enter the body's meeting on `date` in the meeting plan, at 13.00 in the session hall."""
    page.get_by_role("link", name="Sammanträden", exact=True).click()
    page.get_by_role("link", name="Sammanträdesplan: planera sammanträden").click()
    check_accessibility(page)
    form = page.locator("form").filter(has=page.get_by_role("button", name="Lägg till sammanträdet"))
    form.get_by_label("Organ").select_option(label=body)
    form.get_by_label("Datum").fill(date)
    form.get_by_label("Börjar").fill("13:00")
    form.get_by_label("Plats").fill(PLACE)
    form.get_by_role("button", name="Lägg till sammanträdet").click()
    expect(page.get_by_role("status").first).to_contain_text(f"{body} {date} är inlagt i sammanträdesplanen.")
    expect(page.get_by_role("row").filter(has_text=date)).to_contain_text("Inget ännu")
    check_accessibility(page)


def record(page, check_accessibility, *, step, date, outcome=None):
    page.get_by_role("link", name="Protokollför behandling").click()
    check_accessibility(page)
    page.get_by_label(step).check()
    # The meeting is one of the plan's, not a typed date.
    page.locator("#id_meeting").select_option(label=f"{date} kl. 13.00, {PLACE}")
    if outcome:
        page.locator("select[name=outcome]").select_option(label=outcome)
    page.get_by_role("button", name="Protokollför").click()
    expect(page.get_by_role("status").first).to_contain_text("är protokollförd")


def sign(page, check_accessibility, body, date):
    """Take the attendance (the body's roster on the day, everyone present;
    the member listed after the chair checks the minutes) and sign them."""
    page.get_by_role("link", name="Sammanträden", exact=True).click()
    row = page.get_by_role("row").filter(has=page.get_by_role("cell", name=body, exact=True)).filter(has_text=date)
    row.get_by_role("link").click()
    page.get_by_role("link", name="Närvaro").first.click()
    check_accessibility(page)
    page.get_by_label("Justerare", exact=False).nth(1).check()
    page.get_by_role("button", name="Spara närvaron").click()
    expect(page.get_by_role("status").first).to_contain_text("Närvaron är sparad.")
    page.get_by_role("link", name="Registrera justering på papper").click()
    check_accessibility(page)
    # The time and place come from the plan; where the minutes are kept is asked for.
    expect(page.get_by_label("Plats", exact=True)).to_have_value(PLACE)
    page.get_by_label("Förvaringsplats för protokollet").fill("Kommunstyrelsens förvaltning")
    page.get_by_role("button", name="Fortsätt till bekräftelse").click()
    expect(page.locator("main")).to_contain_text("låses: därefter kan inget i protokollet ändras")
    check_accessibility(page)
    page.get_by_role("button", name="Justera protokollet").click()
    expect(page.get_by_role("status").first).to_contain_text("Protokollet är justerat")


def test_the_seed_story_through_the_interface(seeded_live_server, page, login, check_accessibility):
    # The registry secretary registers the motion ...
    login(page, "registrator")
    page.get_by_role("link", name="Registrera motion").click()
    check_accessibility(page)
    page.get_by_label("Rubrik").fill(TITLE)
    page.get_by_label("Nujin Alacabek (V)").check()
    page.get_by_label("Inkom").fill("2021-03-08")
    council = Meeting.objects.get(body__name="Kommunfullmäktige", date="2021-03-15")  # the demo's
    page.get_by_label("Väckt vid fullmäktiges sammanträde").select_option(str(council.pk))
    page.get_by_label("Sammanfattning").fill("Motionären yrkar att en avhopparverksamhet inrättas.")
    page.get_by_label("Att-satser").fill("att en avhopparverksamhet inrättas med egen budget")
    page.get_by_role("button", name="Registrera").click()
    # Registered now: the next number of this year's series.
    case_number = f"KS-{timezone.localdate().year}/1"
    expect(page.get_by_role("status").first).to_contain_text(f"Motionen är registrerad med diarienummer {case_number}")
    case_url = page.url
    check_accessibility(page)

    # ... and refers it to the five bodies in one step, one due date for all.
    page.get_by_role("link", name="Remittera").click()
    check_accessibility(page)
    for name, _day, _paragraph in BODIES.values():
        page.get_by_label(name, exact=True).check()
    page.get_by_label("Remissdatum").fill("2021-04-06")
    page.locator("#id_due_on").fill("2021-09-30")
    page.get_by_role("button", name="Remittera").click()
    expect(page.locator("main")).to_contain_text("0 av 5 har svarat.")
    sign_out(page)

    # Each board secretary finds the referral in their inbox and answers it.
    for username, (name, day, paragraph) in BODIES.items():
        login(page, username)
        page.get_by_role("link", name="Remisser", exact=True).click()
        check_accessibility(page)
        page.get_by_role("link", name=f"{case_number} {TITLE}").click()
        check_accessibility(page)
        page.locator("#id_decided_on").fill(day)
        page.locator("#id_paragraph").fill(paragraph)
        page.locator("#id_text").fill(f"{name} har yttrat sig över motionen.")
        page.get_by_role("button", name="Skicka svaret").click()
        expect(page.get_by_role("status").first).to_contain_text(f"Remissvaret från {name} är inskickat.")
        sign_out(page)

    # The registry secretary prepares the case and records the three meetings.
    login(page, "registrator")
    page.goto(case_url)
    expect(page.locator("main")).to_contain_text("5 av 5 har svarat.")
    page.get_by_role("link", name="Registrera förslag till beslut").click()
    check_accessibility(page)
    page.get_by_label("Tjänsteskrivelsens datum").fill("2022-01-10")
    page.get_by_label("Förslag till beslut").select_option(label="Anses besvarad")
    page.get_by_label("Sammanfattning").fill("Mot bakgrund av ovanstående anses motionen besvarad.")
    page.get_by_role("button", name="Spara förslaget").click()
    # (The demo's own meetings of the seed case are signed: this retelling takes the next ones.)
    meetings = [("Kommunstyrelsens arbetsutskott", "2022-02-01"), ("Kommunstyrelsen", "2022-02-14"),
                ("Kommunfullmäktige", "2022-03-14")]
    for body, date in meetings:
        plan(page, check_accessibility, body, date)
    page.goto(case_url)
    record(page, check_accessibility, step="Bereds i Kommunstyrelsens arbetsutskott", date=meetings[0][1])
    record(page, check_accessibility, step="Förslag från Kommunstyrelsen", date=meetings[1][1],
           outcome="Anses besvarad")
    record(page, check_accessibility, step="Beslut i Kommunfullmäktige", date=meetings[2][1],
           outcome="Anses besvarad")
    expect(page.locator("main")).to_contain_text("Anses besvarad")
    # The minutes of each meeting are signed, which makes them public.
    for body, date in meetings:
        sign(page, check_accessibility, body, date)
    sign_out(page)

    # A councillor and an anonymous visitor see the decision and the whole timeline.
    for who in ("ledamot", None):
        if who:
            login(page, who)
        page.goto(case_url)
        main = page.locator("main")
        expect(main.get_by_text("Anses besvarad").first).to_be_visible()
        # Filed, referred, five answers, prepared, three meetings.
        expect(page.locator(".timeline li")).to_have_count(11)
        expect(main).to_contain_text("Kommunfullmäktige § ")
        expect(page.get_by_role("link", name="Protokollför behandling")).to_have_count(0)
        check_accessibility(page)
        page.locator("main a[href$='protokollsutdrag.pdf']").first.wait_for()
        if who:
            sign_out(page)


def test_a_board_secretary_answers_with_the_keyboard_alone(seeded_live_server, page, login):
    """Open the referral, fill the answer and submit it without the mouse."""
    import datetime

    from motions.models import Motion
    from motions.services import file_motion
    from organisation.models import Body, Person
    from referrals.services import ReferralRequest, refer_motion

    nujin = Person.objects.get(name="Nujin Alacabek")
    motion = file_motion(nujin.municipality, title="Tangentbordsmotion", movers=[nujin],
                         received_on=datetime.date(2026, 1, 5), by=None)
    refer_motion(motion, requests=[ReferralRequest(Body.objects.get(name="Socialnämnden"),
                                                   datetime.date(2026, 12, 31))],
                 sent_on=datetime.date(2026, 1, 10), by=None)

    page.goto("/konto/logga-in/")
    tab_to(page, page.get_by_label("Användarnamn"))
    page.keyboard.type("socialnamnden")
    page.keyboard.press("Tab")
    page.keyboard.type("demo")
    page.keyboard.press("Enter")
    expect(page.get_by_role("button", name="Logga ut")).to_be_visible()

    tab_to(page, page.get_by_role("link", name="Remisser", exact=True))
    page.keyboard.press("Enter")
    tab_to(page, page.get_by_role("link", name=re.compile("Tangentbordsmotion")))
    page.keyboard.press("Enter")
    tab_to(page, page.locator("#id_decided_on"))
    page.keyboard.type("2026-02-10")
    tab_to(page, page.locator("#id_text"))
    page.keyboard.type("Socialnämnden tillstyrker motionen.")
    tab_to(page, page.get_by_role("button", name="Skicka svaret"))
    page.keyboard.press("Enter")
    expect(page.get_by_role("status").first).to_contain_text("Remissvaret från Socialnämnden är inskickat.")
    assert Motion.objects.get(pk=motion.pk).referrals.get().status == "answered"
