"""The one column layout that export, template and import share.

Headers are fixed German words, so that files can be exchanged whatever language
the person's interface is set to. Export-only columns (network, funding code,
net energy, the check, factor set, reference year, ID, last change) are ignored when
a file is imported. The category is exported by its German name and imported by its
number in the guideline, its German or its English name; the evidence behind the
savings ("Nachweis") is exported by its German label and imported by its label in
any interface language or its value. The coordination's check ("Geprüft am",
"Geprüft von") is exported only: it is the coordination's record, written by
`measures.services.check_measure`, and an import cannot claim it. The evidence
document is one of the measure's documents, which an import does not bring, so it
is left out.
"""

from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from lib.spreadsheets import XLSX_DATETIME_FORMAT
from measures.models import Measure

SHEET_TITLE = "Maßnahmen"
HINTS_TITLE = "Hinweise"

TEXT, DECIMAL, DATE, BOOL, INTEGER, DATETIME = "text", "decimal", "date", "bool", "int", "datetime"


@dataclass(frozen=True)
class Column:
    """One column of the spreadsheet layout.

    `field` names the model field whose validation errors are reported under this
    header; `imported` says whether the column is read on import.
    """

    header: str
    kind: str
    value: Callable[[Measure], Any]
    imported: bool
    field: str | None = None
    width: int = 14
    number_format: str | None = None


def _status_label(measure: Measure) -> str:
    return str(Measure.Status(measure.status).label)


def _evidence_label(measure: Measure) -> str:
    return str(Measure.Evidence(measure.evidence).label) if measure.evidence else ""


def _checked_by(measure: Measure) -> str:
    if measure.checked_at is None:
        return ""
    # As the measure's page shows it: the name, or "unbekannt" (none, or since deleted).
    return (measure.checked_by.name if measure.checked_by else "") or "unbekannt"


def _kwh(effect: str) -> Callable[[Measure], Decimal | None]:
    """The energy a measure saves (or adds), summed over its carriers."""

    def value(measure: Measure) -> Decimal | None:
        lines = [line for line in measure.energy.all() if line.effect == effect]
        return sum((line.kwh for line in lines), Decimal(0)) if lines else None

    return value


def _carriers(effect: str) -> Callable[[Measure], str]:
    """The carriers a measure saves (or adds), by their German names."""

    def value(measure: Measure) -> str:
        return "; ".join(
            line.carrier.name for line in measure.energy.all() if line.effect == effect
        )

    return value


MONEY = "#,##0.00"

