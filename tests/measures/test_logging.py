import datetime
import re
from decimal import Decimal

import pytest
from django.urls import reverse

from measures.models import EmissionFactor, Measure
from networks.models import Membership
from tests.factories import EnergyCarrierFactory
from tests.measures.support import new_measure_data

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.usefixtures("module_personas", "running_networks"),
]

NEW = reverse("measure_new")
CO2 = reverse("measure_co2")


@pytest.fixture
def manager_a(client, world):
    client.force_login(world.climate_manager_a)
    return client


def test_a_climate_manager_logs_a_measure_with_german_numbers(manager_a, world):
    response = manager_a.post(NEW, new_measure_data(world))
    measure = Measure.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("measure", args=[measure.pk])
    assert measure.participation == world.participation_a
    assert measure.investment_eur == Decimal("1234567.50")
    assert measure.subsidy_eur == Decimal("250000")
    assert measure.energy_savings_kwh == Decimal("120000")
    assert measure.co2_savings_t == Decimal("24.120")
    line = measure.energy.get()
    assert (line.carrier, line.effect, line.kwh) == (world.gas, "saved", Decimal("120000"))
    assert line.factor == EmissionFactor.objects.get(carrier=world.gas, year=2021)
    assert measure.completed_on == datetime.date(2023, 11, 30)
    assert measure.version == 1
    assert measure.history.get().history_user == world.climate_manager_a


def test_the_form_offers_only_the_own_municipality_and_its_networks_focus_areas(manager_a, world):
    response = manager_a.get(NEW)
    form = response.context["form"]
    assert response.status_code == 200
    assert list(form.fields["participation"].queryset) == [world.participation_a]
    # With a single participation it is chosen already.
    assert form.initial["participation"] == world.participation_a.pk
    assert form.fields["focus_area"].choices == [
        ("", "Bitte wählen"),
        ("Netzwerk Test", [(world.buildings.pk, "Gebäude"), (world.lighting.pk, "Beleuchtung")]),
    ]
    html = response.content.decode()
    assert '<optgroup label="Netzwerk Test">' in html
    assert "Borchen" not in html
    assert "Fremdes Netzwerk" not in html
    assert "Fremder Schwerpunkt" not in html


def test_focus_areas_are_grouped_by_network_when_the_municipality_is_in_two(manager_a, world):
    # A takes part in both networks; its climate manager got a role from both organisations.
    Membership.objects.create(
        user=world.climate_manager_a,
        role=Membership.Role.CLIMATE_MANAGER,
        municipality=world.municipality_a,
        organisation=world.other_org,
    )
    form = manager_a.get(NEW).context["form"]
    assert [label for label, _areas in form.fields["focus_area"].choices[1:]] == [
        "Fremdes Netzwerk",
        "Netzwerk Test",
    ]
    assert form.fields["focus_area"].choices[1][1] == [
        (world.foreign_area.pk, "Fremder Schwerpunkt")
    ]
    assert [str(p) for p in form.fields["participation"].queryset] == [
        "Altenbeken – Fremdes Netzwerk",
        "Altenbeken – Netzwerk Test",
    ]


def test_a_participation_of_another_municipality_is_refused(manager_a, world):
    data = new_measure_data(world, participation=str(world.participation_b.pk))
    response = manager_a.post(NEW, data)
    assert response.status_code == 422
    assert response.context["form"].errors["participation"] == [
        "Bitte eine gültige Auswahl treffen. Dies ist keine gültige Auswahl."
    ]
    assert Measure.objects.count() == 0


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        (
            {"planned_start": "2023-06-01", "planned_end": "2023-05-31"},
            "planned_end",
            "Der geplante Abschluss kann nicht vor dem geplanten Beginn liegen.",
        ),
        (
            {"investment_eur": "1.000", "subsidy_eur": "1.000,01"},
            "subsidy_eur",
            "Die Fördermittel dürfen die Investition nicht übersteigen.",
        ),
        (
            {"completed_on": ""},
            "completed_on",
            "Für eine abgeschlossene Maßnahme bitte das Abschlussdatum angeben.",
        ),
        (
            {"co2_manual": "on", "co2_savings_t": "3,5", "co2_manual_reason": ""},
            "co2_manual_reason",
            "Bitte begründen, warum die THG-Einsparung von Hand eingetragen wird.",
        ),
    ],
    ids=["planned-dates", "subsidy", "completed-without-date", "manual-co2"],
)
def test_model_rules_come_back_as_german_form_errors(manager_a, world, changes, field, message):
    response = manager_a.post(NEW, new_measure_data(world, **changes))
    assert response.status_code == 422
    assert response.context["form"].errors[field] == [message]
    assert message in response.content.decode()
    assert Measure.objects.count() == 0


