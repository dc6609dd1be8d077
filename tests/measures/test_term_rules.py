"""Rules that follow a network's term: after it, new measures belong in the running
(successor) network, only the coordination corrects the ended network's data and
the history says so; status changes do not date anything after the term; actual
dates outside the term are saved with a warning.

The personas' network ended on 30 June 2025 (NetworkFactory)."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from measures.models import Measure
from measures.services import change_status, create_measure, import_measures
from measures.spreadsheets import read_rows, validate_rows
from tests.measures.support import form_data, today
from tests.measures.test_spreadsheets import IMPORT_HEADER, upload

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("module_personas")]

CORRECTION = Measure.CORRECTION_AFTER_TERM


def test_a_climate_manager_reads_but_no_longer_changes_an_ended_networks_measures(client, world):
    measure = world.measure(user=world.climate_manager_a)
    client.force_login(world.climate_manager_a)
    page = client.get(measure.get_absolute_url())
    assert page.status_code == 200
    text = page.content.decode()
    assert "Die Laufzeit des Netzwerks endete am 30.06.2025." in text
    assert "Korrekturen nimmt die Koordination vor." in text
    assert reverse("measure_edit", args=[measure.pk]) not in text
    assert reverse("measure_status", args=[measure.pk]) not in text
    assert client.get(reverse("measure_new")).status_code == 403
    assert client.get(reverse("measure_edit", args=[measure.pk])).status_code == 403
    response = client.post(reverse("measure_status", args=[measure.pk]), {"status": "in_progress"})
    assert response.status_code == 403
    assert Measure.objects.get(pk=measure.pk).status == Measure.Status.PLANNED
    with pytest.raises(PermissionDenied):
        create_measure(
            measure=Measure(
                participation=world.participation_a, focus_area=world.buildings, title="Neu"
            ),
            user=world.climate_manager_a,
        )


def test_the_same_climate_manager_works_on_while_the_network_runs(client, running_networks):
    client.force_login(running_networks.climate_manager_a)
    assert client.get(reverse("measure_new")).status_code == 200


def test_the_coordination_corrects_an_ended_network_and_the_history_says_so(client, world):
    measure = world.measure(user=world.climate_manager_a)
    client.force_login(world.coordinator)
    form = client.get(reverse("measure_edit", args=[measure.pk])).context["form"]
    assert "Altenbeken (Netzwerk Test, beendet: Korrektur)" in str(form["participation"])
    response = client.post(
        reverse("measure_edit", args=[measure.pk]),
        form_data(form, responsible="Kämmerei", started_on="01.03.2025"),
    )
    assert response.status_code == 302
    latest = measure.history.order_by("-history_date", "-history_id").first()
    assert (latest.responsible, latest.history_change_reason) == ("Kämmerei", CORRECTION)
    page = client.get(measure.get_absolute_url()).content.decode()
    assert "Korrektur nach Laufzeitende" in page
    assert "Änderungen hier werden im Änderungsverlauf als Korrektur" in page


def test_a_measure_the_coordination_adds_after_the_term_is_recorded_as_a_correction(world):
    measure = create_measure(
        measure=Measure(
            participation=world.participation_a, focus_area=world.buildings, title="Nachtrag"
        ),
        user=world.coordinator,
    )
    assert measure.history.get().history_change_reason == CORRECTION


def test_a_change_while_the_network_runs_is_no_correction(running_networks, world):
    measure = world.measure(user=world.climate_manager_a)
    measure = change_status(measure=measure, user=world.climate_manager_a, status="in_progress")
    assert measure.started_on == today()
    assert set(measure.history.values_list("history_change_reason", flat=True)) == {None}


def test_a_status_change_after_the_term_dates_nothing_after_it(world):
    measure = world.measure(user=world.coordinator)
    measure = change_status(measure=measure, user=world.coordinator, status="in_progress")
    assert (measure.status, measure.started_on) == ("in_progress", None)
    history = measure.history.order_by("-history_date", "-history_id").first()
    assert history.history_change_reason == CORRECTION


def test_completing_after_the_term_asks_for_the_date_in_german(client, world):
    measure = world.measure(user=world.coordinator, started_on=datetime.date(2024, 5, 1))
    client.force_login(world.coordinator)
    response = client.post(
        reverse("measure_status", args=[measure.pk]), {"status": "completed"}, follow=True
    )
    assert (
        "Die Laufzeit des Netzwerks ist zu Ende: bitte den tatsächlichen Abschluss "
        "unter „Bearbeiten“ eintragen."
    ) in response.content.decode()
    current = Measure.objects.get(pk=measure.pk)
    assert (current.status, current.completed_on) == ("planned", None)


def test_actual_dates_outside_the_term_are_saved_with_a_warning(client, world):
    measure = world.measure(
        user=world.coordinator,
        status=Measure.Status.COMPLETED,
        started_on=datetime.date(2022, 3, 1),
        completed_on=datetime.date(2025, 9, 15),
    )
    assert measure.dates_outside_term() == [
        "Der tatsächliche Beginn (01.03.2022) liegt vor der Laufzeit des Netzwerks "
        "(ab 01.07.2022).",
        "Der tatsächliche Abschluss (15.09.2025) liegt nach der Laufzeit des Netzwerks "
        "(bis 30.06.2025).",
    ]
    client.force_login(world.climate_manager_a)
    page = client.get(measure.get_absolute_url()).content.decode()
    assert page.count("Im Bericht des Netzwerks zählt nur, was in der Laufzeit liegt.") == 2
    inside = world.measure(user=world.coordinator, started_on=datetime.date(2023, 3, 1))
    assert inside.dates_outside_term() == []
    assert (
        "Im Bericht des Netzwerks zählt nur"
        not in client.get(inside.get_absolute_url()).content.decode()
    )


def test_an_import_into_an_ended_network_is_the_coordinations_correction(world):
    content = "\r\n".join([IMPORT_HEADER, "Altenbeken;Gebäude;Nachgemeldet;geplant;;;;;"])
    rows = validate_rows(read_rows(upload(content)), network=world.network, user=world.coordinator)
    with pytest.raises(PermissionDenied):
        import_measures(
            network=world.network, user=world.climate_manager_a, file_name="x.csv", rows=rows
        )
    assert not Measure.objects.filter(title="Nachgemeldet").exists()
    checked = validate_rows(
        read_rows(upload(content)), network=world.network, user=world.climate_manager_a
    )
    assert checked[0].errors  # the climate manager is told on the preview already
    record = import_measures(
        network=world.network, user=world.coordinator, file_name="x.csv", rows=rows
    )
    measure = record.measures.get()
    assert measure.history.get().history_change_reason == CORRECTION
