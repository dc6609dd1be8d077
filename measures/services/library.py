"""A network's consent to share its completed measures in the portal-wide library of
measures (issue 34): only its coordination switches it, and who did so last and when
is kept beside the setting."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from measures.models import MeasureSettings
from networks.access import require_network_editor
from networks.models import Network, User


def set_library_sharing(
    *,
    network: Network,
    user: User,
    shared: bool,
    contact: str = "",
    loaded: tuple[bool, str] | None = None,
) -> MeasureSettings:
    """Switch the network's sharing on or off, with an optional contact for other
    networks' questions; a change of the switch records who and when. `loaded`: the
    setting (shared, contact) the form was loaded with; if somebody changed it since,
    nothing is saved (ValidationError with code "conflict")."""
    require_network_editor(user, network.pk)
    with transaction.atomic():
        row, _created = MeasureSettings.objects.select_for_update().get_or_create(network=network)
        if loaded is not None and (row.library_shared, row.library_contact) != loaded:
            raise ValidationError(
                _(
                    "Jemand hat das Teilen inzwischen geändert. Ihre Änderung ist nicht "
                    "gespeichert: Bitte prüfen Sie den aktuellen Stand und speichern Sie erneut."
                ),
                code="conflict",
            )
        if row.library_shared != shared:
            row.library_shared = shared
            row.library_changed_at = timezone.now()
            row.library_changed_by = user
        row.library_contact = contact.strip()
        row.full_clean(exclude=["network"], validate_unique=False)
        row.save()
    return row
