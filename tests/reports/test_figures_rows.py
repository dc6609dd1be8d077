"""The report's rows (reports/figures/building.py, issue 29): the focus areas' figures of the
period and their order in the catalogue, a municipality that left before the period
in none of its tables, and the facts about the network that an issued report
keeps (funder, successors, term, the factor set)."""

import datetime
from decimal import Decimal

import pytest

from measures.models import Measure
from networks.models import FactorSet, Network
from reports.figures.building import report_figures
from reports.figures.sums import Sums
from reports.figures.types import FactorSetFacts, NetworkFacts
from tests.factories import (
    FocusAreaFactory,
    MunicipalityFactory,
    NetworkFactory,
    ParticipationFactory,
)
from tests.reports.test_reports import founded_on, story

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("module_personas")]

D = datetime.date
SECOND_YEAR = (D(2023, 7, 1), D(2024, 6, 30))


def logged(participation, area, title, *steps, **values):
    """A measure of `participation` in `area`, saved once per (day, changes) step."""
    if "co2_savings_t" in values:  # entered by hand, from the energy audit
        values |= {"co2_manual": True, "co2_manual_reason": "Audit"}
    measure = Measure(participation=participation, focus_area=area, title=title, **values)
    return story(measure, *steps)


def completed(day: datetime.date) -> dict:
    return {"status": Measure.Status.COMPLETED, "completed_on": day}


