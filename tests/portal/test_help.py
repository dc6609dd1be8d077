"""The help inside the portal (issue 36): the documentation site served under /hilfe/
with a policy that allows each page's inline scripts by their hash, and each main
page's link to its section of the guide, chosen by the person's role."""

import importlib.util
import json
import re
from pathlib import Path

import pytest
from django.contrib.auth.models import AnonymousUser
from django.http import Http404
from django.test import RequestFactory
from django.urls import reverse

from networks.access import navigation_of
from portal.help import DEFAULT, SECTIONS, help_url, section_for
from portal.views.help import help_page
from tests.helpers import with_totp
from tests.portal.test_csp import SITEWIDE, directives

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[2]


def hook(name: str):
    spec = importlib.util.spec_from_file_location(name, ROOT / "docs" / "hooks" / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


csp_hook = hook("csp")

PAGE = """<!doctype html><html><head><script>var a=1;</script>
<script id="__config" type="application/json">{"base": ".."}</script>
<script src="../bundle.js"></script></head><body><h1 id="treffen">Treffen</h1>
<script>var b=2;</script></body></html>"""


@pytest.fixture
def site(tmp_path, settings):
    """A small built site: a page in a directory, an asset and the hooks' manifest."""
    root = tmp_path / "site"
    (root / "rollen").mkdir(parents=True)
    (root / "index.html").write_text(PAGE, encoding="utf-8")
    (root / "rollen" / "index.html").write_text(PAGE.replace("1", "3"), encoding="utf-8")
    (root / "bundle.js").write_text("console.log(1)", encoding="utf-8")
    (tmp_path / "geheim.txt").write_text("nicht für die Hilfe", encoding="utf-8")
    csp_hook.on_post_build({"site_dir": str(root)})
    settings.DOCS_ROOT = root
    return root


def test_the_hook_hashes_the_scripts_a_browser_runs_and_not_data_blocks():
    assert csp_hook.script_hashes(PAGE) == [
        # printf 'var a=1;' (and 'var b=2;') | openssl dgst -sha256 -binary | base64
        "'sha256-gaaMFNHZyRta8zB2VHkWLMP4tMxJ+d8v3dTW7nw2r6M='",
        "'sha256-Q93yqHG/fpBZopKQS57hnyqJHbRs+YHA74k+z385XW4='",
    ]


def test_a_help_page_allows_exactly_its_own_inline_scripts(client, site):
    response = client.get("/hilfe/")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/html; charset=utf-8"
    policy = directives(response["Content-Security-Policy"])
    assert policy == {**SITEWIDE, "script-src": "'self' " + " ".join(csp_hook.script_hashes(PAGE))}
    assert "'unsafe-inline'" not in response["Content-Security-Policy"]
    other = directives(client.get("/hilfe/rollen/")["Content-Security-Policy"])
    assert other["script-src"] != policy["script-src"]


def test_a_directory_without_its_slash_is_redirected_so_relative_links_work(client, site):
    response = client.get("/hilfe/rollen?q=treffen")
    assert response.status_code == 302
    assert response["Location"] == "/hilfe/rollen/?q=treffen"


def test_assets_keep_their_content_type_and_the_sitewide_policy(client, site):
    response = client.get("/hilfe/bundle.js")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/javascript"
    assert directives(response["Content-Security-Policy"]) == SITEWIDE


@pytest.mark.parametrize("path", ["../geheim.txt", "rollen/../../geheim.txt", "/etc/passwd"])
def test_no_path_leads_out_of_the_site(site, path):
    request = RequestFactory().get("/hilfe/x")
    with pytest.raises(Http404):
        help_page(request, path)


def test_the_manifest_and_missing_pages_are_not_found(client, site):
    assert client.get("/hilfe/csp-hashes.json").status_code == 404
    assert client.get("/hilfe/gibt-es-nicht/").status_code == 404


def test_without_a_built_site_the_help_says_how_to_build_it(client, settings, tmp_path):
    settings.DOCS_ROOT = tmp_path / "nicht-gebaut"
    response = client.get("/hilfe/rollen/")
    assert response.status_code == 404
    assert "Die Hilfe ist noch nicht gebaut" in response.content.decode()
    assert "make docs-build" in response.content.decode()
    assert directives(response["Content-Security-Policy"]) == SITEWIDE


def test_a_coordinator_without_second_factor_may_read_the_help(client, personas, site):
    client.force_login(personas.coordinator)
    assert client.get("/hilfe/").status_code == 200


@pytest.mark.parametrize(
    ("persona", "section"),
    [
        ("coordinator", "rollen/koordination/#massnahmen"),
        ("climate_manager_a", "rollen/klimaschutzmanagement/#massnahmen-finden"),
        ("service_provider", "rollen/klimaschutzmanagement/#massnahmen-finden"),
        ("superuser", "rollen/klimaschutzmanagement/#massnahmen-finden"),
    ],
)
def test_the_measure_list_links_to_the_guide_of_the_persons_role(
    client, personas, persona, section
):
    client.force_login(with_totp(getattr(personas, persona)))
    html = client.get(reverse("measure_list") + "?kommune=").content.decode()
    assert f'<a href="/hilfe/{section}">Hilfe</a>' in html


def test_a_page_without_a_section_has_no_help_link(client, personas):
    client.force_login(personas.climate_manager_a)
    assert ">Hilfe</a>" not in client.get(reverse("account")).content.decode()


def test_visitors_get_the_default_section():
    visitor = navigation_of(AnonymousUser()).roles
    assert section_for("meeting_list", visitor) == SECTIONS["meeting_list"][DEFAULT]
    assert section_for("home", visitor) == "rollen/#zugang"
    assert section_for("account", visitor) is None
    assert help_url("rollen/#zugang") == "/hilfe/rollen/#zugang"


def every_section() -> list[str]:
    sections = []
    for entry in SECTIONS.values():
        sections += [entry] if isinstance(entry, str) else list(entry.values())
    return sorted(set(sections))


@pytest.mark.parametrize("section", every_section())
def test_every_section_of_the_map_exists_in_the_built_site(built_site, section):
    page, _, anchor = section.partition("#")
    html = (built_site / page / "index.html").read_text(encoding="utf-8")
    assert anchor in re.findall(r'\bid="([^"]+)"', html)


def test_the_built_site_has_a_manifest_entry_for_every_page(built_site):
    manifest = json.loads((built_site / "csp-hashes.json").read_text())
    pages = {p.relative_to(built_site).as_posix() for p in built_site.rglob("*.html")}
    assert set(manifest) == pages
    assert all(manifest[page] for page in pages), "Material writes inline scripts in each page"
