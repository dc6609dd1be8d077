"""Energy carriers and focus areas are catalogue data with a German and an English
name: pages show the one of the reader's language, spreadsheets keep the German."""

from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import translation

from measures.catalogue import load_reference_factors, name_carriers_in_english
from measures.models import EmissionFactor, EnergyCarrier, Measure
from measures.spreadsheets import export_csv
from networks.catalogue import load_focus_areas, name_focus_areas_in_english
from networks.models import FactorSet, FocusArea

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("module_personas")]


@pytest.fixture
def lighting_with_gas(world) -> Measure:
    # What the data migrations load (and the demo seed), idempotent.
    load_focus_areas(FocusArea)
    load_reference_factors(EnergyCarrier, EmissionFactor, FactorSet)
    name_focus_areas_in_english(FocusArea)
    name_carriers_in_english(EnergyCarrier)
    lighting = FocusArea.objects.get(slug="beleuchtung")
    world.network.focus_areas.add(lighting)
    return world.measure(
        focus_area=lighting,
        energy_carrier=EnergyCarrier.objects.get(slug="erdgas"),
        energy_savings_kwh=Decimal(1000),
    )


def reader(client, user, language):
    user.language = language
    user.save(update_fields=["language"])
    client.force_login(user)
    return client


def test_the_reference_rows_have_english_names():
    load_focus_areas(FocusArea)  # as the data migrations do
    load_reference_factors(EnergyCarrier, EmissionFactor, FactorSet)
    name_focus_areas_in_english(FocusArea)
    name_carriers_in_english(EnergyCarrier)
    assert dict(FocusArea.objects.values_list("slug", "name_en")) == {
        "abwasser": "Energy-efficient wastewater treatment",
        "energieversorgung": "Environmentally friendly energy supply",
        "beleuchtung": "Innovative lighting",
        "quartier": "Neighbourhood solutions",
        "mobilitaet": "Climate-friendly mobility",
    }
    assert EnergyCarrier.objects.get(slug="strom").name_en == "Electricity (from the grid)"


def test_an_english_name_edited_in_the_admin_stays(world):
    load_focus_areas(FocusArea)
    FocusArea.objects.filter(slug="quartier").update(name_en="District solutions")
    name_focus_areas_in_english(FocusArea)
    assert FocusArea.objects.get(slug="quartier").name_en == "District solutions"


@pytest.mark.usefixtures("running_networks")
def test_measure_pages_in_english_show_english_carrier_and_focus_area(
    client, world, lighting_with_gas
):
    reader(client, world.climate_manager_a, "en")
    detail = client.get(reverse("measure", args=[lighting_with_gas.pk])).content.decode()
    assert "<dd>Innovative lighting</dd>" in detail
    assert '<th scope="row">Natural gas</th><td>saved</td>' in detail
    assert "Innovative Beleuchtung" not in detail and "Erdgas" not in detail
    listing = client.get(reverse("measure_list"), {"kommune": ""}).content.decode()
    assert '<span class="muted">Innovative lighting · ' in listing
    form = client.get(reverse("measure_edit", args=[lighting_with_gas.pk])).context["form"]
    areas = dict(form.fields["focus_area"].choices[1][1])
    assert areas[lighting_with_gas.focus_area_id] == "Innovative lighting"
    carriers = dict(form.energy.forms[0].fields["carrier"].choices)
    assert carriers[lighting_with_gas.energy.get().carrier_id] == "Natural gas"


def test_the_network_page_in_english_shows_english_focus_areas(client, world, lighting_with_gas):
    reader(client, world.climate_manager_a, "en")
    response = client.get(reverse("network", args=[world.network.slug]))
    html = response.content.decode()
    assert "<li>Innovative lighting</li>" in html
    assert [row["focus_area__name"] for row in response.context["by_focus_area"]] == [
        "Innovative lighting"
    ]
    assert '<th scope="row">Innovative lighting</th>' in html
    assert "Innovative Beleuchtung" not in html


def test_german_readers_keep_the_german_names(client, world, lighting_with_gas):
    reader(client, world.climate_manager_a, "de")
    detail = client.get(reverse("measure", args=[lighting_with_gas.pk])).content.decode()
    assert "<dd>Innovative Beleuchtung</dd>" in detail
    assert '<th scope="row">Erdgas</th><td>eingespart</td>' in detail
    network = client.get(reverse("network", args=[world.network.slug])).content.decode()
    assert '<th scope="row">Innovative Beleuchtung</th>' in network


def test_a_spreadsheet_exported_in_english_keeps_the_german_names(lighting_with_gas):
    with translation.override("en"):
        text = export_csv([lighting_with_gas]).decode("utf-8-sig")
    assert ";Innovative Beleuchtung;" in text
    assert ";Erdgas;" in text
    assert "lighting" not in text and "Natural gas" not in text
