"""The evidence behind a measure's savings and the coordination's check (issue 34):
the model's rules with their messages, the database's constraints behind them, the
form's fieldset, the measure page, the check and its withdrawal, the list's filters."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse

from lib.conflicts import EditConflict
from measures.forms import MeasureForm
from measures.models import Measure
from measures.services import add_document, check_measure, update_measure, withdraw_check
from tests.factories import png_upload
from tests.measures.support import form_data

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.usefixtures("module_personas", "running_networks"),
]


@pytest.fixture
def measure(world):
    return world.measure(
        user=world.climate_manager_a,
        status="completed",
        completed_on=datetime.date(2023, 5, 1),
        energy_carrier=world.gas,
        energy_savings_kwh="120000",
    )


@pytest.fixture
def document(world, measure):
    return add_document(measure=measure, user=world.climate_manager_a, upload=png_upload())


def errors_of(measure) -> dict:
    with pytest.raises(ValidationError) as raised:
        measure.full_clean()
    return raised.value.message_dict


# The model's rules, each with its German message and its constraint.


def test_measured_savings_need_the_readings_before_and_after(measure):
    measure.evidence = "measured"
    assert errors_of(measure) == {
        "consumption_before_kwh": [
            "Für eine gemessene Einsparung bitte den Verbrauch vorher und nachher angeben."
        ],
        "consumption_after_kwh": [
            "Für eine gemessene Einsparung bitte den Verbrauch vorher und nachher angeben."
        ],
    }


def test_the_measured_period_ends_after_it_begins(measure):
    measure.evidence = "measured"
    measure.consumption_before_kwh, measure.consumption_after_kwh = Decimal(400), Decimal(280)
    measure.measured_from = measure.measured_until = datetime.date(2024, 1, 1)
    assert errors_of(measure) == {
        "measured_until": ["Das Ende des Messzeitraums muss nach seinem Beginn liegen."]
    }
    measure.measured_until = None
    assert errors_of(measure) == {
        "measured_until": ["Bitte den Messzeitraum mit Beginn und Ende angeben."]
    }


def test_readings_are_not_negative(measure):
    measure.evidence = "measured"
    measure.consumption_before_kwh, measure.consumption_after_kwh = Decimal(-1), Decimal(280)
    assert errors_of(measure) == {
        "consumption_before_kwh": ["Ein Verbrauch kann nicht negativ sein."]
    }


def test_readings_belong_to_measured_savings_only(measure):
    measure.evidence = "estimated"
    measure.consumption_after_kwh = Decimal(0)
    assert errors_of(measure) == {
        "consumption_after_kwh": [
            "Messzeitraum und Verbrauch nur bei einer gemessenen Einsparung angeben."
        ]
    }


def test_calculated_savings_name_their_study(measure):
    measure.evidence = "calculated"
    measure.evidence_source = "  "
    assert errors_of(measure) == {
        "evidence_source": [
            "Bitte die Studie oder das Energieaudit nennen, aus dem die Berechnung stammt."
        ]
    }


def test_the_evidence_document_is_one_of_the_measures_own(world, measure):
    other = world.measure(title="Andere Maßnahme")
    foreign = add_document(measure=other, user=world.coordinator, upload=png_upload())
    measure.evidence_document = foreign
    assert errors_of(measure) == {
        "evidence_document": ["Bitte eines der Dokumente dieser Maßnahme wählen."]
    }


@pytest.mark.parametrize(
    ("fields", "constraint"),
    [
        ({"evidence": "guessed"}, "measures_measure_evidence_valid"),
        (
            {"evidence": "measured", "consumption_before_kwh": 1, "consumption_after_kwh": 1,
             "measured_from": datetime.date(2024, 2, 1),
             "measured_until": datetime.date(2024, 1, 1)},
            "measures_measure_measured_period_order",
        ),
        (
            {"evidence": "measured", "consumption_before_kwh": -1, "consumption_after_kwh": 1},
            "measures_measure_readings_not_negative",
        ),
        ({"evidence": "estimated", "consumption_before_kwh": 5},
         "measures_measure_readings_only_measured"),
        ({"evidence": "measured"}, "measures_measure_measured_has_readings"),
        ({"evidence": "calculated", "evidence_source": ""},
         "measures_measure_calculated_has_source"),
        ({"check_note": "ohne Datum"}, "measures_measure_check_has_date"),
    ],
)  # fmt: skip
def test_the_database_keeps_each_rule(measure, fields, constraint):
    with pytest.raises(IntegrityError, match=constraint), transaction.atomic():
        Measure.objects.filter(pk=measure.pk).update(**fields)


# The form and the page.


def test_the_edit_form_saves_the_evidence_and_offers_only_the_measures_documents(
    client, world, measure, document
):
    other = world.measure(title="Andere Maßnahme")
    add_document(measure=other, user=world.coordinator, upload=png_upload())
    client.force_login(world.climate_manager_a)
    form = client.get(reverse("measure_edit", args=[measure.pk])).context["form"]
    assert list(form.fields["evidence_document"].queryset) == [document]
    data = form_data(
        form,
        evidence="measured",
        measured_from="2023-06-01",
        measured_until="2024-05-31",
        consumption_before_kwh="400.000",
        consumption_after_kwh="280.000",
        evidence_note="Zählerstände des Hausmeisters",
        evidence_document=str(document.pk),
    )
    response = client.post(reverse("measure_edit", args=[measure.pk]), data)
    assert response.status_code == 302
    measure.refresh_from_db()
    assert (measure.evidence, measure.consumption_before_kwh, measure.consumption_after_kwh) == (
        "measured",
        Decimal("400000"),
        Decimal("280000"),
    )
    assert (measure.measured_from, measure.measured_until) == (
        datetime.date(2023, 6, 1),
        datetime.date(2024, 5, 31),
    )
    assert measure.evidence_document == document
    page = client.get(measure.get_absolute_url()).content.decode()
    assert "Nachweis der Einsparung" in page
    assert "gemessen 120.000 kWh weniger" in page
    assert document.get_absolute_url() in page


def test_a_new_measure_form_offers_no_document(client, world):
    client.force_login(world.climate_manager_a)
    response = client.get(reverse("measure_new"))
    assert list(response.context["form"].fields["evidence_document"].queryset) == []
    assert 'name="evidence_document"' not in response.content.decode()
    assert "Nachweis der Einsparung" in response.content.decode()


def test_an_edit_form_refuses_readings_of_an_estimate_with_the_models_message(
    client, world, measure
):
    client.force_login(world.climate_manager_a)
    form = client.get(reverse("measure_edit", args=[measure.pk])).context["form"]
    data = form_data(form, evidence="estimated", consumption_before_kwh="10")
    response = client.post(reverse("measure_edit", args=[measure.pk]), data)
    assert response.status_code == 422
    assert response.context["form"].errors["consumption_before_kwh"] == [
        "Messzeitraum und Verbrauch nur bei einer gemessenen Einsparung angeben."
    ]


def test_a_measure_without_evidence_says_so(client, world, measure):
    client.force_login(world.climate_manager_b)
    page = client.get(measure.get_absolute_url()).content.decode()
    assert "nicht angegeben" in page
    assert "Noch nicht von der Koordination geprüft." in page
    assert reverse("measure_check", args=[measure.pk]) not in page


# The coordination's check.


def check_url(measure):
    return reverse("measure_check", args=[measure.pk])


def test_the_coordinator_checks_a_measure_against_its_document(client, world, measure, document):
    client.force_login(world.coordinator)
    version = Measure.objects.get(pk=measure.pk).version
    response = client.post(
        check_url(measure), {"document": document.pk, "note": "Stichprobe", "version": version}
    )
    assert response.status_code == 302
    measure.refresh_from_db()
    assert (measure.checked_by, measure.checked_document, measure.check_note) == (
        world.coordinator,
        document,
        "Stichprobe",
    )
    assert measure.checked_at is not None
    assert measure.version == version + 1
    assert (measure.checked_energy_kwh, measure.checked_co2_t) == (
        Decimal("120000.00"),
        Decimal("24.120"),
    )
    assert not measure.changed_after_check()
    page = client.get(measure.get_absolute_url()).content.decode()
    assert f"von {world.coordinator.name}" in page
    # The history keeps who checked it, against which document.
    assert (
        f"<strong>geprüft von:</strong> <del>–</del> → <ins>{world.coordinator.name}</ins>" in page
    )
    assert f"<strong>geprüft anhand:</strong> <del>–</del> → <ins>{document.name}</ins>" in page


def test_a_check_by_htmx_returns_the_check_panel(client, world, measure, document):
    client.force_login(world.coordinator)
    response = client.post(
        check_url(measure),
        {"document": document.pk, "version": measure.version},
        HTTP_HX_REQUEST="true",
    )
    html = response.content.decode().strip()
    assert response.status_code == 200
    assert html.startswith('<div id="check"')
    assert "Die Maßnahme ist als geprüft markiert." in html
    assert "Prüfung zurücknehmen" in html


def test_a_check_needs_a_document(client, world, measure, document):
    client.force_login(world.coordinator)
    response = client.post(
        check_url(measure), {"document": "", "version": measure.version}, HTTP_HX_REQUEST="true"
    )
    assert response.status_code == 422
    assert "Bitte das Dokument wählen, anhand dessen geprüft wurde." in response.content.decode()
    assert Measure.objects.get(pk=measure.pk).checked_at is None


def test_a_check_against_another_measures_document_is_refused(world, measure, document):
    other = world.measure(title="Andere Maßnahme")
    foreign = add_document(measure=other, user=world.coordinator, upload=png_upload())
    with pytest.raises(ValidationError) as raised:
        check_measure(
            measure=measure, user=world.coordinator, document=foreign, base_version=measure.version
        )
    assert raised.value.message_dict == {
        "document": ["Bitte eines der Dokumente dieser Maßnahme wählen."]
    }


def test_a_check_on_a_measure_changed_meanwhile_is_a_conflict(client, world, measure, document):
    client.force_login(world.coordinator)
    loaded = measure.version
    measure.title = "Heizungstausch im Rathaus"
    update_measure(measure=measure, user=world.climate_manager_a, base_version=loaded)
    response = client.post(check_url(measure), {"document": document.pk, "version": loaded})
    assert response.status_code == 409
    assert response.context["check_form"]["version"].value() == loaded + 1
    assert Measure.objects.get(pk=measure.pk).checked_at is None


def test_climate_managers_may_not_check_the_measures_they_keep(world, measure, document):
    with pytest.raises(PermissionDenied):
        check_measure(
            measure=measure,
            user=world.climate_manager_a,
            document=document,
            base_version=measure.version,
        )


@pytest.mark.parametrize(
    ("persona", "status"),
    [("climate_manager_a", 403), ("climate_manager_b", 403), ("other_coordinator", 404),
     ("funder", 404), ("outsider", 404)],
)  # fmt: skip
def test_only_the_coordination_checks(client, world, measure, document, persona, status):
    client.force_login(getattr(world, persona))
    response = client.post(check_url(measure), {"document": document.pk, "version": 1})
    assert response.status_code == status
    withdraw = client.post(reverse("measure_check_withdraw", args=[measure.pk]), {"version": 1})
    assert withdraw.status_code == status


def test_the_coordinator_withdraws_a_check_and_the_history_keeps_it(
    client, world, measure, document
):
    checked = check_measure(
        measure=measure, user=world.coordinator, document=document, base_version=measure.version
    )
    client.force_login(world.coordinator)
    response = client.post(
        reverse("measure_check_withdraw", args=[measure.pk]), {"version": checked.version}
    )
    assert response.status_code == 302
    measure.refresh_from_db()
    assert (measure.checked_at, measure.checked_by, measure.checked_document) == (None, None, None)
    assert measure.version == checked.version + 1
    records = list(measure.history.order_by("history_date", "history_id"))
    assert [r.checked_by_id for r in records[-2:]] == [world.coordinator.pk, None]
    with pytest.raises(EditConflict):
        withdraw_check(measure=measure, user=world.coordinator, base_version=checked.version)


def test_savings_changed_after_the_check_keep_the_mark_and_say_so(client, world, measure, document):
    """The decision (issue 34): the mark stays, as the history does, but the page, the
    reports and the API say the savings changed after the check."""
    check_measure(
        measure=measure, user=world.coordinator, document=document, base_version=measure.version
    )
    current = Measure.objects.get(pk=measure.pk)
    client.force_login(world.climate_manager_a)
    form = client.get(reverse("measure_edit", args=[measure.pk])).context["form"]
    data = form_data(form, **{"energie-0-kwh": "150000"})
    assert client.post(reverse("measure_edit", args=[measure.pk]), data).status_code == 302
    current.refresh_from_db()
    assert current.checked_at is not None
    assert current.energy_savings_kwh == Decimal("150000.00")
    assert current.changed_after_check()
    page = client.get(measure.get_absolute_url()).content.decode()
    assert "Geändert nach Prüfung" in page


def test_an_edit_after_a_check_is_a_conflict_and_keeps_the_check(client, world, measure, document):
    client.force_login(world.climate_manager_a)
    form = client.get(reverse("measure_edit", args=[measure.pk])).context["form"]
    check_measure(
        measure=measure, user=world.coordinator, document=document, base_version=measure.version
    )
    response = client.post(
        reverse("measure_edit", args=[measure.pk]), form_data(form, title="Neuer Titel")
    )
    assert response.status_code == 409
    assert "– auch Sie haben dieses Feld geändert" not in response.content.decode()
    assert Measure.objects.get(pk=measure.pk).checked_by == world.coordinator


# The list's filters.


def test_the_list_filters_by_evidence_and_by_check(client, world, measure, document):
    estimated = world.measure(title="Geschätzte Maßnahme", evidence="estimated")
    check_measure(
        measure=measure, user=world.coordinator, document=document, base_version=measure.version
    )
    client.force_login(world.coordinator)

    def titles(query):
        response = client.get(reverse("measure_list") + query)
        return [m.title for m in response.context["page"]]

    assert titles("?nachweis=estimated") == [estimated.title]
    assert titles("?nachweis=keiner") == [measure.title]
    assert titles("?geprueft=ja") == [measure.title]
    assert titles("?geprueft=nein") == [estimated.title]
    assert "✓&nbsp;geprüft" in client.get(reverse("measure_list") + "?geprueft=ja").content.decode()


def test_the_form_lists_the_evidence_fields(world):
    form = MeasureForm(user=world.coordinator)
    assert {"evidence", "measured_from", "consumption_after_kwh", "evidence_source"} <= set(
        form.fields
    )
    assert form.fields["evidence"].choices[0] == ("", "nicht angegeben")
