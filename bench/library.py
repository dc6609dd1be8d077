"""Benchmark: the library of measures over 20,000 completed measures, side by side with
the Django admin's changelist of the same rows.

    .venv/bin/python bench/library.py [--measures 20000] [--rounds 20] [--postgres]

A throwaway database (bench/scratch.py: SQLite in a temporary folder, or with
--postgres a scratch database `portal_librarybench` on the server of
LIBRARYBENCH_DATABASE_URL, default postgres://root@127.0.0.1:5432/postgres, dropped at
the end) and two networks of two coordinator organisations, each with ten
municipalities of various sizes and half of the completed measures (one to three
energy lines each, every programme category); the second network shares its measures
in the library. The first network's coordinator opens the library: half of the rows
in full, half anonymised, the summary by category over all of them.

Each page's queries are counted at 50 measures and again at the full number. Then the
library (its first page, 50 rows, with the summary) and the same page filtered by a
category and a carrier are timed, interleaved round by round with the admin's
changelist of the completed measures (100 rows a page, as a superuser), so that the
machine's noise falls on both alike. In process (Django's test client: the whole
middleware, no network), DEBUG off.
"""

import argparse
import contextlib
import datetime
import os
import statistics
import time
import types
from decimal import Decimal

from scratch import percentile, scratch_postgres, setup_django  # bench/scratch.py

SMALL = 50
MUNICIPALITIES = 10
POPULATIONS = [4_000, 8_500, 12_000, 18_000, 26_000, 41_000, 63_000, 88_000, 140_000, None]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--measures", type=int, default=20_000)
    parser.add_argument("--rounds", type=int, default=20)
    parser.add_argument("--postgres", action="store_true")
    args = parser.parse_args()
    database = (
        scratch_postgres("portal_librarybench", "LIBRARYBENCH_DATABASE_URL")
        if args.postgres
        else contextlib.nullcontext(None)
    )
    with database as database_url:
        if database_url:
            os.environ["DATABASE_URL"] = database_url
        os.environ["DEBUG"] = "false"
        setup_django()
        try:
            _run(args.measures, args.rounds)
        finally:
            from django.db import connections

            connections.close_all()


def _run(total: int, rounds: int) -> None:
    from django.core.management import call_command
    from django.db import connection

    call_command("migrate", verbosity=0)
    world = _world()
    _measures(world, 0, SMALL)
    pages = _pages(world)
    small = {name: _queries(world, urls) for name, urls in pages}
    started = time.perf_counter()
    _measures(world, SMALL, total)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    from measures.models import Measure, MeasureEnergy

    print(f"{Measure.objects.count():,} completed measures with "
          f"{MeasureEnergy.objects.count():,} energy lines, {connection.vendor}, "
          f"made in {time.perf_counter() - started:.0f} s", flush=True)  # fmt: skip
    large = {name: _queries(world, urls) for name, urls in pages}
    _print(pages, _time(world, pages, rounds), small, large, rounds, total)


def _world() -> types.SimpleNamespace:
    from django.test import Client

    from measures.models import EnergyCarrier, MeasureCategory
    from measures.services import set_library_sharing
    from networks.models import FocusArea, Participation, User
    from tests.factories import MunicipalityFactory, NetworkFactory
    from tests.factories.networks import coordinator_of
    from tests.helpers import with_totp

    networks = [
        NetworkFactory(name="Klimaschutz-Netzwerk Westfalen-Weser", slug="westfalen-weser"),
        NetworkFactory(name="Klimaschutz-Netzwerk Senne", slug="senne"),
    ]
    areas = list(FocusArea.objects.all()[:6])
    participations = []
    for network in networks:
        network.focus_areas.set(areas)
        for n in range(MUNICIPALITIES):
            municipality = MunicipalityFactory(
                population=POPULATIONS[n % len(POPULATIONS)], district=f"Kreis {n % 3}"
            )
            participations.append(Participation.objects.create(
                network=network, municipality=municipality, joined_on=network.term_start
            ))  # fmt: skip
    coordinators = [with_totp(coordinator_of(network.coordinator)) for network in networks]
    set_library_sharing(network=networks[1], user=coordinators[1], shared=True,
                        contact="Netzwerkmanagement Senne, senne@example.org",
                        base_version=0)  # a new network's defaults  # fmt: skip
    clients = {"portal": Client(), "admin": Client()}
    clients["portal"].force_login(coordinators[0])
    clients["admin"].force_login(with_totp(User.objects.create_superuser("admin@example.org", "x")))
    return types.SimpleNamespace(
        areas=areas, participations=participations, clients=clients,
        categories=list(MeasureCategory.objects.all()), carriers=list(EnergyCarrier.objects.all()),
    )  # fmt: skip


