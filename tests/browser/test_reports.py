import hashlib
import io
import time
from contextlib import contextmanager

import pypdf
import pytest
from django.core import mail
from django.db import connection
from django_tasks_db.models import DBTaskResult

from networks.models import User
from reports.models import Report
from tests.browser.conftest import assert_accessible, screenshot, sign_in
from tests.browser.demo import load_demo
from tests.helpers import mails_in, needs_pango, run_tasks, worker_process

pytestmark = pytest.mark.django_db(transaction=True)
WW1 = "klimaschutz-netzwerk-westfalen-weser-1"


def test_coordinator_previews_and_issues_the_final_report_and_the_funder_finds_it(
    page, live_server, tmp_path
):
    needs_pango()
    load_demo()
    # The demo's issued reports wait in the queue for their PDFs, ahead of any preview
    # (reports.tasks): a minute and more of WeasyPrint before the worker reaches the
    # preview this test watches. Their PDFs are not what it is about.
    waiting = DBTaskResult.objects.filter(task_path="reports.tasks.make_report_pdf", status="READY")
    assert waiting.delete()[0] > 0
    coordinator = User.objects.get(email="koordination@example.org")
    funder = User.objects.get(email="foerderung@example.org")
    brakel = User.objects.get(email="klima.brakel@example.org")
    sign_in(page, coordinator, live_server=live_server)

    # The coordinator writes the summary of the final report and sees it as it will read.
    page.goto(f"/netzwerke/{WW1}/berichte/")
    page.get_by_role("link", name="für den Schlussbericht schreiben").click()
    page.get_by_label("Zusammenfassung").fill("Zehn Kommunen, **drei** Jahre, ein Portal.")
    page.get_by_role("button", name="Entwurf speichern").click()
    page.get_by_text("Die Texte sind gespeichert.").wait_for()
    preview = page.locator(".written-preview")
    assert preview.locator("strong").inner_text() == "drei"
    assert_accessible(page)
    screenshot(page, "report-texts")

    # Before issuing a corrected version she asks the municipalities to confirm their
    # figures, and Brakel's climate manager confirms on their start page.
    page.goto(f"/netzwerke/{WW1}/berichte/")
    page.get_by_role("button", name="Kommunen um Bestätigung bitten").click()
    page.get_by_text("Die Kommunen sind um Bestätigung gebeten").wait_for()
    page.context.clear_cookies()
    sign_in(page, brakel, live_server=live_server)
    page.goto("/start/")
    card = page.locator("#confirm-heading + .card").filter(
        has=page.get_by_role("heading", name="Brakel: Schlussbericht", exact=False)
    )
    card.get_by_role("button", name="Zahlen bestätigen").click()
    page.get_by_text("Danke: die Zahlen von Brakel sind bestätigt.").wait_for()
    assert_accessible(page)
    screenshot(page, "confirm-figures")
    page.context.clear_cookies()
    sign_in(page, coordinator, live_server=live_server)

    # The reports page shows who confirmed and who is missing, and proposes the final
    # report over the whole term.
    page.goto(f"/netzwerke/{WW1}/berichte/")
    confirmed = page.get_by_role(
        "region", name="Schlussbericht 01.07.2022 – 30.06.2025", exact=False
    )
    assert (
        "Klimaschutzmanagement Brakel (Demo)"
        in confirmed.get_by_role("row", name="Brakel").inner_text()
    )
    assert "fehlt noch" in confirmed.get_by_role("row", name="Warburg").inner_text()
    form = page.locator("section", has=page.get_by_role("heading", name="Bericht ausstellen"))
    assert form.get_by_label("Art").input_value() == "final"
    assert form.get_by_label("Berichtszeitraum von").input_value() == "2022-07-01"
    assert form.get_by_label("Berichtszeitraum bis").input_value() == "2025-06-30"
    assert_accessible(page)
    form.get_by_label("Bemerkungen der Koordination").fill("Mit den Nachmeldungen aus Brakel.")
    # The draft has no results in words: she leaves them out on purpose and says why.
    form.get_by_label("„Ergebnisse“ bewusst leer lassen").check()
    form.get_by_label("Grund für „Ergebnisse“").fill("Die Zahlen sprechen für sich.")
    # The page names who will be mailed.
    recipients = form.locator(".recipients").inner_text()
    assert f"{funder.get_full_name()} ({funder.email})" in recipients
    screenshot(page, "report-issue-form")

    # The preview opens in a tab of its own (the form keeps what she typed); the worker
    # makes the PDF as it would be issued, and nothing is issued yet.
    with page.expect_popup() as opened:
        form.get_by_role("button", name="Vorschau (PDF)").click()
    preview = opened.value
    preview.get_by_role("heading", name="Vorschau des Berichts").wait_for()
    assert "Die Vorschau ist in Auftrag gegeben" in preview.locator("#preview-state").inner_text()
    assert_accessible(preview)
    screenshot(preview, "report-preview-queued")
    with background_worker(preview, tmp_path) as sent_before:
        link = preview.get_by_role("link", name="Vorschau öffnen (PDF)")
        # htmx asks every two seconds.
        link.wait_for(timeout=60_000)
    pdfs = keep_pdfs(preview)
    link.click()
    preview.wait_for_url("**/vorschau.pdf")
    text = pdf_text(pdfs[-1])
    assert "VORSCHAU – NICHT AUSGESTELLT" in text
    assert "Mit den Nachmeldungen aus Brakel." in text
    assert "Zehn Kommunen, drei Jahre, ein Portal." in text
    assert Report.objects.filter(network__slug=WW1, kind="final").count() == 2
    preview.close()

    # Issuing makes version 3 and tells the funder; the worker makes its PDF while the
    # coordinator watches the page.
    # The button asks first, naming the funder again.
    page.get_by_role("button", name="Bericht ausstellen").click()
    dialog = page.get_by_role("dialog", name="Bericht ausstellen?")
    assert funder.email in dialog.inner_text()
    assert_accessible(page)
    screenshot(page, "report-issue-confirm")
    dialog.get_by_role("button", name="Ja, ausstellen und benachrichtigen").click()
    page.get_by_text("Schlussbericht ist ausgestellt").wait_for()
    report = Report.objects.get(network__slug=WW1, kind="final", version=3)
    assert page.url.endswith(report.get_absolute_url())
    # The funder's notice waits for the worker, as the PDF does.
    assert DBTaskResult.objects.filter(task_path="lib.mail.send_mails", status="READY")
    assert funder.email not in [to for to, _subject in sent_before()]
    state = page.locator("#pdf-state")
    assert "Das PDF ist in Auftrag gegeben" in state.inner_text()
    assert_accessible(page)
    screenshot(page, "report-queued")
    with background_worker(page, tmp_path) as sent:
        # htmx asks every two seconds; the link appears without reloading the page.
        state.get_by_role("link", name="PDF öffnen").wait_for(timeout=60_000)
        wait_for(lambda: any(to == funder.email for to, _subject in sent()))
    (subject,) = [subject for to, subject in sent() if to == funder.email]
    assert subject.startswith("Schlussbericht ausgestellt")
    assert brakel.email in [to for to, _subject in sent()]  # asked to confirm
    report.refresh_from_db()
    notice = page.locator("#confirmed-heading + .notice")
    assert "Ausgestellt ohne Bestätigung von" in notice.inner_text()
    assert "Brakel" not in notice.inner_text()
    assert report.pdf_sha256 in state.inner_text()
    assert_accessible(page)
    screenshot(page, "report-issued")

    # The funder finds it on the start page and opens its PDF.
    page.context.clear_cookies()
    sign_in(page, funder, live_server=live_server)
    page.goto("/start/")
    card = page.locator(".network-list > li").filter(
        has=page.get_by_role("heading", name="Klimaschutz-Netzwerk Westfalen Weser 1", exact=True)
    )
    link = card.get_by_role("link", name="Schlussbericht 01.07.2022 – 30.06.2025").first
    assert link.get_attribute("href") == report.get_absolute_url()
    assert "(Fassung 3)" in card.inner_text()
    assert_accessible(page)
    screenshot(page, "funder-start")
    link.click()
    page.get_by_role("heading", name="Schlussbericht · Fassung 3").wait_for()
    pdfs = keep_pdfs(page)
    page.get_by_role("link", name="PDF öffnen").click()
    page.wait_for_url("**/bericht.pdf?abruf=*")
    # Exactly the bytes issued, as the hash on the report page says.
    assert hashlib.sha256(pdfs[-1]).hexdigest() == report.pdf_sha256
    assert report.pdf.open("rb").read() == pdfs[-1]
    assert "Mit den Nachmeldungen aus Brakel." in pdf_text(pdfs[-1])
    assert (
        "Dieser Abschnitt wurde bewusst leer gelassen: Die Zahlen sprechen für sich."
        in " ".join(pdf_text(pdfs[-1]).split())
    )
    page.go_back()
    page.reload()
    assert page.get_by_text(report.pdf_sha256).is_visible()
    assert_accessible(page)

    # The coordinator sees the funder's download in the report's records.
    page.context.clear_cookies()
    sign_in(page, coordinator, live_server=live_server)
    page.goto(report.get_absolute_url())
    downloads = page.get_by_role("region", name="Abrufe des PDF")
    row = downloads.get_by_role("row").filter(has_text=funder.name)
    assert row.count() == 1
    assert report.pdf_sha256 in row.inner_text()
    assert_accessible(page)
    screenshot(page, "report-downloads")


