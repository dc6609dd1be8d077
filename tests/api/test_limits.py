"""Requests without valid credentials (none, or a key that opens nothing) are limited
per client address before they are authenticated, so guessing keys and the public
schema cost a bounded effort; the schema is made once per language and process."""

from unittest import mock

import pytest
from django.test import Client, override_settings
from django.urls import reverse
from drf_spectacular.generators import SchemaGenerator

from api import views
from tests.api.conftest import bearer

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("module_personas")]

MEASURES = reverse("api_measure-list")
ADDRESS, OTHER_ADDRESS = "192.0.2.10", "198.51.100.20"


def from_address(address: str = ADDRESS, **headers) -> Client:
    return Client(REMOTE_ADDR=address, **headers)


@override_settings(API_ANONYMOUS_REQUESTS_PER_MINUTE=3)
def test_callers_without_valid_credentials_are_limited_per_address(personas, token_client):
    anonymous, guessing = from_address(), from_address(**bearer("kn_geraten"))
    assert [anonymous.get(MEASURES).status_code for _ in range(2)] == [401, 401]
    assert guessing.get(MEASURES).status_code == 401
    response = guessing.get(MEASURES)
    assert response.status_code == 429
    assert 0 < int(response["Retry-After"]) <= 60
    assert "detail" in response.json()
    assert anonymous.get(MEASURES).status_code == 429
    # Once the address has used up its minute, a valid key from it waits too: the
    # address is checked before anything is looked up.
    assert token_client(personas.coordinator, REMOTE_ADDR=ADDRESS).get(MEASURES).status_code == 429
    # Other addresses have their own count.
    assert from_address(OTHER_ADDRESS).get(MEASURES).status_code == 401


@override_settings(API_ANONYMOUS_REQUESTS_PER_MINUTE=2, API_REQUESTS_PER_MINUTE=10)
def test_requests_with_a_valid_key_count_for_the_key_not_the_address(personas, token_client):
    client = token_client(personas.coordinator, REMOTE_ADDR=ADDRESS)
    assert {client.get(MEASURES).status_code for _ in range(5)} == {200}
    assert from_address().get(MEASURES).status_code == 401


@override_settings(API_ANONYMOUS_REQUESTS_PER_MINUTE=3)
def test_the_schema_and_the_reference_page_are_limited_per_address():
    client = from_address()
    assert client.get(reverse("api_docs")).status_code == 200
    assert client.get(reverse("api_docs") + "?script=").status_code == 200
    assert client.get(reverse("api_schema")).status_code == 200
    for name in ("api_schema", "api_docs"):
        response = client.get(reverse(name))
        assert response.status_code == 429, name
        assert 0 < int(response["Retry-After"]) <= 60
    assert from_address(OTHER_ADDRESS).get(reverse("api_schema")).status_code == 200


def test_the_schema_is_made_once_per_language():
    views.SCHEMAS.clear()
    with mock.patch.object(
        SchemaGenerator, "get_schema", autospec=True, side_effect=SchemaGenerator.get_schema
    ) as made:
        client = Client()
        german = client.get(reverse("api_schema"), {"format": "json"})
        assert client.get(reverse("api_schema"), {"format": "json"}).content == german.content
        assert client.head(reverse("api_schema")).status_code == 200
        assert made.call_count == 1
        english = client.get(reverse("api_schema"), {"format": "json", "lang": "en"})
        assert made.call_count == 2
        # A language the portal does not speak gets the German schema, made no more.
        unknown = client.get(reverse("api_schema"), {"format": "json", "lang": "xx"})
        assert made.call_count == 2
    assert "Themenschwerpunkt" in german.content.decode()
    assert "Themenschwerpunkt" not in english.content.decode()
    assert unknown.content == german.content
