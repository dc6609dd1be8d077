"""The receipts as the overview and the checks read them: summed in the database where
no check looks at a single receipt, one by one where one might.

A network with 10,000 receipts is not read as 10,000 model instances. Each receipt
that a check can name (without its invoice or proof of payment, paid outside the
approval period, or an expense possibly booked twice: another expense of the grant has
the same gross and date) comes as a row of its own, in the order of their numbers
(`named`). All others are summed twice, each time as coarsely as the checks that read
the sums allow (in the database over the receipts paid in the approval period, less
the named ones here):

- `by_year`: per kind, budget line, source and year of payment, for the plan's figures
  per line and year and the checks that compare totals per line or source (lines over
  plan, the public relations' cap, the grant above its entitlement);
- `by_day`: the expenses per payment day across lines, for the checks that count days
  (money not spent six weeks after a call-off came in, the interest estimate).

The named receipts feed both, so every check finds what it finds over the single
receipts, and the sums per line and year are the same, from far fewer rows (at
10,000 receipts about 1,100 instead of 4,600 sums per line, source and day). Three
queries, whatever the number of receipts.
"""

import datetime
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import NamedTuple

from django.db.models import Case, Count, F, Q, QuerySet, Sum, Value, When, Window
from django.db.models.functions import Coalesce

from finances.models import CENT, Grant, Receipt


class ReceiptRow(NamedTuple):
    """One receipt, with what the checks and the figures read of it."""

    pk: int
    number: int
    kind: str
    invoice_date: datetime.date | None
    payment_date: datetime.date
    party: str
    reason: str
    gross: Decimal
    eligible_amount: Decimal
    budget_line_id: int | None
    source: str
    invoice: str
    payment_proof: str

    @property
    def year(self) -> int:
        return self.payment_date.year

    @property
    def count(self) -> int:
        return 1

    @classmethod
    def of(cls, receipt: Receipt) -> "ReceiptRow":
        return cls(
            pk=receipt.pk, number=receipt.number, kind=receipt.kind,
            invoice_date=receipt.invoice_date, payment_date=receipt.payment_date,
            party=receipt.party, reason=receipt.reason, gross=receipt.gross,
            eligible_amount=receipt.eligible_amount, budget_line_id=receipt.budget_line_id,
            source=receipt.source, invoice=receipt.invoice.name or "",
            payment_proof=receipt.payment_proof.name or "",
        )  # fmt: skip


class YearSum(NamedTuple):
    """The sum of `count` receipts of one kind, budget line and source paid in one
    year. No payment date: a check that needs one reads `ReceiptRows.per_day`."""

    kind: str
    budget_line_id: int | None
    source: str
    year: int
    gross: Decimal
    eligible_amount: Decimal
    count: int


class DaySum(NamedTuple):
    """The eligible amounts of the expenses paid on one day, whatever their line."""

    payment_date: datetime.date
    eligible_amount: Decimal
    kind: str = Receipt.Kind.EXPENSE


@dataclass(frozen=True)
class ReceiptRows:
    """A grant's receipts: those a check may name one by one, and the others summed
    per year (`by_year`) and, the expenses, per day (`by_day`)."""

    named: list[ReceiptRow]
    by_year: list[YearSum]
    by_day: list[DaySum]

    @classmethod
    def single(cls, receipts: Iterable[Receipt]) -> "ReceiptRows":
        """One row per receipt, none summed (a proof's receipts; the tests' yardstick)."""
        return cls(named=[ReceiptRow.of(r) for r in receipts], by_year=[], by_day=[])

    def per_year(self) -> list[ReceiptRow | YearSum]:
        """Every receipt once, with kind, line, source, amounts and year of payment."""
        return [*self.named, *self.by_year]

    def per_day(self) -> list[ReceiptRow | DaySum]:
        """Every expense once (and the named income), with its day of payment and
        eligible amount."""
        return [*self.named, *self.by_day]

    @property
    def count(self) -> int:
        return len(self.named) + sum(s.count for s in self.by_year)


def _named(grant: Grant, receipts: QuerySet) -> QuerySet:
    """The receipts a check may name one by one. The possible twins are told by counting,
    in one pass over the expenses' keys, gross and day, the expenses of each gross and
    day (a lookup per receipt took 90 ms at 10,000 on PostgreSQL; the count over whole
    rows 25 ms, over the keys alone 10)."""
    outside = Q(payment_date__lt=grant.period_start) | Q(payment_date__gt=grant.period_end)
    twins = (
        receipts.filter(kind=Receipt.Kind.EXPENSE)
        .annotate(day=Coalesce("invoice_date", "payment_date"))
        .annotate(alike=Window(Count("pk"), partition_by=[F("gross"), F("day")]))
        .filter(alike__gt=1)
        .values("pk")
    )
    return receipts.filter(Q(invoice="") | Q(payment_proof="") | outside | Q(pk__in=twins))


def receipt_rows(grant: Grant, *, until: datetime.date | None = None) -> ReceiptRows:
    """The grant's receipts (with `until`, those paid by then): those a check may name,
    and the sums of the others per year and per day."""
    receipts = grant.receipts.order_by()
    if until is not None:
        receipts = receipts.filter(payment_date__lte=until)
    # In the order of their numbers, sorted here: the database would sort all receipts
    # before it keeps the named ones.
    named = sorted(
        (ReceiptRow(*values) for values in
         _named(grant, receipts).values_list(*ReceiptRow._fields)),
        key=lambda row: row.number,
    )  # fmt: skip
    # The sums over the receipts paid in the approval period (those outside it are all
    # named), less the named ones here: leaving 200 keys out in the database took longer
    # than the sums (each receipt compared with each key). The year told by date ranges:
    # SQLite extracts it by a Python function per receipt. In cents: SQLite sums in
    # floating point (60 receipts of a million: 0.1999999).
    inside = receipts.filter(payment_date__range=(grant.period_start, grant.period_end))
    year = Case(*(When(payment_date__year=y, then=Value(y)) for y in grant.years()))
    by_year = {
        (s["kind"], s["budget_line_id"], s["source"], s["year"]):
            [s["gross_sum"].quantize(CENT), s["eligible"].quantize(CENT), s["receipts"]]
        for s in inside.annotate(year=year)
        .values("kind", "budget_line_id", "source", "year")
        .annotate(gross_sum=Sum("gross"), eligible=Sum("eligible_amount"), receipts=Count("pk"))
        .order_by("year", "kind", "budget_line_id", "source")
    }  # fmt: skip
    by_day = {
        s["payment_date"]: [s["eligible"].quantize(CENT), s["receipts"]]
        for s in inside.filter(kind=Receipt.Kind.EXPENSE)
        .values("payment_date")
        .annotate(eligible=Sum("eligible_amount"), receipts=Count("pk"))
        .order_by("payment_date")
    }  # fmt: skip
    for r in named:
        if not grant.contains(r.payment_date):
            continue
        year_sum = by_year[r.kind, r.budget_line_id, r.source, r.year]
        year_sum[0] -= r.gross
        year_sum[1] -= r.eligible_amount
        year_sum[2] -= 1
        if r.kind == Receipt.Kind.EXPENSE:
            day_sum = by_day[r.payment_date]
            day_sum[0] -= r.eligible_amount
            day_sum[1] -= 1
    return ReceiptRows(
        named=named,
        by_year=[YearSum(*key, gross=gross, eligible_amount=eligible, count=count)
                 for key, (gross, eligible, count) in by_year.items() if count],
        by_day=[DaySum(payment_date=day, eligible_amount=eligible)
                for day, (eligible, count) in by_day.items() if count],
    )  # fmt: skip
