"""The finances overview's figures: plan against actual per budget line and year, the
financing, the call-offs, and the checks' findings. Reads each table once."""

import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from finances.checks import Finding, check_finances, participants_of
from finances.deadlines import proof_deadlines
from finances.models import (
    BudgetLine,
    CallOff,
    Financing,
    Grant,
    PlannedAmount,
    Receipt,
    Source,
)
from finances.receipt_rows import ReceiptRows, receipt_rows


@dataclass
class Row:
    name: str
    kind: str = ""
    planned: list[Decimal] = field(default_factory=list)  # per year
    actual: list[Decimal] = field(default_factory=list)
    line_id: int | None = None

    @property
    def planned_total(self) -> Decimal:
        return sum(self.planned, Decimal(0))

    @property
    def actual_total(self) -> Decimal:
        return sum(self.actual, Decimal(0))

    @property
    def deviation(self) -> Decimal:
        return self.actual_total - self.planned_total

    @property
    def deviation_percent(self) -> Decimal | None:
        if not self.planned_total:
            return None
        return (self.deviation / self.planned_total * 100).quantize(Decimal("0.1"))

    def cells(self):
        return list(zip(self.planned, self.actual, strict=True))


@dataclass
class Rows:
    """A grant's rows, each table read once, for the overview and the checks."""

    lines: list[BudgetLine]
    planned: list[PlannedAmount]
    receipts: ReceiptRows
    call_offs: list[CallOff]
    financings: list[Financing]
    participants: int


def read_rows(grant: Grant, *, until: datetime.date | None = None) -> Rows:
    """With `until`, as of the end of that day (a report's cut-off): the receipts paid
    and the call-offs asked for by then, and only the money received by then as
    received. Receipts come summed where no check names one (finances.receipt_rows)."""
    call_offs = grant.call_offs.all()
    if until is not None:
        call_offs = [
            _received_by(c, until) for c in call_offs.filter(asked_on__lte=until)
        ]  # fmt: skip
    return Rows(
        lines=list(grant.budget_lines.all()),
        planned=list(PlannedAmount.objects.filter(line__grant=grant)),
        receipts=receipt_rows(grant, until=until),
        call_offs=list(call_offs),
        financings=list(grant.financings.all()),
        participants=participants_of(grant),
    )


def _received_by(call_off: CallOff, until: datetime.date) -> CallOff:
    """The call-off as it stood at the end of `until`: money received later not yet."""
    if call_off.received_on and call_off.received_on > until:
        call_off.received_on = call_off.amount_received = None
    return call_off


def findings(grant: Grant, rows: Rows, *, today: datetime.date) -> list[Finding]:
    return check_finances(
        grant=grant, lines=rows.lines, planned=rows.planned, receipts=rows.receipts,
        call_offs=rows.call_offs, today=today, participants=rows.participants,
    )  # fmt: skip


def _line_rows(rows_read: Rows, years: list[int]) -> list[Row]:
    """Plan and actual (the eligible amounts of the expenses) per budget line and year."""
    plan_by = {(a.line_id, a.year): a.amount for a in rows_read.planned}
    spent_by: dict[tuple, Decimal] = defaultdict(Decimal)
    for r in rows_read.receipts.per_year():
        if r.kind == Receipt.Kind.EXPENSE:
            spent_by[(r.budget_line_id, r.year)] += r.eligible_amount
    return [
        Row(
            name=line.name,
            kind=line.get_kind_display(),
            line_id=line.pk,
            planned=[plan_by.get((line.pk, y), Decimal(0)) for y in years],
            actual=[spent_by[(line.pk, y)] for y in years],
        )
        for line in rows_read.lines
    ]


def _source_rows(rows_read: Rows, years: list[int]) -> list[Row]:
    """The financing plan per source and year against what came in: for the grant what
    the call-offs brought in, booked or not as receipts; for the other sources the
    income receipts."""
    income_by: dict[tuple, Decimal] = defaultdict(Decimal)
    for r in rows_read.receipts.per_year():
        if r.kind != Receipt.Kind.EXPENSE and r.source != Financing.Source.GRANT:
            income_by[(r.source, r.year)] += r.gross
    for c in rows_read.call_offs:
        if c.received_on:
            income_by[(Financing.Source.GRANT, c.received_on.year)] += c.amount_received
    financing_by = {(f.source, f.year): f.amount for f in rows_read.financings}
    return [
        Row(
            name=label,
            kind=value,
            planned=[financing_by.get((value, y), Decimal(0)) for y in years],
            actual=[income_by[(value, y)] for y in years],
        )
        for value, label in Source.choices
    ]


def overview(grant: Grant, *, today: datetime.date, until: datetime.date | None = None) -> dict:
    """Everything the overview page shows of a grant; with `until`, as of the end of that
    day (read_rows)."""
    return overview_of(grant, read_rows(grant, until=until), today=today)


def overview_of(grant: Grant, rows_read: Rows, *, today: datetime.date) -> dict:
    """The overview over rows already read."""
    years = grant.years()
    call_offs = rows_read.call_offs
    rows = _line_rows(rows_read, years)
    total = Row(
        name="",
        planned=[sum((r.planned[i] for r in rows), Decimal(0)) for i in range(len(years))],
        actual=[sum((r.actual[i] for r in rows), Decimal(0)) for i in range(len(years))],
    )
    sources = _source_rows(rows_read, years)
    return {
        "years": years,
        "rows": rows,
        "total": total,
        "sources": sources,
        "financing_total": sum((r.planned_total for r in sources), Decimal(0)),
        "asked": sum((c.amount_asked for c in call_offs), Decimal(0)),
        "received": sum((c.amount_received or 0 for c in call_offs), Decimal(0)),
        "call_off_count": len(call_offs),
        "receipt_count": rows_read.receipts.count,
        "findings": findings(grant, rows_read, today=today),
        "deadlines": proof_deadlines(grant, today=today),
    }
