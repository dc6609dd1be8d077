"""Roles and invitations as networks/models/ holds them (issue 29): what a role's
scope is, who may send an invitation, and when its link expires."""

import datetime

import pytest
from django.contrib.auth.models import AnonymousUser
from django.utils import timezone

from networks.models import Invitation, Role

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("module_personas")]


@pytest.mark.parametrize(
    ("persona", "scope", "label"),
    [
        ("coordinator", "coordinator_org", "Westfalen Weser (Test)"),
        ("service_provider", "network", "Netzwerk Test"),
        ("funder", "network", "Netzwerk Test"),
        ("finance", "coordinator_org", "Westfalen Weser (Test)"),
        (
            "climate_manager_a",
            "municipality_a",
            "Altenbeken in den Netzwerken von Westfalen Weser (Test)",
        ),
    ],
)
def test_a_roles_scope_is_its_organisation_network_or_municipality(personas, persona, scope, label):
    # The service provider's and the funder's memberships name their firm too: the
    # scope is still the network.
    membership = getattr(personas, persona).memberships.get()
    assert membership.scope() == getattr(personas, scope)
    assert membership.scope_label() == label


@pytest.mark.parametrize("role", list(Role))
def test_a_role_without_its_scope_has_an_empty_label(role):
    assert Invitation(role=role).scope_label() == ""


def funder_invitation(network, **fields) -> Invitation:
    now = timezone.now()
    return Invitation(
        email="neu@example.org", role=Role.FUNDER, network=network, sent_at=now,
        expires_at=now + datetime.timedelta(days=7), **fields,
    )  # fmt: skip


def test_only_active_people_send_invitations(personas):
    invitation = funder_invitation(personas.network)
    assert invitation.may_be_sent_by(personas.coordinator) is True
    assert invitation.may_be_sent_by(personas.superuser) is True
    assert invitation.may_be_sent_by(AnonymousUser()) is False
    for person in (personas.coordinator, personas.superuser):
        person.is_active = False
        assert invitation.may_be_sent_by(person) is False, person


def test_an_invitation_into_no_network_comes_from_no_organisation_and_only_administrators_send_it(
    personas,
):
    invitation = funder_invitation(None)
    assert invitation.granting_organisation_id() is None
    assert invitation.may_be_sent_by(personas.coordinator) is False
    assert invitation.may_be_sent_by(personas.superuser) is True


def test_an_invitation_expires_at_the_instant_its_validity_ends(personas):
    invitation = funder_invitation(personas.network)
    end = invitation.expires_at
    assert (
        invitation.state(now=end - datetime.timedelta(microseconds=1)) == Invitation.State.PENDING
    )
    assert invitation.state(now=end) == Invitation.State.EXPIRED
