from django.utils.functional import SimpleLazyObject

from networks.access import can_invite
from networks.models import Network


def navigation(request):
    """What the header's navigation offers; evaluated only when a template asks."""
    user = getattr(request, "user", None)
    return {
        "can_invite": SimpleLazyObject(
            lambda: bool(user and user.is_authenticated and can_invite(user))
        ),
        "in_network": SimpleLazyObject(
            lambda: bool(user and user.is_authenticated and Network.objects.for_user(user).exists())
        ),
        "reads_measures": SimpleLazyObject(
            lambda: bool(
                user
                and user.is_authenticated
                and Network.objects.with_readable_measures(user).exists()
            )
        ),
    }
