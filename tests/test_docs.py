"""The documentation (issue 36): a short README, and a site in docs/ whose every page in
the navigation exists. The strict build in CI (`make docs-build`) checks the links."""

import importlib.util
from pathlib import Path
from types import SimpleNamespace

import pytest

ROOT = Path(__file__).resolve().parent.parent
README = ROOT / "README.md"
DOCS = ROOT / "docs"


def nav_pages(nav) -> list[str]:
    """The file names in MkDocs' navigation, however deeply its sections nest."""
    pages = []
    for entry in nav:
        value = next(iter(entry.values())) if isinstance(entry, dict) else entry
        if isinstance(value, list):
            pages += nav_pages(value)
        else:
            pages.append(value)
    return pages


@pytest.fixture(scope="module")
def nav():
    config = pytest.importorskip("mkdocs.config")
    return nav_pages(config.load_config(str(ROOT / "mkdocs.yml"))["nav"])


def test_the_readme_has_at_most_200_lines():
    assert len(README.read_text().splitlines()) <= 200


def test_the_readme_says_where_the_documentation_is():
    text = README.read_text()
    assert "make docs" in text
    assert "(docs/index.md)" in text


def test_every_page_in_the_navigation_exists(nav):
    assert [page for page in nav if not (DOCS / page).is_file()] == []


def test_the_navigation_has_a_guide_for_every_role(nav):
    guides = {page for page in nav if page.startswith("rollen/")}
    assert guides == {
        "rollen/index.md",
        "rollen/koordination.md",
        "rollen/klimaschutzmanagement.md",
        "rollen/dienstleister.md",
        "rollen/foerdermittelgeber.md",
        "rollen/finanzen.md",
        "rollen/administration.md",
    }


def test_every_page_in_docs_is_in_the_navigation(nav):
    pages = {str(path.relative_to(DOCS)) for path in DOCS.rglob("*.md")}
    assert pages - set(nav) == set()


def screenshots_hook():
    spec = importlib.util.spec_from_file_location("screenshots", DOCS / "hooks" / "screenshots.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


GUIDE = (
    "Text.\n\n![Die Startseite](../screenshots/start.png)\n\n![Telefon](../screenshots/tel.png)\n"
)


def render(docs: Path, markdown: str = GUIDE) -> str:
    page = SimpleNamespace(file=SimpleNamespace(src_uri="rollen/koordination.md"))
    return screenshots_hook().on_page_markdown(markdown, page, {"docs_dir": str(docs)}, None)


def test_a_screenshot_the_tests_took_is_shown(tmp_path, monkeypatch):
    monkeypatch.setenv("DOCS_SCREENSHOTS", "required")
    (tmp_path / "screenshots").mkdir()
    (tmp_path / "screenshots" / "start.png").write_bytes(b"png")
    (tmp_path / "screenshots" / "tel.png").write_bytes(b"png")
    assert render(tmp_path) == GUIDE


def test_a_missing_screenshot_is_a_note_until_it_is_required(tmp_path, monkeypatch):
    monkeypatch.delenv("DOCS_SCREENSHOTS", raising=False)
    (tmp_path / "screenshots").mkdir()
    (tmp_path / "screenshots" / "tel.png").write_bytes(b"png")
    assert render(tmp_path) == (
        "Text.\n\n*(Bild entsteht beim Testlauf: Die Startseite)*\n\n"
        "![Telefon](../screenshots/tel.png)\n"
    )
    monkeypatch.setenv("DOCS_SCREENSHOTS", "required")
    plugin_error = pytest.importorskip("mkdocs.exceptions").PluginError
    with pytest.raises(plugin_error, match=r"screenshots missing .*screenshots/start\.png"):
        render(tmp_path)
