"""The querysets of networks/models/ at their edges (issue 29): a network's phase
on the first and last day of its term, what deactivated people still reach (nothing),
who manages invitations, and the order of the lists people choose from."""

import datetime

import pytest
from django.contrib.auth.models import AnonymousUser
from django.utils import timezone

from networks.models import Invitation, Membership, Network, Organisation, Participation, Role, User
from tests.factories import MunicipalityFactory, NetworkFactory, UserFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("module_personas")]


def test_an_unknown_phase_is_named_in_the_error():
    with pytest.raises(ValueError, match=r"^Unknown phase 'ended'$"):
        Network.objects.in_phase("ended")


def test_a_deactivated_administrator_manages_no_invitation(personas):
    now = timezone.now()
    Invitation.objects.create(
        email="neu@example.org", role=Role.FUNDER, network=personas.network, token_hash="a" * 64,
        sent_at=now, expires_at=now + datetime.timedelta(days=7),
    )  # fmt: skip
    administrator = personas.superuser
    assert Invitation.objects.managed_by(administrator).count() == 1
    administrator.is_active = False
    administrator.save(update_fields=["is_active"])
    assert list(Invitation.objects.managed_by(administrator)) == []


def test_deactivated_people_coordinate_edit_oversee_and_moderate_nothing(personas):
    for person in (personas.superuser, personas.service_provider, personas.coordinator):
        assert Network.objects.overseen_by(person).exists(), person
        assert Network.objects.moderated_by(person).exists(), person
        person.is_active = False
        assert list(Network.objects.overseen_by(person)) == [], person
        assert list(Network.objects.moderated_by(person)) == [], person
        assert list(Network.objects.editable_by(person)) == [], person
    assert list(Organisation.objects.coordinated_by(personas.coordinator)) == []


def test_deactivated_people_work_in_no_participation(personas):
    for person in (personas.superuser, personas.climate_manager_a):
        assert Participation.objects.managed_by(person).exists(), person
        person.is_active = False
        assert list(Participation.objects.managed_by(person)) == [], person


def test_an_anonymous_visitor_holds_no_membership(personas):
    assert list(Membership.objects.for_user(AnonymousUser())) == []


def test_a_networks_climate_managers_are_the_active_ones_its_coordinator_granted(personas):
    def climate_managers() -> set[str]:
        memberships = Membership.objects.climate_managers_in(personas.network)
        return set(memberships.values_list("user__email", flat=True))

    assert climate_managers() == {"klima.a@example.org", "klima.b@example.org"}
    personas.climate_manager_b.is_active = False
    personas.climate_manager_b.save(update_fields=["is_active"])
    assert climate_managers() == {"klima.a@example.org"}


@pytest.mark.usefixtures("running_networks")
def test_new_measures_are_offered_by_network_and_municipality_name_in_one_query(
    personas, django_assert_num_queries
):
    # Aabach joins last but comes first by name.
    Participation.objects.create(
        network=personas.network, municipality=MunicipalityFactory(name="Aabach"),
        joined_on=personas.network.term_start,
    )  # fmt: skip
    with django_assert_num_queries(1):
        offered = [
            (each.network.name, each.municipality.name)
            for each in Participation.objects.open_for_new_measures_by(personas.coordinator)
        ]
    assert offered == [
        ("Netzwerk Test", "Aabach"), ("Netzwerk Test", "Altenbeken"), ("Netzwerk Test", "Borchen"),
    ]  # fmt: skip


def test_a_networks_moderators_come_by_name_then_address():
    network = NetworkFactory()
    for name, email in [
        ("Anna Alt", "zz.anna@example.org"),
        ("Anna Alt", "aa.anna@example.org"),
        ("Berta Beispiel", "ab.berta@example.org"),
    ]:
        Membership.objects.create(
            user=UserFactory(name=name, email=email), role=Role.COORDINATOR,
            organisation=network.coordinator,
        )  # fmt: skip
    moderators = User.objects.moderators_of(network)
    assert list(moderators.values_list("email", flat=True)) == [
        "aa.anna@example.org", "zz.anna@example.org", "ab.berta@example.org",
    ]  # fmt: skip
