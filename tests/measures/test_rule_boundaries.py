"""The rules behind the figures at their boundaries (issue 29): a measure completed on a
period's first or last day, a municipality leaving on a period's first day or on a
meeting's day, a measure edited on the term's last day, a factor of the reference
year itself on the prefetched path, half a kilogram of CO₂, a measure without energy
lines."""

import datetime
from decimal import Decimal

import pytest
from django.db.models import Prefetch

from measures.models import (
    ACHIEVED_SAVINGS,
    EmissionFactor,
    EnergyCarrier,
    Measure,
    achieved,
    achieved_sums,
    achieved_totals,
    co2_tonnes,
    is_achieved,
)
from measures.services import save_measure
from networks.models import Network, Participation
from tests.factories import MeasureFactory
from tests.factories.measures import EmissionFactorFactory, EnergyCarrierFactory, energy
from tests.factories.networks import programme_set

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("module_personas")]

D = datetime.date
PERIOD = (D(2023, 7, 1), D(2024, 6, 30))
# The personas' network's term (tests.factories.NetworkFactory).
TERM = (D(2022, 7, 1), D(2025, 6, 30))


@pytest.mark.parametrize(
    ("completed_on", "achieved"),
    [(D(2023, 6, 30), False), (D(2023, 7, 1), True), (D(2024, 6, 30), True),
     (D(2024, 7, 1), False), (None, False)],
)  # fmt: skip
def test_a_measure_counts_as_achieved_in_a_period_from_its_first_to_its_last_day(
    completed_on, achieved
):
    values = {"status": Measure.Status.COMPLETED, "completed_on": completed_on,
              "energy_savings_kwh": Decimal("1000"), "co2_savings_t": Decimal("0.201")}  # fmt: skip
    assert is_achieved(values, term=TERM, start=PERIOD[0], end=PERIOD[1]) is achieved
    totals = achieved_totals([values], term=TERM, start=PERIOD[0], end=PERIOD[1])
    assert totals == (
        {"energy_kwh": Decimal("1000"), "co2_t": Decimal("0.201")}
        if achieved
        else {"energy_kwh": Decimal(0), "co2_t": Decimal(0)}
    )


@pytest.mark.parametrize("status", [s for s in Measure.Status.values if s != "completed"])
def test_only_completed_measures_count_as_achieved(status):
    values = {"status": status, "completed_on": D(2024, 1, 1)}
    assert is_achieved(values, term=TERM) is False
    assert is_achieved(values, term=TERM, start=PERIOD[0], end=PERIOD[1]) is False
    # A completed measure has its day (a constraint); without one it counts nowhere.
    assert is_achieved({"status": "completed", "completed_on": None}, term=TERM) is False


@pytest.mark.parametrize(("start", "end"), [(PERIOD[0], None), (None, PERIOD[1])])
def test_a_period_open_at_one_end_is_no_period_every_completed_measure_counts(start, end):
    values = {"status": Measure.Status.COMPLETED, "completed_on": D(2022, 8, 1),
              "energy_savings_kwh": Decimal("1000"), "co2_savings_t": Decimal("0.201")}  # fmt: skip
    assert is_achieved(values, term=TERM, start=start, end=end) is True
    assert achieved_totals([values], term=TERM, start=start, end=end) == {
        "energy_kwh": Decimal("1000"), "co2_t": Decimal("0.201")
    }  # fmt: skip


def test_achieved_without_a_prefix_filters_the_measures_themselves(personas):
    completed = MeasureFactory(participation=personas.participation_a, status="completed",
                               completed_on=D(2024, 1, 1))  # fmt: skip
    for status in ("planned", "in_progress", "postponed", "cancelled"):
        MeasureFactory(participation=personas.participation_a, status=status)
    assert list(Measure.objects.filter(achieved())) == [completed]


def test_the_database_sums_only_completed_measures_as_python_does(personas):
    for status in Measure.Status.values:
        MeasureFactory(
            participation=personas.participation_a, status=status,
            completed_on=D(2024, 1, 1) if status == "completed" else None,
            energy_savings_kwh=Decimal("10"), co2_savings_t=Decimal("1"),
            co2_manual=True, co2_manual_reason="Audit",
        )  # fmt: skip
    sums = Measure.objects.aggregate(**achieved_sums())
    assert (sums["achieved_energy_kwh"], sums["achieved_co2_t"]) == (Decimal(10), Decimal(1))
    values = Measure.objects.values("status", "completed_on", *ACHIEVED_SAVINGS.values())
    assert achieved_totals(values, term=TERM) == {"energy_kwh": Decimal(10), "co2_t": Decimal(1)}


@pytest.mark.parametrize(
    ("left_on", "taking_part"),
    [(D(2023, 6, 30), False), (D(2023, 7, 1), True), (None, True)],
)
def test_a_municipality_leaving_on_a_periods_first_day_took_part_in_it(
    personas, left_on, taking_part
):
    Participation.objects.filter(pk=personas.participation_a.pk).update(left_on=left_on)
    participation = Participation.objects.get(pk=personas.participation_a.pk)
    assert participation.takes_part_between(*PERIOD) is taking_part
    between = Participation.objects.filter(network=personas.network).taking_part_between(*PERIOD)
    assert (participation in between) is taking_part


