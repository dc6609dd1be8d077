"""Quantities as people have them (issue 34): litres of diesel, cubic metres of gas,
kilograms of pellets, kilometres driven with a consumption per 100 km, converted to
kWh with the heating values the data migration loads; and the carriers of municipal
fleets and wood or coal heating in the factor sets their sources give."""

import datetime
import re
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import translation

from measures.catalogue import FUEL_CO2E_FACTORS, HEATING_VALUES, MORE_CARRIERS, MORE_FACTORS
from measures.forms import MeasureForm
from measures.models import (
    EmissionFactor,
    EnergyCarrier,
    HeatingValue,
    Measure,
    MeasureEnergy,
    kwh_from_quantity,
)
from tests.api.conftest import bearer, token_for
from tests.measures.support import form_data, new_measure_data

pytestmark = pytest.mark.django_db


def carrier(slug: str) -> EnergyCarrier:
    return EnergyCarrier.objects.get(slug=slug)


def kwh(slug: str, quantity: str, unit: str, consumption=None, per: str = "l") -> Decimal:
    return kwh_from_quantity(
        carrier=carrier(slug),
        quantity=Decimal(quantity),
        unit=unit,
        consumption=None if consumption is None else Decimal(consumption),
        consumption_unit=per,
    )


def message_of(error: ValidationError) -> str:
    return " ".join(message for messages in error.message_dict.values() for message in messages)


def text_of(response) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", response.content.decode()).split())


# --- the catalogue the migration loads -------------------------------------------------


def test_every_new_carrier_has_the_factors_its_sources_give_and_no_others():
    new = [slug for slug, _name in MORE_CARRIERS]
    found = set(
        EmissionFactor.objects.filter(carrier__slug__in=new).values_list(
            "carrier__slug", "factor_set__slug", "year", "kg_per_kwh"
        )
    )
    assert found == {
        (slug, set_slug, year, Decimal(factor))
        for slug, set_slug, year, factor, _ in MORE_FACTORS + FUEL_CO2E_FACTORS
    }
    programme = {slug for slug, set_slug, *_ in found if set_slug == "bafa-2021"}
    assert programme == set(new)  # every new carrier counts in the programme's set
    bisko = {slug for slug, set_slug, *_ in found if set_slug == "bisko-gemis"}
    # GEMIS gives the wood's, DIN EN 16258 the fuels'; none is known for the rest.
    assert bisko == {"holzhackschnitzel", "scheitholz", "diesel", "benzin"}
    assert all(factor.source.strip() for factor in EmissionFactor.objects.all())


def test_the_fleet_carriers_have_the_uba_factors():
    programme = {
        factor.carrier.slug: factor
        for factor in EmissionFactor.objects.filter(factor_set__slug="bafa-2021")
    }
    assert programme["diesel"].kg_per_kwh == Decimal("0.266")
    assert programme["benzin"].kg_per_kwh == Decimal("0.259")
    assert programme["fahrstrom"].kg_per_kwh == programme["strom"].kg_per_kwh == Decimal("0.380")
    assert "Umweltbundesamt" in programme["diesel"].source


def test_a_litre_of_fuel_comes_back_to_the_standards_co2e_per_litre():
    """DIN EN 16258 gives kg CO2e per litre (diesel 3.24, petrol 2.88); the BISKO
    factors per kWh times the catalogue's kWh per litre give them back to within the
    rounding of the factor to three places."""
    factors = {
        factor.carrier.slug: factor.kg_per_kwh
        for factor in EmissionFactor.objects.filter(factor_set__slug="bisko-gemis")
    }
    values = {
        value.carrier.slug: value.kwh_per_unit for value in HeatingValue.objects.filter(unit="l")
    }
    for slug, per_litre in (("diesel", Decimal("3.24")), ("benzin", Decimal("2.88"))):
        assert abs(factors[slug] * values[slug] - per_litre) < Decimal("0.005"), slug
        assert (
            "DIN EN 16258"
            in EmissionFactor.objects.get(factor_set__slug="bisko-gemis", carrier__slug=slug).source
        )


