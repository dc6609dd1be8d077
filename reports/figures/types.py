"""The figures of a report as types: what an issued report keeps (`Report.figures`, plain
JSON) and what its PDF, its workbook, the pages and the API read; the sums of
participants, focus areas and totals are in reports.figures.sums.

`to_json()` writes the layout of FIGURES_VERSION (reports.figures.encoding);
`from_json(data)` reads it and every layout an issued report may have, field by
field. Labels in a language (states, kinds of meeting, the status columns) are
properties, translated when shown, in the language active then; none is stored.
"""

import datetime
from collections.abc import Iterable
from dataclasses import dataclass, replace
from decimal import Decimal

from django.core.serializers.json import DjangoJSONEncoder

from events.models import Meeting
from measures.models import Measure, Term, evidence_label, is_achieved
from networks.funding import Funding, FundingLogo
from reports.figures.encoding import (
    FIGURES_VERSION,
    day_or_none,
    decimal_or_none,
    iso_or_none,
    text_or_none,
)
from reports.figures.finances import FinanceFacts
from reports.figures.sums import CategoryRow, FocusAreaRow, ParticipantRow, Savings, Totals
from reports.results import share


@dataclass(frozen=True)
class Period:
    start: datetime.date
    end: datetime.date

    def to_json(self) -> dict:
        return {"start": iso_or_none(self.start), "end": iso_or_none(self.end)}

    @classmethod
    def from_json(cls, data: dict) -> "Period":
        return cls(start=day_or_none(data["start"]), end=day_or_none(data["end"]))


@dataclass(frozen=True)
class FactorSetFacts:
    """The factor set the greenhouse-gas figures count in: its name, gas and unit."""

    name: str
    gas: str
    unit: str
    source: str

    def to_json(self) -> dict:
        return {"name": self.name, "gas": self.gas, "unit": self.unit, "source": self.source}

    @classmethod
    def from_json(cls, data: dict) -> "FactorSetFacts":
        return cls(name=data["name"], gas=data["gas"], unit=data["unit"], source=data["source"])


# What figures of version 2 and earlier counted: the programme's direct CO₂ factors.
BEFORE_FACTOR_SETS = FactorSetFacts(name="BAFA 2021 (CO₂)", gas="CO₂", unit="t CO₂/a", source="")


@dataclass(frozen=True)
class NetworkFacts:
    name: str
    funding_code: str
    funding_programme: str
    funding_agency: str
    funding_notice: str
    funder: str
    coordinator: str
    service_providers: tuple[str, ...]
    successors: tuple[str, ...]
    term_start: datetime.date
    term_end: datetime.date
    ghg: FactorSetFacts
    # Since issue 31, in figures of version 4: the ministry as the notice names it and
    # the funder's logos (stored files, read when the PDF is made). Figures without
    # them print the funder's name and no logos, as before.
    funding_ministry: str = ""
    funder_logos: tuple[FundingLogo, ...] = ()
    # The coordinator's other networks carrying the same funding code (as the seed's
    # two networks share one), by name: the cover says so.
    code_shared_with: tuple[str, ...] = ()

    @property
    def funding(self) -> Funding:
        """The funding block (templates/includes/funding_block.html)."""
        return Funding(
            ministry=self.funding_ministry or self.funder,
            programme=self.funding_programme,
            agency=self.funding_agency,
            code=self.funding_code,
            notice=self.funding_notice,
            logos=self.funder_logos,
        )

    @property
    def code_shared_by(self) -> tuple[str, ...]:
        """This network and those sharing its funding code, by name; empty if none does."""
        return tuple(sorted((self.name, *self.code_shared_with))) if self.code_shared_with else ()

    def to_json(self) -> dict:
        return {
            "name": self.name,
            "funding_code": self.funding_code,
            "funding_programme": self.funding_programme,
            "funding_agency": self.funding_agency,
            "funding_notice": self.funding_notice,
            "funder": self.funder,
            "funding_ministry": self.funding_ministry,
            "funder_logos": [logo.to_json() for logo in self.funder_logos],
            "coordinator": self.coordinator,
            "service_providers": list(self.service_providers),
            "successors": list(self.successors),
            "term_start": iso_or_none(self.term_start),
            "term_end": iso_or_none(self.term_end),
            "ghg": self.ghg.to_json(),
            "code_shared_with": list(self.code_shared_with),
        }

    @classmethod
    def from_json(cls, data: dict, version: int = FIGURES_VERSION) -> "NetworkFacts":
        return cls(
            name=data["name"],
            funding_code=data["funding_code"],
            funding_programme=data["funding_programme"],
            funding_agency=data["funding_agency"],
            # The notice and the successors came during version 2: none before.
            funding_notice=data.get("funding_notice", ""),
            funder=data["funder"],
            funding_ministry=data.get("funding_ministry", ""),
            funder_logos=tuple(
                FundingLogo.from_json(logo) for logo in data.get("funder_logos", ())
            ),
            coordinator=data["coordinator"],
            service_providers=tuple(data["service_providers"]),
            successors=tuple(data.get("successors", ())),
            term_start=day_or_none(data["term_start"]),
            term_end=day_or_none(data["term_end"]),
            ghg=FactorSetFacts.from_json(data["ghg"]) if version >= 3 else BEFORE_FACTOR_SETS,
            # Came during version 4 (issue 31): none before.
            code_shared_with=tuple(data.get("code_shared_with", ())),
        )


