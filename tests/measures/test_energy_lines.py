"""Greenhouse-gas figures that say what they are: a measure's energy saved and added
per carrier, counted with its network's factor set, its lifetime, and a network that
changes its set. The factors are the catalogue's (BAFA 2021 and UBA electricity in the
programme's set, GEMIS in the BISKO set), loaded by the data migrations."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from measures.models import EnergyCarrier, Measure
from measures.services import RECOUNTED, recount_measures, save_measure
from networks.models import FactorSet, Network
from reports.figures.building import report_figures
from tests.factories import FocusAreaFactory, MeasureFactory, energy
from tests.helpers import messages_of
from tests.measures.support import new_measure_data
from tests.portal.test_network_edit import form_data

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("module_personas")]

OIL_BOILER_TO_HEAT_PUMP = [("heizoel", "saved", "100000"), ("strom", "added", "30000")]


def carrier(slug: str) -> EnergyCarrier:
    return EnergyCarrier.objects.get(slug=slug)


def measure_of(personas, lines, **fields) -> Measure:
    """A measure of municipality A, completed in 2024, with these energy lines."""
    area = FocusAreaFactory()
    personas.network.focus_areas.add(area)
    measure = Measure(
        participation=personas.participation_a,
        focus_area=area,
        title=fields.pop("title", "Heizungstausch Bürgerhaus"),
        status=Measure.Status.COMPLETED,
        completed_on=datetime.date(2024, 6, 30),
        **fields,
    )
    return save_measure(
        measure=measure, energy=[energy(carrier(slug), kwh, effect) for slug, effect, kwh in lines]
    )


def count_in(network: Network, slug: str) -> None:
    network.factor_set = FactorSet.objects.get(slug=slug)
    network.save()


def test_a_fuel_switch_saves_the_old_carrier_and_adds_the_new_one(personas):
    measure = measure_of(personas, OIL_BOILER_TO_HEAT_PUMP)
    measure.refresh_from_db()
    # BAFA: 100,000 kWh × 0.266 kg − 30,000 kWh × 0.380 kg (UBA 2023) = 15,200 kg CO₂.
    assert measure.co2_savings_t == Decimal("15.200")
    assert measure.energy_savings_kwh == Decimal("70000")
    lines = {(line.carrier.slug, line.effect): line for line in measure.energy.all()}
    assert lines["heizoel", "saved"].factor.kg_per_kwh == Decimal("0.266")
    assert lines["strom", "added"].factor.year == 2023


def test_own_pv_generation_saves_electricity_from_the_grid(personas):
    measure = measure_of(personas, [("strom", "saved", "95000")], title="PV Schuldach")
    assert measure.co2_savings_t == Decimal("36.100")  # 95,000 × 0.380 kg


def test_a_switch_that_emits_more_than_it_saves_is_stored_as_it_is(personas):
    # Wood pellets (0.036) replaced by a heat pump on grid electricity (0.380).
    lines = [("holzpellets", "saved", "100000"), ("strom", "added", "30000")]
    measure = measure_of(personas, lines)
    assert measure.co2_savings_t == Decimal("-7.800")  # 3,600 − 11,400 kg
    assert measure.energy_savings_kwh == Decimal("70000")


def test_a_network_on_bisko_counts_co2_equivalents_and_keeps_the_bafa_figure(personas):
    count_in(personas.network, "bisko-gemis")
    measure = measure_of(personas, [("erdgas", "saved", "120000")])
    assert measure.co2_savings_t == Decimal("30.000")  # 120,000 × 0.250 kg CO₂e
    figures = measure.ghg_in_sets(FactorSet.objects.all())
    assert [(f["set"].slug, f["co2"], f["set"].unit) for f in figures] == [
        ("bisko-gemis", Decimal("30.000"), "t CO₂e/a"),
        ("bafa-2021", Decimal("24.120"), "t CO₂/a"),  # 120,000 × 0.201 kg CO₂
    ]


def test_a_carrier_without_a_factor_in_the_set_has_no_comparison_figure(personas):
    measure = measure_of(personas, OIL_BOILER_TO_HEAT_PUMP)
    bisko = FactorSet.objects.get(slug="bisko-gemis")
    assert measure.ghg_effect(bisko.pk) is None  # GEMIS electricity is not in the catalogue


def test_the_measure_page_labels_each_figure_by_its_gas(client, personas):
    measure = measure_of(personas, [("erdgas", "saved", "120000")], lifetime_years=15)
    client.force_login(personas.coordinator)
    html = client.get(reverse("measure", args=[measure.pk])).content.decode()
    assert "24,120 t CO₂/a <span" in html
    assert "(BAFA 2021 (CO₂))" in html
    assert "Zum Vergleich: BISKO/GEMIS (CO₂e)</dt><dd>30,000 t CO₂e/a" in html
    assert "15 Jahre: 361,8 t CO₂ über die Nutzungsdauer" in html


def test_a_measure_without_energy_offers_no_comparison(client, personas):
    study = measure_of(personas, [], title="Machbarkeitsstudie PV")
    assert [f["set"].slug for f in study.ghg_in_sets(FactorSet.objects.all())] == ["bafa-2021"]
    client.force_login(personas.coordinator)
    html = client.get(reverse("measure", args=[study.pk])).content.decode()
    assert "Zum Vergleich" not in html


def test_the_network_page_says_co2e_for_a_bisko_network(client, personas):
    count_in(personas.network, "bisko-gemis")
    client.force_login(personas.coordinator)
    html = client.get(reverse("network", args=[personas.network.slug])).content.decode()
    assert "Ziel t CO₂e/a</a>" in html and "erreicht t CO₂e/a</a>" in html
    assert "Ziel t CO₂/a" not in html


def test_the_measure_list_sums_co2_and_co2e_apart(client, personas):
    measure_of(personas, [("erdgas", "saved", "120000")])
    other = personas.other_network
    count_in(other, "bisko-gemis")
    MeasureFactory(
        participation__network=other,
        status=Measure.Status.COMPLETED,
        completed_on=datetime.date(2024, 1, 1),
        co2_savings_t=Decimal("30"),
    )
    client.force_login(personas.superuser)
    html = client.get(reverse("measure_list"), {"kommune": ""}).content.decode()
    assert '<span class="nowrap">24,1 t CO₂/a</span><br><span class="nowrap">30,0 t CO₂e/a' in html


def test_reports_give_the_savings_over_the_lifetime_of_completed_measures(personas):
    measure_of(personas, [("erdgas", "saved", "120000")], title="Heizung", lifetime_years=15)
    measure_of(personas, OIL_BOILER_TO_HEAT_PUMP, title="Wärmepumpe", lifetime_years=20)
    measure_of(personas, [("strom", "saved", "1000")], title="Ohne Angabe")
    # Logged within the term, so the final report reads them as they stood at its end.
    Measure.history.update(history_date=datetime.datetime(2025, 1, 1, tzinfo=datetime.UTC))
    network = personas.network
    figures = report_figures(network, start=network.term_start, end=network.term_end)
    # 24.120 t × 15 years + 15.200 t × 20 years = 361.8 + 304 t
    assert figures.totals.lifetime_co2_t == Decimal("665.800")
    assert figures.totals.without_lifetime == 1
    assert figures.network.ghg.unit == "t CO₂/a"


def test_choosing_another_set_counts_every_measure_again(client, personas):
    gas = measure_of(personas, [("erdgas", "saved", "120000")])
    by_hand = measure_of(
        personas, [], title="Fuhrpark", co2_manual=True, co2_savings_t=Decimal("18.5"),
        co2_manual_reason="Diesel",
    )  # fmt: skip
    bisko = FactorSet.objects.get(slug="bisko-gemis")
    client.force_login(personas.coordinator)
    data = form_data(personas.network, factor_set=bisko.pk)
    response = client.post(reverse("network_edit", args=[personas.network.slug]), data)
    assert response.status_code == 302
    gas.refresh_from_db()
    assert gas.co2_savings_t == Decimal("30.000")
    assert gas.history.first().history_change_reason == RECOUNTED
    by_hand.refresh_from_db()
    assert by_hand.co2_savings_t == Decimal("18.500")


def test_a_set_lacking_a_factor_is_refused_and_nothing_changes(client, personas):
    switch = measure_of(personas, OIL_BOILER_TO_HEAT_PUMP)
    bisko = FactorSet.objects.get(slug="bisko-gemis")
    client.force_login(personas.coordinator)
    data = form_data(personas.network, factor_set=bisko.pk, contact_name="Neu")
    response = client.post(reverse("network_edit", args=[personas.network.slug]), data)
    assert response.status_code == 422
    assert response.context["form"].errors["factor_set"] == [
        "In „BISKO/GEMIS (CO₂e)“ fehlt ein Emissionsfaktor für Strom (Netzbezug). Bitte "
        "erst den Faktor im Katalog ergänzen oder diese Maßnahmen von Hand rechnen; es ist "
        "nichts geändert."
    ]
    network = Network.objects.get(pk=personas.network.pk)
    assert (network.factor_set.slug, network.contact_name) == ("bafa-2021", "")
    switch.refresh_from_db()
    assert switch.co2_savings_t == Decimal("15.200")


def test_only_the_coordination_counts_a_network_again(personas):
    for person in (personas.other_coordinator, personas.climate_manager_a, personas.funder):
        with pytest.raises(PermissionDenied):
            recount_measures(network=personas.network, user=person)


def test_the_same_carrier_twice_with_one_effect_is_refused(personas):
    lines = [("erdgas", "saved", "1000"), ("erdgas", "saved", "2000")]
    with pytest.raises(ValidationError) as excinfo:
        measure_of(personas, lines)
    assert messages_of(excinfo)["__all__"] == [
        "Jeden Energieträger bitte nur einmal als eingespart und einmal als zusätzlich "
        "bezogen eintragen."
    ]
    assert not Measure.objects.exists()


def test_editing_the_lines_updates_the_changed_and_drops_the_removed(personas):
    measure = measure_of(personas, OIL_BOILER_TO_HEAT_PUMP)
    kept = measure.energy.get(effect="saved")
    save_measure(measure=measure, energy=[energy(carrier("heizoel"), "90000")])
    assert [(line.pk, line.kwh) for line in measure.energy.all()] == [(kept.pk, Decimal("90000"))]
    assert measure.co2_savings_t == Decimal("23.940")  # 90,000 × 0.266
    assert kept.history.count() == 2  # created, then changed


def test_a_blank_energy_row_needs_no_effect(client, world):
    """A row left empty is no line, even if a client sends it without its effect."""
    client.force_login(world.coordinator)
    data = new_measure_data(world)
    data.pop("energie-1-effect")
    data.pop("energie-2-effect")
    response = client.post(reverse("measure_new"), data)
    assert response.status_code == 302
    assert Measure.objects.get().energy.count() == 1
