import json
import os
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from lib.env import Env

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize("raw", ["ja", "2", "enabled"])
def test_malformed_boolean_stops_start_up(raw):
    with pytest.raises(ImproperlyConfigured, match=f"DEBUG='{raw}' is not a boolean"):
        Env({"DEBUG": raw}).boolean("DEBUG", False)


@pytest.mark.parametrize(("raw", "expected"), [("true", True), ("0", False), ("", True)])
def test_boolean_reads_common_spellings_and_uses_the_default_when_empty(raw, expected):
    assert Env({"DEBUG": raw}).boolean("DEBUG", True) is expected


def test_malformed_integer_and_too_small_integer_stop_start_up():
    with pytest.raises(ImproperlyConfigured, match="is not a whole number"):
        Env({"N": "3.5"}).integer("N", 1)
    with pytest.raises(ImproperlyConfigured, match="must be at least 0"):
        Env({"N": "-1"}).integer("N", 1, minimum=0)


def test_a_decimal_is_read_with_a_point_and_a_malformed_or_too_small_one_stops_start_up():
    assert Env({"RATE": " 6.27 "}).decimal("RATE", Decimal(1)) == Decimal("6.27")
    assert Env({}).decimal("RATE", Decimal(1)) == Decimal(1)
    for raw in ("6,27", "NaN", "Infinity"):
        with pytest.raises(ImproperlyConfigured, match="RATE"):
            Env({"RATE": raw}).decimal("RATE", Decimal(1))
    with pytest.raises(ImproperlyConfigured, match="must be at least 0"):
        Env({"RATE": "-0.5"}).decimal("RATE", Decimal(1), minimum=Decimal(0))


def test_list_with_an_empty_entry_stops_start_up():
    assert Env({"HOSTS": "a.example, b.example"}).strings("HOSTS", []) == [
        "a.example",
        "b.example",
    ]
    with pytest.raises(ImproperlyConfigured, match="has an empty entry"):
        Env({"HOSTS": "a.example,,b.example"}).strings("HOSTS", [])


def test_postgres_url_uses_the_psycopg_pool():
    config = Env({"DATABASE_URL": "postgres://root@127.0.0.1:5432/portal"}).database(
        "DATABASE_URL", "sqlite:///x.sqlite3", pool=True
    )
    assert config["ENGINE"] == "django.db.backends.postgresql"
    assert (config["NAME"], config["HOST"], config["PORT"]) == ("portal", "127.0.0.1", 5432)
    assert config["OPTIONS"]["pool"] is True
    assert config["CONN_MAX_AGE"] == 0


def test_sqlite_path_is_configurable():
    config = Env({}).database("DATABASE_URL", "sqlite:////srv/portal/db.sqlite3", pool=True)
    assert (config["ENGINE"], config["NAME"]) == (
        "django.db.backends.sqlite3",
        "/srv/portal/db.sqlite3",
    )


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("mysql://root@localhost/portal", "must use postgres:// or sqlite://"),
        ("no-scheme-at-all", "not a valid database URL"),
        ("sqlite://", "must name an SQLite file"),
    ],
)
def test_unsupported_database_url_stops_start_up(url, message):
    with pytest.raises(ImproperlyConfigured, match=message):
        Env({"DATABASE_URL": url}).database("DATABASE_URL", "", pool=True)


def test_cache_url_selects_redis_or_local_memory():
    assert Env({"C": "redis://127.0.0.1:6379/1"}).cache("C", "")["BACKEND"] == (
        "django.core.cache.backends.redis.RedisCache"
    )
    assert Env({}).cache("C", "locmem://")["BACKEND"] == (
        "django.core.cache.backends.locmem.LocMemCache"
    )
    with pytest.raises(ImproperlyConfigured, match="must start with redis://"):
        Env({"C": "memcached://x"}).cache("C", "")


def test_sessions_are_read_from_redis_when_it_is_the_cache():
    script = (
        "import django; django.setup(); from django.conf import settings; "
        "print(settings.SESSION_ENGINE)"
    )

    def engine(**environ):
        result = subprocess.run(  # noqa: S603 (our own command line)
            [sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True,
            env={"PATH": os.environ["PATH"], "DJANGO_SETTINGS_MODULE": "portal.settings",
                 **environ}, timeout=60, check=True,
        )  # fmt: skip
        return result.stdout.strip()

    assert engine() == "django.contrib.sessions.backends.db"
    assert engine(CACHE_URL="redis://127.0.0.1:6379/1") == (
        "django.contrib.sessions.backends.cached_db"
    )


def start_django(**environ: str) -> subprocess.CompletedProcess:
    """Start Django with exactly these variables, the way a server process would."""
    env = {"PATH": os.environ["PATH"], **environ}
    return subprocess.run(
        [sys.executable, "-c", "import django; django.setup()"],
        cwd=ROOT,
        env={**env, "DJANGO_SETTINGS_MODULE": "portal.settings"},
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_production_without_secret_key_refuses_to_start():
    result = start_django(PORTAL_ENV="production", ALLOWED_HOSTS="portal.example.org")
    assert result.returncode != 0
    assert "ImproperlyConfigured: SECRET_KEY must be set." in result.stderr


def test_production_with_debug_refuses_to_start():
    result = start_django(PORTAL_ENV="production", DEBUG="true", SECRET_KEY="x" * 60)
    assert "DEBUG must be off when PORTAL_ENV=production." in result.stderr


def test_malformed_variable_names_itself_at_start_up():
    result = start_django(DEBUG="vielleicht")
    assert result.returncode != 0
    assert "DEBUG='vielleicht' is not a boolean" in result.stderr


def test_development_defaults_start_without_any_variable():
    result = start_django()
    assert (result.returncode, result.stderr) == (0, "")


def test_media_go_to_s3_compatible_storage_when_a_bucket_is_named():
    script = (
        "import json, django; django.setup(); from django.conf import settings; "
        "print(json.dumps(settings.STORAGES['default']))"
    )
    env = {"PATH": os.environ["PATH"], "DJANGO_SETTINGS_MODULE": "portal.settings"}

    def storage(**environ):
        result = subprocess.run(  # noqa: S603 (our own command line)
            [sys.executable, "-c", script], cwd=ROOT, env={**env, **environ},
            capture_output=True, text=True, timeout=60, check=True,
        )  # fmt: skip
        return json.loads(result.stdout)

    assert storage()["BACKEND"] == "django.core.files.storage.FileSystemStorage"
    s3 = storage(MEDIA_S3_BUCKET="portal-media", MEDIA_S3_ENDPOINT_URL="https://s3.example.org")
    assert s3["BACKEND"] == "storages.backends.s3.S3Storage"
    assert s3["OPTIONS"]["bucket_name"] == "portal-media"
    assert s3["OPTIONS"]["endpoint_url"] == "https://s3.example.org"
    # Nothing in the bucket is public: the portal's views check permission first.
    assert (s3["OPTIONS"]["default_acl"], s3["OPTIONS"]["querystring_auth"]) == ("private", True)
