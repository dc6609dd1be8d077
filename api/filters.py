"""Filters of the API's lists (django-filter), and the rule that a list refuses query
parameters it does not know: a misspelt filter would otherwise return everything
and a synchronising client would never notice."""

from django import forms
from django.utils.translation import gettext as _
from django_filters import rest_framework as filters
from django_filters.fields import IsoDateTimeField
from rest_framework import exceptions

from lib.dates import MAX_YEAR, MIN_YEAR, validate_sane_date

# Parameters every list understands besides its filters.
GENERAL_PARAMETERS = {"format", "page", "page_size", "cursor"}


class StrictFilterBackend(filters.DjangoFilterBackend):
    def filter_queryset(self, request, queryset, view):
        known = set(GENERAL_PARAMETERS)
        filterset_class = self.get_filterset_class(view, queryset)
        if filterset_class is not None:
            known |= set(filterset_class.base_filters)
        unknown = sorted(set(request.query_params) - known)
        if unknown:
            raise exceptions.ValidationError(
                {
                    "detail": _("Unbekannte Parameter: %(names)s. Möglich sind: %(known)s.")
                    % {"names": ", ".join(unknown), "known": ", ".join(sorted(known))}
                }
            )
        return super().filter_queryset(request, queryset, view)


class YearField(forms.IntegerField):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, min_value=MIN_YEAR, max_value=MAX_YEAR, **kwargs)


class YearFilter(filters.NumberFilter):
    field_class = YearField


class SaneDateTimeField(IsoDateTimeField):
    default_validators = [validate_sane_date]


class ChangedSinceFilter(filters.IsoDateTimeFilter):
    """Changed at or after an ISO 8601 moment (`2025-01-31T12:00:00+01:00`; without
    an offset, German time)."""

    field_class = SaneDateTimeField

    def __init__(self, field_name="updated_at", **kwargs):
        super().__init__(field_name=field_name, lookup_expr="gte", **kwargs)
