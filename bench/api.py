"""Benchmark: the API's measure list (/api/v1/measures/) at 20,000 measures, side by
side with a plain DRF ListAPIView on the same queryset and page size.

    .venv/bin/python bench/api.py [--measures 20000] [--rounds 20] [--postgres] [--profile]

A throwaway database (bench/scratch.py: SQLite in a temporary folder, or with
--postgres a scratch database `portal_apibench` on the server of
APIBENCH_DATABASE_URL, default postgres://root@127.0.0.1:5432/postgres, dropped at the
end) and one network of eight municipalities whose measures are spread over them, the
focus areas and the five statuses; each measure has one to three energy lines of the
carriers the migrations bring (a heat pump's line adds electricity), each with the
emission factor of the network's set. The coordinator reads them all with a token.

The plain view is defined here, not in the app: a `generics.ListAPIView` with DRF's
stock classes (JSON renderer, `IsAuthenticated`, `CursorPagination` ordered by the id,
100 a page; no throttle, no filter backend), the API's queryset (`measures_for`:
`Measure.objects.for_user` with the same select_related/prefetch_related) and a
`ModelSerializer` that writes the same JSON as the API (checked below). It
authenticates with the same token class, so the token's two queries fall on both: what
differs is the API's own layer (strict filter parameters, django-filter, the throttle,
its pagination with the Link header, the CSV renderer's negotiation) and its
`Serializer` against the `ModelSerializer`. A third column runs the plain view with the
API's own serializer, to tell the two apart.

Each list's queries are counted at SMALL measures and again at the full number. Then
three requests (the first page, a page from the middle by cursor, a page of 500) are
timed on all three views, interleaved round by round in a rotating order, so that the
machine's noise falls on all alike. In process (Django's test client: the whole
middleware, no network), DEBUG off.
"""

import argparse
import base64
import contextlib
import datetime
import os
import statistics
import sys
import time
import types
from decimal import Decimal
from urllib.parse import urlencode

from scratch import percentile, scratch_postgres, setup_django  # bench/scratch.py

SMALL = 20
PROFILED = 10  # requests of each view that --profile runs
MUNICIPALITIES = 8
KINDS = ("api", "plain", "plain_same")
LABELS = {"api": "API", "plain": "plain view", "plain_same": "plain view, API's serializer"}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--measures", type=int, default=20_000)
    parser.add_argument("--rounds", type=int, default=20)
    parser.add_argument("--postgres", action="store_true")
    parser.add_argument("--profile", action="store_true",
                        help="instead of timing, profile the API and the plain view")  # fmt: skip
    args = parser.parse_args()
    database = (
        scratch_postgres("portal_apibench", "APIBENCH_DATABASE_URL")
        if args.postgres
        else contextlib.nullcontext(None)
    )
    with database as database_url:
        if database_url:
            os.environ["DATABASE_URL"] = database_url
        os.environ["DEBUG"] = "false"
        # The throttle stays in the request (a cache read and write each time), but
        # with a budget the rounds never reach.
        os.environ["API_REQUESTS_PER_MINUTE"] = "1000000"
        setup_django()
        try:
            _run(args.measures, args.rounds, profile=args.profile)
        finally:
            from django.db import connections

            connections.close_all()


def _run(total: int, rounds: int, *, profile: bool = False) -> None:
    from django.core.management import call_command
    from django.db import connection

    call_command("migrate", verbosity=0)
    world = _world()
    _measures(world, 0, SMALL)
    client = _client(world)
    requests = _requests()
    small = {(name, kind): _queries(client, (name, query), kind)
             for name, query in requests for kind in KINDS}  # fmt: skip
    started = time.perf_counter()
    _measures(world, SMALL, total)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    from measures.models import Measure, MeasureEnergy

    print(f"{Measure.objects.count():,} measures with {MeasureEnergy.objects.count():,} "
          f"energy lines, {connection.vendor}, made in {time.perf_counter() - started:.0f} s",
          flush=True)  # fmt: skip
    requests = _requests()
    _same_json(client, requests)
    large = {(name, kind): _queries(client, (name, query), kind)
             for name, query in requests for kind in KINDS}  # fmt: skip
    if profile:
        _profile(client, requests[-1])  # the page of 500: what grows with the rows
        return
    _print(requests, _time(client, requests, rounds), small, large, rounds, total)


# -- the data ----------------------------------------------------------------------------


