import datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from networks.models import Participation
from tests.factories import MeasureFactory, MunicipalityFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("module_personas")]


@pytest.fixture
def coordinator_client(client, personas):
    client.force_login(personas.coordinator)
    return client


def add_url(personas):
    return reverse("participant_add", args=[personas.network.slug])


def test_coordinator_adds_a_municipality_with_german_numbers(coordinator_client, personas):
    dalheim = MunicipalityFactory(name="Dalheim")
    response = coordinator_client.post(
        add_url(personas),
        {"municipality": "Dalheim", "joined_on": "2023-01-01",
         "target_energy_mwh": "1.234,5", "target_co2_t": "310"},
    )  # fmt: skip
    assert response.status_code == 302
    participation = Participation.objects.get(network=personas.network, municipality=dalheim)
    assert participation.target_energy_mwh == Decimal("1234.5")
    assert participation.joined_on == datetime.date(2023, 1, 1)


def test_adding_with_htmx_returns_the_participants_section(coordinator_client, personas):
    MunicipalityFactory(name="Dalheim")
    response = coordinator_client.post(
        add_url(personas),
        {"municipality": "Dalheim", "joined_on": "2023-01-01"},
        HTTP_HX_REQUEST="true",
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert html.lstrip().startswith('<section aria-labelledby="participants-heading"')
    assert "Dalheim nimmt jetzt am Netzwerk teil." in html
    assert ">Dalheim</a><br>" in html


def test_joining_outside_the_term_gets_a_german_message(coordinator_client, personas):
    dalheim = MunicipalityFactory(name="Dalheim")
    response = coordinator_client.post(
        add_url(personas), {"municipality": "Dalheim", "joined_on": "2021-12-31"}
    )
    assert response.status_code == 422
    assert (
        "Das Datum muss in der Laufzeit des Netzwerks liegen (01.07.2022 – 30.06.2025)."
        in response.content.decode()
    )
    assert not Participation.objects.filter(municipality=dalheim).exists()


def test_a_municipality_already_taking_part_is_not_offered_again(coordinator_client, personas):
    response = coordinator_client.post(
        add_url(personas), {"municipality": "Altenbeken", "joined_on": "2023-01-01"}
    )
    assert response.status_code == 422
    assert "Keine passende Kommune zu „Altenbeken“ gefunden." in response.content.decode()
    suggestions = coordinator_client.get(
        reverse("participant_suggestions", args=[personas.network.slug]), {"municipality": "Alt"}
    )
    assert "Altenbeken" not in suggestions.text


def test_the_add_form_offers_no_list_of_every_municipality(coordinator_client, personas):
    """Suggestions as one types, from the municipalities not yet in the network; the
    page holds no <option> per municipality (980 of them made the page slow)."""
    for number in range(30):
        MunicipalityFactory(name=f"Neustadt {number:02}", ags=f"0588{number:04}")
    page = coordinator_client.get(reverse("network", args=[personas.network.slug])).text
    assert "Neustadt" not in page
    assert 'list="id_municipality-vorschlaege"' in page
    url = reverse("participant_suggestions", args=[personas.network.slug])
    assert f'hx-get="{url}"' in page
    options = coordinator_client.get(url, {"municipality": "neustadt 1"}).text
    assert options.count("<option") == 10
    assert '<option value="Neustadt 10 (05880010)">' in options
    by_ags = coordinator_client.get(url, {"municipality": "05880017"}).text
    assert by_ags.count("<option") == 1 and "Neustadt 17" in by_ags


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("Neustadt", "Mehrere Kommunen heißen „Neustadt“: Neustadt (05880001), Neustadt "
                     "(05880002). Bitte eine mit AGS wählen."),
        ("Neustad", "Keine Kommune heißt „Neustad“. Meinten Sie: Neustadt (05880001), "
                    "Neustadt (05880002)?"),
        ("Atlantis", "Keine passende Kommune zu „Atlantis“ gefunden."),
    ],
)  # fmt: skip
def test_what_was_typed_is_explained_when_it_fits_several_or_none(
    coordinator_client, personas, typed, message
):
    MunicipalityFactory(name="Neustadt", ags="05880001")
    MunicipalityFactory(name="Neustadt", ags="05880002")
    response = coordinator_client.post(
        add_url(personas), {"municipality": typed, "joined_on": "2023-01-01"}
    )
    assert response.status_code == 422
    assert message in response.content.decode()
    chosen = coordinator_client.post(
        add_url(personas), {"municipality": "Neustadt (05880002)", "joined_on": "2023-01-01"}
    )
    assert chosen.status_code == 302
    assert personas.network.participations.filter(municipality__ags="05880002").exists()


