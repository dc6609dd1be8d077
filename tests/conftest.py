import copy
import os
from contextlib import contextmanager
from io import StringIO
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import pytest


def pytest_configure(config):
    """Under pytest-xdist (`make test` runs two workers) each worker gets a Redis
    database of its own: `_empty_cache` clears the whole database before every test,
    which would wipe the rate-limit counts of a test running in the other worker.
    pytest-django gives each worker its own test database (test_portal_gw0, …) the
    same way. The cache is made on first use, after this."""
    from django.conf import settings

    database = settings.DATABASES["default"]
    if database["ENGINE"] == "django.db.backends.postgresql":
        # A test's commit need not wait for the disk: the test database is thrown
        # away. Transactional tests (browser, concurrency) commit and flush often.
        options = database.setdefault("OPTIONS", {})
        options["options"] = f"{options.get('options', '')} -c synchronous_commit=off".strip()
    # Sessions come from the database here on every machine: tests count queries, and
    # a session read through Redis (production's cached_db) would make them one lower
    # in CI than on a machine without Redis. tests/portal/test_scale_out.py runs the
    # Redis-backed sessions for real, in two server processes.
    settings.SESSION_ENGINE = "django.contrib.sessions.backends.db"
    worker = os.environ.get("PYTEST_XDIST_WORKER", "")
    if not worker.startswith("gw"):
        return
    cache = settings.CACHES["default"]
    if cache["BACKEND"] == "django.core.cache.backends.redis.RedisCache":
        url = urlsplit(cache["LOCATION"])
        database = int(url.path.strip("/") or 0) + int(worker.removeprefix("gw"))
        cache["LOCATION"] = urlunsplit(url._replace(path=f"/{database}"))


# The modules whose tests walk the test database through its migrations
# (tests.helpers.migrate), by walk: a walk's modules run in one worker, in the order
# given. Going back is what takes the time, seconds for every migration undone, where
# a step forward costs little: so in the last walk the module that goes furthest back
# comes first, then those that go forward from there. Each walk starts from the latest
# migrations (the first two return there themselves), so the walks run in different
# workers at once. After a walk's last test the worker's test database is the
# migrated template again (`pytest_runtest_teardown`), its data migrations' rows too.
MIGRATION_WALKS = {
    "migration-walk": (
        "tests/networks/test_scope_migration.py",
        "tests/reports/test_correction_note_migration.py",
        "tests/measures/test_energy_migration.py",
    ),
    "migration-walk-reports-move": ("tests/reports/test_move_migration.py",),
    "migration-walk-settings-move": ("tests/portal/test_settings_migration.py",),
}


def migration_walk(item: pytest.Item | None) -> str | None:
    """The name of the walk the test belongs to, if it walks the migrations."""
    module = item.nodeid.split("::")[0] if item is not None else None
    return next((walk for walk, modules in MIGRATION_WALKS.items() if module in modules), None)


def _position_in_walk(item: pytest.Item) -> int:
    return MIGRATION_WALKS[migration_walk(item)].index(item.nodeid.split("::")[0])


def _group(item: pytest.Item) -> str | None:
    marker = item.get_closest_marker("xdist_group")
    return marker.args[0] if marker else None


@pytest.hookimpl(wrapper=True)
def pytest_collection_modifyitems(items):
    """Under pytest-xdist (`--dist loadgroup`) some tests run together in one worker:
    a module's tests that share its demo data, so the demo is seeded once, not once in
    each worker; the tests of the Nu HTML Checker, so its Java process starts once;
    and each migration walk, in its order. The groups are marked before pytest-xdist's
    own hook reads them.

    Then, after pytest-django has put the tests in its order (transactional tests
    last), the long groups go first: the migration walks (whose worker gets the
    migrated database back after them), the Nu HTML Checker, the other groups (the
    demo's modules, the production server), so
    that no worker runs one of them alone at the end while the other idles. The other
    tests go one by one to whichever worker is free, in pytest-django's order, which
    `--no-loadscope-reorder` keeps."""
    for item in items:
        if walk := migration_walk(item):
            item.add_marker(pytest.mark.xdist_group(walk))
        elif "vnu" in item.fixturenames:
            item.add_marker(pytest.mark.xdist_group("nu-html-checker"))
        elif "demo_seed" in item.fixturenames:
            item.add_marker(pytest.mark.xdist_group(f"demo-seed:{item.module.__name__}"))
    result = yield
    items[:] = sorted(items, key=_order)
    return result


