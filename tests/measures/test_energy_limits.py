"""Figures too large for their columns: each energy line fits its own column, but their
sum or the greenhouse-gas savings that follow may not fit the measure's (14 digits
for kWh, 12 for tonnes). PostgreSQL refused such a measure with an error page; now
the form, the import and the services say in German what is too large."""

import datetime
from decimal import Decimal

import pytest
from django.contrib.messages import get_messages
from django.core.exceptions import ValidationError
from django.urls import reverse

from measures.forms import MeasureForm
from measures.models import Measure, MeasureEnergy
from measures.services import save_measure
from networks.models import FactorSet
from tests.factories import EmissionFactorFactory, EnergyCarrierFactory, energy
from tests.helpers import messages_of
from tests.measures.support import form_data, new_measure_data
from tests.measures.test_import_views import csv_file, row, upload
from tests.portal.test_network_edit import form_data as network_form_data

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.usefixtures("module_personas", "running_networks"),
]

NEW = reverse("measure_new")
LARGEST_KWH = "999.999.999.999,99"
SUM_TOO_LARGE = (
    "Die Summe der Energiezeilen ({value} kWh/a) ist zu groß; höchstens "
    "999.999.999.999,99 kWh/a sind möglich."
)
CO2_TOO_LARGE = (
    "Die THG-Einsparung, die aus den Energiemengen folgt ({value} t/a), ist zu groß; "
    "höchstens 999.999.999,999 t/a sind möglich."
)
LINE_TOO_LARGE = (
    "Die Energiemenge {value} kWh/a ist zu groß; höchstens 999.999.999.999,99 kWh/a sind möglich."
)


@pytest.fixture
def manager_a(client, world):
    client.force_login(world.climate_manager_a)
    return client


def carrier_with_factor(name: str, kg_per_kwh: str, year: int = 2021):
    carrier = EnergyCarrierFactory(name=name)
    EmissionFactorFactory(carrier=carrier, year=year, kg_per_kwh=Decimal(kg_per_kwh))
    return carrier


@pytest.fixture
def oil():
    return carrier_with_factor("Testöl", "0.266")


@pytest.fixture
def coal():
    """A carrier whose factor (2 kg/kWh) makes 500 billion kWh more than a billion tonnes."""
    return carrier_with_factor("Testkohle", "2")


def two_rows(world, second, first_kwh: str, second_kwh: str, effect: str = "saved") -> dict:
    """The new-measure form with two energy rows: the world's gas and `second`."""
    return new_measure_data(
        world,
        **{
            "energie-0-kwh": first_kwh,
            "energie-0-effect": effect,
            "energie-1-carrier": str(second.pk),
            "energie-1-kwh": second_kwh,
            "energie-1-effect": effect,
        },
    )


def test_two_largest_lines_are_refused_in_the_form_instead_of_overflowing(manager_a, world, oil):
    response = manager_a.post(NEW, two_rows(world, oil, LARGEST_KWH, LARGEST_KWH))

    assert response.status_code == 422
    message = SUM_TOO_LARGE.format(value="1.999.999.999.999,98")
    assert response.context["form"].errors["__all__"] == [message]
    assert message in response.content.decode()
    assert not Measure.objects.exists()
    assert not MeasureEnergy.objects.exists()


def test_a_sum_of_added_energy_too_large_is_refused_too(manager_a, world, oil):
    response = manager_a.post(NEW, two_rows(world, oil, LARGEST_KWH, "0,02", effect="added"))

    assert response.status_code == 422
    assert response.context["form"].errors["__all__"] == [
        SUM_TOO_LARGE.format(value="-1.000.000.000.000,01")
    ]
    assert not Measure.objects.exists()


def test_the_largest_sum_that_fits_is_saved(manager_a, world, oil):
    response = manager_a.post(NEW, two_rows(world, oil, "999.999.999.999,98", "0,01"))

    assert response.status_code == 302
    measure = Measure.objects.get()
    assert measure.energy_savings_kwh == Decimal("999999999999.99")
    # 999,999,999,999.98 kWh × 0.201 kg + 0.01 kWh × 0.266 kg = 200,999,999,999.998… kg
    assert measure.co2_savings_t == Decimal("201000000.000")


