"""The finances pages added with the proofs, in a browser: the proofs list and the
issuing form, the plan's versions, the receipt import and its preview, the overview's
deadlines and the compliance page's finance rules. Each loads for those who read it
at 1280 and 390 px and passes axe-core; the issuing form's comments and its
confirmation are reached with Tab and labelled. Two walks: issuing an interim proof
(an error blocks, a warning needs a comment, the proof is listed with its checksum)
and importing receipts (a bad row shown, the corrected file imported)."""

import datetime
import re
from decimal import Decimal

import pytest
from playwright.sync_api import expect

from finances.models import Proof, Receipt
from networks.models import User
from tests.browser.conftest import assert_accessible, screenshot, sign_in
from tests.browser.demo import load_demo
from tests.factories import BudgetLineFactory, GrantFactory, ReceiptFactory
from tests.helpers import needs_pango, with_totp

pytestmark = pytest.mark.django_db(transaction=True)

WW1 = "klimaschutz-netzwerk-westfalen-weser-1"
SENNE = "klimaschutz-netzwerk-senne"
WIDTHS = (1280, 390)


def look_at(page, url: str, name: str) -> None:
    """The page at both widths: it loads, passes axe-core, and is saved to look at."""
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 900})
        assert page.goto(url).status == 200, url
        assert_accessible(page)
        screenshot(page, f"{name}-{width}")


def signed_in_as(page, email: str, *, live_server) -> None:
    page.context.clear_cookies()
    sign_in(page, with_totp(User.objects.get(email=email)), live_server=live_server)


def test_the_new_finance_pages_load_and_pass_axe_for_whoever_reads_them(page, live_server):
    load_demo()
    finances = f"/netzwerke/{WW1}/finanzen"
    signed_in_as(page, "finanzen@example.org", live_server=live_server)
    look_at(page, f"{finances}/nachweise/", "proofs-finance")
    assert page.get_by_role("link", name="Verwendungsnachweis erstellen").is_visible()
    look_at(page, f"{finances}/nachweise/neu/verwendung/", "proof-new-finance")
    look_at(page, f"{finances}/plan/fassungen/", "plan-versions-finance")
    look_at(page, f"{finances}/plan/fassungen/2/", "plan-version-2-finance")
    assert page.locator(".plan-changed").count() > 0  # the change notice's amounts
    look_at(page, f"{finances}/belege/import/", "receipt-import-finance")
    look_at(page, f"{finances}/", "finances-overview-deadlines-finance")
    heading = page.get_by_role("heading", name="Fristen der Nachweise")
    deadlines = page.locator("section", has=heading)
    assert deadlines.get_by_role("listitem").count() == 4  # three interim proofs, the final one

    signed_in_as(page, "foerderung@example.org", live_server=live_server)
    look_at(page, f"{finances}/nachweise/", "proofs-funder")
    assert page.get_by_role("link", name="Verwendungsnachweis erstellen").count() == 0
    look_at(page, f"{finances}/plan/fassungen/", "plan-versions-funder")
    look_at(page, f"{finances}/plan/fassungen/1/", "plan-version-1-funder")
    look_at(page, f"/netzwerke/{WW1}/foerderregeln/", "compliance-funder")

    signed_in_as(page, "koordination@example.org", live_server=live_server)
    look_at(page, f"/netzwerke/{WW1}/foerderregeln/", "compliance-coordinator")
    assert "Alle Zahlungen liegen im Bewilligungszeitraum" in page.locator("main").inner_text()

    signed_in_as(page, "koordination.senne@example.org", live_server=live_server)
    look_at(page, f"/netzwerke/{SENNE}/finanzen/", "finances-overview-deadlines-senne")
    look_at(page, f"/netzwerke/{SENNE}/foerderregeln/", "compliance-senne")


# --- issuing an interim proof --------------------------------------------------------


@pytest.fixture
def grant_with_a_warning(personas):
    """The personas' network (01.07.2022 – 30.06.2025): its budget year 2022 has
    ended. Receipt 1 lacks its files (a warning); receipt 2 was paid before the
    approval period (an error) and lacks them too."""
    grant = GrantFactory(network=personas.network)
    line = BudgetLineFactory(grant=grant, name="Moderation")
    line.planned_amounts.create(year=2022, amount=Decimal(3000))
    ReceiptFactory(grant=grant, budget_line=line, number=1, payment_date=datetime.date(2022, 9, 1),
                   invoice_date=datetime.date(2022, 8, 20))  # fmt: skip
    ReceiptFactory(grant=grant, budget_line=line, number=2, payment_date=datetime.date(2022, 3, 1),
                   invoice_date=datetime.date(2022, 2, 20), party="Tagungshaus Paderborn",
                   net=Decimal(500), vat=Decimal(95), gross=Decimal(595))  # fmt: skip
    return grant


