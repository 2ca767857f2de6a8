"""Signing in through the login page in a real browser."""

import re

import pytest
from playwright.sync_api import expect


def test_a_demo_user_signs_in_and_out(seeded_live_server, page, login, check_accessibility):
    page.goto("/konto/logga-in/")
    check_accessibility(page)

    login(page, "registrator")
    logout = page.get_by_role("button", name="Logga ut")
    expect(logout).to_be_visible()
    check_accessibility(page)

    logout.click()
    expect(page.get_by_role("link", name="Logga in")).to_be_visible()


def test_a_wrong_password_is_refused(seeded_live_server, page, login):
    with pytest.raises(pytest.fail.Exception, match="refused"):
        login(page, "registrator", password="fel")
    expect(page.get_by_role("button", name="Logga ut")).to_have_count(0)


def test_the_menus_login_link_leads_back_to_the_page_not_to_the_login_page(seeded_live_server, page):
    page.goto("/arenden/KS-2021/345/")
    page.get_by_role("link", name="Logga in").click()
    # The menu's own link on the login page keeps where the visitor was going.
    page.get_by_role("navigation").get_by_role("link", name="Logga in").click()
    page.get_by_label("Användarnamn").fill("ledamot")
    page.get_by_label("Lösenord").fill("demo")
    page.get_by_role("main").get_by_role("button", name="Logga in").click()
    expect(page).to_have_url(re.compile(r"/arenden/KS-2021/345/$"))
    expect(page.get_by_role("button", name="Logga ut")).to_be_visible()