def test_the_heating_values_are_loaded_with_their_sources():
    stored = {
        (value.carrier.slug, value.unit): value
        for value in HeatingValue.objects.select_related("carrier")
    }
    assert set(stored) == {(slug, unit) for slug, unit, *_ in HEATING_VALUES}
    assert stored["diesel", "l"].kwh_per_unit == Decimal("9.8611")
    assert stored["erdgas", "m3"].kwh_per_unit == Decimal("10.5")
    assert stored["holzpellets", "kg"].kwh_per_unit == Decimal("4.667")
    assert all(value.source.strip() for value in stored.values())
    assert stored["heizoel", "l"].year is None  # the source names none
    assert stored["holzpellets", "kg"].year == 2012


def test_the_english_names_of_the_new_carriers():
    assert carrier("benzin").name_en == "Petrol"
    with translation.override("en"):
        assert str(carrier("fahrstrom")) == "Electricity for vehicles (charging)"


# --- conversions ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("slug", "quantity", "unit", "expected"),
    [
        ("diesel", "12000", "l", "118333.20"),  # × 9.8611
        ("benzin", "1500", "l", "13249.95"),  # × 8.8333
        ("heizoel", "4800", "l", "48000.00"),
        ("erdgas", "1000", "m3", "10500.00"),
        ("fluessiggas", "1000", "l", "6570.00"),
        ("fluessiggas", "500", "kg", "6455.00"),
        ("holzpellets", "2500", "kg", "11667.50"),
        ("holzpellets", "9.6", "t", "44803.20"),
        ("holzhackschnitzel", "20", "t", "76000.00"),
        ("scheitholz", "3", "t", "11499.00"),
        ("steinkohle", "1000", "kg", "8361.90"),
        ("strom", "12.5", "MWh", "12500.00"),
        ("strom", "1234.567", "kWh", "1234.57"),
    ],
)
def test_a_quantity_becomes_kwh_by_the_heating_value(slug, quantity, unit, expected):
    assert kwh(slug, quantity, unit) == Decimal(expected)


def test_kilometres_with_litres_per_100_km_use_the_fuels_heating_value():
    # 100,000 km × 9 l/100 km = 9,000 l × 9.8611 kWh/l
    assert kwh("diesel", "100000", "km", "9") == Decimal("88749.90")


def test_kilometres_with_kwh_per_100_km_need_no_heating_value():
    assert kwh("fahrstrom", "100000", "km", "22", per="kWh") == Decimal("22000.00")


# --- bad input --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (("diesel", "-5", "l"), "Die Menge darf nicht negativ sein."),
        (("diesel", "1000", "km", "0"), "Der Verbrauch je 100 km muss größer als null sein."),
        (
            ("diesel", "1000", "km"),
            "Für gefahrene Kilometer bitte den Verbrauch je 100 km angeben.",
        ),
        (
            ("strom", "100", "m3"),
            "Für Strom (Netzbezug) ist kein Heizwert je m³ hinterlegt. Bitte die Menge in "
            "kWh oder in einer Einheit mit Heizwert angeben.",
        ),
        (
            ("erdgas", "1000", "km", "6"),
            "Für Erdgas ist kein Heizwert je l hinterlegt. Bitte die Menge in kWh oder in "
            "einer Einheit mit Heizwert angeben.",
        ),
        (
            ("diesel", "1000", "l", "7"),
            "Einen Verbrauch je 100 km bitte nur zu gefahrenen Kilometern.",
        ),
    ],
)
def test_quantities_that_make_no_sense_get_a_clear_message(args, expected):
    with translation.override("de"), pytest.raises(ValidationError) as error:
        kwh(*args)
    assert message_of(error.value) == expected


