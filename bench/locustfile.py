"""The roles' typical journeys through the demo data, for locust (bench/load.py runs
it against gunicorn; see bench/RESULTS.md).

The ids of the objects visited come from bench/load.py through LOAD_* variables.
With LOAD_HOSTS (several servers' addresses, comma-separated), each person sends each
request to the next server in turn: web processes keep no state of their own.
"""

import base64
import hashlib
import hmac
import itertools
import os
import random
import re
import struct
import time

from locust import HttpUser, between, task

TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
MEASURES = [int(pk) for pk in os.environ.get("LOAD_MEASURES", "").split(",") if pk]
MEETING = os.environ.get("LOAD_MEETING", "")
REPORT = os.environ.get("LOAD_REPORT", "")
RUNNING = os.environ.get("LOAD_RUNNING_NETWORK", "")
ENDED = os.environ.get("LOAD_ENDED_NETWORK", "")
HOSTS = [host for host in os.environ.get("LOAD_HOSTS", "").split(",") if host]
COORDINATOR_TOTP = os.environ.get("LOAD_COORDINATOR_TOTP", "")
PASSWORD = "demo"
ADDRESSES = itertools.count()


class Person(HttpUser):
    abstract = True
    wait_time = between(1, 3)
    email = ""

    def url(self, path: str) -> str:
        """The path on the next server in turn (on --host alone without LOAD_HOSTS)."""
        return f"{next(self.hosts)}{path}"

    def on_start(self):
        self.hosts = itertools.cycle(HOSTS or [""])
        # Each simulated person from an address of their own (through the proxy that
        # TRUSTED_PROXY_COUNT=1 trusts), as real people are: the login rate limits
        # count per address.
        number = next(ADDRESSES)
        self.client.headers["X-Forwarded-For"] = f"10.1.{number // 250}.{number % 250 + 1}"
        form = self.client.get(self.url("/accounts/login/"), name="login form")
        token = TOKEN.search(form.text).group(1)
        with self.client.post(
            self.url("/accounts/login/"),
            {"csrfmiddlewaretoken": token, "login": self.email, "password": PASSWORD},
            headers={"Referer": f"{self.host}/accounts/login/"},
            name="login",
            catch_response=True,
        ) as response:
            if "/accounts/login/" in response.url:
                response.failure("still on the login page")

    @task(3)
    def start_page(self):
        self.client.get(self.url("/start/"), name="start page")


class ClimateManager(Person):
    """Hövelhof's climate manager (in networks of both demo organisations): the
    running network and its measures, a status change in the list (htmx), the next
    meeting."""

    weight = 3
    email = "klima.hoevelhof@example.org"

    @task(2)
    def network_page(self):
        self.client.get(self.url(f"/netzwerke/{RUNNING}/"), name="network page")

    @task(3)
    def measure_list(self):
        self.client.get(self.url("/massnahmen/"), name="measure list")

    @task(1)
    def meeting_page(self):
        self.client.get(self.url(f"/treffen/{MEETING}/"), name="meeting page")

    @task(2)
    def status_change(self):
        pk = random.choice(MEASURES)  # noqa: S311 - a benchmark, not a secret
        status = random.choice(["planned", "in_progress"])  # noqa: S311
        page = self.client.get(self.url("/massnahmen/"), name="measure list")
        token = TOKEN.search(page.text)
        self.client.post(self.url(f"/massnahmen/{pk}/status/"),
            {"status": status, "csrfmiddlewaretoken": token.group(1) if token else ""},
            headers={"HX-Request": "true", "HX-Target": f"measure-{pk}",
                     "Referer": f"{self.host}/massnahmen/"},
            name="htmx status change",
        )  # fmt: skip


class Funder(Person):
    """Reads the ended network's page and downloads its final report."""

    weight = 1
    email = "foerderung@example.org"

    @task(2)
    def network_page(self):
        self.client.get(self.url(f"/netzwerke/{ENDED}/"), name="network page")

    @task(1)
    def report(self):
        self.client.get(self.url(f"/berichte/{REPORT}/"), name="report page")
        self.client.get(self.url(f"/berichte/{REPORT}/bericht.pdf"), name="report download")


class Moderator(Person):
    """The service provider: meetings."""

    weight = 1
    email = "moderation@example.org"

    @task(2)
    def meetings(self):
        self.client.get(self.url("/treffen/"), name="meeting list")

    @task(2)
    def meeting_page(self):
        self.client.get(self.url(f"/treffen/{MEETING}/"), name="meeting page")


def totp(secret: str) -> str:
    """The second factor's code now (RFC 6238 as allauth checks it: SHA-1, 30 s, 6 digits)."""
    key = base64.b32decode(secret, casefold=True)
    digest = hmac.new(key, struct.pack(">Q", int(time.time()) // 30), hashlib.sha1).digest()
    offset = digest[-1] & 0x0F
    value = struct.unpack(">I", digest[offset : offset + 4])[0] & 0x7FFFFFFF
    return f"{value % 10**6:06d}"


class Coordinator(Person):
    """The coordinator of 48 networks (bench/load.py --grown), one among the people:
    the start page (its table of networks) and the measure list of all of them."""

    abstract = not COORDINATOR_TOTP
    fixed_count = 1
    email = "koordination@example.org"

    def on_start(self):
        super().on_start()
        # A code may reach a loaded server after its 30 s: up to three, each fresh.
        for _attempt in range(3):
            form = self.client.get(
                self.url("/accounts/2fa/authenticate/"), name="second factor form"
            )
            if "/accounts/" not in form.url:
                return
            token = TOKEN.search(form.text)
            self.client.post(
                self.url("/accounts/2fa/authenticate/"),
                {"csrfmiddlewaretoken": token.group(1) if token else "",
                 "code": totp(COORDINATOR_TOTP)},
                headers={"Referer": f"{self.host}/accounts/2fa/authenticate/"},
                name="second factor",
            )  # fmt: skip

    @task(3)
    def measure_list(self):
        self.client.get(self.url("/massnahmen/"), name="measure list")
