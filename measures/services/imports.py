"""Importing measures from a spreadsheet: the preview kept until confirmed, the
import itself, and cleaning up old previews."""

import datetime
import secrets
from pathlib import PurePath

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils.translation import gettext as _

from measures import spreadsheets
from measures.models import (
    ImportPreview,
    MeasureImport,
)
from measures.services.measures import mark_correction_after_term, save_measure
from networks.models import Network, Participation, User


def import_measures(*, network: Network, user: User, file_name: str, rows: list) -> MeasureImport:
    """Save the measures of rows checked by spreadsheets.validate_rows all or nothing
    and record the import.

    Raises ValidationError if there are no rows or any has errors, PermissionDenied
    if the person may not edit a row's municipality in the network. Every measure is
    saved through `save_measure` (so the model rules run again and history is kept,
    with the importer as its author).
    """
    if not rows:
        raise ValidationError(_("Die Datei enthält keine Maßnahmen."), code="empty")
    invalid = [row.number for row in rows if row.errors or row.measure is None]
    if invalid:
        raise ValidationError(
            _("Nichts importiert: Fehler in Zeile %(rows)s.")
            % {"rows": ", ".join(str(number) for number in invalid)},
            code="invalid",
        )
    editable = set(
        Participation.objects.with_measures_editable_by(user)
        .filter(network=network)
        .values_list("municipality", flat=True)
    )
    if not editable:
        raise PermissionDenied
    measures = [row.measure for row in rows]
    for measure in measures:
        participation = measure.participation
        if participation.network_id != network.pk:
            raise PermissionDenied
        if participation.municipality_id not in editable:
            raise PermissionDenied
        if not measure._state.adding:
            raise ValidationError(
                _("Diese Zeilen wurden schon importiert."), code="already_imported"
            )
    try:
        with transaction.atomic():
            for measure in measures:
                mark_correction_after_term(measure)
                save_measure(measure=measure, user=user)
            record = MeasureImport.objects.create(
                network=network,
                user=user,
                file_name=PurePath(file_name.replace("\\", "/")).name[:255],
                rows=len(measures),
            )
            record.measures.add(*measures)
    except Exception:
        # Nothing was kept; let the same rows be imported again after fixing the cause.
        for measure in measures:
            measure.pk = None
            measure._state.adding = True
        raise
    return record


def keep_import_preview(
    *, network: Network, user: User, file_name: str, rows: list
) -> ImportPreview:
    """Keep the rows of a checked file until its importer confirms or cancels them."""
    return ImportPreview.objects.create(
        token=secrets.token_hex(16),
        network=network,
        user=user,
        file_name=file_name[:255],
        rows=spreadsheets.rows_to_store(rows),
    )


def _require_importer(user: User, preview: ImportPreview) -> None:
    """A preview is confirmed or cancelled by the person who uploaded it only."""
    if preview.user_id != user.pk:
        raise PermissionDenied


def _lock_pending(preview: ImportPreview) -> ImportPreview:
    """The preview, locked until the transaction ends; ValidationError if it is used.

    A second request for the same preview waits here for the first to commit and
    then finds it used, so a double click or a second tab imports nothing twice.
    """
    locked = ImportPreview.objects.select_for_update().filter(pk=preview.pk).first()
    if locked is None:
        raise ValidationError(
            _("Diese Vorschau ist abgelaufen. Bitte die Datei neu hochladen."), code="expired"
        )
    if locked.state == ImportPreview.State.IMPORTED:
        raise ValidationError(
            _("Diese Datei ist schon importiert; es wurde nichts doppelt angelegt."),
            code="imported",
        )
    if locked.state == ImportPreview.State.CANCELLED:
        raise ValidationError(
            _("Dieser Import ist abgebrochen. Bitte die Datei neu hochladen."), code="cancelled"
        )
    return locked


def confirm_import(*, preview: ImportPreview, user: User) -> MeasureImport:
    """Import the rows of a preview once: check them again (data may have changed
    since the preview) and save them with `import_measures`, marking the preview
    imported in the same transaction. Raises ValidationError if the preview is used,
    expired or a row no longer passes the check (then nothing changes)."""
    _require_importer(user, preview)
    with transaction.atomic():
        locked = _lock_pending(preview)
        rows = spreadsheets.validate_rows(
            spreadsheets.stored_rows(locked.rows), network=locked.network, user=user
        )
        record = import_measures(
            network=locked.network, user=user, file_name=locked.file_name, rows=rows
        )
        locked.state = ImportPreview.State.IMPORTED
        locked.rows = []
        locked.save(update_fields=["state", "rows"])
    return record


def cancel_import(*, preview: ImportPreview, user: User) -> None:
    """Drop a preview's rows without importing; ValidationError if it is used already."""
    _require_importer(user, preview)
    with transaction.atomic():
        locked = _lock_pending(preview)
        locked.state = ImportPreview.State.CANCELLED
        locked.rows = []
        locked.save(update_fields=["state", "rows"])


IMPORT_FILES = "importe/"  # where previews used to keep uploaded files


def clean_imports(*, before: datetime.datetime, dry_run: bool = False) -> tuple[int, int]:
    """Delete import previews created before `before` (abandoned ones with their rows,
    used ones that only recorded their state) and files that earlier versions of
    the portal kept in `importe/` for previews. Returns (previews, files)."""
    previews = ImportPreview.objects.filter(created_at__lt=before)
    preview_count = previews.count() if dry_run else previews.delete()[0]
    files = []
    if default_storage.exists(IMPORT_FILES):
        files = [
            IMPORT_FILES + name
            for name in default_storage.listdir(IMPORT_FILES)[1]
            if default_storage.get_modified_time(IMPORT_FILES + name) < before
        ]
    if not dry_run:
        for name in files:
            default_storage.delete(name)
    return preview_count, len(files)
