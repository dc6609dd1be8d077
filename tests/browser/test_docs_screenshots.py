"""The role guides' screenshots (docs/screenshots/, ignored by git), taken from the demo
data by the people who use each page, at 1280 px and, for the pages a climate manager
opens on the way, on a phone (390 px). The guides show them as images; the
documentation's hook (docs/hooks/screenshots.py) notes a missing one, and CI's second
build after the tests (DOCS_SCREENSHOTS=required) fails on one. `make docs-screenshots`
takes them anew.

A screenshot shows the window's top (what one sees on opening the page), not the whole
page: the guides explain the rest in words."""

from pathlib import Path

import pytest
from django.urls import reverse

from networks.models import Participation, User
from tests.browser.conftest import sign_in
from tests.browser.demo import load_demo

pytestmark = pytest.mark.django_db(transaction=True)

SCREENSHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"
NETWORK = "klimaschutz-netzwerk-westfalen-weser-1"
PHONE = 390
DESKTOP = 1280


def climate_manager_of_a_running_network() -> User:
    """The first climate manager of the demo who may log measures today."""
    managers = User.objects.filter(email__startswith="klima.").order_by("email")
    return next(u for u in managers if Participation.objects.open_for_new_measures_by(u).exists())


def shots() -> dict[str, list[tuple[str, str, int]]]:
    """Per person (an e-mail address of the demo, or a callable finding one): the
    screenshot's name, the page and the window's width."""
    network = (NETWORK,)
    return {
        "koordination@example.org": [
            ("koordination-start", reverse("start"), DESKTOP),
            ("koordination-netzwerk", reverse("network", args=network), DESKTOP),
            ("koordination-gewinnung", reverse("recruitment", args=network), DESKTOP),
            ("koordination-massnahmen", reverse("measure_list") + "?kommune=", DESKTOP),
            ("koordination-treffen", reverse("meeting_list"), DESKTOP),
            ("koordination-berichte", reverse("report_list", args=network), DESKTOP),
        ],
        climate_manager_of_a_running_network: [
            ("klimaschutzmanagement-start", reverse("start"), DESKTOP),
            ("klimaschutzmanagement-start-telefon", reverse("start"), PHONE),
            ("klimaschutzmanagement-massnahmen", reverse("measure_list"), DESKTOP),
            ("klimaschutzmanagement-massnahmen-telefon", reverse("measure_list"), PHONE),
            ("klimaschutzmanagement-massnahme-erfassen", reverse("measure_new"), DESKTOP),
            ("klimaschutzmanagement-massnahme-erfassen-telefon", reverse("measure_new"), PHONE),
            ("klimaschutzmanagement-treffen", reverse("meeting_list"), DESKTOP),
        ],
        "moderation@example.org": [
            ("dienstleister-treffen", reverse("meeting_list"), DESKTOP),
        ],
        "foerderung@example.org": [
            ("foerdermittelgeber-start", reverse("start"), DESKTOP),
            ("foerdermittelgeber-berichte", reverse("report_list", args=network), DESKTOP),
        ],
        "finanzen@example.org": [
            ("finanzen-uebersicht", reverse("finances", args=network), DESKTOP),
            ("finanzen-belege", reverse("receipts", args=network), DESKTOP),
        ],
    }


def test_the_guides_screenshots_are_taken_from_the_demo(page, live_server):
    load_demo()
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    taken = []
    for person, pages in shots().items():
        user = person() if callable(person) else User.objects.get(email=person)
        page.context.clear_cookies()
        sign_in(page, user, live_server=live_server)
        for name, url, width in pages:
            page.set_viewport_size({"width": width, "height": 900 if width == DESKTOP else 844})
            answer = page.goto(url)
            assert answer.status == 200, (name, url)
            path = SCREENSHOTS / f"{name}.png"
            page.screenshot(path=str(path))
            taken.append(path.name)
    # Every screenshot a guide shows was taken here.
    assert sorted(guide_images() - set(taken)) == []


def guide_images() -> set[str]:
    """The screenshots the role guides show (their file names)."""
    guides = Path(__file__).resolve().parents[2] / "docs" / "rollen"
    names = set()
    for guide in guides.glob("*.md"):
        for line in guide.read_text(encoding="utf-8").splitlines():
            if "](../screenshots/" in line:
                names.add(line.split("](../screenshots/", 1)[1].split(")", 1)[0])
    return names
