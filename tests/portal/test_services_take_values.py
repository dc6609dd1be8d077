"""Services take model instances and values, not forms: a management command, the demo
loader or a future API calls them the same way the views do."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from measures.models import Measure
from measures.services import create_measure, update_measure
from networks.models import Network
from networks.services import update_network
from tests.factories import FocusAreaFactory
from tests.measures.support import World

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("module_personas")]


def test_update_network_takes_the_network_its_version_and_relations(personas):
    area = FocusAreaFactory(name="Gebäude")
    network = Network.objects.get(pk=personas.network.pk)
    network.contact_name = "Erste Person"
    update_network(
        network=network,
        user=personas.coordinator,
        base_version=1,
        focus_areas=[area],
        service_providers=[],
    )
    network = Network.objects.get(pk=network.pk)
    assert (network.contact_name, network.version) == ("Erste Person", 2)
    assert list(network.focus_areas.all()) == [area]
    assert list(network.service_providers.all()) == []


def test_update_network_keeps_the_model_rules_without_a_form(personas):
    network = Network.objects.get(pk=personas.network.pk)
    network.term_end = network.term_start - datetime.timedelta(days=1)
    with pytest.raises(ValidationError) as excinfo:
        update_network(
            network=network,
            user=personas.coordinator,
            base_version=1,
            focus_areas=[],
            service_providers=[],
        )
    assert excinfo.value.message_dict == {
        "term_end": ["Das Ende der Laufzeit muss nach ihrem Beginn liegen."]
    }
    assert Network.objects.get(pk=network.pk).version == 1


def test_update_network_checks_its_caller(personas):
    network = Network.objects.get(pk=personas.network.pk)
    with pytest.raises(PermissionDenied):
        update_network(
            network=network,
            user=personas.funder,
            base_version=1,
            focus_areas=[],
            service_providers=[],
        )


@pytest.mark.usefixtures("running_networks")
def test_create_and_update_measure_take_the_measure(personas):
    world = World(personas)
    measure = create_measure(
        measure=Measure(
            participation=personas.participation_a, focus_area=world.buildings, title="LED"
        ),
        user=personas.climate_manager_a,
    )
    assert (measure.title, measure.version) == ("LED", 1)
    measure.title = "LED-Beleuchtung"
    update_measure(measure=measure, user=personas.climate_manager_a, base_version=1)
    current = Measure.objects.get(pk=measure.pk)
    assert (current.title, current.version) == ("LED-Beleuchtung", 2)
