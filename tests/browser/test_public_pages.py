"""The public pages in a real browser, as an anonymous visitor: content, accessibility, keyboard."""

import re

from playwright.sync_api import expect

CASE_PATH = "/arenden/KS-2021/345/"
CASE_URL = re.compile(re.escape(CASE_PATH) + "$")


def test_front_page_leads_to_the_case(seeded_live_server, page, check_accessibility):
    page.goto("/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Motioner")
    check_accessibility(page)

    page.locator(f"main a[href='{CASE_PATH}']").first.click()
    expect(page).to_have_url(CASE_URL)
    main = page.locator("main")
    expect(main).to_contain_text("Anses besvarad")
    expect(main).to_contain_text("5 av 5 har svarat.")
    check_accessibility(page)


def test_keyboard_alone_reaches_the_content_and_the_case(seeded_live_server, page):
    page.goto("/")
    focused = page.locator(":focus")

    # The first Tab lands on the skip link, which then shows on screen.
    page.keyboard.press("Tab")
    expect(focused).to_have_text("Till innehållet")
    expect(focused).to_be_in_viewport()

    # Following it moves the keyboard past the header: the next Tab lands inside <main>.
    page.keyboard.press("Enter")
    page.keyboard.press("Tab")
    assert focused.evaluate("el => el.closest('main') !== null"), focused.evaluate("el => el.outerHTML")

    # From the top again, Tab through to the first case in the list and open it with Enter.
    page.goto("/")
    first_case = page.locator("main a[href^='/arenden/']").first
    expect(first_case).to_have_attribute("href", CASE_PATH)
    for _ in range(100):
        page.keyboard.press("Tab")
        if first_case.evaluate("el => el === document.activeElement"):
            break
    else:
        raise AssertionError("100 presses of Tab did not reach the first case link")
    page.keyboard.press("Enter")
    expect(page).to_have_url(CASE_URL)
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Inför en avhopparverksamhet för ett tryggare Huddinge")
