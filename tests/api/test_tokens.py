"""Personal API tokens: made on the account page and shown once, stored hashed,
revocable; unknown, revoked and expired tokens and people without a role get 401."""

import datetime
import hashlib

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from api.models import ApiToken
from api.services import create_token
from networks.models import Membership
from tests.api.conftest import bearer, token_for

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("module_personas")]

MEASURES = reverse("api_measure-list")


def in_days(days: int) -> str:
    return (timezone.localdate() + datetime.timedelta(days=days)).isoformat()


def test_a_token_made_on_the_account_page_is_shown_once_and_stored_hashed(client, personas):
    client.force_login(personas.climate_manager_a)
    assert reverse("api_tokens") in client.get(reverse("account")).content.decode()
    response = client.post(reverse("api_tokens"), {"name": "Dashboard", "expires_on": in_days(90)})
    assert response.status_code == 200
    token = ApiToken.objects.get(user=personas.climate_manager_a)
    key = response.context["created"]["key"]
    assert key in response.content.decode()
    assert token.key_hash == hashlib.sha256(key.encode()).hexdigest()
    assert key not in str(ApiToken.objects.filter(pk=token.pk).values().get())
    assert key.startswith(token.prefix) and len(token.prefix) < len(key)
    # Shown once: the page lists it afterwards by its start only.
    again = client.get(reverse("api_tokens")).content.decode()
    assert key not in again and f"{token.prefix}…" in again and "Dashboard" in again


def test_the_token_acts_as_its_person(client, personas):
    key = token_for(personas.climate_manager_a)
    response = client.get(reverse("api_network-list"), **bearer(key))
    assert response.status_code == 200
    assert [n["slug"] for n in response.json()["results"]] == [personas.network.slug]


@pytest.mark.parametrize("keyword", ["Bearer", "Token", "bearer"])
def test_both_keywords_are_understood(client, personas, keyword):
    key = token_for(personas.coordinator)
    response = client.get(MEASURES, HTTP_AUTHORIZATION=f"{keyword} {key}")
    assert response.status_code == 200


def test_an_expiry_beyond_a_year_or_in_the_past_is_refused(client, personas):
    client.force_login(personas.climate_manager_a)
    for days in (367, -1):
        response = client.post(reverse("api_tokens"), {"name": "X", "expires_on": in_days(days)})
        assert response.status_code == 422
    assert not ApiToken.objects.exists()


TOO_MANY = (
    "Sie haben bereits 2 aktive API-Schlüssel. Widerrufen Sie einen, bevor Sie einen neuen anlegen."
)


@override_settings(API_TOKENS_PER_PERSON=2)
def test_at_the_limit_a_new_token_is_refused_with_a_message_and_none_is_made(client, personas):
    token_for(personas.climate_manager_a, name="Eins")
    token_for(personas.climate_manager_a, name="Zwei")
    client.force_login(personas.climate_manager_a)
    response = client.post(reverse("api_tokens"), {"name": "Drei", "expires_on": in_days(90)})
    assert response.status_code == 422
    assert response.context["created"] is None
    assert response.context["form"].non_field_errors() == [TOO_MANY]
    assert TOO_MANY in response.content.decode()
    names = ApiToken.objects.filter(user=personas.climate_manager_a).values_list("name", flat=True)
    assert sorted(names) == ["Eins", "Zwei"]


@override_settings(API_TOKENS_PER_PERSON=2)
def test_revoked_expired_and_other_persons_tokens_do_not_count(client, personas):
    user = personas.climate_manager_a
    token_for(user, name="Widerrufen")
    token_for(user, name="Abgelaufen")
    token_for(personas.climate_manager_b, name="Fremd")
    token_for(personas.climate_manager_b, name="Fremd 2")
    ApiToken.objects.filter(name="Widerrufen").update(revoked_at=timezone.now())
    ApiToken.objects.filter(name="Abgelaufen").update(
        created_at=timezone.now() - datetime.timedelta(days=40),
        expires_on=timezone.localdate() - datetime.timedelta(days=1),
    )
    token_for(user, name="Aktiv")
    client.force_login(user)
    page = client.get(reverse("api_tokens")).content.decode()
    assert "Sie können bis zu 2 aktive Schlüssel zugleich haben" in page
    response = client.post(reverse("api_tokens"), {"name": "Neu", "expires_on": in_days(90)})
    assert response.status_code == 200
    assert response.context["created"]["token"].name == "Neu"
    # Now two are active: the next one is refused.
    response = client.post(reverse("api_tokens"), {"name": "Noch einer", "expires_on": in_days(9)})
    assert response.status_code == 422
    assert TOO_MANY in response.content.decode()
    assert ApiToken.objects.filter(user=user).active().count() == 2


@override_settings(API_TOKENS_PER_PERSON=1)
def test_the_service_refuses_a_token_beyond_the_limit_in_the_singular_too(personas):
    token_for(personas.coordinator)
    with pytest.raises(ValidationError) as refused:
        create_token(user=personas.coordinator, name="Zweiter", expires_on=timezone.localdate())
    assert refused.value.messages == [
        "Sie haben bereits 1 aktiven API-Schlüssel. "
        "Widerrufen Sie ihn, bevor Sie einen neuen anlegen."
    ]
    assert ApiToken.objects.filter(user=personas.coordinator).count() == 1


