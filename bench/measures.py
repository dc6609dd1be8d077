"""Benchmark: the measure list, its CSV/XLSX export and the import check at size.

Not a test (timings vary by machine); it prints figures. Run it with

    .venv/bin/python bench/measures.py [--measures 10000]

It builds a throwaway SQLite database in a temporary folder (or uses
DATABASE_URL if set, which it then fills: point it at a scratch database),
loads the demo data, adds generated measures, and reports queries, time and
peak memory (tracemalloc) for each step.
"""

import argparse
import os
import time
import tracemalloc

from scratch import setup_django  # bench/scratch.py, beside this script


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--measures", type=int, default=10_000)
    args = parser.parse_args()
    setup_django()
    network = _load(args.measures)
    _run(network)


def _load(total: int):
    """Migrate, load the demo data and copy its measures up to `total`; the network."""
    from django.core.management import call_command
    from django.db import connection
    from django.utils import timezone

    from demo.data import load_demo_data
    from measures.models import Measure
    from networks.models import Network

    call_command("migrate", verbosity=0)
    load_demo_data(today=timezone.localdate())
    network = Network.objects.get(slug="klimaschutz-netzwerk-westfalen-weser-2")
    templates = list(Measure.objects.filter(participation__network=network))
    fields = [f for f in Measure._meta.concrete_fields if not f.primary_key]
    extra = []
    for n in range(total - Measure.objects.count()):
        values = {f.attname: getattr(templates[n % len(templates)], f.attname) for f in fields}
        values["title"] = f"{values['title']} #{n}"
        extra.append(Measure(**values))
    Measure.objects.bulk_create(extra, batch_size=1000)
    print(f"{Measure.objects.count()} measures, database {connection.vendor}")
    return network


def _measure(label, action):
    """Run `action` once for time and queries, once more for peak memory; print both."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        started = time.perf_counter()
        result = action()
        elapsed = time.perf_counter() - started
    count = len(queries)  # read now: the next request empties Django's query log
    tracemalloc.start()  # a second run for memory: tracing slows Python down
    action()
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    print(f"{label:<45} {elapsed * 1000:8.0f} ms {count:4d} queries "
          f"{peak / 2**20:7.1f} MiB peak")  # fmt: skip
    return result


def _run(network) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.test import Client

    from measures import spreadsheets
    from measures.models import Measure
    from networks.models import User

    coordinator = User.objects.get(email="koordination@example.org")
    client = Client()
    client.force_login(coordinator)
    os.environ["HTTP_HOST"] = "testserver"
    _measure("list, first page", lambda: client.get("/massnahmen/"))
    _measure(
        "list, sorted by CO2, page 20", lambda: client.get("/massnahmen/?sortierung=-co2&seite=20")
    )
    _measure(
        "list, search 'LED' + status", lambda: client.get("/massnahmen/?q=LED&status=completed")
    )
    _measure(
        "list, htmx fragment", lambda: client.get("/massnahmen/?jahr=2024", HTTP_HX_REQUEST="true")
    )
    csv = _measure("CSV export, all", lambda: client.get("/massnahmen/export.csv"))
    xlsx = _measure("XLSX export, all", lambda: client.get("/massnahmen/export.xlsx"))
    print(f"  CSV {len(csv.content) / 2**20:.1f} MiB, XLSX {len(xlsx.content) / 2**20:.1f} MiB")
    rows = spreadsheets.export_csv(Measure.objects.filter(participation__network=network)[:2000])
    upload = SimpleUploadedFile("bench.csv", rows)
    parsed = _measure("import: read 2,000 CSV rows", lambda: spreadsheets.read_rows(upload))
    _measure(
        "import: check 2,000 rows",
        lambda: spreadsheets.validate_rows(parsed, network=network, user=coordinator),
    )


if __name__ == "__main__":
    main()