def test_an_edit_that_makes_the_sum_too_large_is_refused_and_changes_nothing(manager_a, world, oil):
    measure = world.measure(energy=[energy(world.gas, "999999999999.99")])
    form = MeasureForm(instance=measure, user=world.climate_manager_a)
    data = form_data(form, **{"energie-1-carrier": str(oil.pk), "energie-1-kwh": "1"})

    response = manager_a.post(reverse("measure_edit", args=[measure.pk]), data)

    assert response.status_code == 422
    assert response.context["form"].errors["__all__"] == [
        SUM_TOO_LARGE.format(value="1.000.000.000.000,99")
    ]
    measure.refresh_from_db()
    assert (measure.version, measure.energy_savings_kwh) == (1, Decimal("999999999999.99"))
    assert measure.energy.count() == 1


def test_greenhouse_gas_savings_too_large_for_their_column_are_refused(manager_a, world, coal):
    data = new_measure_data(
        world, energy_carrier=str(coal.pk), energy_savings_kwh="600.000.000.000"
    )

    response = manager_a.post(NEW, data)

    assert response.status_code == 422
    message = CO2_TOO_LARGE.format(value="1.200.000.000,000")  # 600 billion kWh × 2 kg
    assert response.context["form"].errors["__all__"] == [message]
    assert message in response.content.decode()
    assert not Measure.objects.exists()


def test_the_largest_greenhouse_gas_savings_that_fit_are_saved_and_one_more_is_not(
    manager_a, world
):
    one_kg = carrier_with_factor("Testbrennstoff", "1")
    fits = new_measure_data(
        world, energy_carrier=str(one_kg.pk), energy_savings_kwh="999.999.999.999"
    )
    # 999,999,999.9995 t rounds to a billion tonnes, one kilogram too many.
    too_large = {**fits, "energie-0-kwh": "999.999.999.999,50", "title": "Zu groß"}

    refused = manager_a.post(NEW, too_large)
    saved = manager_a.post(NEW, fits)

    assert refused.context["form"].errors["__all__"] == [
        CO2_TOO_LARGE.format(value="1.000.000.000,000")
    ]
    assert saved.status_code == 302
    assert Measure.objects.get().co2_savings_t == Decimal("999999999.999")


def test_the_service_refuses_lines_whose_sum_is_too_large(world, oil):
    measure = Measure(
        participation=world.participation_a, focus_area=world.buildings, title="Zu viel"
    )
    lines = [energy(world.gas, "999999999999.99"), energy(oil, "999999999999.99")]

    with pytest.raises(ValidationError) as excinfo:
        save_measure(measure=measure, energy=lines)

    assert messages_of(excinfo) == {"__all__": [SUM_TOO_LARGE.format(value="1.999.999.999.999,98")]}
    assert not Measure.objects.exists()


def test_the_service_refuses_a_line_too_large_for_its_column(world):
    measure = Measure(
        participation=world.participation_a, focus_area=world.buildings, title="Zu viel"
    )

    with pytest.raises(ValidationError) as excinfo:
        save_measure(measure=measure, energy=[energy(world.gas, "1" + "0" * 30)])

    value = "1" + ".000" * 10 + ",00"
    assert messages_of(excinfo) == {"__all__": [LINE_TOO_LARGE.format(value=value)]}
    assert not Measure.objects.exists()


def import_row(world, **cells) -> dict[str, str]:
    return row(Titel="Energiezentrale", **{"Geplanter Abschluss": "30.11.2023", **cells})


def test_an_imported_energy_cell_too_large_for_its_column_is_reported_on_it(manager_a, world):
    cells = {"Endenergieeinsparung (kWh/a)": "5.000.000.000.000", "Energieträger": "Testgas"}

    response = upload(manager_a, world, csv_file([import_row(world, **cells)]))

    assert response.status_code == 200
    assert [(r.number, r.errors) for r in response.context["rows"]] == [
        (2, ["Endenergieeinsparung (kWh/a): "
             + LINE_TOO_LARGE.format(value="5.000.000.000.000,00")]),
    ]  # fmt: skip
    assert response.context["token"] is None
    assert not Measure.objects.exists()