def _world() -> types.SimpleNamespace:
    """The network, its municipalities, the catalogue's focus areas and carriers with
    the factors of the network's set, the coordinator and a token."""
    from django.utils import timezone

    from api.services import create_token
    from measures.models import EmissionFactor, EnergyCarrier
    from networks.models import FocusArea, Participation
    from tests.factories import MunicipalityFactory, NetworkFactory
    from tests.factories.networks import coordinator_of

    network = NetworkFactory(name="Klimaschutz-Netzwerk Westfalen-Weser", slug="westfalen-weser")
    areas = list(FocusArea.objects.all()[:6])
    network.focus_areas.set(areas)
    participations = [
        Participation.objects.create(
            network=network, municipality=MunicipalityFactory(), joined_on=network.term_start
        )
        for _n in range(MUNICIPALITIES)
    ]
    carriers = list(EnergyCarrier.objects.all())
    factors = {}
    for factor in EmissionFactor.objects.filter(factor_set=network.factor_set).order_by("year"):
        factors[factor.carrier_id] = factor  # the latest year wins
    carriers = [carrier for carrier in carriers if carrier.pk in factors] or carriers
    coordinator = coordinator_of(network.coordinator)
    _token, key = create_token(
        user=coordinator,
        name="Bench",
        expires_on=timezone.localdate() + datetime.timedelta(days=30),
    )
    return types.SimpleNamespace(
        network=network, areas=areas, participations=participations, carriers=carriers,
        factors=factors, coordinator=coordinator, key=key,
    )  # fmt: skip


def _measures(world, first: int, last: int) -> None:
    """Measures first+1 … last with their energy lines, in bulk."""
    from measures.models import Measure, MeasureEnergy

    statuses = list(Measure.Status.values)
    rows = []
    for n in range(first, last):
        status = statuses[n % len(statuses)]
        started = status in ("in_progress", "completed")
        rows.append(Measure(
            participation=world.participations[n % len(world.participations)],
            focus_area=world.areas[n % len(world.areas)],
            title=f"Maßnahme {n:05d}: LED-Umrüstung der Straßenbeleuchtung im Ortsteil {n % 17}",
            description="Umrüstung von Natriumdampf-Hochdrucklampen auf LED-Leuchten "
                        "mit Nachtabsenkung; Ausschreibung gemeinsam mit den Nachbarkommunen.",
            status=status, responsible=f"Bauamt, Frau Beispiel {n % 11}",
            planned_start=datetime.date(2023, 1 + n % 12, 1),
            planned_end=datetime.date(2024, 1 + n % 12, 28),
            started_on=datetime.date(2023, 1, 1) if started else None,
            completed_on=datetime.date(2023 + n % 3, 1 + n % 12, 1)
            if status == "completed" else None,
            investment_eur=Decimal(20_000 + 100 * (n % 500)), subsidy_eur=Decimal(5_000),
            energy_savings_kwh=Decimal(10_000 + 37 * (n % 1000)),
            co2_savings_t=Decimal(3 + n % 7), lifetime_years=15 + n % 10,
        ))  # fmt: skip
    made = Measure.objects.bulk_create(rows, batch_size=1000)
    lines = []
    carriers = world.carriers
    for n, measure in zip(range(first, last), made, strict=True):
        for k in range(1 + n % 3):  # one to three carriers
            carrier = carriers[(n + k) % len(carriers)]
            lines.append(MeasureEnergy(
                measure=measure, carrier=carrier, effect="added" if k == 2 else "saved",
                kwh=Decimal(4_000 + 13 * (n % 700) + k), factor=world.factors.get(carrier.pk),
            ))  # fmt: skip
    MeasureEnergy.objects.bulk_create(lines, batch_size=2000)


# -- the plain view ----------------------------------------------------------------------