def tab_until(page, selector: str, *, limit: int = 60) -> list[str]:
    """Press Tab until the element matching `selector` has the focus; the ids of the
    form fields passed on the way."""
    passed = []
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate("(s) => document.activeElement.matches(s)", selector):
            return passed
        passed.append(page.evaluate("() => document.activeElement.id"))
    raise AssertionError(f"{selector} not reached with Tab; passed {passed}")


def test_the_finance_person_issues_an_interim_proof_once_the_error_is_corrected(
    page, live_server, personas, grant_with_a_warning
):
    needs_pango()
    slug = personas.network.slug
    sign_in(page, with_totp(personas.finance), live_server=live_server)
    page.goto(f"/netzwerke/{slug}/finanzen/nachweise/")
    page.get_by_role("link", name="Zwischennachweis 2022 erstellen").click()

    # The payment before the approval period blocks issuing: no form, the error named.
    alert = page.get_by_role("alert")
    assert "kann der Nachweis nicht ausgestellt werden" in alert.inner_text()
    assert "außerhalb des Bewilligungszeitraums" in alert.inner_text()
    assert page.get_by_role("button", name="Nachweis ausstellen").count() == 0
    assert_accessible(page)
    screenshot(page, "proof-new-error-1280")

    # The error's link leads to the receipt; its payment date corrected, it is a warning.
    alert.get_by_role("link", name="Beleg 2: Tagungshaus Paderborn").click()
    page.get_by_label("Zahlungsdatum").fill("2022-07-15")
    page.get_by_role("button", name="Speichern").click()
    page.get_by_text("Beleg 2 ist gespeichert.").wait_for()
    page.goto(f"/netzwerke/{slug}/finanzen/nachweise/neu/zwischen-2022/")
    comments = page.get_by_role("textbox", name="Kommentar der Koordination")
    expect(comments).to_have_count(2)
    assert_accessible(page)
    check_the_keyboard_reaches_the_comments_and_the_button(page, comments)

    # Sent without comments (and confirmed), the form says what is missing.
    confirm_in_the_dialog(page)
    missing = page.get_by_text("Bitte diesen Hinweis mit einem Kommentar bestätigen.", exact=True)
    expect(missing).to_have_count(2)
    assert not Proof.objects.exists()
    assert_accessible(page)
    screenshot(page, "proof-new-comments-missing-1280")
    page.set_viewport_size({"width": 390, "height": 844})
    screenshot(page, "proof-new-comments-missing-390")
    page.set_viewport_size({"width": 1280, "height": 900})

    comments.nth(0).fill("Rechnung liegt im Original in der Akte.")
    comments.nth(1).fill("Zahlungsnachweis liegt im Original in der Akte.")
    confirm_in_the_dialog(page)
    page.get_by_text("Zwischennachweis 2022 ist ausgestellt", exact=False).wait_for()
    proof = Proof.objects.get()
    assert page.url.endswith(f"/nachweise/#nachweis-{proof.pk}")
    row = page.locator(f"#nachweis-{proof.pk}")
    assert re.fullmatch(r"[0-9a-f]{64}", proof.pdf_sha256)
    assert row.locator("code.checksum").inner_text() == proof.pdf_sha256
    assert [c["comment"] for c in proof.confirmations] == [
        "Rechnung liegt im Original in der Akte.",
        "Zahlungsnachweis liegt im Original in der Akte.",
    ]
    look_at(page, page.url.split("#")[0], "proofs-issued")


def check_the_keyboard_reaches_the_comments_and_the_button(page, comments) -> None:
    """From the page's heading Tab passes each comment field, each with its label and
    the warning it answers as its description, then reaches the button."""
    page.locator("h1").click()
    passed = tab_until(page, "button[type=submit]")
    ids = [comments.nth(i).get_attribute("id") for i in range(comments.count())]
    assert all(field_id in passed for field_id in ids), (ids, passed)
    for i in range(comments.count()):
        expect(comments.nth(i)).to_have_accessible_description(
            re.compile(r"^Hinweis Beleg \d: [^:]+: Es fehlt")
        )
    expect(page.get_by_role("button", name="Nachweis ausstellen")).to_be_focused()


