import pytest
from django.urls import reverse

from tests.factories import MeasureFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("module_personas")]


def url(personas, municipality="altenbeken"):
    return reverse("participant", args=[personas.network.slug, municipality])


def test_participant_page_shows_targets_results_and_measures(client, personas):
    measure = MeasureFactory(participation=personas.participation_a, title="LED im Rathaus")
    MeasureFactory(participation=personas.participation_b, title="Fremde Maßnahme")
    client.force_login(personas.climate_manager_b)
    html = client.get(url(personas)).content.decode()
    assert "<h1>Altenbeken</h1>" in html
    assert f'<th scope="row"><a href="/massnahmen/{measure.pk}/">LED im Rathaus</a></th>' in html
    assert "Fremde Maßnahme" not in html


def test_funder_sees_targets_but_no_measures(client, personas):
    MeasureFactory(participation=personas.participation_a, title="LED im Rathaus")
    client.force_login(personas.funder)
    response = client.get(url(personas))
    assert response.status_code == 200
    assert "LED im Rathaus" not in response.content.decode()
    assert "Ziele und Ergebnisse" in response.content.decode()


def test_municipality_outside_the_network_gets_404(client, personas):
    client.force_login(personas.coordinator)
    assert client.get(url(personas, "cappel")).status_code == 404