def _plain_views():
    """The plain ListAPIView with a ModelSerializer, and the same view with the API's
    serializer, each a view function."""
    from django.urls import reverse
    from rest_framework import generics, pagination, permissions, renderers, serializers

    from api.authentication import TokenAuthentication
    from api.serializers import MeasureSerializer
    from api.views import measures_for
    from measures.models import EnergyCarrier, Measure, MeasureEnergy
    from networks.models import FactorSet, FocusArea, Municipality, gas_of, unit_of

    class FocusAreaSerializer(serializers.ModelSerializer):
        name = serializers.CharField(source="display_name")

        class Meta:
            model = FocusArea
            fields = ["slug", "name"]

    class CarrierSerializer(serializers.ModelSerializer):
        name = serializers.CharField(source="display_name")

        class Meta:
            model = EnergyCarrier
            fields = ["slug", "name"]

    class MunicipalitySerializer(serializers.ModelSerializer):
        class Meta:
            model = Municipality
            fields = ["ags", "name", "slug", "kind", "federal_state"]

    class FactorSetSerializer(serializers.ModelSerializer):
        gas = serializers.SerializerMethodField()
        unit = serializers.SerializerMethodField()

        class Meta:
            model = FactorSet
            fields = ["slug", "name", "basis", "gas", "unit", "source", "year"]

        def get_gas(self, factor_set):
            return gas_of(factor_set.basis)

        def get_unit(self, factor_set):
            return unit_of(factor_set.basis)

    class EnergySerializer(serializers.ModelSerializer):
        carrier = CarrierSerializer()
        factor_kg_per_kwh = serializers.DecimalField(
            source="factor.kg_per_kwh", max_digits=7, decimal_places=4, allow_null=True
        )
        factor_year = serializers.IntegerField(source="factor.year", allow_null=True)

        class Meta:
            model = MeasureEnergy
            fields = ["carrier", "effect", "kwh", "factor_kg_per_kwh", "factor_year"]

    class GreenhouseGasSerializer(serializers.ModelSerializer):
        savings_t = serializers.DecimalField(
            source="co2_savings_t", max_digits=12, decimal_places=3, allow_null=True
        )
        gas = serializers.SerializerMethodField()
        unit = serializers.SerializerMethodField()
        factor_set = FactorSetSerializer(source="participation.network.factor_set")
        manual = serializers.BooleanField(source="co2_manual")
        manual_reason = serializers.CharField(source="co2_manual_reason")
        over_lifetime_t = serializers.DecimalField(
            source="savings_over_lifetime", max_digits=16, decimal_places=3, allow_null=True
        )

        class Meta:
            model = Measure
            fields = ["savings_t", "gas", "unit", "factor_set", "manual", "manual_reason",
                      "over_lifetime_t"]  # fmt: skip

        def get_gas(self, measure):
            return gas_of(measure.participation.network.factor_set.basis)

        def get_unit(self, measure):
            return unit_of(measure.participation.network.factor_set.basis)

    class PlainMeasureSerializer(serializers.ModelSerializer):
        network = serializers.CharField(source="participation.network.slug")
        municipality = MunicipalitySerializer(source="participation.municipality")
        focus_area = FocusAreaSerializer()
        year = serializers.IntegerField(allow_null=True)
        energy = EnergySerializer(many=True)
        greenhouse_gas = GreenhouseGasSerializer(source="*")
        page = serializers.SerializerMethodField()

        class Meta:
            model = Measure
            fields = ["id", "title", "description", "status", "network", "municipality",
                      "focus_area", "responsible", "planned_start", "planned_end",
                      "started_on", "completed_on", "year", "investment_eur", "subsidy_eur",
                      "energy_savings_kwh", "energy", "greenhouse_gas", "lifetime_years",
                      "carried_over_from", "created_at", "updated_at", "page"]  # fmt: skip

        def get_page(self, measure):
            return self.context["request"].build_absolute_uri(reverse("measure", args=[measure.pk]))

    class Cursor(pagination.CursorPagination):
        ordering = "pk"
        page_size = 100
        page_size_query_param = "page_size"
        max_page_size = 500

    class PlainMeasureList(generics.ListAPIView):
        authentication_classes = [TokenAuthentication]  # the same token as the API's
        permission_classes = [permissions.IsAuthenticated]
        renderer_classes = [renderers.JSONRenderer]
        throttle_classes = []
        filter_backends = []
        pagination_class = Cursor
        serializer_class = PlainMeasureSerializer

        def get_queryset(self):
            return measures_for(self.request.user)

    class PlainWithApiSerializer(PlainMeasureList):
        serializer_class = MeasureSerializer

    return PlainMeasureList.as_view(), PlainWithApiSerializer.as_view()


def _mount_plain_views() -> None:
    """A URLconf of the portal's own URLs with the plain views in front of them."""
    from importlib import import_module

    from django.conf import settings
    from django.urls import clear_url_caches, path

    plain, plain_same = _plain_views()
    urls = types.ModuleType("bench_api_urls")
    urls.urlpatterns = [
        path("bench/plain/measures/", plain),
        path("bench/plain-same/measures/", plain_same),
        *import_module(settings.ROOT_URLCONF).urlpatterns,
    ]
    sys.modules[urls.__name__] = urls
    settings.ROOT_URLCONF = urls.__name__
    clear_url_caches()


