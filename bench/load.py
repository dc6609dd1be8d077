"""Load: the roles' journeys (bench/locustfile.py) with locust against gunicorn on
PostgreSQL with Redis, loopback only, bounded in users and time.

    .venv/bin/pip install -e '.[bench]'
    .venv/bin/python bench/load.py [--users 50] [--seconds 60] [--workers 4] [--instances 1]
                                   [--grown] [--database portal_load]

It makes a scratch database `portal_load` on the PostgreSQL server of
LOAD_DATABASE_URL (default postgres://root@127.0.0.1:5432/postgres, dropped again
at the end), loads the demo data, lets the worker make its PDFs, starts gunicorn
(gunicorn.conf.py) and runs locust headless. With `--instances 2` it starts two
gunicorn instances on two ports (each with --workers workers) against the same
database and Redis, and every simulated person sends each request to the next
instance in turn: signed in on one, going on on the other. It prints locust's figures (requests
per second, median, p95, p99, failures) and the server's own times from gunicorn's
access log. Settings are the development ones with DEBUG off: the production ones
send cookies over HTTPS only, and the load runs over plain loopback HTTP.

With `--grown` the demo data is grown as bench/pages.py grows it (1,000
municipalities, 50 networks, 20,000 measures, 600 meetings) and one of the simulated
people is the demo's coordinator, now of 48 networks, signed in with a second factor
(issue 35).
"""

import argparse
import csv
import json
import os
import re
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

from scratch import percentile, scratch_postgres  # bench/scratch.py, beside this script

ROOT = Path(__file__).resolve().parent.parent
IDS = """
import json
from events.models import Meeting
from measures.models import Measure
from networks.models import Network
from reports.models import Report
running = Network.objects.get(slug="klimaschutz-netzwerk-senne")
ended = Network.objects.get(slug="klimaschutz-netzwerk-westfalen-weser-1")
print(json.dumps({
    "LOAD_RUNNING_NETWORK": running.slug,
    "LOAD_ENDED_NETWORK": ended.slug,
    "LOAD_MEASURES": ",".join(str(pk) for pk in Measure.objects.filter(
        participation__network=running, participation__municipality__slug="hoevelhof"
    ).values_list("pk", flat=True)),
    "LOAD_MEETING": str(Meeting.objects.filter(
        network__slug="klimaschutz-netzwerk-westfalen-weser-3").order_by("starts_at").first().pk),
    "LOAD_REPORT": str(Report.objects.filter(network=ended).exclude(pdf="").latest("issued_at").pk),
}))
"""
# bench/pages.py's growth, in the portal's shell (run from the repository's folder): as
# many copies as it adds to load_demo_data's 25 municipalities, 4 networks, 89 measures
# and 40 meetings, on top of seed_demo's (which adds the regional networks).
GROW = """
import sys
sys.path.insert(0, "bench")
import pages
from django.db import connection
from events.models import Meeting
from measures.models import Measure
from networks.models import Municipality, Network
pages.MUNICIPALITIES = Municipality.objects.count() + pages.MUNICIPALITIES - 25
pages.NETWORKS = Network.objects.count() + pages.NETWORKS - 4
pages.MEASURES = Measure.objects.count() + pages.MEASURES - 89
pages.MEETINGS = Meeting.objects.count() + pages.MEETINGS - 40
pages._grow()
with connection.cursor() as cursor:
    cursor.execute("ANALYZE")
"""
# The coordinator's second factor: a new TOTP secret, for the simulated coordinator.
COORDINATOR = """
import json
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from networks.models import User
user = User.objects.get(email="koordination@example.org")
user.authenticator_set.all().delete()
secret = generate_totp_secret()
TOTP.activate(user, secret)
print(json.dumps({"LOAD_COORDINATOR_TOTP": secret}))
"""
SERVER_TIME = re.compile(r'" (\d{3}) \S+ (\d+)ms')


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--seconds", type=int, default=60)
    parser.add_argument("--workers", type=int, default=4, help="per instance")
    parser.add_argument("--instances", type=int, default=1)
    parser.add_argument(
        "--grown", action="store_true", help="50 networks, a coordinator of 48 among the people"
    )
    parser.add_argument(
        "--database",
        default="portal_load",
        metavar="NAME",
        help="the scratch database's name (two runs at once need two)",
    )
    args = parser.parse_args()
    with scratch_postgres(args.database, "LOAD_DATABASE_URL") as database_url:
        _run(args, database_url)


