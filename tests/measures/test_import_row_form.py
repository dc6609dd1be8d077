"""One import row as a form: cells as fields, the measure checked by the model's rules."""

import datetime
from decimal import Decimal

import pytest
from django.utils import translation

from measures.models import Measure
from measures.spreadsheets import IMPORT_HEADERS, ImportRowForm
from measures.spreadsheets.checking import Lookups
from tests.factories import EmissionFactorFactory, EnergyCarrierFactory, FocusAreaFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("module_personas")]


@pytest.fixture
def lookups(personas):
    gas = EnergyCarrierFactory(name="Testgas", slug="testgas")
    EmissionFactorFactory(carrier=gas, year=2021, kg_per_kwh=Decimal("0.201"))
    personas.network.focus_areas.add(FocusAreaFactory(name="Gebäude", slug="test-gebaeude"))
    return Lookups(personas.network, personas.coordinator)


def test_the_form_reads_every_imported_column_and_no_other():
    labels = [field.label for field in ImportRowForm.base_fields.values()]
    assert sorted(labels) == sorted(IMPORT_HEADERS)


def test_a_row_is_read_into_an_unsaved_measure_with_its_savings(personas, lookups):
    form = ImportRowForm(
        {
            "AGS": personas.municipality_a.ags.lstrip("0"),
            "Themenschwerpunkt": "gebäude",
            "Titel": " Dämmung Schule ",
            "Status": "in Umsetzung",
            "Geplanter Beginn": "1.2.2024",
            "Investition (EUR)": "1.234,5",
            "Endenergieeinsparung (kWh/a)": "5000",
            "Energieträger": "testgas",
            "THG-Einsparung (t/a)": "kein Wert, da berechnet",
        },
        lookups=lookups,
    )

    assert form.is_valid(), form.errors
    measure = form.measure
    assert measure.pk is None
    assert measure.participation == personas.participation_a
    assert measure.focus_area.slug == "test-gebaeude"
    assert measure.title == "Dämmung Schule"
    assert measure.status == Measure.Status.IN_PROGRESS
    assert measure.planned_start == datetime.date(2024, 2, 1)
    assert measure.investment_eur == Decimal("1234.5")
    assert measure.co2_manual is False
    assert measure.co2_savings_t == Decimal("1.005")


def test_each_error_stays_on_its_field_and_the_messages_follow_the_columns(personas, lookups):
    form = ImportRowForm(
        {
            "AGS": "12345678",
            "Themenschwerpunkt": "Gebäude",
            "Titel": "Fehlerhaft",
            "Status": "fertig",
            "Investition (EUR)": "12x",
            "Fördermittel (EUR)": "500",
        },
        lookups=lookups,
    )

    assert not form.is_valid()
    assert {name: list(errors) for name, errors in form.errors.items()} == {
        "status": [
            "Status: Unbekannter Status „fertig“ (erlaubt: geplant, in Umsetzung, "
            "abgeschlossen, zurückgestellt, abgebrochen)."
        ],
        "investment_eur": ["Investition (EUR): „12x“ ist keine Zahl (z. B. 1.234,5)."],
        "ags": ["AGS: Unbekannte Kommune „12345678“ (nicht im Netzwerk „Netzwerk Test“)."],
    }
    assert form.messages() == [
        "AGS: Unbekannte Kommune „12345678“ (nicht im Netzwerk „Netzwerk Test“).",
        "Status: Unbekannter Status „fertig“ (erlaubt: geplant, in Umsetzung, abgeschlossen, "
        "zurückgestellt, abgebrochen).",
        "Investition (EUR): „12x“ ist keine Zahl (z. B. 1.234,5).",
    ]


@pytest.mark.parametrize(
    ("manual", "errors"),
    [
        ("nein", {}),
        (
            "ja",
            {"co2_savings_t": ["THG-Einsparung (t/a): „viel“ ist keine Zahl (z. B. 1.234,5)."]},
        ),
    ],
)
def test_the_savings_in_t_co2e_are_read_only_when_entered_by_hand(
    personas, lookups, manual, errors
):
    form = ImportRowForm(
        {
            "Kommune": "Altenbeken",
            "Themenschwerpunkt": "Gebäude",
            "Titel": "Von Hand?",
            "THG von Hand (ja/nein)": manual,
            "THG-Einsparung (t/a)": "viel",
            "Begründung Handeingabe": "Messung",
        },
        lookups=lookups,
    )

    form.is_valid()
    assert {name: list(messages) for name, messages in form.errors.items()} == errors


