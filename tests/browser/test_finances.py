"""The finances overview in a browser: the coordinator of the running network sees the
checks' warnings and books a receipt with its files; the page passes axe-core."""

import pytest

from finances.models import Receipt
from networks.models import User
from tests.browser.conftest import assert_accessible, screenshot, sign_in
from tests.browser.demo import load_demo

pytestmark = pytest.mark.django_db(transaction=True)

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << >>\n%%EOF\n"


def test_the_coordinator_sees_the_warnings_and_books_the_missing_proof(page, live_server):
    load_demo()
    sign_in(page, User.objects.get(email="koordination.senne@example.org"), live_server=live_server)
    page.goto("/netzwerke/klimaschutz-netzwerk-senne/")
    page.get_by_role("link", name="Finanzen").click()
    findings = page.locator("section", has=page.get_by_role("heading", name="Prüfungen"))
    assert "Es fehlt der Zahlungsnachweis." in findings.inner_text()
    assert "über dem Plan" in findings.inner_text()
    assert_accessible(page)
    screenshot(page, "finances-overview")
    findings.get_by_role("link", name="Beleg 24").click()
    page.get_by_label("Zahlungsnachweis hochladen").set_input_files(
        {"name": "Kontoauszug.pdf", "mimeType": "application/pdf", "buffer": PDF}
    )
    assert_accessible(page)
    page.get_by_role("button", name="Speichern").click()
    page.get_by_text("Beleg 24 ist gespeichert.").wait_for()
    receipt = Receipt.objects.get(grant__network__slug="klimaschutz-netzwerk-senne", number=24)
    assert receipt.payment_proof_name == "Kontoauszug.pdf"
    page.goto("/netzwerke/klimaschutz-netzwerk-senne/finanzen/")
    assert "Es fehlt der Zahlungsnachweis." not in page.locator("main").inner_text()


def test_the_funder_downloads_the_belegliste_from_the_overview(page, live_server):
    load_demo()
    sign_in(page, User.objects.get(email="foerderung@example.org"), live_server=live_server)
    slug = "klimaschutz-netzwerk-westfalen-weser-1"
    page.goto(f"/netzwerke/{slug}/finanzen/")
    assert_accessible(page)
    screenshot(page, "finances-overview-funder")
    with page.expect_download() as download:
        page.get_by_role("link", name="Excel (XLSX)").click()
    assert download.value.suggested_filename.startswith(f"belegliste-{slug}-")
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"/netzwerke/{slug}/finanzen/belege/")
    assert_accessible(page)
    screenshot(page, "finances-receipts-390")
    with page.expect_download() as download:
        page.get_by_role("link", name="CSV").click()
    assert download.value.suggested_filename.endswith(".csv")
