"""Object access for views: one helper per object kind.

Outsiders get 404 (existence does not leak), read-only members get 403 on
write actions. The rules themselves live in the querysets' for_user(),
editable_by() and moderated_by(); services check a network's coordination with
`require_network_editor`.
"""

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404

from networks.models import Membership, Network, Participation, Role


def get_network_for(user, slug: str) -> tuple[Network, bool]:
    """The network if the person may see it (else 404), and whether they may edit it."""
    network = get_object_or_404(
        Network.objects.for_user(user).select_related("factor_set"), slug=slug
    )
    return network, Network.objects.is_editable_by(user, network.pk)


def get_network_to_edit(user, slug: str) -> Network:
    network, can_edit = get_network_for(user, slug)
    if not can_edit:
        raise PermissionDenied
    return network


def require_network_editor(user, network_id: int) -> None:
    """Services that change a network or write in its coordination's name check who
    calls them (docs/development/rules.md): its coordination and administrators."""
    if not Network.objects.is_editable_by(user, network_id):
        raise PermissionDenied


def can_invite(user) -> bool:
    """Invitations are for coordinators (of any network) and administrators."""
    return user.is_superuser or Network.objects.editable_by(user).exists()


@dataclass(frozen=True)
class Navigation:
    """What the header offers a person: their roles (the help's guide follows them),
    and whether they invite (can_invite), see a network (Network.objects.for_user)
    and read measures (Network.objects.with_readable_measures)."""

    roles: frozenset[str] = frozenset()
    can_invite: bool = False
    in_network: bool = False
    reads_measures: bool = False


# The roles whose opening memberships (MembershipQuerySet.with_reach) let a person
# see a network, and read its measures: a funder sees overviews and reports only.
SEEING_ROLES = frozenset({Role.COORDINATOR, Role.SERVICE_PROVIDER, Role.CLIMATE_MANAGER,
                          Role.FUNDER})  # fmt: skip
READING_ROLES = SEEING_ROLES - {Role.FUNDER}


def navigation_of(user) -> Navigation:
    """The header's navigation for a person, from one query of their memberships (each
    page asked three role questions and the help its own before)."""
    if not user.is_authenticated or not user.is_active:
        return Navigation()
    memberships = Membership.objects.filter(user=user).with_reach()
    held = list(memberships.values_list("role", "opens_network"))
    roles = frozenset(role for role, _ in held)
    if user.is_superuser:
        any_network = Network.objects.exists()
        return Navigation(roles, can_invite=True, in_network=any_network,
                          reads_measures=any_network)  # fmt: skip
    opening = {role for role, opens in held if opens}
    return Navigation(
        roles,
        can_invite=Role.COORDINATOR in opening,
        in_network=bool(opening & SEEING_ROLES),
        reads_measures=bool(opening & READING_ROLES),
    )


def require_inviter(user) -> None:
    if not can_invite(user):
        raise PermissionDenied


def get_participation_for(
    user, network_slug: str, municipality_slug: str
) -> tuple[Participation, bool]:
    participation = get_object_or_404(
        Participation.objects.for_user(user).select_related("network", "municipality"),
        network__slug=network_slug,
        municipality__slug=municipality_slug,
    )
    return participation, Network.objects.is_editable_by(user, participation.network_id)


def get_overseen_network(user, slug: str) -> tuple[Network, bool]:
    """A network's recruitment (and its compliance with the programme's rules): 404
    for outsiders, 403 for members who do not oversee it (its climate managers); and
    whether the person records it (the coordination)."""
    network, can_edit = get_network_for(user, slug)
    if not Network.objects.overseen_by(user).filter(pk=network.pk).exists():
        raise PermissionDenied
    return network, can_edit


def get_recruitment_to_edit(user, slug: str) -> Network:
    """A network whose recruitment the person records (its coordination); 403 for
    those who only oversee it, 404 for outsiders."""
    network, can_edit = get_overseen_network(user, slug)
    if not can_edit:
        raise PermissionDenied
    return network
