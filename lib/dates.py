"""The range of dates the portal accepts; imports no app of the project.

Every date and time a person enters lies in the years 1990 to 2100: enough for
any network's term, its predecessors and plans, and far enough from the limits
of Python's and the databases' calendars (year 1 and 9999) that adding an
agenda, a series of meetings or a time zone to it never overflows. Models use
`validate_sane_date` and a CheckConstraint from `in_sane_range`; forms use
`DateField`/`SplitDateTimeField` from here, so the rule and its message have
this one home.
"""

import datetime

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

MIN_YEAR = 1990
MAX_YEAR = 2100
# The bounds as messages name them: "zwischen %(min)s und %(max)s".
YEARS = {"min": MIN_YEAR, "max": MAX_YEAR}
MIN_DATE = datetime.date(MIN_YEAR, 1, 1)
MAX_DATE = datetime.date(MAX_YEAR, 12, 31)
# Times are compared as instants in UTC, so the database rule never depends on a
# setting; at the edges that is an hour off German time, which matters to nobody.
MIN_DATETIME = datetime.datetime(MIN_YEAR, 1, 1, tzinfo=datetime.UTC)
MAX_DATETIME = datetime.datetime(MAX_YEAR, 12, 31, 23, 59, 59, tzinfo=datetime.UTC)

# For <input type="date">: the browser's date picker offers only these days.
DATE_INPUT_ATTRS = {"min": MIN_DATE.isoformat(), "max": MAX_DATE.isoformat()}


def is_sane(value: datetime.date) -> bool:
    """Whether a date, or an aware datetime, lies within the portal's range."""
    if isinstance(value, datetime.datetime):
        if value.tzinfo is None:
            return MIN_DATE <= value.date() <= MAX_DATE
        # Aware datetimes compare as instants without leaving Python's calendar.
        return MIN_DATETIME <= value <= MAX_DATETIME
    return MIN_DATE <= value <= MAX_DATE


def is_sane_year(year: int) -> bool:
    """Whether a year (of a factor set, an emission factor) lies within the range."""
    return MIN_YEAR <= year <= MAX_YEAR


def validate_sane_date(value: datetime.date | None) -> None:
    """Refuse a date or datetime outside the years MIN_YEAR to MAX_YEAR."""
    if value is not None and not is_sane(value):
        raise ValidationError(
            _("Bitte ein Datum zwischen %(min)s und %(max)s angeben."),
            code="date_out_of_range",
            params=YEARS,
        )


def in_sane_range(field: str, *, datetime_field: bool = False, null: bool = False) -> Q:
    """The condition of a CheckConstraint keeping `field` within the range (empty allowed
    with `null`), the same rule `validate_sane_date` tells people."""
    low, high = (MIN_DATETIME, MAX_DATETIME) if datetime_field else (MIN_DATE, MAX_DATE)
    condition = Q(**{f"{field}__gte": low, f"{field}__lte": high})
    return Q(**{f"{field}__isnull": True}) | condition if null else condition


class DateInput(forms.DateInput):
    """The browser's date picker (ISO format), limited to the range."""

    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs={**DATE_INPUT_ATTRS, **(attrs or {})}, format="%Y-%m-%d")


class DateField(forms.DateField):
    """A form's date: the date picker, and the range checked before the form's clean()
    computes anything with it."""

    widget = DateInput
    default_validators = [validate_sane_date]


class SplitDateTimeField(forms.SplitDateTimeField):
    """A date and a time input read in the portal's time zone, within the range."""

    default_validators = [validate_sane_date]


def add_months(day: datetime.date, months: int) -> datetime.date:
    """The same day `months` later; the month's last day where it has no such day
    (31 January + 1 month = 28 or 29 February)."""
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    for last in (31, 30, 29, 28):
        try:
            return day.replace(year=year, month=month, day=min(day.day, last))
        except ValueError:
            continue
    raise AssertionError("every month has a 28th")


def end_of_day(day: datetime.date) -> datetime.datetime:
    """The last moment of `day` in the portal's time zone: what happened "by" a day."""
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.max))