def test_a_line_checks_its_quantity_unit_and_consumption(world):
    measure = world.measure()
    line = MeasureEnergy(measure=measure, carrier=carrier("diesel"), kwh=Decimal(1), unit="km")
    with translation.override("de"), pytest.raises(ValidationError) as error:
        line.full_clean()
    assert error.value.message_dict == {
        "quantity": ["Bitte die Menge zur Einheit angeben."],
        "consumption": ["Für gefahrene Kilometer bitte den Verbrauch je 100 km angeben."],
    }
    line.quantity, line.unit, line.consumption = Decimal(-1), "l", Decimal(9)
    with translation.override("de"), pytest.raises(ValidationError) as error:
        line.full_clean()
    assert error.value.message_dict == {
        "quantity": ["Die Menge darf nicht negativ sein."],
        "consumption": ["Einen Verbrauch je 100 km bitte nur zu gefahrenen Kilometern."],
    }


@pytest.mark.parametrize(
    "values",
    [
        {"quantity": Decimal(100)},  # no unit
        {"quantity": Decimal(-100), "unit": "l"},
        {"quantity": Decimal(100), "unit": "km"},  # no consumption
        {"quantity": Decimal(100), "unit": "km", "consumption": 0, "consumption_unit": "l"},
        {"quantity": Decimal(100), "unit": "l", "consumption": 9, "consumption_unit": "l"},
    ],
)
def test_the_database_refuses_what_the_line_check_refuses(world, values):
    measure = world.measure()
    with pytest.raises(IntegrityError), transaction.atomic():
        MeasureEnergy.objects.create(
            measure=measure, carrier=carrier("diesel"), kwh=Decimal(1), **values
        )


def test_the_database_refuses_a_heating_value_of_zero():
    with pytest.raises(IntegrityError), transaction.atomic():
        HeatingValue.objects.create(
            carrier=carrier("benzin"), unit="kg", kwh_per_unit=0, source="Test"
        )


def test_a_heating_value_needs_a_source_and_a_positive_value():
    value = HeatingValue(carrier=carrier("benzin"), unit="kg", kwh_per_unit=Decimal(-1))
    with translation.override("de"), pytest.raises(ValidationError) as error:
        value.full_clean()
    assert error.value.message_dict == {
        "kwh_per_unit": ["Ein Heizwert muss größer als null sein."],
        "source": ["Dieses Feld darf nicht leer sein.", "Bitte die Quelle des Heizwerts angeben."],
    }


# --- the form ----------------------------------------------------------------------------


def diesel_rows(**changes) -> dict:
    rows = {
        "energie-0-carrier": str(carrier("diesel").pk),
        "energie-0-kwh": "",
        "energie-0-quantity": "12.000",
        "energie-0-unit": "l",
        "energie-0-consumption_unit": "l",
    }
    rows.update(changes)
    return rows


def post_new(client, world, **rows):
    client.force_login(world.coordinator)
    return client.post(reverse("measure_new"), new_measure_data(world, **rows))


def test_the_form_computes_the_kwh_of_a_quantity_and_keeps_the_quantity(client, world):
    response = post_new(client, world, **diesel_rows())
    assert response.status_code == 302
    line = Measure.objects.get().energy.get()
    assert (line.quantity, line.unit, line.kwh) == (Decimal("12000"), "l", Decimal("118333.20"))
    assert line.consumption is None and line.consumption_unit == ""


def test_a_kwh_typed_beside_a_quantity_that_agrees_is_kept(client, world):
    response = post_new(client, world, **diesel_rows(**{"energie-0-kwh": "118.333"}))
    assert response.status_code == 302
    assert Measure.objects.get().energy.get().kwh == Decimal("118333.20")


