"""Benchmark: the finances overview and the receipt list of a network with 10,000
receipts, side by side with the Django admin's changelist of its receipts.

    .venv/bin/python bench/finances.py [--receipts 10000] [--rounds 20] [--postgres] [--profile]

A throwaway database (bench/scratch.py: SQLite in a temporary folder, or with
--postgres a scratch database `portal_finances` on the server of
FINANCES_DATABASE_URL, default postgres://root@127.0.0.1:5432/postgres, dropped at the
end) and one network with a grant over three years: six budget lines planned per
year, the financing by source, two versions of the plan, a call-off every six weeks
and the receipts, most of them expenses spread over the lines and the term, a twelfth
income from the participants, the own share and third parties; nearly all with
invoice and proof of payment, a few without, one paid outside the period.

Each page's queries are counted at 50 receipts and again at the full number. Then the
overview and the receipt list (its first page, 100 rows) are timed as the network's
finance person, interleaved round by round with the admin's changelist of the same
network's receipts (100 rows a page, as a superuser), so that the machine's noise
falls on both alike. In process (Django's test client: the whole middleware, no
network), DEBUG off.
"""

import argparse
import contextlib
import datetime
import os
import statistics
import time
from decimal import Decimal

from scratch import percentile, scratch_postgres, setup_django  # bench/scratch.py

SMALL = 50
LINES = [
    # kind, name, share of the expenses (of 20), base amount net (EUR), payees
    ("staff", "Netzwerkmanagement (Personal)", 6, 2400, ["Gehaltsabrechnung"]),
    ("external", "Moderation und Fachberatung", 5, 1450,
     ["Green Navigation GmbH", "Ingenieurbüro Lippe", "Energieagentur Weser"]),
    ("travel", "Reisekosten", 3, 85, ["Deutsche Bahn", "Reisekostenabrechnung"]),
    ("events", "Veranstaltungen und Material", 3, 420,
     ["Stadthalle Brakel", "Tagungshaus Paderborn", "Catering Weserbergland"]),
    ("public_relations", "Öffentlichkeitsarbeit", 2, 640,
     ["Druckerei Höxter", "Agentur Weserblick"]),
    ("other", "Sonstiges", 1, 60, ["Bürobedarf Paderborn"]),
]  # fmt: skip
INCOME = ["contributions", "own_share", "contributions", "third_party"]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--receipts", type=int, default=10_000)
    parser.add_argument("--rounds", type=int, default=20)
    parser.add_argument("--postgres", action="store_true")
    parser.add_argument("--profile", action="store_true",
                        help="instead of timing, profile one request of each page")  # fmt: skip
    args = parser.parse_args()
    database = (
        scratch_postgres("portal_finances", "FINANCES_DATABASE_URL")
        if args.postgres
        else contextlib.nullcontext(None)
    )
    with database as database_url:
        if database_url:
            os.environ["DATABASE_URL"] = database_url
        os.environ["DEBUG"] = "false"
        setup_django()
        try:
            _run(args.receipts, args.rounds, profile=args.profile)
        finally:
            from django.db import connections

            connections.close_all()


def _run(total: int, rounds: int, *, profile: bool = False) -> None:
    from django.core.management import call_command
    from django.db import connection

    call_command("migrate", verbosity=0)
    grant, lines = _grant()
    _receipts(grant, lines, 0, SMALL)
    pages = _pages(grant)
    small = {page.name: _queries(page) for page in pages}
    _receipts(grant, lines, SMALL, total)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    print(f"{grant.receipts.count()} receipts, {grant.call_offs.count()} call-offs, "
          f"{connection.vendor}", flush=True)  # fmt: skip
    for page in pages:
        page.queries = _queries(page)
    if profile:
        _profile(pages)
        return
    _print(pages, _time(pages, rounds), small, rounds, total)


# -- the data ----------------------------------------------------------------------------


