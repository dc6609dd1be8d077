import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404

from measures.access import get_measure_for, get_measure_to_edit
from measures.models import Measure
from networks.access import get_network_for, get_network_to_edit
from networks.models import Membership, Network, Participation
from tests.factories import MeasureFactory, OrganisationFactory, UserFactory
from tests.helpers import messages_of, violates

# The personas are made once for this module (see `module_personas` in tests/conftest.py).
pytestmark = [
    pytest.mark.django_db,
    pytest.mark.usefixtures("module_personas", "running_networks"),
]


def visible_networks(user) -> set[str]:
    return set(Network.objects.for_user(user).values_list("slug", flat=True))


@pytest.mark.parametrize(
    ("persona", "expected"),
    [
        ("coordinator", {"netzwerk-test"}),
        ("other_coordinator", {"fremdes-netzwerk"}),
        ("climate_manager_a", {"netzwerk-test"}),
        ("climate_manager_b", {"netzwerk-test"}),
        ("foreign_climate_manager", {"fremdes-netzwerk"}),
        ("service_provider", {"netzwerk-test"}),
        ("funder", {"netzwerk-test"}),
        ("outsider", set()),
        ("superuser", {"netzwerk-test", "fremdes-netzwerk"}),
    ],
)
def test_each_persona_sees_exactly_their_networks(personas, persona, expected):
    assert visible_networks(getattr(personas, persona)) == expected


def test_anonymous_visitors_see_no_network_through_for_user(personas):
    personas.network.is_public = True
    personas.network.save()
    assert visible_networks(AnonymousUser()) == set()
    assert list(Network.objects.listed_for(AnonymousUser())) == [personas.network]


def test_inactive_person_sees_nothing(personas):
    personas.coordinator.is_active = False
    assert visible_networks(personas.coordinator) == set()


@pytest.mark.parametrize(
    ("persona", "editable", "moderated"),
    [
        ("coordinator", {"netzwerk-test"}, {"netzwerk-test"}),
        ("service_provider", set(), {"netzwerk-test"}),
        ("climate_manager_a", set(), set()),
        ("funder", set(), set()),
        ("other_coordinator", {"fremdes-netzwerk"}, {"fremdes-netzwerk"}),
    ],
)
def test_who_edits_and_who_moderates_a_network(personas, persona, editable, moderated):
    user = getattr(personas, persona)
    assert set(Network.objects.editable_by(user).values_list("slug", flat=True)) == editable
    assert set(Network.objects.moderated_by(user).values_list("slug", flat=True)) == moderated


def test_get_network_for_answers_404_to_outsiders_and_403_to_readers_who_write(personas):
    network, can_edit = get_network_for(personas.coordinator, "netzwerk-test")
    assert (network, can_edit) == (personas.network, True)
    assert get_network_for(personas.climate_manager_a, "netzwerk-test") == (personas.network, False)
    with pytest.raises(Http404):
        get_network_for(personas.outsider, "netzwerk-test")
    with pytest.raises(Http404):
        get_network_for(personas.other_coordinator, "netzwerk-test")
    with pytest.raises(PermissionDenied):
        get_network_to_edit(personas.funder, "netzwerk-test")
    assert get_network_to_edit(personas.coordinator, "netzwerk-test") == personas.network


def test_participations_follow_network_visibility(personas):
    assert set(Participation.objects.for_user(personas.funder)) == {
        personas.participation_a,
        personas.participation_b,
    }
    assert list(Participation.objects.for_user(personas.outsider)) == []


@pytest.fixture
def measures(personas):
    return {
        "a": MeasureFactory(participation=personas.participation_a, title="Maßnahme A"),
        "b": MeasureFactory(participation=personas.participation_b, title="Maßnahme B"),
        "c": MeasureFactory(participation=personas.participation_c, title="Maßnahme C"),
        "a-other": MeasureFactory(
            participation=personas.participation_a_other, title="Maßnahme A (fremd)"
        ),
    }


@pytest.mark.parametrize(
    ("persona", "readable", "editable"),
    [
        ("coordinator", {"Maßnahme A", "Maßnahme B"}, {"Maßnahme A", "Maßnahme B"}),
        ("climate_manager_a", {"Maßnahme A", "Maßnahme B"}, {"Maßnahme A"}),
        ("climate_manager_b", {"Maßnahme A", "Maßnahme B"}, {"Maßnahme B"}),
        ("service_provider", {"Maßnahme A", "Maßnahme B"}, set()),
        ("funder", set(), set()),
        ("outsider", set(), set()),
        ("other_coordinator", {"Maßnahme C", "Maßnahme A (fremd)"},
         {"Maßnahme C", "Maßnahme A (fremd)"}),
        # A's climate manager granted by the other organisation: its network only.
        ("foreign_climate_manager", {"Maßnahme C", "Maßnahme A (fremd)"},
         {"Maßnahme A (fremd)"}),
        ("superuser", {"Maßnahme A", "Maßnahme B", "Maßnahme C", "Maßnahme A (fremd)"},
         {"Maßnahme A", "Maßnahme B", "Maßnahme C", "Maßnahme A (fremd)"}),
    ],
)  # fmt: skip
def test_who_reads_and_who_edits_measures(personas, measures, persona, readable, editable):
    user = getattr(personas, persona)
    assert set(Measure.objects.for_user(user).values_list("title", flat=True)) == readable
    assert set(Measure.objects.editable_by(user).values_list("title", flat=True)) == editable