def test_coordinator_sets_targets_and_a_leaving_date(coordinator_client, personas):
    url = reverse("participant_edit", args=[personas.network.slug, "altenbeken"])
    form = coordinator_client.get(url, HTTP_HX_REQUEST="true").content.decode()
    assert 'name="target_energy_mwh"' in form
    response = coordinator_client.post(
        url,
        {"joined_on": "2022-07-01", "left_on": "2024-12-31",
         "target_energy_mwh": "500", "target_co2_t": "100,5"},
    )  # fmt: skip
    assert response.status_code == 302
    personas.participation_a.refresh_from_db()
    assert personas.participation_a.left_on == datetime.date(2024, 12, 31)
    assert personas.participation_a.target_co2_t == Decimal("100.5")


def test_targets_read_as_entered_in_the_form_and_on_the_pages(coordinator_client, personas):
    # Issue 31, item 7: a target of 660 MWh/a read "660,000" in the form, "660,0" on pages.
    participation = personas.participation_a
    participation.target_energy_mwh = Decimal("660")
    participation.target_co2_t = Decimal("165.5")
    participation.save()
    url = reverse("participant_edit", args=[personas.network.slug, "altenbeken"])
    form = coordinator_client.get(url).content.decode()
    assert 'name="target_energy_mwh" value="660"' in form
    assert 'name="target_co2_t" value="165,5"' in form
    own_page = coordinator_client.get(participation.get_absolute_url()).content.decode()
    assert "<dd>0 / 660 MWh/a</dd>" in own_page
    assert "<dd>0 / 165,5 t CO₂/a</dd>" in own_page
    network_page = coordinator_client.get(personas.network.get_absolute_url()).content.decode()
    assert '<td class="num">660</td>' in network_page
    assert '<td class="num">165,5</td>' in network_page


def test_a_partner_code_of_a_joint_project_is_kept_and_shown(coordinator_client, personas):
    url = reverse("participant_edit", args=[personas.network.slug, "altenbeken"])
    refused = coordinator_client.post(url, {"joined_on": "2022-07-01", "funding_code": "03KF69"})
    assert "in Verbundvorhaben gefolgt von einem Großbuchstaben" in refused.content.decode()
    response = coordinator_client.post(
        url, {"joined_on": "2022-07-01", "funding_code": "03KF0069B"}
    )
    assert response.status_code == 302
    personas.participation_a.refresh_from_db()
    assert personas.participation_a.funding_code == "03KF0069B"
    network_page = coordinator_client.get(personas.network.get_absolute_url()).content.decode()
    assert "Förderkennzeichen 03KF0069B" in network_page
    own_page = coordinator_client.get(personas.participation_a.get_absolute_url()).content.decode()
    assert "<dd>03KF0069B</dd>" in own_page


def test_leaving_before_joining_is_refused_in_german(coordinator_client, personas):
    url = reverse("participant_edit", args=[personas.network.slug, "altenbeken"])
    response = coordinator_client.post(url, {"joined_on": "2023-07-01", "left_on": "2023-01-01"})
    assert "Das Ausscheiden kann nicht vor dem Beitritt liegen." in response.content.decode()
    personas.participation_a.refresh_from_db()
    assert personas.participation_a.left_on is None


def test_a_municipality_without_measures_can_be_removed(coordinator_client, personas):
    url = reverse("participant_remove", args=[personas.network.slug, "borchen"])
    asked = coordinator_client.post(url).content.decode()
    assert "Borchen wird aus Netzwerk Test entfernt" in asked
    assert Participation.objects.filter(pk=personas.participation_b.pk).exists()
    assert coordinator_client.post(url, {"bestaetigt": "1"}).status_code == 302
    assert not Participation.objects.filter(pk=personas.participation_b.pk).exists()


def test_a_municipality_with_measures_leaves_instead_of_being_removed(coordinator_client, personas):
    MeasureFactory(participation=personas.participation_a)
    url = reverse("participant_remove", args=[personas.network.slug, "altenbeken"])
    response = coordinator_client.post(url, {"bestaetigt": "1"}, follow=True)
    assert "Altenbeken hat schon Maßnahmen in diesem Netzwerk." in response.content.decode()
    assert Participation.objects.filter(pk=personas.participation_a.pk).exists()


def test_climate_manager_may_not_edit_participants(client, personas):
    client.force_login(personas.climate_manager_a)
    url = reverse("participant_edit", args=[personas.network.slug, "altenbeken"])
    assert client.get(url).status_code == 403
    MunicipalityFactory(name="Dalheim")
    response = client.post(
        add_url(personas), {"municipality": "Dalheim", "joined_on": "2023-01-01"}
    )
    assert response.status_code == 403
    html = client.get(reverse("network", args=[personas.network.slug])).content.decode()
    assert "Kommune hinzufügen" not in html
