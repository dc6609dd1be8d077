"""Object access for views: one helper per object kind.

Outsiders get 404 (existence does not leak), read-only members get 403 on
write actions. The rules themselves live in the querysets' for_user(),
editable_by() and moderated_by(); services check a network's coordination with
`require_network_editor`.
"""

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404

from networks.models import Network, Participation


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
