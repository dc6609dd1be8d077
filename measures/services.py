import datetime
import secrets
from collections.abc import Iterable
from pathlib import PurePath

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from lib.conflicts import EditConflict, when_text
from lib.documents import delete_with_file, store_upload
from measures import spreadsheets
from measures.history import diff, value_of
from measures.models import (
    ImportPreview,
    Measure,
    MeasureDocument,
    MeasureEnergy,
    MeasureImport,
    ProgressNote,
)
from networks.access import require_network_editor
from networks.models import FocusArea, Municipality, Network, Organisation, Participation, User
from networks.services import update_network


def save_measure(
    *, measure: Measure, user: User | None = None, energy: list[MeasureEnergy] | None = None
) -> Measure:
    """Validate a measure with every model rule, compute its net energy and
    greenhouse-gas savings from its energy lines and save it with them, raising its
    version (lib.conflicts.Versioned) so that edits based on the previous one are
    refused.

    The lines saved are `energy` if given, else `measure.pending_energy` where the
    form or an import set them, else the stored ones (whose factors follow the
    measure's reference year)."""
    if energy is not None:
        measure.pending_energy = energy
    with transaction.atomic():
        measure.pending_energy = measure.energy_lines()  # read once, saved below
        measure.full_clean()
        measure.apply_energy()
        if user is not None:
            measure._history_user = user  # read by django-simple-history
        measure.save()
        _save_energy_lines(measure, user)
    return measure


def _save_energy_lines(measure: Measure, user: User | None) -> None:
    """Store the measure's lines: changed ones updated, new ones added, those no longer
    there deleted, so that each line's history shows what really changed."""
    lines = measure.energy_lines()
    stored = {(line.carrier_id, line.effect): line for line in measure.energy.all()}
    for line in lines:
        current = stored.pop((line.carrier_id, line.effect), None)
        if current is None:
            line.measure = measure
            current = line
        elif (current.kwh, current.factor_id) == (line.kwh, line.factor_id):
            continue
        else:
            current.kwh, current.factor = line.kwh, line.factor
        if user is not None:
            current._history_user = user
        current.full_clean(exclude=["measure"])
        current.save()
    for line in stored.values():
        if user is not None:
            line._history_user = user
        line.delete()
    measure.pending_energy = None
    getattr(measure, "_prefetched_objects_cache", {}).pop("energy", None)


# The history's change reason of a save that only counted a measure again, after its
# network chose another factor set.
RECOUNTED = "recounted-factor-set"


def update_network_settings(
    *,
    network: Network,
    user: User,
    base_version: int,
    focus_areas: Iterable[FocusArea],
    service_providers: Iterable[Organisation],
) -> Network:
    """Save a coordinator's edit of a network (networks.services.update_network) and,
    if it chose another factor set, count its measures again in that set: all or
    nothing. Lives here because it changes measures."""
    with transaction.atomic():
        counted_in = (
            Network.objects.filter(pk=network.pk).values_list("factor_set_id", flat=True).get()
        )
        update_network(
            network=network,
            user=user,
            base_version=base_version,
            focus_areas=focus_areas,
            service_providers=service_providers,
        )
        if network.factor_set_id != counted_in:
            recount_measures(network=network, user=user)
    return network


def recount_measures(*, network: Network, user: User) -> int:
    """Count a network's measures again in its factor set, after the coordination
    chose another: every measure computed from its energy lines gets the new set's
    figures (those typed by hand stay). All or nothing: if a carrier has no factor in
    the new set, or a measure's savings there would be too large to store, nothing is
    saved and the error names the carriers or measures. Returns how many measures
    were counted again."""
    require_network_editor(user, network.pk)
    measures = list(
        Measure.objects.filter(participation__network=network, co2_manual=False)
        .filter(energy__isnull=False)
        .distinct()
        .select_related("participation")
        .prefetch_related("energy__carrier__emission_factors")
    )
    missing = set()
    for measure in measures:
        measure.participation.network = network  # its new set, not a stale copy
        missing.update(str(line.carrier) for line in measure.missing_factors())
    if missing:
        raise ValidationError(
            {
                "factor_set": _(
                    "In „%(set)s“ fehlt ein Emissionsfaktor für %(carriers)s. Bitte erst "
                    "den Faktor im Katalog ergänzen oder diese Maßnahmen von Hand "
                    "rechnen; es ist nichts geändert."
                )
                % {"set": network.factor_set, "carriers": ", ".join(sorted(missing))}
            }
        )
    too_large = sorted(f"„{measure}“" for measure in measures if measure.figures_too_large())
    if too_large:
        raise ValidationError(
            {
                "factor_set": _(
                    "In „%(set)s“ wäre die THG-Einsparung von %(measures)s zu groß zum "
                    "Speichern. Bitte erst die Energiemengen dieser Maßnahmen prüfen; es ist "
                    "nichts geändert."
                )
                % {"set": network.factor_set, "measures": ", ".join(too_large)}
            }
        )
    with transaction.atomic():
        for measure in measures:
            measure._change_reason = RECOUNTED  # read by simple-history
            save_measure(measure=measure, user=user)
    return len(measures)


