import pytest

from networks.models import Network
from tests.browser.conftest import assert_accessible, screenshot
from tests.browser.demo import load_demo

pytestmark = pytest.mark.django_db(transaction=True)


def test_visitor_sees_the_networks_of_the_source_page_in_german(page):
    load_demo()
    page.goto("/")
    assert page.title() == "Klimaschutz-Netzwerkportal"
    headings = page.get_by_role("heading", level=2).all_inner_texts()
    assert sorted(headings) == [
        "Klimaschutz-Netzwerk Westfalen Weser 1",
        "Klimaschutz-Netzwerk Westfalen Weser 2",
    ]
    # Neither the successor nor the second organisation's network is public.
    assert Network.objects.count() == 4
    card = page.locator("article", has_text="Westfalen Weser 2")
    assert "01.07.2022 – 30.06.2025" in card.inner_text()
    card.get_by_text("10 Kommunen anzeigen").click()
    assert card.get_by_role("listitem").filter(has_text="Bad Lippspringe").is_visible()
    assert_accessible(page)
    screenshot(page, "home-de")


def test_language_switch_works_with_the_keyboard(page):
    page.goto("/")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == "Zum Inhalt springen"
    page.get_by_role("button", name="EN").focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.get_by_role("heading", level=1).inner_text() == "Climate-protection networks"
    assert page.locator("html").get_attribute("lang") == "en"
    assert_accessible(page)
    screenshot(page, "home-en")