def _grant():
    from finances.models import BudgetLine, CallOff, Financing, PlanChange, PlannedAmount
    from finances.services import plan_snapshot
    from tests.factories import GrantFactory

    grant = GrantFactory(notice_number="67K18876", maximum_grant=Decimal(950_000))
    lines = [BudgetLine.objects.create(grant=grant, kind=kind, name=name, position=n)
             for n, (kind, name, *_rest) in enumerate(LINES, 1)]  # fmt: skip
    years = grant.years()
    for line, (_kind, _name, share, base, _payees) in zip(lines, LINES, strict=True):
        for year in years:
            months = 6 if year in (years[0], years[-1]) else 12
            amount = Decimal(share * base * months * 7)  # about what the receipts spend
            PlannedAmount.objects.create(line=line, year=year, amount=amount)
    for year in years:
        planned = sum(a.amount for a in PlannedAmount.objects.filter(line__grant=grant, year=year))
        for source, share in (("grant", 80), ("own_share", 12), ("contributions", 8)):
            amount = (planned * share / 100).quantize(Decimal(1))
            Financing.objects.create(grant=grant, source=source, year=year, amount=amount)
    for number, reason in enumerate(("Zuwendungsbescheid", "Änderungsbescheid"), 1):
        PlanChange.objects.create(grant=grant, number=number, reason=reason,
                                  changed_on=grant.period_start,
                                  plan=plan_snapshot(grant))  # fmt: skip
    asked_on = grant.period_start
    while asked_on < grant.period_end:
        received = asked_on + datetime.timedelta(days=10)
        CallOff.objects.create(
            grant=grant, asked_on=asked_on, amount_asked=Decimal(40_000),
            expected_amount=Decimal(41_000), expected_payments="Gehälter, Moderation",
            received_on=received, amount_received=Decimal(40_000),
        )  # fmt: skip
        asked_on += datetime.timedelta(weeks=6)
    return grant, lines


