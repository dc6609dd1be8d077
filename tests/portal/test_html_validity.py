"""Every page of every persona is valid HTML by the Nu HTML Checker, the W3C's
validator (the `vnu-jar` package from the npm registry, pinned in package.json and
installed with `npm ci`; run with the machine's Java).

The pages are the ones the browser walks visit (tests/browser/walk.py:
`pages_of`): every page of the project's apps the permission matrix opens to the
persona, allauth's pages and, for the superuser, the admin's. The only errors
allowed are htmx's `hx-*` attributes, which HTML does not know.
"""

import json
import os
import re
import shutil
import subprocess
import time
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from django.conf import settings

from tests.browser.walk import documents_of
from tests.helpers import free_port
from tests.portal.test_permission_matrix import PERSONAS

pytestmark = pytest.mark.django_db

VNU = Path(settings.BASE_DIR) / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
# The errors allowed: htmx's attributes, which HTML does not know.
HTMX_ATTRIBUTES = re.compile(r"Attribute “hx-[a-z-]+” not allowed on element.*", re.DOTALL)


class Checker:
    """The Nu HTML Checker as its own web service (`nu.validator.servlet.Main`), started
    once for the test process: a Java process takes seconds to start and to warm up,
    a warm checker a few milliseconds a page. Pages are posted to it as `text/html`
    and it answers with its messages as JSON, the same as `vnu.jar --format json`."""

    def __init__(self, java: str, log: Path):
        port = free_port()
        self.url = f"http://127.0.0.1:{port}/?out=json"
        # The JIT's first tier only and the serial collector: a checker that lives for
        # the minutes of a test run spends less on compiling and collecting than it
        # would save (a deeper stack, since the first tier's frames are larger).
        java_options = ["-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xss16m"]
        self.process = subprocess.Popen(  # noqa: S603 (our own command line: java, the jar)
            [java, *java_options, "-Dnu.validator.servlet.bind-address=127.0.0.1",
             "-cp", str(VNU), "nu.validator.servlet.Main", str(port)],
            stdout=log.open("w"), stderr=subprocess.STDOUT,
        )  # fmt: skip
        deadline = time.monotonic() + 60
        while self.post(b"<!DOCTYPE html><title>t</title>", wait=True) is None:
            if self.process.poll() is not None or time.monotonic() > deadline:
                self.process.kill()
                raise RuntimeError(f"The Nu HTML Checker did not start: {log.read_text()}")
            time.sleep(0.2)

    def post(self, content: bytes, wait: bool = False) -> list[dict] | None:
        request = urllib.request.Request(  # noqa: S310 (the checker on this machine)
            self.url, data=content, headers={"Content-Type": "text/html; charset=utf-8"}
        )
        try:
            with urllib.request.urlopen(request, timeout=60) as response:  # noqa: S310
                return json.load(response)["messages"]
        except (urllib.error.URLError, ConnectionError):
            # Refused or cut off while the checker starts.
            if wait:
                return None
            raise

    def errors(self, content: bytes) -> list[dict]:
        """The errors in the document (as `--errors-only`): not the checker's notes and
        warnings, and not htmx's attributes."""
        return [
            message
            for message in self.post(content)
            if message["type"] != "info" and not HTMX_ATTRIBUTES.fullmatch(message["message"])
        ]

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(timeout=10)


@pytest.fixture(scope="session")
def vnu(tmp_path_factory) -> Checker:
    """The checker, skipped without Java or the package (`npm ci`), except in CI, which
    installs both (.ci/run)."""
    java = shutil.which("java")
    if java is None or not VNU.exists():
        message = f"Nu HTML Checker needs Java and {VNU} (npm ci)"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    checker = Checker(java, tmp_path_factory.mktemp("vnu") / "checker.log")
    yield checker
    checker.stop()


def check(vnu: Checker, documents: dict[str, bytes]) -> list[str]:
    """The checker's errors for the documents (name → HTML), as 'name:line: message'.
    The checker answers several at once (it is a threaded web server)."""
    with ThreadPoolExecutor(max_workers=2) as pool:
        answers = pool.map(vnu.errors, documents.values())
        return [
            f"{name}:{message.get('lastLine', '?')}: {message['message']}"
            for name, errors in zip(documents, answers, strict=True)
            for message in errors
        ]


def test_the_checker_finds_errors_and_lets_htmx_attributes_pass(vnu):
    """The check below can fail: a duplicate id and an unknown attribute are reported,
    htmx's attributes are not."""
    page = (
        '<!DOCTYPE html><html lang="de"><head><title>t</title></head><body>'
        '<form hx-post="/x" hx-target="#a"><p id="a">1</p><p id="a" foo="1">2</p></form>'
        "</body></html>"
    )
    errors = check(vnu, {"/probe/": page.encode()})
    assert any("Duplicate ID “a”" in error for error in errors), errors
    assert any("Attribute “foo” not allowed" in error for error in errors), errors
    assert not any("hx-" in error for error in errors), errors


@pytest.mark.parametrize("persona", PERSONAS)
def test_every_page_of_a_persona_is_valid_html(vnu, personas, persona):
    documents = documents_of(persona, personas)
    assert len(documents) >= 5
    errors = check(vnu, documents)
    assert errors == [], "\n".join(errors)