@contextmanager
def background_worker(page, mail_dir):
    """The worker process beside the live server; yields a function that returns the
    mails it sent. On SQLite, whose test database lives in this process's memory, the
    worker's loop runs here while the page is away (its polling would meet SQLite's
    table locks), and the page comes back as on a reload."""
    if connection.vendor == "postgresql":
        with worker_process(mail_dir):
            yield lambda: [(m["To"], str(m["Subject"])) for m in mails_in(mail_dir)]
    else:
        url = page.url
        page.goto("about:blank")
        run_tasks()
        page.goto(url)
        yield lambda: [(message.to[0], message.subject) for message in mail.outbox]


def wait_for(condition, timeout: float = 30) -> None:
    """Wait until `condition()` is true (the worker process works at its own pace)."""
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "the worker did not get there in time"
        time.sleep(0.2)


def keep_pdfs(page) -> list[bytes]:
    """The PDFs the browser loads from here on, as the server sent them (Chromium shows
    them in its viewer, where the page cannot read them)."""
    bodies: list[bytes] = []

    def handle(route):
        response = route.fetch()
        if response.headers.get("content-type") == "application/pdf":
            bodies.append(response.body())
        route.fulfill(response=response)

    page.route("**/*.pdf*", handle)
    return bodies


def pdf_text(content: bytes) -> str:
    return " ".join(page.extract_text() for page in pypdf.PdfReader(io.BytesIO(content)).pages)