def _order(item: pytest.Item) -> tuple[int, int]:
    """Where a test goes (a stable sort keeps the order within each place)."""
    group = _group(item) or ""
    if walk := migration_walk(item):
        return list(MIGRATION_WALKS).index(walk), _position_in_walk(item)
    if group == "nu-html-checker":
        return len(MIGRATION_WALKS), 0
    if group:  # the demo's modules, the production server
        return len(MIGRATION_WALKS) + 1, 0
    return len(MIGRATION_WALKS) + 2, 0


@pytest.hookimpl(wrapper=True)
def pytest_runtest_teardown(item, nextitem):
    """After the last test of a migration walk (or one that failed on the way), the
    test database is the migrated template again for the tests that follow."""
    try:
        return (yield)
    finally:
        if (walk := migration_walk(item)) and migration_walk(nextitem) != walk:
            from pytest_django.plugin import blocking_manager_key

            with item.config.stash[blocking_manager_key].unblock():
                _back_to_latest(item.config)


def _back_to_latest(config) -> None:
    from tests import database
    from tests.helpers import migrate_to_latest

    if TEMPLATE_KEY in config.stash:
        database.restore(config.stash[TEMPLATE_KEY])
    else:  # pytest-django made the test database (--reuse-db)
        migrate_to_latest()


# The migrated database each worker's test database is copied from (tests/database.py).
TEMPLATE_KEY = pytest.StashKey[str]()


@pytest.fixture(scope="session")
def django_db_setup(
    request, django_test_environment, django_db_blocker, django_db_modify_db_settings
):
    """pytest-django's test database, here a copy of one migrated once (tests/
    database.py) rather than migrated in each worker. With `--reuse-db` or
    `--no-migrations`, made pytest-django's way."""
    from django.db import connection

    from tests import database

    options = request.config.option
    if options.reuse_db or options.nomigrations:
        yield from _pytest_django_setup(options, django_db_blocker)
        return
    with django_db_blocker.unblock():
        template = database.template(rebuild=options.create_db)
        request.config.stash[TEMPLATE_KEY] = template
        old_name = database.create_test_database(template)
    yield
    with django_db_blocker.unblock():
        connection.creation.destroy_test_db(old_name, verbosity=0)


def _pytest_django_setup(options, django_db_blocker):
    from django.test.utils import setup_databases, teardown_databases
    from pytest_django.fixtures import _disable_migrations

    if options.nomigrations:
        _disable_migrations()
    keepdb = options.reuse_db and not options.create_db
    with django_db_blocker.unblock():
        config = setup_databases(verbosity=0, interactive=False, keepdb=keepdb)
    yield
    if not keepdb:
        with django_db_blocker.unblock():
            teardown_databases(config, verbosity=0)


# Hashing is slow on purpose; tests need correctness, not resistance to brute force.
FAST_PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    settings.PASSWORD_HASHERS = FAST_PASSWORD_HASHERS


@pytest.fixture(autouse=True)
def _no_language_left_over():
    # A request of someone who reads English activates English for the thread (the
    # next request activates its own); a test without requests must not inherit it.
    yield
    from django.utils import translation

    translation.deactivate()


