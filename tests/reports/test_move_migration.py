"""The reports came over from the portal app to an app of their own (portal 0014,
reports 0001, issue 30): the same rows, the same files. With the demo data
loaded and its reports' PDFs made, the database goes back to the state before the
move and forward again; every issued report keeps its figures, its PDF byte for byte
and its checksum, and the jobs still waiting for the worker keep their task.

The worker stores the PDFs as it always does, but of a few bytes each instead of
WeasyPrint's: rendering the demo's eleven took a minute, and what is tried here is
that rows and files come through, not how a report looks (tests/reports/test_reports.py)."""

import datetime
import hashlib
from unittest import mock

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.files.storage import default_storage
from django.db import connection
from django_tasks_db.models import DBTaskResult

from demo.data import load_demo_data
from reports.models import Confirmation, ConfirmationRequest, Report, ReportDownload, ReportDraft
from tests.helpers import migrate, migrate_to_latest, run_tasks

BEFORE = [("portal", "0013_confirmation_mailings_data"), ("reports", None)]


def _reports() -> dict[int, tuple]:
    return {
        report.pk: (report.version, report.figures, report.pdf.name, report.pdf_sha256,
                    _bytes(report.pdf.name))
        for report in Report.objects.all()
    }  # fmt: skip


def _bytes(name: str) -> bytes:
    with default_storage.open(name, "rb") as file:
        return file.read()


def _small_pdf(report, figures, *, with_finances=True, **_options) -> bytes:
    return f"%PDF-1.4\n% report {report.pk}, finances {with_finances}\n%%EOF\n".encode()


def _tables() -> set[str]:
    return set(connection.introspection.table_names())


@pytest.mark.django_db(transaction=True)
def test_issued_reports_keep_their_rows_pdfs_and_checksums_through_the_move():
    load_demo_data(today=datetime.date(2026, 12, 7))
    with mock.patch("reports.rendering.render_report", side_effect=_small_pdf):
        run_tasks()
    before = _reports()
    assert len(before) >= 2 and all(pdf for _v, _f, _name, _sha, pdf in before.values())
    for _version, _figures, _name, sha256, pdf in before.values():
        assert hashlib.sha256(pdf).hexdigest() == sha256
    models = (Report, ReportDownload, ReportDraft, ConfirmationRequest, Confirmation)
    counts = {model: model.objects.count() for model in models}
    assert counts[ConfirmationRequest] and counts[Confirmation] and counts[ReportDraft]

    tables = _tables()
    old = migrate(BEFORE)
    assert {"portal_report", "portal_confirmation"} <= _tables()
    OldReport = old.get_model("portal", "Report")
    assert {
        report.pk: (report.version, report.figures, report.pdf.name, report.pdf_sha256)
        for report in OldReport.objects.all()
    } == {pk: row[:4] for pk, row in before.items()}
    assert ContentType.objects.filter(app_label="portal", model="report").exists()
    # A PDF job queued before the move, still waiting when the new code starts.
    waiting = DBTaskResult.objects.create(
        task_path="portal.tasks.make_report_pdf", args_kwargs={"args": [1], "kwargs": {}},
        queue_name="default", backend_name="default", status="READY",
    )  # fmt: skip

    migrate_to_latest()
    # The same tables as before going back, under the names they had (db_table).
    assert _tables() == tables
    assert Report._meta.db_table == "portal_report"
    assert _reports() == before
    assert {model: model.objects.count() for model in counts} == counts
    assert ContentType.objects.get_for_model(Report).app_label == "reports"
    assert not ContentType.objects.filter(app_label="portal", model="report").exists()
    waiting.refresh_from_db()
    assert waiting.task_path == "reports.tasks.make_report_pdf"