def _measures(world, first: int, last: int) -> None:
    """Completed measures first+1 … last with their energy lines, in bulk."""
    from measures.models import Measure, MeasureEnergy

    rows = []
    for n in range(first, last):
        rows.append(Measure(
            participation=world.participations[n % len(world.participations)],
            focus_area=world.areas[n % len(world.areas)],
            category=world.categories[n % len(world.categories)],
            title=f"Maßnahme {n:05d}: LED-Umrüstung der Straßenbeleuchtung im Ortsteil {n % 17}",
            description="Umrüstung auf LED-Leuchten mit Nachtabsenkung.",
            status="completed", completed_on=datetime.date(2023 + n % 3, 1 + n % 12, 1),
            investment_eur=Decimal(20_000 + 100 * (n % 500)) if n % 13 else None,
            subsidy_eur=Decimal(5_000) if n % 13 else None,
            energy_savings_kwh=Decimal(10_000 + 37 * (n % 1000)),
            co2_savings_t=Decimal(n % 7) if n % 11 else None,  # some zero, some unknown
            lifetime_years=15 + n % 10 if n % 5 else None,
            evidence=["", "measured", "calculated", "estimated"][n % 4],
            consumption_before_kwh=Decimal(90_000) if n % 4 == 1 else None,
            consumption_after_kwh=Decimal(60_000) if n % 4 == 1 else None,
            evidence_source="Energieaudit 2022" if n % 4 == 2 else "",
        ))  # fmt: skip
    made = Measure.objects.bulk_create(rows, batch_size=1000)
    lines = []
    for n, measure in zip(range(first, last), made, strict=True):
        for k in range(1 + n % 3):
            lines.append(MeasureEnergy(
                measure=measure, carrier=world.carriers[(n + k) % len(world.carriers)],
                kwh=Decimal(4_000 + 13 * (n % 700) + k),
            ))  # fmt: skip
    MeasureEnergy.objects.bulk_create(lines, batch_size=2000)


def _pages(world) -> list[tuple[str, dict]]:
    from django.urls import reverse

    library = reverse("measure_library")
    changelist = "/admin/measures/measure/?status__exact=completed"
    category, carrier = world.categories[0], world.carriers[0]
    filtered = f"?kategorie={category.slug}&energietraeger={carrier.slug}"
    admin_filtered = (
        f"{changelist}&category__id__exact={category.pk}&energy__carrier__id__exact={carrier.pk}"
    )
    return [
        ("library, page 1", {"portal": library, "admin": changelist}),
        ("library by category and carrier",
         {"portal": library + filtered, "admin": admin_filtered}),
        ("library sorted by EUR/t over the lifetime, descending",
         {"portal": library + "?sort=-eur-je-t-gesamt", "admin": changelist + "&o=-7"}),
    ]  # fmt: skip


def _get(world, url: str, kind: str):
    response = world.clients[kind].get(url)
    if response.status_code != 200:
        raise SystemExit(f"{kind}: {response.status_code} for {url}")
    return response


def _queries(world, urls: dict) -> tuple[int, int]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    counts = []
    for kind in ("portal", "admin"):
        _get(world, urls[kind], kind)
        with CaptureQueriesContext(connection) as queries:
            _get(world, urls[kind], kind)
        counts.append(len(queries))
    return tuple(counts)


def _time(world, pages, rounds: int) -> dict:
    timings = {(name, kind): [] for name, _urls in pages for kind in ("portal", "admin")}
    for number in range(rounds + 2):  # two rounds to warm up
        for name, urls in pages:
            for kind in ("portal", "admin"):
                started = time.perf_counter()
                _get(world, urls[kind], kind)
                if number >= 2:
                    timings[name, kind].append((time.perf_counter() - started) * 1000)
    return timings


def _print(pages, timings, small, large, rounds, total) -> None:
    print(f"\n{rounds} rounds, {datetime.date.today():%d.%m.%Y}; server time in ms, in process\n")
    print(f"| page | median | p95 | admin median | admin p95 | × admin "
          f"| queries ({SMALL} → {total:,} measures) | admin's queries |")  # fmt: skip
    print("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    for name, _urls in pages:
        ours, admin = timings[name, "portal"], timings[name, "admin"]
        median, admin_median = statistics.median(ours), statistics.median(admin)
        print(f"| {name} | {median:.0f} | {percentile(ours, 0.95):.0f} "
              f"| {admin_median:.0f} | {percentile(admin, 0.95):.0f} "
              f"| {median / admin_median:.2f} | {small[name][0]} → {large[name][0]} "
              f"| {small[name][1]} → {large[name][1]} |")  # fmt: skip


if __name__ == "__main__":
    main()