COLUMNS: tuple[Column, ...] = (
    Column("Netzwerk", TEXT, lambda m: m.participation.network.name, False, width=28),
    Column("Förderkennzeichen", TEXT, lambda m: m.participation.effective_funding_code, False),
    Column("Kommune", TEXT, lambda m: m.participation.municipality.name, True, "participation", 22),
    Column("AGS", TEXT, lambda m: m.participation.municipality.ags, True, "participation", 11),
    Column("Themenschwerpunkt", TEXT, lambda m: m.focus_area.name, True, "focus_area", 24),
    Column(
        "Kategorie",
        TEXT,
        lambda m: m.category.name if m.category else "",
        True,
        "category",
        28,
    ),
    Column("Titel", TEXT, lambda m: m.title, True, "title", 40),
    Column("Beschreibung", TEXT, lambda m: m.description, True, "description", 50),
    Column("Status", TEXT, _status_label, True, "status", 16),
    Column("Verantwortlich", TEXT, lambda m: m.responsible, True, "responsible", 22),
    Column("Geplanter Beginn", DATE, lambda m: m.planned_start, True, "planned_start"),
    Column("Geplanter Abschluss", DATE, lambda m: m.planned_end, True, "planned_end"),
    Column("Tatsächlicher Beginn", DATE, lambda m: m.started_on, True, "started_on"),
    Column("Tatsächlicher Abschluss", DATE, lambda m: m.completed_on, True, "completed_on"),
    Column(
        "Investition (EUR)", DECIMAL, lambda m: m.investment_eur, True, "investment_eur", 16, MONEY
    ),
    Column("Fördermittel (EUR)", DECIMAL, lambda m: m.subsidy_eur, True, "subsidy_eur", 16, MONEY),
    Column(
        "Endenergieeinsparung (kWh/a)",
        DECIMAL,
        _kwh("saved"),
        True,
        "energy_savings_kwh",
        18,
        MONEY,
    ),
    Column("Energieträger", TEXT, _carriers("saved"), True, "energy_carrier", 18),
    Column("Zusätzlich bezogen (kWh/a)", DECIMAL, _kwh("added"), True, "added_kwh", 18, MONEY),
    Column("Zusätzlicher Energieträger", TEXT, _carriers("added"), True, "added_carrier", 18),
    Column(
        "Endenergie netto (kWh/a)",
        DECIMAL,
        lambda m: m.energy_savings_kwh,
        False,
        width=18,
        number_format=MONEY,
    ),
    Column(
        "Nutzungsdauer (Jahre)",
        INTEGER,
        lambda m: m.lifetime_years,
        True,
        "lifetime_years",
        10,
        "0",
    ),
    Column(
        "THG-Einsparung (t/a)",
        DECIMAL,
        lambda m: m.co2_savings_t,
        True,
        "co2_savings_t",
        16,
        "#,##0.000",
    ),
    Column("THG von Hand (ja/nein)", BOOL, lambda m: m.co2_manual, True, "co2_manual", 12),
    Column(
        "Begründung Handeingabe",
        TEXT,
        lambda m: m.co2_manual_reason,
        True,
        "co2_manual_reason",
        30,
    ),
    Column("Nachweis", TEXT, _evidence_label, True, "evidence", 14),
    Column("Messzeitraum von", DATE, lambda m: m.measured_from, True, "measured_from"),
    Column("Messzeitraum bis", DATE, lambda m: m.measured_until, True, "measured_until"),
    Column(
        "Verbrauch vorher (kWh)",
        DECIMAL,
        lambda m: m.consumption_before_kwh,
        True,
        "consumption_before_kwh",
        18,
        MONEY,
    ),
    Column(
        "Verbrauch nachher (kWh)",
        DECIMAL,
        lambda m: m.consumption_after_kwh,
        True,
        "consumption_after_kwh",
        18,
        MONEY,
    ),
    Column(
        "Quelle der Berechnung",
        TEXT,
        lambda m: m.evidence_source,
        True,
        "evidence_source",
        30,
    ),
    Column("Methode", TEXT, lambda m: m.evidence_note, True, "evidence_note", 40),
    Column(
        "Geprüft am",
        DATETIME,
        lambda m: m.checked_at,
        False,
        width=17,
        number_format=XLSX_DATETIME_FORMAT,
    ),
    Column("Geprüft von", TEXT, _checked_by, False, width=22),
    Column(
        "Faktorbasis",
        TEXT,
        lambda m: m.participation.network.factor_set.name,
        False,
        width=20,
    ),
    Column("Bezugsjahr", INTEGER, lambda m: m.reference_year(), False, width=10, number_format="0"),
    Column("ID", INTEGER, lambda m: m.pk, False, width=8, number_format="0"),
    Column(
        "Geändert am",
        DATETIME,
        lambda m: m.updated_at,
        False,
        width=17,
        number_format=XLSX_DATETIME_FORMAT,
    ),
)

HEADERS: tuple[str, ...] = tuple(column.header for column in COLUMNS)
IMPORT_HEADERS: tuple[str, ...] = tuple(c.header for c in COLUMNS if c.imported)
EXPORT_ONLY_HEADERS: tuple[str, ...] = tuple(c.header for c in COLUMNS if not c.imported)
# A file must have these; municipality is found by "Kommune" or "AGS" (one is enough).
REQUIRED_HEADERS: tuple[str, ...] = ("Themenschwerpunkt", "Titel")
MUNICIPALITY_HEADERS: tuple[str, ...] = ("Kommune", "AGS")
BY_HEADER = {column.header: column for column in COLUMNS}
# The header under which a model field's validation errors are reported.
HEADER_OF_FIELD = {
    column.field: column.header for column in COLUMNS if column.field and column.imported
}
HEADER_OF_FIELD["participation"] = "Kommune"


def column_order(message: str) -> int:
    """Where a message "<header>: …" belongs among the columns; others come last."""
    header = message.split(": ", 1)[0]
    return HEADERS.index(header) if header in HEADERS else len(HEADERS)
