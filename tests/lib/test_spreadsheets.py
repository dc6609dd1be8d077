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


def test_a_workbook_saved_as_of_a_moment_is_the_same_bytes_whenever_it_is_written(monkeypatch):
    import datetime
    import hashlib
    import io
    import time
    import zipfile

    from openpyxl import Workbook, load_workbook

    from lib.spreadsheets import save_workbook_as_of

    moment = datetime.datetime(2024, 4, 22, 10, 30, tzinfo=datetime.UTC)

    def written() -> bytes:
        workbook = Workbook(write_only=True)
        workbook.create_sheet("Belegliste").append(["Moderation", 1190])
        output = io.BytesIO()
        save_workbook_as_of(workbook, output, moment=moment)
        return output.getvalue()

    first = written()
    real = time.time
    monkeypatch.setattr(time, "time", lambda: real() + 86_400 * 400)  # a year later
    second = written()
    assert hashlib.sha256(first).digest() == hashlib.sha256(second).digest()
    with zipfile.ZipFile(io.BytesIO(first)) as archive:
        assert {info.date_time for info in archive.infolist()} == {(1980, 1, 1, 0, 0, 0)}
    workbook = load_workbook(io.BytesIO(first))
    assert workbook.properties.modified == datetime.datetime(2024, 4, 22, 10, 30)
    assert workbook.active["A1"].value == "Moderation"