class Personas:
    """The named people of the suite, around two networks of one coordinator.

    network: municipalities A and B take part; moderated by `service_provider`,
    funded for `funder`. other_network: a different coordinator organisation's, where
    municipalities C and A take part. `foreign_climate_manager` is A's climate manager
    granted by that other organisation: the role must open nothing of `network`.
    `finance` keeps the finances of the first organisation's networks, `other_finance`
    those of the other's.
    """

    def __init__(self):
        from networks.models import Membership, Organisation, User
        from tests.factories import (
            MunicipalityFactory,
            NetworkFactory,
            OrganisationFactory,
            ParticipationFactory,
            UserFactory,
        )
        from tests.helpers import with_totp

        Role = Membership.Role
        self.coordinator_org = OrganisationFactory(name="Westfalen Weser (Test)")
        self.other_org = OrganisationFactory(name="Anderer Träger")
        self.network = NetworkFactory(
            name="Netzwerk Test", slug="netzwerk-test", coordinator=self.coordinator_org
        )
        self.other_network = NetworkFactory(
            name="Fremdes Netzwerk", slug="fremdes-netzwerk", coordinator=self.other_org
        )
        self.municipality_a = MunicipalityFactory(name="Altenbeken", slug="altenbeken")
        self.municipality_b = MunicipalityFactory(name="Borchen", slug="borchen")
        self.municipality_c = MunicipalityFactory(name="Cappel", slug="cappel")
        self.participation_a = ParticipationFactory(
            network=self.network, municipality=self.municipality_a
        )
        self.participation_b = ParticipationFactory(
            network=self.network, municipality=self.municipality_b
        )
        self.participation_c = ParticipationFactory(
            network=self.other_network, municipality=self.municipality_c
        )
        self.participation_a_other = ParticipationFactory(
            network=self.other_network, municipality=self.municipality_a
        )
        provider_org = OrganisationFactory(kind=Organisation.Kind.SERVICE_PROVIDER)
        funder_org = OrganisationFactory(kind=Organisation.Kind.FUNDER)

        def person(email, **membership):
            user = UserFactory(email=email)
            if membership:
                Membership.objects.create(user=user, **membership)
            return user

        self.coordinator = person(
            "koordination@example.org", role=Role.COORDINATOR, organisation=self.coordinator_org
        )
        self.other_coordinator = person(
            "andere.koordination@example.org", role=Role.COORDINATOR, organisation=self.other_org
        )
        self.climate_manager_a = person(
            "klima.a@example.org",
            role=Role.CLIMATE_MANAGER,
            municipality=self.municipality_a,
            organisation=self.coordinator_org,
        )
        self.climate_manager_b = person(
            "klima.b@example.org",
            role=Role.CLIMATE_MANAGER,
            municipality=self.municipality_b,
            organisation=self.coordinator_org,
        )
        self.foreign_climate_manager = person(
            "klima.a.andere@example.org",
            role=Role.CLIMATE_MANAGER,
            municipality=self.municipality_a,
            organisation=self.other_org,
        )
        self.service_provider = person(
            "moderation@example.org",
            role=Role.SERVICE_PROVIDER,
            network=self.network,
            organisation=provider_org,
        )
        self.funder = person(
            "foerderung@example.org",
            role=Role.FUNDER,
            network=self.network,
            organisation=funder_org,
        )
        # Finance people keep the finances of their organisation's networks only.
        self.finance = person(
            "finanzen@example.org", role=Role.FINANCE, organisation=self.coordinator_org
        )
        self.other_finance = person(
            "andere.finanzen@example.org", role=Role.FINANCE, organisation=self.other_org
        )
        self.outsider = person("aussen@example.org")
        self.superuser = User.objects.create_superuser("admin@example.org", "x")  # noqa: S106
        # Coordinators and administrators must use MFA; the personas have set it up.
        for user in (self.coordinator, self.other_coordinator, self.superuser):
            with_totp(user)


@pytest.fixture
def personas(request, db) -> Personas:
    """The personas' world, made for the test; in a module marked
    `usefixtures("module_personas")`, made once for the module (see there)."""
    if "module_personas" in request.fixturenames:
        # Copies, as Django's setUpTestData hands them out: what one test changes on
        # an object (not in the database, which is rolled back) the next does not see.
        return copy.deepcopy(request.getfixturevalue("module_personas"))
    return Personas()


