import os
import socket
import subprocess
import sys
import threading
from contextlib import contextmanager
from email import message_from_string, policy
from email.message import EmailMessage
from functools import partial
from pathlib import Path
from urllib.parse import quote

import pytest
from django.db import IntegrityError, connection, transaction


@contextmanager
def violates(constraint_name: str, *, sqlite_says: str | None = None):
    """Assert that the block is refused by the named database constraint.

    SQLite names columns rather than the constraint for UNIQUE(...) failures;
    `sqlite_says` is what it reports instead.
    """
    with pytest.raises(IntegrityError) as excinfo, transaction.atomic():
        yield
    expected = sqlite_says if connection.vendor == "sqlite" and sqlite_says else constraint_name
    assert expected in str(excinfo.value)


def messages_of(excinfo) -> dict[str, list[str]]:
    """The German messages of a ValidationError, by field."""
    return {field: [str(m) for m in errors] for field, errors in excinfo.value.message_dict.items()}


def refusals(check) -> dict[str, list[str]]:
    """The messages a validation call (`instance.full_clean`, `instance.clean`) gives,
    by field; {} when it accepts the instance."""
    from django.core.exceptions import ValidationError

    try:
        check()
    except ValidationError as error:
        return {field: [str(m) for m in messages] for field, messages in error.message_dict.items()}
    return {}


def with_totp(user):
    """Give a person an activated TOTP authenticator, as after setting up MFA."""
    from allauth.mfa.models import Authenticator
    from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

    if not Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists():
        TOTP.activate(user, generate_totp_secret())
    return user


def needs_pango() -> None:
    """Skip a PDF test where WeasyPrint's Pango libraries are missing, except in CI."""
    import ctypes.util
    import os

    if ctypes.util.find_library("pangoft2-1.0") is None and not os.environ.get("CI"):
        pytest.skip("PDFs need Pango: apt-get install libpango-1.0-0 libpangoft2-1.0-0")


def needs_postgresql() -> None:
    """Skip a test of two requests at once unless it runs on PostgreSQL."""
    if connection.vendor != "postgresql":
        pytest.skip(
            "Two requests at once need a database with row locks and concurrent "
            "writers; SQLite serialises every write. Run with "
            "DATABASE_URL=postgres://… (CI does)."
        )


def concurrently(*calls):
    """Run the calls in threads released together, each with its own database
    connection (for tests marked django_db(transaction=True)); return their results
    in order, or raise the first exception one of them raised."""
    from django.db import connections

    barrier = threading.Barrier(len(calls))
    results = [None] * len(calls)
    errors = []

    def run(index, call):
        try:
            barrier.wait(timeout=10)
            results[index] = call()
        except BaseException as error:  # handed to the test's thread below
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=pair) for pair in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    if errors:
        raise errors[0]
    return results


def migrate(targets, *, anew: bool = False):
    """Migrate the test database to these (app, migration) targets; the models of the
    database as it then is (the other apps stay at their latest migrations), for a test
    of a migration's data step. Such a test's module belongs in the migration walk
    (tests/conftest.py), after which the database is at the latest migrations again.

    `anew=True`, for a test that has written no rows yet: where the targets lie
    behind, the database is not walked back but made anew, empty and migrated
    forward to the same migrations (tests/database.py keeps a copy for next time)."""
    from tests.conftest import MIGRATION_WALKS

    module = os.environ.get("PYTEST_CURRENT_TEST", "").split("::")[0]
    walks = MIGRATION_WALKS.values()
    assert any(module in walk for walk in walks), f"{module} migrates: add it to MIGRATION_WALKS"
    if anew:
        _make_anew(targets)
    return _migrate(targets)


