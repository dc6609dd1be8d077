import datetime
import io

import pytest
from django.utils import timezone
from openpyxl import load_workbook
from playwright.sync_api import expect

from measures.models import Measure
from measures.services import change_status
from networks.models import Network, User
from tests.browser.conftest import assert_accessible, screenshot, sign_in
from tests.browser.demo import load_demo

pytestmark = pytest.mark.django_db(transaction=True)
WW2 = "Klimaschutz-Netzwerk Westfalen Weser 2"


@pytest.fixture
def climate_manager(page, live_server):
    load_demo()
    # The demo's WW2 ended in June 2025, and climate managers change measures only
    # while their network runs (tests/measures/test_term_rules.py): these tests work
    # with its measures as during its term.
    Network.objects.filter(name=WW2).update(
        term_end=timezone.localdate() + datetime.timedelta(days=365)
    )
    user = User.objects.get(email="klima.altenbeken@example.org")
    sign_in(page, user, live_server=live_server)
    return user


def test_climate_manager_logs_a_measure_and_sees_the_co2_figure(page, climate_manager):
    """A fuel switch: the oil boiler of the community centre makes way for a heat pump."""
    page.goto("/massnahmen/")
    page.get_by_role("link", name="Maßnahme erfassen").click()
    form = page.locator("form.measure-form")
    form.get_by_label("Kommune im Netzwerk").select_option(label=f"Altenbeken ({WW2})")
    form.get_by_label("Themenschwerpunkt").select_option(
        label="Umweltfreundliche Energieversorgung"
    )
    form.get_by_label("Titel").fill("Wärmepumpe im Bürgerhaus")
    form.get_by_label("geplanter Abschluss").fill("2024-10-31")
    form.get_by_label("Energieträger (Zeile 1)").select_option(label="Heizöl")
    form.get_by_label("kWh/a (Zeile 1)").fill("100.000")
    form.get_by_label("Energieträger (Zeile 2)").select_option(label="Strom (Netzbezug)")
    form.get_by_label("Wirkung (Zeile 2)").select_option(label="zusätzlich bezogen")
    form.get_by_label("kWh/a (Zeile 2)").fill("30.000")
    form.get_by_label("Nutzungsdauer (Jahre)").fill("20")
    preview = page.locator("#co2-preview")
    # BAFA: 100,000 × 0.266 − 30,000 × 0.380 (UBA 2023) = 26,600 − 11,400 kg.
    preview.get_by_text("15,200 t CO₂/a netto").wait_for()
    assert "Heizöl eingespart: 100.000 kWh/a × 0,266 kg CO₂/kWh" in preview.inner_text()
    assert "Strom (Netzbezug) zusätzlich bezogen: 30.000 kWh/a × 0,38 kg CO₂/kWh" in (
        preview.inner_text()
    )
    assert_accessible(page)
    screenshot(page, "measure-form")
    form.get_by_role("button", name="Speichern").click()
    page.get_by_text("Die Maßnahme ist gespeichert.").wait_for()
    assert page.get_by_role("heading", level=1).inner_text() == "Wärmepumpe im Bürgerhaus"
    main = page.locator("main").inner_text()
    assert "15,200 t CO₂/a" in main
    assert "70.000 kWh/a" in main  # net final energy
    assert "304,0 t CO₂ über die Nutzungsdauer" in main
    # BISKO/GEMIS has no electricity factor in the catalogue: no figure to compare.
    assert "nicht für alle Energieträger ein Faktor" in main
    screenshot(page, "measure-fuel-switch")
    measure = Measure.objects.get(title="Wärmepumpe im Bürgerhaus")
    assert str(measure.co2_savings_t) == "15.200"
    assert measure.history.get().history_user == climate_manager


def test_climate_manager_updates_status_and_progress_without_reloading(page, climate_manager):
    measure = Measure.objects.filter(
        participation__municipality__slug="altenbeken", status=Measure.Status.PLANNED
    ).first()
    page.goto(f"/massnahmen/{measure.pk}/")
    page.locator("#status").get_by_label("Status").select_option(label="in Umsetzung")
    page.get_by_role("button", name="Status ändern").click()
    page.locator("#status .badge").get_by_text("in Umsetzung").wait_for()
    notes = page.locator("#notes")
    notes.get_by_label("Notiz").fill("Auftrag an die Elektrofirma vergeben.")
    notes.get_by_role("button", name="Notiz hinzufügen").click()
    notes.get_by_text("Auftrag an die Elektrofirma vergeben.").wait_for()
    measure.refresh_from_db()
    assert measure.status == Measure.Status.IN_PROGRESS
    assert measure.notes.first().text == "Auftrag an die Elektrofirma vergeben."
    page.reload()
    history = page.locator("#history").inner_text()
    assert "Status: geplant → in Umsetzung" in history
    assert_accessible(page)
    screenshot(page, "measure-detail")


