"""Where the demo's tables are widest, and two layouts that once broke: the widths
beyond the walk of every page (tests/browser/test_every_page.py)."""

import pytest

from tests.browser.walk import SCROLLING_TABLES, WIDER_THAN_WINDOW, WIDTHS

pytestmark = pytest.mark.django_db(transaction=True)

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
