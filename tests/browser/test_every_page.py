"""Every page each persona can open, walked once in Chromium, keeps the Content
Security Policy and fits the window, at 1280 px and on a phone (390 px).

- The policy: the header is the site-wide one, and the browser reports no violation
  (an inline script or style, a source from elsewhere).
- The width: the document is never wider than the window. On a phone a table wider
  than its room scrolls inside its own labelled region (`.table-wrap`), which does not
  widen the document; at 1280 px the tables are designed to fit without scrolling.

Each page is loaded once at 1280 px, measured, then measured again with the window
narrowed to 390 px (the layout follows the window; nothing on these pages lays itself
out by script). The pages are those of tests/browser/walk.py: every URL of the
permission matrix the persona opens as HTML, allauth's pages and the admin's.
"""

import pytest
from django.conf import settings

from tests.browser.conftest import screenshot
from tests.browser.walk import (
    REPORT_VIOLATIONS,
    SCROLLING_TABLES,
    WIDER_THAN_WINDOW,
    WIDTHS,
    client_of,
    pages_of,
)
from tests.portal.test_csp import SITEWIDE, directives
from tests.portal.test_permission_matrix import PERSONAS

pytestmark = pytest.mark.django_db(transaction=True)


def _sticking_out(page, width: str) -> list[str]:
    page.set_viewport_size({"width": WIDTHS[width], "height": 900})
    out = page.evaluate(WIDER_THAN_WINDOW)
    if width == "desktop":
        out += page.evaluate(SCROLLING_TABLES)
    return out


@pytest.mark.parametrize("persona", PERSONAS)
def test_every_page_of_a_persona_keeps_the_policy_and_fits_the_window(
    page, live_server, personas, persona
):
    from allauth.account.models import EmailAddress

    # A pending change of address shows allauth's form that confirms it.
    EmailAddress.objects.create(user=personas.climate_manager_a, email="neu.a@example.org")
    pages = pages_of(persona, personas)
    violations: list[str] = []
    page.context.expose_function("reportCspViolation", lambda text: violations.append(text))
    page.context.add_init_script(REPORT_VIOLATIONS)
    if persona != "anonymous":
        cookie = client_of(personas, persona).cookies[settings.SESSION_COOKIE_NAME]
        page.context.add_cookies(
            [{"name": cookie.key, "value": cookie.value, "url": live_server.url}]
        )
    too_wide = {}
    for url in pages:
        page.set_viewport_size({"width": WIDTHS["desktop"], "height": 900})
        answer = page.goto(url)
        assert answer.status == 200, url
        assert directives(answer.headers["content-security-policy"]) == SITEWIDE, url
        for width in WIDTHS:
            if sticking_out := _sticking_out(page, width):
                too_wide[f"{url} ({width})"] = sticking_out
                screenshot(page, f"too-wide-{width}-{persona}-{len(too_wide)}")
    assert violations == [], "\n".join(violations)
    assert too_wide == {}, "\n".join(f"{url}: {', '.join(out)}" for url, out in too_wide.items())
    # The walk reached the pages: a sanity count, so a broken login shows here.
    assert len(pages) > 5, pages
