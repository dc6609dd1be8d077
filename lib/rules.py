"""A rule checked against the data, as the checklists show it: its state (green: kept,
amber: open or due soon, red: broken), what it asks, what was found, and where the
evidence is; `key` names the rule steadily (its text may carry counts and dates), so a
comment on it finds it again. Imports no app."""

from dataclasses import dataclass

GREEN, AMBER, RED = "green", "amber", "red"


@dataclass(frozen=True)
class Rule:
    state: str
    rule: str
    finding: str
    link: str = ""
    gaps: tuple[str, ...] = ()
    key: str = ""
