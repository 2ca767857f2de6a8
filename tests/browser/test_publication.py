"""The publication review in a real browser: a letter whose text holds a personal identity number is
held when the registry registers it; the public see it listed without a link; the registry finds it in
its queue from the menu, sees where the number is, is refused a withholding without its reason, and
publishes it; then anyone can open it."""

import re

from playwright.sync_api import expect

from tests.conftest import text_pdf

CASE_PATH = "/arenden/KS-2021/345/"
TITLE = "Skrivelse från en boende"
NOTE = "Publiceras efter granskning; kan begäras ut från registraturen"


def _register_letter(page):
    page.goto(f"{CASE_PATH}handlingar/ny/")
    page.get_by_label("Fil").set_input_files(files=[{
        "name": "skrivelse.pdf", "mimeType": "application/pdf",
        "buffer": text_pdf("Jag heter Tolvan Tolvansson (121212-1212) och bor i Flemingsberg.")}])
    page.get_by_label("Slag av handling").select_option(label="Skrivelse")
    page.get_by_label("Handlingens datum").fill("2021-10-04")
    page.get_by_label("Rubrik").fill(TITLE)
    page.get_by_role("button", name="Registrera handlingen").click()
    expect(page).to_have_url(re.compile(re.escape(CASE_PATH) + "#handlingar$"))


def _public_row(browser, live_server):
    """The letter's row on the case page, as a visitor who is not signed in sees it."""
    context = browser.new_context(base_url=live_server.url, locale="sv-SE")
    visitor = context.new_page()
    visitor.goto(CASE_PATH)
    return context, visitor, visitor.locator("#handlingar + .table-responsive tbody tr").filter(has_text=TITLE)


def test_the_registry_reviews_a_held_letter_and_publishes_it(seeded_live_server, browser, page, login,
                                                             check_accessibility):
    login(page, "registrator")
    _register_letter(page)
    row = page.locator("#handlingar + .table-responsive tbody tr").filter(has_text=TITLE)
    expect(row.get_by_role("link", name=TITLE)).to_be_visible()  # the registry opens it to review it
    expect(row.get_by_role("link", name=re.compile("^Väntar på granskning"))).to_be_visible()
    check_accessibility(page)

    context, visitor, public_row = _public_row(browser, seeded_live_server)
    expect(public_row).to_contain_text(NOTE)
    expect(public_row.get_by_role("link")).to_have_count(0)
    context.close()

    # The menu says how many wait, and leads to the queue.
    page.get_by_role("link", name="Publicering 1 väntar på granskning").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Publicering")
    expect(page.locator("main")).to_contain_text("1 handling väntar på granskning.")
    queued = page.locator("tbody tr").filter(has_text=TITLE)
    expect(queued).to_contain_text("Personnummer eller samordningsnummer hittades i texten")
    expect(queued).to_contain_text("Sidan 1: personnummer 121212-****")
    expect(queued).to_contain_text("Jag heter Tolvan Tolvansson (121212-****) och bor i Flemingsberg.")
    check_accessibility(page)

    queued.get_by_role("link", name=re.compile(TITLE)).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"KS-2021/345 aktbilaga 1, {TITLE}")
    with page.expect_download() as download:
        page.get_by_role("link", name="Öppna filen").click()
    assert download.value.suggested_filename.endswith(".pdf")
    check_accessibility(page)

    # Withholding needs its reason: said at the field, with nothing changed.
    page.get_by_label("Personuppgifter (dataskyddsförordningen)").check()
    page.get_by_role("button", name="Publicera inte").click()
    expect(page.locator("#id_reason")).to_have_class(re.compile(r"\bis-invalid\b"))
    expect(page.locator("[data-error-summary]")).to_contain_text("Skriv en motivering.")
    check_accessibility(page)

    page.get_by_role("button", name="Publicera handlingen").click()
    expect(page.locator(".alert-success")).to_contain_text(f"KS-2021/345 aktbilaga 1, {TITLE} är publicerad.")
    expect(page.locator("main")).to_contain_text("0 handlingar väntar på granskning.")
    expect(page.get_by_role("link", name="Publicering 0 väntar på granskning")).to_be_visible()

    # Anyone can now open it from the case page.
    context, visitor, public_row = _public_row(browser, seeded_live_server)
    expect(public_row).not_to_contain_text(NOTE)
    link = public_row.get_by_role("link", name=TITLE)
    expect(link).to_have_attribute("href", f"{CASE_PATH}handlingar/1/")
    assert visitor.request.get(f"{CASE_PATH}handlingar/1/").status == 200
    context.close()


def test_the_rules_page_passes_axe_and_saves(seeded_live_server, page, login, check_accessibility):
    login(page, "registrator")
    page.goto("/publicering/regler/")
    check_accessibility(page)
    page.get_by_role("group", name="Remissvar").get_by_label("Publiceras efter registraturens granskning").check()
    page.get_by_role("button", name="Spara reglerna").click()
    expect(page.locator(".alert-success")).to_contain_text("Reglerna för Huddinge kommun är sparade.")
    expect(page.locator("main")).to_contain_text("Remissvar: efter granskning")
    check_accessibility(page)
