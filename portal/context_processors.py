from django.utils.functional import SimpleLazyObject

from networks.access import Navigation, navigation_of
from portal.help import help_url, section_for


def _navigation(request) -> Navigation:
    """The person's navigation, read once per request (networks/access.navigation_of)."""
    if not hasattr(request, "_navigation"):
        user = getattr(request, "user", None)
        request._navigation = navigation_of(user) if user is not None else Navigation()
    return request._navigation


def navigation(request):
    """What the header's navigation offers; evaluated only when a template asks."""
    return {
        "can_invite": SimpleLazyObject(lambda: _navigation(request).can_invite),
        "in_network": SimpleLazyObject(lambda: _navigation(request).in_network),
        "reads_measures": SimpleLazyObject(lambda: _navigation(request).reads_measures),
    }


def help_link(request):
    """The header's "Hilfe": the guide's section for this page and the person's role."""

    def url():
        match = getattr(request, "resolver_match", None)
        roles = SimpleLazyObject(lambda: _navigation(request).roles)
        section = section_for(match and match.url_name, roles)
        return help_url(section) if section else ""

    return {"help_url": SimpleLazyObject(url)}