def _make_anew(targets) -> None:
    """The test database migrated from empty to the migrations that going back to
    the targets would leave applied, if going there means going back."""
    from tests import database

    executor = _executor()
    plan = executor.migration_plan(targets)
    if not plan or not all(backwards for _migration, backwards in plan):
        return
    undone = {(migration.app_label, migration.name) for migration, _backwards in plan}
    applied = {
        key for key in executor.loader.applied_migrations if key in executor.loader.graph.nodes
    }
    database.migrated_to(applied - undone)


def _migrate(targets):
    # The state migrate() ends in is that of the migrations then applied; after
    # going forward its models are rendered already.
    return _executor().migrate(targets).apps


def migrate_to_latest() -> None:
    """Back to the latest migrations, after a test of an earlier state."""
    _migrate(_executor().loader.graph.leaf_nodes())


def _executor():
    """Django's MigrationExecutor, but going back without rendering each state's
    models in advance.

    Django renders the models of the state before each migration it will undo, and
    then, for every migration after the first of them, reloads the models each
    operation touches and every model related to those (about all of them, through
    the user and the network): going back from the latest migrations took over a
    minute. Here the states stay unrendered until an operation's undoing asks for
    its models (a render of them all, in a twentieth of a second). The same
    migrations are undone, in the same order, by Django's own `unapply_migration`."""
    from django.db.migrations.executor import MigrationExecutor

    class Executor(MigrationExecutor):
        def _migrate_all_backwards(self, plan, full_plan, fake):
            to_undo = {migration for migration, _backwards in plan}
            applied = {
                self.loader.graph.nodes[key]
                for key in self.loader.applied_migrations
                if key in self.loader.graph.nodes
            }
            states = {}
            state = self._create_project_state()
            for migration, _backwards in full_plan:
                if not to_undo:
                    break
                if migration in to_undo:
                    states[migration] = state
                    state = migration.mutate_state(state, preserve=True)
                    to_undo.remove(migration)
                elif migration in applied:
                    migration.mutate_state(state, preserve=False)
            for migration, _backwards in plan:
                self.unapply_migration(states[migration], migration, fake=fake)
                applied.remove(migration)
            # The state after: the one before the last migration undone, with the
            # migrations still applied after it.
            last = plan[-1][0]
            state = states[last]
            state.__dict__.pop("apps", None)
            index = next(i for i, (migration, _b) in enumerate(full_plan) if migration == last)
            for migration, _backwards in full_plan[index:]:
                if migration in applied:
                    migration.mutate_state(state, preserve=False)
            return state

        def unapply_migration(self, state, migration, fake=False):
            # Django's, with `_unapply` for `migration.unapply`.
            if not fake:
                with self.connection.schema_editor(atomic=migration.atomic) as editor:
                    _unapply(migration, state, editor)
            for app_label, name in migration.replaces or []:
                self.recorder.record_unapplied(app_label, name)
            self.recorder.record_unapplied(migration.app_label, migration.name)
            return state

    return Executor(connection)


def _unapply(migration, state, schema_editor):
    """Django's `Migration.unapply`, but the state between two operations is one
    object, not two copies: its models, rendered when an operation needs them, are
    rendered once for the operation before and the one after."""
    from django.db.migrations.exceptions import IrreversibleError

    states = [state]
    for operation in migration.operations:
        if not operation.reversible:
            raise IrreversibleError(f"Operation {operation} in {migration} is not reversible")
        states.append(states[-1].clone())
        operation.state_forwards(migration.app_label, states[-1])
    for index in reversed(range(len(migration.operations))):
        operation = migration.operations[index]
        undo = partial(
            operation.database_backwards,
            migration.app_label, schema_editor, states[index + 1], states[index],
        )  # fmt: skip
        atomic = operation.atomic or (migration.atomic and operation.atomic is not False)
        if not schema_editor.atomic_migration and atomic:
            with transaction.atomic(schema_editor.connection.alias):
                undo()
        else:
            undo()
    return state


