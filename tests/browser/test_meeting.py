"""A registry secretary runs a meeting in the browser: from the agenda to
signed, posted and archived minutes."""

import datetime

from django.utils import timezone
from playwright.sync_api import expect

from decisions.models import RenderedDocument
from organisation.models import Meeting


def test_a_secretary_runs_a_meeting_from_agenda_to_signed_protocol(seeded_live_server, page, login,
                                                                    check_accessibility):
    base = seeded_live_server.url
    login(page, "registrator")
    page.goto(f"{base}/sammantraden/")
    page.get_by_label("Organ").select_option(label="Kommunstyrelsens arbetsutskott")
    held = timezone.localdate() - datetime.timedelta(days=1)
    page.get_by_label("Datum").fill(held.isoformat())
    page.get_by_label("Börjar").fill("13:00")
    page.get_by_label("Plats").fill("Sessionssalen")
    page.get_by_role("button", name="Lägg till sammanträdet").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Kommunstyrelsens arbetsutskott {held}")

    for title in ("Val av justerare", "Information om trygghetsarbetet"):
        page.get_by_role("link", name="Ny punkt").click()
        page.get_by_label("Rubrik").fill(title)
        page.get_by_role("button", name="Sätt upp").click()
    page.get_by_role("button", name="Upp Information om trygghetsarbetet").click()
    rows = page.locator("tbody tr")
    expect(rows.nth(0)).to_contain_text("Information om trygghetsarbetet")

    page.get_by_role("link", name="Närvaro").first.click()
    for index, (name, role, duty, signs) in enumerate([
        ("Anna Berglund", "Tjänstgörande ledamot", "Ordförande", True),
        ("Erik Sandberg", "Tjänstgörande ledamot", "–", True),
        ("Helena Strand", "Övrig närvarande", "Sekreterare", False),
    ]):
        row = page.locator("fieldset").nth(index)
        row.get_by_label("Person").select_option(label=name)
        row.get_by_label("Roll").select_option(label=role)
        row.get_by_label("Uppdrag").select_option(label=duty)
        if signs:
            row.get_by_label("Justerare").check()
    page.get_by_role("button", name="Spara närvaron").click()
    expect(page.get_by_text("Närvaron är sparad.")).to_be_visible()

    page.get_by_role("button", name="Numrera paragraferna").click()
    for title, decision in (("Information om trygghetsarbetet", "Informationen noteras till protokollet."),
                            ("Val av justerare", "Erik Sandberg utses att justera protokollet.")):
        page.get_by_role("link", name=f"Protokollför {title}").click()
        page.get_by_label("Beslut").fill(decision)
        page.get_by_role("button", name="Protokollför").click()
        expect(page.get_by_text("är protokollförd")).to_be_visible()
    check_accessibility(page)

    page.get_by_role("link", name="Justera protokollet").click()
    expect(page.get_by_label("Justerat")).to_have_value(timezone.localdate().isoformat())
    page.get_by_role("button", name="Registrera justeringen").click()
    expect(page.get_by_text("Protokollet är justerat")).to_be_visible()
    expect(page.get_by_role("link", name="Ny punkt")).to_have_count(0)  # nothing left to change

    meeting = Meeting.objects.get(date=held, body__short_name="KSAU")
    assert meeting.signed_on == timezone.localdate()
    assert meeting.posted_on == meeting.signed_on + datetime.timedelta(days=2)
    assert RenderedDocument.objects.filter(meeting=meeting, archived=True).count() == 2  # protocol and notice
    check_accessibility(page)
    for name in ("Protokollet (PDF", "Bevis om justering"):
        href = page.get_by_role("link", name=name).get_attribute("href")
        response = page.request.get(base + href)
        assert response.ok and response.body().startswith(b"%PDF"), name
