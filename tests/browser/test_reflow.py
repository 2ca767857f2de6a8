"""Every page, for every role, on a phone: the content reflows at 320 and 390 CSS pixels wide
without scrolling sideways (WCAG 2.1, 1.4.10 Reflow), and the menu folds into a button.

The pages are the accessibility walk's (tests/browser/test_accessibility.py: `pages`, built from
the authorization matrix's URL names), so a page added there is measured here too: for the walk's
open case and again for the demo's closed case, with its signed minutes. Only a data
table may be wider than the screen, and then only inside its own labelled region that the
keyboard can scroll (role="region", tabindex="0", aria-label).
"""

from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import LOGIN_PATH
from tests.browser.test_accessibility import open_case, pages  # noqa: F401 (open_case is a fixture)

WIDTHS = [320, 390]
HEIGHT = 640
ROLES = [None, "ledamot", "socialnamnden", "registrator"]

MEASURE = (Path(__file__).parent / "reflow.js").read_text(encoding="utf-8")


def measure(page, width):
    page.set_viewport_size({"width": width, "height": HEIGHT})
    return page.evaluate(MEASURE)


def problems_at(page, url, width):
    result = measure(page, width)
    problems = []
    if result["scrollWidth"] > result["width"]:
        problems.append(f"{url} at {width} px scrolls sideways ({result['scrollWidth']} px wide): "
                        + "; ".join(result["offenders"] or ["(no element found)"]))
    for region in result["regions"]:
        if not (region["table"] and region["role"] == "region" and region["tabindex"] == "0" and region["label"]):
            problems.append(f"{url} at {width} px: {region['element']} scrolls sideways but is not a labelled, "
                            f"focusable region around a table ({region})")
    return problems


@pytest.fixture
def closed_case(open_case):  # noqa: F811
    """The accessibility walk's URL arguments for the demo's closed case: its signed council meeting,
    one of its five answered referrals and a decided paragraph, besides the walk's open case."""
    from decisions.models import MinuteItem

    item = MinuteItem.objects.filter(motion__case_number="KS-2021/345").order_by("-meeting__date").first()
    return {**open_case, "case_number": "KS-2021/345", "referral_id": item.motion.referrals.first().pk,
            "meeting_id": item.meeting_id, "item_id": item.pk,
            "agenda_item_id": item.meeting.agenda.first().pk}


@pytest.mark.parametrize(("username", "language"), [(role, "sv") for role in ROLES] + [("registrator", "en")])
def test_every_page_reflows_on_a_phone_for_every_role(open_case, closed_case, page, login,  # noqa: F811
                                                       username, language):
    if username:
        login(page, username)
    if language == "en":
        page.goto("/")
        page.get_by_role("button", name="In English").click()
        expect(page.locator("html")).to_have_attribute("lang", "en")
    problems, measured = [], []
    for url in dict.fromkeys([*pages(open_case), *pages(closed_case)]):
        response = page.goto(url)
        if response.status != 200 or LOGIN_PATH in page.url and url != LOGIN_PATH:
            continue  # not this role's page
        for width in WIDTHS:
            problems += problems_at(page, url, width)
        measured.append(url)
    assert len(measured) >= 4, measured
    assert not problems, "\n".join(problems)


def test_the_menu_folds_into_a_button_on_a_phone(seeded_live_server, page, login):
    login(page, "registrator")
    page.set_viewport_size({"width": 320, "height": HEIGHT})
    page.goto("/")
    menu = page.get_by_role("navigation", name="Huvudmeny")
    register = menu.get_by_role("link", name="Registrera motion")
    expect(register).to_be_hidden()
    toggle = menu.get_by_role("button", name="Meny")
    expect(toggle).to_have_attribute("aria-expanded", "false")
    toggle.click()
    expect(toggle).to_have_attribute("aria-expanded", "true")
    expect(register).to_be_visible()
    register.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Registrera motion")
    # On a wide screen the menu is open and there is no button.
    page.set_viewport_size({"width": 1200, "height": 800})
    expect(menu.get_by_role("link", name="Registrera motion")).to_be_visible()
    expect(menu.get_by_role("button", name="Meny")).to_be_hidden()


def test_a_refused_form_still_fits_a_phone(seeded_live_server, page, login):
    login(page, "registrator")
    page.set_viewport_size({"width": 320, "height": HEIGHT})
    page.goto("/arenden/ny/")
    page.get_by_role("button", name="Registrera").click()
    expect(page.locator("[data-error-summary]")).to_be_visible()
    for width in WIDTHS:
        assert not problems_at(page, page.url, width)


@pytest.fixture
def page_without_javascript(browser, live_server):
    context = browser.new_context(base_url=live_server.url, locale="sv-SE", java_script_enabled=False,
                                  viewport={"width": 320, "height": HEIGHT})
    yield context.new_page()
    context.close()


def test_without_javascript_the_menu_stays_open_on_a_phone(seeded_live_server, page_without_javascript):
    page = page_without_javascript
    page.goto("/")
    menu = page.get_by_role("navigation", name="Huvudmeny")
    expect(menu.get_by_role("link", name="Sammanträden")).to_be_visible()
    expect(menu.get_by_role("button", name="Meny")).to_be_hidden()
    assert not problems_at(page, "/", 320)
