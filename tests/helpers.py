import threading
from contextlib import contextmanager

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


def migrate(targets):
    """Migrate the test database to these (app, migration) targets; the models of that
    state, for a test of a migration's data step."""
    from django.db.migrations.executor import MigrationExecutor

    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


def migrate_to_latest() -> None:
    """Back to the latest migrations, after a test of an earlier state."""
    from django.db.migrations.executor import MigrationExecutor

    migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())
