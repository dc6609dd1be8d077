"""The production route, tried for real: the image's and the systemd units' start
command (deploy/entrypoint.sh: migrate, collectstatic, gunicorn with the repository's
gunicorn.conf.py; and the background worker) with production settings from the
environment, on a free local port, asked as a reverse proxy would ask."""

import json
import os
import shutil
import subprocess
import sys
import time
import urllib.error
import urllib.request
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import quote

import pytest

from tests.helpers import free_port

ROOT = Path(__file__).resolve().parents[2]
ENTRYPOINT = ROOT / "deploy" / "entrypoint.sh"
HOST = "portal.example.org"

# The server below is started once per worker that runs one of these tests (migrate,
# collectstatic, gunicorn: about 25 s on a quiet machine, most of it collectstatic's
# compressing): under pytest-xdist they all go to one worker.
pytestmark = pytest.mark.xdist_group("production-server")


STARTUP_SECONDS = 180


def wait_until_healthy(url: str, logs: list[Path]) -> None:
    """Until /healthz answers (the web role migrates and collects static files first,
    then gunicorn starts its workers); fails with the end of the server's logs."""
    deadline = time.monotonic() + STARTUP_SECONDS
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(f"{url}/healthz", timeout=5)  # noqa: S310
            return
        except OSError:  # not listening yet, or still starting its workers
            time.sleep(0.2)
    tails = "\n".join(path.read_text()[-2000:] for path in logs if path.exists())
    pytest.fail(f"{url} did not answer within {STARTUP_SECONDS} s:\n{tails}")


@contextmanager
def migrated_database(config, folder: Path, blocker):
    """The server's database URL: a copy of the suite's migrated template (tests/
    database.py), a SQLite file or on PostgreSQL a database of its own, dropped after.
    The entrypoint's `migrate` then finds nothing to apply: on an empty database it
    took 25 s, and the migrations are tried where the template is made. Without a
    template (`--reuse-db`), an empty SQLite file, migrated by the entrypoint."""
    from django.db import connection

    from tests.conftest import TEMPLATE_KEY

    template = config.stash.get(TEMPLATE_KEY, None)
    if template is None or connection.vendor == "sqlite":
        if template is not None:
            shutil.copyfile(template, folder / "db.sqlite3")
        yield f"sqlite:///{folder / 'db.sqlite3'}"
        return
    db = connection.settings_dict
    name = f"{db['NAME']}_server"
    quoted = connection.ops.quote_name(name)
    with blocker.unblock(), connection._nodb_cursor() as cursor:
        cursor.execute(f"DROP DATABASE IF EXISTS {quoted}")
        cursor.execute(f"CREATE DATABASE {quoted} TEMPLATE {connection.ops.quote_name(template)}")
    user, password = quote(db["USER"] or ""), quote(db["PASSWORD"] or "")
    try:
        yield f"postgres://{user}:{password}@{db['HOST']}:{db['PORT'] or 5432}/{name}"
    finally:
        with blocker.unblock(), connection._nodb_cursor() as cursor:
            cursor.execute(f"DROP DATABASE IF EXISTS {quoted} WITH (FORCE)")


@pytest.fixture(scope="module")
def server(request, tmp_path_factory, django_db_setup, django_db_blocker):
    folder = tmp_path_factory.mktemp("production")
    with migrated_database(request.config, folder, django_db_blocker) as database_url:
        yield from _serve(folder, database_url)


def _serve(folder: Path, database_url: str):
    port = free_port()
    env = {
        "PATH": os.environ["PATH"],
        "PORTAL_ENV": "production",
        "SECRET_KEY": "test-only-" + "x" * 60,
        "ALLOWED_HOSTS": HOST,
        "DATABASE_URL": database_url,
        "STATIC_ROOT": str(folder / "static"),
        "MEDIA_ROOT": str(folder / "media"),
        "SECURE_PROXY_SSL_HEADER": "true",
        "GUNICORN_BIND": f"127.0.0.1:{port}",
        "WEB_CONCURRENCY": "2",
        "PYTHON": sys.executable,
        "HEALTH_WORKER_LAG_SECONDS": "30",
        "LOG_FORMAT": "json",
    }
    log = folder / "web.log"  # a file: an unread pipe would stall gunicorn once full
    with open(log, "w") as output:
        process = subprocess.Popen(  # noqa: S603 (our own command line)
            [str(ENTRYPOINT), "web"], cwd=ROOT, env=env, stdout=output, stderr=subprocess.STDOUT
        )
    url = f"http://127.0.0.1:{port}"
    try:
        wait_until_healthy(url, [log])
        yield url, env, log
    finally:
        process.terminate()
        process.wait(timeout=30)


