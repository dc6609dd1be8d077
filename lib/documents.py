"""Documents attached to something (a measure, a meeting): one abstract model and the
one way to store and delete them.

An upload is checked by its content (lib.uploads), stored under a random name
in the kind's folder, and downloaded only through a view that checks who asks. The
services of each app check the person and call `store_upload` / `delete_with_file`.
Imports no app: the person who uploaded is the configured user model.
"""

from pathlib import PurePath

from django.conf import settings
from django.db import models, transaction
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from lib.confirm import Question
from lib.uploads import (
    DOCUMENT_TYPES,
    check_document,
    clean_file_name,
    document_response,
    random_name,
    stored_document,
)


def upload_path(instance: "Document", filename: str) -> str:
    """Documents are stored under a random name in their kind's folder; only the
    (checked) extension is kept."""
    extension = PurePath(filename).suffix.lower().lstrip(".") or "bin"
    return random_name(instance.UPLOAD_FOLDER, extension)


class Document(models.Model):
    """A document or photo of some object, downloadable only through a checked view.
    A concrete kind adds the foreign key to its object and says where it belongs:
    `UPLOAD_FOLDER` (storage folder), `OWNER` (the foreign key's name) and `URL_NAME`
    (the download view, with `<URL_NAME>_delete` beside it, both taking the object's
    and the document's id)."""

    UPLOAD_FOLDER: str
    OWNER: str
    URL_NAME: str

    file = models.FileField(_("Datei"), upload_to=upload_path, max_length=200)
    name = models.CharField(_("Dateiname"), max_length=200)
    content_type = models.CharField(_("Dateityp"), max_length=100)
    size = models.PositiveBigIntegerField(_("Größe (Bytes)"))
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("hochgeladen von"),
    )
    uploaded_at = models.DateTimeField(_("hochgeladen am"), auto_now_add=True)

    class Meta:
        abstract = True
        constraints = [
            models.CheckConstraint(condition=~Q(name=""), name="%(app_label)s_%(class)s_name"),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse(self.URL_NAME, args=[self._owner_id(), self.pk])

    def delete_question(self) -> Question:
        """What the delete button asks first (lib.confirm)."""
        return Question(
            title=_("Datei löschen?"),
            consequence=_("„%(name)s“ wird gelöscht; das lässt sich nicht rückgängig machen.")
            % {"name": self.name},
            confirm=_("Ja, löschen"),
        )

    def get_delete_url(self) -> str:
        return reverse(f"{self.URL_NAME}_delete", args=[self._owner_id(), self.pk])

    def _owner_id(self) -> int:
        return getattr(self, f"{self.OWNER}_id")


def store_upload(document: Document, upload) -> Document:
    """Check an upload by its content and save it with its (unsaved) document: under a
    random name, images without their metadata, the name people see sanitised. If the
    row cannot be saved, the stored file is removed again."""
    kind = check_document(upload)
    content = stored_document(upload, kind)
    document.name = clean_file_name(upload.name, kind)
    document.content_type = DOCUMENT_TYPES[kind]
    document.size = content.size
    document.file.save(f"upload.{kind}", content, save=False)  # renamed by upload_path
    try:
        document.save()
    except Exception:
        document.file.delete(save=False)
        raise
    return document


def delete_with_file(row: models.Model, file_field: str = "file") -> None:
    """Delete a row that owns a stored file (a document, a photo), and the file only once
    that is committed: a rolled back deletion keeps a row whose file still exists."""
    stored = getattr(row, file_field)
    with transaction.atomic():
        row.delete()
        transaction.on_commit(lambda: stored.delete(save=False))


def download(document: Document):
    """The response that hands a document to someone the view let through."""
    return document_response(document.file, name=document.name, content_type=document.content_type)
