"""The charts of a report's PDF, drawn from its frozen figures (reports.figures.types) with the
server-side chart geometry (lib.charts): SVG documents the PDF shows as images
with a text alternative each, so they stay vector graphics and screen readers get the
gist. Each has axis titles with units and a legend; the report's template numbers them
and gives each its title. The figures come from the report; only the focus areas'
colours come from the catalogue (one query), so an area has the same colour in every
chart and report (lib.palette)."""

from collections import defaultdict
from decimal import Decimal

from django.template.loader import render_to_string
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from lib.charts import stacked_bars, stacked_chart, target_chart
from lib.palette import ACHIEVED, STATUS_COLOURS, TARGET_FILL, TARGET_OUTLINE, focus_area_colour
from measures.models import Measure
from networks.models import focus_area_colours
from reports.figures.types import ReportFigures

LEGEND_ITEM_WIDTH = 110


def _legend(series: list[tuple[str, str]], *, top: int, left: int, width: int) -> tuple[list, int]:
    """Legend entries (name, colour, x, y) in rows under a chart; returns them and the
    height they take."""
    # About 6 px a character at 10 px DejaVu Sans, the swatch and a gap.
    item_width = max(LEGEND_ITEM_WIDTH, 30 + 6 * max((len(name) for name, _c in series), default=0))
    per_row = max(1, (width - left) // item_width)
    entries = [
        (name, colour, left + (i % per_row) * item_width, top + (i // per_row) * 16)
        for i, (name, colour) in enumerate(series)
    ]
    rows = (len(series) + per_row - 1) // per_row
    return entries, rows * 16 + 4


def _number(value, digits: int = 1) -> str:
    return number_format(Decimal(value or 0), digits, use_l10n=True, force_grouping=True)


def report_charts(figures: ReportFigures) -> tuple[dict[str, str], dict[str, str]]:
    """The SVG documents by file name, and their text alternatives by the name
    without `.svg` (`focus_areas` for focus-areas.svg), for the template."""
    images, alternatives = {}, {}
    images["target.svg"], alternatives["target"] = _target_chart(figures)
    images["focus-areas.svg"], alternatives["focus_areas"] = _focus_area_chart(figures)
    images["years.svg"], alternatives["years"] = _years_chart(figures, _colours(figures))
    if figures.categories:  # none in figures frozen before issue 34
        images["categories.svg"], alternatives["categories"] = _category_chart(figures)
    return images, alternatives


def _colours(figures: ReportFigures) -> dict[str, str]:
    """The report's focus areas' colours, by the (German) name the figures keep; an
    area no longer in the catalogue gets one of the colours left over."""
    known = focus_area_colours()
    colours = {}
    spare = len(set(known.values()))
    for area in figures.focus_areas:
        if area.name in known:
            colours[area.name] = known[area.name]
        else:
            colours[area.name] = focus_area_colour(spare)
            spare += 1
    return colours


def _target_chart(figures: ReportFigures) -> tuple[str, str]:
    """Savings against target, per municipality still taking part."""
    current = [p for p in figures.participants if p.left_on is None]
    chart = target_chart(
        [(p.municipality, p.target.energy_mwh, p.achieved.energy_mwh) for p in current]
    )
    image = render_to_string(
        "reports/print/charts/target.svg",
        # Labels from here: makemessages does not read .svg templates.
        {
            "chart": chart,
            "target_label": _("Ziel"),
            "achieved_label": _("erreicht (abgeschlossene Maßnahmen)"),
            "x_title": _("Endenergie-Einsparung in MWh/a"),
            "target_fill": TARGET_FILL,
            "target_outline": TARGET_OUTLINE,
            "achieved": ACHIEVED,
        },
    )
    totals = figures.totals
    alternative = _(
        "Balkendiagramm der Endenergie-Einsparung je Kommune, Ziel und erreicht, in MWh/a. "
        "Im Netzwerk erreicht: %(achieved)s von %(target)s MWh/a. Die Zahlen je Kommune "
        "stehen in der Tabelle „Teilnehmende Kommunen“."
    ) % {
        "achieved": _number(totals.achieved.energy_mwh),
        "target": _number(totals.target.energy_mwh),
    }
    return image, alternative


def _focus_area_chart(figures: ReportFigures) -> tuple[str, str]:
    """Measures by focus area and status."""
    image = _status_bars([(area.name, area.by_status) for area in figures.focus_areas])
    alternative = _("Balkendiagramm der Maßnahmen je Themenschwerpunkt nach Stand: %(areas)s.") % {
        "areas": _counted(figures.focus_areas, lambda area: area.name)
    }
    return image, alternative


def _category_chart(figures: ReportFigures) -> tuple[str, str]:
    """Measures by category of the funding programme and status."""
    categories = figures.categories or ()
    image = _status_bars([(category.label, category.by_status) for category in categories])
    alternative = _(
        "Balkendiagramm der Maßnahmen je Kategorie der Kommunalrichtlinie nach Stand: "
        "%(categories)s."
    ) % {"categories": _counted(categories, lambda category: category.label)}
    return image, alternative


def _counted(rows, name) -> str:
    """ "Abwasser 3, davon 1 abgeschlossen; …" for a chart's text alternative."""
    return "; ".join(
        _("%(name)s %(count)s, davon %(completed)s abgeschlossen")
        % {
            "name": name(row),
            "count": row.measure_count,
            "completed": row.by_status.get(Measure.Status.COMPLETED, 0),
        }
        for row in rows
    ) or _("keine Maßnahmen")


def _status_bars(counts: list[tuple[str, dict[str, int]]]) -> str:
    """A bar per row (label, counts by status), stacked by status, with its legend."""
    labels = {status: str(Measure.Status(status).label) for status in Measure.Status.values}
    rows = [
        (label, {labels[s]: n for s, n in by_status.items() if s in labels})
        for label, by_status in counts
    ]
    colours = {labels[status]: colour for status, colour in STATUS_COLOURS.items()}
    bars = stacked_bars(rows, list(labels.values()), colours)
    legend, legend_height = _legend(
        bars.legend, top=bars.height + 4, left=bars.label_width, width=bars.width + 120
    )
    return render_to_string(
        "reports/print/charts/bars.svg",
        {
            "chart": bars,
            "legend": legend,
            "height": bars.height + 4 + legend_height,
            "x_title": _("Anzahl der Maßnahmen"),
        },
    )


def _years_chart(figures: ReportFigures, colours: dict[str, str]) -> tuple[str, str]:
    """Savings achieved per year of completion, by focus area."""
    per_year: dict[str, dict[str, float]] = defaultdict(lambda: defaultdict(float))
    areas = [area.name for area in figures.focus_areas]
    for measure in figures.achieved_measures:
        if measure.completed_on:
            year = str(measure.completed_on.year)
            per_year[year][measure.focus_area] += float(measure.energy_mwh or 0)
    columns = stacked_chart(
        {year: dict(values) for year, values in per_year.items()}, areas, colours
    )
    width = max(columns.width, 480)
    legend, legend_height = _legend(
        columns.legend, top=columns.height + 4, left=columns.left, width=width
    )
    image = render_to_string(
        "reports/print/charts/columns.svg",
        {
            "chart": columns,
            "legend": legend,
            "width": width,
            "height": columns.height + 4 + legend_height,
            "x_title": _("Jahr des Abschlusses"),
            "x_title_x": (columns.left + columns.width) // 2,
            "y_title": _("Endenergie-Einsparung in MWh/a"),
        },
    )
    alternative = _(
        "Säulendiagramm der Endenergie-Einsparung abgeschlossener Maßnahmen nach Jahr des "
        "Abschlusses, in MWh/a: %(years)s."
    ) % {
        "years": "; ".join(
            f"{year}: {_number(sum(values.values()))}" for year, values in sorted(per_year.items())
        )
        or _("noch keine")
    }
    return image, alternative