def test_the_report_period_follows_the_kind_until_it_is_typed(page, live_server):
    load_demo()
    sign_in(page, User.objects.get(email="koordination@example.org"), live_server=live_server)
    page.goto(f"/netzwerke/{WW1}/berichte/")
    form = page.locator("section", has=page.get_by_role("heading", name="Bericht ausstellen"))
    kind = form.get_by_label("Art:", exact=True)
    start, end = (
        form.get_by_label("Berichtszeitraum von:", exact=True),
        form.get_by_label("Berichtszeitraum bis:", exact=True),
    )
    assert (kind.input_value(), start.input_value(), end.input_value()) == (
        "final", "2022-07-01", "2025-06-30",
    )  # fmt: skip
    kind.select_option("interim")  # the last network year, not the whole term
    assert (start.input_value(), end.input_value()) == ("2024-07-01", "2025-06-30")
    start.fill("2024-01-01")  # typed by hand: a change of kind keeps it
    kind.select_option("final")
    assert start.input_value() == "2024-01-01"


def test_the_coordinator_comments_on_a_rule_of_the_annex_and_sees_it_as_printed(page, live_server):
    load_demo()
    sign_in(page, User.objects.get(email="koordination@example.org"), live_server=live_server)
    page.goto(f"/netzwerke/{WW1}/berichte/texte/final/")
    rules = page.get_by_role("group", name="Anmerkungen zur automatischen Prüfung", exact=False)
    field = rules.get_by_label("Anmerkung zu: Mindestens alle drei Monate ein Netzwerktreffen.")
    field.fill("Das Treffen im Frühjahr 2025 ging in der Abschlussveranstaltung auf.")
    page.get_by_role("button", name="Entwurf speichern").click()
    page.get_by_text("Die Texte sind gespeichert.").wait_for()
    annex = page.locator(".compliance-preview")
    row = annex.get_by_role("row", name="Mindestens alle drei Monate", exact=False)
    assert "verfehlt" in row.inner_text()
    assert (
        "Anmerkung des Netzwerkträgers: Das Treffen im Frühjahr 2025 ging in der "
        "Abschlussveranstaltung auf." in " ".join(row.inner_text().split())
    )
    assert_accessible(page)
    screenshot(page, "report-texts-annex")
    page.set_viewport_size({"width": 390, "height": 844})
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    screenshot(page, "report-texts-annex-390")
