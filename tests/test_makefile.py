"""`make run` on another port (issue 31, item 10): a newcomer whose port 8000 is taken
writes `make run PORT=8001`, as the README's quick start says. `make -n` prints the
commands without running them."""

import shutil
import subprocess
from pathlib import Path

import pytest

MAKE = shutil.which("make")
ROOT = Path(__file__).resolve().parent.parent

pytestmark = pytest.mark.skipif(MAKE is None, reason="needs make")


def dry_run(*arguments, **environment):
    env = {"PATH": "/usr/bin:/bin", **environment}
    result = subprocess.run(  # noqa: S603 (our own command line)
        [MAKE, "--dry-run", "--always-make", "run", *arguments],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    return result.stdout


def test_make_run_serves_on_port_8000_by_default():
    commands = dry_run()
    assert "manage.py runserver 127.0.0.1:8000\n" in commands
    assert commands.count("PORTAL_BASE_URL=http://127.0.0.1:8000 ") == 3


def test_make_run_serves_on_the_port_it_is_given_and_links_follow_it():
    commands = dry_run("PORT=8001")
    assert "manage.py runserver 127.0.0.1:8001\n" in commands
    assert "127.0.0.1:8000" not in commands
    # the demo's printed logins, the worker's mails and the server's pages link to the
    # same port
    assert commands.count("PORTAL_BASE_URL=http://127.0.0.1:8001 ") == 3


def test_make_run_keeps_a_base_url_set_in_the_environment():
    commands = dry_run("PORT=8001", PORTAL_BASE_URL="https://portal.example.org")
    assert commands.count("PORTAL_BASE_URL=https://portal.example.org ") == 3


def test_the_quick_start_names_the_port_setting():
    assert "make run PORT=8001" in (ROOT / "README.md").read_text()
