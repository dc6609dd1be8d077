"""Geometry for the server-side SVG charts; imports no app of the project.

The templates draw the shapes; no JavaScript is involved.
"""

from dataclasses import dataclass, field
from decimal import Decimal

# Colour-blind-safe palette (Okabe–Ito), dark enough on white for shapes (WCAG 1.4.11).
PALETTE = ["#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#000000"]


@dataclass
class TargetBar:
    label: str
    target: Decimal
    achieved: Decimal
    y: int = 0
    target_width: float = 0
    achieved_width: float = 0


@dataclass
class TargetChart:
    bars: list[TargetBar]
    width: int
    height: int
    label_width: int
    plot_width: int
    maximum: Decimal
    ticks: list[tuple[float, Decimal]] = field(default_factory=list)


def target_chart(rows: list[tuple[str, Decimal | None, Decimal | None]]) -> TargetChart:
    """Horizontal bars: each row's target (light) and achievement (dark) on one scale."""
    label_width, plot_width, bar_height, gap = 150, 340, 14, 12
    bars = [
        TargetBar(label, target or Decimal(0), achieved or Decimal(0))
        for label, target, achieved in rows
    ]
    maximum = max([b.target for b in bars] + [b.achieved for b in bars] + [Decimal(1)])
    maximum = _nice(maximum)
    for index, bar in enumerate(bars):
        bar.y = 24 + index * (2 * bar_height + gap)
        bar.target_width = float(bar.target / maximum * plot_width)
        bar.achieved_width = float(bar.achieved / maximum * plot_width)
    ticks = [(plot_width * i / 4, maximum * i / 4) for i in range(5)]
    height = 24 + len(bars) * (2 * bar_height + gap) + 24
    return TargetChart(
        bars, label_width + plot_width + 40, height, label_width, plot_width, maximum, ticks
    )


@dataclass
class StackedColumn:
    label: str
    x: int
    segments: list[tuple[str, str, int, float, float]]  # name, colour, count, y, height
    total: int


@dataclass
class StackedChart:
    columns: list[StackedColumn]
    legend: list[tuple[str, str]]
    width: int
    height: int
    plot_height: int
    maximum: int
    ticks: list[tuple[float, int]]


def stacked_chart(counts: dict[str, dict[str, int]], series: list[str]) -> StackedChart:
    """Columns per category (e.g. year), stacked by series (e.g. focus area)."""
    plot_height, column_width, gap, left = 220, 44, 22, 40
    colours = {name: PALETTE[i % len(PALETTE)] for i, name in enumerate(series)}
    maximum = max([sum(per.values()) for per in counts.values()] + [1])
    maximum = int(_nice(Decimal(maximum)))
    columns = []
    for index, (label, per_series) in enumerate(sorted(counts.items())):
        y = 10 + plot_height
        segments = []
        for name in series:
            count = per_series.get(name, 0)
            if not count:
                continue
            height = count / maximum * plot_height
            y -= height
            segments.append((name, colours[name], count, y, height))
        columns.append(
            StackedColumn(
                label, left + index * (column_width + gap), segments, sum(per_series.values())
            )
        )
    ticks = [(10 + plot_height - plot_height * i / 4, round(maximum * i / 4)) for i in range(5)]
    width = left + max(len(columns), 1) * (column_width + gap) + 20
    legend = [(name, colours[name]) for name in series]
    return StackedChart(columns, legend, width, plot_height + 40, plot_height, maximum, ticks)


@dataclass
class StackedBar:
    label: str
    y: int
    segments: list[tuple[str, str, int, float, float]]  # name, colour, count, x, width
    total: int


@dataclass
class StackedBars:
    bars: list[StackedBar]
    legend: list[tuple[str, str]]
    width: int
    height: int
    label_width: int
    plot_width: int
    ticks: list[tuple[float, int]]


def stacked_bars(rows: list[tuple[str, dict[str, int]]], series: list[str]) -> StackedBars:
    """Horizontal bars per category (e.g. focus area), in the given order, stacked by
    series (e.g. status); long category names fit on the left."""
    label_width, plot_width, bar_height, gap = 210, 300, 16, 8
    colours = {name: PALETTE[i % len(PALETTE)] for i, name in enumerate(series)}
    maximum = int(_nice(Decimal(max([sum(counts.values()) for _l, counts in rows] + [1]))))
    bars = []
    for index, (label, counts) in enumerate(rows):
        x = 0.0
        segments = []
        for name in series:
            count = counts.get(name, 0)
            if count:
                width = count / maximum * plot_width
                segments.append((name, colours[name], count, x, width))
                x += width
        bars.append(
            StackedBar(label, 8 + index * (bar_height + gap), segments, sum(counts.values()))
        )
    height = 8 + len(rows) * (bar_height + gap) + 20
    ticks = [(plot_width * i / 4, round(maximum * i / 4)) for i in range(5)]
    legend = [(name, colours[name]) for name in series]
    return StackedBars(
        bars, legend, label_width + plot_width + 20, height, label_width, plot_width, ticks
    )


def _nice(value: Decimal) -> Decimal:
    """A round upper bound for an axis: 1, 2, 2.5 or 5 times a power of ten."""
    magnitude = Decimal(10) ** (len(str(int(value))) - 1)
    for step in (1, 2, Decimal("2.5"), 5, 10):
        if value <= step * magnitude:
            return Decimal(step) * magnitude
    return 10 * magnitude