def test_a_negative_energy_row_is_refused_on_its_row_in_german(manager_a, world):
    response = manager_a.post(NEW, new_measure_data(world, energy_savings_kwh="-5"))
    assert response.status_code == 422
    form = response.context["form"]
    assert form.errors["__all__"] == ["Bitte die Angaben zu den Energieträgern prüfen."]
    assert form.energy.forms[0].errors["kwh"] == [
        "Bitte eine Energiemenge größer als null angeben; was die Maßnahme zusätzlich "
        "verbraucht, als „zusätzlich bezogen“."
    ]
    assert not Measure.objects.exists()


def test_a_focus_area_of_another_network_is_refused_in_german(manager_a, world):
    Membership.objects.create(
        user=world.climate_manager_a,
        role=Membership.Role.CLIMATE_MANAGER,
        municipality=world.municipality_a,
        organisation=world.other_org,
    )
    data = new_measure_data(world, focus_area=str(world.foreign_area.pk))
    response = manager_a.post(NEW, data)
    assert response.status_code == 422
    assert response.context["form"].errors["focus_area"] == [
        "Der Themenschwerpunkt gehört nicht zum Netzwerk „Netzwerk Test“."
    ]
    assert Measure.objects.count() == 0


def test_the_co2_preview_shows_the_figure_in_german(manager_a, world):
    data = new_measure_data(world, completed_on="2023-11-30")
    response = manager_a.post(CO2, data, HTTP_HX_REQUEST="true")
    html = response.content.decode()
    assert response.status_code == 200
    assert "<html" not in html
    assert '<span class="co2-figure">24,120 t CO₂/a netto</span>' in html
    text = " ".join(re.sub(r"<[^>]+>", " ", html).split())
    assert "(BAFA 2021 (CO₂)):" in text
    assert "Testgas eingespart: 120.000 kWh/a × 0,201 kg CO₂/kWh (Faktor 2021)" in text


def test_the_co2_preview_says_when_no_factor_exists_for_carrier_and_year(manager_a, world):
    wood = EnergyCarrierFactory(name="Scheitholz")
    data = new_measure_data(
        world, energy_savings_kwh="5.000", energy_carrier=wood.pk, completed_on="2024-06-30"
    )
    response = manager_a.post(CO2, data, HTTP_HX_REQUEST="true")
    text = " ".join(re.sub(r"<[^>]+>", " ", response.content.decode()).split())
    assert text == (
        "Für Scheitholz gibt es in der Faktorbasis „BAFA 2021 (CO₂)“ keinen Emissionsfaktor "
        "für 2024 oder früher. Bitte die THG-Einsparung von Hand mit Begründung eintragen."
    )


def test_the_co2_preview_without_figures_explains_the_computation(manager_a, world):
    response = manager_a.post(CO2, {"energy_savings_kwh": ""}, HTTP_HX_REQUEST="true")
    text = " ".join(re.sub(r"<[^>]+>", " ", response.content.decode()).split())
    assert text == (
        "Die THG-Einsparung wird aus den Energieträgern und den Emissionsfaktoren des "
        "Netzwerks berechnet."
    )
