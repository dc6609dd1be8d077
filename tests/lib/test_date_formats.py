"""Dates shown to people are written with Django's localized formats: in German
exactly as the portal wrote them by hand before (31.01.2030, 31.01.2030 09:05), in
English as English writes them."""

import datetime

import pytest
from django.utils import translation
from django.utils.formats import date_format

DAY = datetime.date(2030, 1, 31)
MOMENT = datetime.datetime(2030, 1, 31, 9, 5)


@pytest.mark.parametrize(
    ("language", "day", "moment"),
    [("de", "31.01.2030", "31.01.2030 09:05"), ("en", "01/31/2030", "01/31/2030 9:05 a.m.")],
)
def test_short_dates_and_moments_read_as_each_language_writes_them(language, day, moment):
    with translation.override(language):
        assert date_format(DAY, "SHORT_DATE_FORMAT") == day
        assert date_format(MOMENT, "SHORT_DATETIME_FORMAT") == moment
