"""Browser tests in real headless Chromium (Debian's `chromium`), driven by Playwright.

Fixtures for later tests: `page` (a fresh German browser context on the live
server), `sign_in(page, user, live_server=…)`, `screenshot(page, name)` and
`assert_accessible(page)` (axe-core, WCAG 2.1 A/AA).

Browser tests are transactional: the database is emptied after each one, the
data migrations' catalogue rows too. Tests create what they need (the demo seed
loads the catalogues itself).
"""

import os
import re
from pathlib import Path

import pytest

# Playwright's sync API runs an event loop in this thread; the test body still uses
# the ORM synchronously to set up data, which Django allows with this flag.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = Path(os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium"))
SCREENSHOTS = Path(os.environ.get("SCREENSHOT_DIR", Path(__file__).parent / "screenshots"))
AXE = Path(__file__).parent / "vendor" / "axe-4.14.1.min.js"
# Flags for a closed network: no background requests to Google's services.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
]


def pytest_collection_modifyitems(items):
    for item in items:
        if Path(item.fspath).is_relative_to(Path(__file__).parent):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def browser():
    if not CHROMIUM.exists():
        message = f"Chromium not found at {CHROMIUM}: apt-get install chromium"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    from django.db import connections
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield browser
        browser.close()
        # Between its calls Playwright's sync API marks its event loop as running in
        # this thread, and Django's connections (asgiref's Local) then keep apart from
        # those of plain synchronous code: every test after the first browser test in
        # this process used connections of their own. Close them while they are still
        # the ones seen here, or one stays checked out of the pool and the test
        # database cannot be dropped at the end ("accessed by other users").
        connections.close_all()


# Chromium logs pages answered with these statuses (a form with errors, an edit
# conflict) as failed loads; they are the portal's deliberate answers, not errors.
ANSWERED_ON_PURPOSE = re.compile(r"Failed to load resource: .* status of (409|422)\b")


@pytest.fixture
def page(browser, live_server):
    context = browser.new_context(
        base_url=live_server.url,
        locale="de-DE",
        timezone_id="Europe/Berlin",
        viewport={"width": 1280, "height": 900},
    )
    context.set_default_timeout(10_000)
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.on(
        "console",
        lambda msg: (
            errors.append(msg.text)
            if msg.type == "error" and not ANSWERED_ON_PURPOSE.search(msg.text)
            else None
        ),
    )
    yield page
    context.close()
    assert errors == [], f"JavaScript errors in the page: {errors}"


def screenshot(page, name: str) -> Path:
    """Save a full-page screenshot under tests/browser/screenshots/ to look at."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


def assert_accessible(page) -> None:
    """axe-core finds no WCAG 2.1 A/AA violation on the page as it is now."""
    # Evaluated by the browser's tooling, not as a <script> element the page's Content
    # Security Policy would refuse.
    page.evaluate(AXE.read_text())
    result = page.evaluate(
        """() => axe.run(document, {
            runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}
        })"""
    )
    violations = [
        f"{v['id']} ({v['impact']}): {v['help']} – {[n['target'] for n in v['nodes']]}"
        for v in result["violations"]
    ]
    assert violations == [], "\n".join(violations)


def sign_in(page, user, *, live_server) -> None:
    """Start the browser's session as this person, without going through the login form."""
    from django.conf import settings
    from django.test import Client

    client = Client()
    client.force_login(user)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    page.context.add_cookies([{"name": cookie.key, "value": cookie.value, "url": live_server.url}])