def test_a_fuel_switch_is_imported_with_its_added_carrier_and_lifetime(personas, lookups):
    form = ImportRowForm(
        {
            "Kommune": personas.municipality_a.name,
            "Themenschwerpunkt": "Gebäude",
            "Titel": "Wärmepumpe Bauhof",
            "Tatsächlicher Abschluss": "30.06.2024",
            "Status": "abgeschlossen",
            "Endenergieeinsparung (kWh/a)": "100.000",
            "Energieträger": "Heizöl",
            "Zusätzlich bezogen (kWh/a)": "30.000",
            "Zusätzlicher Energieträger": "strom",
            "Nutzungsdauer (Jahre)": "20",
        },
        lookups=lookups,
    )

    assert form.is_valid(), form.errors
    lines = [(line.carrier.slug, line.effect, line.kwh) for line in form.measure.energy_lines()]
    assert lines == [("heizoel", "saved", Decimal("100000")), ("strom", "added", Decimal("30000"))]
    assert form.measure.co2_savings_t == Decimal("15.200")  # 26,600 − 11,400 kg CO₂
    assert form.measure.energy_savings_kwh == Decimal("70000")
    assert form.measure.lifetime_years == 20


@pytest.mark.parametrize(
    ("cells", "errors"),
    [
        (
            {"Zusätzlich bezogen (kWh/a)": "30.000"},
            {"added_carrier": ["Zusätzlicher Energieträger: Bitte den Energieträger angeben."]},
        ),
        (
            {"Zusätzlich bezogen (kWh/a)": "100", "Zusätzlicher Energieträger": "testgas"},
            {
                "added_carrier": [
                    "Zusätzlicher Energieträger: Derselbe Energieträger kann nicht eingespart "
                    "und zusätzlich bezogen werden."
                ]
            },
        ),
        (
            {"Nutzungsdauer (Jahre)": "12,5"},
            {"lifetime_years": ["Nutzungsdauer (Jahre): „12,5“ ist keine ganze Zahl von Jahren."]},
        ),
        (
            {"Nutzungsdauer (Jahre)": "-3"},
            {
                "lifetime_years": [
                    "Nutzungsdauer (Jahre): Die Nutzungsdauer muss zwischen 1 und 100 Jahren "
                    "liegen."
                ]
            },
        ),
        (
            {"Nutzungsdauer (Jahre)": "150"},
            {
                "lifetime_years": [
                    "Nutzungsdauer (Jahre): Die Nutzungsdauer muss zwischen 1 und 100 Jahren "
                    "liegen."
                ]
            },
        ),
    ],
    ids=[
        "added-without-carrier",
        "same-carrier-both-ways",
        "years-not-whole",
        "years-negative",
        "years-too-many",
    ],
)
def test_energy_and_lifetime_cells_are_checked_on_their_columns(personas, lookups, cells, errors):
    row = {
        "Kommune": personas.municipality_a.name,
        "Themenschwerpunkt": "Gebäude",
        "Titel": "Heizung",
        "Endenergieeinsparung (kWh/a)": "1.000",
        "Energieträger": "testgas",
        **cells,
    }
    form = ImportRowForm(row, lookups=lookups)
    assert not form.is_valid()
    assert {name: list(messages) for name, messages in form.errors.items()} == errors


@pytest.mark.parametrize(
    ("language", "message"),
    [
        ("de", "Kommune: „Altenbeken“ ist am 31.01.2024 aus dem Netzwerk ausgeschieden."),
        ("en", "Kommune: “Altenbeken” left the network on 31 Jan 2024."),
    ],
)
def test_a_municipality_that_left_is_refused_with_the_day_as_the_readers_language_writes_it(
    personas, language, message
):
    personas.participation_a.left_on = datetime.date(2024, 1, 31)
    personas.participation_a.save()
    lookups = Lookups(personas.network, personas.coordinator)
    with translation.override(language):
        form = ImportRowForm(
            {"Kommune": "Altenbeken", "Titel": "Nach dem Austritt", "Status": "geplant"},
            lookups=lookups,
        )
        assert not form.is_valid()
        assert list(form.errors["municipality"]) == [message]