def _require_editor(user: User, measure: Measure) -> None:
    if not Measure.objects.editable_by(user).filter(pk=measure.pk).exists():
        raise PermissionDenied


def _require_participation(user: User, participation: Participation) -> None:
    editable = Participation.objects.with_measures_editable_by(user)
    if not editable.filter(pk=participation.pk).exists():
        raise PermissionDenied


def _mark_correction_after_term(measure: Measure) -> None:
    """A change to an ended network's measure (only its coordination may make one)
    is recorded as a correction in the measure's history."""
    if measure.participation.network.phase == Network.Phase.COMPLETED:
        measure._change_reason = Measure.CORRECTION_AFTER_TERM  # read by simple-history


def create_measure(*, measure: Measure, user: User) -> Measure:
    """Save a new measure (for example a valid MeasureForm's unsaved instance)."""
    _require_participation(user, measure.participation)
    _mark_correction_after_term(measure)
    return save_measure(measure=measure, user=user)


def _measure_conflict(current: Measure, loaded_version: int | None) -> EditConflict:
    """Who changed the measure when, and what they changed since `loaded_version`
    (nothing listed if that version is unknown)."""
    who = current.history.select_related("history_user").first()
    name = who.history_user.name if who and who.history_user else _("jemand")
    base = current.history.filter(version=loaded_version).order_by("-history_date").first()
    return EditConflict(
        _(
            "%(name)s hat die Maßnahme inzwischen geändert (%(when)s). Ihre Änderungen "
            "sind noch nicht gespeichert."
        )
        % {"name": name, "when": when_text(current.updated_at)},
        current=current,
        base=base,
        changes=diff(base, current) if base is not None else [],
    )


def update_measure(*, measure: Measure, user: User, base_version: int | None) -> Measure:
    """Save an edited measure unless it changed since `base_version`, the version the
    edit was based on; then raise EditConflict with the other person's changes and
    save nothing."""
    with transaction.atomic():
        current = (
            Measure.objects.select_for_update().select_related("participation").get(pk=measure.pk)
        )
        _require_editor(user, current)
        _require_participation(user, measure.participation)
        if measure.participation.network_id != current.participation.network_id:
            # Its history, notes and documents would reach another network's people.
            raise ValidationError(
                {"participation": _("Eine Maßnahme bleibt in ihrem Netzwerk.")}, code="network"
            )
        measure.check_edit(current, base_version, conflict=_measure_conflict)
        _mark_correction_after_term(measure)
        return save_measure(measure=measure, user=user)


def merge_after_conflict(*, data, cleaned: dict, conflict: EditConflict):
    """The posted form data with the other person's changes taken over wherever this
    person left the field as it was; marks the fields both changed as conflicts."""
    data = data.copy()
    for change in conflict.changes:
        mine = cleaned.get(change.field)
        mine = getattr(mine, "pk", mine)
        base = value_of(conflict.base, change.field)
        if mine == base or (mine in (None, "") and base in (None, "")):
            theirs = value_of(conflict.current, change.field)
            if isinstance(theirs, bool):
                if theirs:
                    data[change.field] = "on"
                else:
                    data.pop(change.field, None)
            else:
                data[change.field] = "" if theirs is None else _form_text(theirs)
        else:
            change.conflict = True
    data["version"] = str(conflict.current.version)
    return data


def _form_text(value) -> str:
    if isinstance(value, datetime.date):
        return value.isoformat()
    if not isinstance(value, str | int):
        return number_format(value, use_l10n=True)
    return str(value)


def change_status(*, measure: Measure, user: User, status: str) -> Measure:
    """Set a measure's status at once; completing it without a date dates it today,
    starting it without a start date starts it today, unless the network's term has
    ended. After the term a completion needs its date in the form (a start is left
    undated): today would lie after the term."""
    today = timezone.localdate()
    with transaction.atomic():
        current = (
            Measure.objects.select_for_update()
            .select_related("participation__network")
            .get(pk=measure.pk)
        )
        _require_editor(user, current)
        if status not in Measure.Status.values:
            raise ValidationError({"status": _("Diesen Status gibt es nicht.")})
        network = current.participation.network
        ended = today > network.term_end
        current.status = status
        if status == Measure.Status.COMPLETED and current.completed_on is None:
            if ended:
                raise ValidationError(
                    {
                        "status": _(
                            "Die Laufzeit des Netzwerks ist zu Ende: bitte den tatsächlichen "
                            "Abschluss unter „Bearbeiten“ eintragen."
                        )
                    },
                    code="date_outside_term",
                )
            current.completed_on = today
        if status == Measure.Status.IN_PROGRESS and current.started_on is None and not ended:
            current.started_on = today
        _mark_correction_after_term(current)
        return save_measure(measure=current, user=user)