@pytest.fixture
def areas(personas):
    """Three focus areas whose catalogue order (Wärme; then Abwasser and Beleuchtung,
    of equal rank, by name) is not their names' order, and measures of Altenbeken:
    three lighting measures completed the day before the second network year, on its
    first day, and on a day after it (entered before the year ended, as the handover
    was fixed), and one planned in each other area."""
    heat = FocusAreaFactory(name="Wärme", ordering=1)
    water = FocusAreaFactory(name="Abwasser", ordering=2)
    light = FocusAreaFactory(name="Beleuchtung", ordering=2)
    a = personas.participation_a
    for title, recorded, day, kwh in [
        ("LED Rathaus", D(2023, 6, 30), D(2023, 6, 30), 10_000),
        ("LED Schule", D(2023, 7, 1), D(2023, 7, 1), 20_000),
        ("LED Turnhalle", D(2024, 6, 28), D(2024, 7, 15), 40_000),
    ]:
        logged(a, light, title, (recorded, completed(day)),
               energy_savings_kwh=Decimal(kwh), co2_savings_t=Decimal(kwh // 10_000))  # fmt: skip
    logged(a, heat, "Heizung Sporthalle", (D(2023, 1, 1), {}))
    logged(a, water, "Kläranlage", (D(2023, 1, 1), {}))
    return {"heat": heat, "water": water, "light": light}


def period_figures(row: Sums) -> tuple:
    return (row.completed_in_period, row.in_period.energy_mwh, row.in_period.co2_t,
            row.achieved.energy_mwh, row.achieved.co2_t)  # fmt: skip


def test_a_focus_areas_period_figures_count_what_was_completed_from_its_first_to_its_last_day(
    personas, areas
):
    start, end = SECOND_YEAR
    figures = report_figures(personas.network, start=start, end=end)
    light = next(row for row in figures.focus_areas if row.name == "Beleuchtung")
    # Only the school: the town hall was done the day before, the gym after the year.
    assert period_figures(light) == (1, Decimal(20), Decimal(2), Decimal(70), Decimal(7))
    # As the municipality's row counts them.
    assert period_figures(figures.participants[0]) == period_figures(light)


def test_focus_areas_come_in_the_catalogues_order_not_by_name(personas, areas):
    figures = report_figures(personas.network, start=SECOND_YEAR[0], end=SECOND_YEAR[1])
    assert [(row.name, row.measure_count) for row in figures.focus_areas] == [
        ("Wärme", 1),
        ("Abwasser", 1),
        ("Beleuchtung", 3),
    ]


def test_a_municipality_that_left_before_the_period_is_in_none_of_the_reports_tables(
    personas, areas
):
    """Dahl left before the second network year, with a lighting measure completed
    while it took part: the year's report leaves it out of the focus areas and the
    annex as it does of the participants and totals, so the tables add up."""
    dahl = ParticipationFactory(
        network=personas.network, municipality=MunicipalityFactory(name="Dahl"),
        left_on=D(2023, 6, 30),
    )  # fmt: skip
    logged(dahl, areas["light"], "LED Dorfplatz", (D(2023, 2, 1), completed(D(2023, 2, 1))),
           energy_savings_kwh=Decimal(5_000), co2_savings_t=Decimal(1))  # fmt: skip
    figures = report_figures(personas.network, start=SECOND_YEAR[0], end=SECOND_YEAR[1])
    assert [p.municipality for p in figures.participants] == ["Altenbeken", "Borchen"]
    assert [(m.municipality, m.title) for m in figures.measures] == [
        ("Altenbeken", "Heizung Sporthalle"),
        ("Altenbeken", "Kläranlage"),
        ("Altenbeken", "LED Rathaus"),
        ("Altenbeken", "LED Schule"),
        ("Altenbeken", "LED Turnhalle"),
    ]
    by_area = [(r.name, r.measure_count, r.achieved.energy_mwh)
               for r in figures.focus_areas]  # fmt: skip
    assert by_area == [("Wärme", 1, Decimal(0)), ("Abwasser", 1, Decimal(0)),
                       ("Beleuchtung", 3, Decimal(70))]  # fmt: skip
    totals = figures.totals
    assert (totals.measure_count, totals.achieved.energy_mwh) == (5, Decimal(70))
    # The year before, Dahl took part: there it is in every table.
    first = report_figures(personas.network, start=D(2022, 7, 1), end=D(2023, 6, 30))
    assert ("Dahl", "LED Dorfplatz") in [(m.municipality, m.title) for m in first.measures]
    assert (
        next(r for r in first.focus_areas if r.name == "Beleuchtung").achieved.energy_mwh
        == first.totals.achieved.energy_mwh
    )


def test_a_report_keeps_the_facts_of_its_network(personas):
    """Without a funder the report names none; successors in the order they begin (by
    name on the same day); the term; the factor set with its gas, unit and source."""
    bisko = FactorSet.objects.create(
        name="BISKO (Test)", slug="bisko-test", basis=FactorSet.Basis.CO2E,
        source="ifeu, BISKO-Faktoren 2024", year=2024,
    )  # fmt: skip
    Network.objects.filter(pk=personas.network.pk).update(
        factor_set=bisko, funding_programme="Kommunalrichtlinie", funding_agency="ZUG",
        funding_notice="Gefördert vom Bund.",
    )  # fmt: skip
    network = Network.objects.get(pk=personas.network.pk)
    # Founded by the end of the term, but one a day after it: the report knows that
    # one not (issue 31).
    for name, start, founded in [
        ("Netzwerk Zwei", D(2025, 7, 1), D(2025, 3, 1)),
        ("Anschlussnetzwerk", D(2026, 1, 1), D(2025, 6, 30)),
        ("Netzwerk Anschluss", D(2025, 7, 1), D(2025, 5, 1)),
        ("Netzwerk Danach", D(2026, 1, 1), D(2025, 7, 1)),
    ]:  # fmt: skip
        founded_on(NetworkFactory(name=name, predecessor=network, term_start=start,
                                  term_end=start + datetime.timedelta(days=3 * 365)),
                   founded)  # fmt: skip
    figures = report_figures(network, start=network.term_start, end=network.term_end)
    assert figures.network == NetworkFacts(
        name="Netzwerk Test",
        funding_code="67K18876",
        funding_programme="Kommunalrichtlinie",
        funding_agency="ZUG",
        funding_notice="Gefördert vom Bund.",
        funder="",
        coordinator="Westfalen Weser (Test)",
        service_providers=(),
        successors=("Netzwerk Anschluss", "Netzwerk Zwei", "Anschlussnetzwerk"),
        term_start=D(2022, 7, 1),
        term_end=D(2025, 6, 30),
        ghg=FactorSetFacts(name="BISKO (Test)", gas="CO₂e", unit="t CO₂e/a",
                           source="ifeu, BISKO-Faktoren 2024"),
    )  # fmt: skip