def test_an_imported_number_beyond_any_column_is_reported_not_an_error_page(manager_a, world, oil):
    cells = {"Zusätzlich bezogen (kWh/a)": "1" + "0" * 30, "Zusätzlicher Energieträger": "Testöl"}

    response = upload(manager_a, world, csv_file([import_row(world, **cells)]))

    assert response.status_code == 200
    value = "1" + ".000" * 10 + ",00"
    assert response.context["rows"][0].errors == [
        "Zusätzlich bezogen (kWh/a): " + LINE_TOO_LARGE.format(value=value)
    ]


def test_imported_greenhouse_gas_savings_too_large_are_reported_once(manager_a, world, coal):
    cells = {"Endenergieeinsparung (kWh/a)": "600.000.000.000", "Energieträger": "Testkohle"}

    response = upload(manager_a, world, csv_file([import_row(world, **cells)]))

    assert response.status_code == 200
    assert response.context["rows"][0].errors == [
        "THG-Einsparung (t/a): " + CO2_TOO_LARGE.format(value="1.200.000.000,000")
    ]
    assert response.context["token"] is None
    assert not Measure.objects.exists()


def test_the_largest_imported_energy_is_imported(manager_a, world, oil):
    cells = {
        "Endenergieeinsparung (kWh/a)": LARGEST_KWH,
        "Energieträger": "Testgas",
        "Zusätzlich bezogen (kWh/a)": LARGEST_KWH,
        "Zusätzlicher Energieträger": "Testöl",
    }
    token = upload(manager_a, world, csv_file([import_row(world, **cells)])).context["token"]

    response = manager_a.post(reverse("measure_import_confirm"), {"token": token})

    assert response.status_code == 302
    measure = Measure.objects.get()
    assert measure.energy_savings_kwh == Decimal("0")
    # 999,999,999,999.99 kWh × (0.201 − 0.266) kg = −64,999,999,999.999… kg
    assert measure.co2_savings_t == Decimal("-65000000.000")


def test_completing_a_measure_whose_new_factor_gives_too_much_is_refused(client, world):
    measure = world.measure(
        energy=[energy(world.gas, "600000000000")], planned_end=datetime.date(2023, 6, 30)
    )
    EmissionFactorFactory(carrier=world.gas, year=2024, kg_per_kwh=Decimal("2"))
    client.force_login(world.climate_manager_a)

    response = client.post(reverse("measure_status", args=[measure.pk]), {"status": "completed"})

    assert response.status_code == 302
    assert [str(m) for m in get_messages(response.wsgi_request)] == [
        CO2_TOO_LARGE.format(value="1.200.000.000,000")
    ]
    measure.refresh_from_db()
    assert (measure.status, measure.version) == ("planned", 1)


def test_a_factor_set_giving_too_much_is_refused_and_nothing_changes(client, world):
    measure = world.measure(title="Großverbraucher", energy=[energy(world.gas, "600000000000")])
    large = FactorSet.objects.create(
        name="Testbasis", slug="testbasis", basis="co2", source="Test", year=2024
    )
    EmissionFactorFactory(factor_set=large, carrier=world.gas, kg_per_kwh=Decimal("2"))
    client.force_login(world.coordinator)

    data = network_form_data(world.network, factor_set=large.pk)
    response = client.post(reverse("network_edit", args=[world.network.slug]), data)

    assert response.status_code == 422
    assert response.context["form"].errors["factor_set"] == [
        "In „Testbasis“ wäre die THG-Einsparung von „Großverbraucher“ zu groß zum Speichern. "
        "Bitte erst die Energiemengen dieser Maßnahmen prüfen; es ist nichts geändert."
    ]
    assert world.network.__class__.objects.get(pk=world.network.pk).factor_set.slug == "bafa-2021"
    measure.refresh_from_db()
    assert measure.co2_savings_t == Decimal("120600000.000")  # 600 billion kWh × 0.201 kg
