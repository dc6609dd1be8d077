"""The header's navigation, read with one query of a person's memberships
(networks/access.navigation_of, MembershipQuerySet.with_reach), answers as the
rules' own homes do: can_invite, Network.objects.for_user and
with_readable_measures, and the roles the help's guide follows."""

import pytest
from django.contrib.auth.models import AnonymousUser

from networks.access import Navigation, can_invite, navigation_of
from networks.models import Membership, Network, Role
from tests.factories import MunicipalityFactory, OrganisationFactory, UserFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("module_personas")]

PERSONAS = [
    "coordinator",
    "other_coordinator",
    "climate_manager_a",
    "climate_manager_b",
    "foreign_climate_manager",
    "service_provider",
    "funder",
    "finance",
    "other_finance",
    "outsider",
    "superuser",
]


def as_the_rules_say(user) -> Navigation:
    return Navigation(
        roles=frozenset(Membership.objects.filter(user=user).values_list("role", flat=True)),
        can_invite=can_invite(user),
        in_network=Network.objects.for_user(user).exists(),
        reads_measures=Network.objects.with_readable_measures(user).exists(),
    )


@pytest.mark.parametrize("name", PERSONAS)
def test_the_navigation_answers_as_the_rules_do(personas, name, django_assert_num_queries):
    user = getattr(personas, name)
    with django_assert_num_queries(2 if user.is_superuser else 1):
        navigation = navigation_of(user)
    assert navigation == as_the_rules_say(user)


def test_what_the_personas_are_offered(personas):
    offered = {
        name: (navigation.can_invite, navigation.in_network, navigation.reads_measures)
        for name in PERSONAS
        for navigation in [navigation_of(getattr(personas, name))]
    }
    assert offered == {
        "coordinator": (True, True, True),
        "other_coordinator": (True, True, True),
        "climate_manager_a": (False, True, True),
        "climate_manager_b": (False, True, True),
        "foreign_climate_manager": (False, True, True),
        "service_provider": (False, True, True),
        "funder": (False, True, False),
        "finance": (False, False, False),
        "other_finance": (False, False, False),
        "outsider": (False, False, False),
        "superuser": (True, True, True),
    }
    assert navigation_of(personas.coordinator).roles == {Role.COORDINATOR}


def test_memberships_that_open_no_network(personas):
    """A coordinator of an organisation without networks; a climate manager granted by
    an organisation in none of whose networks the municipality takes part (B takes
    part only in the first organisation's network); a municipality in no network."""
    lone = OrganisationFactory(name="Ohne Netzwerke")
    people = [
        (Role.COORDINATOR, {"organisation": lone}),
        (Role.CLIMATE_MANAGER, {"organisation": personas.other_org,
                                "municipality": personas.municipality_b}),
        (Role.CLIMATE_MANAGER, {"organisation": personas.coordinator_org,
                                "municipality": MunicipalityFactory()}),
    ]  # fmt: skip
    for role, scope in people:
        user = UserFactory()
        Membership.objects.create(user=user, role=role, **scope)
        navigation = navigation_of(user)
        assert navigation == as_the_rules_say(user)
        assert navigation == Navigation(roles=frozenset({role}))


def test_visitors_and_people_who_left_get_nothing(personas, django_assert_num_queries):
    personas.climate_manager_a.is_active = False
    with django_assert_num_queries(0):
        assert navigation_of(AnonymousUser()) == Navigation()
        assert navigation_of(personas.climate_manager_a) == Navigation()


def test_an_administrator_without_networks_is_offered_invitations_only(personas):
    Network.objects.all().delete()
    assert navigation_of(personas.superuser) == Navigation(can_invite=True)