def confirm_in_the_dialog(page) -> None:
    """Send the form with the keyboard and confirm in the dialog it asks in: focus is
    on the confirming button, Tab goes to "Abbrechen" and back."""
    page.get_by_role("button", name="Nachweis ausstellen").focus()
    page.keyboard.press("Enter")
    dialog = page.get_by_role("dialog", name="Zwischennachweis 2022 ausstellen?")
    expect(dialog).to_be_visible()
    assert "Die Zahlen werden eingefroren" in dialog.inner_text()
    confirm = dialog.get_by_role("button", name="Ja, ausstellen")
    expect(confirm).to_be_focused()
    page.keyboard.press("Tab")
    expect(dialog.get_by_role("button", name="Abbrechen")).to_be_focused()
    page.keyboard.press("Shift+Tab")
    expect(confirm).to_be_focused()
    assert_accessible(page)
    page.keyboard.press("Enter")
    page.wait_for_load_state()


# --- importing receipts ---------------------------------------------------------------

HEADER = "Belegnummer;Zahlungsdatum;Rechnungsdatum;Empfänger*in / Einzahler*in;" \
         "Grund der Zahlung;Ausgabenposition / Einnahmequelle;netto (EUR);" \
         "Umsatzsteuer (EUR);brutto (EUR);zuwendungsfähig (EUR)"  # fmt: skip
GOOD = "5;15.03.2023;01.03.2023;Moderation GmbH;Netzwerktreffen;Moderation;1.000,00;190,00;;"
BAD = "6;31.02.2023;01.03.2023;Druckerei Höxter;Plakate;Moderation;500,00;95,00;;"
FIXED = "6;28.02.2023;01.02.2023;Druckerei Höxter;Plakate;Moderation;500,00;95,00;;"


def csv_file(*rows: str) -> dict:
    text = "\r\n".join([HEADER, *rows])
    return {"name": "belege.csv", "mimeType": "text/csv", "buffer": text.encode()}


def test_the_finance_person_imports_receipts_after_correcting_a_bad_row(
    page, live_server, personas
):
    grant = GrantFactory(network=personas.network)
    BudgetLineFactory(grant=grant, name="Moderation")
    slug = personas.network.slug
    sign_in(page, with_totp(personas.finance), live_server=live_server)
    page.goto(f"/netzwerke/{slug}/finanzen/belege/")
    page.get_by_role("link", name="Aus Tabelle importieren").click()
    page.get_by_label(re.compile(r"^Datei:?$")).set_input_files(csv_file(GOOD, BAD))
    page.get_by_role("button", name="Datei prüfen").click()

    # The bad row is marked with its error; nothing is imported.
    assert "1 Zeile hat Fehler" in page.get_by_role("alert").inner_text()
    bad_row = page.locator("tr.row-invalid")
    expect(bad_row).to_have_count(1)
    assert "Druckerei Höxter" in bad_row.inner_text()
    assert "Zahlungsdatum" in bad_row.locator(".errorlist").inner_text()
    assert not Receipt.objects.exists()
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 900})
        assert_accessible(page)
        screenshot(page, f"receipt-import-errors-{width}")
    page.set_viewport_size({"width": 1280, "height": 900})

    page.get_by_role("link", name="Berichtigte Datei hochladen").click()
    page.get_by_label(re.compile(r"^Datei:?$")).set_input_files(csv_file(GOOD, FIXED))
    page.get_by_role("button", name="Datei prüfen").click()
    page.get_by_text("Alle Zeilen sind in Ordnung.").wait_for()
    # The gross the file left empty is shown as the portal computed it from net and VAT.
    gross = page.locator("tbody tr").filter(has_text="Moderation GmbH").locator("td.num")
    expect(gross).to_have_text("1.190,00")
    assert_accessible(page)
    screenshot(page, "receipt-import-ready-1280")
    page.get_by_role("button", name="2 Belege importieren").click()
    page.get_by_text("2 Belege aus „belege.csv“ sind importiert.").wait_for()
    assert sorted(grant.receipts.values_list("number", "party")) == [
        (5, "Moderation GmbH"), (6, "Druckerei Höxter"),
    ]  # fmt: skip
    listed = page.locator("main table").inner_text()
    assert "Moderation GmbH" in listed and "Druckerei Höxter" in listed
    look_at(page, page.url, "receipts-imported")
