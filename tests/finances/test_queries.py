"""The finances pages and the Belegliste run as many queries for 50 receipts as for 5
(bench/finances.py times them at 10,000), and the overview's receipts, summed in the
database (finances/receipt_rows.py), give the checks and the figures exactly what
the single receipts give."""

import datetime
from collections import defaultdict
from dataclasses import replace
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from finances.figures import Rows, overview, overview_of, read_rows
from finances.models import Receipt
from finances.receipt_rows import ReceiptRows, receipt_rows
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


def single(rows_read: Rows, grant, *, until=None) -> Rows:
    """The rows read, with one row per receipt instead of the sums."""
    receipts = grant.receipts.all()
    if until is not None:
        receipts = receipts.filter(payment_date__lte=until)
    return replace(rows_read, receipts=ReceiptRows.single(receipts))


def add_same_days(grant, first: int) -> None:
    """Receipts `first` … `first` + 9: five paid on one day for one line, and on another
    day 100 + 50 on one line and 150 on another: sums of the same gross and day, which
    are not one invoice booked twice; and receipt 2 booked again (a twin: named)."""
    line = grant.budget_lines.first()
    day = grant.period_start + datetime.timedelta(days=100)
    for n in range(first, first + 5):
        ReceiptFactory(grant=grant, number=n, payment_date=day, invoice_date=day,
                       budget_line=line, net=Decimal(n), vat=Decimal(0), gross=Decimal(n),
                       eligible_amount=Decimal(n), invoice=f"belege/{n}.pdf",
                       payment_proof=f"belege/{n}.png")  # fmt: skip
    other_line = grant.budget_lines.exclude(pk=line.pk).first()
    other_day = day + datetime.timedelta(days=3)
    for n, gross, on in (
        (first + 5, 100, line),
        (first + 6, 50, line),
        (first + 7, 150, other_line),
    ):
        ReceiptFactory(grant=grant, number=n, payment_date=other_day, invoice_date=other_day,
                       budget_line=on, net=Decimal(gross), vat=Decimal(0), gross=Decimal(gross),
                       eligible_amount=Decimal(gross), invoice=f"belege/{n}.pdf",
                       payment_proof=f"belege/{n}.png", party="Ingenieurbüro")  # fmt: skip
    twice = grant.receipts.get(number=2)
    twice.pk, twice.number = None, first + 9
    twice.save()


def test_summed_rows_give_the_checks_and_the_figures_what_the_single_receipts_give(grant):
    add_receipts(grant, 0, 60)
    add_same_days(grant, 61)
    receipts = list(grant.receipts.all())
    rows = receipt_rows(grant)
    assert rows.count == 69
    assert len(rows.by_year) < 69 - len(rows.named)  # sums in use
    day = grant.period_start + datetime.timedelta(days=100)
    sums = {s.payment_date: s.eligible_amount for s in rows.by_day}
    assert sums[day] == 61 + 62 + 63 + 64 + 65
    assert sums[day + datetime.timedelta(days=3)] == 100 + 50 + 150  # across lines
    assert [r.number for r in rows.named if r.number in (2, 70)] == [2, 70]
    assert not {r.number for r in rows.named} & set(range(61, 69))  # summed
    today = grant.period_end + datetime.timedelta(days=400)
    read = read_rows(grant)
    from_receipts = overview_of(grant, single(read, grant), today=today)
    expected = {"payment_outside_period", "receipt_without_documents", "money_not_spent",
                "invoice_booked_twice"}  # fmt: skip
    assert {f.key for f in from_receipts["findings"]} >= expected
    assert overview_of(grant, read, today=today) == from_receipts

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


def test_many_summed_receipts_give_what_the_single_ones_give_on_every_day_asked(grant):
    """600 receipts over the term, several a day on some days; the overview as of days
    in the term (money not spent counted until then), after it, and at a report's
    cut-off (`until`)."""
    add_receipts(grant, 0, 600)
    add_same_days(grant, 601)
    line = grant.budget_lines.last()
    for n in range(700, 760):  # expenses on the call-offs' deadlines and the days after
        paid = grant.period_start + datetime.timedelta(weeks=2 + 6 + n % 3, days=n % 2)
        ReceiptFactory(grant=grant, number=n, payment_date=paid, invoice_date=paid,
                       budget_line=line, net=Decimal(n), vat=Decimal(0), gross=Decimal(n),
                       eligible_amount=Decimal(n) - n % 5, invoice=f"belege/{n}.pdf",
                       payment_proof=f"belege/{n}.png")  # fmt: skip
    # Much money called off late (above the maximum), spent over many days after its
    # six weeks.
    asked = grant.period_start + datetime.timedelta(weeks=100)
    CallOffFactory(grant=grant, asked_on=asked, amount_asked=Decimal(1_500_000),
                   expected_amount=Decimal(1_500_000), received_on=asked,
                   amount_received=Decimal(1_500_000))  # fmt: skip
    rows = receipt_rows(grant)
    assert len(rows.named) + len(rows.by_year) + len(rows.by_day) < 600  # of 669
    days = [grant.period_start + datetime.timedelta(weeks=weeks) for weeks in (9, 40, 110)]
    for today in [*days, grant.period_end + datetime.timedelta(days=400)]:
        read = read_rows(grant)
        summed = overview_of(grant, read, today=today)
        assert summed == overview_of(grant, single(read, grant), today=today), today
    found = {f.key for f in summed["findings"]}
    assert {"money_not_spent", "line_over_plan", "invoice_booked_twice"} <= found
    for until in days:
        read = read_rows(grant, until=until)
        summed = overview_of(grant, read, today=until)
        assert summed == overview_of(grant, single(read, grant, until=until), today=until)
        assert summed["receipt_count"] == grant.receipts.filter(payment_date__lte=until).count()


def test_large_sums_come_out_to_the_cent(grant):
    """SQLite sums decimals in floating point: 60 receipts of about a million on one line
    in one year gave 60,023,032.1999999 EUR. The sums come in cents, as the receipts."""
    line = grant.budget_lines.first()
    paid = grant.period_start + datetime.timedelta(days=10)
    for n in range(60):
        amount = Decimal(1_000_000 + 13 * n) + Decimal("0.37")
        ReceiptFactory(grant=grant, number=n + 1, payment_date=paid, invoice_date=paid,
                       budget_line=line, net=amount, vat=Decimal(0), gross=amount,
                       eligible_amount=amount, invoice=f"belege/{n}.pdf",
                       payment_proof=f"belege/{n}.png")  # fmt: skip
    rows = receipt_rows(grant)
    assert [(s.gross, s.eligible_amount, s.count) for s in rows.by_year] == [
        (Decimal("60023032.20"), Decimal("60023032.20"), 60)
    ]
    assert [s.eligible_amount for s in rows.by_day] == [Decimal("60023032.20")]
    [row] = [r for r in overview(grant, today=paid)["rows"] if r.line_id == line.pk]
    assert row.actual[0] == Decimal("60023032.20")
