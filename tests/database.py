"""The test database, migrated once: each test run (each pytest-xdist worker) starts
from a copy of a database migrated to the latest migrations, not from migrating its
own (seconds of Django's migration states, in every worker). The copy is a SQLite
file in `.test-db/` that each worker loads into its in-memory test database, or on
PostgreSQL a database that each worker's test database is created from (`CREATE
DATABASE … TEMPLATE …`).

The copy's name holds a hash of what the migrations make: every migration file of
the installed apps, the project's modules they import (constraints, validators, the
catalogues the data migrations load), Django's version and the database. A copy made
by other migrations is never used; the first worker that needs one migrates it (the
others wait for it) and removes the stale ones. `--create-db` makes it again.
"""

import ast
import fcntl
import hashlib
import sqlite3
from contextlib import contextmanager
from pathlib import Path

import django
from django.apps import apps
from django.conf import settings
from django.core.management import call_command
from django.db import connection

ROOT = Path(__file__).resolve().parent.parent
FOLDER = ROOT / ".test-db"


def migrations_key() -> str:
    """A hash of every file that makes the migrated database what it is."""
    digest = hashlib.sha256(f"{django.__version__} {connection.vendor}".encode())
    files = sorted(
        path
        for app in apps.get_app_configs()
        for path in (Path(app.path) / "migrations").glob("*.py")
    )
    for path in sorted(set(files) | _project_imports(files)):
        digest.update(str(path).encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def _project_imports(files: list[Path]) -> set[Path]:
    """The project's own modules the migrations import, and the ones those import."""
    found: set[Path] = set()
    todo = [path for path in files if path.is_relative_to(ROOT)]
    while todo:
        tree = ast.parse(todo.pop().read_bytes())
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
                names = [node.module] + [f"{node.module}.{alias.name}" for alias in node.names]
            else:
                continue
            for name in names:
                base = ROOT.joinpath(*name.split("."))
                for path in (base.with_suffix(".py"), base / "__init__.py"):
                    if path.is_file() and path not in found:
                        found.add(path)
                        todo.append(path)
    return found


def template(*, rebuild: bool = False) -> str:
    """The migrated copy for the test database (a file path on SQLite, a database
    name on PostgreSQL), made first if there is none."""
    FOLDER.mkdir(exist_ok=True)
    key = migrations_key()
    with open(FOLDER / "lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if connection.vendor == "sqlite":
            return _sqlite_template(FOLDER / f"migrated-{key}.sqlite3", rebuild)
        return _postgresql_template(f"{_test_name()}_template_{key}", rebuild)


def _test_name() -> str:
    # Without the pytest-xdist worker's suffix: the workers share the template.
    return connection.creation._get_test_db_name().removesuffix(_worker_suffix())


def _worker_suffix() -> str:
    import os

    worker = os.environ.get("PYTEST_XDIST_WORKER", "")
    return f"_{worker}" if worker else ""


def _sqlite_template(path: Path, rebuild: bool) -> str:
    if rebuild or not path.exists():
        part = path.with_suffix(".part")
        part.unlink(missing_ok=True)
        with _database_named(str(part)):
            _migrate()
        for stale in FOLDER.glob("migrated-*.sqlite3"):
            stale.unlink()
        part.rename(path)
    return str(path)


def _postgresql_template(name: str, rebuild: bool) -> str:
    with connection._nodb_cursor() as cursor:
        cursor.execute(
            "SELECT datname FROM pg_database WHERE datname LIKE %s",
            [name.rsplit("_", 1)[0] + "\\_%"],
        )
        existing = {row[0] for row in cursor.fetchall()}
        if name in existing and not rebuild:
            return name
        for stale in existing:
            cursor.execute(f'DROP DATABASE "{stale}"')
        part = f"{name}_part"
        cursor.execute(f'DROP DATABASE IF EXISTS "{part}"')
        cursor.execute(f'CREATE DATABASE "{part}"')
    with _database_named(part):
        _migrate()
    with connection._nodb_cursor() as cursor:
        cursor.execute(f'ALTER DATABASE "{part}" RENAME TO "{name}"')
    return name


def _migrate() -> None:
    call_command("migrate", verbosity=0, interactive=False, run_syncdb=True)


@contextmanager
def _database_named(name: str):
    """The default connection on another database while the block runs."""
    old = connection.settings_dict["NAME"]
    _switch(name)
    try:
        yield
    finally:
        _switch(old)


def _switch(name: str) -> None:
    connection.close()
    if connection.vendor == "postgresql":
        # A pool keeps connections to the database it was opened on.
        connection.close_pool()
    connection.settings_dict["NAME"] = name


def create_test_database(source: str) -> str:
    """Create the test database as a copy of the template, in place of Django's
    `create_test_db` (which migrates); the name of the database the settings named
    before, for `destroy_test_db`."""
    old_name = connection.settings_dict["NAME"]
    name = connection.creation._get_test_db_name()
    _copy(source, name)
    settings.DATABASES[connection.alias]["NAME"] = name
    connection.ensure_connection()
    return old_name


def restore(source: str) -> None:
    """The test database as the template is again: the latest migrations and the rows
    of the data migrations, whatever a test did to its schema or emptied."""
    from django.contrib.contenttypes.models import ContentType

    _copy(source, connection.settings_dict["NAME"])
    ContentType.objects.clear_cache()


def _copy(source: str, name: str) -> None:
    _switch(name)
    if connection.vendor == "sqlite":
        # An in-memory database lives while a connection to it is open: the copy goes
        # into the open one.
        connection.ensure_connection()
        template_db = sqlite3.connect(source)
        try:
            template_db.backup(connection.connection)
        finally:
            template_db.close()
        return
    quote = connection.ops.quote_name
    with connection._nodb_cursor() as cursor:
        cursor.execute(f"DROP DATABASE IF EXISTS {quote(name)}")
        cursor.execute(f"CREATE DATABASE {quote(name)} TEMPLATE {quote(source)}")


def migrated_to(applied: set[tuple[str, str]]) -> None:
    """The test database as a database migrated from empty to exactly these
    migrations (and no rows but their data migrations'), for a migration test that
    starts at an earlier state (tests.helpers.migrate with `anew=True`): going
    forward from empty costs less than going back from the latest migrations. The
    database made is kept beside the template, under the hash of the migrations and
    one of the list, so that the next test that starts there, or the next run, gets
    a copy; copies made by other migrations are removed."""
    FOLDER.mkdir(exist_ok=True)
    key = migrations_key()
    state = hashlib.sha256(repr(sorted(applied)).encode()).hexdigest()[:16]
    with open(FOLDER / "lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if connection.vendor == "sqlite":
            _sqlite_migrated_to(applied, key, FOLDER / f"at-{key}-{state}.sqlite3")
        else:
            # The test database's name, without the pytest-xdist worker's suffix.
            shared = connection.settings_dict["NAME"].removesuffix(_worker_suffix())
            _postgresql_migrated_to(applied, f"{shared}_at_", f"{key}_{state}")


def _sqlite_migrated_to(applied, key: str, path: Path) -> None:
    if path.exists():
        restore(str(path))
        return
    for stale in FOLDER.glob("at-*.sqlite3"):
        if not stale.name.startswith(f"at-{key}-"):
            stale.unlink()
    # The in-memory test database, emptied by a copy of an empty one.
    connection.ensure_connection()
    empty = sqlite3.connect(":memory:")
    try:
        empty.backup(connection.connection)
    finally:
        empty.close()
    _migrate_from_empty(applied)
    part = path.with_suffix(".part")
    part.unlink(missing_ok=True)
    kept = sqlite3.connect(part)
    try:
        connection.connection.backup(kept)
    finally:
        kept.close()
    part.rename(path)


def _postgresql_migrated_to(applied, prefix: str, key: str) -> None:
    quote = connection.ops.quote_name
    test, name = connection.settings_dict["NAME"], prefix + key
    with connection._nodb_cursor() as cursor:
        cursor.execute(
            "SELECT datname FROM pg_database WHERE datname LIKE %s",
            [prefix.replace("_", "\\_") + "%"],
        )
        existing = {row[0] for row in cursor.fetchall()}
    if name in existing:
        restore(name)
        return
    _switch(test)
    with connection._nodb_cursor() as cursor:
        for stale in existing:
            if not stale.startswith(name.rsplit("_", 1)[0]):  # other migrations' copies
                cursor.execute(f"DROP DATABASE IF EXISTS {quote(stale)}")
        cursor.execute(f"DROP DATABASE IF EXISTS {quote(test)}")
        cursor.execute(f"CREATE DATABASE {quote(test)}")
    _migrate_from_empty(applied)
    _switch(test)  # no connection to the database it is copied from
    with connection._nodb_cursor() as cursor:
        cursor.execute(f"CREATE DATABASE {quote(name)} TEMPLATE {quote(test)}")


def _migrate_from_empty(applied) -> None:
    """Apply these migrations to the empty test database, in the order `migrate`
    applies them, and what `migrate` does after (content types, permissions)."""
    from django.core.management.sql import emit_post_migrate_signal
    from django.db.migrations.executor import MigrationExecutor

    executor = MigrationExecutor(connection)
    every = executor.migration_plan(executor.loader.graph.leaf_nodes(), clean_start=True)
    plan = [
        (migration, False)
        for migration, _backwards in every
        if (migration.app_label, migration.name) in applied
    ]
    state = executor.migrate(None, plan=plan)
    emit_post_migrate_signal(0, False, connection.alias, apps=state.apps, plan=plan)
