"""Publishing a network's measures as open data, and withdrawing them."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from lib.conflicts import check_version
from networks.access import require_network_editor
from networks.models import Network, User
from opendata.models import Licence, Publication


def publication_of(network: Network) -> Publication:
    """The network's row, or an unsaved one (not published, default licence, version
    0: what a form loaded before anybody published is based on)."""
    try:
        return network.publication
    except Publication.DoesNotExist:
        return Publication(network=network, version=0)


def set_publication(
    *, network: Network, user: User, publish: bool, licence: str, base_version: int
) -> Publication:
    """Publish the network's measures under `licence`, change the licence of a
    published data set, or withdraw it (`publish` False). Only its coordination (and
    administrators) may; a network that is not public publishes nothing. Refused with
    an EditConflict if somebody changed the publication after the form was loaded."""
    require_network_editor(user, network.pk)
    with transaction.atomic():
        # The network's row serialises the first publication, which has no row yet.
        network = Network.objects.select_for_update().get(pk=network.pk)
        publication = Publication.objects.select_for_update().filter(
            network=network
        ).first() or Publication(network=network, version=0)
        check_version(publication.version, base_version, current=_as_shown(publication))
        if publish and not network.is_public:
            raise ValidationError(
                _(
                    "Das Netzwerk ist nicht öffentlich. Bitte machen Sie es zuerst in den "
                    "Einstellungen öffentlich; erst dann können seine Daten offen sein."
                )
            )
        publication.licence = Licence(licence)
        if publish and not publication.published:
            publication.published_at = timezone.now()
            publication.published_by = user
        elif not publish:
            publication.published_at = None
        publication.published = publish
        if publication.version == 0:
            publication.version = 1
        publication.full_clean(exclude=["network"], validate_unique=False)
        publication._history_user = user
        publication.save()
    return publication


def _as_shown(publication: Publication) -> Publication:
    """A publication without a row (somebody's form based on one that was deleted with
    its network's data) still tells the conflict message a time."""
    if publication.updated_at is None:
        publication.updated_at = timezone.now()
    return publication
