from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404

from measures.forms import participations_for
from measures.models import Measure
from networks.models import Network


def get_measure_for(user, pk: int) -> tuple[Measure, bool]:
    """The measure if the person may read it (else 404), and whether they may edit it."""
    measure = get_object_or_404(
        Measure.objects.for_user(user).select_related(
            "participation__network", "participation__municipality", "focus_area"
        ),
        pk=pk,
    )
    return measure, Measure.objects.editable_by(user).filter(pk=measure.pk).exists()


def get_measure_to_edit(user, pk: int) -> Measure:
    measure, can_edit = get_measure_for(user, pk)
    if not can_edit:
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


def get_participations_to_log(user):
    """The current participations whose measures the person may log; 404 for people
    in no network, 403 for members who may log none."""
    participations = participations_for(user)
    if not participations.exists():
        readable_networks(user)  # 404 for outsiders
        raise PermissionDenied
    return participations
