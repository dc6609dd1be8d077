"""A network's consent to share its completed measures in the portal-wide library of
measures (issue 34): only its coordination switches it, and who did so last and when
is kept beside the setting."""

from django.db import transaction
from django.utils import timezone

from measures.models import MeasureSettings
from networks.access import require_network_editor
from networks.models import Network, User


def set_library_sharing(
    *,
    network: Network,
    user: User,
    shared: bool,
    contact: str = "",
    base_version: int | None,
) -> MeasureSettings:
    """Switch the network's sharing on or off, with an optional contact for other
    networks' questions; a change of the switch records who and when. `base_version`
    is the version of the network's measure settings the form was loaded with; if
    somebody saved them since (here or on the network's settings page), nothing is
    saved (lib.conflicts.EditConflict)."""
    require_network_editor(user, network.pk)
    with transaction.atomic():
        row = MeasureSettings(network=network).lock_for_edit(base_version)
        if row.library_shared != shared:
            row.library_shared = shared
            row.library_changed_at = timezone.now()
            row.library_changed_by = user
        row.library_contact = contact.strip()
        row.full_clean(exclude=["network"], validate_unique=False)
        row.save()
    return row
