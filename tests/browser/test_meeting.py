"""A registry secretary runs a meeting in the browser: from the agenda to
signed, posted and archived minutes."""

import datetime
import re

from django.utils import timezone
from playwright.sync_api import expect

from decisions.models import RenderedDocument
from lib.time_limits import proposed_posting_date
from organisation.models import Meeting, Person


def test_a_secretary_runs_a_meeting_from_agenda_to_signed_protocol(seeded_live_server, page, login,
                                                                    check_accessibility):
    base = seeded_live_server.url
    login(page, "registrator")
    page.goto(f"{base}/sammantraden/")
    page.get_by_role("link", name="Sammanträdesplan: planera sammanträden").click()
    form = page.locator("form").filter(has=page.get_by_role("button", name="Lägg till sammanträdet"))
    form.get_by_label("Organ").select_option(label="Kommunstyrelsens arbetsutskott")
    held = timezone.localdate() - datetime.timedelta(days=1)
    form.get_by_label("Datum").fill(held.isoformat())
    form.get_by_label("Börjar").fill("13:00")
    form.get_by_label("Plats").fill("Sessionssalen")
    form.get_by_role("button", name="Lägg till sammanträdet").click()
    page.get_by_role("link", name=held.isoformat()).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Kommunstyrelsens arbetsutskott {held}")

    for title in ("Val av justerare", "Information om trygghetsarbetet"):
        page.get_by_role("link", name="Ny punkt").click()
        page.get_by_label("Rubrik").fill(title)
        page.get_by_role("button", name="Sätt upp").click()
    page.get_by_role("button", name="Upp Information om trygghetsarbetet").click()
    rows = page.locator("tbody tr")
    expect(rows.nth(0)).to_contain_text("Information om trygghetsarbetet")

    page.get_by_role("link", name="Närvaro").first.click()
    # The list starts from the committee's previous meeting; one member is away today.
    expect(page.get_by_text("Listan är förifylld från Kommunstyrelsens arbetsutskott 2022-01-25")).to_be_visible()
    away = page.locator("fieldset").nth(4)
    expect(away.get_by_label("Person")).to_have_value(str(Person.objects.get(name="Nujin Alacabek").pk))
    away.get_by_label("Person").select_option(label="Välj person")
    page.get_by_role("button", name="Spara närvaron").click()
    expect(page.get_by_text("Närvaron är sparad.")).to_be_visible()

    # Numbering shows the numbers the items get and what it locks before it numbers.
    page.get_by_role("link", name="Numrera paragraferna").click()
    expect(page.locator("main")).to_contain_text("Punkterna 1–2 på föredragningslistan får §§")
    expect(page.locator("main")).to_contain_text("inte flyttas eller tas bort från föredragningslistan")
    check_accessibility(page)
    page.get_by_role("button", name="Numrera").click()
    expect(page.get_by_text("2 punkter fick paragrafnummer.")).to_be_visible()
    for title, decision in (("Information om trygghetsarbetet", "Informationen noteras till protokollet."),
                            ("Val av justerare", "Erik Sandberg utses att justera protokollet.")):
        page.get_by_role("link", name=f"Protokollför {title}").click()
        page.get_by_label("Beslut").fill(decision)
        page.get_by_role("button", name="Protokollför").click()
        expect(page.get_by_text("är protokollförd")).to_be_visible()
    check_accessibility(page)

    # The election's record: a roll-call of the four serving, tied and settled by the chair.
    page.get_by_role("link", name=re.compile(r"^Förlopp § \d+ Val av justerare$")).click()
    page.get_by_text("Lägg till en omröstning").click()
    page.get_by_label("Voteringsproposition").fill("Ja för Erik Sandberg, nej för Lena Holm")
    ballots = page.locator(".roll-call .ballot")
    expect(ballots).to_have_count(4)
    expect(page.get_by_label("Ordförandens utslagsröst")).to_be_hidden()
    for index, choice in enumerate(("Ja", "Nej", "Ja", "Nej")):
        ballots.nth(index).get_by_label(choice, exact=True).check()
    expect(page.locator("[data-roll-call-counts]")).to_have_text("Hittills: 2 ja, 2 nej, 0 avstår.")
    page.get_by_label("Ordförandens utslagsröst").select_option(label="Ja")
    page.get_by_role("button", name="Spara förloppet").click()
    expect(page.get_by_role("status").first).to_contain_text("är sparat")
    expect(page.locator("main")).to_contain_text("Räknat ur röstlistan: 2 ja, 2 nej, 0 avstår.")
    check_accessibility(page)
    # The page fits a narrow phone without sideways scrolling.
    page.set_viewport_size({"width": 320, "height": 800})
    assert page.evaluate("document.documentElement.scrollWidth") <= 320
    check_accessibility(page)
    page.set_viewport_size({"width": 1280, "height": 720})
    page.get_by_role("link", name=f"Kommunstyrelsens arbetsutskott {held}").click()

    page.get_by_role("link", name="Registrera justering på papper").click()
    expect(page.get_by_label("Justerat")).to_have_value(timezone.localdate().isoformat())
    # The notice states where the minutes are kept: signing is refused until it is given.
    page.get_by_role("button", name="Fortsätt till bekräftelse").click()
    expect(page.locator("#id_kept_at").locator("..")).to_contain_text(
        "Ange var protokollet förvaras; anslaget om justeringen ska ange förvaringsplatsen.")
    check_accessibility(page)
    page.get_by_label("Förvaringsplats för protokollet").fill("Kommunstyrelsens förvaltning")
    page.get_by_role("button", name="Fortsätt till bekräftelse").click()
    summary = page.locator("main")
    expect(summary).to_contain_text("låses: därefter kan inget i protokollet ändras")
    expect(summary).to_contain_text(f"sätts upp {proposed_posting_date(timezone.localdate())}")
    expect(summary).to_contain_text("kl. 13.00, Sessionssalen, och att protokollet förvaras hos "
                                    "Kommunstyrelsens förvaltning.")
    check_accessibility(page)
    assert Meeting.objects.get(date=held, body__short_name="KSAU").signed_on is None  # not before confirming
    page.get_by_role("button", name="Justera protokollet").click()
    expect(page.get_by_text("Protokollet är justerat")).to_be_visible()
    expect(page.get_by_role("link", name="Ny punkt")).to_have_count(0)  # nothing left to change

    meeting = Meeting.objects.get(date=held, body__short_name="KSAU")
    assert meeting.signed_on == timezone.localdate()
    assert meeting.posted_on == proposed_posting_date(meeting.signed_on)
    # The protocol, the notice and the two paragraphs' extracts.
    assert RenderedDocument.objects.filter(meeting=meeting, archived=True).count() == 4
    check_accessibility(page)
    for name in ("Protokollet (PDF", "Bevis om justering"):
        href = page.get_by_role("link", name=name).get_attribute("href")
        response = page.request.get(base + href)
        assert response.ok and response.body().startswith(b"%PDF"), name
