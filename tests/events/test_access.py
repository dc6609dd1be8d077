"""events.access: object access for the meeting pages, 404 for outsiders, 403 for
members without the right."""

import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404

from events import services
from events.access import get_network_for, get_own_invitation, require_member

pytestmark = pytest.mark.django_db


def test_a_networks_meeting_list_says_who_moderates(world):
    assert get_network_for(world.coordinator, "netzwerk-test") == (world.network, True)
    assert get_network_for(world.climate_manager_a, "netzwerk-test") == (world.network, False)
    with pytest.raises(Http404):
        get_network_for(world.outsider, "netzwerk-test")


def test_only_members_of_a_network_have_a_meeting_list(world):
    require_member(world.funder)
    with pytest.raises(Http404):
        require_member(world.outsider)


def test_only_invited_people_answer(world):
    services.send_invitations(meeting=world.upcoming, user=world.coordinator)
    invitee = get_own_invitation(world.climate_manager_a, world.upcoming)
    assert invitee.user == world.climate_manager_a
    with pytest.raises(PermissionDenied):
        get_own_invitation(world.funder, world.upcoming)
