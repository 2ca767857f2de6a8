"""Withdrawing in a real browser: the step stands apart in red, and is taken only once confirmed,
with or without JavaScript."""

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import LOCALE, TIMEOUT_MS, login
from tests.browser.test_accessibility import open_case  # noqa: F401 (a fixture)


def test_withdrawing_a_motion_is_set_apart_and_confirmed(open_case, page, check_accessibility):  # noqa: F811
    login(page, "registrator")
    page.goto(f"/arenden/{open_case['case_number']}/")
    steps = page.get_by_role("region", name="Nästa steg")
    withdraw = steps.get_by_role("link", name="Återkalla motionen")
    refer = steps.get_by_role("link", name="Remittera")
    expect(withdraw).to_have_class("btn btn-outline-danger")
    expect(refer).to_have_class("btn btn-primary")
    # Below the main steps, not among them.
    assert withdraw.bounding_box()["y"] > refer.bounding_box()["y"] + refer.bounding_box()["height"]
    withdraw.click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Återkalla motionen")
    expect(page.get_by_text("Remisserna som ännu inte besvarats återkallas samtidigt: Socialnämnden.")).to_be_visible()
    check_accessibility(page)
    # The box is required: the browser's own check is left out (the form is novalidate), the server refuses.
    page.get_by_role("button", name="Återkalla motionen").click()
    expect(page.locator("[data-error-summary]")).to_contain_text("Kryssa i rutan för att bekräfta")
    expect(page.get_by_role("checkbox", name="Ja, motionen ska återkallas.")).to_have_class(
        "checkboxinput form-check-input is-invalid")
    check_accessibility(page)
    page.goto(f"/arenden/{open_case['case_number']}/")
    expect(page.locator(".facts")).to_contain_text("På remiss")

    page.goto(f"/arenden/{open_case['case_number']}/aterkalla/")
    page.get_by_role("checkbox", name="Ja, motionen ska återkallas.").check()
    page.get_by_role("button", name="Återkalla motionen").click()
    expect(page.get_by_role("status").first).to_have_text("Motionen är återkallad.")
    expect(page.locator(".facts")).to_contain_text("Återkallad")


@pytest.fixture
def page_without_javascript(browser, live_server):
    context = browser.new_context(base_url=live_server.url, locale=LOCALE, java_script_enabled=False)
    context.set_default_timeout(TIMEOUT_MS)
    yield context.new_page()
    context.close()


def test_a_referral_is_withdrawn_without_javascript_once_confirmed(open_case, page_without_javascript):  # noqa: F811
    page = page_without_javascript
    login(page, "registrator")
    page.goto(f"/arenden/{open_case['case_number']}/")
    page.get_by_role("link", name="Återkalla remissen till Socialnämnden").click()
    page.get_by_role("button", name="Återkalla remissen").click()
    expect(page.get_by_role("alert")).to_contain_text("Kryssa i rutan för att bekräfta att remissen ska återkallas.")
    page.get_by_role("checkbox", name="Ja, remissen ska återkallas.").check()
    page.get_by_role("button", name="Återkalla remissen").click()
    expect(page.get_by_role("status").first).to_have_text("Remissen till Socialnämnden är återkallad.")