@pytest.fixture(scope="module")
def module_personas(django_db_setup, django_db_blocker) -> Personas:
    """The personas' world made once for all tests of a module, the way `demo_seed`
    loads the demo data: in a transaction open for the module, each test in a
    savepoint of its own. Such a module holds no transactional test. A module asks
    for it with `pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures(
    "module_personas")]`, so that it is set up before the test's transaction begins
    (a fixture of a wider scope comes first), and its tests ask for `personas`."""
    from django.test import override_settings

    with module_transaction(django_db_blocker):
        with django_db_blocker.unblock(), override_settings(PASSWORD_HASHERS=FAST_PASSWORD_HASHERS):
            world = Personas()
        yield world


@pytest.fixture
def running_networks(personas) -> Personas:
    """The personas' world with both networks still running (their terms end in two
    years). Climate managers log and change measures only until their network's term
    has ended (ParticipationQuerySet.with_measures_editable_by); the personas'
    networks ended in 2025 (see NetworkFactory)."""
    from tests.helpers import keep_running

    keep_running(personas.network, personas.other_network)
    return personas


@pytest.fixture(autouse=True)
def _empty_cache():
    # Rate limits count in the cache; every test starts with none counted.
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def _media_in_a_temporary_folder(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(scope="module")
def demo_seed(django_db_setup, django_db_blocker, tmp_path_factory) -> str:
    """`manage.py seed_demo`, run once for all tests of a module; its output.

    Seeding takes seconds, too long to repeat for every test. The demo data is loaded
    in a transaction that stays open for the module and is rolled back at its end;
    each test runs inside it in a savepoint of its own (pytest-django's `db`), so
    what one test writes is undone before the next. Tests of such a module see the
    demo data whether they ask for it or not: one that needs an empty database, or a
    transactional one (which would empty it), belongs in another module. On
    PostgreSQL a process seeds once and copies the result back for its later modules
    (`seeded_once`).
    """
    from django.core.management import call_command
    from django.test import override_settings

    out = StringIO()
    with module_transaction(django_db_blocker):
        with (
            django_db_blocker.unblock(),
            override_settings(
                PASSWORD_HASHERS=FAST_PASSWORD_HASHERS,
                MEDIA_ROOT=tmp_path_factory.mktemp("demo-media"),
            ),
        ):
            output = seeded_once(lambda: call_command("seed_demo", stdout=out) or out.getvalue())
        yield output


# seed_demo's output and a copy of what it wrote, per day, for this test process.
_demo_seeds: dict = {}


def seeded_once(seed) -> str:
    """`seed()` (which loads the demo data and returns seed_demo's output) the first time
    in this process on a day; later the rows and files it wrote copied back in a
    fraction of a second (tests/browser/demo.py: COPY … FROM STDIN on PostgreSQL, the
    rows inserted again on SQLite), and its output. Seeding takes 5 to 30 s; half a
    dozen modules ask for it."""
    from django.utils import timezone

    from tests.browser.demo import restore, take

    today = timezone.localdate()
    if today in _demo_seeds:
        snapshot, output = _demo_seeds[today]
        restore(snapshot)
        return output
    output = seed()
    _demo_seeds[today] = (take(today), output)
    return output


@contextmanager
def module_transaction(django_db_blocker):
    """A transaction that stays open while the block runs and is rolled back at its
    end, for data that a module's tests share: pytest-django's `db` runs each test in
    a savepoint inside it."""
    from django.db import transaction

    with django_db_blocker.unblock():
        atomic = transaction.atomic()
        atomic.__enter__()
    try:
        yield
    finally:
        with django_db_blocker.unblock():
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)


@pytest.fixture(scope="session")
def built_site(tmp_path_factory) -> Path:
    """The real site, built as `make docs-build` does (about two seconds)."""
    pytest.importorskip("mkdocs")
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    target = tmp_path_factory.mktemp("help") / "site"
    # Missing screenshots are notes here, whatever the environment asks of CI's build.
    required = os.environ.pop("DOCS_SCREENSHOTS", None)
    try:
        build(
            load_config(
                str(Path(__file__).resolve().parent.parent / "mkdocs.yml"),
                site_dir=str(target),
                strict=True,
            )
        )
    finally:
        if required is not None:
            os.environ["DOCS_SCREENSHOTS"] = required
    return target