def test_ten_active_tokens_are_allowed_by_default(personas):
    for number in range(10):
        token_for(personas.coordinator, name=f"Nr. {number}")
    with pytest.raises(ValidationError):
        token_for(personas.coordinator, name="Nr. 10")
    assert ApiToken.objects.filter(user=personas.coordinator).count() == 10


def test_the_database_refuses_a_token_expiring_before_it_was_made(personas):
    with pytest.raises(IntegrityError), transaction.atomic():
        ApiToken.objects.create(
            user=personas.coordinator, name="X", prefix="kn_x", key_hash="0" * 64,
            expires_on=datetime.date(2000, 1, 1),
        )  # fmt: skip


@pytest.mark.parametrize(
    ("case", "message"),
    [
        ("unknown", "Dieser API-Schlüssel ist unbekannt."),
        ("revoked", "Dieser API-Schlüssel wurde widerrufen."),
        ("expired", "Dieser API-Schlüssel ist abgelaufen."),
        ("membership_ended", "Die Person dieses API-Schlüssels hat keine Rolle mehr im Portal."),
        ("deactivated", "Die Person dieses API-Schlüssels hat keine Rolle mehr im Portal."),
    ],
)
def test_tokens_that_no_longer_open_the_api_get_401(client, personas, case, message):
    user = personas.climate_manager_a
    key = token_for(user)
    token = ApiToken.objects.get(user=user)
    if case == "unknown":
        key += "x"
    elif case == "revoked":
        client.force_login(user)
        assert client.post(reverse("api_token_revoke", args=[token.pk])).status_code == 302
        client.logout()
    elif case == "expired":
        ApiToken.objects.filter(pk=token.pk).update(
            created_at=timezone.now() - datetime.timedelta(days=40),
            expires_on=timezone.localdate() - datetime.timedelta(days=1),
        )
    elif case == "membership_ended":
        Membership.objects.filter(user=user).delete()
    else:
        user.is_active = False
        user.save()
    response = client.get(MEASURES, **bearer(key))
    assert response.status_code == 401
    assert response.json() == {"detail": message}
    assert response["WWW-Authenticate"] == 'Bearer realm="api"'


def test_a_token_works_until_its_last_day(client, personas):
    key = token_for(personas.coordinator, expires_on=timezone.localdate())
    assert client.get(MEASURES, **bearer(key)).status_code == 200


def test_another_persons_token_cannot_be_revoked(client, personas):
    token_for(personas.coordinator)
    token = ApiToken.objects.get()
    client.force_login(personas.climate_manager_a)
    assert client.post(reverse("api_token_revoke", args=[token.pk])).status_code == 404
    token.refresh_from_db()
    assert token.revoked_at is None


def test_the_last_use_is_shown_and_written_at_most_once_a_minute(client, personas):
    key = token_for(personas.coordinator)
    token = ApiToken.objects.get()
    assert token.last_used_at is None
    client.get(MEASURES, **bearer(key))
    token.refresh_from_db()
    first = token.last_used_at
    assert first is not None
    client.get(MEASURES, **bearer(key))
    token.refresh_from_db()
    assert token.last_used_at == first  # within the minute: not written again
    earlier = first - datetime.timedelta(minutes=2)
    ApiToken.objects.filter(pk=token.pk).update(created_at=earlier, last_used_at=earlier)
    client.get(MEASURES, **bearer(key))
    token.refresh_from_db()
    assert token.last_used_at > earlier
    client.force_login(personas.climate_manager_a)  # MFA-free persona for the page
    token.user = personas.climate_manager_a
    token.save()
    page = client.get(reverse("api_tokens")).content.decode()
    assert "noch nie" not in page


def test_a_revoked_token_stays_listed_as_revoked(client, personas):
    token_for(personas.climate_manager_a, name="Altes Dashboard")
    token = ApiToken.objects.get()
    client.force_login(personas.climate_manager_a)
    response = client.post(reverse("api_token_revoke", args=[token.pk]), follow=True)
    page = response.content.decode()
    assert "Altes Dashboard" in page and "widerrufen am" in page
    assert 'action="' + reverse("api_token_revoke", args=[token.pk]) not in page


@pytest.mark.parametrize(
    ("header", "message"),
    [
        # A keyword that is no UTF-8 is not ours: as if no credentials were sent.
        ("\xff abc", "Anmeldedaten fehlen."),
        ("Bearer\xe4 abc", "Anmeldedaten fehlen."),
        # Our keyword with a key that is no UTF-8 is a key nobody was given.
        ("Bearer \xff\xfe", "Dieser API-Schlüssel ist unbekannt."),
    ],
)
def test_an_authorization_header_that_is_no_utf8_gets_401_not_500(client, header, message):
    response = client.get(MEASURES, HTTP_AUTHORIZATION=header)
    assert response.status_code == 401
    assert response.json() == {"detail": message}
