"""One wording for signing in on each page: the header's link, the login page and the
second-factor step all say "Anmelden" ("Sign in"), never allauth's "Sign In" beside
it, nor its German "Anmeldung" on a button."""

import re

import pytest
from allauth.account.models import EmailAddress
from django.urls import reverse

from tests.factories import PASSWORD
from tests.helpers import with_totp

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("module_personas")]


def visible_text(html: str) -> str:
    return " ".join(re.sub(r"<[^>]*>", " ", html).split())


def second_factor_page(client, personas, language: str) -> str:
    user = with_totp(personas.coordinator)
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    client.post(
        reverse("account_login"),
        {"login": user.email, "password": PASSWORD},
        HTTP_ACCEPT_LANGUAGE=language,
    )
    response = client.get(reverse("mfa_authenticate"), HTTP_ACCEPT_LANGUAGE=language)
    assert response.status_code == 200
    return response.content.decode()


def test_second_factor_step_says_sign_in_as_the_header_does(client, personas):
    html = second_factor_page(client, personas, "en")
    text = visible_text(html)
    assert "<title>Sign in – " in html
    assert "Sign In" not in text
    assert text.count("Sign in") == 3  # the title, the header's link and the button


def test_second_factor_step_in_german_says_anmelden(client, personas):
    html = second_factor_page(client, personas, "de")
    text = visible_text(html)
    assert "<title>Anmelden – " in html
    assert "Anmeldung" not in text
    assert text.count("Anmelden") == 3


def test_login_page_says_sign_in_one_way(client):
    html = client.get(reverse("account_login"), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    text = visible_text(html)
    assert "Sign In" not in text
    assert text.count("Sign in") == 4  # title, header's link, heading and button
