"""Case numbers as the registry keeps them, and the case officer's own list, through the interface."""

from django.utils import timezone
from playwright.sync_api import expect


def register(page, title, *, case_number="", officer=None):
    page.goto("/arenden/ny/")
    page.get_by_label("Rubrik").fill(title)
    page.get_by_label("Nujin Alacabek (V)").check()
    page.get_by_label("Inkom").fill("2021-03-08")
    page.get_by_label("Diarienummer").fill(case_number)
    if officer:
        page.get_by_label("Handläggare").select_option(label=officer)
    page.get_by_role("button", name="Registrera").click()


def test_a_case_gets_the_next_number_or_its_own_and_its_officer_finds_it(seeded_live_server, page, login,
                                                                          check_accessibility):
    login(page, "registrator")
    # A case already numbered in the municipality's main registry keeps its number ...
    register(page, "Fler cykelställ vid pendelparkeringar", case_number="KS-2019/77", officer="Handläggare")
    expect(page.get_by_role("status").first).to_contain_text("Motionen är registrerad med diarienummer KS-2019/77")
    expect(page.locator("main")).to_contain_text("Handläggare")
    # ... a number taken, or not of the organisation's form, is refused at its field with the rest kept ...
    register(page, "Belysning i Sjödalsparken", case_number="KS-2019/77")
    expect(page.locator("#id_case_number_error")).to_contain_text("Diarienumret KS-2019/77 finns redan.")
    expect(page.get_by_label("Rubrik")).to_have_value("Belysning i Sjödalsparken")
    check_accessibility(page)
    # ... and a new case gets the next free number of the year it is registered in.
    register(page, "Belysning i Sjödalsparken")
    year = timezone.localdate().year
    expect(page.get_by_role("status").first).to_contain_text(f"Motionen är registrerad med diarienummer KS-{year}/1")

    page.get_by_role("button", name="Logga ut").click()
    login(page, "handlaggare")
    page.get_by_role("link", name="Mina ärenden").click()
    expect(page.locator("main")).to_contain_text("KS-2019/77")
    expect(page.locator("main")).not_to_contain_text(f"KS-{year}/1 ")
    check_accessibility(page)
