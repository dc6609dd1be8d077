"""The library of measures (issue 34): completed measures of every network a person
reads in full, and those of networks whose coordination shares them, anonymised, with
what a tonne of greenhouse gas cost. The rule of who sees which row lives in
MeasureQuerySet.in_library; this module holds the figures and the page's query."""

import statistics
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import (
    Case,
    Count,
    Exists,
    F,
    FloatField,
    OuterRef,
    Q,
    Value,
    When,
    Window,
)
from django.db.models.functions import Cast, RowNumber
from django.http import QueryDict
from django.utils.translation import gettext_lazy as _

from measures.models import (
    EnergyCarrier,
    Measure,
    MeasureCategory,
    MeasureEnergy,
    MeasureSettings,
)
from networks.models import FocusArea

EUR = Decimal("1")


@dataclass(frozen=True)
class PopulationClass:
    slug: str
    label: str
    lowest: int | None  # inclusive
    below: int | None  # exclusive

    def condition(self, prefix: str = "participation__municipality__population") -> Q:
        condition = Q(**{f"{prefix}__isnull": False})
        if self.lowest is not None:
            condition &= Q(**{f"{prefix}__gte": self.lowest})
        if self.below is not None:
            condition &= Q(**{f"{prefix}__lt": self.below})
        return condition


# The size classes by residents, as municipal programmes commonly group them.
POPULATION_CLASSES = [
    PopulationClass("unter-10000", _("unter 10.000 Einw."), None, 10_000),
    PopulationClass("10000-20000", _("10.000–20.000 Einw."), 10_000, 20_000),
    PopulationClass("20000-50000", _("20.000–50.000 Einw."), 20_000, 50_000),
    PopulationClass("50000-100000", _("50.000–100.000 Einw."), 50_000, 100_000),
    PopulationClass("ab-100000", _("über 100.000 Einw."), 100_000, None),
]
POPULATION_CLASS_BY_SLUG = {c.slug: c for c in POPULATION_CLASSES}
POPULATION_UNKNOWN = _("Größe unbekannt")


def population_class(population: int | None) -> str:
    """The label of a municipality's size class; "Größe unbekannt" without a figure."""
    if population is None:
        return str(POPULATION_UNKNOWN)
    for size in POPULATION_CLASSES:
        if (size.lowest is None or population >= size.lowest) and (
            size.below is None or population < size.below
        ):
            return str(size.label)
    return str(POPULATION_UNKNOWN)


def eur_per_tonne(investment: Decimal | None, co2_t: Decimal | None, years: int = 1):
    """Investment per tonne saved (over `years`), to the euro; None where there is no
    investment, no saving or a negative one (no division by zero, no infinite cost)."""
    if investment is None or co2_t is None or co2_t <= 0 or not years:
        return None
    return (investment / (co2_t * years)).quantize(EUR, rounding=ROUND_HALF_UP)


def _ratio(years: bool = False):
    """The order key of euro per tonne: floats in SQL only to sort by (SQLite divides
    integers stored in decimal columns as integers); the figures shown are computed
    as decimals (eur_per_tonne)."""
    divisor = Cast("co2_savings_t", FloatField())
    condition = Q(co2_savings_t__gt=0, investment_eur__isnull=False)
    if years:
        divisor = divisor * F("lifetime_years")
        condition &= Q(lifetime_years__isnull=False)
    return Case(
        When(condition, then=Cast("investment_eur", FloatField()) / divisor),
        default=None,
        output_field=FloatField(),
    )


# ?sort= keys: the column each sorts by.
SORTS = {
    "investition": F("investment_eur"),
    "foerderung": F("subsidy_eur"),
    "energie": F("energy_savings_kwh"),
    "thg": F("co2_savings_t"),
    "nutzungsdauer": F("lifetime_years"),
    "eur-je-t": F("per_t"),
    "eur-je-t-gesamt": F("per_t_life"),
}
DEFAULT_SORT = "eur-je-t"


