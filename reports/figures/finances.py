"""The figures of a final report's chapter on the finances (issue 32), as types: plan
against actual per budget line, the financing by source, the grant called off and
received. Frozen into `Report.figures["finances"]` like every figure; the amounts
are written as decimal strings, the days as ISO dates."""

import datetime
from dataclasses import dataclass
from decimal import Decimal

from finances.models import Source
from reports.figures.encoding import day_or_none, iso_or_none


@dataclass(frozen=True)
class FinanceLineRow:
    """A budget line of the financing plan: planned over the approval period, and spent
    (eligible amounts paid) by the figures' cut-off. `key` names the line for the
    coordination's comment on its deviation (Report.line_comments)."""

    key: str
    name: str
    planned: Decimal
    actual: Decimal

    @property
    def deviation(self) -> Decimal:
        return self.actual - self.planned

    @property
    def deviation_percent(self) -> Decimal | None:
        """The deviation in percent of the plan; None for a line planned at nothing."""
        if not self.planned:
            return None
        return (self.deviation / self.planned * 100).quantize(Decimal("0.1"))

    def exceeds(self, tolerance_percent: Decimal, *, period_over: bool = True) -> bool:
        """Whether it deviates from its plan by more than the tolerance: spent more (a
        line without a plan: anything), or, once the approval period is over, spent
        less (before, a line is under its plan for the years still to come)."""
        limit = self.planned * tolerance_percent / 100
        return self.deviation > limit or (period_over and -self.deviation > limit)

    def to_json(self) -> dict:
        return {
            "key": self.key,
            "name": self.name,
            "planned": str(self.planned),
            "actual": str(self.actual),
        }

    @classmethod
    def from_json(cls, data: dict) -> "FinanceLineRow":
        return cls(
            key=data["key"],
            name=data["name"],
            planned=Decimal(data["planned"]),
            actual=Decimal(data["actual"]),
        )


@dataclass(frozen=True)
class FinanceSourceRow:
    """A source of the financing (finances.models.Source): planned, and received by the
    cut-off (the grant: what the call-offs brought in)."""

    source: str
    planned: Decimal
    received: Decimal

    @property
    def label(self):
        """The source in the active language; a source no longer known as stored."""
        return dict(Source.choices).get(self.source, self.source)

    def to_json(self) -> dict:
        return {
            "source": self.source,
            "planned": str(self.planned),
            "received": str(self.received),
        }

    @classmethod
    def from_json(cls, data: dict) -> "FinanceSourceRow":
        return cls(
            source=data["source"],
            planned=Decimal(data["planned"]),
            received=Decimal(data["received"]),
        )


@dataclass(frozen=True)
class FinanceFacts:
    """The final report's chapter on the finances of a network with a grant, as of
    `cut_off` (the end of the report's period, or the day of issuing if earlier): plan
    against actual per budget line, the financing by source, the grant called off and
    received, and when the proof of use is due (and issued, if it was by then)."""

    cut_off: datetime.date
    approval_start: datetime.date
    approval_end: datetime.date
    tolerance_percent: Decimal
    lines: tuple[FinanceLineRow, ...]
    sources: tuple[FinanceSourceRow, ...]
    grant_called_off: Decimal
    grant_received: Decimal
    final_proof_due: datetime.date
    final_proof_issued_on: datetime.date | None = None

    @property
    def total(self) -> FinanceLineRow:
        return FinanceLineRow(
            key="",
            name="",
            planned=sum((line.planned for line in self.lines), Decimal(0)),
            actual=sum((line.actual for line in self.lines), Decimal(0)),
        )

    @property
    def sources_planned(self) -> Decimal:
        return sum((row.planned for row in self.sources), Decimal(0))

    @property
    def sources_received(self) -> Decimal:
        return sum((row.received for row in self.sources), Decimal(0))

    @property
    def period_over(self) -> bool:
        return self.cut_off >= self.approval_end

    def beyond_tolerance(self, line: FinanceLineRow) -> bool:
        """Whether the line's deviation needs a word from the coordination."""
        return line.exceeds(self.tolerance_percent, period_over=self.period_over)

    @property
    def lines_beyond_tolerance(self) -> list[FinanceLineRow]:
        return [line for line in self.lines if self.beyond_tolerance(line)]

    def to_json(self) -> dict:
        return {
            "cut_off": iso_or_none(self.cut_off),
            "approval_start": iso_or_none(self.approval_start),
            "approval_end": iso_or_none(self.approval_end),
            "tolerance_percent": str(self.tolerance_percent),
            "lines": [line.to_json() for line in self.lines],
            "sources": [row.to_json() for row in self.sources],
            "grant_called_off": str(self.grant_called_off),
            "grant_received": str(self.grant_received),
            "final_proof_due": iso_or_none(self.final_proof_due),
            "final_proof_issued_on": iso_or_none(self.final_proof_issued_on),
        }

    @classmethod
    def from_json(cls, data: dict) -> "FinanceFacts":
        return cls(
            cut_off=day_or_none(data["cut_off"]),
            approval_start=day_or_none(data["approval_start"]),
            approval_end=day_or_none(data["approval_end"]),
            tolerance_percent=Decimal(data["tolerance_percent"]),
            lines=tuple(FinanceLineRow.from_json(line) for line in data["lines"]),
            sources=tuple(FinanceSourceRow.from_json(row) for row in data["sources"]),
            grant_called_off=Decimal(data["grant_called_off"]),
            grant_received=Decimal(data["grant_received"]),
            final_proof_due=day_or_none(data["final_proof_due"]),
            final_proof_issued_on=day_or_none(data["final_proof_issued_on"]),
        )
