"""The background worker as it runs in production: `manage.py db_worker`, a process
of its own on the same database, makes the PDF of a report issued in the portal."""

import hashlib
import subprocess
import sys

import pytest
from django.conf import settings
from django_tasks_db.models import DBTaskResult

from tests.factories import ReportFactory
from tests.helpers import needs_pango, worker_environment

pytestmark = pytest.mark.django_db(transaction=True)


def test_the_worker_process_makes_the_pdf_of_an_issued_report(personas):
    needs_pango()
    report = ReportFactory(network=personas.network)
    worker = subprocess.run(  # noqa: S603 (the project's own manage.py)
        [sys.executable, "manage.py", "db_worker", "--batch", "--no-startup-delay",
         "--interval", "0", "--worker-id", "test-worker"],
        cwd=settings.BASE_DIR, env=worker_environment(), capture_output=True, text=True,
        timeout=180,
    )  # fmt: skip
    assert worker.returncode == 0, worker.stderr
    job = DBTaskResult.objects.get(id=report.pdf_task_id)
    assert job.status == "SUCCESSFUL", job.traceback
    assert job.worker_ids == ["test-worker"]
    report.refresh_from_db()
    with report.pdf.open("rb") as file:
        content = file.read()
    assert content.startswith(b"%PDF-")
    assert hashlib.sha256(content).hexdigest() == report.pdf_sha256 == job.return_value
