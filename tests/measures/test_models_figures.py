"""The figures of measures/models.py as they come back (issue 29): greenhouse-gas sums
per gas, a measure's figure in each factor set, its savings over its lifetime, the
warnings for actual dates outside the network's term, a progress note's name."""

import datetime
from decimal import Decimal

import pytest

from measures.models import (
    EmissionFactor,
    Measure,
    MeasureEnergy,
    ProgressNote,
    ghg_totals,
    largest_value,
)
from networks.models import FactorSet
from tests.factories import MeasureFactory
from tests.measures.test_energy_lines import count_in, measure_of

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("module_personas")]

D = datetime.date


def test_the_greenhouse_gas_totals_are_one_row_per_gas_with_its_basis_unit_and_sum(personas):
    count_in(personas.other_network, "bisko-gemis")
    for participation, tonnes in (
        (personas.participation_a, "1.500"),
        (personas.participation_b, "2.250"),
        (personas.participation_c, "4.000"),
    ):
        MeasureFactory(participation=participation, co2_savings_t=Decimal(tonnes))
    assert ghg_totals(Measure.objects.all()) == [
        {"basis": "co2", "unit": "t CO₂/a", "co2": Decimal("3.750")},
        {"basis": "co2e", "unit": "t CO₂e/a", "co2": Decimal("4.000")},
    ]


def test_a_measures_figure_in_each_set_is_its_own_first_then_the_others_not_own(personas):
    measure = measure_of(personas, [("erdgas", "saved", "120000")])
    bafa, bisko = (FactorSet.objects.get(slug=slug) for slug in ("bafa-2021", "bisko-gemis"))
    assert measure.ghg_in_sets([bisko, bafa]) == [
        {"set": bafa, "co2": Decimal("24.120"), "own": True},
        {"set": bisko, "co2": Decimal("30.000"), "own": False},  # 120,000 × 0.250 kg CO₂e
    ]


@pytest.mark.parametrize(
    ("co2_savings_t", "lifetime_years", "over_lifetime"),
    [
        (Decimal("2.500"), 20, Decimal("50.000")),
        (None, 20, None),
        (Decimal("2.500"), None, None),
        (None, None, None),
    ],
)
def test_savings_over_the_lifetime_need_both_the_yearly_savings_and_the_lifetime(
    co2_savings_t, lifetime_years, over_lifetime
):
    measure = Measure(co2_savings_t=co2_savings_t, lifetime_years=lifetime_years)
    assert measure.savings_over_lifetime() == over_lifetime


BEGUN_BEFORE = "Der tatsächliche Beginn ({}) liegt vor der Laufzeit des Netzwerks (ab 01.07.2022)."
COMPLETED_AFTER = (
    "Der tatsächliche Abschluss ({}) liegt nach der Laufzeit des Netzwerks (bis 30.06.2025)."
)


@pytest.mark.parametrize(
    ("started_on", "completed_on", "warnings"),
    [
        (D(2022, 7, 1), D(2025, 6, 30), []),
        (D(2022, 6, 30), D(2025, 7, 1),
         [BEGUN_BEFORE.format("30.06.2022"), COMPLETED_AFTER.format("01.07.2025")]),
        (D(2023, 1, 1), D(2025, 7, 1), [COMPLETED_AFTER.format("01.07.2025")]),
        (None, D(2022, 6, 30), ["Der tatsächliche Abschluss (30.06.2022) liegt vor der "
                                "Laufzeit des Netzwerks (ab 01.07.2022)."]),
    ],
)  # fmt: skip
def test_actual_dates_from_the_terms_first_to_its_last_day_are_within_it(
    personas, started_on, completed_on, warnings
):
    # The personas' network runs from 01.07.2022 to 30.06.2025.
    measure = Measure(
        participation=personas.participation_a, started_on=started_on, completed_on=completed_on
    )
    assert measure.dates_outside_term() == warnings


def test_a_progress_note_is_named_by_its_date_and_its_first_50_characters():
    note = ProgressNote(
        date=D(2024, 3, 1), text="Angebot liegt vor, Auftrag an die Firma Müller geht raus"
    )
    assert str(note) == "2024-03-01: Angebot liegt vor, Auftrag an die Firma Müller geh"


@pytest.mark.parametrize(
    ("model", "field", "largest"),
    [
        (MeasureEnergy, "kwh", "999999999999.99"),
        (Measure, "energy_savings_kwh", "999999999999.99"),
        (Measure, "co2_savings_t", "999999999.999"),
        (EmissionFactor, "kg_per_kwh", "999.9999"),
    ],
)
def test_the_largest_amount_a_column_holds_has_all_its_digits_nines(model, field, largest):
    assert largest_value(model._meta.get_field(field)) == Decimal(largest)
