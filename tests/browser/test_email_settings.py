"""A councillor chooses, from the menu, e-mail at once and in English."""

from playwright.sync_api import expect


def test_a_councillor_chooses_email_at_once_in_english(seeded_live_server, page, login, check_accessibility):
    from accounts.models import EmailSettings

    login(page, "ledamot")
    page.get_by_role("link", name="Mina inställningar").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Mina inställningar")
    expect(page.get_by_label("En sammanställning om dagen")).to_be_checked()  # the default
    check_accessibility(page)
    # By keyboard: the label names each choice.
    page.get_by_label("Genast, ett e-brev för varje händelse").check()
    page.get_by_label("English").press("Space")
    page.get_by_role("button", name="Spara").click()
    expect(page.get_by_role("status")).to_have_text("Dina inställningar är sparade.")
    expect(page.get_by_label("Genast, ett e-brev för varje händelse")).to_be_checked()
    expect(page.get_by_label("English")).to_be_checked()
    check_accessibility(page)
    settings = EmailSettings.objects.get(user__username="ledamot")
    assert (settings.delivery, settings.language) == ("immediate", "en")
