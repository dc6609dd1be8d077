"""The figures a proof freezes, as types: what an issued proof keeps (`Proof.figures`,
plain JSON) and what its PDF, its workbook and the pages read.

An interim proof of a budget year covers the approval period from its start to the
end of that year: the budget years up to it, the receipts paid and the call-offs
made by then. The final proof covers the whole approval period. Labels in a
language (budget line kinds, income sources) are properties, translated when shown;
the budget lines' names are the coordination's own words and kept as written.
"""

import datetime
from dataclasses import dataclass
from decimal import Decimal

from finances.checks import Finding, check_finances
from finances.models import CENT, BudgetLine, Grant, PlannedAmount, Proof, Receipt, Source
from finances.receipt_rows import ReceiptRows

FIGURES_VERSION = 1
ZERO = Decimal(0)


def _amounts(values) -> list[str]:
    return [str(value) for value in values]


def _decimals(values) -> tuple[Decimal, ...]:
    return tuple(Decimal(value) for value in values)


@dataclass(frozen=True)
class PlanRow:
    """A budget line or an income source: planned and actual per budget year."""

    key: str  # the line's kind or the income's source (for its label)
    name: str
    planned: tuple[Decimal, ...]
    actual: tuple[Decimal, ...]

    @property
    def planned_total(self) -> Decimal:
        return sum(self.planned, ZERO)

    @property
    def actual_total(self) -> Decimal:
        return sum(self.actual, ZERO)

    @property
    def deviation(self) -> Decimal:
        return self.actual_total - self.planned_total

    @property
    def deviation_percent(self) -> Decimal | None:
        if not self.planned_total:
            return None
        return (self.deviation / self.planned_total * 100).quantize(Decimal("0.1"))

    @property
    def kind_label(self) -> str:
        return str(BudgetLine.Kind(self.key).label) if self.key in BudgetLine.Kind else ""

    @property
    def source_label(self) -> str:
        return str(Source(self.key).label) if self.key in Source else self.name

    def cells(self) -> list[tuple[Decimal, Decimal]]:
        return list(zip(self.planned, self.actual, strict=True))

    def to_json(self) -> dict:
        percent = self.deviation_percent
        return {
            "key": self.key, "name": self.name,
            "planned": _amounts(self.planned), "actual": _amounts(self.actual),
            "deviation": str(self.deviation),
            "deviation_percent": None if percent is None else str(percent),
        }  # fmt: skip

    @classmethod
    def from_json(cls, data: dict) -> "PlanRow":
        return cls(key=data["key"], name=data["name"], planned=_decimals(data["planned"]),
                   actual=_decimals(data["actual"]))  # fmt: skip


def _sum_rows(rows: list[PlanRow], width: int) -> PlanRow:
    return PlanRow(
        key="", name="",
        planned=tuple(sum((r.planned[i] for r in rows), ZERO) for i in range(width)),
        actual=tuple(sum((r.actual[i] for r in rows), ZERO) for i in range(width)),
    )  # fmt: skip


@dataclass(frozen=True)
class ProofFigures:
    kind: str
    year: int | None
    until: datetime.date  # the last day the proof covers
    years: tuple[int, ...]
    network: str
    funding_code: str
    coordinator: str
    ministry: str
    programme: str
    notice_number: str
    notice_date: datetime.date | None
    period_start: datetime.date
    period_end: datetime.date
    funding_rate: Decimal
    maximum_grant: Decimal
    deducts_input_vat: bool
    lines: tuple[PlanRow, ...]
    income: tuple[PlanRow, ...]
    called_off: Decimal
    received: Decimal
    call_off_count: int
    receipt_count: int

    @property
    def expenses(self) -> PlanRow:
        return _sum_rows(list(self.lines), len(self.years))

    @property
    def income_total(self) -> PlanRow:
        return _sum_rows(list(self.income), len(self.years))

    def _income(self, source: str) -> PlanRow | None:
        return next((row for row in self.income if row.key == source), None)

    @property
    def own_share_planned(self) -> Decimal:
        row = self._income(Source.OWN_SHARE)
        return row.planned_total if row else ZERO

    @property
    def own_share(self) -> Decimal:
        """The own share as it came out: the eligible expenses less the grant received
        and the other income (participants' contributions, third-party funds)."""
        others = sum(
            (row.actual_total for row in self.income
             if row.key not in (Source.GRANT, Source.OWN_SHARE)),
            ZERO,
        )  # fmt: skip
        return self.expenses.actual_total - self.received - others

    @property
    def grant_earned(self) -> Decimal:
        """The grant the eligible expenses earn: the funding rate of them, at most the
        maximum grant."""
        share = (self.expenses.actual_total * self.funding_rate / 100).quantize(CENT)
        return min(share, self.maximum_grant)

    def to_json(self) -> dict:
        return {
            "version": FIGURES_VERSION,
            "kind": self.kind, "year": self.year, "until": self.until.isoformat(),
            "years": list(self.years), "network": self.network,
            "funding_code": self.funding_code, "coordinator": self.coordinator,
            "ministry": self.ministry, "programme": self.programme,
            "notice_number": self.notice_number,
            "notice_date": self.notice_date.isoformat() if self.notice_date else None,
            "period_start": self.period_start.isoformat(),
            "period_end": self.period_end.isoformat(),
            "funding_rate": str(self.funding_rate), "maximum_grant": str(self.maximum_grant),
            "deducts_input_vat": self.deducts_input_vat,
            "lines": [row.to_json() for row in self.lines],
            "income": [row.to_json() for row in self.income],
            "expenses_total": self.expenses.to_json(),
            "income_total": self.income_total.to_json(),
            "called_off": str(self.called_off), "received": str(self.received),
            "call_off_count": self.call_off_count, "receipt_count": self.receipt_count,
            "own_share_planned": str(self.own_share_planned),
            "own_share": str(self.own_share), "grant_earned": str(self.grant_earned),
        }  # fmt: skip

    @classmethod
    def from_json(cls, data: dict) -> "ProofFigures":
        day = datetime.date.fromisoformat
        return cls(
            kind=data["kind"], year=data["year"], until=day(data["until"]),
            years=tuple(data["years"]), network=data["network"],
            funding_code=data["funding_code"], coordinator=data["coordinator"],
            ministry=data["ministry"], programme=data["programme"],
            notice_number=data["notice_number"],
            notice_date=day(data["notice_date"]) if data["notice_date"] else None,
            period_start=day(data["period_start"]), period_end=day(data["period_end"]),
            funding_rate=Decimal(data["funding_rate"]),
            maximum_grant=Decimal(data["maximum_grant"]),
            deducts_input_vat=data["deducts_input_vat"],
            lines=tuple(PlanRow.from_json(row) for row in data["lines"]),
            income=tuple(PlanRow.from_json(row) for row in data["income"]),
            called_off=Decimal(data["called_off"]), received=Decimal(data["received"]),
            call_off_count=data["call_off_count"], receipt_count=data["receipt_count"],
        )  # fmt: skip


