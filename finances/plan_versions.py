"""A version of the financing plan as a table, with what changed against the version
before it: the stored snapshots (PlanChange.plan, finances.services.plan_snapshot)
read back, budget lines matched by kind and name, the financing by source."""

from dataclasses import dataclass, field
from decimal import Decimal

from finances.models import BudgetLine, PlanChange, Source


@dataclass(frozen=True)
class Cell:
    amount: Decimal | None  # None: nothing planned
    previous: Decimal | None = None
    changed: bool = False


@dataclass
class VersionRow:
    name: str
    kind: str = ""
    cells: list[Cell] = field(default_factory=list)
    status: str = ""  # "new": not in the version before; "removed": not in this one

    @property
    def changed(self) -> bool:
        return bool(self.status) or any(c.changed for c in self.cells)


def _amount(value) -> Decimal | None:
    return None if value in (None, "") else Decimal(value)


def _lines(plan: dict) -> dict[tuple[str, str], dict[int, Decimal]]:
    return {
        (line["kind"], line["name"]): {
            int(year): _amount(amount) for year, amount in line.get("planned", {}).items()
        }
        for line in plan.get("lines", [])
    }


def _financing(plan: dict) -> dict[str, dict[int, Decimal]]:
    by_source: dict[str, dict[int, Decimal]] = {}
    for f in plan.get("financing", []):
        by_source.setdefault(f["source"], {})[int(f["year"])] = _amount(f["amount"])
    return by_source


def _cells(now: dict, before: dict | None, years: list[int]) -> list[Cell]:
    if before is None:
        return [Cell(now.get(y)) for y in years]
    return [
        Cell(now.get(y), before.get(y), changed=(now.get(y) or 0) != (before.get(y) or 0))
        for y in years
    ]


def _total(rows: list[VersionRow], years: list[int], *, compare: bool) -> VersionRow:
    def add(values):
        values = [v for v in values if v is not None]
        return sum(values, Decimal(0)) if values else None

    cells = []
    for i, _year in enumerate(years):
        now = add(r.cells[i].amount for r in rows)
        before = add(r.cells[i].previous for r in rows) if compare else None
        cells.append(Cell(now, before, changed=compare and (now or 0) != (before or 0)))
    return VersionRow(name="", cells=cells)


def version_table(change: PlanChange, previous: PlanChange | None) -> dict:
    """The plan of `change` per line and year and the financing per source and year,
    each cell with its amount in `previous` and whether it changed since."""
    compare = previous is not None
    lines_now, lines_before = _lines(change.plan), _lines(previous.plan if compare else {})
    money_now, money_before = _financing(change.plan), _financing(previous.plan if compare else {})
    years = sorted(
        {y for planned in [*lines_now.values(), *lines_before.values()] for y in planned}
        | {y for by_year in [*money_now.values(), *money_before.values()] for y in by_year}
    )
    kinds = dict(BudgetLine.Kind.choices)
    lines = []
    for key in [*lines_now, *(k for k in lines_before if k not in lines_now)]:
        kind, name = key
        status = "" if not compare or key in lines_now and key in lines_before else (
            "new" if key in lines_now else "removed"
        )  # fmt: skip
        before = lines_before.get(key, {}) if compare else None
        lines.append(VersionRow(name=name, kind=str(kinds.get(kind, kind)),
                                cells=_cells(lines_now.get(key, {}), before, years),
                                status=status))  # fmt: skip
    sources = [
        VersionRow(
            name=str(label),
            cells=_cells(money_now.get(value, {}), money_before.get(value, {}) if compare else None,
                         years),
        )
        for value, label in Source.choices
        if value in money_now or value in money_before
    ]  # fmt: skip
    return {
        "years": years,
        "lines": lines,
        "lines_total": _total(lines, years, compare=compare),
        "sources": sources,
        "sources_total": _total(sources, years, compare=compare),
        "compare": compare,
        "change_count": sum(c.changed for row in lines + sources for c in row.cells),
    }
