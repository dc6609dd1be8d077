"""The published fields of a network's measures: one list of fields for the page that
explains them, the preview, the CSV and the JSON file, so none of them can show more.

Published: what a measure is and what it achieves (municipality and its AGS, focus
area, title, status, dates, money, energy and greenhouse-gas figures with the factor
set they were counted in). Never published: people (who is responsible, who wrote
or changed what), free texts that may name them (descriptions, progress notes, the
reason for a greenhouse-gas figure typed by hand), documents and photos.
"""

import csv
import datetime
import io
import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import Count, Max
from django.utils.translation import gettext_lazy as _

from lib.spreadsheets import safe_text
from measures.models import EnergyCarrier, Measure
from networks.models import FactorSet, Network, gas_of
from opendata.models import Publication

TEXT, DATE, NUMBER, INTEGER, BOOL = "text", "date", "number", "integer", "bool"


@dataclass(frozen=True)
class Field:
    key: str  # the CSV column and the JSON key
    label: str  # what the explanation calls it
    kind: str
    value: Callable[[Measure], Any]


def _net_kwh(measure: Measure, carrier_id: int) -> Decimal | None:
    """The net final energy of one carrier: saved minus added (None without a line)."""
    lines = [line for line in measure.energy.all() if line.carrier_id == carrier_id]
    if not lines:
        return None
    return sum((line.signed_kwh() for line in lines), Decimal(0))


def _factor_set(measure: Measure) -> FactorSet:
    return measure.participation.network.factor_set


FIELDS = [
    Field("massnahme_id", _("Kennung der Maßnahme im Portal"), INTEGER, lambda m: m.pk),
    Field("kommune", _("Kommune"), TEXT, lambda m: m.participation.municipality.name),
    Field(
        "ags",
        _("Amtlicher Gemeindeschlüssel (AGS)"),
        TEXT,
        lambda m: m.participation.municipality.ags,
    ),
    Field("themenschwerpunkt", _("Themenschwerpunkt"), TEXT, lambda m: m.focus_area.name),
    Field("titel", _("Titel"), TEXT, lambda m: m.title),
    Field(
        "status", _("Status (geplant, in Umsetzung, abgeschlossen, …)"), TEXT, lambda m: m.status
    ),
    Field("geplanter_beginn", _("geplanter Beginn"), DATE, lambda m: m.planned_start),
    Field("geplanter_abschluss", _("geplanter Abschluss"), DATE, lambda m: m.planned_end),
    Field("tatsaechlicher_beginn", _("tatsächlicher Beginn"), DATE, lambda m: m.started_on),
    Field("tatsaechlicher_abschluss", _("tatsächlicher Abschluss"), DATE, lambda m: m.completed_on),
    Field("investition_eur", _("Investition (EUR)"), NUMBER, lambda m: m.investment_eur),
    Field("foerdermittel_eur", _("Fördermittel (EUR)"), NUMBER, lambda m: m.subsidy_eur),
    Field(
        "endenergieeinsparung_kwh_a",
        _("Endenergieeinsparung (kWh/a), Saldo aller Energieträger"),
        NUMBER,
        lambda m: m.energy_savings_kwh,
    ),
    Field(
        "thg_einsparung_t_a",
        _("Treibhausgas-Einsparung (t/a)"),
        NUMBER,
        lambda m: m.co2_savings_t,
    ),
    Field(
        "thg_bilanzgroesse",
        _("Bilanzgröße der THG-Einsparung (CO₂ oder CO₂e)"),
        TEXT,
        lambda m: gas_of(_factor_set(m).basis),
    ),
    Field(
        "faktorbasis", _("Faktorbasis der Emissionsfaktoren"), TEXT, lambda m: _factor_set(m).name
    ),
    Field(
        "thg_von_hand",
        _("THG-Einsparung von Hand eingetragen (ohne die Begründung)"),
        BOOL,
        lambda m: m.co2_manual,
    ),
    Field("nutzungsdauer_jahre", _("Nutzungsdauer (Jahre)"), INTEGER, lambda m: m.lifetime_years),
]


def carrier_fields(carriers: Iterable[EnergyCarrier]) -> list[Field]:
    """One column per energy carrier: its net final-energy savings (kWh/a), negative
    where the measure draws more of it than before (a heat pump's electricity)."""
    return [
        Field(
            f"endenergie_{carrier.slug.replace('-', '_')}_kwh_a",
            _("Endenergieeinsparung %(carrier)s (kWh/a)") % {"carrier": carrier.name},
            NUMBER,
            lambda m, pk=carrier.pk: _net_kwh(m, pk),
        )
        for carrier in carriers
    ]


def all_fields() -> list[Field]:
    return FIELDS + carrier_fields(EnergyCarrier.objects.all())


def measures_of(network: Network):
    """The network's measures, those of municipalities that left it too, with what
    the fields read (constant queries however many there are)."""
    return (
        Measure.objects.filter(participation__network=network)
        .select_related(
            "participation__municipality", "participation__network__factor_set", "focus_area"
        )
        .prefetch_related("energy")
        .order_by("participation__municipality__name", "title", "pk")
    )


def rows(measures: Iterable[Measure], fields: list[Field]) -> list[dict[str, Any]]:
    return [{field.key: field.value(measure) for field in fields} for measure in measures]


def state(publication: Publication) -> tuple[datetime.datetime, str]:
    """When the data set last changed (its publication, such as its licence, or one of
    its measures), and an ETag that also moves when a measure is deleted."""
    found = Measure.objects.filter(participation__network=publication.network_id).aggregate(
        latest=Max("updated_at"), count=Count("pk")
    )
    moments = [publication.updated_at, found["latest"]]
    latest = max(moment for moment in moments if moment is not None)
    parts = (publication.network_id, publication.version, found["count"], latest.timestamp())
    tag = '"{}-{}-{}-{:.6f}"'.format(*parts)
    return latest, tag


def _csv_cell(field: Field, value: Any) -> str:
    if value is None:
        return ""
    if field.kind == NUMBER:
        return format(Decimal(value), "f")
    if field.kind == DATE:
        return value.isoformat()
    if field.kind == BOOL:
        return "true" if value else "false"
    if field.kind == INTEGER:
        return str(value)
    return safe_text(str(value))


def as_csv(measures: Iterable[Measure], fields: list[Field]) -> bytes:
    """RFC 4180 CSV for machines: UTF-8 without BOM, "," between cells, CRLF line
    ends, a header row of the keys, decimal point, ISO 8601 dates, true/false, empty
    cells for missing values. Text starting with = + - @ (or a tab or CR) gets a
    leading ' so that a spreadsheet shows it instead of running it."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow([field.key for field in fields])
    for measure in measures:
        writer.writerow([_csv_cell(field, field.value(measure)) for field in fields])
    return buffer.getvalue().encode("utf-8")


def _json_value(field: Field, value: Any) -> Any:
    if value is None:
        return None
    if field.kind == NUMBER:
        return float(value)
    if field.kind == DATE:
        return value.isoformat()
    return value


def as_json(measures: Iterable[Measure], fields: list[Field], *, about: dict) -> bytes:
    """`about` (the data set's title, licence, publisher, …) and the measures, each an
    object of the same keys as the CSV's columns (numbers as numbers, dates ISO 8601)."""
    document = {
        **about,
        "massnahmen": [
            {field.key: _json_value(field, field.value(measure)) for field in fields}
            for measure in measures
        ],
    }
    return json.dumps(document, ensure_ascii=False, indent=2).encode("utf-8")
