"""The layering of the apps holds: import-linter's contracts in pyproject.toml are kept.

CI runs `lint-imports` as a step of its own; this test makes `make test` say the
same, so an upward import fails before it reaches CI.
"""

from pathlib import Path

from importlinter.cli import EXIT_STATUS_SUCCESS, lint_imports

PYPROJECT = Path(__file__).resolve().parents[2] / "pyproject.toml"


def test_every_app_imports_only_the_layers_below_it():
    assert lint_imports(config_filename=str(PYPROJECT), no_cache=True, no_logo=True) == (
        EXIT_STATUS_SUCCESS
    )


def _project_packages() -> set[str]:
    """The project's own top-level packages: the folders beside manage.py that hold
    an `__init__.py` and code the portal runs (tests and benchmarks stay at home)."""
    root = PYPROJECT.parent
    return {
        path.parent.name
        for path in root.glob("*/__init__.py")
        if path.parent.name not in {"tests", "bench", "mutants"}
    }


def test_every_package_is_layered_installed_and_copied_into_the_image():
    import tomllib

    config = tomllib.loads(PYPROJECT.read_text())
    packages = _project_packages()
    assert {"portal", "finances", "lib"} <= packages
    assert set(config["tool"]["importlinter"]["root_packages"]) == packages
    included = {
        name.rstrip("*") for name in config["tool"]["setuptools"]["packages"]["find"]["include"]
    }
    assert included == packages
    dockerfile = (PYPROJECT.parent / "Dockerfile").read_text()
    copied = {line.split()[1] for line in dockerfile.splitlines() if line.startswith("COPY ")}
    assert packages <= copied
