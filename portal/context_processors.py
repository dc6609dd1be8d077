from django.utils.functional import SimpleLazyObject

from networks.access import can_invite
from networks.models import Network
from portal.help import help_url, section_for


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


def help_link(request):
    """The header's "Hilfe": the guide's section for this page and the person's role."""

    def url():
        match = getattr(request, "resolver_match", None)
        section = section_for(match and match.url_name, getattr(request, "user", None))
        return help_url(section) if section else ""

    return {"help_url": SimpleLazyObject(url)}
