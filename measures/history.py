"""What changed between two versions of a measure, in words people read."""

from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal

from django.utils import formats, timezone
from django.utils.translation import gettext as _

from measures.models import Measure, MeasureDocument, evidence_label
from networks.models import FocusArea, Participation, User

# The fields a person edits, in the order of the form.
TRACKED = [
    "participation", "focus_area", "title", "description", "status", "responsible",
    "planned_start", "planned_end", "started_on", "completed_on", "investment_eur",
    "subsidy_eur", "energy_savings_kwh", "lifetime_years", "co2_manual", "co2_savings_t",
    "co2_manual_reason", "evidence", "measured_from", "measured_until",
    "consumption_before_kwh", "consumption_after_kwh", "evidence_source", "evidence_note",
    "evidence_document", "checked_at", "checked_by", "checked_document", "check_note",
]  # fmt: skip
# The coordination's check (measures.services.evidence), which no form of the measure edits.
CHECK_TRACKED = ("checked_at", "checked_by", "checked_document", "check_note")
RELATED = {
    "participation": Participation,
    "focus_area": FocusArea,
    "evidence_document": MeasureDocument,
    "checked_document": MeasureDocument,
    "checked_by": User,
}


@dataclass
class Change:
    field: str
    label: str
    old: str
    new: str
    conflict: bool = False  # both people changed this field (see merge_after_conflict)


@dataclass
class Entry:
    """One saved version: who saved it when, and what it changed."""

    record: object
    created: bool
    changes: list[Change] = field(default_factory=list)

    @property
    def correction(self) -> bool:
        """Saved after the network's term ended (a coordination's correction)."""
        return self.record.history_change_reason == Measure.CORRECTION_AFTER_TERM


def value_of(record, name: str):
    return getattr(record, Measure._meta.get_field(name).attname)


def _display(name: str, value, names: dict) -> str:
    if value is None or value == "":
        return "–"
    if name in RELATED:
        return names.get((name, value), str(value))
    if name == "status":
        return str(Measure.Status(value).label)
    if name == "evidence":
        return evidence_label(value)
    if name == "checked_at":
        return formats.date_format(timezone.localtime(value), "SHORT_DATETIME_FORMAT")
    if isinstance(value, bool):
        return _("ja") if value else _("nein")
    if isinstance(value, Decimal | float | int):
        return formats.number_format(value, use_l10n=True, force_grouping=True)
    if isinstance(value, date | datetime):
        return formats.date_format(value, "SHORT_DATE_FORMAT")
    return str(value)


def _related_names(records) -> dict:
    ids: dict[str, set] = {name: set() for name in RELATED}
    for record in records:
        for name in RELATED:
            value = value_of(record, name)
            if value is not None:
                ids[name].add(value)
    names = {}
    for name, model in RELATED.items():
        if not ids[name]:
            continue
        objects = model.objects.filter(pk__in=ids[name])
        if model is Participation:
            objects = objects.select_related("municipality", "network")
        for obj in objects:
            if model is Participation:
                label = f"{obj.municipality} ({obj.network})"
            elif model is User:
                label = obj.name or _("unbekannt")  # never the e-mail address
            else:
                label = str(obj)
            names[(name, obj.pk)] = label
    return names


def diff(old, new, names: dict | None = None) -> list[Change]:
    """The tracked fields that differ between two versions (historical records or
    measures), with display values."""
    if names is None:
        names = _related_names([old, new])
    changes = []
    for name in TRACKED:
        before, after = value_of(old, name), value_of(new, name)
        if before != after:
            label = str(Measure._meta.get_field(name).verbose_name)
            if name == "participation":
                label = _("Kommune im Netzwerk")
            changes.append(
                Change(name, label, _display(name, before, names), _display(name, after, names))
            )
    return changes


def timeline(measure: Measure) -> list[Entry]:
    """Every saved version of a measure, newest first, with what it changed (3 queries)."""
    records = list(measure.history.select_related("history_user").order_by("history_date"))
    names = _related_names(records)
    entries = []
    previous = None
    for record in records:
        if previous is None or record.history_type == "+":
            entries.append(Entry(record, created=True))
        else:
            changes = diff(previous, record, names)
            if changes:
                entries.append(Entry(record, created=False, changes=changes))
        previous = record
    return entries[::-1]
