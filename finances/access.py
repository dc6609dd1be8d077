"""Who sees and keeps a network's finances: the one home of the rule.

- The coordinating organisation keeps them: its coordinators and its finance people
  (role "finance", scoped to the organisation) read and edit the finances of every
  network the organisation coordinates.
- The network's funder reads them (403 on every write).
- Nobody else sees anything (404): service providers, climate managers, mayors,
  outsiders, and the coordinators and finance people of another organisation, also
  where a municipality takes part in networks of both.
Administrators (superusers) keep every network's finances.
"""

from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.shortcuts import get_object_or_404

from networks.models import Membership, Network, Role

KEEPING_ROLES = (Role.COORDINATOR, Role.FINANCE)


def networks_kept_by(user):
    """The networks whose finances a person keeps (reads and edits)."""
    if not user.is_authenticated or not user.is_active:
        return Network.objects.none()
    if user.is_superuser:
        return Network.objects.all()
    return Network.objects.filter(
        coordinator__in=Membership.objects.filter(user=user, role__in=KEEPING_ROLES).values(
            "organisation"
        )
    )


def networks_readable_by(user):
    """The networks whose finances a person reads: those they keep, and those they fund."""
    if not user.is_authenticated or not user.is_active:
        return Network.objects.none()
    if user.is_superuser:
        return Network.objects.all()
    memberships = Membership.objects.filter(user=user)
    return Network.objects.filter(
        Q(coordinator__in=memberships.filter(role__in=KEEPING_ROLES).values("organisation"))
        | Q(pk__in=memberships.filter(role=Role.FUNDER).values("network"))
    )


def may_keep(user, network_id: int) -> bool:
    return networks_kept_by(user).filter(pk=network_id).exists()


def may_read(user, network_id: int) -> bool:
    return networks_readable_by(user).filter(pk=network_id).exists()


def get_finances_for(user, slug: str) -> tuple[Network, bool]:
    """The network if the person reads its finances (else 404), and whether they keep them."""
    network = get_object_or_404(networks_readable_by(user), slug=slug)
    return network, may_keep(user, network.pk)


def get_finances_to_edit(user, slug: str) -> Network:
    """The network if the person keeps its finances; 403 for its funder, 404 for others."""
    network, can_edit = get_finances_for(user, slug)
    if not can_edit:
        raise PermissionDenied
    return network


def require_finance_keeper(user, network_id: int) -> None:
    """Services that change a network's finances check who calls them."""
    if not may_keep(user, network_id):
        raise PermissionDenied