def add_progress_note(*, measure: Measure, user: User, date: datetime.date, text: str):
    """A dated progress note; it counts as an update of the measure."""
    _require_editor(user, measure)
    note = ProgressNote(measure=measure, author=user, date=date, text=text.strip())
    note.full_clean()
    with transaction.atomic():
        note.save()
        Measure.objects.filter(pk=measure.pk).update(updated_at=timezone.now())
    return note


def add_document(*, measure: Measure, user: User, upload) -> MeasureDocument:
    """Store an upload that proved by its content to be an allowed document (see
    lib.documents); the measure counts as updated."""
    _require_editor(user, measure)
    with transaction.atomic():
        document = store_upload(MeasureDocument(measure=measure, uploaded_by=user), upload)
        Measure.objects.filter(pk=measure.pk).update(updated_at=timezone.now())
    return document


def delete_document(*, document: MeasureDocument, user: User) -> None:
    _require_editor(user, document.measure)
    delete_with_file(document)


# Fields a carried-over measure takes from its original.
CARRIED_FIELDS = [
    "focus_area", "title", "description", "status", "responsible", "planned_start",
    "planned_end", "started_on", "investment_eur", "subsidy_eur", "lifetime_years",
    "co2_manual", "co2_manual_reason", "co2_savings_t",
]  # fmt: skip


def found_successor_network(
    *,
    predecessor: Network,
    user: User,
    name: str,
    slug: str,
    term_start: datetime.date,
    term_end: datetime.date,
    funding_code: str = "",
    municipalities: list[Municipality],
    copy_targets: bool = True,
) -> Network:
    """Found a successor of a network, all or nothing.

    The successor takes the predecessor's coordinator, service providers, funding
    details and focus areas; the continuing municipalities join at the start of the
    term (with their targets if asked); their unfinished measures (planned, in
    progress, postponed) are carried over as new measures linked to the originals,
    which stay untouched. Lives here rather than in networks/ because it creates
    measures.
    """
    require_network_editor(user, predecessor.pk)
    current = {
        p.municipality_id: p
        for p in predecessor.participations.filter(left_on__isnull=True).select_related(
            "municipality"
        )
    }
    strangers = [m for m in municipalities if m.pk not in current]
    if strangers:
        raise ValidationError(
            {"municipalities": _("Nur Kommunen des Vorgängernetzwerks können fortsetzen.")}
        )
    if not municipalities:
        raise ValidationError({"municipalities": _("Bitte mindestens eine Kommune auswählen.")})
    with transaction.atomic():
        successor = Network(
            name=name,
            slug=slug,
            description=predecessor.description,
            coordinator=predecessor.coordinator,
            funder=predecessor.funder,
            funding_programme=predecessor.funding_programme,
            funding_agency=predecessor.funding_agency,
            funding_code=funding_code,
            funding_notice=predecessor.funding_notice,
            term_start=term_start,
            term_end=term_end,
            predecessor=predecessor,
            contact_name=predecessor.contact_name,
            contact_role=predecessor.contact_role,
            contact_email=predecessor.contact_email,
            contact_phone=predecessor.contact_phone,
            factor_set=predecessor.factor_set,
        )
        successor.full_clean()
        successor.save()
        successor.service_providers.set(predecessor.service_providers.all())
        successor.focus_areas.set(predecessor.focus_areas.all())
        for municipality in municipalities:
            _continue_in(successor, current[municipality.pk], copy_targets=copy_targets)
    return successor


def _continue_in(successor: Network, old: Participation, *, copy_targets: bool) -> None:
    """A continuing municipality joins the successor at its start, with its unfinished
    measures carried over as new measures linked to the originals."""
    participation = Participation(
        network=successor,
        municipality=old.municipality,
        joined_on=successor.term_start,
        target_energy_mwh=old.target_energy_mwh if copy_targets else None,
        target_co2_t=old.target_co2_t if copy_targets else None,
    )
    participation.full_clean()
    participation.save()
    for original in old.measures.filter(status__in=Measure.UNFINISHED):
        copy = Measure(
            participation=participation,
            carried_over_from=original,
            **{field: getattr(original, field) for field in CARRIED_FIELDS},
        )
        copy.pending_energy = [
            MeasureEnergy(carrier=line.carrier, effect=line.effect, kwh=line.kwh)
            for line in original.energy.all()
        ]
        save_measure(measure=copy)


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
                _mark_correction_after_term(measure)
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