def _run(args, database_url: str) -> None:
    folder = Path(tempfile.mkdtemp())
    env = {
        "PATH": os.environ["PATH"],
        "DATABASE_URL": database_url,
        "CACHE_URL": os.environ.get("LOAD_CACHE_URL", "redis://127.0.0.1:6379/9"),
        "MEDIA_ROOT": str(folder / "media"),
        "DEBUG": "false",
        "ALLOWED_HOSTS": "127.0.0.1",
        "WEB_CONCURRENCY": str(args.workers),
        # locust's people come from addresses of their own (X-Forwarded-For).
        "TRUSTED_PROXY_COUNT": "1",
    }
    manage = [sys.executable, "manage.py"]
    run = {"cwd": ROOT, "env": env, "check": True, "capture_output": True, "text": True}
    servers, logs, hosts = [], [], []
    try:
        print("preparing: migrate, demo data, the worker's PDFs …", flush=True)
        subprocess.run([*manage, "migrate", "--no-input"], **run)
        subprocess.run([*manage, "seed_demo"], **run)
        subprocess.run([*manage, "db_worker", "--batch"], **run)
        ids = json.loads(
            subprocess.run([*manage, "shell", "-v", "0", "-c", IDS], **run).stdout.splitlines()[-1]
        )
        if args.grown:
            print("growing: 50 networks, 20,000 measures …", flush=True)
            subprocess.run([*manage, "shell", "-v", "0", "-c", GROW], **run)
            shell = subprocess.run([*manage, "shell", "-v", "0", "-c", COORDINATOR], **run)
            ids.update(json.loads(shell.stdout.splitlines()[-1]))
        gunicorn = Path(sys.executable).with_name("gunicorn")
        for number in range(args.instances):
            port = free_port()
            log = folder / f"access-{number}.log"
            servers.append(subprocess.Popen(
                [str(gunicorn), "-c", "gunicorn.conf.py", "--access-logfile", str(log),
                 "portal.wsgi"],
                cwd=ROOT, env={**env, "GUNICORN_BIND": f"127.0.0.1:{port}"},
                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
            ))  # fmt: skip
            logs.append(log)
            hosts.append(f"http://127.0.0.1:{port}")
        for host in hosts:
            for _attempt in range(300):
                try:
                    urllib.request.urlopen(f"{host}/healthz", timeout=2)  # noqa: S310
                    break
                except OSError:
                    time.sleep(0.2)
        print(f"locust: {args.users} users for {args.seconds} s against {args.instances} "
              f"instance(s) of {args.workers} gunicorn workers", flush=True)  # fmt: skip
        locust = Path(sys.executable).with_name("locust")
        subprocess.run(
            [str(locust), "-f", "bench/locustfile.py", "--headless", "--only-summary",
             "-u", str(args.users), "-r", "10", "-t", f"{args.seconds}s", "--host", hosts[0],
             "--csv", str(folder / "load")],
            cwd=ROOT, env={**env, **ids, "LOAD_HOSTS": ",".join(hosts)}, check=False,
            capture_output=True,
        )  # fmt: skip
        report(folder, logs)
    finally:
        for server in servers:
            server.terminate()
            server.wait(timeout=30)


def report(folder: Path, logs: list[Path]) -> None:
    with open(folder / "load_stats.csv", newline="") as file:
        rows = list(csv.DictReader(file))
    print(f"\n{'request':28} {'count':>6} {'fail':>5} {'rps':>6} {'median':>7} {'p95':>6} "
          f"{'p99':>6}   (locust, ms)")  # fmt: skip
    for row in rows:
        print(f"{row['Name'][:28]:28} {row['Request Count']:>6} {row['Failure Count']:>5} "
              f"{float(row['Requests/s']):6.1f} {row['50%']:>7} {row['95%']:>6} "
              f"{row['99%']:>6}")  # fmt: skip
    times, errors = [], 0
    for number, log in enumerate(logs):
        served = 0
        for line in log.read_text().splitlines():
            match = SERVER_TIME.search(line)
            if match:
                times.append(int(match.group(2)))
                errors += match.group(1).startswith("5")
                served += 1
        print(f"instance {number + 1}: {served} requests")
    if times:
        print(f"\nserver side (gunicorn): {len(times)} requests, {errors} with status 5xx, "
              f"median {statistics.median(times):.0f} ms, p95 {percentile(times, 0.95):.0f} ms, "
              f"p99 {percentile(times, 0.99):.0f} ms")  # fmt: skip


if __name__ == "__main__":
    main()
