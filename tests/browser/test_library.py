"""The library of measures in the browser: a Senne climate manager filters, sorts and
reads Westfalen Weser 1's shared measures anonymised; the page passes axe and fits."""

import pytest

from networks.models import User
from tests.browser.conftest import assert_accessible, screenshot, sign_in
from tests.browser.demo import load_demo

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_climate_manager_filters_and_sorts_the_library_without_javascript_help(page, live_server):
    load_demo()
    sign_in(page, User.objects.get(email="klima.verl@example.org"), live_server=live_server)
    page.goto("/massnahmen/bibliothek/")
    assert_accessible(page)
    table = page.locator(".library-table")
    width = page.evaluate(
        "t => [t.scrollWidth, t.parentElement.clientWidth]", table.element_handle()
    )
    assert width[0] <= width[1]  # fits at the browser's 1280 px
    screenshot(page, "measure-library")
    page.get_by_label("Größe der Kommune").select_option(label="10.000–20.000 Einw.")
    page.get_by_role("button", name="Filtern").click()
    assert "groesse=10000-20000" in page.url
    page.get_by_role("link", name="EUR je t/a").click()
    assert "sort=-eur-je-t" in page.url
    assert page.locator("th[aria-sort=descending]").count() == 1
    assert_accessible(page)
