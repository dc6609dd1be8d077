import pytest
from django.urls import reverse

from lib.conflicts import EditConflict
from measures.forms import MeasureForm
from measures.models import Measure
from measures.services import change_status, update_measure
from tests.measures.support import form_data, today

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.usefixtures("module_personas", "running_networks"),
]


def edit_url(measure):
    return reverse("measure_edit", args=[measure.pk])


def save_as(user, measure, **changes):
    """Somebody else edits the measure through the service, from a fresh form."""
    current = Measure.objects.get(pk=measure.pk)
    form = MeasureForm(
        form_data(MeasureForm(instance=current, user=user), **changes), instance=current, user=user
    )
    assert form.is_valid(), form.errors
    return update_measure(
        measure=form.instance, user=user, base_version=form.cleaned_data["version"]
    )


@pytest.fixture
def loaded(client, world):
    """Climate manager A has the edit form of version 1 open."""
    measure = world.measure(user=world.climate_manager_a)
    client.force_login(world.climate_manager_a)
    response = client.get(edit_url(measure))
    assert response.context["form"]["version"].value() == 1
    return measure, response.context["form"]


def test_a_stale_edit_is_refused_and_shows_what_the_other_person_changed(client, world, loaded):
    measure, form = loaded
    stale = form_data(form, title="Heizungstausch im Rathaus")
    save_as(world.coordinator, measure, responsible="Stadtwerke")

    response = client.post(edit_url(measure), stale)

    html = response.content.decode()
    assert response.status_code == 409
    assert f"{world.coordinator.name} hat die Maßnahme inzwischen geändert" in html
    assert "<strong>Verantwortlich:</strong> Bauamt → Stadtwerke" in html
    assert "– unten übernommen." in html
    current = Measure.objects.get(pk=measure.pk)
    assert (current.title, current.responsible, current.version) == (
        "Heizungstausch Rathaus",
        "Stadtwerke",
        2,
    )
    merged = response.context["form"]
    assert merged["responsible"].value() == "Stadtwerke"  # theirs, untouched by me
    assert merged["title"].value() == "Heizungstausch im Rathaus"  # mine
    assert merged["version"].value() == "2"
    assert 'name="responsible" value="Stadtwerke"' in html


def test_the_re_rendered_form_saves_on_the_second_post(client, world, loaded):
    measure, form = loaded
    stale = form_data(form, title="Heizungstausch im Rathaus")
    save_as(world.coordinator, measure, responsible="Stadtwerke")
    merged = client.post(edit_url(measure), stale).context["form"]

    response = client.post(edit_url(measure), form_data(merged))

    assert response.status_code == 302
    current = Measure.objects.get(pk=measure.pk)
    assert (current.title, current.responsible, current.version) == (
        "Heizungstausch im Rathaus",
        "Stadtwerke",
        3,
    )


def test_a_field_both_changed_keeps_my_value_and_is_marked(client, world, loaded):
    measure, form = loaded
    stale = form_data(form, responsible="Ordnungsamt")
    save_as(world.coordinator, measure, responsible="Stadtwerke")

    response = client.post(edit_url(measure), stale)

    html = response.content.decode()
    assert response.status_code == 409
    assert "auch Sie haben dieses Feld geändert; unten steht Ihr Wert. Bitte prüfen." in html
    assert response.context["form"]["responsible"].value() == "Ordnungsamt"
    assert Measure.objects.get(pk=measure.pk).responsible == "Stadtwerke"


def test_a_status_change_in_between_is_taken_over_into_the_stale_form(client, world, loaded):
    measure, form = loaded
    stale = form_data(form, description="Neuer Kessel")
    change_status(measure=measure, user=world.coordinator, status="completed")

    response = client.post(edit_url(measure), stale)

    html = response.content.decode()
    day = today().strftime("%d.%m.%Y")
    assert response.status_code == 409
    assert "<strong>Status:</strong> geplant → abgeschlossen" in html
    assert f"<strong>tatsächlicher Abschluss:</strong> – → {day}" in html
    merged = response.context["form"]
    assert merged["status"].value() == "completed"
    assert merged["completed_on"].value() == today().isoformat()
    assert merged["description"].value() == "Neuer Kessel"

    assert client.post(edit_url(measure), form_data(merged)).status_code == 302
    current = Measure.objects.get(pk=measure.pk)
    assert (current.status, current.completed_on, current.description) == (
        "completed",
        today(),
        "Neuer Kessel",
    )


def test_update_measure_raises_edit_conflict_and_saves_nothing(world):
    measure = world.measure(user=world.climate_manager_a)
    loaded = Measure.objects.get(pk=measure.pk)
    form = MeasureForm(
        form_data(MeasureForm(instance=loaded, user=world.climate_manager_a), title="Meins"),
        instance=loaded,
        user=world.climate_manager_a,
    )
    assert form.is_valid(), form.errors
    save_as(world.coordinator, measure, responsible="Stadtwerke")

    with pytest.raises(EditConflict) as excinfo:
        update_measure(
            measure=form.instance,
            user=world.climate_manager_a,
            base_version=form.cleaned_data["version"],
        )

    assert [(c.label, c.old, c.new) for c in excinfo.value.changes] == [
        ("Verantwortlich", "Bauamt", "Stadtwerke")
    ]
    assert excinfo.value.current.version == 2
    current = Measure.objects.get(pk=measure.pk)
    assert (current.title, current.version) == ("Heizungstausch Rathaus", 2)
    assert current.history.count() == 2
