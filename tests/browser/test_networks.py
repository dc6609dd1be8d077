import pytest

from networks.models import User
from tests.browser.conftest import assert_accessible, screenshot, sign_in
from tests.browser.demo import load_demo

pytestmark = pytest.mark.django_db(transaction=True)


def test_coordinator_opens_a_network_page_from_the_start_page(page, live_server):
    load_demo()
    sign_in(page, User.objects.get(email="koordination@example.org"), live_server=live_server)
    page.goto("/start/")
    assert_accessible(page)
    screenshot(page, "start-coordinator")
    page.get_by_role("link", name="Klimaschutz-Netzwerk Westfalen Weser 2", exact=True).click()
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
    load_demo()
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
    load_demo()
    sign_in(page, User.objects.get(email="klima.borchen@example.org"), live_server=live_server)
    page.goto("/netzwerke/klimaschutz-netzwerk-westfalen-weser-2/")
    page.get_by_role("link", name="Bad Lippspringe").click()
    assert page.get_by_role("heading", level=1).inner_text() == "Bad Lippspringe"
    assert page.get_by_role("heading", name="Maßnahmen", exact=True).is_visible()
    assert_accessible(page)
    screenshot(page, "participant")


def test_coordinator_adds_a_municipality_and_sets_its_target(page, live_server):
    load_demo()
    sign_in(page, User.objects.get(email="koordination@example.org"), live_server=live_server)
    page.goto("/netzwerke/klimaschutz-netzwerk-westfalen-weser-3/")
    page.get_by_text("Kommune hinzufügen").click()
    # Suggestions as she types (htmx fills the box's datalist), no list of every town.
    municipality = page.get_by_label("Kommune:", exact=True)
    municipality.press_sequentially("Lichten")
    suggestion = page.locator("#id_municipality-vorschlaege option")
    suggestion.first.wait_for(state="attached")
    assert suggestion.first.get_attribute("value").startswith("Lichtenau (05774")
    municipality.fill(suggestion.first.get_attribute("value"))
    page.get_by_label("Einsparziel Endenergie (MWh/a)").fill("1.250,5")
    page.get_by_role("button", name="Hinzufügen").click()
    section = page.locator("#participants")
    section.get_by_text("Lichtenau nimmt jetzt am Netzwerk teil.").wait_for()
    row = section.locator("tr", has=page.get_by_role("link", name="Lichtenau", exact=True))
    assert "1.250,5" in row.inner_text()
    # Edit the target inline (htmx), then the row shows the new figure.
    row.get_by_role("link", name="Bearbeiten").click()
    editing = page.locator("form.inline-form")
    editing.get_by_label("Einsparziel Treibhausgase (t/a)").fill("312,5")
    editing.get_by_role("button", name="Speichern").click()
    section.get_by_text("Die Angaben zu Lichtenau sind gespeichert.").wait_for()
    row = section.locator("tr", has=page.get_by_role("link", name="Lichtenau", exact=True))
    assert "312,5" in row.inner_text()
    assert_accessible(page)
    screenshot(page, "network-edit")


def test_coordinator_founds_a_successor_network(page, live_server):
    load_demo()
    sign_in(page, User.objects.get(email="koordination@example.org"), live_server=live_server)
    page.goto("/netzwerke/klimaschutz-netzwerk-westfalen-weser-2/")
    page.get_by_role("link", name="Nachfolgenetzwerk gründen").click()
    assert_accessible(page)
    page.get_by_label("Name:", exact=True).fill("Klimaschutz-Netzwerk Westfalen Weser 4")
    page.get_by_label("Kurzname (URL)").fill("klimaschutz-netzwerk-westfalen-weser-4")
    page.get_by_label("Laufzeit von").fill("2027-07-01")
    page.get_by_label("Laufzeit bis").fill("2030-06-30")
    page.get_by_label("Büren").uncheck()
    screenshot(page, "successor-form")
    page.get_by_role("button", name="Gründen").click()
    page.wait_for_url("**/klimaschutz-netzwerk-westfalen-weser-4/")
    main = page.locator("main").inner_text()
    assert "Das Nachfolgenetzwerk „Klimaschutz-Netzwerk Westfalen Weser 4“ ist gegründet." in main
    assert "Gewinnungsphase" in main
    participants = page.locator("#participants tbody tr")
    assert participants.count() == 9
    assert "Büren" not in page.locator("#participants").inner_text()


def test_network_edit_page_is_accessible(page, live_server):
    load_demo()
    sign_in(page, User.objects.get(email="koordination@example.org"), live_server=live_server)
    page.goto("/netzwerke/klimaschutz-netzwerk-westfalen-weser-3/")
    page.get_by_role("link", name="Netzwerk bearbeiten").click()
    page.get_by_label("Förderkennzeichen").fill("67K20001")
    assert_accessible(page)
    screenshot(page, "network-settings")
    page.get_by_role("button", name="Speichern").click()
    assert "Das Netzwerk ist gespeichert." in page.locator("main").inner_text()
    assert "67K20001" in page.locator("main").inner_text()