def test_a_kwh_typed_beside_a_quantity_that_disagrees_is_refused(client, world):
    with translation.override("de"):
        response = post_new(client, world, **diesel_rows(**{"energie-0-kwh": "100.000"}))
    assert response.status_code == 422
    assert (
        "100.000,00 kWh/a passen nicht zur Menge (12.000 l Diesel = 118.333,20 kWh/a). "
        "Bitte nur die Menge oder nur die kWh angeben."
    ) in text_of(response)
    assert not Measure.objects.exists()


@pytest.mark.parametrize(
    ("rows", "expected"),
    [
        ({"energie-0-quantity": "-12.000"}, "Die Menge darf nicht negativ sein."),
        ({"energie-0-quantity": "0"}, "Bitte eine Menge größer als null angeben."),
        ({"energie-0-unit": ""}, "Bitte die Einheit der Menge angeben."),
        (
            {"energie-0-unit": "km", "energie-0-consumption": "0"},
            "Der Verbrauch je 100 km muss größer als null sein.",
        ),
        (
            {"energie-0-unit": "m3"},
            "Für Diesel ist kein Heizwert je m³ hinterlegt. Bitte die Menge in kWh oder "
            "in einer Einheit mit Heizwert angeben.",
        ),
    ],
)
def test_the_form_says_what_is_wrong_with_a_quantity(client, world, rows, expected):
    with translation.override("de"):
        response = post_new(client, world, **diesel_rows(**rows))
    assert response.status_code == 422
    assert expected in text_of(response)
    assert not Measure.objects.exists()


def fleet_rows() -> dict:
    """Four diesel vans (100,000 km a year at 9 l/100 km) replaced by electric ones
    that take 22 kWh/100 km."""
    return {
        **diesel_rows(
            **{
                "energie-0-quantity": "100.000",
                "energie-0-unit": "km",
                "energie-0-consumption": "9",
            }
        ),  # fmt: skip
        "energie-1-carrier": str(carrier("fahrstrom").pk),
        "energie-1-effect": "added",
        "energie-1-quantity": "100.000",
        "energie-1-unit": "km",
        "energie-1-consumption": "22",
        "energie-1-consumption_unit": "kWh",
    }


def test_a_fleet_switch_computes_its_co2_from_kilometres_end_to_end(client, world):
    response = post_new(client, world, **fleet_rows())
    assert response.status_code == 302
    measure = Measure.objects.get()
    assert not measure.co2_manual
    # 9,000 l × 9.8611 kWh/l = 88,749.90 kWh diesel saved, 22,000 kWh added;
    # 88,749.90 × 0.266 − 22,000 × 0.380 = 23,607.47 − 8,360 kg CO₂.
    assert measure.energy_savings_kwh == Decimal("66749.90")
    assert measure.co2_savings_t == Decimal("15.247")
    with translation.override("de"):
        page = text_of(client.get(measure.get_absolute_url()))
    assert "Diesel angegeben: 100.000 km × 9 l/100 km eingespart 88.749,90" in page
    assert "angegeben: 100.000 km × 22 kWh/100 km zusätzlich bezogen 22.000" in page


def on_bisko(world) -> None:
    world.network.factor_set = world.network.factor_set.__class__.objects.get(slug="bisko-gemis")
    world.network.save()


def test_a_network_on_bisko_is_told_that_vehicle_electricity_lacks_a_co2e_factor(client, world):
    on_bisko(world)
    with translation.override("de"):
        response = post_new(client, world, **fleet_rows())
    assert response.status_code == 422
    assert (
        "Für Fahrstrom (Ladestrom für Fahrzeuge) gibt es in der Faktorbasis "
        "„BISKO/GEMIS (CO₂e)“ keinen Emissionsfaktor für 2023 oder früher."
    ) in text_of(response)


def test_a_network_on_bisko_computes_the_co2e_of_litres_of_diesel(client, world):
    on_bisko(world)
    response = post_new(client, world, **diesel_rows())
    assert response.status_code == 302
    # 12,000 l × 9.8611 kWh/l = 118,333.20 kWh × 0.329 kg/kWh = 38.932 t (3.24 kg/l).
    assert Measure.objects.get().co2_savings_t == Decimal("38.932")


