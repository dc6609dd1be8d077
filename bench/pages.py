"""Benchmark: the portal's pages at scale, side by side with the Django admin and a floor.

    .venv/bin/python bench/pages.py [--rounds 30] [--only SUBSTRING] [--database NAME]
                                    [--profile FOLDER]

It makes a scratch database `portal_pages` on the PostgreSQL server of
PAGES_DATABASE_URL (default postgres://root@127.0.0.1:5432/postgres, dropped again at
the end), loads the demo data and counts each page's queries at demo size. Then it
grows the data to 1,000 municipalities, 50 networks, 20,000 measures and 600
meetings (copies of the demo's second network, its measures, meetings, agenda,
invitations, attendance, minutes and reports, each with municipalities and climate
managers of its own) and measures every page again: median and p95 server time and
its queries, interleaved round by round with the admin's page for the same rows and
a bare view that dumps them (bench/floor.py), so that the machine's noise falls on
all three alike. Times are in process (Django's test client: the whole middleware,
no network), on the settings of the development machine with DEBUG off.
"""

import argparse
import datetime
import os
import statistics
import sys
import tempfile
import time
import uuid
from pathlib import Path

from scratch import percentile, scratch_postgres  # bench/scratch.py, beside this script

SCRATCH = "portal_pages"
MUNICIPALITIES, NETWORKS, MEASURES, MEETINGS = 1_000, 50, 20_000, 600
PER_NETWORK = 16  # municipalities in each copied network


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=30)
    parser.add_argument(
        "--only",
        default="",
        metavar="SUBSTRING",
        help='measure only the pages whose name contains it, e.g. "start page"',
    )
    parser.add_argument(
        "--database",
        default=SCRATCH,
        metavar="NAME",
        help="the scratch database's name (two runs at once need two)",
    )
    parser.add_argument(
        "--profile",
        type=Path,
        metavar="FOLDER",
        help="after timing, profile ten views of each portal page into FOLDER/<page>.prof "
        "(cProfile; read with python -m pstats)",
    )
    args = parser.parse_args()
    with scratch_postgres(args.database, "PAGES_DATABASE_URL") as database_url:
        _setup_django(database_url)
        try:
            _run(args.rounds, args.only, args.profile)
        finally:
            from django.db import connections

            connections.close_all()


def _setup_django(database_url: str) -> None:
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    os.environ["DATABASE_URL"] = database_url
    os.environ.setdefault("MEDIA_ROOT", tempfile.mkdtemp())
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")
    os.environ["ALLOWED_HOSTS"] = "testserver"
    os.environ["DEBUG"] = "false"
    import django

    django.setup()
    from django.conf import settings

    settings.ROOT_URLCONF = "floor"  # bench/floor.py: the floor's views, then the portal's


def _run(rounds: int, only: str = "", profile: Path | None = None) -> None:
    from django.core.management import call_command
    from django.db import connection
    from django.utils import timezone

    from demo.data import load_demo_data

    call_command("migrate", verbosity=0)
    load_demo_data(today=timezone.localdate())
    _admin_pages_as_long_as_ours()
    print("demo size:", _sizes(), flush=True)
    at_demo = {page.name: _queries(page) for page in _pages(scaled=False, only=only)}
    started = time.perf_counter()
    _grow()
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    print(f"grown in {time.perf_counter() - started:.0f} s:", _sizes(), flush=True)
    pages = _pages(scaled=True, only=only)
    for page in pages:
        page.queries = _queries(page)
    timings = _time(pages, rounds)
    _print(pages, timings, at_demo, rounds)
    if profile:
        _profile(pages, profile)


def _profile(pages: "list[Page]", folder: Path) -> None:
    """Ten views of each portal page under cProfile, one file per page."""
    import cProfile

    folder.mkdir(parents=True, exist_ok=True)
    for page in pages:
        profiler = cProfile.Profile()
        profiler.enable()
        for _ in range(10):
            _get(page, "portal")
        profiler.disable()
        path = folder / f"{page.name.replace(' ', '-').replace(',', '')}.prof"
        profiler.dump_stats(path)
        print("profile:", path)


