"""Benchmark: the Belegliste of a network with 10,000 receipts, as CSV and XLSX.

Not a test (timings vary by machine); it prints figures. Run it with

    .venv/bin/python bench/belegliste.py [--receipts 10000]

A throwaway SQLite database (bench/scratch.py), a network with a grant, six budget
lines and the receipts (a tenth of them income); each export is downloaded through
the view by an administrator, its stream read and dropped chunk by chunk, once for
time and queries and once more for peak memory (tracemalloc).
"""

import argparse
import datetime
import time
import tracemalloc
from decimal import Decimal

from scratch import setup_django  # bench/scratch.py, beside this script


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--receipts", type=int, default=10_000)
    args = parser.parse_args()
    setup_django()
    grant = _load(args.receipts)
    _run(grant)


def _load(total: int):
    from django.core.management import call_command

    from finances.models import BudgetLine, Receipt
    from tests.factories import BudgetLineFactory, GrantFactory

    call_command("migrate", verbosity=0)
    grant = GrantFactory()
    lines = [BudgetLineFactory(grant=grant, kind=kind, name=label, position=n)
             for n, (kind, label) in enumerate(BudgetLine.Kind.choices)]  # fmt: skip
    day = grant.period_start
    receipts = []
    for n in range(total):
        income = n % 10 == 9
        net = Decimal(100 + n % 900) + Decimal("0.45")
        vat = Decimal(0) if income else (net * Decimal("0.19")).quantize(Decimal("0.01"))
        receipts.append(Receipt(
            grant=grant, number=n + 1, kind="income" if income else "expense",
            payment_date=day + datetime.timedelta(days=n % 900),
            invoice_date=day + datetime.timedelta(days=n % 900),
            party=f"=Empfänger {n}" if n % 100 == 0 else f"Moderation und Beratung GmbH {n}",
            reason="Moderation des Netzwerktreffens mit Protokoll und Nachbereitung",
            net=net, vat=vat, gross=net + vat, eligible_amount=net + vat,
            budget_line=None if income else lines[n % len(lines)],
            source="grant" if income else "",
        ))  # fmt: skip
    Receipt.objects.bulk_create(receipts, batch_size=1000)
    print(f"{Receipt.objects.filter(grant=grant).count()} receipts")
    return grant


def _download(client, url) -> int:
    response = client.get(url)
    assert response.status_code == 200, response.status_code
    size = 0
    for chunk in response.streaming_content:
        size += len(chunk)
    response.close()
    return size


def _run(grant) -> None:
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.urls import reverse

    from networks.models import User
    from tests.helpers import with_totp

    client = Client()
    client.force_login(with_totp(User.objects.create_superuser("bench@example.org", "x")))
    for file_format in ("csv", "xlsx"):
        url = reverse("belegliste_export", args=[grant.network.slug, file_format])
        with CaptureQueriesContext(connection) as queries:
            started = time.perf_counter()
            size = _download(client, url)
            elapsed = time.perf_counter() - started
        count = len(queries)
        tracemalloc.start()
        _download(client, url)
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
        print(f"Belegliste {file_format:<5} {elapsed * 1000:8.0f} ms {count:4d} queries "
              f"{size / 2**20:6.1f} MiB file {peak / 2**20:7.1f} MiB peak")  # fmt: skip


if __name__ == "__main__":
    main()
