"""Every page works under the Content-Security-Policy: nothing refused, for any role."""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from tests.browser.test_accessibility import open_case, pages  # noqa: F401 - the fixture, and the walk's pages

# Each refusal is reported to the page as a securitypolicyviolation event; collected from the start
# of every document (an init script is not itself subject to the policy).
LISTEN = """
window.__violations = [];
document.addEventListener("securitypolicyviolation", function (event) {
  window.__violations.push(event.violatedDirective + " " + (event.blockedURI || "inline") + " at "
                           + event.sourceFile + ":" + event.lineNumber);
});
"""


def violations(page) -> list[str]:
    return page.evaluate("window.__violations || []")


@pytest.mark.parametrize("username", [None, "registrator", "admin"])
def test_the_pages_break_no_rule_of_the_policy(open_case, page, login, username):  # noqa: F811
    page.add_init_script(LISTEN)
    if username == "admin":
        from django.contrib.auth import get_user_model

        get_user_model().objects.create_superuser("admin", password="demo")
    if username:
        login(page, username)
    seen = {}
    urls = list(pages(open_case))
    if username == "admin":  # the administrators' tool too
        urls = [reverse("admin:index"), reverse("admin:organisation_body_changelist"),
                reverse("admin:auth_user_add"), reverse("admin:axes_accessattempt_changelist"),
                reverse("admin:otp_totp_totpdevice_add")]
    for url in urls:
        response = page.goto(url)
        if response.status != 200:
            continue
        assert "default-src 'self'" in response.headers["content-security-policy"], url
        seen[url] = violations(page)
    assert len(seen) >= 4
    assert {url: found for url, found in seen.items() if found} == {}


def test_the_scripts_run_under_the_policy(open_case, page, login):  # noqa: F811
    """The menu folds on a phone (Bootstrap's script), and a refused form takes the focus to its errors."""
    page.add_init_script(LISTEN)
    page.set_viewport_size({"width": 400, "height": 800})
    login(page, "registrator")
    page.goto(reverse("motions:register"))
    page.get_by_role("button", name="Meny").click()
    expect(page.get_by_role("link", name="Registrera motion")).to_be_visible()
    page.get_by_role("button", name="Registrera").click()
    expect(page.locator("[data-error-summary]")).to_be_focused()
    assert violations(page) == []
