"""Django for a benchmark: the portal's settings on a scratch database and media folder.

DATABASE_URL, if set, is used as it is (and filled: point it at a scratch database);
otherwise an SQLite file in a new temporary folder, which also takes the media files.
"""

import contextlib
import os
import sys
import tempfile
from pathlib import Path


def setup_django() -> None:
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    folder = tempfile.mkdtemp()
    os.environ.setdefault("DATABASE_URL", f"sqlite:///{folder}/bench.sqlite3")
    os.environ.setdefault("MEDIA_ROOT", folder)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")
    os.environ.setdefault("ALLOWED_HOSTS", "testserver")
    import django

    django.setup()


@contextlib.contextmanager
def scratch_postgres(name: str, server_variable: str):
    """A new, empty database `name` on the PostgreSQL server that `server_variable`
    names (default postgres://root@127.0.0.1:5432/postgres); its URL, for the `with`
    block. Dropped again afterwards, with anything still connected to it."""
    import psycopg

    server_url = os.environ.get(server_variable, "postgres://root@127.0.0.1:5432/postgres")
    base, _slash, _name = server_url.rpartition("/")
    with psycopg.connect(server_url, autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.execute(f'CREATE DATABASE "{name}"')
        try:
            yield f"{base}/{name}"
        finally:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def percentile(values: list[float], share: float) -> float:
    """The value below which `share` of the values lie (nearest rank)."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]
