"""Roles across organisations (issue 29): an energy agency that coordinates networks of
its own and moderates another's, and a coordinator with two networks of which a
climate manager's municipality takes part in only one. A role opens what its scope
says, never what the organisation does in another role."""

import datetime

import pytest
from django.utils import timezone

from networks.models import Invitation, Membership, Network, Organisation, Participation, Role
from networks.services import accept_invitation, new_token
from tests.factories import NetworkFactory, UserFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("module_personas")]


class Agency:
    """An energy agency: coordinator of a network of its own, and service provider
    (moderation) in the personas' network, with a person in each role; a funder
    organisation that also coordinates a network; and a second network of the
    personas' coordinator in which Altenbeken (climate manager A) takes no part."""

    def __init__(self, personas):
        self.org = Organisation.objects.create(
            name="Energieagentur (zwei Rollen)", kind=Organisation.Kind.COORDINATOR
        )
        self.own_network = NetworkFactory(
            name="Netzwerk der Agentur", slug="netzwerk-der-agentur", coordinator=self.org
        )
        self.coordinator = UserFactory(email="koordination@agentur.example.org")
        Membership.objects.create(
            user=self.coordinator, role=Role.COORDINATOR, organisation=self.org
        )
        self.moderator = UserFactory(email="moderation@agentur.example.org")
        Membership.objects.create(
            user=self.moderator, role=Role.SERVICE_PROVIDER, organisation=self.org,
            network=personas.network,
        )  # fmt: skip
        self.funder_org = Organisation.objects.create(
            name="Förderer mit eigenem Netzwerk", kind=Organisation.Kind.COORDINATOR
        )
        self.funders_network = NetworkFactory(
            name="Netzwerk des Förderers", slug="netzwerk-des-foerderers",
            coordinator=self.funder_org,
        )  # fmt: skip
        self.funder = UserFactory(email="foerderung@foerderer.example.org")
        Membership.objects.create(
            user=self.funder, role=Role.FUNDER, organisation=self.funder_org,
            network=personas.network,
        )  # fmt: skip
        self.second_network = NetworkFactory(
            name="Zweites Netzwerk", slug="zweites-netzwerk", coordinator=personas.coordinator_org
        )
        Participation.objects.create(
            network=self.second_network, municipality=personas.municipality_b,
            joined_on=self.second_network.term_start,
        )  # fmt: skip


@pytest.fixture
def agency(personas) -> Agency:
    return Agency(personas)


def slugs(queryset) -> set[str]:
    return set(queryset.values_list("slug", flat=True))


def test_the_agencys_coordinator_manages_its_own_network_not_the_one_it_moderates(personas, agency):
    person = agency.coordinator
    assert slugs(Network.objects.editable_by(person)) == {"netzwerk-der-agentur"}
    assert slugs(Network.objects.moderated_by(person)) == {"netzwerk-der-agentur"}
    assert slugs(Network.objects.for_user(person)) == {"netzwerk-der-agentur"}
    assert slugs(Network.objects.overseen_by(person)) == {"netzwerk-der-agentur"}


def test_the_agencys_moderator_moderates_the_network_but_manages_nothing(personas, agency):
    person = agency.moderator
    assert slugs(Network.objects.editable_by(person)) == set()
    assert slugs(Network.objects.moderated_by(person)) == {"netzwerk-test"}
    assert slugs(Network.objects.for_user(person)) == {"netzwerk-test"}
    assert slugs(Network.objects.with_readable_measures(person)) == {"netzwerk-test"}


def test_a_funder_whose_organisation_coordinates_elsewhere_reads_only_its_network(personas, agency):
    person = agency.funder
    assert slugs(Network.objects.for_user(person)) == {"netzwerk-test"}
    assert slugs(Network.objects.with_readable_measures(person)) == set()
    assert slugs(Network.objects.editable_by(person)) == set()
    assert slugs(Network.objects.overseen_by(person)) == {"netzwerk-test"}


def test_a_climate_manager_sees_only_the_networks_their_municipality_takes_part_in(
    personas, agency
):
    # Their membership carries the organisation that granted it, which coordinates
    # the second network too: that network is not theirs.
    assert slugs(Network.objects.for_user(personas.climate_manager_a)) == {"netzwerk-test"}
    assert slugs(Network.objects.for_user(personas.climate_manager_b)) == {
        "netzwerk-test", "zweites-netzwerk",
    }  # fmt: skip
    assert slugs(Network.objects.editable_by(personas.climate_manager_b)) == set()
    # The coordinator sees both of the organisation's networks.
    assert slugs(Network.objects.editable_by(personas.coordinator)) == {
        "netzwerk-test", "zweites-netzwerk",
    }  # fmt: skip


def invitation(*, role, letter, **scope) -> Invitation:
    now = timezone.now()
    return Invitation.objects.create(
        email=f"neu.{letter}@example.org", role=role, token_hash=letter * 64, sent_at=now,
        expires_at=now + datetime.timedelta(days=7), **scope,
    )  # fmt: skip


def test_invitations_are_managed_by_their_coordinator_organisation_only(personas, agency):
    into_network = invitation(role=Role.FUNDER, letter="a", network=personas.network)
    climate = invitation(role=Role.CLIMATE_MANAGER, letter="b",
                         municipality=personas.municipality_a,
                         organisation=personas.coordinator_org)  # fmt: skip
    agencys = invitation(role=Role.SERVICE_PROVIDER, letter="c", network=agency.own_network)

    def managed(person) -> set[str]:
        return set(Invitation.objects.managed_by(person).values_list("token_hash", flat=True))

    assert managed(personas.coordinator) == {into_network.token_hash, climate.token_hash}
    assert managed(agency.coordinator) == {agencys.token_hash}
    for person in (agency.moderator, agency.funder, personas.climate_manager_a):
        assert managed(person) == set(), person


def test_an_invitation_naming_the_agency_as_firm_is_managed_by_the_networks_coordinator(
    personas, agency
):
    # The agency's organisation is the moderator's firm here, not the coordinator
    # that grants the role: the network's coordinator manages the invitation.
    staff = invitation(role=Role.SERVICE_PROVIDER, letter="d", network=personas.network,
                       organisation=agency.org)  # fmt: skip
    assert list(Invitation.objects.managed_by(personas.coordinator)) == [staff]
    assert list(Invitation.objects.managed_by(agency.coordinator)) == []


def test_a_moderator_invited_again_through_another_firm_keeps_their_one_membership(
    personas, agency
):
    moderator = personas.service_provider
    firm = moderator.memberships.get().organisation
    again = Invitation(email=moderator.email, role=Role.SERVICE_PROVIDER,
                       network=personas.network, organisation=agency.org)  # fmt: skip
    token = new_token(again)
    again.save()
    assert accept_invitation(token=token) == moderator
    assert list(moderator.memberships.values_list("role", "network", "organisation")) == [
        (Role.SERVICE_PROVIDER, personas.network.pk, firm.pk)
    ]
