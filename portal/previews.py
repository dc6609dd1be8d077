"""Report previews: the PDF a report would have if issued now, made by the background
worker like the issued ones (a large network's report takes many seconds to lay out,
too long for a web request).

The coordination asks for one on the reports page; the job renders it and keeps the
file under `previews/<network>/` in the stored files for a day (each new preview
removes the network's older ones). The preview's page shows the job's state and,
once done, the link to the file. Nothing is issued and no figures are frozen.
"""

import datetime
import uuid
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.utils import timezone
from django_tasks.exceptions import TaskResultDoesNotExist, TaskResultMismatch

from networks.models import Network
from portal.services import JOB_STATES, PdfState, preview_pdf
from portal.tasks import make_report_preview as make_report_preview_task

KEPT_FOR = datetime.timedelta(days=1)


def _folder(network_id: int) -> str:
    return f"previews/{network_id}"


def queue_preview(
    *, network: Network, user, kind: str, start: datetime.date, end: datetime.date,
    language: str, note: str,
) -> str:  # fmt: skip
    """Queue the job that renders a preview; returns the job's id."""
    if not Network.objects.editable_by(user).filter(pk=network.pk).exists():
        raise PermissionDenied
    job = make_report_preview_task.enqueue(
        network.pk, kind, start.isoformat(), end.isoformat(), language, note
    )
    return str(job.id)


def make_preview(
    *, network_id: int, kind: str, start: str, end: str, language: str, note: str
) -> str:
    """In the worker: render the preview, store it, drop the network's previews older
    than a day; returns the stored file's name."""
    network = Network.objects.get(pk=network_id)
    pdf = preview_pdf(
        network=network, kind=kind, start=datetime.date.fromisoformat(start),
        end=datetime.date.fromisoformat(end), language=language, note=note,
    )  # fmt: skip
    name = default_storage.save(f"{_folder(network_id)}/{uuid.uuid4().hex}.pdf", ContentFile(pdf))
    _drop_old(network_id)
    return name


def _drop_old(network_id: int) -> None:
    folder = _folder(network_id)
    _folders, files = default_storage.listdir(folder)
    for file_name in files:
        path = f"{folder}/{file_name}"
        if timezone.now() - default_storage.get_modified_time(path) > KEPT_FOR:
            default_storage.delete(path)


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
    if job.args[0] != network.pk:
        raise Preview.DoesNotExist
    state = JOB_STATES[job.status]
    file_name = job.return_value if state == PdfState.DONE else None
    if file_name is not None and not default_storage.exists(file_name):
        raise Preview.DoesNotExist
    return Preview(job_id=job_id, state=state, file_name=file_name)
