"""Edit conflicts have one mechanism (lib.conflicts): an integer version the form
was loaded with, compared under a lock, and one exception for every kind of object."""

import pytest
from django.core.exceptions import ValidationError

from events import services as events
from events.models import AgendaItem, Minutes
from lib.conflicts import EditConflict, check_version
from measures.forms import MeasureForm
from measures.models import Measure
from measures.services import update_measure
from networks.forms import NetworkForm
from networks.models import Network
from networks.services import update_network
from tests.events.support import World as MeetingWorld
from tests.measures.support import World as MeasureWorld
from tests.measures.support import form_data
from tests.portal.test_network_edit import form_data as network_form_data

pytestmark = pytest.mark.django_db


class Thing:
    updated_at = None


def test_check_version_lets_the_loaded_version_pass():
    assert check_version(3, 3, current=Thing()) is None


def test_check_version_refuses_an_older_version_with_the_object_as_it_is_now():
    thing = Thing()
    with pytest.raises(EditConflict) as excinfo:
        check_version(4, 3, current=thing)
    assert isinstance(excinfo.value, ValidationError)
    assert excinfo.value.code == "conflict"
    assert excinfo.value.current is thing
    assert (excinfo.value.base, excinfo.value.changes) == (None, [])
    assert excinfo.value.message.startswith("Jemand hat das inzwischen geändert (")


def test_check_version_builds_an_objects_own_conflict_only_when_there_is_one():
    built = []

    def conflict(current, loaded_version):
        built.append(loaded_version)
        return EditConflict("Anders", current=current)

    check_version(2, 2, current=Thing(), conflict=conflict)
    assert built == []
    with pytest.raises(EditConflict) as excinfo:
        check_version(2, None, current=Thing(), conflict=conflict)
    assert (built, excinfo.value.message) == ([None], "Anders")


@pytest.fixture
def meetings(personas) -> MeetingWorld:
    return MeetingWorld(personas)


def test_a_meeting_edit_conflict(meetings):
    meeting = meetings.upcoming
    events.update_meeting(meeting=meeting, user=meetings.coordinator, base_sequence=0)
    with pytest.raises(EditConflict) as excinfo:
        events.update_meeting(meeting=meeting, user=meetings.coordinator, base_sequence=0)
    assert excinfo.value.current.sequence == 1


def test_an_agenda_item_edit_conflict(meetings):
    item = AgendaItem.objects.create(meeting=meetings.upcoming, position=1, title="Begrüßung")
    with pytest.raises(EditConflict) as excinfo:
        events.update_agenda_item(item=item, user=meetings.coordinator, base_version=0)
    assert excinfo.value.current.version == 1
    assert excinfo.value.message.startswith("Jemand hat diesen Tagesordnungspunkt")


def test_a_minutes_edit_conflict(meetings):
    events.save_minutes(meeting=meetings.past, user=meetings.coordinator, text="A", base_version=0)
    with pytest.raises(EditConflict) as excinfo:
        events.save_minutes(
            meeting=meetings.past, user=meetings.coordinator, text="B", base_version=0
        )
    assert excinfo.value.current == Minutes.objects.get()
    assert excinfo.value.current.version == 1


@pytest.mark.usefixtures("running_networks")
def test_a_measure_edit_conflict(personas):
    world = MeasureWorld(personas)
    measure = world.measure(user=world.climate_manager_a)
    loaded = Measure.objects.get(pk=measure.pk)
    form = MeasureForm(
        form_data(MeasureForm(instance=loaded, user=world.climate_manager_a), title="Meins"),
        instance=loaded,
        user=world.climate_manager_a,
    )
    assert form.is_valid(), form.errors
    Measure.objects.filter(pk=measure.pk).update(version=2)
    with pytest.raises(EditConflict) as excinfo:
        update_measure(
            measure=form.instance,
            user=world.climate_manager_a,
            base_version=form.cleaned_data["version"],
        )
    assert excinfo.value.current.version == 2


def test_every_save_of_a_network_raises_its_version(personas):
    network = Network.objects.get(pk=personas.network.pk)
    assert network.version == 1
    network.contact_name = "Zweite Person"
    network.save()
    network.save(update_fields=["contact_name", "updated_at"])
    assert Network.objects.get(pk=network.pk).version == 3
    # A save of some fields without the change time leaves the version, as it left
    # updated_at (the demo data's description, for example).
    network.save(update_fields=["description"])
    assert Network.objects.get(pk=network.pk).version == 3


def test_the_network_form_carries_the_version(personas):
    network = Network.objects.get(pk=personas.network.pk)
    network.save()
    assert NetworkForm(instance=network).initial["version"] == 2


def test_a_network_edit_conflict(personas):
    loaded = Network.objects.get(pk=personas.network.pk)
    form = NetworkForm(network_form_data(loaded, contact_name="Erste Person"), instance=loaded)
    assert form.is_valid(), form.errors
    Network.objects.get(pk=loaded.pk).save()
    with pytest.raises(EditConflict) as excinfo:
        save_network_form(form, personas.coordinator)
    assert excinfo.value.current.version == 2
    assert excinfo.value.message.startswith("Das Netzwerk wurde inzwischen geändert (")
    assert Network.objects.get(pk=loaded.pk).contact_name == ""


def test_a_network_edit_on_the_current_version_saves_and_raises_it(personas):
    loaded = Network.objects.get(pk=personas.network.pk)
    form = NetworkForm(network_form_data(loaded, contact_name="Erste Person"), instance=loaded)
    assert form.is_valid(), form.errors
    save_network_form(form, personas.coordinator)
    network = Network.objects.get(pk=loaded.pk)
    assert (network.contact_name, network.version) == ("Erste Person", 2)


def save_network_form(form, user):
    return update_network(
        network=form.instance,
        user=user,
        base_version=form.cleaned_data["version"],
        focus_areas=form.cleaned_data["focus_areas"],
        service_providers=form.cleaned_data["service_providers"],
    )
