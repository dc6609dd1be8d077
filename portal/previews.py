"""Report previews: the PDF a report would have if issued now, made by the background
worker like the issued ones (a large network's report takes many seconds to lay out,
too long for a web request).

The coordination asks for one on the reports page; the job renders it and keeps the
file under `previews/<network>/<person>/` in the stored files. The preview's page
shows the job's state and, once done, the link to the file. Nothing is issued and no
figures are frozen.

What one person can make the worker do is bounded: each person has at most one
preview of a network waiting (asking again replaces the waiting one, so sending the
form thirty times renders at most two), a finished preview removes that person's
earlier ones of the network, and no file is kept longer than a day. Previews run at
the lowest priority (portal.tasks), after mails and issued reports.
"""

import datetime
import uuid
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils import timezone
from django_tasks.base import TaskResultStatus
from django_tasks.exceptions import TaskResultDoesNotExist, TaskResultMismatch
from django_tasks_db.models import DBTaskResult

from networks.models import Network, User
from portal.services import JOB_STATES, PdfState, preview_pdf
from portal.tasks import make_report_preview as make_report_preview_task

KEPT_FOR = datetime.timedelta(days=1)


def _folder(network_id: int, user_id: int | None = None) -> str:
    return f"previews/{network_id}" if user_id is None else f"previews/{network_id}/{user_id}"


def queue_preview(
    *, network: Network, user, kind: str, start: datetime.date, end: datetime.date,
    language: str, note: str,
) -> str:  # fmt: skip
    """Queue the job that renders a preview, in place of the person's preview of the
    network still waiting for the worker (one that is running finishes); returns the
    job's id."""
    if not Network.objects.editable_by(user).filter(pk=network.pk).exists():
        raise PermissionDenied
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


def make_preview(
    *, network_id: int, kind: str, start: str, end: str, language: str, note: str,
    user_id: int | None = None,
) -> str:  # fmt: skip
    """In the worker: render the preview, store it, drop the person's earlier previews
    of the network and every preview of the network older than a day; returns the
    stored file's name."""
    network = Network.objects.get(pk=network_id)
    pdf = preview_pdf(
        network=network, kind=kind, start=datetime.date.fromisoformat(start),
        end=datetime.date.fromisoformat(end), language=language, note=note,
    )  # fmt: skip
    folder = _folder(network_id, user_id)
    name = default_storage.save(f"{folder}/{uuid.uuid4().hex}.pdf", ContentFile(pdf))
    _drop_old(_folder(network_id), keep=name, person=folder)
    return name


def _drop_old(folder: str, *, keep: str, person: str) -> None:
    """Below `folder`: every file but `keep` in the person's folder, and any file
    older than KEPT_FOR in the others (a preview of before this layout included)."""
    folders, files = default_storage.listdir(folder)
    for file_name in files:
        path = f"{folder}/{file_name}"
        if path != keep and (
            folder == person or timezone.now() - default_storage.get_modified_time(path) > KEPT_FOR
        ):
            default_storage.delete(path)
    for name in folders:
        _drop_old(f"{folder}/{name}", keep=keep, person=person)


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
