"""The coordination's check of a measure against one of its documents, as a funder's
sample check would make it (IEEKN networks check one participant in ten): who, when,
against which document, with a note. The savings as they stood are kept with it, so
that a later change of them shows as "geändert nach Prüfung" instead of the mark
quietly vouching for figures nobody checked (Measure.changed_after_check)."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from lib.conflicts import check_version
from measures.models import Measure, MeasureDocument
from networks.access import require_network_editor
from networks.models import User

CHECK_FIELDS = [
    "checked_at", "checked_by", "checked_document", "check_note", "checked_energy_kwh",
    "checked_co2_t", "updated_at",
]  # fmt: skip


def _locked(measure: Measure, user: User, base_version: int | None) -> Measure:
    """The measure's row, locked, once the person may check it and nobody saved it
    since `base_version` (else EditConflict, 409 on the page)."""
    current = (
        Measure.objects.select_for_update()
        .select_related("participation__network")
        .get(pk=measure.pk)
    )
    require_network_editor(user, current.participation.network_id)
    check_version(current.version, base_version, current=current)
    return current


def check_measure(
    *,
    measure: Measure,
    user: User,
    document: MeasureDocument | None,
    note: str = "",
    base_version: int | None,
) -> Measure:
    """Mark the measure as checked by `user` now against `document`, one of its own
    documents; a check made again replaces the earlier one (the history keeps both)."""
    with transaction.atomic():
        current = _locked(measure, user, base_version)
        if document is None:
            raise ValidationError(
                {"document": _("Bitte das Dokument wählen, anhand dessen geprüft wurde.")}
            )
        if document.measure_id != current.pk:
            raise ValidationError(
                {"document": _("Bitte eines der Dokumente dieser Maßnahme wählen.")}
            )
        current.checked_at = timezone.now()
        current.checked_by = user
        current.checked_document = document
        current.check_note = note.strip()
        current.checked_energy_kwh = current.energy_savings_kwh
        current.checked_co2_t = current.co2_savings_t
        return _save(current, user)


def withdraw_check(*, measure: Measure, user: User, base_version: int | None) -> Measure:
    """Take the check back; the history keeps who had checked it when."""
    with transaction.atomic():
        current = _locked(measure, user, base_version)
        if current.checked_at is None:
            raise ValidationError(_("Die Maßnahme ist nicht als geprüft markiert."))
        current.checked_at = current.checked_by = current.checked_document = None
        current.check_note = ""
        current.checked_energy_kwh = current.checked_co2_t = None
        return _save(current, user)


def _save(measure: Measure, user: User) -> Measure:
    """Save the check's fields only (a check changes no figure), raising the version
    (lib.conflicts.Versioned) and recording the change in the measure's history."""
    measure._evidence_errors(errors := {})
    if errors:
        raise ValidationError(errors)
    # Not a correction after the term (mark_correction_after_term) even in an ended
    # network: a check changes none of the measure's figures.
    measure._history_user = user  # read by django-simple-history
    measure.save(update_fields=CHECK_FIELDS)
    return measure