def get(url: str, *, host: str = HOST, https: bool = True, **headers: str):
    request = urllib.request.Request(url, headers={"Host": host, **headers})  # noqa: S310
    if https:
        request.add_header("X-Forwarded-Proto", "https")

    class NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args, **kwargs):
            return None

    opener = urllib.request.build_opener(NoRedirect)
    try:
        return opener.open(request, timeout=10)
    except urllib.error.HTTPError as error:
        return error


@pytest.fixture
def url(server):
    return server[0]


def test_the_web_role_migrates_before_it_starts(server):
    _url, _env, log = server
    assert "Running migrations:" in log.read_text()


def test_healthz_answers_a_balancers_probe_by_address(url):
    response = get(f"{url}/healthz", host="10.0.0.7", https=False)
    assert response.status == 200
    assert b'"status": "ok"' in response.read()


def test_pages_come_over_https_with_a_request_id_and_hashed_compressed_static_files(url):
    server = url
    assert get(f"{server}/", https=False).status == 301  # plain HTTP goes to HTTPS
    page = get(f"{server}/")
    assert page.status == 200
    assert len(page.headers["X-Request-ID"]) == 32
    assert get(f"{server}/", **{"X-Request-ID": "proxy-1234abcd"}).headers["X-Request-ID"] == (
        "proxy-1234abcd"
    )
    html = page.read().decode()
    stylesheet = html.split('href="/static/css/portal.', 1)[1].split('"', 1)[0]
    assert stylesheet.endswith(".css") and len(stylesheet) > len("css")  # a hashed name
    css = get(f"{server}/static/css/portal.{stylesheet}", **{"Accept-Encoding": "gzip"})
    assert css.status == 200
    assert css.headers["Content-Encoding"] == "gzip"
    assert "max-age=315360000" in css.headers["Cache-Control"]


def test_with_log_format_json_each_request_is_one_json_line_with_its_id(server):
    url, _env, log = server
    answer = get(f"{url}/gibt-es-nicht/?q=%22x%22", **{"X-Request-ID": "probe-json-0001"})
    assert answer.status == 404
    for _attempt in range(50):  # gunicorn writes the line after the response
        records = [json.loads(line) for line in log.read_text().splitlines() if line[:1] == "{"]
        access = [r for r in records if r.get("request_id") == "probe-json-0001"]
        if any(r["logger"] == "gunicorn.access" for r in access):
            break
        time.sleep(0.1)
    assert access, records[-3:]
    # The portal's own record of the request (Django's "Not Found") has the same id.
    assert [r["logger"] for r in access if r["logger"] != "gunicorn.access"] == ["django.request"]
    record = next(r for r in access if r["logger"] == "gunicorn.access")
    assert (record["logger"], record["method"], record["path"], record["status"]) == (
        "gunicorn.access",
        "GET",
        "/gibt-es-nicht/",
        404,
    )
    assert record["query"] == "q=%22x%22" and isinstance(record["duration_ms"], int)
    # gunicorn's own messages (the workers booting) come as JSON too.
    assert any(r["logger"] == "gunicorn.error" for r in records)


def test_an_unknown_page_or_host_shows_no_traceback(url):
    server = url
    missing = get(f"{server}/gibt-es-nicht/")
    assert missing.status == 404
    body = missing.read().decode()
    assert "Traceback" not in body and "Seite nicht gefunden" in body
    assert get(f"{server}/", host="evil.example").status == 400


def test_the_worker_role_works_off_what_waits_and_healthz_sees_it(server):
    url, env, _log = server
    late = (
        "import datetime; from django.utils import timezone; "
        "from django_tasks_db.models import DBTaskResult; "
        "from reports.tasks import make_report_pdf; "
        "make_report_pdf.enqueue(report_id=0); "
        "DBTaskResult.objects.update(enqueued_at=timezone.now() - datetime.timedelta(hours=1))"
    )
    run = {"cwd": ROOT, "env": env, "check": True, "capture_output": True, "timeout": 120}
    subprocess.run([str(ENTRYPOINT), "manage", "shell", "-c", late], **run)  # noqa: S603
    waiting = get(f"{url}/healthz", host="10.0.0.7", https=False)
    assert waiting.status == 503
    assert b'"worker": "error: jobs are waiting"' in waiting.read()
    subprocess.run([str(ENTRYPOINT), "worker", "--batch"], **run)  # noqa: S603
    assert get(f"{url}/healthz", host="10.0.0.7", https=False).status == 200