@dataclass(frozen=True)
class MeetingRow:
    """A meeting held in the period: how many municipalities and people were there,
    and the municipalities taking part that day that nobody attended for (None in
    figures of version 1, which did not name them)."""

    date: datetime.date
    title: str
    kind: str
    municipalities: int
    attendees: int
    not_represented: tuple[str, ...] | None

    @property
    def kind_label(self):
        """The kind in the active language; a kind no longer known as stored."""
        return dict(Meeting.Kind.choices).get(self.kind, self.kind)

    def to_json(self) -> dict:
        return {
            "date": iso_or_none(self.date),
            "title": self.title,
            "kind": self.kind,
            "municipalities": self.municipalities,
            "attendees": self.attendees,
            "not_represented": None if self.not_represented is None else list(self.not_represented),
        }

    @classmethod
    def from_json(cls, data: dict, version: int = FIGURES_VERSION) -> "MeetingRow":
        absent = data["not_represented"] if version >= 2 else None
        return cls(
            date=day_or_none(data["date"]),
            title=data["title"],
            kind=data["kind"],
            municipalities=data["municipalities"],
            attendees=data["attendees"],
            not_represented=None if absent is None else tuple(absent),
        )


@dataclass(frozen=True)
class MeasureRow:
    """A measure in the annex, as it stood: its own savings (planned ones too), and
    whether its greenhouse-gas figure was typed by hand, with the reason given, instead
    of computed from its energy and a factor (false for figures from before issue 31,
    which did not keep it)."""

    municipality: str
    title: str
    focus_area: str
    status: str
    started_on: datetime.date | None
    completed_on: datetime.date | None
    energy_mwh: Decimal | None
    co2_t: Decimal | None
    investment_eur: Decimal | None
    subsidy_eur: Decimal | None
    co2_manual: bool = False
    co2_manual_reason: str = ""
    # Since issue 34, during version 4: how the savings were found (a Measure.Evidence
    # value, "" for not stated; None in figures that did not keep it), the day the
    # coordination checked the measure against a document, and whether its savings
    # changed after that check.
    evidence: str | None = None
    checked_on: datetime.date | None = None
    changed_after_check: bool = False
    # Since issue 34, during version 4: its category of the funding programme as it
    # stood, "4.2.1 Außen- und Straßenbeleuchtung" ("" for none given yet; None in
    # figures that did not keep it).
    category: str | None = None

    @property
    def evidence_label(self) -> str:
        """How the savings were found, in the active language; "" where not kept."""
        return "" if self.evidence is None else evidence_label(self.evidence)

    @property
    def status_label(self):
        """The state in the active language; a state no longer known as stored."""
        return dict(Measure.Status.choices).get(self.status, self.status)

    def is_achieved(self, term: Term) -> bool:
        """Whether its savings count as achieved in a network of the term
        (measures.models.is_achieved)."""
        return is_achieved({"status": self.status, "completed_on": self.completed_on}, term=term)

    def to_json(self) -> dict:
        return {
            "municipality": self.municipality,
            "title": self.title,
            "focus_area": self.focus_area,
            "status": self.status,
            "started_on": iso_or_none(self.started_on),
            "completed_on": iso_or_none(self.completed_on),
            "energy_mwh": text_or_none(self.energy_mwh),
            "co2_t": text_or_none(self.co2_t),
            "investment_eur": text_or_none(self.investment_eur),
            "subsidy_eur": text_or_none(self.subsidy_eur),
            "co2_manual": self.co2_manual,
            "co2_manual_reason": self.co2_manual_reason,
            "evidence": self.evidence,
            "checked_on": iso_or_none(self.checked_on),
            "changed_after_check": self.changed_after_check,
            "category": self.category,
        }

    @classmethod
    def from_json(cls, data: dict) -> "MeasureRow":
        return cls(
            municipality=data["municipality"],
            title=data["title"],
            focus_area=data["focus_area"],
            status=data["status"],
            started_on=day_or_none(data["started_on"]),
            completed_on=day_or_none(data["completed_on"]),
            energy_mwh=decimal_or_none(data["energy_mwh"]),
            co2_t=decimal_or_none(data["co2_t"]),
            investment_eur=decimal_or_none(data["investment_eur"]),
            subsidy_eur=decimal_or_none(data["subsidy_eur"]),
            # Came during version 4 (issue 31): not kept before.
            co2_manual=data.get("co2_manual", False),
            co2_manual_reason=data.get("co2_manual_reason", ""),
            # Came during version 4 (issue 34): not kept before.
            evidence=data.get("evidence"),
            checked_on=day_or_none(data.get("checked_on")),
            changed_after_check=data.get("changed_after_check", False),
            category=data.get("category"),
        )