def _receipts(grant, lines, first: int, last: int) -> None:
    """Receipts first+1 … last, spread evenly over the approval period."""
    from finances.models import Receipt

    slots = [line for line, row in zip(lines, LINES, strict=True) for _ in range(row[2])]
    days = (grant.period_end - grant.period_start).days
    receipts = []
    for n in range(first, last):
        paid = grant.period_start + datetime.timedelta(days=n * days // max(last, 1))
        if n == 7:
            paid = grant.period_end + datetime.timedelta(days=3)  # outside the period
        line = slots[n % len(slots)]
        _kind, _name, _share, base, payees = LINES[lines.index(line)]
        income = n % 12 == 11
        net = Decimal(base + (n * 37) % 200) + Decimal("0.45")
        vat = (
            Decimal(0)
            if income or line.kind == "staff"
            else (net * Decimal("0.19")).quantize(Decimal("0.01"))
        )
        receipts.append(Receipt(
            grant=grant, number=n + 1, kind="income" if income else "expense",
            invoice_date=paid - datetime.timedelta(days=12 + n % 9), payment_date=paid,
            party="Teilnehmende Kommunen" if income else payees[n % len(payees)],
            reason=f"{line.name}: {paid:%m/%Y}", net=net, vat=vat, gross=net + vat,
            eligible_amount=net + vat, budget_line=None if income else line,
            source=INCOME[n % len(INCOME)] if income else "",
            invoice="" if n % 97 == 5 else f"belege/{n}.pdf", invoice_name=f"Rechnung {n}.pdf",
            payment_proof="" if n % 89 == 3 else f"belege/{n}.png",
            payment_proof_name=f"Zahlung {n}.png",
        ))  # fmt: skip
    Receipt.objects.bulk_create(receipts, batch_size=1000)


# -- the pages ---------------------------------------------------------------------------


class Page:
    def __init__(self, name, url, admin_url, clients):
        self.name, self.clients = name, clients
        self.urls = {"portal": url, "admin": admin_url}
        self.queries = 0


def _pages(grant) -> list[Page]:
    from django.test import Client
    from django.urls import reverse

    from networks.models import Membership, Role, User
    from tests.helpers import with_totp

    finance = User.objects.create_user("finanzen@example.org", "x")
    Membership.objects.create(user=finance, role=Role.FINANCE,
                              organisation=grant.network.coordinator)  # fmt: skip
    admin = with_totp(User.objects.create_superuser("admin@example.org", "x"))
    clients = {}
    for kind, person in (("portal", finance), ("admin", admin)):
        clients[kind] = Client()
        clients[kind].force_login(person)
    slug = grant.network.slug
    changelist = f"/admin/finances/receipt/?grant__network__id__exact={grant.network_id}"
    return [
        Page("finances overview", reverse("finances", args=[slug]), changelist, clients),
        Page("receipt list, page 1", reverse("receipts", args=[slug]), changelist, clients),
    ]


def _get(page: Page, kind: str):
    response = page.clients[kind].get(page.urls[kind])
    if response.status_code != 200:
        raise SystemExit(f"{page.name} ({kind}): {response.status_code} for {page.urls[kind]}")
    return response


def _queries(page: Page) -> tuple[int, int]:
    """The queries of the page and of the admin's changelist."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    counts = []
    for kind in ("portal", "admin"):
        _get(page, kind)  # the first request fills caches that later ones find
        with CaptureQueriesContext(connection) as queries:
            _get(page, kind)
        counts.append(len(queries))
    return tuple(counts)


def _profile(pages: list[Page]) -> None:
    """The project's 30 functions each page spends most time in (cumulative), and the
    15 that take most time themselves, by cProfile."""
    import cProfile
    import pstats
    import tempfile
    from pathlib import Path

    for page in pages:
        profiler = cProfile.Profile()
        profiler.runcall(_get, page, "portal")
        print(f"\n## {page.name}")
        stats = pstats.Stats(profiler)
        path = Path(tempfile.gettempdir()) / f"finances-{page.name.replace(' ', '-')}.prof"
        stats.dump_stats(path)  # for pstats or snakeviz
        print(f"(saved to {path})")
        stats.sort_stats("cumulative").print_stats(r"/(finances|lib|networks|portal)/", 30)
        stats.sort_stats("tottime").print_stats(15)


def _time(pages: list[Page], rounds: int) -> dict:
    """Server time in ms per page and kind, the two kinds interleaved in each round."""
    timings = {(page.name, kind): [] for page in pages for kind in ("portal", "admin")}
    for number in range(rounds + 2):  # two rounds to warm up
        for page in pages:
            for kind in ("portal", "admin"):
                started = time.perf_counter()
                _get(page, kind)
                if number >= 2:
                    timings[page.name, kind].append((time.perf_counter() - started) * 1000)
    return timings


def _print(pages, timings, small, rounds, total) -> None:
    print(f"\n{rounds} rounds, {datetime.date.today():%d.%m.%Y}; server time in ms, in process\n")
    print(f"| page | median | p95 | admin median | admin p95 | × admin "
          f"| queries ({SMALL} → {total:,} receipts) | admin's queries |")  # fmt: skip
    print("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    for page in pages:
        ours, admin = timings[page.name, "portal"], timings[page.name, "admin"]
        median, admin_median = statistics.median(ours), statistics.median(admin)
        same = "" if small[page.name][0] == page.queries[0] else " ≠"
        print(f"| {page.name} | {median:.0f} | {percentile(ours, 0.95):.0f} "
              f"| {admin_median:.0f} | {percentile(admin, 0.95):.0f} "
              f"| {median / admin_median:.2f} | {small[page.name][0]} → {page.queries[0]}{same} "
              f"| {small[page.name][1]} → {page.queries[1]} |")  # fmt: skip


if __name__ == "__main__":
    main()