@pytest.mark.parametrize(
    ("joined_on", "taking_part"), [(D(2024, 6, 30), True), (D(2024, 7, 1), False)]
)
def test_a_municipality_joining_on_a_periods_last_day_took_part_in_it(
    personas, joined_on, taking_part
):
    Participation.objects.filter(pk=personas.participation_a.pk).update(joined_on=joined_on)
    participation = Participation.objects.get(pk=personas.participation_a.pk)
    assert participation.takes_part_between(*PERIOD) is taking_part
    between = Participation.objects.taking_part_between(*PERIOD)
    assert (participation in between) is taking_part


@pytest.mark.parametrize(
    ("day", "taking_part"),
    [(D(2023, 12, 31), True), (D(2024, 1, 1), False), (D(2022, 7, 1), True),
     (D(2022, 6, 30), False)],
)  # fmt: skip
def test_a_municipality_takes_part_on_the_day_it_leaves_not_the_day_after(
    personas, day, taking_part
):
    Participation.objects.filter(pk=personas.participation_a.pk).update(
        joined_on=D(2022, 7, 1), left_on=D(2023, 12, 31)
    )
    participation = Participation.objects.get(pk=personas.participation_a.pk)
    assert participation.takes_part_on(day) is taking_part
    on_the_day = Participation.objects.taking_part_on(day)
    assert (participation in on_the_day) is taking_part


@pytest.mark.parametrize(("days_after_term_end", "editable"), [(0, True), (-1, True), (1, False)])
def test_a_climate_manager_edits_measures_up_to_the_terms_last_day(
    personas, days_after_term_end, editable
):
    today = datetime.date.today()
    Network.objects.filter(pk=personas.network.pk).update(
        term_start=today - datetime.timedelta(days=700),
        term_end=today - datetime.timedelta(days=days_after_term_end),
    )
    editable_for_a = Participation.objects.with_measures_editable_by(personas.climate_manager_a)
    assert (personas.participation_a in editable_for_a) is editable
    assert personas.participation_b not in editable_for_a  # never another municipality's
    # The coordination corrects an ended network's measures still.
    assert personas.participation_a in Participation.objects.with_measures_editable_by(
        personas.coordinator
    )


@pytest.fixture
def oil():
    carrier = EnergyCarrierFactory(name="Testöl")
    for year, factor in ((2021, "0.266"), (2023, "0.270"), (2024, "0.280")):
        EmissionFactorFactory(carrier=carrier, year=year, kg_per_kwh=Decimal(factor))
    return carrier


@pytest.mark.parametrize(("year", "expected"), [(2020, None), (2021, "0.266"), (2022, "0.266"),
                                                (2023, "0.270"), (2030, "0.280")])  # fmt: skip
def test_the_factor_of_the_year_itself_or_the_latest_before_it_on_both_paths(oil, year, expected):
    set_id = programme_set().pk
    from_database = oil.factor_for(year, set_id)
    prefetched = EnergyCarrier.objects.prefetch_related(
        Prefetch("emission_factors", queryset=EmissionFactor.objects.all())
    ).get(pk=oil.pk)
    from_prefetch = prefetched.factor_for(year, set_id)
    found = [None if f is None else f.kg_per_kwh for f in (from_database, from_prefetch)]
    wanted = None if expected is None else Decimal(expected)
    assert found == [wanted, wanted]


def test_the_prefetched_path_keeps_to_the_set_asked_for(oil):
    from networks.models import FactorSet

    other = FactorSet.objects.exclude(pk=programme_set().pk).first()
    assert other is not None
    EmissionFactorFactory(carrier=oil, year=2023, kg_per_kwh=Decimal("0.319"), factor_set=other)
    prefetched = EnergyCarrier.objects.prefetch_related("emission_factors").get(pk=oil.pk)
    assert prefetched.factor_for(2023, programme_set().pk).kg_per_kwh == Decimal("0.270")
    assert prefetched.factor_for(2023, other.pk).kg_per_kwh == Decimal("0.319")
    assert prefetched.factor_for(2022, other.pk) is None


@pytest.mark.parametrize(
    ("kwh", "factor", "tonnes"),
    [("1", "0.5", "0.001"), ("1", "0.4999", "0.000"), ("3", "0.5", "0.002"),
     ("-1", "0.5", "-0.001"), ("120000", "0.201", "24.120")],
)  # fmt: skip
def test_co2_is_rounded_half_a_kilogram_up_away_from_zero(kwh, factor, tonnes):
    assert co2_tonnes(Decimal(kwh), Decimal(factor)) == Decimal(tonnes)


def test_a_measure_without_energy_lines_stores_no_figure(personas):
    measure = MeasureFactory(participation=personas.participation_a)
    measure.pending_energy = []
    save_measure(measure=measure)
    measure.refresh_from_db()
    assert (measure.energy_savings_kwh, measure.co2_savings_t) == (None, None)
    # Such a measure stays out of the sums, not in them with 0.
    with_lines = MeasureFactory(participation=personas.participation_a)
    carrier = EnergyCarrierFactory()
    EmissionFactorFactory(carrier=carrier, year=2021, kg_per_kwh=Decimal("0.2"))
    with_lines.pending_energy = [energy(carrier, "1000")]
    with_lines.planned_end = D(2023, 1, 1)
    save_measure(measure=with_lines)
    values = list(Measure.objects.order_by("pk").values_list("energy_savings_kwh", "co2_savings_t"))
    assert values == [(None, None), (Decimal("1000.00"), Decimal("0.200"))]
