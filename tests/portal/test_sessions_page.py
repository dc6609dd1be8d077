"""The list of a person's sessions (allauth's usersessions, our template): German
titles and each browser named in words, the raw header kept as the cell's title."""

import pytest
from allauth.account.models import EmailAddress
from django.urls import reverse

from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db

FIREFOX_ON_WINDOWS = (
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:128.0) Gecko/20100101 Firefox/128.0"
)


def test_sessions_page_is_german_and_names_the_browser(client, personas):
    EmailAddress.objects.create(
        user=personas.climate_manager_a,
        email=personas.climate_manager_a.email,
        verified=True,
        primary=True,
    )
    client.post(
        reverse("account_login"),
        {"login": personas.climate_manager_a.email, "password": PASSWORD},
        HTTP_USER_AGENT=FIREFOX_ON_WINDOWS,
    )
    page = client.get(reverse("usersessions_list"), HTTP_USER_AGENT=FIREFOX_ON_WINDOWS)
    html = page.content.decode()
    assert page.status_code == 200
    assert "<h1>Angemeldete Geräte und Sitzungen</h1>" in html
    assert "<title>Angemeldete Geräte und Sitzungen – " in html
    assert "Sessions" not in html
    assert f'<td title="{FIREFOX_ON_WINDOWS}">Firefox unter Windows' in html
    assert "diese Sitzung" in html


def test_sessions_page_needs_a_login(client):
    response = client.get(reverse("usersessions_list"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))