@dataclass(frozen=True)
class EvidenceRow:
    """How much of the achieved savings was found one way (a Measure.Evidence value,
    "" for not stated): the measures and their savings."""

    evidence: str
    measure_count: int
    savings: Savings

    @property
    def label(self) -> str:
        return evidence_label(self.evidence)

    def to_json(self) -> dict:
        return {
            "evidence": self.evidence,
            "measure_count": self.measure_count,
            "savings": self.savings.to_json(),
        }

    @classmethod
    def from_json(cls, data: dict) -> "EvidenceRow":
        return cls(
            evidence=data["evidence"],
            measure_count=data["measure_count"],
            savings=Savings.from_json(data["savings"]),
        )


# The rows of the evidence table, always all four, in this order.
EVIDENCE_ORDER = (*Measure.Evidence.values, "")


def evidence_rows(measures: Iterable[MeasureRow]) -> tuple[EvidenceRow, ...]:
    """The savings of `measures` (a report's achieved ones, or one municipality's) by how
    they were found, counting the measures that save something; measures from figures
    that did not keep it count as not stated."""
    measures = [m for m in measures if m.energy_mwh or m.co2_t]  # a study saves nothing
    rows = []
    for code in EVIDENCE_ORDER:
        own = [m for m in measures if (m.evidence or "") == code]
        rows.append(
            EvidenceRow(
                evidence=code,
                measure_count=len(own),
                savings=Savings(
                    energy_mwh=sum((m.energy_mwh for m in own if m.energy_mwh), Decimal(0)),
                    co2_t=sum((m.co2_t for m in own if m.co2_t), Decimal(0)),
                ),
            )
        )
    return tuple(rows)


EvidenceShare = tuple[EvidenceRow, int | None, int | None]


def evidence_shares(rows: Iterable[EvidenceRow]) -> list[EvidenceShare]:
    """Each row with its share of the rows' energy and greenhouse-gas savings, in whole
    percent (None where the total is zero)."""
    rows = list(rows)
    energy = sum((row.savings.energy_mwh for row in rows), Decimal(0))
    co2 = sum((row.savings.co2_t for row in rows), Decimal(0))
    return [
        (row, share(row.savings.energy_mwh, energy), share(row.savings.co2_t, co2)) for row in rows
    ]


@dataclass(frozen=True)
class ComplianceRow:
    """A rule of the funding programme as checked at the figures' moment (lib.rules.Rule):
    its state (green, amber, red), text, finding, evidence link and gaps, in the
    language of the issuing; `key` names the rule for the coordination's comment on it
    (Report.rule_comments; empty in figures from before issue 31)."""

    state: str
    rule: str
    finding: str
    link: str
    gaps: tuple[str, ...]
    key: str = ""

    def to_json(self) -> dict:
        return {
            "state": self.state,
            "rule": self.rule,
            "finding": self.finding,
            "link": self.link,
            "gaps": list(self.gaps),
            "key": self.key,
        }

    @classmethod
    def from_json(cls, data: dict) -> "ComplianceRow":
        return cls(
            state=data["state"],
            rule=data["rule"],
            finding=data["finding"],
            link=data["link"],
            gaps=tuple(data["gaps"]),
            # Came during version 4 (issue 31): none before.
            key=data.get("key", ""),
        )


