"""The start page of a coordinator of many networks: the table of networks in
Chromium, sorted, filtered and paged without JavaScript of its own, at 1280 and
390 px."""

import datetime

import pytest
from django.utils import timezone

from tests.browser.conftest import assert_accessible, screenshot, sign_in
from tests.browser.walk import SCROLLING_TABLES, WIDER_THAN_WINDOW

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_coordinator_of_many_networks_reads_them_as_a_table(page, live_server, personas):
    from measures.models import Measure
    from portal.network_table import PER_PAGE
    from tests.factories import MeasureFactory, MeetingFactory, NetworkFactory, ParticipationFactory

    today = timezone.localdate()
    soon = timezone.now() + datetime.timedelta(days=9)
    for n in range(PER_PAGE + 2):
        network = NetworkFactory(
            name=f"Klimaschutz-Netzwerk Ostwestfalen-Lippe {n + 1:02d}", slug=f"owl-{n + 1:02d}",
            coordinator=personas.coordinator_org,
            term_start=today - datetime.timedelta(days=300 + 20 * n),
            term_end=today + datetime.timedelta(days=800 - 20 * n),
        )  # fmt: skip
        for participation in ParticipationFactory.create_batch(2 + n % 5, network=network):
            MeasureFactory(
                participation=participation,
                status=Measure.Status.PLANNED if n % 7 == 3 else Measure.Status.IN_PROGRESS,
                planned_start=today - datetime.timedelta(days=30),
            )
        if n % 3 == 0:
            MeetingFactory(
                network=network, title="Netzwerktreffen", starts_at=soon,
                ends_at=soon + datetime.timedelta(hours=2), moderator=personas.coordinator,
            )  # fmt: skip
    sign_in(page, personas.coordinator, live_server=live_server)
    page.goto("/start/")
    table = page.locator("table.network-table")
    rows = table.locator("tbody tr")
    assert rows.count() == PER_PAGE
    # attention first: the networks with overdue measures (n % 7 == 3) lead
    assert rows.first.locator("th").inner_text() == "Klimaschutz-Netzwerk Ostwestfalen-Lippe 18"
    assert page.evaluate(WIDER_THAN_WINDOW) + page.evaluate(SCROLLING_TABLES) == []
    assert_accessible(page)
    screenshot(page, "start-table-1280")

    table.get_by_role("link", name="Netzwerk", exact=True).click()
    assert table.locator("th", has_text="Netzwerk").first.get_attribute("aria-sort") == "ascending"
    assert rows.first.locator("th").inner_text() == "Klimaschutz-Netzwerk Ostwestfalen-Lippe 01"
    table.get_by_role("link", name="Netzwerk", exact=True).click()
    assert rows.first.locator("th").inner_text() == "Netzwerk Test"
    page.get_by_role("link", name="nächste »").click()
    assert rows.count() == 3  # 22 and the personas' own: 23, 20 a page
    page.get_by_label("Phase").select_option("completed")
    page.get_by_role("button", name="Anzeigen").click()
    assert [row.inner_text() for row in rows.locator("th").all()] == ["Netzwerk Test"]
    assert "sortierung=-name" in page.url

    page.set_viewport_size({"width": 390, "height": 844})
    page.goto("/start/")
    # on a phone the table scrolls inside its region, the page does not
    assert page.evaluate(WIDER_THAN_WINDOW) == []
    wrap = page.locator("#netzwerke .table-wrap")
    assert wrap.evaluate("el => el.scrollWidth > el.clientWidth")
    assert_accessible(page)
    screenshot(page, "start-table-390")
