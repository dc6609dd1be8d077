"""Dates shown to people are written with Django's localized formats: in German
exactly as the portal wrote them by hand before (31.01.2030, 31.01.2030 09:05), in
English with the month's name (portal/formats/en/formats.py), so that no reader takes
12/06/2026 for 12 June when it means 6 December."""

import datetime

import pytest
from django import forms
from django.utils import translation
from django.utils.formats import date_format

from lib.dates import DateField

DAY = datetime.date(2030, 1, 31)
MOMENT = datetime.datetime(2030, 1, 31, 9, 5)
AMBIGUOUS_DAY = datetime.date(2026, 12, 6)


@pytest.mark.parametrize(
    ("language", "day", "moment"),
    [("de", "31.01.2030", "31.01.2030 09:05"), ("en", "31 Jan 2030", "31 Jan 2030 09:05")],
)
def test_short_dates_and_moments_read_as_each_language_writes_them(language, day, moment):
    with translation.override(language):
        assert date_format(DAY, "SHORT_DATE_FORMAT") == day
        assert date_format(MOMENT, "SHORT_DATETIME_FORMAT") == moment


@pytest.mark.parametrize(
    ("language", "short", "long", "time"),
    [
        ("de", "06.12.2026", "6. Dezember 2026", "09:05"),
        ("en", "06 Dec 2026", "6 December 2026", "09:05"),
    ],
)
def test_a_day_whose_day_could_be_its_month_is_written_unambiguously(language, short, long, time):
    with translation.override(language):
        assert date_format(AMBIGUOUS_DAY, "SHORT_DATE_FORMAT") == short
        assert date_format(AMBIGUOUS_DAY, "DATE_FORMAT") == long
        assert date_format(datetime.time(9, 5), "TIME_FORMAT") == time


@pytest.mark.parametrize(
    ("language", "shown"),
    [("de", "SHORT_DATE_FORMAT"), ("en", "SHORT_DATE_FORMAT"), ("en", "DATE_FORMAT")],
)
def test_a_date_field_reads_the_date_as_the_pages_show_it(language, shown):
    with translation.override(language):
        assert forms.DateField().clean(date_format(AMBIGUOUS_DAY, shown)) == AMBIGUOUS_DAY


@pytest.mark.parametrize("language", ["de", "en"])
def test_the_date_picker_value_is_read_in_every_language(language):
    field = DateField()
    with translation.override(language):
        assert field.widget.format_value(AMBIGUOUS_DAY) == "2026-12-06"
        assert field.clean("2026-12-06") == AMBIGUOUS_DAY


def test_english_date_fields_refuse_the_month_first_form():
    with translation.override("en"), pytest.raises(forms.ValidationError):
        forms.DateField().clean("12/06/2026")


def test_english_moments_are_read_as_shown():
    with translation.override("en"):
        text = date_format(datetime.datetime(2026, 12, 6, 9, 5), "SHORT_DATETIME_FORMAT")
        assert forms.DateTimeField().clean(text).replace(tzinfo=None) == datetime.datetime(
            2026, 12, 6, 9, 5
        )
