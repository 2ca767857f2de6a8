"""Signing in through the login page in a real browser."""

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