def test_climate_manager_cannot_edit_other_municipality(personas, measures):
    assert get_measure_for(personas.climate_manager_a, measures["b"].pk) == (measures["b"], False)
    with pytest.raises(PermissionDenied):
        get_measure_to_edit(personas.climate_manager_a, measures["b"].pk)
    with pytest.raises(Http404):
        get_measure_for(personas.climate_manager_a, measures["c"].pk)
    assert get_measure_to_edit(personas.climate_manager_a, measures["a"].pk) == measures["a"]


def test_funder_reads_no_measure(personas, measures):
    with pytest.raises(Http404):
        get_measure_for(personas.funder, measures["a"].pk)


def test_climate_manager_logs_measures_only_for_own_municipalities(personas):
    managed = Participation.objects.managed_by
    assert list(managed(personas.climate_manager_a)) == [personas.participation_a]
    assert list(managed(personas.foreign_climate_manager)) == [personas.participation_a_other]
    assert list(managed(personas.coordinator)) == []
    assert list(managed(AnonymousUser())) == []


class TestMembershipRules:
    def test_coordinator_needs_a_coordinator_organisation(self):
        user = UserFactory()
        membership = Membership(user=user, role=Membership.Role.COORDINATOR)
        with pytest.raises(ValidationError) as excinfo:
            membership.full_clean()
        assert messages_of(excinfo) == {
            "organisation": ["Für die Rolle „Koordination“ bitte angeben."]
        }
        with violates("networks_membership_scope_matches_role"):
            membership.save()
        membership.organisation = OrganisationFactory(kind="funder")
        with pytest.raises(ValidationError) as excinfo:
            membership.full_clean()
        assert messages_of(excinfo) == {
            "organisation": ["Koordinieren kann nur eine Organisation der Art „Netzwerkträger“."]
        }

    def test_climate_manager_scope_is_a_municipality_and_a_coordinator_only(self, personas):
        membership = Membership(
            user=UserFactory(),
            role=Membership.Role.CLIMATE_MANAGER,
            municipality=personas.municipality_a,
            network=personas.network,
        )
        with pytest.raises(ValidationError) as excinfo:
            membership.full_clean()
        assert messages_of(excinfo) == {
            "network": ["Passt nicht zur Rolle „Klimaschutzmanagement“; bitte leer lassen."],
            "organisation": ["Für die Rolle „Klimaschutzmanagement“ bitte angeben."],
        }
        with violates("networks_membership_scope_matches_role"):
            membership.save()

    def test_climate_manager_role_is_granted_by_a_coordinator_organisation(self, personas):
        membership = Membership(
            user=UserFactory(),
            role=Membership.Role.CLIMATE_MANAGER,
            municipality=personas.municipality_a,
        )
        with pytest.raises(ValidationError) as excinfo:
            membership.full_clean()
        assert messages_of(excinfo) == {
            "organisation": ["Für die Rolle „Klimaschutzmanagement“ bitte angeben."]
        }
        with violates("networks_membership_scope_matches_role"):
            membership.save()
        membership.organisation = OrganisationFactory(kind="service_provider")
        with pytest.raises(ValidationError) as excinfo:
            membership.full_clean()
        assert messages_of(excinfo) == {
            "organisation": [
                "Das Klimaschutzmanagement gilt in den Netzwerken eines Netzwerkträgers: "
                "bitte eine Organisation der Art „Netzwerkträger“ wählen."
            ]
        }

    def test_the_same_role_is_held_once(self, personas):
        duplicate = Membership(
            user=personas.climate_manager_a,
            role=Membership.Role.CLIMATE_MANAGER,
            municipality=personas.municipality_a,
            organisation=personas.coordinator_org,
        )
        with pytest.raises(ValidationError) as excinfo:
            duplicate.full_clean()
        assert messages_of(excinfo) == {
            "__all__": [
                "Diese Person ist schon Klimaschutzmanager*in dieser Kommune in den "
                "Netzwerken dieses Netzwerkträgers."
            ]
        }
        with violates(
            "networks_membership_unique_climate_manager",
            sqlite_says="networks_membership.user_id, networks_membership.municipality_id",
        ):
            duplicate.save()