def test_climate_manager_filters_the_list_and_exports_xlsx(page, climate_manager):
    page.goto("/massnahmen/")
    # The list starts with the climate manager's own municipality; one click shows all.
    own = climate_manager.memberships.get().municipality
    assert page.get_by_label("Kommune:", exact=True).input_value() == f"{own.name} ({own.ags})"
    assert_accessible(page)
    screenshot(page, "measure-list")
    page.get_by_role("link", name="alle Kommunen anzeigen").click()
    page.wait_for_url("**kommune=")
    assert page.get_by_label("Kommune:", exact=True).input_value() == ""
    page.get_by_label("Netzwerk:", exact=True).select_option(label=WW2)
    page.wait_for_url("**netzwerk=klimaschutz-netzwerk-westfalen-weser-2**")
    page.get_by_label("Status:", exact=True).select_option(label="abgeschlossen")
    page.wait_for_url("**status=completed**")
    expected = Measure.objects.filter(
        participation__network__name=WW2, status=Measure.Status.COMPLETED
    )
    rows = page.locator("#results tbody tr")
    assert rows.count() == expected.count()
    assert page.locator(".result-count").inner_text() == f"{expected.count()} Maßnahmen"
    shown = sorted(rows.locator("th a").all_inner_texts())  # the title, not the focus area
    assert shown == sorted(expected.values_list("title", flat=True))
    # The filtered view is a URL of its own: reloading shows the same rows.
    page.reload()
    assert page.locator("#results tbody tr").count() == expected.count()
    # A municipality is typed with suggestions (htmx), not picked from hundreds.
    municipality = page.get_by_label("Kommune:", exact=True)
    municipality.press_sequentially("Borch")
    suggestion = page.locator("#id_kommune-vorschlaege option").first
    suggestion.wait_for(state="attached")
    municipality.fill(suggestion.get_attribute("value"))
    municipality.press("Enter")
    page.wait_for_url("**kommune=Borchen**")
    borchen = expected.filter(participation__municipality__name="Borchen")
    assert borchen.count() > 0
    # The address may change before htmx has swapped the rows: wait for them (a loaded
    # CI machine read the rows of before once).
    expect(page.locator("#results tbody tr")).to_have_count(borchen.count())
    page.get_by_label("Kommune:", exact=True).fill("")
    page.get_by_label("Kommune:", exact=True).press("Enter")
    page.wait_for_url("**kommune=&**")
    expect(page.locator("#results tbody tr")).to_have_count(expected.count())
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Als Excel (XLSX) exportieren").click()
    download = download_info.value
    with open(download.path(), "rb") as file:  # a temporary name without ".xlsx"
        workbook = load_workbook(io.BytesIO(file.read()))
    sheet = workbook.active
    header = [cell.value for cell in sheet[1]]
    titles = [row[header.index("Titel")] for row in sheet.iter_rows(min_row=2, values_only=True)]
    assert sorted(titles) == shown
    assert_accessible(page)
    screenshot(page, "measure-list-filtered")


def test_quick_status_change_in_the_list(page, climate_manager):
    measure = Measure.objects.filter(
        participation__municipality__slug="altenbeken", status=Measure.Status.PLANNED
    ).first()
    page.goto(f"/massnahmen/?q={measure.title.split()[0]}&kommune=altenbeken")
    row = page.locator(f"#measure-{measure.pk}")
    row.get_by_label(f"Status von „{measure.title}“").select_option(label="zurückgestellt")
    with page.expect_response(lambda response: "/status/" in response.url):
        row.get_by_role("button", name="Ändern").click()
    page.wait_for_function(
        f"() => document.querySelector('#measure-{measure.pk} option[selected]').value"
        " == 'postponed'"
    )
    assert page.url.endswith("&kommune=altenbeken")  # the row was swapped, no page load
    measure.refresh_from_db()
    assert measure.status == Measure.Status.POSTPONED


def test_a_stale_edit_is_refused_and_shows_what_changed(page, climate_manager, live_server):
    measure = Measure.objects.filter(
        participation__municipality__slug="altenbeken", status=Measure.Status.PLANNED
    ).first()
    page.goto(f"/massnahmen/{measure.pk}/bearbeiten/")
    coordinator = User.objects.get(email="koordination@example.org")
    change_status(measure=measure, user=coordinator, status=Measure.Status.IN_PROGRESS)
    page.get_by_label("Verantwortlich").fill("Bauamt Altenbeken")
    page.get_by_role("button", name="Speichern").click()
    alert = page.locator(".conflict")
    alert.wait_for()
    assert "hat die Maßnahme inzwischen geändert" in alert.inner_text()
    assert "Status: geplant → in Umsetzung" in alert.inner_text()
    measure.refresh_from_db()
    assert (measure.status, measure.responsible) == (
        "in_progress",
        "Klimaschutzmanagement Altenbeken",
    )
    assert_accessible(page)
    screenshot(page, "measure-conflict")
    page.get_by_role("button", name="Speichern").click()
    page.get_by_text("Die Maßnahme ist gespeichert.").wait_for()
    measure.refresh_from_db()
    assert (measure.status, measure.responsible) == ("in_progress", "Bauamt Altenbeken")


def test_import_page_and_preview_are_accessible(page, climate_manager, tmp_path):
    page.goto("/massnahmen/import/")
    assert_accessible(page)
    screenshot(page, "measure-import")
    csv = tmp_path / "massnahmen.csv"
    csv.write_text(
        "Kommune;Themenschwerpunkt;Titel;Status;Investition (EUR);Fördermittel (EUR)\r\n"
        "Altenbeken;Innovative Beleuchtung;LED im Rathaus;geplant;10.000;2.000\r\n"
        "Borchen;Innovative Beleuchtung;Fremde Kommune;geplant;1.000;\r\n"
        "Altenbeken;Unbekannt;Falscher Schwerpunkt;geplant;1.000;5.000\r\n",
        encoding="utf-8-sig",
    )
    page.get_by_label("Netzwerk").select_option(label=WW2)
    page.get_by_label("Datei:", exact=True).set_input_files(str(csv))
    page.get_by_role("button", name="Datei prüfen").click()
    page.get_by_role("heading", name="Import prüfen").wait_for()
    assert "2 Zeilen haben Fehler" in page.locator("main").inner_text()
    assert page.get_by_role("button", name="importieren").count() == 0
    assert_accessible(page)
    screenshot(page, "measure-import-preview")
