"""The finances pages and the Belegliste run as many queries for 50 receipts as for 5
(bench/finances.py times them at 10,000), and the overview's receipts, summed in the
database (finances/receipt_rows.py), give the checks and the figures exactly what
the single receipts give."""

import datetime
from collections import defaultdict
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from finances.checks import check_finances
from finances.figures import overview
from finances.models import PlannedAmount, Receipt
from finances.receipt_rows import receipt_rows
from tests.factories import BudgetLineFactory, CallOffFactory, GrantFactory, ReceiptFactory
from tests.helpers import with_totp

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("module_personas")]


@pytest.fixture
def grant(personas):
    grant = GrantFactory(network=personas.network)
    for n, kind in enumerate(("staff", "external", "travel")):
        line = BudgetLineFactory(grant=grant, kind=kind, name=f"Position {n}")
        for year in grant.years():
            line.planned_amounts.create(year=year, amount=Decimal(900 + 400 * n))
    for weeks in (2, 30, 60, 90):
        asked = grant.period_start + datetime.timedelta(weeks=weeks)
        CallOffFactory(grant=grant, asked_on=asked, amount_asked=Decimal(2000),
                       expected_amount=Decimal(1500), received_on=asked,
                       amount_received=Decimal(2000))  # fmt: skip
    return grant


def add_receipts(grant, first: int, last: int) -> None:
    """Receipts first+1 … last over the term and the lines: a sixth income from the
    sources, every seventh without its proof of payment, every eleventh without
    invoice, number 4 paid before the approval period, number 9 after it."""
    lines = list(grant.budget_lines.all())
    sources = ["contributions", "own_share", "third_party"]
    for n in range(first, last):
        paid = grant.period_start + datetime.timedelta(days=17 * n % 1090)
        paid = {3: grant.period_start - datetime.timedelta(days=2),
                8: grant.period_end + datetime.timedelta(days=40)}.get(n, paid)  # fmt: skip
        income = n % 6 == 5
        net = Decimal(100 + 13 * n) + Decimal("0.37")
        ReceiptFactory(
            grant=grant, number=n + 1, payment_date=paid, invoice_date=paid,
            kind="income" if income else "expense", source=sources[n % 3] if income else "",
            budget_line=None if income else lines[n % len(lines)],
            net=net, vat=Decimal(0), gross=net, eligible_amount=net - (n % 4),
            invoice="" if n % 11 == 10 else f"belege/{n}.pdf",
            payment_proof="" if n % 7 == 6 else f"belege/{n}.png",
        )  # fmt: skip


PAGES = [
    ("finances", []),
    ("receipts", []),
    ("call_offs", []),
    ("belegliste_export", ["csv"]),
    ("belegliste_export", ["xlsx"]),
]


@pytest.mark.parametrize(("name", "args"), PAGES)
def test_5_and_50_receipts_take_as_many_queries(
    client, personas, grant, django_assert_num_queries, name, args
):
    client.force_login(with_totp(personas.finance))
    url = reverse(name, args=[grant.network.slug, *args])

    def get():
        response = client.get(url)
        assert response.status_code == 200
        if response.streaming:
            return b"".join(response.streaming_content)
        return response.content

    add_receipts(grant, 0, 5)
    get()  # the first request fills caches that later ones find
    with CaptureQueriesContext(connection) as five:
        get()
    add_receipts(grant, 5, 50)
    with django_assert_num_queries(len(five)):
        body = get()
    if name == "finances":
        assert "50 Belege" in body.decode()
    if name == "receipts":
        assert body.decode().count('<th scope="row">') == 50


# The named receipts left out of the sums by their keys, or (very many) by the condition.
@pytest.mark.parametrize("many_named", [5_000, 0])
def test_summed_rows_give_the_checks_and_the_figures_what_the_single_receipts_give(
    grant, monkeypatch, many_named
):
    monkeypatch.setattr("finances.receipt_rows.MANY_NAMED", many_named)
    add_receipts(grant, 0, 60)
    line = grant.budget_lines.first()
    day = grant.period_start + datetime.timedelta(days=100)
    for n in range(61, 66):  # five paid on one day for one line: summed
        ReceiptFactory(grant=grant, number=n, payment_date=day, invoice_date=day,
                       budget_line=line, net=Decimal(n), vat=Decimal(0), gross=Decimal(n),
                       eligible_amount=Decimal(n), invoice=f"belege/{n}.pdf",
                       payment_proof=f"belege/{n}.png")  # fmt: skip
    # Another day: 100 + 50 on one line and 150 on another sum to rows of the same gross
    # and day, which are not one invoice booked twice.
    other_line = grant.budget_lines.exclude(pk=line.pk).first()
    other_day = day + datetime.timedelta(days=3)
    for n, gross, on in ((66, 100, line), (67, 50, line), (68, 150, other_line)):
        ReceiptFactory(grant=grant, number=n, payment_date=other_day, invoice_date=other_day,
                       budget_line=on, net=Decimal(gross), vat=Decimal(0), gross=Decimal(gross),
                       eligible_amount=Decimal(gross), invoice=f"belege/{n}.pdf",
                       payment_proof=f"belege/{n}.png", party="Ingenieurbüro")  # fmt: skip
    twice = grant.receipts.get(number=2)  # the same invoice booked again: named
    twice.pk, twice.number = None, 70
    twice.save()
    receipts = list(grant.receipts.all())
    call_offs = list(grant.call_offs.all())
    rows = receipt_rows(grant)
    assert len(rows) < len(receipts)  # sums in use
    assert sum(r.count for r in rows) == 69
    assert [r.number for r in rows if r.number in (2, 70)] == [2, 70]
    kwargs = {
        "grant": grant,
        "lines": list(grant.budget_lines.all()),
        "planned": list(PlannedAmount.objects.filter(line__grant=grant)),
        "call_offs": call_offs,
        "today": grant.period_end + datetime.timedelta(days=400),
    }
    from_receipts = check_finances(receipts=receipts, **kwargs)
    expected = {"payment_outside_period", "receipt_without_documents", "money_not_spent",
                "invoice_booked_twice"}  # fmt: skip
    assert {f.key for f in from_receipts} >= expected
    assert check_finances(receipts=rows, **kwargs) == from_receipts

    spent, income = defaultdict(Decimal), defaultdict(Decimal)
    for r in receipts:
        if r.kind == Receipt.Kind.EXPENSE:
            spent[r.budget_line_id, r.payment_date.year] += r.eligible_amount
        else:
            income[r.source, r.payment_date.year] += r.gross
    figures = overview(grant, today=grant.period_end)
    years = grant.years()
    for row in figures["rows"]:
        assert row.actual == [spent[row.line_id, y] for y in years]
    for row in figures["sources"]:
        if row.kind != "grant":
            assert row.actual == [income[row.kind, y] for y in years]
    assert figures["receipt_count"] == 69
