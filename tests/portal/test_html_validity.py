"""Every page of every persona is valid HTML by the Nu HTML Checker, the W3C's
validator (the `vnu-jar` package from the npm registry, pinned in package.json and
installed with `npm ci`; run with the machine's Java).

The pages are the ones the browser walks visit (tests/browser/test_csp.py:
`pages_of`): every page of the project's apps the permission matrix opens to the
persona, allauth's pages and, for the superuser, the admin's. The only errors
allowed are htmx's `hx-*` attributes, which HTML does not know.
"""

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest
from django.conf import settings

from tests.browser.test_csp import client_of, pages_of
from tests.portal.test_permission_matrix import PERSONAS

pytestmark = pytest.mark.django_db

VNU = Path(settings.BASE_DIR) / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
HTMX_ATTRIBUTES = ".*Attribute “hx-[a-z-]+” not allowed on element.*"


@pytest.fixture(scope="session")
def vnu() -> list[str]:
    """The checker's command line; skipped without Java or the package (`npm ci`),
    except in CI, which installs both (.ci/run)."""
    java = shutil.which("java")
    if java is None or not VNU.exists():
        message = f"Nu HTML Checker needs Java and {VNU} (npm ci)"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    return [java, "-jar", str(VNU), "--errors-only", "--format", "json",
            "--filterpattern", HTMX_ATTRIBUTES]  # fmt: skip


def check(vnu: list[str], documents: dict[str, bytes], folder: Path) -> list[str]:
    """The checker's errors for the documents (name → HTML), as 'name:line: message'."""
    names = {}
    for index, (name, content) in enumerate(documents.items()):
        path = folder / f"{index:04}.html"
        path.write_bytes(content)
        names[path.name] = name
    result = subprocess.run(  # noqa: S603 (our own command line: java, the jar, files)
        [*vnu, *sorted(str(path) for path in folder.glob("*.html"))],
        capture_output=True,
        text=True,
        check=False,
    )
    messages = json.loads(result.stderr)["messages"]
    return [
        f"{names.get(Path(message.get('url', '')).name, '?')}:{message.get('lastLine', '?')}: "
        f"{message['message']}"
        for message in messages
    ]


def test_the_checker_finds_errors_and_lets_htmx_attributes_pass(vnu, tmp_path):
    """The check below can fail: a duplicate id and an unknown attribute are reported,
    htmx's attributes are not."""
    page = (
        '<!DOCTYPE html><html lang="de"><head><title>t</title></head><body>'
        '<form hx-post="/x" hx-target="#a"><p id="a">1</p><p id="a" foo="1">2</p></form>'
        "</body></html>"
    )
    errors = check(vnu, {"/probe/": page.encode()}, tmp_path)
    assert any("Duplicate ID “a”" in error for error in errors), errors
    assert any("Attribute “foo” not allowed" in error for error in errors), errors
    assert not any("hx-" in error for error in errors), errors


@pytest.mark.parametrize("persona", PERSONAS)
def test_every_page_of_a_persona_is_valid_html(vnu, tmp_path, personas, persona):
    client = client_of(personas, persona)
    documents = {url: client.get(url).content for url in pages_of(persona, personas)}
    assert len(documents) >= 5
    errors = check(vnu, documents, tmp_path)
    assert errors == [], "\n".join(errors)