def covered_until(grant: Grant, kind: str, year: int | None) -> datetime.date:
    if kind == Proof.Kind.INTERIM:
        return min(datetime.date(year, 12, 31), grant.period_end)
    return max(grant.period_end, datetime.date(grant.period_end.year, 12, 31))


@dataclass(frozen=True)
class Scope:
    """The rows a proof covers, read once: for its figures and its checks."""

    grant: Grant
    until: datetime.date
    years: list[int]
    lines: list
    planned: list
    receipts: list
    call_offs: list
    financings: list


def read_scope(grant: Grant, *, kind: str, year: int | None) -> Scope:
    until = covered_until(grant, kind, year)
    years = [y for y in grant.years() if y <= until.year]
    return Scope(
        grant=grant, until=until, years=years,
        lines=list(grant.budget_lines.all()),
        planned=list(PlannedAmount.objects.filter(line__grant=grant, year__in=years)),
        receipts=list(grant.receipts.filter(payment_date__lte=until)),
        call_offs=list(grant.call_offs.filter(asked_on__lte=until)),
        financings=list(grant.financings.filter(year__in=years)),
    )  # fmt: skip


def findings_of(scope: Scope, *, today: datetime.date) -> list[Finding]:
    """The checks over the rows the proof covers (finances/checks.py), as they stood
    on its last day: money received late in the year is not "unspent" for want of
    the next year's receipts, which the proof leaves out."""
    return check_finances(
        grant=scope.grant, lines=scope.lines, planned=scope.planned,
        receipts=ReceiptRows.single(scope.receipts), call_offs=scope.call_offs,
        today=min(today, scope.until),
    )  # fmt: skip


def proof_figures(scope: Scope, *, kind: str, year: int | None) -> ProofFigures:
    grant, years = scope.grant, scope.years
    plan = {(a.line_id, a.year): a.amount for a in scope.planned}
    spent: dict[tuple, Decimal] = {}
    came_in: dict[tuple, Decimal] = {}
    for r in scope.receipts:
        if r.kind == Receipt.Kind.EXPENSE:
            key = (r.budget_line_id, r.payment_date.year)
            spent[key] = spent.get(key, ZERO) + r.eligible_amount
        elif r.source != Source.GRANT:  # the grant's income: the call-offs received
            key = (r.source, r.payment_date.year)
            came_in[key] = came_in.get(key, ZERO) + r.gross
    received_calls = [c for c in scope.call_offs if c.received_on and c.received_on <= scope.until]
    for c in received_calls:
        key = (Source.GRANT, c.received_on.year)
        came_in[key] = came_in.get(key, ZERO) + c.amount_received
    financing = {(f.source, f.year): f.amount for f in scope.financings}
    lines = tuple(
        PlanRow(key=line.kind, name=line.name,
                planned=tuple(plan.get((line.pk, y), ZERO) for y in years),
                actual=tuple(spent.get((line.pk, y), ZERO) for y in years))
        for line in scope.lines
    )  # fmt: skip
    income = tuple(
        PlanRow(key=source.value, name=str(source.label),
                planned=tuple(financing.get((source.value, y), ZERO) for y in years),
                actual=tuple(came_in.get((source.value, y), ZERO) for y in years))
        for source in Source
    )  # fmt: skip
    network = grant.network
    return ProofFigures(
        kind=kind, year=year, until=scope.until, years=tuple(years), network=network.name,
        funding_code=network.funding_code, coordinator=str(network.coordinator),
        ministry=network.funding_ministry, programme=network.funding_programme,
        notice_number=grant.notice_number, notice_date=grant.notice_date,
        period_start=grant.period_start, period_end=grant.period_end,
        funding_rate=grant.funding_rate, maximum_grant=grant.maximum_grant,
        deducts_input_vat=grant.deducts_input_vat, lines=lines, income=income,
        called_off=sum((c.amount_asked for c in scope.call_offs), ZERO),
        received=sum((c.amount_received for c in received_calls), ZERO),
        call_off_count=len(scope.call_offs), receipt_count=len(scope.receipts),
    )  # fmt: skip
