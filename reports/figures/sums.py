"""The sums of a report's figures: savings, and what participants, focus areas and the
network's totals sum up of their measures (reports.figures.types holds the rest).

One name per figure from the builder to the PDF: savings are `energy_mwh` (final
energy, MWh a year) and `co2_t` (greenhouse gas of the network's factor set, t a
year) of a `Savings`, which is `achieved` (completed measures since the network
began), `in_period` (completed in the report's period) or a `target`.
"""

import datetime
from dataclasses import dataclass, fields
from decimal import Decimal
from typing import Any

from django.utils.translation import gettext as _

from measures.models import Measure, MeasureCategory
from reports.figures.encoding import (
    FIGURES_VERSION,
    day_or_none,
    decimal_or_none,
    iso_or_none,
    text_or_none,
)
from reports.results import share, status_summary

# The names of versions 1 to 3 for each savings object's energy and greenhouse gas.
FLAT_NAMES = {
    "achieved": ("achieved_energy_mwh", "achieved_co2_t"),
    "in_period": ("period_energy_mwh", "period_co2_t"),
    "target": ("target_energy_mwh", "target_co2_t"),
}


@dataclass(frozen=True)
class Savings:
    """Final energy in MWh a year and greenhouse gas in t a year; None where a target
    or a measure gives none."""

    energy_mwh: Decimal | None
    co2_t: Decimal | None

    def to_json(self) -> dict:
        return {"energy_mwh": text_or_none(self.energy_mwh), "co2_t": text_or_none(self.co2_t)}

    @classmethod
    def from_json(cls, data: dict) -> "Savings":
        return cls(
            energy_mwh=decimal_or_none(data["energy_mwh"]),
            co2_t=decimal_or_none(data["co2_t"]),
        )

    @classmethod
    def in_row(cls, row: dict, name: str, version: int) -> "Savings":
        """The savings `name` (achieved, in_period, target) of a row of figures: an
        object of its own from version 4, two fields of the row before (FLAT_NAMES)."""
        if version >= 4:
            return cls.from_json(row[name])
        energy, co2 = FLAT_NAMES[name]
        return cls(energy_mwh=decimal_or_none(row[energy]), co2_t=decimal_or_none(row[co2]))


@dataclass(frozen=True, kw_only=True)
class Sums:
    """What participants, focus areas and the totals sum up of their measures: counts
    per status (the codes of Measure.Status), savings of completed measures (all, and
    those completed in the period), investment and subsidies of begun and completed
    measures, and greenhouse-gas savings over the lifetime of completed measures with
    how many saving ones give no lifetime (both None in figures before version 3)."""

    measure_count: int
    by_status: dict[str, int]
    completed_in_period: int
    achieved: Savings
    in_period: Savings
    investment_eur: Decimal
    subsidy_eur: Decimal
    lifetime_co2_t: Decimal | None
    without_lifetime: int | None

    @property
    def status_rows(self) -> list[tuple[Any, int]]:
        """(label, count) for every state, in the states' order and the active language."""
        return [(label, self.by_status.get(code, 0)) for code, label in Measure.Status.choices]

    @property
    def status_summary(self) -> str:
        """ "2 abgeschlossen, 1 geplant": the states that occur, in the active language."""
        return status_summary({"status_rows": self.status_rows})

    def to_json(self) -> dict:
        return {
            "measure_count": self.measure_count,
            "by_status": dict(self.by_status),
            "completed_in_period": self.completed_in_period,
            "achieved": self.achieved.to_json(),
            "in_period": self.in_period.to_json(),
            "investment_eur": text_or_none(self.investment_eur),
            "subsidy_eur": text_or_none(self.subsidy_eur),
            "lifetime_co2_t": text_or_none(self.lifetime_co2_t),
            "without_lifetime": self.without_lifetime,
        }

    @classmethod
    def from_json(cls, data: dict, version: int = FIGURES_VERSION) -> "Sums":
        """The sums of a row of figures (whose other fields it leaves)."""
        return Sums(
            measure_count=data["measure_count"],
            by_status=dict(data["by_status"]),
            completed_in_period=data["completed_in_period"],
            achieved=Savings.in_row(data, "achieved", version),
            in_period=Savings.in_row(data, "in_period", version),
            investment_eur=decimal_or_none(data["investment_eur"]),
            subsidy_eur=decimal_or_none(data["subsidy_eur"]),
            # Savings over the lifetime came with version 3 (absent before).
            lifetime_co2_t=decimal_or_none(data.get("lifetime_co2_t")),
            without_lifetime=data.get("without_lifetime"),
        )


