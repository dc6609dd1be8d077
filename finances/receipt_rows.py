"""The receipts as the overview and the checks read them: summed in the database where
no check looks at a single receipt, one by one where one might.

A network with 10,000 receipts is not read as 10,000 model instances. Each receipt
that a check can name (without its invoice or proof of payment, paid outside the
approval period, or possibly booked twice: another expense of the grant has the same
gross and date) comes as a row of its own, in the order of their numbers. All others
are summed per kind, budget line, source and payment date, the finest the checks and
the overview compare payments with (the years, six weeks after a call-off came in,
the days of the interest estimate). So every check finds what it finds over the
single receipts, and the sums per line and year are the same, from far fewer rows.
Two queries, whatever the number of receipts; the second leaves out the named
receipts by their keys.
"""

import datetime
from decimal import Decimal
from typing import NamedTuple

from django.db.models import Case, Count, F, Q, QuerySet, Sum, Value, When, Window
from django.db.models.functions import Coalesce

from finances.models import Grant, Receipt

# More keys than this in one `NOT IN` list, and the condition is evaluated again
# instead: SQLite takes at most 32,766 parameters in one query.
MANY_NAMED = 5_000


class ReceiptRow(NamedTuple):
    """One receipt, or the sum of `count` receipts paid on one day (then without pk,
    number, party, invoice date and reason; every one of them has both files, so
    `invoice` and `payment_proof` are true)."""

    pk: int | None
    number: int | None
    kind: str
    invoice_date: datetime.date | None
    payment_date: datetime.date
    party: str
    reason: str
    gross: Decimal
    eligible_amount: Decimal
    budget_line_id: int | None
    source: str
    invoice: str | bool
    payment_proof: str | bool
    count: int = 1


def _named(grant: Grant, receipts: QuerySet) -> QuerySet:
    """The receipts a check may name one by one. A possible twin is told by counting,
    in one pass over the receipts, the expenses of each gross and day: one more than
    the receipt itself (a lookup per receipt took 90 ms at 10,000 on PostgreSQL)."""
    outside = Q(payment_date__lt=grant.period_start) | Q(payment_date__gt=grant.period_end)
    alike = Window(
        Count("pk", filter=Q(kind=Receipt.Kind.EXPENSE)), partition_by=[F("gross"), F("day")]
    )
    itself = Case(When(kind=Receipt.Kind.EXPENSE, then=Value(1)), default=Value(0))
    return receipts.annotate(alike=alike, itself=itself).filter(
        Q(invoice="") | Q(payment_proof="") | outside | Q(alike__gt=F("itself"))
    )


def receipt_rows(grant: Grant, *, until: datetime.date | None = None) -> list[ReceiptRow]:
    """The grant's receipts (with `until`, those paid by then): those a check may name,
    then the sums of the others per day."""
    receipts = grant.receipts.annotate(day=Coalesce("invoice_date", "payment_date"))
    if until is not None:
        receipts = receipts.filter(payment_date__lte=until)
    # In the order of their numbers, sorted here: the database would sort all receipts
    # before it keeps the named ones.
    named = sorted(
        (ReceiptRow(*values) for values in
         _named(grant, receipts).order_by().values_list(*ReceiptRow._fields[:-1])),
        key=lambda row: row.number,
    )  # fmt: skip
    # The named ones by their keys (the twins' count is the costly part of the
    # condition); by the condition again if there are very many of them.
    others = (
        receipts.exclude(pk__in=[row.pk for row in named])
        if len(named) <= MANY_NAMED
        else receipts.exclude(pk__in=_named(grant, receipts).values("pk"))
    )
    sums = (
        others.order_by()
        .values("kind", "budget_line_id", "source", "payment_date")
        .annotate(gross_sum=Sum("gross"), eligible=Sum("eligible_amount"), receipts=Count("pk"))
        .order_by("payment_date", "kind", "budget_line_id", "source")
    )  # fmt: skip
    return named + [
        ReceiptRow(
            pk=None, number=None, kind=s["kind"], invoice_date=None,
            payment_date=s["payment_date"], party="", reason="", gross=s["gross_sum"],
            eligible_amount=s["eligible"], budget_line_id=s["budget_line_id"],
            source=s["source"], invoice=True, payment_proof=True, count=s["receipts"],
        )
        for s in sums
    ]  # fmt: skip
