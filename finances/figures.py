"""The finances overview's figures: plan against actual per budget line and year, the
financing, the call-offs, and the checks' findings. Reads each table once."""

import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from finances.checks import check_finances
from finances.models import CallOff, Financing, Grant, PlannedAmount, Receipt, Source


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


def overview(grant: Grant, *, today: datetime.date, until: datetime.date | None = None) -> dict:
    """Everything the overview page shows of a grant; with `until`, as of the end of that
    day (a report's cut-off): the receipts paid and the call-offs asked for by then, and
    only the money received by then as received."""
    years = grant.years()
    lines = list(grant.budget_lines.all())
    planned = list(PlannedAmount.objects.filter(line__grant=grant))
    receipts = grant.receipts.only(
        "pk", "number", "kind", "payment_date", "party", "net", "gross", "eligible_amount",
        "budget_line_id", "source", "invoice", "payment_proof", "grant_id",
    )  # fmt: skip
    call_offs = grant.call_offs.all()
    if until is not None:
        receipts = receipts.filter(payment_date__lte=until)
        call_offs = [
            _received_by(c, until) for c in call_offs.filter(asked_on__lte=until)
        ]  # fmt: skip
    receipts, call_offs = list(receipts), list(call_offs)
    financings = list(grant.financings.all())

    plan_by = {(a.line_id, a.year): a.amount for a in planned}
    spent_by: dict[tuple, Decimal] = defaultdict(Decimal)
    income_by: dict[tuple, Decimal] = defaultdict(Decimal)
    for r in receipts:
        if r.kind == Receipt.Kind.EXPENSE:
            spent_by[(r.budget_line_id, r.payment_date.year)] += r.eligible_amount
        else:
            income_by[(r.source, r.payment_date.year)] += r.gross
    rows = [
        Row(
            name=line.name,
            kind=line.get_kind_display(),
            line_id=line.pk,
            planned=[plan_by.get((line.pk, y), Decimal(0)) for y in years],
            actual=[spent_by[(line.pk, y)] for y in years],
        )
        for line in lines
    ]
    total = Row(
        name="",
        planned=[sum((r.planned[i] for r in rows), Decimal(0)) for i in range(len(years))],
        actual=[sum((r.actual[i] for r in rows), Decimal(0)) for i in range(len(years))],
    )
    financing_by = {(f.source, f.year): f.amount for f in financings}
    sources = [
        Row(
            name=label,
            kind=value,
            planned=[financing_by.get((value, y), Decimal(0)) for y in years],
            actual=[income_by[(value, y)] for y in years],
        )
        for value, label in Source.choices
    ]
    received_grant = sum((c.amount_received or 0 for c in call_offs), Decimal(0))
    # The grant's income is what the call-offs brought in, booked or not as receipts.
    for row in sources:
        if row.kind == Financing.Source.GRANT:
            row.actual = [
                sum(
                    (c.amount_received for c in call_offs
                     if c.received_on and c.received_on.year == y),
                    Decimal(0),
                )
                for y in years
            ]  # fmt: skip
    return {
        "years": years,
        "rows": rows,
        "total": total,
        "sources": sources,
        "financing_total": sum((r.planned_total for r in sources), Decimal(0)),
        "asked": sum((c.amount_asked for c in call_offs), Decimal(0)),
        "received": received_grant,
        "call_off_count": len(call_offs),
        "receipt_count": len(receipts),
        "findings": check_finances(
            grant=grant,
            lines=lines,
            planned=planned,
            receipts=receipts,
            call_offs=call_offs,
            today=today,
        ),
        "interim_deadlines": [(y, grant.interim_proof_due(y)) for y in years],
        "final_deadline": grant.final_proof_due(),
    }


def _received_by(call_off: CallOff, until: datetime.date) -> CallOff:
    """The call-off as it stood at the end of `until`: money received later not yet."""
    if call_off.received_on and call_off.received_on > until:
        call_off.received_on = call_off.amount_received = None
    return call_off
