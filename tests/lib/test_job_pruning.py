"""Finished jobs' records are pruned on a schedule (issue 28): the command line of
deploy/systemd/portal-prune.service, which compose.yaml's `prune` service runs too,
drops successful jobs after 14 days and failed ones after 60, and never a job that
waits."""

import datetime
import shlex
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import call_command
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from lib.mail import send_mails
from tests.helpers import worker_environment

ROOT = Path(__file__).resolve().parents[2]
UNIT = ROOT / "deploy" / "systemd" / "portal-prune.service"
INSTALLED = "/srv/portal/app/"  # where the units expect the checkout


def exec_start() -> list[str]:
    """The unit's one command line, as systemd splits it."""
    (line,) = [line for line in UNIT.read_text().splitlines() if line.startswith("ExecStart=")]
    return shlex.split(line.removeprefix("ExecStart="))


def compose_prune_loop() -> tuple[list[str], list[str]]:
    """The `prune` service of compose.yaml: `sh -c` with one folded line, a loop of one
    command and a sleep; returns the command and the sleep."""
    text = (ROOT / "compose.yaml").read_text()
    service = text.split("\n  prune:\n", 1)[1].split("\n  db:\n", 1)[0]
    assert '    entrypoint: ["/bin/sh", "-c"]\n' in service
    folded = service.split("      - >-\n", 1)[1].split("\n    init:", 1)[0]
    loop = " ".join(line.strip() for line in folded.splitlines())
    head, command, sleep, tail = loop.split(";")
    assert (head, tail) == ("while true", " done")
    return shlex.split(command.removeprefix(" do ")), shlex.split(sleep)


def job(*, status: str, finished_days_ago: int | None) -> str:
    """A mail job (with no mail) in the given state, finished so many days ago."""
    result = send_mails.enqueue([], recorder=None, attempt=1)
    finished = None
    if finished_days_ago is not None:
        finished = timezone.now() - datetime.timedelta(days=finished_days_ago)
    DBTaskResult.objects.filter(id=result.id).update(status=status, finished_at=finished)
    return str(result.id)


@pytest.fixture
def jobs() -> dict[str, str]:
    return {
        "successful, 15 days ago": job(status="SUCCESSFUL", finished_days_ago=15),
        "successful, 13 days ago": job(status="SUCCESSFUL", finished_days_ago=13),
        "failed, 61 days ago": job(status="FAILED", finished_days_ago=61),
        "failed, 15 days ago": job(status="FAILED", finished_days_ago=15),
        "waiting": job(status="READY", finished_days_ago=None),
    }


def left(jobs: dict[str, str]) -> list[str]:
    kept = {str(pk) for pk in DBTaskResult.objects.values_list("id", flat=True)}
    return [name for name, pk in jobs.items() if pk in kept]


KEPT = ["successful, 13 days ago", "failed, 15 days ago", "waiting"]


def test_the_units_command_runs_the_prune_command_through_the_entrypoint():
    command = exec_start()
    assert command[:3] == [f"{INSTALLED}deploy/entrypoint.sh", "manage", "prune_db_task_results"]
    timer = UNIT.with_suffix(".timer").read_text()
    assert "OnCalendar=*-*-* 04:30:00\n" in timer


def test_compose_prunes_daily_with_the_units_command_line():
    command, sleep = compose_prune_loop()
    assert command == [part.removeprefix(INSTALLED) for part in exec_start()]
    assert sleep == ["sleep", "86400"]


@pytest.mark.django_db
def test_the_units_options_drop_old_finished_jobs_and_keep_recent_failed_and_waiting_ones(jobs):
    call_command(*exec_start()[2:], verbosity=0)
    assert left(jobs) == KEPT


@pytest.mark.django_db(transaction=True)
def test_the_units_exact_command_line_prunes_the_database(jobs):
    """As systemd runs it: deploy/entrypoint.sh with the unit's arguments, in a process
    of its own on the test database (PostgreSQL only, see worker_environment)."""
    environment = worker_environment() | {"PYTHON": sys.executable}
    command = [part.replace(INSTALLED, f"{ROOT}/") for part in exec_start()]
    done = subprocess.run(  # noqa: S603 (the repository's own unit)
        command, cwd=ROOT, env=environment, capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr
    assert "Deleted 2 task result(s)" in done.stdout + done.stderr  # its log line
    assert left(jobs) == KEPT
