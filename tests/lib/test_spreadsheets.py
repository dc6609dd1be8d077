"""Dates in spreadsheet files (lib.spreadsheets) are a file format: German, as German
Excel writes and reads them, whatever the language of whoever exports or imports."""

import datetime

import pytest
from django.utils import translation

from lib.cells import parse_date
from lib.spreadsheets import DATE_PATTERN, DATETIME_PATTERN, XLSX_DATE_FORMAT, XLSX_DATETIME_FORMAT

MOMENT = datetime.datetime(2030, 1, 31, 9, 5)


@pytest.mark.parametrize("language", ["de", "en"])
def test_a_day_in_a_file_is_written_and_read_the_german_way_in_every_language(language):
    with translation.override(language):
        assert MOMENT.strftime(DATE_PATTERN) == "31.01.2030"
        assert MOMENT.strftime(DATETIME_PATTERN) == "31.01.2030 09:05"
        assert parse_date(MOMENT.strftime(DATETIME_PATTERN)) == MOMENT.date()


def test_xlsx_cells_show_days_and_moments_as_the_csv_writes_them():
    assert (XLSX_DATE_FORMAT, XLSX_DATETIME_FORMAT) == ("DD.MM.YYYY", "DD.MM.YYYY HH:MM")