def run_tasks() -> int:
    """Run every queued background task in this process with django-tasks-db's own
    worker (`manage.py db_worker --batch`), until the queue is empty; returns how many
    ran. For tests that need what the worker makes; the worker as a process of its
    own is tried in tests/reports/test_worker.py."""
    from unittest import mock

    from django_tasks_db.management.commands import db_worker
    from django_tasks_db.models import DBTaskResult

    before = DBTaskResult.objects.exclude(status="READY").count()
    worker = db_worker.Worker(
        queue_names=["*"],
        interval=0,
        batch=True,
        backend_name="default",
        startup_delay=False,
        max_tasks=None,
        worker_id="tests",
        excluded_queue_names=[],
    )
    # Between tasks the worker closes connections that are not in autocommit mode, as a
    # long-running process should; here that would be the test's own transaction.
    with mock.patch.object(db_worker, "close_old_connections", lambda: None):
        worker.run()
    return DBTaskResult.objects.exclude(status="READY").count() - before


def worker_environment() -> dict[str, str]:
    """The environment for a worker process (`manage.py db_worker`) on this test's
    database and stored files. Skips on SQLite, whose test database lives in this
    process's memory."""
    from django.conf import settings

    if connection.vendor != "postgresql":
        pytest.skip(
            "A worker process needs the test database on a server; SQLite's test database "
            "lives in this process's memory. Run with DATABASE_URL=postgres://… (CI does)."
        )
    db = connection.settings_dict
    user, password = quote(db["USER"] or ""), quote(db["PASSWORD"] or "")
    url = f"postgres://{user}:{password}@{db['HOST']}:{db['PORT'] or 5432}/{db['NAME']}"
    return os.environ | {
        "DATABASE_URL": url,
        "MEDIA_ROOT": str(settings.MEDIA_ROOT),
        "DATABASE_POOL": "false",
    }


@contextmanager
def worker_process(mail_dir: Path | None = None):
    """django-tasks-db's worker as production runs it, a process of its own polling the
    queue, for the length of the block (a transactional or live-server test). The mails
    it sends are kept as files in `mail_dir` (see `mails_in`)."""
    from django.conf import settings

    environment = worker_environment()
    if mail_dir is not None:
        environment["EMAIL_BACKEND"] = "django.core.mail.backends.filebased.EmailBackend"
        environment["EMAIL_FILE_PATH"] = str(mail_dir)
    process = subprocess.Popen(  # noqa: S603 (the project's own manage.py)
        [sys.executable, "manage.py", "db_worker", "--no-startup-delay", "--interval", "0.2"],
        cwd=settings.BASE_DIR,
        env=environment,
    )
    try:
        yield process
    finally:
        process.terminate()
        process.wait(timeout=30)


def mails_in(mail_dir: Path) -> list[EmailMessage]:
    """The mails Django's file backend wrote to `mail_dir`: each file holds the mails of
    one connection, divided by a line of 79 dashes."""
    mails = []
    for path in sorted(mail_dir.glob("*.log")):
        for part in path.read_text().split("-" * 79):
            if part.strip():
                mails.append(message_from_string(part.lstrip("\n"), policy=policy.default))
    return mails


class MailServerDown:
    """An e-mail backend whose server refuses every message (settings.EMAIL_BACKEND =
    "tests.helpers.MailServerDown"), for what happens when mail cannot go out."""

    def __init__(self, *args, **kwargs):
        pass

    def open(self):
        return True

    def close(self):
        pass

    def send_messages(self, messages):
        import smtplib

        raise smtplib.SMTPServerDisconnected("mail server down")


def keep_running(*networks) -> None:
    """Let networks run two more years (climate managers change measures only while
    their network runs; the factories' networks ended in 2025)."""
    import datetime

    from django.utils import timezone

    from networks.models import Network

    end = timezone.localdate() + datetime.timedelta(days=730)
    Network.objects.filter(pk__in=[network.pk for network in networks]).update(term_end=end)
    for network in networks:
        network.term_end = end


def free_port() -> int:
    """A TCP port of 127.0.0.1 that is free now, for a server a test starts."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]
