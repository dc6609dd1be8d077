"""The background worker's jobs as the pages see them: queueing an issued report's PDF
or a preview, and where each stands."""

import datetime
import enum
from dataclasses import dataclass

from django.core.files.storage import default_storage
from django.db import transaction
from django_tasks import TaskResultStatus
from django_tasks.exceptions import TaskResultDoesNotExist, TaskResultMismatch
from django_tasks_db.models import DBTaskResult

from networks.access import require_network_editor
from networks.models import Network, User
from reports.models import Report
from reports.tasks import make_report_pdf as make_report_pdf_task
from reports.tasks import make_report_preview as make_report_preview_task


class PdfState(enum.StrEnum):
    """Where an issued report's PDF stands, as its page shows it."""

    QUEUED = "queued"
    RUNNING = "running"
    DONE = "done"
    FAILED = "failed"
    MISSING = "missing"  # never queued (issued before the worker existed), or its job is gone


JOB_STATES = {
    TaskResultStatus.READY: PdfState.QUEUED,
    TaskResultStatus.RUNNING: PdfState.RUNNING,
    TaskResultStatus.SUCCESSFUL: PdfState.DONE,
    TaskResultStatus.FAILED: PdfState.FAILED,
}


# The fields the job fills: the report's PDF, and the one without the chapter on the
# finances (Report.pdf_fields), each with its SHA-256.
PDF_FIELDS = ["pdf", "pdf_sha256", "members_pdf", "members_pdf_sha256"]


def pdf_state(report: Report) -> PdfState:
    """Where the report's PDFs stand: done once every file it needs is kept (both,
    where it has a chapter on the finances)."""
    if report.pdfs_made():
        return PdfState.DONE
    if not report.pdf_task_id:
        return PdfState.MISSING
    try:
        job = make_report_pdf_task.get_result(report.pdf_task_id)
    except TaskResultDoesNotExist:
        return PdfState.MISSING
    state = JOB_STATES[job.status]
    if state == PdfState.DONE:
        # The job finished after this report was read: the page needs what it made.
        report.refresh_from_db(fields=PDF_FIELDS)
        if not report.pdfs_made():
            # Made before reports had a file without the finances: the job runs again
            # and makes the missing one only.
            return PdfState.MISSING
    return state


def queue_pdf(report: Report) -> None:
    report.pdf_task_id = str(make_report_pdf_task.enqueue(report.pk).id)
    report.save(update_fields=["pdf_task_id"])


def queue_report_pdf(*, report: Report, user=None, retry: bool = False) -> PdfState:
    """Queue the job that makes the report's PDF, unless it is made or on its way.
    Anybody who sees the report may queue a missing one; only the coordination queues
    a failed one again (`retry`), having seen the failure. Returns the state after."""
    if retry:
        require_network_editor(user, report.network_id)

    def wanted(state: PdfState) -> bool:
        return state == PdfState.MISSING or (retry and state == PdfState.FAILED)

    state = pdf_state(report)
    if not wanted(state):
        return state  # made, on its way, or failed: the page polls this, so no lock
    with transaction.atomic():
        locked = Report.objects.select_for_update().get(pk=report.pk)
        state = pdf_state(locked)
        if wanted(state):
            queue_pdf(locked)
            state = PdfState.QUEUED
    report.refresh_from_db(fields=["pdf_task_id", *PDF_FIELDS])
    return state


def queue_preview(
    *, network: Network, user, kind: str, start: datetime.date, end: datetime.date,
    language: str, note: str,
) -> str:  # fmt: skip
    """Queue the job that renders a preview, in place of the person's preview of the
    network still waiting for the worker (one that is running finishes); returns the
    job's id."""
    require_network_editor(user, network.pk)
    with transaction.atomic():
        # The person's row lock makes two requests at once queue one after the other.
        User.objects.select_for_update().filter(pk=user.pk).first()
        waiting_previews(network_id=network.pk, user_id=user.pk).delete()
        job = make_report_preview_task.enqueue(
            network_id=network.pk, user_id=user.pk, kind=kind, start=start.isoformat(),
            end=end.isoformat(), language=language, note=note,
        )  # fmt: skip
    return str(job.id)


def waiting_previews(*, network_id: int, user_id: int):
    """The person's preview jobs of the network not yet started by the worker."""
    return DBTaskResult.objects.filter(
        task_path=make_report_preview_task.module_path,
        status=TaskResultStatus.READY,
        args_kwargs__kwargs__network_id=network_id,
        args_kwargs__kwargs__user_id=user_id,
    )


@dataclass(frozen=True)
class Preview:
    """A preview job as its page shows it: its state and, once done, the file."""

    job_id: str
    state: PdfState
    file_name: str | None

    class DoesNotExist(Exception):
        pass

    def open(self):
        return default_storage.open(self.file_name, "rb")


def get_preview(*, network: Network, job_id: str) -> Preview:
    """The network's preview job `job_id` (the caller has checked the person may see
    the network's previews). Raises Preview.DoesNotExist for a job of another network
    or of another kind, one pruned, or a file dropped after a day."""
    try:
        job = make_report_preview_task.get_result(job_id)
    except (TaskResultDoesNotExist, TaskResultMismatch) as error:
        raise Preview.DoesNotExist from error
    # Jobs queued before previews had their person took the network as first argument.
    network_id = job.kwargs.get("network_id", job.args[0] if job.args else None)
    if network_id != network.pk:
        raise Preview.DoesNotExist
    state = JOB_STATES[job.status]
    file_name = job.return_value if state == PdfState.DONE else None
    if file_name is not None and not default_storage.exists(file_name):
        raise Preview.DoesNotExist
    return Preview(job_id=job_id, state=state, file_name=file_name)
