"""The network page's charts read at every width: their text, as drawn (the font size
times the scale the SVG is drawn at), is at least 11 px high on a desktop and on a
phone, and the colours are the palette's."""

import pytest
from django.urls import reverse

from lib.palette import ACHIEVED, FOCUS_AREA_COLOURS
from networks.models import User
from tests.browser.conftest import SCREENSHOTS, assert_accessible, screenshot, sign_in
from tests.browser.demo import load_demo

pytestmark = pytest.mark.django_db(transaction=True)

# Every text of every chart shown: its font size times the scale its SVG is drawn at
# (the drawn width over the viewBox's), and the chart's class.
DRAWN_SIZES = """() => [...document.querySelectorAll('svg.chart')]
  .filter(svg => svg.getBoundingClientRect().width > 0)
  .flatMap(svg => {
    const scale = svg.getBoundingClientRect().width / svg.viewBox.baseVal.width;
    return [...svg.querySelectorAll('text')].map(text => ({
      chart: svg.getAttribute('class'),
      text: text.textContent.trim(),
      px: parseFloat(getComputedStyle(text).fontSize) * scale,
    }));
  })"""


@pytest.mark.parametrize("width", [1280, 390])
def test_the_network_pages_chart_labels_are_readable_at_every_width(page, live_server, width):
    load_demo()
    sign_in(page, User.objects.get(email="koordination@example.org"), live_server=live_server)
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(reverse("network", args=["klimaschutz-netzwerk-westfalen-weser-1"]))
    sizes = page.evaluate(DRAWN_SIZES)
    charts = {size["chart"] for size in sizes}
    # The wide savings chart on a desktop, the narrow one on a phone, and the years'.
    wide = "chart chart-wide" if width > 640 else "chart chart-narrow"
    assert charts == {wide, "chart chart-fixed"}
    assert any(size["text"] == "Kreis Höxter" for size in sizes)
    small = [size for size in sizes if size["px"] < 11]
    assert small == [], small
    # No chart runs out of its card (the page does not scroll sideways).
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    fills = page.evaluate(
        "() => [...document.querySelectorAll('svg.chart rect')].map(r => r.getAttribute('fill'))"
    )
    assert ACHIEVED in fills and FOCUS_AREA_COLOURS[0] in fills
    assert_accessible(page)
    screenshot(page, f"network-charts-{width}")
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.locator(".charts").screenshot(path=SCREENSHOTS / f"network-charts-{width}-detail.png")