@dataclass(frozen=True)
class ReportFigures:
    """Everything a report shows, as of `as_of`: the end of its period, or the moment
    it was issued if that came first."""

    as_of: datetime.datetime
    period: Period
    network: NetworkFacts
    participants: tuple[ParticipantRow, ...]
    totals: Totals
    focus_areas: tuple[FocusAreaRow, ...]
    meetings: tuple[MeetingRow, ...]
    measures: tuple[MeasureRow, ...]
    compliance: tuple[ComplianceRow, ...]
    # The final report's chapter on the finances, for a network with a grant (since
    # issue 32, during version 4); None in every other report.
    finances: FinanceFacts | None = None
    # The measures by category of the funding programme (since issue 34, during
    # version 4); None in figures frozen before, which show no such table.
    categories: tuple[CategoryRow, ...] | None = None
    # The achieved savings by how they were found (since issue 34, during version 4);
    # None in figures that did not keep it.
    evidence: tuple[EvidenceRow, ...] | None = None

    @property
    def evidence_table(self) -> list[EvidenceShare] | None:
        """The evidence rows with their shares (evidence_shares); None where not kept."""
        return None if self.evidence is None else evidence_shares(self.evidence)

    @property
    def checked_measures(self) -> bool:
        """Whether a measure of the annex was checked by the coordination."""
        return any(measure.checked_on for measure in self.measures)

    @property
    def checks_changed(self) -> bool:
        """Whether a checked measure's savings changed after its check."""
        return any(measure.changed_after_check for measure in self.measures)

    @property
    def status_labels(self) -> list:
        """The headings of the status columns: every state, in the active language."""
        return [label for _code, label in Measure.Status.choices]

    @property
    def achieved_measures(self) -> list[MeasureRow]:
        """The measures whose savings count as achieved: completed within the network's
        term (measures.models.is_achieved), as the totals count them."""
        term = (
            self.network.term_start or datetime.date.min,
            self.network.term_end or datetime.date.max,
        )
        return [measure for measure in self.measures if measure.is_achieved(term)]

    @property
    def names_not_represented(self) -> bool:
        """Whether the meetings name who was not represented (not in version 1)."""
        return all(meeting.not_represented is not None for meeting in self.meetings)

    def without_finances(self) -> "ReportFigures":
        """The same figures without the chapter on the finances: what the members who
        may not read the network's finances (finances.access) see of the report."""
        return replace(self, finances=None)

    def to_json(self) -> dict:
        return {
            "version": FIGURES_VERSION,
            # As Django's encoder writes a moment, to the millisecond.
            "as_of": DjangoJSONEncoder().default(self.as_of),
            "period": self.period.to_json(),
            "network": self.network.to_json(),
            "participants": [row.to_json() for row in self.participants],
            "totals": self.totals.to_json(),
            "focus_areas": [row.to_json() for row in self.focus_areas],
            "meetings": [row.to_json() for row in self.meetings],
            "measures": [row.to_json() for row in self.measures],
            "compliance": [row.to_json() for row in self.compliance],
            **({"finances": self.finances.to_json()} if self.finances else {}),
            **(
                {"categories": [row.to_json() for row in self.categories]}
                if self.categories is not None
                else {}
            ),
            **(
                {"evidence": [row.to_json() for row in self.evidence]}
                if self.evidence is not None
                else {}
            ),
        }

    @classmethod
    def from_json(cls, data: dict) -> "ReportFigures":
        version = data["version"]
        return cls(
            as_of=datetime.datetime.fromisoformat(data["as_of"]),
            period=Period.from_json(data["period"]),
            network=NetworkFacts.from_json(data["network"], version),
            participants=tuple(ParticipantRow.from_json(p, version) for p in data["participants"]),
            totals=Totals.from_json(data["totals"], version),
            focus_areas=tuple(FocusAreaRow.from_json(a, version) for a in data["focus_areas"]),
            meetings=tuple(MeetingRow.from_json(m, version) for m in data["meetings"]),
            measures=tuple(MeasureRow.from_json(m) for m in data["measures"]),
            # The programme's rules came during version 2: none before.
            compliance=tuple(ComplianceRow.from_json(r) for r in data.get("compliance", ())),
            # Came during version 4 (issue 32): final reports of networks with a grant.
            finances=FinanceFacts.from_json(data["finances"]) if data.get("finances") else None,
            # Came during version 4 (issue 34): figures frozen before have no table.
            categories=(
                tuple(CategoryRow.from_json(row, version) for row in data["categories"])
                if "categories" in data
                else None
            ),
            # Came during version 4 (issue 34): none before.
            evidence=(
                tuple(EvidenceRow.from_json(row) for row in data["evidence"])
                if "evidence" in data
                else None
            ),
        )
