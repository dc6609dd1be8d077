import datetime

import pytest

from networks.models import User
from portal.demo import load_demo_data
from tests.browser.conftest import assert_accessible, screenshot, sign_in

pytestmark = pytest.mark.django_db(transaction=True)


def test_coordinator_opens_a_network_page_from_the_start_page(page, live_server):
    load_demo_data(today=datetime.date(2026, 11, 24))
    sign_in(page, User.objects.get(email="koordination@example.org"), live_server=live_server)
    page.goto("/start/")
    page.get_by_role("link", name="Klimaschutz-Netzwerk Westfalen Weser 2").click()
    assert page.get_by_role("heading", level=1).inner_text() == (
        "Klimaschutz-Netzwerk Westfalen Weser 2"
    )
    participants = page.locator(
        "section", has=page.get_by_role("heading", name="Teilnehmende Kommunen")
    )
    assert participants.get_by_role("rowheader").count() == 10
    assert_accessible(page)
    screenshot(page, "network")


def test_anonymous_visitor_reads_the_public_page(page):
    load_demo_data(today=datetime.date(2026, 11, 24))
    page.goto("/")
    page.get_by_role("link", name="Klimaschutz-Netzwerk Westfalen Weser 1").click()
    assert page.get_by_role("heading", level=1).inner_text() == (
        "Klimaschutz-Netzwerk Westfalen Weser 1"
    )
    text = page.locator("main").inner_text()
    assert "Förderkennzeichen" in text and "67K18876" in text
    assert "Gefördert vom Bundesministerium für Umwelt" in text
    assert "Sebastian Wöhler" in text
    assert_accessible(page)
    screenshot(page, "public-network")


def test_climate_manager_opens_a_participant_page(page, live_server):
    load_demo_data(today=datetime.date(2026, 11, 24))
    sign_in(page, User.objects.get(email="klima.borchen@example.org"), live_server=live_server)
    page.goto("/netzwerke/klimaschutz-netzwerk-westfalen-weser-2/")
    page.get_by_role("link", name="Bad Lippspringe").click()
    assert page.get_by_role("heading", level=1).inner_text() == "Bad Lippspringe"
    assert page.get_by_role("heading", name="Maßnahmen", exact=True).is_visible()
    assert_accessible(page)
    screenshot(page, "participant")