def order_by(sort: str) -> list:
    key = sort.removeprefix("-")
    expression = SORTS.get(key, SORTS[DEFAULT_SORT])
    ordered = (
        expression.desc(nulls_last=True)
        if sort.startswith("-")
        else expression.asc(nulls_last=True)
    )
    return [ordered, "pk"]


def filtered(measures, *, category=None, focus_area=None, carrier=None, size=None):
    if category is not None:
        measures = measures.filter(category=category)
    if focus_area is not None:
        measures = measures.filter(focus_area=focus_area)
    if carrier is not None:
        measures = measures.filter(
            Exists(MeasureEnergy.objects.filter(measure=OuterRef("pk"), carrier=carrier))
        )
    if size is not None:
        measures = measures.filter(size.condition())
    return measures


def with_figures(measures):
    return measures.annotate(per_t=_ratio(), per_t_life=_ratio(years=True))


def rows_of(measures, sort: str):
    return (
        with_figures(measures)
        .select_related(
            "category",
            "focus_area",
            "participation__municipality",
            "participation__network__factor_set",
            "participation__network__measure_settings",
        )
        .only(
            "title",
            "investment_eur",
            "subsidy_eur",
            "energy_savings_kwh",
            "co2_savings_t",
            "lifetime_years",
            "evidence",
            "checked_at",
            "category__name",
            "category__name_en",
            "category__code",
            "focus_area__name",
            "focus_area__name_en",
            "participation__municipality__name",
            "participation__municipality__population",
            "participation__municipality__district",
            "participation__network__factor_set__basis",
            "participation__network__measure_settings__library_contact",
        )
        .order_by(*order_by(sort))
    )


class SortedRows:
    """The library's rows in the order of `sort`, for the paginator: a page's measures
    are found over the measures alone (their figures are in the index
    measures_measure_library), and only those rows are then read with what they show.
    Joining every row before sorting took most of the page's time (bench/library.py)."""

    def __init__(self, measures, sort: str) -> None:
        self.measures, self.sort = measures, sort
        self.ordered = True  # for the paginator's check

    def __getitem__(self, page: slice) -> list[Measure]:
        keys = with_figures(self.measures).order_by(*order_by(self.sort)).values("pk")[page]
        return list(rows_of(self.measures.filter(pk__in=keys), self.sort))


@dataclass
class CategorySummary:
    category: MeasureCategory | None
    count: int
    median: Decimal | None
    share: int = 0  # the bar's length in per cent of the largest median, steps of 5


