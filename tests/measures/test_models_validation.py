"""The `clean` rules of measures/models.py at their boundaries (issue 29): the last
value allowed and the first refused, each with its exact German message on its field."""

import datetime
from decimal import Decimal

import pytest

from measures.models import EmissionFactor, EnergyCarrier, Measure
from tests.factories import (
    EmissionFactorFactory,
    EnergyCarrierFactory,
    FocusAreaFactory,
    MeasureFactory,
    energy,
)
from tests.helpers import refusals
from tests.measures.test_energy_limits import CO2_TOO_LARGE, LINE_TOO_LARGE, SUM_TOO_LARGE

NEGATIVE_FACTOR = "Ein Emissionsfaktor darf nicht negativ sein."
YEAR_OUT_OF_RANGE = "Das Bezugsjahr muss zwischen 1990 und 2100 liegen."
NO_SOURCE = "Bitte die Quelle des Faktors angeben."


def emission_factor(**fields) -> EmissionFactor:
    """A factor valid at every boundary (0 kg, the first year, a source) but `fields`."""
    return EmissionFactor(**{"year": 1990, "kg_per_kwh": Decimal("0"), "source": "UBA", **fields})


@pytest.mark.parametrize(
    ("fields", "errors"),
    [
        ({}, {}),
        ({"kg_per_kwh": Decimal("0.5")}, {}),
        ({"kg_per_kwh": None, "year": None}, {}),
        ({"kg_per_kwh": Decimal("-0.0001")}, {"kg_per_kwh": [NEGATIVE_FACTOR]}),
        ({"year": 2100}, {}),
        ({"year": 1989}, {"year": [YEAR_OUT_OF_RANGE]}),
        ({"year": 2101}, {"year": [YEAR_OUT_OF_RANGE]}),
        ({"source": ""}, {"source": [NO_SOURCE]}),
        ({"source": None}, {"source": [NO_SOURCE]}),
        ({"source": " \n"}, {"source": [NO_SOURCE]}),
        (
            {"kg_per_kwh": Decimal("-1"), "year": 1989, "source": ""},
            {"kg_per_kwh": [NEGATIVE_FACTOR], "year": [YEAR_OUT_OF_RANGE], "source": [NO_SOURCE]},
        ),
    ],
)
def test_an_emission_factor_is_not_negative_of_a_year_from_1990_to_2100_with_a_source(
    fields, errors
):
    assert refusals(emission_factor(**fields).clean) == errors


NOT_THE_NETWORKS_AREA = "Der Themenschwerpunkt gehört nicht zum Netzwerk „Netzwerk Test“."
PLANNED_END_BEFORE_START = "Der geplante Abschluss kann nicht vor dem geplanten Beginn liegen."
COMPLETED_BEFORE_START = "Der Abschluss kann nicht vor dem Beginn liegen."
NO_COMPLETION_DATE = "Für eine abgeschlossene Maßnahme bitte das Abschlussdatum angeben."
NEGATIVE_INVESTMENT = "Die Investition darf nicht negativ sein."
NEGATIVE_SUBSIDY = "Die Fördermittel dürfen nicht negativ sein."
SUBSIDY_WITHOUT_INVESTMENT = "Bitte die Investition angeben, wenn Fördermittel eingetragen sind."
SUBSIDY_ABOVE_INVESTMENT = "Die Fördermittel dürfen die Investition nicht übersteigen."
CARRIER_TWICE = (
    "Jeden Energieträger bitte nur einmal als eingespart und einmal als zusätzlich bezogen "
    "eintragen."
)
LIFETIME_OUT_OF_RANGE = "Die Nutzungsdauer muss zwischen 1 und 100 Jahren liegen."
NO_MANUAL_CO2 = "Bitte die THG-Einsparung eintragen."
NO_MANUAL_REASON = "Bitte begründen, warum die THG-Einsparung von Hand eingetragen wird."
NO_FACTORS = (
    "Für Testöl, Testholz gibt es in der Faktorbasis „BAFA 2021 (CO₂)“ keinen Emissionsfaktor "
    "für 2024 oder früher. Bitte die THG-Einsparung von Hand mit Begründung eintragen."
)
LARGEST = "999999999999.99"  # kWh: the most a line and the measure's sum hold

D = datetime.date
EUR = Decimal


@pytest.fixture
def carriers(db) -> dict[str, EnergyCarrier]:
    """Gas (0.201 kg) and coal (2 kg) with factors since 2021; oil and wood without."""
    found = {}
    for key, name, factor in (("gas", "Testgas", "0.201"), ("coal", "Testkohle", "2"),
                              ("oil", "Testöl", None), ("wood", "Testholz", None)):  # fmt: skip
        found[key] = EnergyCarrierFactory(name=name)
        if factor:
            EmissionFactorFactory(carrier=found[key], year=2021, kg_per_kwh=Decimal(factor))
    return found


