import pytest
from django.urls import reverse

from networks.models import Network
from tests.factories import MeasureFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("module_personas")]


def test_form_preselects_all_current_municipalities(client, personas):
    client.force_login(personas.coordinator)
    response = client.get(reverse("successor_new", args=["netzwerk-test"]))
    form = response.context["form"]
    assert {m.name for m in form.initial["municipalities"]} == {"Altenbeken", "Borchen"}


def test_coordinator_founds_a_successor(client, personas):
    MeasureFactory(participation=personas.participation_a, title="Geplant")
    client.force_login(personas.coordinator)
    response = client.post(
        reverse("successor_new", args=["netzwerk-test"]),
        {"name": "Netzwerk Test 2", "slug": "netzwerk-test-2", "term_start": "2025-07-01",
         "term_end": "2028-06-30", "municipalities": [personas.municipality_a.pk],
         "copy_targets": "on"},
    )  # fmt: skip
    assert response.status_code == 302
    assert response["Location"] == "/netzwerke/netzwerk-test-2/"
    successor = Network.objects.get(slug="netzwerk-test-2")
    assert successor.predecessor == personas.network
    assert [m.title for m in successor.participations.get().measures.all()] == ["Geplant"]
    page = client.get(reverse("network", args=["netzwerk-test"])).content.decode()
    assert 'href="/netzwerke/netzwerk-test-2/">Netzwerk Test 2</a>' in page


def test_a_taken_slug_gets_a_german_message_and_nothing_is_founded(client, personas):
    client.force_login(personas.coordinator)
    response = client.post(
        reverse("successor_new", args=["netzwerk-test"]),
        {"name": "X", "slug": "fremdes-netzwerk", "term_start": "2025-07-01",
         "term_end": "2028-06-30", "municipalities": [personas.municipality_a.pk]},
    )  # fmt: skip
    assert response.status_code == 422
    assert (
        "Netzwerk mit diesem Wert für das Feld Kurzname (URL) existiert bereits."
        in response.content.decode()
    )
    assert Network.objects.count() == 2