def test_the_edit_form_shows_the_quantity_and_saves_it_unchanged(client, world):
    post_new(client, world, **fleet_rows())
    measure = Measure.objects.get()
    lines = {line.pk: line.history.count() for line in measure.energy.all()}
    form = MeasureForm(instance=measure, user=world.coordinator)
    rows = {row["carrier"].value(): row for row in form.energy if row["carrier"].value()}
    diesel = rows[carrier("diesel").pk]
    assert (diesel["quantity"].value(), diesel["unit"].value()) == (Decimal("100000"), "km")
    assert diesel["consumption"].value() == Decimal("9")
    response = client.post(reverse("measure_edit", args=[measure.pk]), form_data(form))
    assert response.status_code == 302
    measure.refresh_from_db()
    assert measure.co2_savings_t == Decimal("15.247")
    # Nothing changed, so no line got a new history row.
    assert {line.pk: line.history.count() for line in measure.energy.all()} == lines


def test_the_edit_form_replaces_a_quantity_by_kwh(client, world):
    post_new(client, world, **diesel_rows())
    measure = Measure.objects.get()
    form = MeasureForm(instance=measure, user=world.coordinator)
    data = form_data(form, **{"energie-0-quantity": "", "energie-0-unit": "",
                              "energie-0-kwh": "50.000"})  # fmt: skip
    assert client.post(reverse("measure_edit", args=[measure.pk]), data).status_code == 302
    line = measure.energy.get()
    assert (line.quantity, line.unit, line.kwh) == (None, "", Decimal("50000"))


def test_the_preview_shows_the_kwh_of_the_quantity_while_typing(client, world):
    client.force_login(world.coordinator)
    data = new_measure_data(world, **diesel_rows())
    with translation.override("de"):
        response = client.post(reverse("measure_co2"), data)
    assert "Diesel eingespart: 118.333,20 kWh/a" in text_of(response)
    assert "(aus 12.000 l Diesel)" in text_of(response)


# --- API and permissions ---------------------------------------------------------------


def test_the_api_gives_each_lines_quantity_and_unit(client, world):
    post_new(client, world, **fleet_rows())
    measure = Measure.objects.get()
    client.logout()
    client.defaults.update(bearer(token_for(world.coordinator)))
    lines = client.get(reverse("api_measure-list") + f"{measure.pk}/").json()["energy"]
    by_carrier = {line["carrier"]["slug"]: line for line in lines}
    assert by_carrier["diesel"] | {"carrier": None, "factor_year": None} == {
        "carrier": None,
        "effect": "saved",
        "kwh": "88749.90",
        "quantity": "100000.000",
        "unit": "km",
        "consumption_per_100_km": "9.00",
        "consumption_unit": "l",
        "factor_kg_per_kwh": "0.2660",
        "factor_year": None,
    }
    assert by_carrier["fahrstrom"]["consumption_unit"] == "kWh"


def test_outsiders_still_do_not_see_a_measure_with_quantities(client, world):
    post_new(client, world, **diesel_rows())
    measure = Measure.objects.get()
    client.force_login(world.outsider)
    assert client.get(measure.get_absolute_url()).status_code == 404
    assert client.get(reverse("measure_edit", args=[measure.pk])).status_code == 404


def test_the_measure_dates_its_factors_by_completion(world):
    """The fleet's factors: diesel's of 2016 and vehicle electricity's of 2023 apply to
    a measure completed in 2023, the latter not to one completed in 2022."""
    diesel, charging = carrier("diesel"), carrier("fahrstrom")
    programme = world.network.factor_set_id
    assert diesel.factor_for(2023, programme).year == 2016
    assert charging.factor_for(2023, programme).year == 2023
    assert charging.factor_for(datetime.date(2022, 12, 31).year, programme) is None