@pytest.mark.parametrize(
    ("fields", "lines", "errors"),
    [
        ({}, [], {}),
        # The focus area: one of the network's.
        ({"focus_area": "foreign"}, [], {"focus_area": [NOT_THE_NETWORKS_AREA]}),
        ({"focus_area": None}, [], {}),
        # The plan: its end on its start's day at the earliest.
        ({"planned_start": D(2024, 5, 1), "planned_end": D(2024, 5, 1)}, [], {}),
        ({"planned_start": D(2024, 5, 1), "planned_end": D(2024, 4, 30)}, [],
         {"planned_end": [PLANNED_END_BEFORE_START]}),
        ({"planned_start": D(2024, 5, 1)}, [], {}),
        ({"planned_end": D(2024, 5, 1)}, [], {}),
        # What happened: completed on its start's day at the earliest.
        ({"started_on": D(2024, 5, 1), "completed_on": D(2024, 5, 1)}, [], {}),
        ({"started_on": D(2024, 5, 1), "completed_on": D(2024, 4, 30)}, [],
         {"completed_on": [COMPLETED_BEFORE_START]}),
        ({"started_on": D(2024, 5, 1)}, [], {}),
        ({"completed_on": D(2024, 5, 1)}, [], {}),
        # A completed measure has its completion date.
        ({"status": "completed"}, [], {"completed_on": [NO_COMPLETION_DATE]}),
        ({"status": "completed", "completed_on": D(2024, 5, 1)}, [], {}),
        ({"status": "in_progress"}, [], {}),
        # Money: nothing negative, subsidies only with an investment and up to it.
        ({"investment_eur": EUR("0"), "subsidy_eur": EUR("0")}, [], {}),
        ({"investment_eur": EUR("-0.01")}, [], {"investment_eur": [NEGATIVE_INVESTMENT]}),
        ({"investment_eur": EUR("-0.01"), "subsidy_eur": EUR("-0.01")}, [],
         {"investment_eur": [NEGATIVE_INVESTMENT], "subsidy_eur": [NEGATIVE_SUBSIDY]}),
        ({"subsidy_eur": EUR("-0.01")}, [], {"subsidy_eur": [NEGATIVE_SUBSIDY]}),
        ({"subsidy_eur": EUR("0")}, [], {"investment_eur": [SUBSIDY_WITHOUT_INVESTMENT]}),
        ({"investment_eur": EUR("1000"), "subsidy_eur": EUR("1000")}, [], {}),
        ({"investment_eur": EUR("1000"), "subsidy_eur": EUR("1000.01")}, [],
         {"subsidy_eur": [SUBSIDY_ABOVE_INVESTMENT]}),
        # Energy: each carrier once saved and once added, every figure fitting its column.
        ({}, [("gas", "saved", "1"), ("gas", "added", "1")], {}),
        ({}, [("gas", "saved", "1"), ("gas", "saved", "2")], {"__all__": [CARRIER_TWICE]}),
        ({}, [("gas", "saved", "1"), ("gas", "saved", "1"), ("coal", "saved", "1" + "0" * 20)],
         {"__all__": [CARRIER_TWICE]}),
        ({}, [("gas", "saved", LARGEST), ("coal", "saved", LARGEST)],
         {"__all__": [SUM_TOO_LARGE.format(value="1.999.999.999.999,98"),
                      CO2_TOO_LARGE.format(value="2.201.000.000,000")]}),
        # The lifetime: 1 to 100 years.
        ({"lifetime_years": 1}, [], {}),
        ({"lifetime_years": 100}, [], {}),
        ({"lifetime_years": 0}, [], {"lifetime_years": [LIFETIME_OUT_OF_RANGE]}),
        ({"lifetime_years": 101}, [], {"lifetime_years": [LIFETIME_OUT_OF_RANGE]}),
        # Greenhouse-gas savings typed by hand: a figure and a reason; else factors for all.
        ({"co2_manual": True, "co2_savings_t": EUR("0"), "co2_manual_reason": "Diesel"},
         [("oil", "saved", "1")], {}),
        ({"co2_manual": True}, [],
         {"co2_savings_t": [NO_MANUAL_CO2], "co2_manual_reason": [NO_MANUAL_REASON]}),
        ({"co2_manual": True, "co2_savings_t": EUR("1"), "co2_manual_reason": " \n"}, [],
         {"co2_manual_reason": [NO_MANUAL_REASON]}),
        ({"planned_end": D(2024, 5, 1)},
         [("oil", "saved", "1"), ("gas", "saved", "1"), ("wood", "added", "1")],
         {"co2_manual": [NO_FACTORS]}),
    ],
)  # fmt: skip
def test_each_rule_of_a_measure_refuses_the_first_value_past_its_boundary_on_its_field(
    personas, carriers, fields, lines, errors
):
    measure = MeasureFactory(participation=personas.participation_a)
    if fields.get("focus_area") == "foreign":
        fields = {**fields, "focus_area": FocusAreaFactory()}
    for name, value in fields.items():
        setattr(measure, name, value)
    measure.pending_energy = [energy(carriers[key], kwh, effect) for key, effect, kwh in lines]
    assert refusals(measure.clean) == errors


def test_a_measure_without_a_participation_is_checked_without_its_networks_rules():
    # The form reports the missing participation itself; clean checks what it can.
    measure = Measure(title="Heizungstausch", investment_eur=EUR("-1"))
    assert refusals(measure.clean) == {"investment_eur": [NEGATIVE_INVESTMENT]}


@pytest.mark.parametrize(
    ("lines", "too_large"),
    [
        ([], {}),
        ([("gas", "saved", LARGEST), ("gas", "added", LARGEST)], {}),
        ([("gas", "saved", "1000000000000"), ("coal", "saved", LARGEST)],
         {"kwh": LINE_TOO_LARGE.format(value="1.000.000.000.000,00")}),
        ([("gas", "saved", LARGEST), ("oil", "saved", "0.01")],
         {"energy_savings_kwh": SUM_TOO_LARGE.format(value="1.000.000.000.000,00")}),
        ([("coal", "saved", "500000000000")],
         {"co2_savings_t": CO2_TOO_LARGE.format(value="1.000.000.000,000")}),
    ],
)  # fmt: skip
def test_the_figures_too_large_for_their_columns_are_named_by_their_field(
    personas, carriers, lines, too_large
):
    measure = MeasureFactory(participation=personas.participation_a)
    measure.pending_energy = [energy(carriers[key], kwh, effect) for key, effect, kwh in lines]
    assert measure.figures_too_large() == too_large