def sum_fields(sums: Sums) -> dict[str, Any]:
    """The fields of `sums` as keyword arguments, for a row that holds them."""
    return {field.name: getattr(sums, field.name) for field in fields(Sums)}


class AgainstTarget:
    """How much of a row's target is reached, in whole percent (None without one)."""

    achieved: Savings
    target: Savings

    @property
    def energy_share(self) -> int | None:
        return share(self.achieved.energy_mwh, self.target.energy_mwh)

    @property
    def co2_share(self) -> int | None:
        return share(self.achieved.co2_t, self.target.co2_t)


@dataclass(frozen=True, kw_only=True)
class ParticipantRow(AgainstTarget, Sums):
    """A municipality taking part in the period: its measures' sums, its target (None
    for one that left before the period's end) and the meetings it attended."""

    municipality: str
    ags: str
    # The municipality's own code in a joint project (else the network's): "" if none.
    funding_code: str
    joined_on: datetime.date
    left_on: datetime.date | None
    target: Savings
    meetings_attended: int

    def to_json(self) -> dict:
        return {
            "municipality": self.municipality,
            "ags": self.ags,
            "funding_code": self.funding_code,
            "joined_on": iso_or_none(self.joined_on),
            "left_on": iso_or_none(self.left_on),
            "target": self.target.to_json(),
            **super().to_json(),
            "meetings_attended": self.meetings_attended,
        }

    @classmethod
    def from_json(cls, data: dict, version: int = FIGURES_VERSION) -> "ParticipantRow":
        return cls(
            municipality=data["municipality"],
            ags=data["ags"],
            # Codes per municipality came during version 2: none before.
            funding_code=data.get("funding_code", ""),
            joined_on=day_or_none(data["joined_on"]),
            left_on=day_or_none(data["left_on"]),
            target=Savings.in_row(data, "target", version),
            **sum_fields(Sums.from_json(data, version)),
            meetings_attended=data["meetings_attended"],
        )


@dataclass(frozen=True, kw_only=True)
class FocusAreaRow(Sums):
    name: str

    def to_json(self) -> dict:
        return {"name": self.name, **super().to_json()}

    @classmethod
    def from_json(cls, data: dict, version: int = FIGURES_VERSION) -> "FocusAreaRow":
        return cls(name=data["name"], **sum_fields(Sums.from_json(data, version)))


@dataclass(frozen=True, kw_only=True)
class CategoryRow(Sums):
    """The measures of one category of the funding programme (since issue 34): its
    number in the guideline ("" where it has none), German name and kind (investive,
    strategic); all three empty for the measures nobody has given a category yet."""

    code: str
    name: str
    kind: str

    @property
    def label(self) -> str:
        """ "4.2.1 Außen- und Straßenbeleuchtung"; "noch nicht zugeordnet" in the active
        language for the measures without a category."""
        if not self.name:
            return _("noch nicht zugeordnet")
        return f"{self.code} {self.name}" if self.code else self.name

    @property
    def kind_label(self) -> str:
        """The kind in the active language; a kind no longer known as stored."""
        return dict(MeasureCategory.Kind.choices).get(self.kind, self.kind)

    def to_json(self) -> dict:
        return {"code": self.code, "name": self.name, "kind": self.kind, **super().to_json()}

    @classmethod
    def from_json(cls, data: dict, version: int = FIGURES_VERSION) -> "CategoryRow":
        return cls(
            code=data["code"],
            name=data["name"],
            kind=data["kind"],
            **sum_fields(Sums.from_json(data, version)),
        )


@dataclass(frozen=True, kw_only=True)
class Totals(AgainstTarget, Sums):
    """The network's: the sums of its participants, the targets of those taking part
    at the period's end, how many they are and the meetings held in the period."""

    target: Savings
    participant_count: int
    meetings_held: int

    def to_json(self) -> dict:
        return {
            "target": self.target.to_json(),
            **super().to_json(),
            "participant_count": self.participant_count,
            "meetings_held": self.meetings_held,
        }

    @classmethod
    def from_json(cls, data: dict, version: int = FIGURES_VERSION) -> "Totals":
        return cls(
            target=Savings.in_row(data, "target", version),
            **sum_fields(Sums.from_json(data, version)),
            participant_count=data["participant_count"],
            meetings_held=data["meetings_held"],
        )
