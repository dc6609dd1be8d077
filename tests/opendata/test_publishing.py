"""Publishing a network's measures as open data: who may, the confirm step, edit
conflicts, the rules of the row and its history."""

import datetime

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from opendata.models import Publication
from opendata.services import set_publication
from tests.factories import MeasureFactory
from tests.helpers import with_totp

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("module_personas")]

SECRET_TITLE = "Interne Planung der Turnhalle"


@pytest.fixture
def network(personas):
    personas.network.is_public = True
    personas.network.save()
    MeasureFactory(participation=personas.participation_a, title=SECRET_TITLE)
    return personas.network


def manage_url(network) -> str:
    return reverse("opendata_manage", args=[network.slug])


def publish(client, network, **data):
    fields = {"licence": "dl-by-de/2.0", "action": "publish", "version": 0, "bestaetigt": "1"}
    return client.post(manage_url(network), fields | data)


def test_coordinator_of_the_network_publishes_with_the_licence_chosen(client, personas, network):
    client.force_login(with_totp(personas.coordinator))
    response = publish(client, network, licence="cc-by/4.0")
    assert response.status_code == 302
    publication = Publication.objects.get(network=network)
    assert (publication.published, publication.licence) == (True, "cc-by/4.0")
    assert publication.published_by == personas.coordinator
    assert publication.published_at is not None
    assert client.get(reverse("opendata_dataset", args=[network.slug])).status_code == 200


def test_a_publication_is_off_by_default_with_the_german_data_licence(personas, network):
    page_publication = Publication(network=network)
    assert (page_publication.published, page_publication.licence) == (False, "dl-by-de/2.0")
    assert client_free_status(network) == 404


def client_free_status(network) -> int:
    from django.test import Client

    return Client().get(reverse("opendata_dataset", args=[network.slug])).status_code


@pytest.mark.parametrize(
    ("persona", "status"),
    [
        ("other_coordinator", 404),  # another organisation's coordinator
        ("foreign_climate_manager", 404),  # A's climate manager granted by that organisation
        ("outsider", 404),
        ("climate_manager_a", 403),  # a member who reads the network
        ("service_provider", 403),
        ("funder", 403),
    ],
)
def test_only_the_coordination_publishes_or_sees_the_private_preview(
    client, personas, network, persona, status
):
    client.force_login(with_totp(getattr(personas, persona)))
    page = client.get(manage_url(network))
    assert page.status_code == status
    assert SECRET_TITLE not in page.content.decode()
    assert publish(client, network).status_code == status
    assert not Publication.objects.filter(network=network).exists()


def test_visitors_are_sent_to_sign_in(client, network):
    response = client.get(manage_url(network))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


def test_the_page_explains_the_fields_and_previews_the_first_rows(client, personas, network):
    client.force_login(with_totp(personas.coordinator))
    html = client.get(manage_url(network)).content.decode()
    assert SECRET_TITLE in html  # the preview
    assert "thg_einsparung_t_a" in html
    assert "Nie veröffentlicht werden:" in html
    assert "https://www.govdata.de/dl-de/by-2-0" in html


def test_publishing_asks_first_and_publishes_nothing_unconfirmed(client, personas, network):
    client.force_login(with_totp(personas.coordinator))
    data = {"licence": "dl-zero-de/2.0", "action": "publish", "version": 0}
    page = client.post(manage_url(network), data)
    assert page.status_code == 200
    html = page.content.decode()
    assert "Maßnahmen als offene Daten veröffentlichen?" in html
    assert "Datenlizenz Deutschland – Zero – Version 2.0" in html
    assert 'name="bestaetigt" value="1"' in html
    assert not Publication.objects.filter(network=network).exists()


def test_withdrawing_removes_the_data_set_and_the_history_keeps_both(client, personas, network):
    client.force_login(with_totp(personas.coordinator))
    publish(client, network)
    version = Publication.objects.get(network=network).version
    response = publish(client, network, action="withdraw", version=version)
    assert response.status_code == 302
    publication = Publication.objects.get(network=network)
    assert (publication.published, publication.published_at) == (False, None)
    assert client_free_status(network) == 404
    history = list(publication.history.order_by("history_date"))
    assert [(h.published, h.history_user) for h in history] == [
        (True, personas.coordinator),
        (False, personas.coordinator),
    ]


def test_a_decision_based_on_an_older_state_is_refused(client, personas, network):
    """Two coordinators open the page before either decides: the second decision
    does not silently overwrite the first."""
    set_publication(
        network=network, user=personas.coordinator, publish=True, licence="cc-zero", base_version=0
    )
    client.force_login(with_totp(personas.coordinator))
    response = publish(client, network, action="withdraw", version=0)
    assert response.status_code == 409
    assert "Jemand hat das inzwischen geändert" in response.content.decode()
    publication = Publication.objects.get(network=network)
    assert (publication.published, publication.licence) == (True, "cc-zero")


def test_a_network_that_is_not_public_publishes_nothing(client, personas, network):
    network.is_public = False
    network.save()
    client.force_login(with_totp(personas.coordinator))
    response = publish(client, network)
    assert response.status_code == 422
    assert "Das Netzwerk ist nicht öffentlich." in response.content.decode()
    assert not Publication.objects.filter(network=network).exists()


def test_a_published_data_set_has_its_time_and_a_withdrawn_one_none(network):
    with pytest.raises(IntegrityError), transaction.atomic():
        Publication.objects.create(network=network, published=True)
    with pytest.raises(IntegrityError), transaction.atomic():
        Publication.objects.create(network=network, published=False, published_at=timezone.now())


def test_the_licence_is_one_of_the_list(network):
    with pytest.raises(IntegrityError), transaction.atomic():
        Publication.objects.create(network=network, licence="proprietary")


def test_changing_the_licence_keeps_the_first_publication_time(personas, network):
    first = set_publication(
        network=network, user=personas.coordinator, publish=True, licence="dl-by-de/2.0",
        base_version=0,
    )  # fmt: skip
    published_at = first.published_at - datetime.timedelta(days=3)
    Publication.objects.filter(pk=first.pk).update(published_at=published_at)
    second = set_publication(
        network=network, user=personas.superuser, publish=True, licence="cc-by/4.0",
        base_version=first.version,
    )  # fmt: skip
    assert (second.licence, second.published_at) == ("cc-by/4.0", published_at)
    assert second.published_by == personas.coordinator
