"""Web processes keep nothing between requests: two instances of the web role on two
ports, against one PostgreSQL database and one Redis, serve one person in turn. She
signs in on the first and goes on on the second, as behind a load balancer without
sticky sessions.

Needs PostgreSQL and Redis (set DATABASE_URL and CACHE_URL)."""

import os
import re
import subprocess
import sys
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import psycopg
import pytest
from django.conf import settings
from django.contrib.sessions.backends import cached_db
from django.core.cache import cache
from django.db import connection

from tests.conftest import TEMPLATE_KEY
from tests.helpers import free_port
from tests.portal.test_backup_restore import url_of
from tests.portal.test_production_server import wait_until_healthy

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql" or "redis" not in settings.CACHES["default"]["BACKEND"],
    reason="needs PostgreSQL and Redis (set DATABASE_URL and CACHE_URL)",
)
ROOT = Path(__file__).resolve().parents[2]
ENTRYPOINT = ROOT / "deploy" / "entrypoint.sh"
HOST = "portal.example.org"
MAKE_PERSON = """
from allauth.account.models import EmailAddress
from networks.models import User
user = User.objects.create_user(email="klima@example.org", password="ein-langes-Passwort-42",
                                name="Klara Klima")
EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
"""


class Browser:
    """Cookies by hand: the portal's are Secure, and the instances speak plain HTTP
    behind the (pretended) TLS proxy."""

    def __init__(self):
        self.cookies: dict[str, str] = {}

    def request(self, url: str, data: dict | None = None):
        headers = {
            "Host": HOST,
            "X-Forwarded-Proto": "https",
            "Referer": f"https://{HOST}/accounts/login/",
            "Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items()),
        }
        body = urllib.parse.urlencode(data).encode() if data is not None else None
        request = urllib.request.Request(url, data=body, headers=headers)  # noqa: S310

        class NoRedirect(urllib.request.HTTPRedirectHandler):
            def redirect_request(self, *args, **kwargs):
                return None

        try:
            response = urllib.request.build_opener(NoRedirect).open(request, timeout=10)
        except urllib.error.HTTPError as error:
            response = error
        for header in response.headers.get_all("Set-Cookie") or []:
            name, value = header.split(";", 1)[0].split("=", 1)
            self.cookies[name.strip()] = value.strip()
        return response


@pytest.fixture(scope="module")
def two_instances(request, tmp_path_factory, django_db_setup):
    folder = tmp_path_factory.mktemp("scale-out")
    database = f"{connection.settings_dict['NAME']}_scale_out"
    admin = psycopg.connect(url_of("postgres"), autocommit=True)
    admin.execute(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')
    # A copy of the suite's migrated template (tests/database.py), so that the
    # entrypoint's migrate below finds nothing to apply (on an empty database it took
    # about 25 s); without one (--reuse-db), an empty database it migrates.
    template = request.config.stash.get(TEMPLATE_KEY, None)
    admin.execute(f'CREATE DATABASE "{database}"' + (f' TEMPLATE "{template}"' if template else ""))
    ports = [free_port(), free_port()]
    base = {
        "PATH": os.environ["PATH"],
        "PYTHON": sys.executable,
        "PORTAL_ENV": "production",
        "SECRET_KEY": "test-only-" + "s" * 60,
        "ALLOWED_HOSTS": HOST,
        "DATABASE_URL": url_of(database),
        "CACHE_URL": settings.CACHES["default"]["LOCATION"],
        "MEDIA_ROOT": str(folder / "media"),
        "SECURE_PROXY_SSL_HEADER": "true",
        "WEB_CONCURRENCY": "1",
    }
    run = {"cwd": ROOT, "env": base, "check": True, "capture_output": True, "timeout": 120}
    subprocess.run([str(ENTRYPOINT), "manage", "migrate", "--no-input"], **run)  # noqa: S603
    subprocess.run([str(ENTRYPOINT), "manage", "shell", "-c", MAKE_PERSON], **run)  # noqa: S603
    processes = [
        subprocess.Popen(  # noqa: S603 (our own command line)
            [str(ENTRYPOINT), "web"],
            cwd=ROOT,
            # As on two machines: each its own static files (collectstatic at start).
            env={
                **base,
                "GUNICORN_BIND": f"127.0.0.1:{port}",
                "MIGRATE_ON_START": "false",
                "STATIC_ROOT": str(folder / f"static-{port}"),
            },  # fmt: skip
            stdout=open(folder / f"web-{port}.log", "w"),  # noqa: SIM115 (closed with the process)
            stderr=subprocess.STDOUT,
        )
        for port in ports
    ]
    urls = [f"http://127.0.0.1:{port}" for port in ports]
    try:
        for url in urls:
            wait_until_healthy(url, sorted(folder.glob("web-*.log")))
        yield urls
    finally:
        for process in processes:
            process.terminate()
            process.wait(timeout=30)
        admin.execute(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')
        admin.close()


def test_signed_in_on_one_instance_she_goes_on_on_the_other(two_instances):
    first, second = two_instances
    browser = Browser()
    form = browser.request(f"{first}/accounts/login/").read().decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form).group(1)
    signed_in = browser.request(
        f"{first}/accounts/login/",
        {"csrfmiddlewaretoken": token, "login": "klima@example.org",
         "password": "ein-langes-Passwort-42"},
    )  # fmt: skip
    assert signed_in.status == 302
    # The session is in Redis (and the database), where every instance reads it.
    session_key = next(value for name, value in browser.cookies.items() if "session" in name)
    assert cache.get(cached_db.KEY_PREFIX + session_key)
    account = browser.request(f"{second}/konto/")  # the other process
    assert account.status == 200
    assert "Klara Klima" in account.read().decode()
    assert browser.request(f"{first}/konto/").status == 200
    # Signing out on the second ends the session on the first too.
    page = browser.request(f"{second}/konto/").read().decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
    browser.request(f"{second}/accounts/logout/", {"csrfmiddlewaretoken": token})
    assert browser.request(f"{first}/konto/").status == 302  # to the login page
    assert cache.get(cached_db.KEY_PREFIX + session_key) is None
