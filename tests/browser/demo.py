"""The demo data for browser tests: seeded once per test process, copied back for each test.

Browser tests are transactional (the live server reads only what a test committed), so
each one starts from an emptied database and most of them need the demo networks.
Seeding them takes seconds: `load_demo_data` goes through the services, with some
4,000 queries. On PostgreSQL the first test of a process seeds, then copies every table
the seed filled (`COPY … TO STDOUT`) and the files it stored; later tests copy both
back (`COPY … FROM STDIN`) in a fraction of a second: the same rows and the same files.
On SQLite, the newcomer's default, every browser test seeds; the modules that share the
demo data (tests/conftest.py, `seeded_once`) copy it there too, row by row.
"""

import atexit
import datetime
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType
from django.core.management.color import no_style
from django.db import connection, transaction

from demo.data import load_demo_data
from measures.models import FiguresToken

DEMO_DAY = datetime.date(2026, 11, 24)
# Filled anew by Django's post_migrate signal after every flush, and not by the seed.
NOT_SEEDED = {ContentType._meta.db_table, Permission._meta.db_table}


@dataclass
class Snapshot:
    today: datetime.date
    tables: dict[str, bytes | tuple[list[str], list[tuple]]]
    media: Path


_snapshots: dict[datetime.date, Snapshot] = {}


def load_demo(*, today: datetime.date = DEMO_DAY) -> None:
    """The demo data as `load_demo_data(today=…)` writes it, into an emptied database:
    call it first in a test, before anything else is written."""
    if connection.vendor != "postgresql":
        load_demo_data(today=today)
        return
    if snapshot := _snapshots.get(today):
        restore(snapshot)
        return
    with transaction.atomic():
        empty(seeded_tables())
    load_demo_data(today=today)
    _snapshots[today] = take(today)


def seeded_tables() -> list[str]:
    tables = connection.introspection.django_table_names(only_existing=True)
    return sorted(set(tables) - NOT_SEEDED)


def take(today: datetime.date) -> Snapshot:
    tables = {}
    with connection.cursor() as cursor:
        for table in seeded_tables():
            tables[table] = _copy_out(cursor, table)
    media = Path(tempfile.mkdtemp(prefix="demo-media-"))
    atexit.register(shutil.rmtree, media, ignore_errors=True)
    shutil.copytree(settings.MEDIA_ROOT, media, dirs_exist_ok=True)
    return Snapshot(today, tables, media)


def _copy_out(cursor, table: str) -> bytes | tuple[list[str], list[tuple]]:
    """A table's rows: PostgreSQL's binary COPY, or on SQLite the column names and
    the rows as stored (for `make test-quick`, which runs there)."""
    name = connection.ops.quote_name(table)
    # In the order of the primary key, not of the rows on disk.
    key = connection.introspection.get_primary_key_column(cursor, table)
    key = connection.ops.quote_name(key)
    # Table and column names from the introspection, quoted; no value of anyone.
    query = f"SELECT * FROM {name} ORDER BY {key}"  # noqa: S608
    if connection.vendor != "postgresql":
        cursor.execute(query)
        return [column[0] for column in cursor.description], cursor.fetchall()
    with cursor.copy(f"COPY ({query}) TO STDOUT (FORMAT BINARY)") as copy:
        return b"".join(bytes(block) for block in copy)


def _copy_in(cursor, table: str, rows: bytes | tuple[list[str], list[tuple]]) -> None:
    name = connection.ops.quote_name(table)
    if connection.vendor == "postgresql":
        with cursor.copy(f"COPY {name} FROM STDIN (FORMAT BINARY)") as copy:
            copy.write(rows)
        return
    columns, values = rows
    names = ", ".join(connection.ops.quote_name(column) for column in columns)
    placeholders = ", ".join(["%s"] * len(columns))
    cursor.executemany(f"INSERT INTO {name} ({names}) VALUES ({placeholders})", values)  # noqa: S608


def empty(tables) -> None:
    """Delete every row of the tables, in one transaction (foreign keys are checked at
    its end). After a flush they are empty already, which DELETE finds out at once;
    TRUNCATE would take a fifth of a second to make new files for all of them."""
    with transaction.atomic(), connection.cursor() as cursor:
        for table in tables:
            cursor.execute(f"DELETE FROM {connection.ops.quote_name(table)}")  # noqa: S608


def restore(snapshot: Snapshot) -> None:
    """Empty the seeded tables and copy the snapshot's rows into them in one
    transaction (foreign keys are checked at its commit), then set each table's id
    sequence after its highest id, as loaddata does, and put the files in place."""
    with transaction.atomic(), connection.cursor() as cursor:
        empty(snapshot.tables)
        # The networks' figures tokens are drawn by triggers as the other tables are
        # copied (measures.FiguresToken): the copied ones replace them, last.
        tokens = FiguresToken._meta.db_table
        for table, rows in sorted(snapshot.tables.items(), key=lambda item: item[0] == tokens):
            if rows if isinstance(rows, bytes) else rows[1]:
                if table == tokens:
                    cursor.execute(f"DELETE FROM {connection.ops.quote_name(tokens)}")  # noqa: S608
                _copy_in(cursor, table, rows)
        # SQLite's ids go on after the highest copied one by themselves (AUTOINCREMENT).
        models = apps.get_models(include_auto_created=True)
        for statement in connection.ops.sequence_reset_sql(no_style(), models):
            cursor.execute(statement)
    shutil.copytree(snapshot.media, settings.MEDIA_ROOT, dirs_exist_ok=True)