def summary_by_category(measures) -> list[CategorySummary]:
    """Per category: how many rows, and the median euro per annual tonne over those with
    a figure. The median's rows are found in SQL (the middle one or two of each
    category by a window), so the page reads a few rows, not every measure."""
    figure = Q(co2_savings_t__gt=0, investment_eur__isnull=False)
    counted = (
        measures.order_by()
        .values("category")
        .annotate(n=Count("pk"), with_figure=Count("pk", filter=figure))
        .values_list("category", "n", "with_figure")
    )
    counts, with_figure = {}, {}
    for category, n, m in counted:
        counts[category], with_figure[category] = n, m
    # The middle one or two positions of each category's rows with a figure, known from
    # the counts: the window only numbers the rows, it need not count them again.
    positions = [
        (Q(category=pk) if pk else Q(category__isnull=True), (m + 1) // 2, (m + 2) // 2)
        for pk, m in with_figure.items()
        if m
    ]
    low = Case(*(When(q, then=Value(first)) for q, first, _last in positions), default=Value(0))
    high = Case(*(When(q, then=Value(last)) for q, _first, last in positions), default=Value(0))
    middle = []
    if positions:
        middle = (
            measures.filter(figure)
            .annotate(
                per_t=_ratio(),
                low=low,
                high=high,
                position=Window(
                    RowNumber(), partition_by=[F("category")], order_by=[F("per_t"), F("pk")]
                ),
            )
            .filter(position__gte=F("low"), position__lte=F("high"))
            .order_by()
            .values_list("category", "investment_eur", "co2_savings_t")
        )
    middles: dict = {}
    for category, investment, co2 in middle:
        middles.setdefault(category, []).append(investment / co2)
    categories = MeasureCategory.objects.in_bulk([pk for pk in counts if pk is not None])
    summaries = [
        CategorySummary(
            category=categories.get(pk),
            count=n,
            median=(
                Decimal(statistics.median(middles[pk])).quantize(EUR, rounding=ROUND_HALF_UP)
                if pk in middles
                else None
            ),
        )
        for pk, n in counts.items()
    ]
    summaries.sort(key=lambda s: (s.median is None, s.median or 0, str(s.category or "")))
    largest = max((s.median for s in summaries if s.median), default=None)
    for summary in summaries:
        if summary.median and largest:
            # In steps of 5 % (the stylesheet's bar classes), at least one step.
            summary.share = max(5, int(summary.median * 20 / largest) * 5)
    return summaries


def choices():
    """What the filters offer: every category, focus area and carrier of the catalogues."""
    return {
        "categories": list(MeasureCategory.objects.all()),
        "focus_areas": list(FocusArea.objects.all()),
        "carriers": list(EnergyCarrier.objects.all()),
    }


def measure_row(measure: Measure) -> dict:
    """One row of the library as the page shows it: the municipality and title only where
    the person reads the measure anyway (`own`), else its size class and district."""
    municipality = measure.participation.municipality
    own = measure.own
    try:
        contact = measure.participation.network.measure_settings.library_contact
    except MeasureSettings.DoesNotExist:
        contact = ""
    return {
        "own": own,
        "measure": measure if own else None,
        "municipality": municipality.name if own else "",
        "size": population_class(municipality.population),
        "district": municipality.district,
        "category": measure.category,
        "focus_area": measure.focus_area,
        "investment": measure.investment_eur,
        "subsidy": measure.subsidy_eur,
        "energy_mwh": (
            measure.energy_savings_kwh / 1000 if measure.energy_savings_kwh is not None else None
        ),
        "co2": measure.co2_savings_t,
        "unit": measure.participation.network.factor_set.unit,
        "lifetime": measure.lifetime_years,
        "per_t": eur_per_tonne(measure.investment_eur, measure.co2_savings_t),
        "per_t_life": eur_per_tonne(
            measure.investment_eur, measure.co2_savings_t, measure.lifetime_years or 0
        ),
        "evidence": measure.evidence_label(),
        "checked": measure.checked_at is not None,
        "contact": "" if own else contact,
    }


COMPARABLE_LIMIT = 5


def comparable(measure: Measure, user) -> dict:
    """ "Vergleichbare Maßnahmen" on a measure's page: up to five library rows of the same
    category sharing one of its carriers (any carrier where it has no energy lines),
    completed, other than itself, cheapest tonne first; and the library's query that
    shows all of them: the category, with the carrier where the measure has only one
    (the library filters by one carrier; with several, the category alone shows more,
    not fewer). Reads the measure's prefetched lines: one query."""
    if measure.category_id is None:
        return {"rows": [], "query": ""}
    lines = list(measure.energy.all())
    measures = (
        Measure.objects.in_library(user).filter(category=measure.category_id).exclude(pk=measure.pk)
    )
    query = QueryDict(mutable=True)
    query["kategorie"] = measure.category.slug
    if lines:
        carriers = {line.carrier_id for line in lines}
        measures = measures.filter(
            Exists(MeasureEnergy.objects.filter(measure=OuterRef("pk"), carrier__in=carriers))
        )
        if len(carriers) == 1:
            query["energietraeger"] = lines[0].carrier.slug
    rows = [measure_row(row) for row in SortedRows(measures, DEFAULT_SORT)[:COMPARABLE_LIMIT]]
    return {"rows": rows, "query": query.urlencode()}
