import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from measures.models import EmissionFactor, EnergyCarrier, Measure, MeasureEnergy, co2_tonnes
from measures.services import save_measure
from networks.models import FactorSet
from tests.factories import (
    EmissionFactorFactory,
    EnergyCarrierFactory,
    FocusAreaFactory,
    MeasureFactory,
    energy,
)
from tests.helpers import messages_of, violates

pytestmark = pytest.mark.django_db


@pytest.fixture
def gas():
    carrier = EnergyCarrierFactory(name="Testgas")
    EmissionFactorFactory(carrier=carrier, year=2021, kg_per_kwh=Decimal("0.201"))
    EmissionFactorFactory(carrier=carrier, year=2024, kg_per_kwh=Decimal("0.199"))
    return carrier


def build_measure(*, lines=None, **fields) -> Measure:
    """A measure changed but not saved; `lines` become its energy lines."""
    measure = MeasureFactory()
    for name, value in fields.items():
        setattr(measure, name, value)
    if lines is not None:
        measure.pending_energy = lines
    return measure


def test_co2_of_120000_kwh_natural_gas_is_exactly_24_12_tonnes():
    assert co2_tonnes(Decimal("120000"), Decimal("0.201")) == Decimal("24.120")


def test_saving_a_measure_computes_co2_from_the_factor_of_its_year(gas):
    measure = build_measure(
        lines=[energy(gas, "120000")],
        planned_end=datetime.date(2023, 11, 30),
    )
    save_measure(measure=measure)
    measure.refresh_from_db()
    assert measure.co2_savings_t == Decimal("24.120")
    assert measure.energy_savings_kwh == Decimal("120000")
    assert measure.energy.get().factor == EmissionFactor.objects.get(carrier=gas, year=2021)


def test_the_factor_of_the_year_itself_wins_over_earlier_ones(gas):
    measure = build_measure(
        lines=[energy(gas, "120000")],
        status=Measure.Status.COMPLETED,
        completed_on=datetime.date(2024, 3, 1),
        planned_end=datetime.date(2022, 12, 31),
    )
    save_measure(measure=measure)
    assert measure.energy.get().factor.year == 2024
    assert measure.co2_savings_t == Decimal("23.880")


def test_no_factor_for_the_year_or_earlier_asks_for_a_manual_value(gas):
    measure = build_measure(lines=[energy(gas, "1000")], planned_end=datetime.date(2020, 5, 1))
    with pytest.raises(ValidationError) as excinfo:
        save_measure(measure=measure)
    assert messages_of(excinfo)["co2_manual"] == [
        "Für Testgas gibt es in der Faktorbasis „BAFA 2021 (CO₂)“ keinen Emissionsfaktor "
        "für 2020 oder früher. Bitte die THG-Einsparung von Hand mit Begründung eintragen."
    ]
    assert Measure.objects.get(pk=measure.pk).energy_savings_kwh is None
    assert not measure.energy.exists()


def test_manual_co2_needs_a_reason(gas):
    measure = build_measure(co2_manual=True, co2_savings_t=Decimal("18.5"))
    with pytest.raises(ValidationError) as excinfo:
        save_measure(measure=measure)
    assert messages_of(excinfo)["co2_manual_reason"] == [
        "Bitte begründen, warum die THG-Einsparung von Hand eingetragen wird."
    ]
    with violates("measures_measure_manual_co2_has_reason"):
        measure.save()


def test_manual_co2_with_reason_is_kept_as_entered():
    measure = build_measure(
        co2_manual=True, co2_savings_t=Decimal("18.500"), co2_manual_reason="Diesel"
    )
    save_measure(measure=measure)
    measure.refresh_from_db()
    assert measure.co2_savings_t == Decimal("18.500")


def test_switching_back_from_manual_recomputes_and_drops_the_reason(gas):
    measure = build_measure(
        co2_manual=True, co2_savings_t=Decimal("1.000"), co2_manual_reason="Schätzung"
    )
    save_measure(measure=measure)
    measure.co2_manual = False
    measure.pending_energy = [energy(gas, "1000")]
    measure.planned_end = datetime.date(2022, 1, 1)
    save_measure(measure=measure)
    measure.refresh_from_db()
    assert (measure.co2_savings_t, measure.co2_manual_reason) == (Decimal("0.201"), "")


def test_focus_area_must_belong_to_the_network():
    measure = build_measure()
    measure.focus_area = FocusAreaFactory()
    with pytest.raises(ValidationError) as excinfo:
        save_measure(measure=measure)
    assert messages_of(excinfo)["focus_area"] == [
        f"Der Themenschwerpunkt gehört nicht zum Netzwerk „{measure.participation.network}“."
    ]


def test_subsidy_may_not_exceed_investment():
    measure = build_measure(investment_eur=Decimal("1000.00"), subsidy_eur=Decimal("1000.01"))
    with pytest.raises(ValidationError) as excinfo:
        save_measure(measure=measure)
    assert messages_of(excinfo)["subsidy_eur"] == [
        "Die Fördermittel dürfen die Investition nicht übersteigen."
    ]
    with violates("measures_measure_subsidy_within_investment"):
        measure.save()


