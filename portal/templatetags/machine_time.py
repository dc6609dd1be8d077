"""Times for machines: the `datetime` attribute of <time>, which HTML allows to the
millisecond at most (Django's "c" format prints microseconds)."""

import datetime

from django import template
from django.utils import timezone

register = template.Library()


@register.filter
def iso_datetime(value) -> str:
    """An aware date and time in local time to the second, as ISO 8601
    ("2026-11-26T10:00:00+01:00"); a date as "2026-11-26"."""
    if isinstance(value, datetime.datetime):
        if timezone.is_aware(value):
            value = timezone.localtime(value)
        return value.replace(microsecond=0).isoformat()
    if isinstance(value, datetime.date):
        return value.isoformat()
    return ""
