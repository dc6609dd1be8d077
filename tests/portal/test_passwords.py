"""Every form that sets a password asks for 12 characters (OWASP ASVS 2.1.1) and
refuses common passwords."""

import pytest
from allauth.account.forms import default_token_generator
from allauth.account.models import EmailAddress
from allauth.account.utils import user_pk_to_url_str
from django.urls import reverse

from networks.models import Invitation, User
from networks.services import new_token
from tests.factories import PASSWORD

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("module_personas")]

TOO_SHORT = "Dieses Passwort ist zu kurz. Es muss mindestens 12 Zeichen enthalten."
TOO_COMMON = "Dieses Passwort ist zu üblich."
ELEVEN = "Wd7!kq2-Zr9"
TWELVE = "Wd7!kq2-Zr9x"
COMMON = "password1234"  # in Django's list of common passwords


def accept_invitation(client, personas, password: str):
    invitation = Invitation(
        email="neu@example.org",
        role="climate_manager",
        municipality=personas.municipality_a,
        organisation=personas.coordinator_org,
        invited_by=personas.coordinator,
    )
    token = new_token(invitation)
    invitation.save()
    return client.post(
        reverse("accept_invitation", args=[token]),
        {"name": "Nina Neu", "password1": password, "password2": password},
    )


def change_password(client, personas, password: str):
    client.force_login(personas.climate_manager_a)
    return client.post(
        reverse("account_change_password"),
        {"oldpassword": PASSWORD, "password1": password, "password2": password},
    )


def set_password(client, personas, password: str):
    user = personas.climate_manager_a
    user.set_unusable_password()
    user.save()
    client.force_login(user)
    return client.post(
        reverse("account_set_password"), {"password1": password, "password2": password}
    )


def reset_password(client, personas, password: str):
    user = personas.climate_manager_a
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    key = default_token_generator.make_token(user)
    url = reverse(
        "account_reset_password_from_key",
        kwargs={"uidb36": user_pk_to_url_str(user), "key": key},
    )
    form_url = client.get(url)["Location"]  # allauth keeps the key in the session
    return client.post(form_url, {"password1": password, "password2": password})


def password_of(personas, form) -> str:
    if form is accept_invitation:
        return User.objects.get(email="neu@example.org")
    return User.objects.get(pk=personas.climate_manager_a.pk)


FORMS = [accept_invitation, change_password, set_password, reset_password]


@pytest.mark.parametrize("form", FORMS, ids=lambda form: form.__name__)
def test_an_eleven_character_password_is_refused(client, personas, form):
    response = form(client, personas, ELEVEN)
    assert response.status_code in (200, 422)
    assert TOO_SHORT in response.content.decode()
    if form is accept_invitation:
        assert not User.objects.filter(email="neu@example.org").exists()
    else:
        assert not password_of(personas, form).check_password(ELEVEN)


@pytest.mark.parametrize("form", FORMS, ids=lambda form: form.__name__)
def test_a_common_password_is_refused(client, personas, form):
    response = form(client, personas, COMMON)
    assert response.status_code in (200, 422)
    assert TOO_COMMON in response.content.decode()


@pytest.mark.parametrize("form", FORMS, ids=lambda form: form.__name__)
def test_a_twelve_character_password_is_accepted(client, personas, form):
    response = form(client, personas, TWELVE)
    assert response.status_code == 302
    assert password_of(personas, form).check_password(TWELVE)
