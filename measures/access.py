from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404

from measures.models import Measure


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
