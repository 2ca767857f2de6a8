"""The notice board in the browser: the registry puts a board's notice of
meeting (kallelse) up from the meeting page and a notice of its own through
the form; the public finds both on the organisation's board, its feed in the
page's head, and the demo case's signed minutes in the archive."""

import datetime

from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from decisions.services.meetings import add_other_matter
from organisation.models import Body, Municipality
from organisation.services import schedule_meeting


def test_the_registry_posts_a_summons_and_the_public_sees_it_on_the_board(seeded_live_server, browser, page,
                                                                           login, check_accessibility):
    today = timezone.localdate()
    day = today + datetime.timedelta(days=10)
    meeting = schedule_meeting(Body.objects.get(name="Kommunstyrelsen"), on=day, starts_at=datetime.time(13),
                               place="Huddinge kommunhus", by=None)
    add_other_matter(meeting, title="Information om trygghetsarbetet", by=None)

    login(page, "registrator")
    page.goto(meeting.get_absolute_url())
    page.get_by_role("link", name="Sätt upp kallelsen på anslagstavlan").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Sätt upp kallelsen på anslagstavlan")
    expect(page.locator("main")).to_contain_text(
        f"Kallelse med föredragningslista, version 1, sätts upp på anslagstavlan i dag, {today}")
    check_accessibility(page)
    page.get_by_role("button", name="Sätt upp kallelsen").click()
    expect(page.locator(".alert-success")).to_contain_text("sitter på anslagstavlan från i dag")
    expect(page.get_by_role("link", name="Kallelse med föredragningslista, version 1 (PDF)")).to_be_visible()

    # A notice of the registry's own, through its form.
    page.goto(reverse("noticeboard:add", args=[meeting.body.municipality_id]))
    page.get_by_label("Rubrik").fill("Detaljplan för Sjödalsparken: granskning")
    page.get_by_label("Text").fill("Planförslaget finns tillgängligt för granskning.")
    page.get_by_label("Tas ned").fill((today + datetime.timedelta(days=21)).isoformat())
    check_accessibility(page)
    page.get_by_role("button", name="Sätt upp anslaget").click()
    expect(page.locator(".alert-success")).to_contain_text("Det syns på anslagstavlan från")
    check_accessibility(page)

    # The public, in a browser of its own.
    context = browser.new_context(base_url=seeded_live_server.url, locale="sv-SE")
    public = context.new_page()
    public.goto("/")
    public.get_by_role("link", name="Anslagstavla").first.click()
    public.get_by_role("link", name="Huddinge kommun").click()
    expect(public.get_by_role("heading", level=1)).to_have_text("Anslagstavla – Huddinge kommun")
    summons = public.locator("article").filter(has_text=f"Kallelse med föredragningslista: Kommunstyrelsen {day}")
    expect(summons).to_contain_text(f"{day} kl. 13.00")
    expect(summons).to_contain_text("Huddinge kommunhus")
    pdf = summons.get_by_role("link", name="Kallelse med föredragningslista (PDF)")
    response = public.request.get(pdf.get_attribute("href"))
    assert response.ok and response.headers["content-type"] == "application/pdf"
    expect(public.locator("article").filter(has_text="Detaljplan för Sjödalsparken")).to_contain_text(
        "Planförslaget finns tillgängligt för granskning.")
    expect(public.locator("#overklaga")).to_have_text("Så överklagar du ett beslut")
    expect(public.locator("main")).to_contain_text("Förvaltningsrätten i Stockholm")
    feed = public.locator('link[rel="alternate"][type="application/atom+xml"]')
    entries = public.request.get(feed.get_attribute("href")).text()
    assert f"Kallelse med föredragningslista: Kommunstyrelsen {day}" in entries
    assert "Anslag: Detaljplan för Sjödalsparken: granskning" in entries
    check_accessibility(public)

    # The demo case's signed minutes, years ago, are in the archive.
    public.get_by_role("link", name="Arkivet: anslag som tagits ned").click()
    public.get_by_label("År").select_option("2022")
    public.get_by_role("button", name="Visa").click()
    expect(public.get_by_role("link", name="Protokoll justerat: Kommunfullmäktige 2022-03-07",
                              exact=True)).to_be_visible()
    check_accessibility(public)
    context.close()


def test_the_board_reads_in_english(seeded_live_server, page, check_accessibility):
    huddinge = Municipality.objects.get(name="Huddinge kommun")
    page.goto(reverse("noticeboard:board", args=[huddinge.pk]))
    page.get_by_role("button", name="In English").click()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    check_accessibility(page)
