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
the lowest priority (reports.tasks), after mails and issued reports.
"""

import datetime
import uuid

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.utils import timezone

from networks.models import Network
from reports.rendering import preview_pdf

KEPT_FOR = datetime.timedelta(days=1)


def _folder(network_id: int, user_id: int | None = None) -> str:
    return f"previews/{network_id}" if user_id is None else f"previews/{network_id}/{user_id}"


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
