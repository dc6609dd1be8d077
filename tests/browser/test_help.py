"""The help under /hilfe/ in Chromium: Material's pages keep the portal's strict
policy (their inline scripts allowed by hash, nothing refused), and the search finds
pages and leads to them under /hilfe/, at 1280 px and on a phone."""

import pytest

from tests.browser.conftest import screenshot
from tests.browser.walk import REPORT_VIOLATIONS

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.mark.parametrize("width", [1280, 390])
def test_the_help_keeps_the_policy_and_its_search_works(
    page,
    live_server,
    built_site,
    settings,
    width,
):
    settings.DOCS_ROOT = built_site
    violations: list[str] = []
    page.context.expose_function("reportCspViolation", lambda text: violations.append(text))
    page.context.add_init_script(REPORT_VIOLATIONS)
    page.set_viewport_size({"width": width, "height": 900})
    page.goto("/hilfe/rollen/klimaschutzmanagement/#massnahme-erfassen")
    assert page.locator("h2#massnahme-erfassen").is_visible()
    # On a phone the search hides behind the header's button.
    if width < 1000:
        page.locator("label.md-header__button[for=__search]").click()
    else:
        page.locator("input[name=query]").click()
    page.keyboard.type("Treffen", delay=20)
    results = page.locator(".md-search-result__item a")
    results.first.wait_for()
    assert page.locator(".md-search-result__meta").inner_text().endswith("Suchergebnisse")
    screenshot(page, f"help-search-{width}")
    results.first.click()
    page.wait_for_load_state()
    assert page.url.startswith(f"{live_server.url}/hilfe/rollen/")
    assert violations == []