def _admin_pages_as_long_as_ours() -> None:
    """The admin's changelists show as many rows as the portal's lists do."""
    from django.contrib import admin

    from events.models import Meeting
    from measures.models import Measure

    admin.site._registry[Measure].list_per_page = 50
    admin.site._registry[Meeting].list_per_page = 25


def _sizes() -> str:
    from events.models import Meeting
    from measures.models import Measure
    from networks.models import Municipality, Network

    return (
        f"{Municipality.objects.count()} municipalities, {Network.objects.count()} networks, "
        f"{Measure.objects.count()} measures, {Meeting.objects.count()} meetings"
    )


# -- the data at scale ------------------------------------------------------------------


def _copy(obj, **changes):
    """An unsaved copy of a model instance with its concrete fields, changed as given."""
    values = {f.attname: getattr(obj, f.attname) for f in obj._meta.concrete_fields}
    values.pop(obj._meta.pk.attname)
    values.update(changes)
    return type(obj)(**values)


def _grow() -> None:
    """Copies of the demo's second network until the sizes of the issue's measurement."""
    from events.models import AgendaItem, Attendance, Decision, Invitee, Meeting, Minutes
    from measures.models import Measure
    from networks.models import Membership, Municipality, Network, Participation, Role, User
    from reports.models import Report

    template = Network.objects.get(slug="klimaschutz-netzwerk-westfalen-weser-2")
    participations = list(template.participations.select_related("municipality"))
    a_municipality = participations[0].municipality
    # Municipalities: new ones, each with a climate manager of the coordinator.
    start = Municipality.objects.count()
    new_municipalities = Municipality.objects.bulk_create(
        _copy(a_municipality, name=f"Gemeinde {n:04d}", slug=f"gemeinde-{n:04d}",
              ags=f"{a_municipality.federal_state}9{n:05d}")
        for n in range(MUNICIPALITIES - start)
    )  # fmt: skip
    managers = User.objects.bulk_create(
        User(email=f"klima.{m.slug}@example.org", name=f"Klima {m.name}", password="!")  # noqa: S106 (unusable)
        for m in new_municipalities
    )
    Membership.objects.bulk_create(
        Membership(user=user, role=Role.CLIMATE_MANAGER, organisation=template.coordinator,
                   municipality=municipality)
        for user, municipality in zip(managers, new_municipalities, strict=True)
    )  # fmt: skip
    manager_of = {
        m.municipality_id: m.user_id
        for m in Membership.objects.filter(role=Role.CLIMATE_MANAGER, network__isnull=True)
    }
    # Networks, each with PER_NETWORK of the new municipalities.
    copies = NETWORKS - Network.objects.count()
    networks = Network.objects.bulk_create(
        _copy(template, name=f"Klimaschutz-Netzwerk {n + 1:02d}", slug=f"netzwerk-{n + 1:02d}",
              predecessor_id=None)
        for n in range(copies)
    )  # fmt: skip
    for network in networks:
        network.focus_areas.set(template.focus_areas.all())
        network.service_providers.set(template.service_providers.all())
    Membership.objects.bulk_create(
        _copy(membership, network_id=network.pk)
        for membership in Membership.objects.filter(network=template)
        for network in networks
    )
    municipality_map, new_participations = {}, []
    for index, network in enumerate(networks):
        own = new_municipalities[index * PER_NETWORK : (index + 1) * PER_NETWORK]
        for number, municipality in enumerate(own):
            original = participations[number % len(participations)]
            municipality_map[(network.pk, original.municipality_id)] = municipality.pk
            new_participations.append(
                _copy(original, network_id=network.pk, municipality_id=municipality.pk)
            )
    new_participations = Participation.objects.bulk_create(new_participations)
    # Measures, spread evenly over the new participations.
    measures = list(Measure.objects.filter(participation__network=template))
    wanted = MEASURES - Measure.objects.count()
    Measure.objects.bulk_create(
        (
            _copy(
                measures[n % len(measures)],
                participation_id=new_participations[n % len(new_participations)].pk,
                title=f"{measures[n % len(measures)].title} #{n}",
                carried_over_from_id=None,
            )
            for n in range(wanted)
        ),
        batch_size=2000,
    )
    # Meetings, with their agenda, invitations, attendance, minutes and decisions.
    originals = list(template.meetings.order_by("starts_at"))
    wanted = MEETINGS - Meeting.objects.count()
    plan = [(networks[n % len(networks)], originals[n // len(networks)]) for n in range(wanted)]
    new_meetings = Meeting.objects.bulk_create(
        _copy(original, network_id=network.pk, uid=uuid.uuid4()) for network, original in plan
    )

    def local(network, municipality_id):
        return municipality_map.get((network.pk, municipality_id), municipality_id)

    def person(network, user_id, municipality_id):
        return (
            manager_of.get(local(network, municipality_id), user_id) if municipality_id else user_id
        )

    children = {
        AgendaItem: AgendaItem.objects.all(),
        Invitee: Invitee.objects.all(),
        Attendance: Attendance.objects.all(),
        Minutes: Minutes.objects.all(),
        Decision: Decision.objects.all(),
    }
    for model, rows in children.items():
        by_meeting = {}
        for row in rows.filter(meeting__network=template):
            by_meeting.setdefault(row.meeting_id, []).append(row)
        copies = []
        for (network, original), meeting in zip(plan, new_meetings, strict=True):
            for row in by_meeting.get(original.pk, []):
                changes = {"meeting_id": meeting.pk}
                if hasattr(row, "municipality_id"):
                    changes["municipality_id"] = (
                        local(network, row.municipality_id) if row.municipality_id else None
                    )
                    if getattr(row, "user_id", None):
                        changes["user_id"] = person(network, row.user_id, row.municipality_id)
                if model is Invitee:
                    changes["substitute_id"] = None
                copies.append(_copy(row, **changes))
        model.objects.bulk_create(copies, batch_size=2000)
    # Issued reports (their figures and PDF shared with the original's).
    Report.objects.bulk_create(
        _copy(report, network_id=network.pk, intent=None)
        for report in Report.objects.filter(network=template)
        for network in networks
    )


# -- the pages --------------------------------------------------------------------------

PEOPLE = {
    "coordinator": "koordination@example.org",
    "funder": "foerderung@example.org",
    "service provider": "moderation@example.org",
}


class Page:
    def __init__(self, name, user, url, admin_url, floor_url):
        self.name, self.user = name, user
        self.urls = {"portal": url, "admin": admin_url, "floor": floor_url}
        self.queries = 0


def _pages(*, scaled: bool, only: str = "") -> list[Page]:
    """The pages of the issue, each for a person who uses it, on the demo's second
    network (demo size) or on one of its copies (at scale); with `only`, those whose
    name contains it."""
    from events.models import Meeting
    from networks.models import Membership, Network, Role, User
    from reports.models import Report

    slug = "netzwerk-01" if scaled else "klimaschutz-netzwerk-westfalen-weser-2"
    network = Network.objects.get(slug=slug)
    meeting = network.meetings.filter(status=Meeting.Status.HELD).order_by("starts_at").first()
    report = Report.objects.filter(network=network).order_by("-issued_at").first()
    manager = (
        Membership.objects.filter(
            role=Role.CLIMATE_MANAGER,
            municipality=network.participations.order_by("municipality__name")[0].municipality,
        )
        .first()
        .user
    )
    users = {role: User.objects.get(email=email) for role, email in PEOPLE.items()}
    users["climate manager"] = manager
    users["admin"] = User.objects.get(email="admin@example.org")
    coordinator, admin = users["coordinator"], users["admin"]
    measures_admin = "/admin/measures/measure/"
    in_network = f"participation__network__id__exact={network.pk}"
    pages = [
        Page("measure list, all", coordinator, "/massnahmen/", measures_admin,
             "/floor/massnahmen/"),
        Page("measure list, one network", coordinator, f"/massnahmen/?netzwerk={slug}",
             f"{measures_admin}?{in_network}", f"/floor/massnahmen/?netzwerk={slug}"),
        Page("network page", coordinator, f"/netzwerke/{slug}/",
             f"/admin/networks/network/{network.pk}/change/", f"/floor/netzwerke/{slug}/"),
    ]  # fmt: skip
    for role, user in users.items():
        pages.append(
            Page(f"start page, {role}", user, "/start/", "/admin/networks/network/",
                 "/floor/start/")
        )  # fmt: skip
    pages += [
        Page("meeting list", coordinator, "/treffen/",
             "/admin/events/meeting/", "/floor/treffen/"),
        Page("meeting page", coordinator, f"/treffen/{meeting.pk}/",
             f"/admin/events/meeting/{meeting.pk}/change/", f"/floor/treffen/{meeting.pk}/"),
        Page("reports list", coordinator, f"/netzwerke/{slug}/berichte/",
             f"/admin/reports/report/?network__id__exact={network.pk}",
             f"/floor/netzwerke/{slug}/berichte/"),
        Page("final report", coordinator, f"/berichte/{report.pk}/",
             f"/admin/reports/report/{report.pk}/change/", f"/floor/berichte/{report.pk}/"),
    ]  # fmt: skip
    pages = [page for page in pages if only in page.name]
    if not pages:
        raise SystemExit(f"no page's name contains {only!r}")
    for page in pages:
        page.clients = _clients(page.user, admin)
    return pages


def _clients(user, admin) -> dict:
    """Signed-in test clients: the page's person for the portal and the floor, the
    superuser for the admin."""
    from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
    from django.test import Client

    clients = {}
    for kind, person in (("portal", user), ("admin", admin), ("floor", user)):
        if person.must_use_second_factor() and not person.authenticator_set.exists():
            TOTP.activate(person, generate_totp_secret())
        client = Client()
        client.force_login(person)
        clients[kind] = client
    return clients


def _get(page: Page, kind: str):
    response = page.clients[kind].get(page.urls[kind])
    if response.status_code != 200:
        raise SystemExit(f"{page.name} ({kind}): {response.status_code} for {page.urls[kind]}")
    return response


def _queries(page: Page) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    _get(page, "portal")  # the first request fills caches that later ones find
    with CaptureQueriesContext(connection) as queries:
        _get(page, "portal")
    return len(queries)


def _time(pages: list[Page], rounds: int) -> dict:
    """Server time in ms per page and kind, the three kinds interleaved in each round."""
    timings = {(page.name, kind): [] for page in pages for kind in ("portal", "admin", "floor")}
    for number in range(rounds + 2):  # two rounds to warm up
        for page in pages:
            for kind in ("portal", "admin", "floor"):
                started = time.perf_counter()
                _get(page, kind)
                if number >= 2:
                    timings[page.name, kind].append((time.perf_counter() - started) * 1000)
    return timings


def _print(pages, timings, at_demo, rounds) -> None:
    print(f"\n{rounds} rounds, {datetime.date.today():%d.%m.%Y}; server time in ms, "
          f"in process\n")  # fmt: skip
    print("| page | median | p95 | admin median | floor median | × admin | × floor "
          "| queries (demo size → scale) |")  # fmt: skip
    print("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    for page in pages:
        ours = timings[page.name, "portal"]
        admin = statistics.median(timings[page.name, "admin"])
        floor = statistics.median(timings[page.name, "floor"])
        median, p95 = statistics.median(ours), percentile(ours, 0.95)
        same = "" if at_demo[page.name] == page.queries else " ≠"
        print(f"| {page.name} | {median:.0f} | {p95:.0f} | {admin:.0f} | {floor:.0f} "
              f"| {median / admin:.2f} | {median / floor:.2f} "
              f"| {at_demo[page.name]} → {page.queries}{same} |")  # fmt: skip


if __name__ == "__main__":
    main()
