import datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from tests.factories import (
    EmissionFactorFactory,
    MeasureFactory,
    NetworkFactory,
    ParticipationFactory,
)
from tests.portal.test_network_page import completed_measure

pytestmark = pytest.mark.django_db


def test_public_page_presents_a_public_network_to_anonymous_visitors(client):
    network = NetworkFactory(
        name="Klimaschutz-Netzwerk Nord",
        is_public=True,
        description="Gemeinsam für den Klimaschutz.",
        funding_notice="Gefördert vom Bundesministerium.",
        contact_name="Sebastian Wöhler",
        contact_role="Kommunalbetreuung",
    )
    participation = ParticipationFactory(network=network, municipality__name="Altenbeken")
    ParticipationFactory(
        network=network, municipality__name="Lichtenau", left_on=datetime.date(2024, 1, 1)
    )
    factor = EmissionFactorFactory(kg_per_kwh=Decimal("0.201"))
    completed_measure(participation, "120000", factor)
    MeasureFactory(participation=participation)
    response = client.get(reverse("public_network", args=[network.slug]))
    assert response.status_code == 200
    html = response.content.decode()
    assert '<h1 id="network-title">Klimaschutz-Netzwerk Nord</h1>' in html
    assert "Laufzeit: 1. Juli 2022 bis 30. Juni 2025" in html
    assert "Gemeinsam für den Klimaschutz." in html
    assert "<li>Altenbeken</li>" in html and "Lichtenau" not in html
    assert '<span class="stat">1</span> abgeschlossene Maßnahmen' in html
    assert '<span class="stat">120</span> MWh Endenergie' in html
    assert '<span class="stat">24</span> t CO₂ pro Jahr vermieden' in html
    assert "67K18876" in html
    assert "Gefördert vom Bundesministerium." in html
    assert "<strong>Sebastian Wöhler</strong><br>Kommunalbetreuung" in html
    # No personal data beyond the contact person: no accounts, no measure details.
    assert "@example.org" not in html
    assert "Maßnahme 0" not in html


def test_a_network_that_is_not_public_has_no_public_page(client):
    network = NetworkFactory(is_public=False)
    assert client.get(reverse("public_network", args=[network.slug])).status_code == 404


def test_home_links_anonymous_visitors_to_the_public_page(client):
    network = NetworkFactory(is_public=True)
    html = client.get(reverse("home")).content.decode()
    assert f'href="/oeffentlich/{network.slug}/"' in html


def test_public_page_writes_the_term_in_the_readers_language(client):
    """The term's days in the language's long format: "1. Juli 2022" in German, "1 July
    2022" in English (not the German pattern with an English month, "1. July 2022")."""
    network = NetworkFactory(is_public=True)
    url = reverse("public_network", args=[network.slug])
    html = client.get(url, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert '<html lang="en">' in html
    assert "1 July 2022" in html and "30 June 2025" in html
    assert "1. July" not in html
