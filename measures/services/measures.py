"""Writing a measure: creating and editing it (with its energy lines and the
greenhouse-gas figures), its status, progress notes and documents."""

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from lib.conflicts import EditConflict, when_text
from lib.documents import delete_with_file, store_upload
from measures.history import CHECK_TRACKED, diff, value_of
from measures.models import (
    Measure,
    MeasureDocument,
    MeasureEnergy,
    ProgressNote,
)
from networks.models import Network, Participation, User


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


# What a stored line takes over from the line that replaces it (its carrier and
# effect are the same by then).
LINE_VALUES = ("kwh", "factor_id", "quantity", "unit", "consumption", "consumption_unit")


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
        elif all(getattr(current, name) == getattr(line, name) for name in LINE_VALUES):
            continue
        else:
            for name in (*LINE_VALUES, "factor"):
                setattr(current, name, getattr(line, name))
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


def _require_editor(user: User, measure: Measure) -> None:
    if not Measure.objects.editable_by(user).filter(pk=measure.pk).exists():
        raise PermissionDenied


def _require_participation(user: User, participation: Participation) -> None:
    editable = Participation.objects.with_measures_editable_by(user)
    if not editable.filter(pk=participation.pk).exists():
        raise PermissionDenied


def mark_correction_after_term(measure: Measure) -> None:
    """A change to an ended network's measure (only its coordination may make one)
    is recorded as a correction in the measure's history."""
    if measure.participation.network.phase == Network.Phase.COMPLETED:
        measure._change_reason = Measure.CORRECTION_AFTER_TERM  # read by simple-history


def create_measure(*, measure: Measure, user: User) -> Measure:
    """Save a new measure (for example a valid MeasureForm's unsaved instance)."""
    _require_participation(user, measure.participation)
    mark_correction_after_term(measure)
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
        mark_correction_after_term(measure)
        return save_measure(measure=measure, user=user)


def merge_after_conflict(*, data, cleaned: dict, conflict: EditConflict):
    """The posted form data with the other person's changes taken over wherever this
    person left the field as it was; marks the fields both changed as conflicts."""
    data = data.copy()
    for change in conflict.changes:
        if change.field in CHECK_TRACKED:
            continue  # the coordination's check, not the form's: nothing to merge
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
        mark_correction_after_term(current)
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