# -- the requests ------------------------------------------------------------------------


PATHS = {"api": "/api/v1/measures/", "plain": "/bench/plain/measures/",
         "plain_same": "/bench/plain-same/measures/"}  # fmt: skip


def _client(world):
    from django.test import Client

    _mount_plain_views()
    client = Client(HTTP_AUTHORIZATION=f"Bearer {world.key}")
    return client


def _cursor(pk: int) -> str:
    """A cursor after the measure `pk`, as DRF's CursorPagination encodes it (both
    views order by the id, so it means the same in both)."""
    return base64.b64encode(urlencode({"p": str(pk)}).encode("ascii")).decode("ascii")


def _requests() -> list[tuple[str, str]]:
    """(name, query string) of the timed requests."""
    from measures.models import Measure

    ids = Measure.objects.order_by("pk").values_list("pk", flat=True)
    middle = ids[ids.count() // 2]
    return [
        ("first page (100)", ""),
        ("a page from the middle (100)", "?" + urlencode({"cursor": _cursor(middle)})),
        ("first page of 500", "?page_size=500"),
    ]


def _get(client, request, kind):
    name, query = request
    response = client.get(PATHS[kind] + query)
    if response.status_code != 200:
        raise SystemExit(f"{name} ({kind}): {response.status_code} {response.content[:300]!r}")
    return response


def _same_json(client, requests) -> None:
    """The three views write the same measures (the envelopes' links differ)."""
    for request in requests:
        results = {kind: _get(client, request, kind).json()["results"] for kind in KINDS}
        if not results["api"] == results["plain"] == results["plain_same"]:
            for kind in KINDS:
                print(kind, results[kind][:1])
            raise SystemExit(f"{request[0]}: the views' results differ")


def _queries(client, request, kind) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    _get(client, request, kind)  # the first request writes the token's last use
    with CaptureQueriesContext(connection) as queries:
        _get(client, request, kind)
    return len(queries)


def _profile(client, request) -> None:
    """The 30 functions each view spends most time in (cumulative), and the 20 that
    take most time themselves, over PROFILED requests, by cProfile."""
    import cProfile
    import pstats
    import tempfile
    from pathlib import Path

    for kind in KINDS:
        for _warm in range(3):
            _get(client, request, kind)
        profiler = cProfile.Profile()
        for _request in range(PROFILED):  # several, so that the noise evens out
            profiler.runcall(_get, client, request, kind)
        print(f"\n## {LABELS[kind]}: {request[0]}")
        stats = pstats.Stats(profiler)
        path = Path(tempfile.gettempdir()) / f"apibench-{kind}.prof"
        stats.dump_stats(path)  # for pstats or snakeviz
        print(f"(saved to {path})")
        stats.sort_stats("cumulative").print_stats(30)
        stats.sort_stats("tottime").print_stats(20)


def _time(client, requests, rounds: int) -> dict:
    """Server time in ms per request and view, the views' order rotating each round."""
    timings = {(request[0], kind): [] for request in requests for kind in KINDS}
    for number in range(rounds + 2):  # two rounds to warm up
        order = KINDS[number % 3 :] + KINDS[: number % 3]
        for request in requests:
            for kind in order:
                started = time.perf_counter()
                _get(client, request, kind)
                if number >= 2:
                    timings[request[0], kind].append((time.perf_counter() - started) * 1000)
    return timings


def _print(requests, timings, small, large, rounds, total) -> None:
    print(f"\n{rounds} rounds, {datetime.date.today():%d.%m.%Y}; server time in ms, in process\n")
    print(
        "| request | API median | API p95 | plain median | plain p95 | **× plain** "
        "| plain, API's serializer: median | × that |"
    )
    print("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    for name, _query in requests:
        api, plain, same = (timings[name, kind] for kind in KINDS)
        median = statistics.median(api)
        print(f"| {name} | {median:.0f} | {percentile(api, 0.95):.0f} "
              f"| {statistics.median(plain):.0f} | {percentile(plain, 0.95):.0f} "
              f"| **{median / statistics.median(plain):.2f}** | {statistics.median(same):.0f} "
              f"| {median / statistics.median(same):.2f} |")  # fmt: skip
    print(f"\nQueries at {SMALL} → {total:,} measures:")
    for name, _query in requests:
        print(f"- {name}: " + ", ".join(f"{LABELS[kind]} {small[name, kind]} → {large[name, kind]}"
                                        for kind in KINDS))  # fmt: skip


if __name__ == "__main__":
    main()
