"""Real-browser tests: Playwright's sync API driving Debian's Chromium, with axe-core.

Fixtures and helpers for the tests in this folder:

- ``browser``: one headless Chromium for the whole session (``/usr/bin/chromium``, which
  ``make test`` installs; Playwright's own browser downloads are never used);
- ``page``: a fresh browser context per test, Swedish locale, ``base_url`` set to the live
  server, so ``page.goto("/")`` opens the front page;
- ``seeded_live_server``: pytest-django's ``live_server`` with ``load_demo --without-invented`` run
  (Huddinge's organisation, the demo case KS-2021/345 and the demo users, all with the password
  ``demo``; not the demo's invented cases, which would take each test seconds to build);
- ``login``: ``login(page, username, password="demo", next=None)`` signs in through
  ``/konto/logga-in/`` and fails the test if the sign-in does not go through;
- ``check_accessibility``: ``check_accessibility(page)`` runs axe-core with the WCAG 2.1 A and
  AA rules on the page as it is and fails the test with each violation's rule, impact, help
  and elements.

``login`` and ``check_accessibility`` are also plain functions of this module.

Every test in this folder is marked ``browser`` (``-m "not browser"`` leaves them out) and runs
after the rest of the suite: Playwright's sync API keeps an asyncio event loop running in the
test thread while the browser is open, and Django refuses database access from a thread with a
running loop (SynchronousOnlyOperation) unless DJANGO_ALLOW_ASYNC_UNSAFE is set. The
``playwright`` fixture sets it for exactly as long as that loop exists.
"""

import io
import os
from importlib.resources import files
from pathlib import Path
from urllib.parse import urlencode, urlsplit

import pytest
from django.core.management import call_command
from playwright.sync_api import sync_playwright

HERE = Path(__file__).resolve().parent

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
TIMEOUT_MS = 10_000
LOCALE = "sv-SE"
ASSET_TYPES = {"stylesheet", "script", "font", "image"}

LOGIN_PATH = "/konto/logga-in/"

WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
# axe-core as axe-playwright-python ships it (a test dependency); no network, no CDN.
AXE_SCRIPT = (files("axe_playwright_python") / "axe.min.js").read_text(encoding="utf-8")


def pytest_collection_modifyitems(session, config, items):
    """Mark this folder's tests ``browser`` and run them after all the others."""
    browser_tests, others = [], []
    for item in items:
        if Path(item.path).is_relative_to(HERE):
            item.add_marker(pytest.mark.browser)
            browser_tests.append(item)
        else:
            others.append(item)
    items[:] = others + browser_tests


@pytest.fixture(scope="session")
def playwright():
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        with sync_playwright() as instance:
            yield instance
    finally:
        if previous is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@pytest.fixture(scope="session")
def browser(playwright):
    if not os.access(CHROMIUM, os.X_OK):
        pytest.fail(f"No Chromium at {CHROMIUM}: `make test` installs Debian's chromium package.",
                    pytrace=False)
    browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
    yield browser
    browser.close()


@pytest.fixture
def page(browser, live_server):
    """A new page in its own context (no cookies carried over), on the live server."""
    context = browser.new_context(base_url=live_server.url, locale=LOCALE, timezone_id="Europe/Stockholm")
    context.set_default_timeout(TIMEOUT_MS)
    context.set_default_navigation_timeout(TIMEOUT_MS)
    page = context.new_page()
    # Uncaught JavaScript errors, stylesheets, scripts, fonts or images that fail to load, and
    # violations of the Content-Security-Policy fail the test (at teardown).
    problems = []
    page.on("pageerror", lambda error: problems.append(f"JavaScript error: {error}"))
    # So does anything the Content-Security-Policy refuses (Chromium says so on the console).
    page.on("console", lambda message: problems.append(
        f"Content-Security-Policy on {page.url}: {message.text}"
    ) if "Content Security Policy" in message.text else None)
    page.on("response", lambda response: problems.append(
        f"{response.status} for {response.request.resource_type} {response.url}"
    ) if response.status >= 400 and response.request.resource_type in ASSET_TYPES else None)
    yield page
    context.close()
    if problems:
        pytest.fail("The page had problems:\n" + "\n".join(f"- {problem}" for problem in problems),
                    pytrace=False)


@pytest.fixture
def seeded_live_server(live_server, transactional_db):
    """The live server with the demo's seed case (``manage.py load_demo --without-invented``) in its database."""
    call_command("load_demo", "--without-invented", stdout=io.StringIO())
    return live_server


def login(page, username, password="demo", next=None):
    """Sign in through the login form; fails the test unless the site lets the user in."""
    url = LOGIN_PATH + (f"?{urlencode({'next': next})}" if next else "")
    response = page.goto(url)
    if response is None or not response.ok:
        pytest.fail(f"GET {url} answered {response and response.status}: no login page", pytrace=False)
    form = page.locator("form").filter(has=page.locator("[name=username]"))
    form.locator("[name=username]").fill(username)
    form.locator("[name=password]").fill(password)
    with page.expect_navigation():
        form.locator("button:not([type]), button[type=submit], input[type=submit]").first.click()
    if urlsplit(page.url).path == LOGIN_PATH:
        errors = page.locator(".errorlist, .errornote, .alert, [role=alert]").all_inner_texts()
        pytest.fail(f"Login as {username!r} was refused: {' '.join(errors) or 'still on the login page'}",
                    pytrace=False)
    return page


def check_accessibility(page, *, context=None, disable=(), tags=WCAG_TAGS):
    """Run axe-core on the page and fail the test on any violation of the given tags' rules.

    ``context`` is an axe context (a CSS selector, or ``{"include": ..., "exclude": ...}``);
    ``disable`` names rules to leave out. Returns axe's violations (empty when the page passes).
    """
    page.wait_for_load_state()
    if not page.evaluate("typeof window.axe === 'object'"):
        page.evaluate(AXE_SCRIPT)
    options = {
        "runOnly": {"type": "tag", "values": list(tags)},
        "resultTypes": ["violations"],
        "rules": {rule: {"enabled": False} for rule in disable},
    }
    results = page.evaluate(
        "([context, options]) => axe.run(context || document, options)", [context, options]
    )
    violations = results["violations"]
    if violations:
        pytest.fail(_describe(page.url, results), pytrace=False)
    return violations


def _describe(url, results):
    violations = results["violations"]
    version = results.get("testEngine", {}).get("version", "?")
    lines = [f"{len(violations)} accessibility rule(s) violated on {url} (axe-core {version}):"]
    for violation in violations:
        lines.append(f"- {violation['id']} [{violation.get('impact')}]: {violation['help']}"
                     f" ({violation.get('helpUrl', '')})")
        for node in violation["nodes"]:
            target = " ".join(map(str, node["target"]))
            html = " ".join(node.get("html", "").split())
            lines.append(f"    {target}  {html[:160]}")
            summary = " ".join(node.get("failureSummary", "").split())
            if summary:
                lines.append(f"      {summary[:300]}")
    return "\n".join(lines)


@pytest.fixture(name="login")
def login_fixture():
    return login


@pytest.fixture(name="check_accessibility")
def check_accessibility_fixture():
    return check_accessibility
