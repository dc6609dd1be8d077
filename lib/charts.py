"""Geometry for the server-side SVG charts; imports no app of the project.

The templates draw the shapes; no JavaScript is involved. Every chart leaves room for
its axis titles (`x_title_y`, `y_title_x`), and its coordinates (bars, ticks) are
absolute, so a template only places them. The colours come from the caller, chosen in
`lib.palette`, so a colour means the same in every chart.
"""

from dataclasses import dataclass, field
from decimal import Decimal


@dataclass
class TargetBar:
    label: str
    target: Decimal
    achieved: Decimal
    y: int = 0
    label_x: int = 0
    label_y: int = 0
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
    label_anchor: str = "end"
    bar_height: int = 14
    plot_top: int = 24
    plot_bottom: int = 0
    x_title_y: int = 0


def target_chart(
    rows: list[tuple[str, Decimal | None, Decimal | None]], *, narrow: bool = False
) -> TargetChart:
    """Horizontal bars: each row's target (light) and achievement (dark) on one scale,
    the names on the left, or with `narrow` above each bar pair (for a phone's width,
    where names on the left would leave the bars no room)."""
    if narrow:
        label_width, plot_width, bar_height, gap, label_space = 12, 290, 12, 8, 16
    else:
        label_width, plot_width, bar_height, gap, label_space = 150, 340, 14, 12, 0
    plot_top = 24
    bars = [
        TargetBar(label, target or Decimal(0), achieved or Decimal(0))
        for label, target, achieved in rows
    ]
    maximum = max([b.target for b in bars] + [b.achieved for b in bars] + [Decimal(1)])
    maximum = _nice(maximum)
    step = label_space + 2 * bar_height + gap
    for index, bar in enumerate(bars):
        bar.y = plot_top + index * step + label_space
        bar.label_x = label_width - 8 if not narrow else label_width
        bar.label_y = bar.y - 4 if narrow else bar.y + bar_height + 4
        bar.target_width = float(bar.target / maximum * plot_width)
        bar.achieved_width = float(bar.achieved / maximum * plot_width)
    ticks = [(label_width + plot_width * i / 4, maximum * i / 4) for i in range(5)]
    plot_bottom = plot_top + len(bars) * step
    return TargetChart(
        bars,
        width=label_width + plot_width + (20 if narrow else 40),
        height=plot_bottom + 46,
        label_width=label_width,
        plot_width=plot_width,
        maximum=maximum,
        ticks=ticks,
        label_anchor="start" if narrow else "end",
        bar_height=bar_height,
        plot_top=plot_top,
        plot_bottom=plot_bottom,
        x_title_y=plot_bottom + 40,
    )


@dataclass
class StackedColumn:
    label: str
    x: int
    segments: list[tuple[str, str, float, float, float]]  # name, colour, value, y, height
    total: float


@dataclass
class StackedChart:
    columns: list[StackedColumn]
    legend: list[tuple[str, str]]
    width: int
    height: int
    plot_height: int
    maximum: int
    ticks: list[tuple[float, int]]
    left: int = 0
    column_width: int = 0
    plot_top: int = 10
    plot_bottom: int = 0
    y_title_x: int = 0
    x_title_y: int = 0


def stacked_chart(
    counts: dict[str, dict[str, float]], series: list[str], colours: dict[str, str]
) -> StackedChart:
    """Columns per category (e.g. year), stacked by series (e.g. focus area), each
    series in its colour (`colours`, by name). Narrow columns, so the chart keeps its
    text readable on a phone's width."""
    plot_height, column_width, gap, left, plot_top = 200, 36, 16, 64, 10
    maximum = max([sum(per.values()) for per in counts.values()] + [1])
    maximum = int(_nice(Decimal(maximum)))
    columns = []
    plot_bottom = plot_top + plot_height
    for index, (label, per_series) in enumerate(sorted(counts.items())):
        y = plot_bottom
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
                label, left + gap // 2 + index * (column_width + gap), segments,
                sum(per_series.values()),
            )
        )  # fmt: skip
    ticks = [(plot_bottom - plot_height * i / 4, round(maximum * i / 4)) for i in range(5)]
    width = left + max(len(columns), 1) * (column_width + gap) + 12
    legend = [(name, colours[name]) for name in series]
    return StackedChart(
        columns,
        legend,
        width=width,
        height=plot_bottom + 44,
        plot_height=plot_height,
        maximum=maximum,
        ticks=ticks,
        left=left,
        column_width=column_width,
        plot_top=plot_top,
        plot_bottom=plot_bottom,
        y_title_x=14,
        x_title_y=plot_bottom + 38,
    )


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
    bar_height: int = 16
    plot_top: int = 8
    plot_bottom: int = 0
    x_title_y: int = 0


def stacked_bars(
    rows: list[tuple[str, dict[str, int]]], series: list[str], colours: dict[str, str]
) -> StackedBars:
    """Horizontal bars per category (e.g. focus area), in the given order, stacked by
    series (e.g. status) in their colours (`colours`, by name); long category names fit
    on the left."""
    label_width, plot_width, bar_height, gap, plot_top = 210, 300, 16, 8, 8
    maximum = int(_nice(Decimal(max([sum(counts.values()) for _l, counts in rows] + [1]))))
    bars = []
    for index, (label, counts) in enumerate(rows):
        x = float(label_width)
        segments = []
        for name in series:
            count = counts.get(name, 0)
            if count:
                width = count / maximum * plot_width
                segments.append((name, colours[name], count, x, width))
                x += width
        bars.append(
            StackedBar(label, plot_top + index * (bar_height + gap), segments, sum(counts.values()))
        )
    plot_bottom = plot_top + len(rows) * (bar_height + gap)
    ticks = [(label_width + plot_width * i / 4, round(maximum * i / 4)) for i in range(5)]
    legend = [(name, colours[name]) for name in series]
    return StackedBars(
        bars,
        legend,
        width=label_width + plot_width + 20,
        height=plot_bottom + 40,
        label_width=label_width,
        plot_width=plot_width,
        ticks=ticks,
        bar_height=bar_height,
        plot_top=plot_top,
        plot_bottom=plot_bottom,
        x_title_y=plot_bottom + 34,
    )


def _nice(value: Decimal) -> Decimal:
    """A round upper bound for an axis: 1, 2, 2.5 or 5 times a power of ten."""
    magnitude = Decimal(10) ** (len(str(int(value))) - 1)
    for step in (1, 2, Decimal("2.5"), 5, 10):
        if value <= step * magnitude:
            return Decimal(step) * magnitude
    return 10 * magnitude
