"""Rules about emission factors with one home each (issue 30): which lines of a
measure lack a factor, what a person is then told (the same by the measure's check
and the form's preview), and the reference year's bounds."""

import datetime
import re
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation

from lib.dates import YEARS
from measures.models import EmissionFactor, missing_factors_message, without_factor
from networks.models import FactorSet
from tests.factories import EnergyCarrierFactory, MeasureFactory, energy
from tests.measures.support import new_measure_data

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("module_personas")]

CO2 = reverse("measure_co2")
MESSAGE = (
    "Für Testöl, Scheitholz gibt es in der Faktorbasis „BAFA 2021 (CO₂)“ keinen "
    "Emissionsfaktor für 2020 oder früher. Bitte die THG-Einsparung von Hand mit "
    "Begründung eintragen."
)


def text_of(response) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", response.content.decode()).split())


def test_the_message_names_the_carriers_the_set_and_the_year():
    oil, wood = EnergyCarrierFactory(name="Testöl"), EnergyCarrierFactory(name="Scheitholz")
    programme = FactorSet.objects.programme()
    with translation.override("de"):
        assert missing_factors_message([oil, wood], programme, 2020) == MESSAGE
    with translation.override("en"):
        assert missing_factors_message([oil, wood], programme, 2020) == (
            "The factor set “BAFA 2021 (CO₂)” has no emission factor for Testöl, "
            "Scheitholz for 2020 or earlier. Please enter the greenhouse-gas savings by "
            "hand with a reason."
        )


def test_the_lines_without_a_factor_are_those_the_set_has_none_for_in_the_year():
    gas, wood = EnergyCarrierFactory(name="Testgas"), EnergyCarrierFactory(name="Scheitholz")
    programme = FactorSet.objects.programme()
    factor = EmissionFactor.objects.create(
        carrier=gas, factor_set=programme, year=2021, kg_per_kwh=Decimal("0.201"), source="Q"
    )
    measure = MeasureFactory(planned_end=datetime.date(2022, 6, 30))
    gas_line, wood_line = energy(gas, "1000"), energy(wood, "500")
    measure.pending_energy = [gas_line, wood_line]
    assert measure.line_factors() == [(gas_line, factor), (wood_line, None)]
    assert measure.missing_factors() == [wood_line]
    assert without_factor([(gas_line, factor), (wood_line, None)]) == [wood_line]
    measure.planned_end = datetime.date(2020, 6, 30)  # before the gas factor's year
    assert measure.missing_factors() == [gas_line, wood_line]


@pytest.mark.usefixtures("running_networks")
def test_the_preview_says_what_the_measures_check_says(client, world):
    wood = EnergyCarrierFactory(name="Scheitholz")
    data = new_measure_data(
        world, energy_carrier=wood.pk, energy_savings_kwh="5000", completed_on="2024-06-30"
    )
    client.force_login(world.climate_manager_a)
    preview = text_of(client.post(CO2, data, HTTP_HX_REQUEST="true"))
    measure = MeasureFactory(participation=world.participation_a)
    measure.completed_on = datetime.date(2024, 6, 30)
    measure.pending_energy = [energy(wood, "5000")]
    with pytest.raises(ValidationError) as refused:
        measure.clean()
    assert [preview] == refused.value.message_dict["co2_manual"]
    world.climate_manager_a.language = "en"
    world.climate_manager_a.save()
    assert text_of(client.post(CO2, data, HTTP_HX_REQUEST="true")) == (
        "The factor set “BAFA 2021 (CO₂)” has no emission factor for Scheitholz for 2024 "
        "or earlier. Please enter the greenhouse-gas savings by hand with a reason."
    )


@pytest.mark.usefixtures("running_networks")
def test_a_measure_in_no_network_yet_is_previewed_in_the_programmes_set(client, world):
    wood = EnergyCarrierFactory(name="Scheitholz")
    data = new_measure_data(world, participation="", energy_carrier=wood.pk)
    client.force_login(world.climate_manager_a)
    assert text_of(client.post(CO2, data, HTTP_HX_REQUEST="true")) == (
        "Für Scheitholz gibt es in der Faktorbasis „BAFA 2021 (CO₂)“ keinen Emissionsfaktor "
        "für 2023 oder früher. Bitte die THG-Einsparung von Hand mit Begründung eintragen."
    )


def test_an_emission_factors_year_message_takes_its_bounds_from_lib_dates(monkeypatch):
    factor = EmissionFactor(year=2101, kg_per_kwh=Decimal("0.2"), source="Quelle")
    with pytest.raises(ValidationError) as refused:
        factor.clean()
    assert refused.value.message_dict["year"] == [
        "Das Bezugsjahr muss zwischen 1990 und 2100 liegen."
    ]
    monkeypatch.setitem(YEARS, "max", 2050)  # a message that typed the years would not follow
    with pytest.raises(ValidationError) as refused:
        factor.clean()
    assert refused.value.message_dict["year"] == [
        "Das Bezugsjahr muss zwischen 1990 und 2050 liegen."
    ]