def test_subsidy_needs_an_investment():
    measure = build_measure(subsidy_eur=Decimal("10"))
    with pytest.raises(ValidationError) as excinfo:
        save_measure(measure=measure)
    assert messages_of(excinfo)["investment_eur"] == [
        "Bitte die Investition angeben, wenn Fördermittel eingetragen sind."
    ]
    with violates("measures_measure_subsidy_within_investment"):
        measure.save()


@pytest.mark.parametrize(
    ("field", "constraint", "message"),
    [
        ("investment_eur", "measures_measure_investment_not_negative",
         "Die Investition darf nicht negativ sein."),
    ],
)  # fmt: skip
def test_negative_quantities_are_refused(field, constraint, message):
    measure = build_measure(**{field: Decimal("-1")})
    with pytest.raises(ValidationError) as excinfo:
        save_measure(measure=measure)
    assert messages_of(excinfo)[field] == [message]
    with violates(constraint):
        measure.save()


def test_completed_measure_needs_a_completion_date():
    measure = build_measure(status=Measure.Status.COMPLETED)
    with pytest.raises(ValidationError) as excinfo:
        save_measure(measure=measure)
    assert messages_of(excinfo)["completed_on"] == [
        "Für eine abgeschlossene Maßnahme bitte das Abschlussdatum angeben."
    ]
    with violates("measures_measure_completed_has_date"):
        measure.save()


def test_planned_dates_must_be_in_order():
    measure = build_measure(
        planned_start=datetime.date(2024, 5, 1), planned_end=datetime.date(2024, 4, 30)
    )
    with pytest.raises(ValidationError) as excinfo:
        save_measure(measure=measure)
    assert messages_of(excinfo)["planned_end"] == [
        "Der geplante Abschluss kann nicht vor dem geplanten Beginn liegen."
    ]
    with violates("measures_measure_planned_dates_order"):
        measure.save()


def test_an_energy_line_needs_a_positive_quantity(gas):
    line = MeasureEnergy(measure=MeasureFactory(), carrier=gas, kwh=Decimal("0"))
    with pytest.raises(ValidationError) as excinfo:
        line.full_clean()
    assert messages_of(excinfo)["kwh"] == ["Bitte eine Energiemenge größer als null angeben."]
    with violates("measures_measureenergy_kwh_positive"):
        line.save()


def test_emission_factor_is_unique_per_set_carrier_and_year(gas):
    programme = FactorSet.objects.get(slug="bafa-2021")
    duplicate = EmissionFactor(
        factor_set=programme, carrier=gas, year=2021, kg_per_kwh=Decimal("0.2"), source="x"
    )
    with pytest.raises(ValidationError) as excinfo:
        duplicate.full_clean()
    assert messages_of(excinfo)["__all__"] == [
        "Für diesen Energieträger gibt es in dieser Faktorbasis schon einen Faktor in diesem Jahr."
    ]
    with violates(
        "measures_emissionfactor_unique_set_carrier_year",
        sqlite_says="measures_emissionfactor.factor_set_id, measures_emissionfactor.carrier_id",
    ):
        duplicate.save()


def test_reference_emission_factors_are_loaded_with_their_sources():
    factors = {
        (f.carrier.name, f.year): (f.kg_per_kwh, f.source)
        for f in EmissionFactor.objects.filter(factor_set__slug="bafa-2021").select_related(
            "carrier"
        )
    }
    assert {key: value for key, (value, _source) in factors.items()} == {
        ("Erdgas", 2021): Decimal("0.2010"),
        ("Heizöl", 2021): Decimal("0.2660"),
        ("Flüssiggas", 2021): Decimal("0.2390"),
        ("Fernwärme", 2021): Decimal("0.2800"),
        ("Holzpellets", 2021): Decimal("0.0360"),
        ("Biogas", 2021): Decimal("0.1520"),
        ("Strom (Netzbezug)", 2023): Decimal("0.3800"),
        # Added for issue 34 (tests/measures/test_quantities.py has their sources).
        ("Diesel", 2016): Decimal("0.2660"),
        ("Benzin", 2016): Decimal("0.2590"),
        ("Fahrstrom (Ladestrom für Fahrzeuge)", 2023): Decimal("0.3800"),
        ("Holzhackschnitzel", 2021): Decimal("0.0270"),
        ("Scheitholz", 2021): Decimal("0.0270"),
        ("Steinkohle", 2021): Decimal("0.3350"),
        ("Braunkohle", 2021): Decimal("0.3830"),
    }
    assert factors[("Erdgas", 2021)][1].startswith("BAFA, Informationsblatt CO2-Faktoren")
    assert factors[("Strom (Netzbezug)", 2023)][1].startswith("Umweltbundesamt")
    assert EnergyCarrier.objects.count() == 14
