"""networks/models/ is one module per concept (issue 30): each small enough to read,
none importing another in a circle, and every name that other code and the old
migrations import from `networks.models` still there."""

import ast
from pathlib import Path

import networks.models
from networks.models import factors, logos, people, photos, recruitment

PACKAGE = Path(networks.models.__file__).parent


def imported_siblings(path: Path) -> set[str]:
    """The modules of the package that a module imports (type-checking imports too)."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("networks.models."):
            found.add(node.module.removeprefix("networks.models."))
    return found


def test_no_module_of_the_package_is_longer_than_500_lines():
    lengths = {path.name: len(path.read_text().splitlines()) for path in PACKAGE.glob("*.py")}
    assert len(lengths) == 14  # logos (issue 31) the fourteenth
    assert {name: length for name, length in lengths.items() if length > 500} == {}


def test_the_modules_import_each_other_without_a_circle():
    modules = [path for path in PACKAGE.glob("*.py") if path.stem != "__init__"]
    imports = {path.stem: imported_siblings(path) for path in modules}
    assert imports["roles"] == set()
    assert imports["networks"] == {
        "factors", "focus_areas", "memberships", "organisations", "roles"
    }  # fmt: skip
    done: list[str] = []
    while len(done) < len(imports):
        ready = sorted(name for name in imports if name not in done and imports[name] <= {*done})
        assert ready, f"a circle among {sorted(set(imports) - set(done))}"
        done.extend(ready)


def test_the_names_old_migrations_import_are_those_of_the_modules():
    assert networks.models.UserManager is people.UserManager
    assert networks.models.photo_path is photos.photo_path
    assert networks.models.logo_path is logos.logo_path
    assert networks.models.letter_path is recruitment.letter_path
    assert networks.models.programme_factor_set is factors.programme_factor_set
    assert networks.models.PROGRAMME_FACTOR_SET == "bafa-2021"


def test_the_package_exports_every_name_it_lists():
    assert [name for name in networks.models.__all__ if not hasattr(networks.models, name)] == []
