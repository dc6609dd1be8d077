import datetime
import re

import pytest
from django.urls import reverse

from networks.models import User
from tests.factories import NetworkFactory, ParticipationFactory
from tests.helpers import with_totp

pytestmark = pytest.mark.django_db


def test_home_lists_public_networks_with_term_code_and_participants(client):
    network = NetworkFactory(name="Klimaschutz-Netzwerk Nord", is_public=True)
    ParticipationFactory(network=network, municipality__name="Altenbeken")
    ParticipationFactory(network=network, municipality__name="Borchen")
    ParticipationFactory(
        network=network, municipality__name="Lichtenau", left_on=datetime.date(2024, 1, 1)
    )
    response = client.get(reverse("home"))
    assert response.status_code == 200
    html = response.content.decode()
    assert (
        f'<h2 id="network-{network.pk}"><a href="/oeffentlich/{network.slug}/">'
        "Klimaschutz-Netzwerk Nord</a></h2>"
    ) in html
    assert "01.07.2022 – 30.06.2025" in html
    assert "67K18876" in html
    assert "2 Kommunen anzeigen" in html
    assert "<li>Altenbeken</li>" in html
    assert "Lichtenau" not in html


def test_home_hides_networks_that_are_not_public_from_anonymous_visitors(client):
    NetworkFactory(name="Geheimes Netzwerk", is_public=False)
    response = client.get(reverse("home"))
    assert "Geheimes Netzwerk" not in response.content.decode()
    assert "Noch keine Netzwerke sichtbar." in response.content.decode()


def test_home_shows_administrators_every_network_and_the_admin(client):
    NetworkFactory(name="Geheimes Netzwerk", is_public=False)
    client.force_login(with_totp(User.objects.create_superuser("root@example.org", "x")))
    html = client.get(reverse("home")).content.decode()
    assert "Geheimes Netzwerk" in html
    assert 'href="/admin/"' in html


def test_network_without_funding_code_says_so(client):
    NetworkFactory(is_public=True, funding_code="")
    assert "noch nicht vergeben" in client.get(reverse("home")).content.decode()


@pytest.mark.parametrize("count", [1, 8])
def test_home_runs_a_constant_number_of_queries(client, django_assert_num_queries, count):
    for network in NetworkFactory.create_batch(count, is_public=True):
        ParticipationFactory.create_batch(3, network=network)
    # session-less anonymous request: networks, participations, service providers
    with django_assert_num_queries(3):
        response = client.get(reverse("home"))
    assert response.content.decode().count('class="card"') == count


def test_home_is_german_by_default_and_english_on_request(client):
    NetworkFactory(is_public=True)
    html = client.get(reverse("home")).content.decode()
    assert '<html lang="de">' in html
    assert "Förderkennzeichen" in html
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    html = client.get(reverse("home")).content.decode()
    assert '<html lang="en">' in html
    assert "Funding code" in html
    assert "Förderkennzeichen" not in html


def test_htmx_is_vendored_and_csrf_travels_in_its_headers(client):
    html = client.get(reverse("home")).content.decode()
    assert '<script src="/static/vendor/htmx/htmx-2.0.11.min.js" defer></script>' in html
    assert 'hx-headers=\'{"X-CSRFToken": "' in html
    # Nothing is loaded from another host (a CDN). Searched in the attributes that load
    # something, not in the whole page: the random CSRF token may spell "cdn".
    assert re.findall(r'\b(?:src|href)="(?:https?:)?//', html) == []
