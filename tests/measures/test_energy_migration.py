"""measures/0009 and 0010: the factors go into the programme's set, BISKO's are added,
and each measure's single carrier becomes its one line of saved energy, its figures
as they were."""

import datetime
from decimal import Decimal

import pytest

from tests.helpers import migrate

BEFORE = [("measures", "0008_energy_carrier_name_en")]
AFTER = [("measures", "0014_single_carrier_removed")]


@pytest.mark.django_db(transaction=True)
def test_single_carriers_become_saved_lines_and_no_figure_changes():
    apps = migrate(BEFORE)
    EnergyCarrier = apps.get_model("measures", "EnergyCarrier")
    EmissionFactor = apps.get_model("measures", "EmissionFactor")
    Measure = apps.get_model("measures", "Measure")
    Organisation = apps.get_model("networks", "Organisation")
    Network = apps.get_model("networks", "Network")
    Municipality = apps.get_model("networks", "Municipality")
    Participation = apps.get_model("networks", "Participation")
    FocusArea = apps.get_model("networks", "FocusArea")
    gas, _ = EnergyCarrier.objects.get_or_create(slug="erdgas", defaults={"name": "Erdgas"})
    factor, _ = EmissionFactor.objects.get_or_create(
        carrier=gas, year=2021, defaults={"kg_co2e_per_kwh": Decimal("0.201"), "source": "BAFA"}
    )
    network = Network.objects.create(
        name="N", slug="n", coordinator=Organisation.objects.create(name="T", kind="coordinator"),
        term_start=datetime.date(2022, 7, 1), term_end=datetime.date(2025, 6, 30),
    )  # fmt: skip
    town = Municipality.objects.create(name="Altenbeken", slug="altenbeken", ags="05774004")
    participation = Participation.objects.create(
        network=network, municipality=town, joined_on=network.term_start
    )
    area = FocusArea.objects.create(name="Gebäude", slug="gebaeude-migration")
    common = {"participation": participation, "focus_area": area, "status": "planned"}
    heating = Measure.objects.create(
        title="Heizung", energy_savings_kwh=Decimal("120000"), energy_carrier=gas,
        emission_factor=factor, co2_savings_t=Decimal("24.120"), **common,
    )  # fmt: skip
    fleet = Measure.objects.create(
        title="Fuhrpark", co2_manual=True, co2_savings_t=Decimal("18.5"),
        co2_manual_reason="Diesel", **common,
    )  # fmt: skip

    apps = migrate(AFTER)
    Measure = apps.get_model("measures", "Measure")
    EmissionFactor = apps.get_model("measures", "EmissionFactor")
    MeasureEnergy = apps.get_model("measures", "MeasureEnergy")
    heating = Measure.objects.get(pk=heating.pk)
    assert heating.energy_savings_kwh == Decimal("120000")
    assert heating.co2_savings_t == Decimal("24.120")
    assert list(
        MeasureEnergy.objects.values_list("measure_id", "carrier_id", "effect", "kwh", "factor_id")
    ) == [(heating.pk, gas.pk, "saved", Decimal("120000"), factor.pk)]
    assert Measure.objects.get(pk=fleet.pk).co2_savings_t == Decimal("18.500")
    factors = EmissionFactor.objects.filter(carrier_id=gas.pk)
    sets = dict(factors.values_list("factor_set__slug", "kg_per_kwh"))
    assert sets == {"bafa-2021": Decimal("0.2010"), "bisko-gemis": Decimal("0.2500")}

    # And back: a carrier has one factor a year again, the line its measure's carrier.
    apps = migrate(BEFORE)
    heating = apps.get_model("measures", "Measure").objects.get(pk=heating.pk)
    assert (heating.energy_carrier_id, heating.emission_factor_id) == (gas.pk, factor.pk)
    EmissionFactor = apps.get_model("measures", "EmissionFactor")
    assert list(
        EmissionFactor.objects.filter(carrier_id=gas.pk).values_list("year", flat=True)
    ) == [2021]
