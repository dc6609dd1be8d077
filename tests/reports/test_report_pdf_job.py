"""An issued report's PDF is made by the background worker (reports.tasks), not in a
web request: issuing queues the job in the same transaction, the report page shows
its state (polled by htmx, reloadable without JavaScript), a failed job says so in
German and the coordination queues it again."""

import hashlib
import re

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django_tasks_db.models import DBTaskResult

from reports import issuing, jobs, rendering
from reports.jobs import PdfState, pdf_state
from reports.models import Report
from tests.factories import ReportFactory
from tests.helpers import needs_pango, run_tasks, with_totp

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("module_personas")]


def page_of(client, report, **headers) -> str:
    response = client.get(report.get_absolute_url(), **headers)
    assert response.status_code == 200
    return response.content.decode()


def test_issuing_queues_the_job_with_the_report(personas):
    report = ReportFactory(network=personas.network)
    job = DBTaskResult.objects.get()
    assert str(job.id) == report.pdf_task_id
    assert job.task_path == "reports.tasks.make_report_pdf"
    assert job.args_kwargs == {"args": [report.pk], "kwargs": {}}
    assert job.status == "READY"
    assert pdf_state(report) == PdfState.QUEUED
    assert not report.pdf and not report.pdf_sha256


def test_a_report_read_before_its_job_finished_shows_what_the_job_made(personas):
    """The page reads the report, then asks for the job's state; the worker may finish
    in between. Done means the PDF and its hash, never a link without them."""
    needs_pango()
    report = ReportFactory(network=personas.network)
    read_before = Report.objects.get(pk=report.pk)
    run_tasks()
    assert pdf_state(read_before) == PdfState.DONE
    assert read_before.pdf
    assert read_before.pdf_sha256 == Report.objects.get(pk=report.pk).pdf_sha256 != ""


def test_the_job_and_the_report_are_written_together_or_not_at_all(personas, monkeypatch):
    queue = jobs.queue_pdf

    def queue_then_fail(report):
        queue(report)
        raise RuntimeError("Verbindung verloren")

    monkeypatch.setattr(issuing, "queue_pdf", queue_then_fail)
    with pytest.raises(RuntimeError):
        ReportFactory(network=personas.network)
    assert not Report.objects.exists()
    assert not DBTaskResult.objects.exists()


def test_the_page_shows_the_job_until_the_pdf_is_made_then_the_pdf_and_its_hash(client, personas):
    needs_pango()
    report = ReportFactory(network=personas.network)
    client.force_login(personas.funder)
    html = page_of(client, report)
    assert "Das PDF ist in Auftrag gegeben und wird gleich erstellt." in html
    assert 'hx-trigger="every 2s"' in html  # htmx asks again …
    assert f'<a href="{report.get_absolute_url()}">Stand aktualisieren</a>' in html  # … or reload
    assert report.pdf_url() not in html
    # What htmx polls: the state alone, not the page.
    fragment = page_of(client, report, HTTP_HX_REQUEST="true")
    assert fragment.lstrip().startswith('<section id="pdf-state"')
    assert "Teilnehmende Kommunen" not in fragment

    assert run_tasks() == 1
    report.refresh_from_db()
    assert re.fullmatch("[0-9a-f]{64}", report.pdf_sha256)
    with report.pdf.open("rb") as file:
        assert hashlib.sha256(file.read()).hexdigest() == report.pdf_sha256
    fragment = page_of(client, report, HTTP_HX_REQUEST="true")
    assert "hx-trigger" not in fragment  # polling stops
    assert report.pdf_url() in fragment
    assert report.pdf_sha256 in fragment
    assert DBTaskResult.objects.get().status == "SUCCESSFUL"


def test_a_failed_job_says_so_and_the_coordination_queues_it_again(client, personas, monkeypatch):
    needs_pango()
    report = ReportFactory(network=personas.network)

    def broken(*args, **kwargs):
        raise OSError("Schriftart fehlt")

    monkeypatch.setattr(rendering, "render_pdf", broken)
    run_tasks()
    assert pdf_state(report) == PdfState.FAILED
    failed = DBTaskResult.objects.get()
    assert "Schriftart fehlt" in failed.traceback  # kept for the administrators

    # The funder reads that it failed, and that the coordination can try again.
    client.force_login(personas.funder)
    html = page_of(client, report)
    assert "Das PDF konnte nicht erstellt werden." in html
    assert "Die Koordination des Netzwerks kann es erneut erstellen lassen." in html
    assert "PDF erneut erstellen" not in html
    assert "hx-trigger" not in html
    retry = reverse("report_pdf_retry", args=[report.pk])
    assert client.post(retry).status_code == 403
    download = client.get(report.pdf_url(), follow=True)
    assert "Das PDF konnte nicht erstellt werden." in download.content.decode()
    assert not report.downloads.exists()

    # The coordinator queues it again, once, however often the button is pressed.
    client.force_login(with_totp(personas.coordinator))
    assert "PDF erneut erstellen" in page_of(client, report)
    response = client.post(retry, HTTP_HX_REQUEST="true")
    assert "Das PDF ist in Auftrag gegeben" in response.content.decode()
    assert client.post(retry).status_code == 302
    assert DBTaskResult.objects.filter(status="READY").count() == 1
    monkeypatch.undo()
    assert run_tasks() == 1
    assert pdf_state(Report.objects.get(pk=report.pk)) == PdfState.DONE
    assert client.get(report.pdf_url()).status_code == 200


def test_the_coordinator_of_another_organisation_cannot_queue_it(client, personas):
    report = ReportFactory(network=personas.network)
    client.force_login(with_totp(personas.other_coordinator))
    assert client.post(reverse("report_pdf_retry", args=[report.pk])).status_code == 404
    with pytest.raises(PermissionDenied):
        jobs.queue_report_pdf(report=report, user=personas.other_coordinator, retry=True)
    assert DBTaskResult.objects.count() == 1


def test_a_report_issued_before_the_worker_gets_its_job_when_its_page_is_opened(client, personas):
    report = ReportFactory(network=personas.network)
    DBTaskResult.objects.all().delete()
    Report.objects.filter(pk=report.pk).update(pdf_task_id="")
    client.force_login(personas.climate_manager_a)
    assert "Das PDF ist in Auftrag gegeben" in page_of(client, report)
    page_of(client, report)  # a second visit queues nothing more
    job = DBTaskResult.objects.get()
    report.refresh_from_db()
    assert report.pdf_task_id == str(job.id)
