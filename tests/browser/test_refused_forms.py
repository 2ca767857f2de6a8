"""A registry secretary sends a form with several mistakes and sees them all
at once, each at its field; then a colleague changes the case while a form
is open, and the form says who did what and when, keeping what was typed."""

import datetime
import re
from urllib.parse import urlsplit

from django.contrib.auth import get_user_model
from django.utils import timezone
from playwright.sync_api import expect

from accounts.models import Role, UserRole
from lib.swedish import long_date
from tests.browser.conftest import login


def test_every_mistake_shows_at_its_field_and_a_conflict_names_who_changed_the_case(
        seeded_live_server, page, browser, check_accessibility):
    login(page, "registrator")
    page.goto("/arenden/ny/")
    page.get_by_label("Inkom").fill("2026-13-45")
    page.get_by_label("Motionstext").fill("Vi föreslår fler parkbänkar längs Sjövägen.")
    page.get_by_role("button", name="Registrera").click()

    # Three mistakes, shown together: in the summary, linked to their fields, and at each field.
    summary = page.locator("[data-error-summary]")
    expect(summary).to_be_focused()
    expect(summary.get_by_role("link")).to_have_count(3)
    for label, field, message in (
            ("Rubrik", "title", "Detta fält måste fyllas i."),
            ("Inkom", "received_on", "Ange datum som ÅÅÅÅ-MM-DD, t.ex. 2026-11-30."),
            ("Motionärer", "movers", "Välj minst en motionär.")):
        expect(summary.get_by_role("link", name=label)).to_have_attribute("href", re.compile(f"#id_{field}"))
        expect(page.locator(f"#id_{field}_error")).to_have_text(message)
    expect(page.get_by_label("Rubrik")).to_have_attribute("aria-invalid", "true")
    expect(page.get_by_label("Rubrik")).to_have_attribute("aria-describedby", re.compile("id_title_error"))
    expect(page.get_by_label("Motionstext")).to_have_value("Vi föreslår fler parkbänkar längs Sjövägen.")
    expect(page.get_by_label("Inkom")).to_have_value("2026-13-45")
    check_accessibility(page)

    # Put right, the date as it is written in a letter.
    received = timezone.localdate() - datetime.timedelta(days=1)
    page.get_by_label("Rubrik").fill("Fler parkbänkar")
    page.get_by_label("Inkom").fill(long_date(received))
    page.locator("[name=movers]").first.check()
    page.get_by_role("button", name="Registrera").click()
    expect(page.get_by_text("Motionen är registrerad med diarienummer")).to_be_visible()
    case_url = urlsplit(page.url).path  # /arenden/KS-2026/1/

    # The registry secretary starts writing a withdrawal ...
    page.goto(f"{case_url}aterkalla/")
    page.get_by_label("Återkallad den").fill(timezone.localdate().isoformat())
    reason = "Motionären har meddelat per e-post att motionen återkallas."
    page.get_by_label("Motivering").fill(reason)
    page.get_by_label("Ja, motionen ska återkallas.").check()

    # ... while a colleague refers the case.
    anna = get_user_model().objects.create_user("anna", password="demo", first_name="Anna", last_name="Registrator")
    UserRole.objects.create(user=anna, role=Role.REGISTRY)
    context = browser.new_context(base_url=seeded_live_server.url, locale="sv-SE", timezone_id="Europe/Stockholm")
    colleague = login(context.new_page(), "anna")
    colleague.goto(f"{case_url}remittera/")
    colleague.get_by_label("Socialnämnden", exact=True).check()
    colleague.get_by_role("button", name="Remittera").click()
    expect(colleague.get_by_text("Motionen är remitterad.")).to_be_visible()
    context.close()
    referred = {f"kl. {moment:%H.%M}" for moment in (timezone.localtime() - datetime.timedelta(minutes=1),
                                                      timezone.localtime())}

    page.get_by_role("button", name="Återkalla").click()
    expect(page.locator("[data-error-summary]")).to_contain_text(re.compile(
        r"Anna Registrator registrerade ”Remitterad: Socialnämnden” i ärendet kl\. \d\d\.\d\d i dag, "
        r"efter att du öppnade formuläret\."))
    expect(page.locator("[data-error-summary]")).to_contain_text("Det du skrev finns kvar i formuläret nedan.")
    expect(page.get_by_label("Motivering")).to_have_value(reason)
    assert any(time in page.locator("[data-error-summary]").inner_text() for time in referred)
    check_accessibility(page)

    # Sent again, knowingly, on the case as it is now.
    page.get_by_role("button", name="Återkalla").click()
    expect(page.get_by_role("status").filter(has_text="Motionen är återkallad.")).to_be_visible()
