"""Every page each persona can open fits the window, at 1280 px and on a phone
(390 px): the document is never wider than the window. On a phone a table wider than
its room scrolls inside its own labelled region (`.table-wrap`), which does not widen
the document; at 1280 px the tables are designed to fit without scrolling.

The pages are those of the CSP walk (tests/browser/test_csp.py): every URL of the
permission matrix the persona opens as HTML, allauth's pages and the admin's.
"""

import pytest
from django.conf import settings

from tests.browser.conftest import screenshot
from tests.browser.test_csp import client_of, pages_of
from tests.portal.test_permission_matrix import PERSONAS

pytestmark = pytest.mark.django_db(transaction=True)

WIDTHS = {"desktop": 1280, "phone": 390}

# The regions whose table scrolls sideways: [label, width, table's width].
SCROLLING_TABLES = """
() => [...document.querySelectorAll(".table-wrap")]
  .filter((wrap) => wrap.scrollWidth > wrap.clientWidth + 1)
  .map((wrap) => `table ${wrap.getAttribute("aria-labelledby") || wrap.getAttribute("aria-label")}`
       + ` ${wrap.scrollWidth} px in ${wrap.clientWidth} px`)
"""

# What sticks out of the window, for the message: the widest elements wider than it.
WIDER_THAN_WINDOW = """
() => {
  const width = document.documentElement.clientWidth;
  if (document.documentElement.scrollWidth <= width) return [];
  const wide = [];
  for (const element of document.body.querySelectorAll("*")) {
    const box = element.getBoundingClientRect();
    if (box.right > width + 1 && !element.closest(".table-wrap, pre")) {
      const name = element.tagName.toLowerCase() + (element.id ? "#" + element.id : "")
        + (element.className && typeof element.className === "string"
           ? "." + element.className.trim().split(/\\s+/).join(".") : "");
      wide.push(`${name} to ${Math.round(box.right)} px`);
    }
  }
  return [`document ${document.documentElement.scrollWidth} px`, ...wide.slice(0, 5)];
}
"""


@pytest.mark.parametrize("width", list(WIDTHS))
@pytest.mark.parametrize("persona", PERSONAS)
def test_no_page_is_wider_than_the_window(page, live_server, personas, persona, width):
    pages = pages_of(persona, personas)
    page.set_viewport_size({"width": WIDTHS[width], "height": 900})
    if persona != "anonymous":
        cookie = client_of(personas, persona).cookies[settings.SESSION_COOKIE_NAME]
        page.context.add_cookies(
            [{"name": cookie.key, "value": cookie.value, "url": live_server.url}]
        )
    too_wide = {}
    for url in pages:
        assert page.goto(url).status == 200, url
        sticking_out = page.evaluate(WIDER_THAN_WINDOW)
        if width == "desktop":
            sticking_out += page.evaluate(SCROLLING_TABLES)
        if sticking_out:
            too_wide[url] = sticking_out
            screenshot(page, f"too-wide-{width}-{persona}-{len(too_wide)}")
    assert too_wide == {}, "\n".join(f"{url}: {', '.join(out)}" for url, out in too_wide.items())
    assert len(pages) > 5, pages


WW1 = "klimaschutz-netzwerk-westfalen-weser-1"
WW3 = "klimaschutz-netzwerk-westfalen-weser-3"


@pytest.mark.parametrize(
    ("email", "urls"),
    [
        ("koordination@example.org", [f"/netzwerke/{WW1}/", "/massnahmen/", "/treffen/",
                                      f"/netzwerke/{WW1}/berichte/", f"/netzwerke/{WW1}/brakel/",
                                      "/start/", "/einladungen/",
                                      f"/netzwerke/{WW3}/gewinnung/"]),
        ("klima.brakel@example.org", ["/start/", "/massnahmen/", f"/netzwerke/{WW1}/"]),
    ],
)  # fmt: skip
def test_the_demos_tables_fit_at_1280_px(page, live_server, email, urls):
    """The demo's real names and figures, where the tables are widest (the network's
    participants, the measure list): each fits its page at 1280 px without scrolling."""
    from networks.models import User
    from tests.browser.conftest import sign_in
    from tests.browser.demo import load_demo

    load_demo()
    sign_in(page, User.objects.get(email=email), live_server=live_server)
    too_wide = {}
    for url in urls:
        assert page.goto(url).status == 200, url
        if sticking_out := page.evaluate(WIDER_THAN_WINDOW) + page.evaluate(SCROLLING_TABLES):
            too_wide[url] = sticking_out
    assert too_wide == {}, "\n".join(f"{url}: {', '.join(out)}" for url, out in too_wide.items())


def test_an_empty_agenda_says_so_on_one_line(page, live_server, personas):
    import datetime

    from django.utils import timezone

    from events.models import Meeting
    from tests.browser.conftest import sign_in

    starts = timezone.now() + datetime.timedelta(days=7)
    meeting = Meeting.objects.create(
        network=personas.network, title="Ohne Tagesordnung", starts_at=starts,
        ends_at=starts + datetime.timedelta(hours=2), moderator=personas.service_provider,
        venue="Rathaus",
    )  # fmt: skip
    sign_in(page, personas.coordinator, live_server=live_server)
    for width in WIDTHS.values():
        page.set_viewport_size({"width": width, "height": 900})
        page.goto(meeting.get_absolute_url())
        empty = page.locator("#agenda li", has_text="Noch keine Tagesordnung.")
        line = page.evaluate("() => parseFloat(getComputedStyle(document.body).lineHeight)")
        assert empty.bounding_box()["height"] < 2 * line, width


# The chosen option's text set in the select's own font: [its width, the select's
# inner width, the select's height, one line's height, the select's right edge].
CHOSEN_TEXT = """
(select) => {
  const text = document.createElement("span");
  text.style.font = getComputedStyle(select).font;
  text.style.whiteSpace = "nowrap";
  text.textContent = select.selectedOptions[0].textContent;
  document.body.append(text);
  const width = text.getBoundingClientRect().width;
  text.remove();
  const box = select.getBoundingClientRect();
  return [width, select.clientWidth, box.height,
          parseFloat(getComputedStyle(document.body).lineHeight), box.right];
}
"""


def test_the_chosen_municipality_of_a_measure_is_not_cut_off(page, live_server, personas):
    """Issue 31, item 8: "Bad Lippspringe (Klimaschutz-Netzwerk Westfalen Weser 2,
    beendet: Korrektur)" was cut off in a select of 32rem at 1280 px, and on a phone."""
    from tests.browser.conftest import sign_in

    personas.network.name = "Klimaschutz-Netzwerk Westfalen Weser 2"
    personas.network.save()
    personas.municipality_a.name = "Bad Lippspringe"
    personas.municipality_a.save()
    sign_in(page, personas.coordinator, live_server=live_server)
    page.goto("/massnahmen/neu/")
    select = page.locator("#id_participation")
    select.select_option(label=f"Bad Lippspringe ({personas.network.name}, beendet: Korrektur)")
    text, room, _, _, _ = select.evaluate(CHOSEN_TEXT)
    assert text + 32 <= room  # the text beside the select's arrow
    page.set_viewport_size({"width": WIDTHS["phone"], "height": 900})
    text, room, height, line, right = select.evaluate(CHOSEN_TEXT)
    # Too long for one line on a phone: Chromium's styleable select wraps it.
    assert text > room
    assert height > 1.8 * line
    assert right <= WIDTHS["phone"]
