"""403, 404 and 500 pages have the portal's layout, speak the visitor's language
(403, 404) or both (500, rendered without a request) and offer a way back."""

import pytest
from django.test import RequestFactory
from django.urls import reverse
from django.views.defaults import server_error

from tests.helpers import with_totp

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("module_personas")]


def test_a_missing_page_has_the_layout_and_a_way_back(client, personas):
    client.force_login(personas.climate_manager_a)
    response = client.get("/gibt-es-nicht/")
    assert response.status_code == 404
    html = response.content.decode()
    assert "<h1>Seite nicht gefunden</h1>" in html
    assert 'class="site-header"' in html and 'aria-label="Hauptnavigation"' in html
    assert f'href="{reverse("start")}"' in html


def test_a_missing_page_in_english_for_a_visitor(client):
    client.cookies["django_language"] = "en"
    html = client.get("/gibt-es-nicht/").content.decode()
    assert "<h1>Page not found</h1>" in html
    assert f'href="{reverse("account_login")}"' in html


def test_a_refused_page_says_which_role_is_missing(client, personas):
    client.force_login(with_totp(personas.funder))  # reads the network, may not edit it
    response = client.get(reverse("network_edit", args=[personas.network.slug]))
    assert response.status_code == 403
    html = response.content.decode()
    assert "<h1>Keine Berechtigung</h1>" in html
    assert "Koordination Ihres Netzwerks" in html
    assert f'href="{reverse("start")}"' in html


def test_the_error_page_speaks_both_languages_and_needs_no_request():
    response = server_error(RequestFactory().get("/"))
    assert response.status_code == 500
    html = response.content.decode()
    assert "<h1>Ein Fehler ist aufgetreten</h1>" in html
    assert '<section lang="en">' in html and "Something went wrong" in html
    assert "/static/css/portal.css" in html
