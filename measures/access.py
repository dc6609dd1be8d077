from django.core.exceptions import PermissionDenied
from django.http import Http404, QueryDict
from django.shortcuts import get_object_or_404

from measures.models import Measure
from networks.models import Network, Participation

# The measure list's filter value for measures not yet given a category.
WITHOUT_CATEGORY = "ohne"


def get_measure_for(user, pk: int) -> tuple[Measure, bool]:
    """The measure if the person may read it (else 404), and whether they may edit it;
    whether they may mark it as checked is its `may_check`, read with it."""
    measure = get_object_or_404(
        Measure.objects.for_user(user)
        .with_may_check(user)
        .select_related(
            "participation__network__factor_set",
            "participation__municipality",
            "focus_area",
            "category",
        )
        .prefetch_related("energy__carrier__emission_factors", "energy__factor"),
        pk=pk,
    )
    return measure, Measure.objects.editable_by(user).filter(pk=measure.pk).exists()


def get_measure_to_edit(user, pk: int) -> Measure:
    measure, can_edit = get_measure_for(user, pk)
    if not can_edit:
        raise PermissionDenied
    return measure


def get_measure_to_check(user, pk: int) -> Measure:
    """A measure the person may mark as checked (Measure.objects.checkable_by): 404 for
    those who may not read it, 403 for readers who do not coordinate its network (its
    climate managers among them)."""
    measure, _can_edit = get_measure_for(user, pk)
    if not measure.may_check:
        raise PermissionDenied
    return measure


def readable_networks(user):
    """Networks whose measures the person reads; 404 for people in no network, 403
    for members who read no measures (funders)."""
    networks = Network.objects.with_readable_measures(user)
    if not networks.exists():
        if user.is_authenticated and Network.objects.for_user(user).exists():
            raise PermissionDenied
        raise Http404
    return networks


def readable_network_ids(user) -> list[int]:
    """The ids of readable_networks, read at once; 404 and 403 as there."""
    ids = list(Network.objects.with_readable_measures(user).values_list("pk", flat=True))
    if not ids:
        readable_networks(user)
    return ids


def require_measure_logger(user):
    """The participations in which the person may log new measures; 404 for people in
    no network, 403 for members who may log none (funders, service providers)."""
    participations = Participation.objects.open_for_new_measures_by(user)
    if not participations.exists():
        readable_networks(user)  # 404 for outsiders
        raise PermissionDenied
    return participations


def own_municipality(user, *, managed: list[Participation] | None = None):
    """The one municipality a climate manager works for, if it is one (else None).
    `managed`: Participation.objects.worked_in_by(user) with their municipalities, if
    read already (no query then)."""
    if managed is None:
        managed = Participation.objects.worked_in_by(user).select_related("municipality")
    municipalities = {participation.municipality for participation in managed}
    return municipalities.pop() if len(municipalities) == 1 else None


def category_todo(user, measures, *, managed: list[Participation] | None = None) -> dict:
    """How many of `measures` (those a person may edit) have no category yet, and the
    measure list's query that shows them: a climate manager's own municipality's,
    everybody else's across their networks. `managed`: as for own_municipality."""
    count = measures.without_category().count()
    query = QueryDict(mutable=True)
    if count:
        query["kategorie"] = WITHOUT_CATEGORY
        if own := own_municipality(user, managed=managed):
            query["kommune"] = own.slug
    return {"count": count, "query": query.urlencode()}
