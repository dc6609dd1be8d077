"""Helpers every app may use: the bottom layer of the project.

Nothing here imports an app (networks, measures, events) or the rest of
`portal`; import-linter checks this in CI (see `[tool.importlinter]` in
pyproject.toml).
"""
