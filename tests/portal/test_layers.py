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
