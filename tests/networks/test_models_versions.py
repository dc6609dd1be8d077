"""A network's version (issue 29): every save raises it, so an edit based on an older
version is refused (lib.conflicts); a save of chosen fields writes those and
the version, nothing else."""

import pytest

from networks.models import Network
from tests.factories import NetworkFactory

pytestmark = pytest.mark.django_db


def test_saving_chosen_fields_writes_only_them_and_the_raised_version():
    network = NetworkFactory(name="Alt", description="Alte Beschreibung")
    loaded_before = Network.objects.get(pk=network.pk)
    # Changed meanwhile without a save (and so without a new version).
    Network.objects.filter(pk=network.pk).update(description="Neue Beschreibung")
    loaded_before.name = "Umbenannt"
    loaded_before.save(update_fields=["name", "updated_at"])
    stored = Network.objects.get(pk=network.pk)
    assert (stored.name, stored.description, stored.version) == (
        "Umbenannt",
        "Neue Beschreibung",
        2,
    )


def test_saving_chosen_fields_without_the_change_time_keeps_the_version():
    network = NetworkFactory(description="Alt")
    network.description = "Neu"
    network.save(update_fields=["description"])
    stored = Network.objects.get(pk=network.pk)
    assert (stored.description, stored.version) == ("Neu", 1)
