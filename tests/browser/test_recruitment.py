import datetime

import pytest
from django.utils import timezone

from networks.models import Participation, User
from tests.browser.conftest import assert_accessible, screenshot, sign_in
from tests.browser.demo import load_demo

pytestmark = pytest.mark.django_db(transaction=True)

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << >>\n%%EOF\n"


def test_coordinator_records_a_written_confirmation_and_takes_it_in(page, live_server):
    load_demo()
    sign_in(page, User.objects.get(email="koordination@example.org"), live_server=live_server)
    page.goto("/netzwerke/klimaschutz-netzwerk-westfalen-weser-3/")
    page.get_by_role("link", name="Gewinnung von Kommunen").click()
    assert page.get_by_role("heading", level=1).inner_text() == "Gewinnung von Kommunen"
    checklist = page.locator("section", has=page.get_by_role("heading", name="Checkliste"))
    assert "14 schriftliche Zusagen, 2 interessiert." in checklist.inner_text()
    assert_accessible(page)
    screenshot(page, "recruitment")
    interested = page.locator("section", has=page.get_by_role("heading", name="Interessiert (2)"))
    interested.get_by_role("link", name="Bearbeiten Lichtenau").click()
    page.get_by_label("Stand").select_option(label="schriftlich zugesagt")
    # Saved without the letter, the confirmation is refused with the reason.
    page.get_by_role("button", name="Speichern").click()
    assert "bitte die Absichtserklärung hochladen" in page.locator("main").inner_text()
    answered = timezone.localdate() - datetime.timedelta(days=1)
    page.get_by_label("Schriftliche Antwort vom").fill(answered.isoformat())
    page.get_by_label("Einsparziel Endenergie (MWh/a)").fill("420,5")
    page.get_by_label("Schreiben hochladen").set_input_files(
        {"name": "Absichtserklärung Lichtenau.pdf", "mimeType": "application/pdf", "buffer": PDF}
    )
    assert_accessible(page)
    page.get_by_role("button", name="Speichern").click()
    page.get_by_text("Die Gewinnung von Lichtenau ist gespeichert.").wait_for()
    assert "1 Zusage ist noch nicht übernommen." in checklist.inner_text()
    page.get_by_role("button", name="1 Zusage als Teilnehmende übernehmen").click()
    # Irreversible: the page asks first.
    assert "1 Kommune wird Teilnehmerin des Netzwerks" in page.locator("main").inner_text()
    page.get_by_role("button", name="Ja, übernehmen").click()
    page.get_by_text("1 Kommune nimmt jetzt am Netzwerk teil.").wait_for()
    assert "Alle übernommen." in checklist.inner_text()
    lichtenau = Participation.objects.get(
        network__slug="klimaschutz-netzwerk-westfalen-weser-3", municipality__slug="lichtenau"
    )
    assert str(lichtenau.target_energy_mwh) == "420.500"
    screenshot(page, "recruitment-taken-in")


def test_the_funder_sees_the_programme_rules_with_a_gap_named(page, live_server):
    load_demo()
    sign_in(page, User.objects.get(email="foerderung@example.org"), live_server=live_server)
    page.goto("/netzwerke/klimaschutz-netzwerk-westfalen-weser-2/")
    page.get_by_role("link", name="Förderregeln").click()
    assert page.get_by_role("heading", level=1).inner_text() == "Förderregeln auf einen Blick"
    rhythm = page.locator(".rule-list > li", has_text="Mindestens alle drei Monate")
    assert "verfehlt" in rhythm.inner_text()
    gaps = rhythm.locator("ul li")
    assert gaps.count() >= 1 and "Tage ohne Treffen" in gaps.first.inner_text()
    final = page.locator(".rule-list > li", has_text="Schlussbericht")
    assert "erfüllt" in final.inner_text()
    assert_accessible(page)
    screenshot(page, "compliance")
    # The evidence is one click away: the gap leads to the network's meetings.
    rhythm.get_by_role("link").click()
    page.wait_for_url("**/treffen/")
    assert "Treffen" in page.get_by_role("heading", level=1).inner_text()
