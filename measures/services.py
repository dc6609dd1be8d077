from django.db import transaction

from measures.models import Measure


def save_measure(*, measure: Measure) -> Measure:
    """Validate a measure with every model rule, compute its CO2 savings and save it."""
    with transaction.atomic():
        measure.apply_co2()
        measure.full_clean()
        measure.save()
    return measure
