"""Spreadsheet files: text that stays text, and dates written the German way;
imports no app of the project.

A cell or CSV field that starts with "=", "+", "-", "@", a tab or a carriage
return is run as a formula by spreadsheet programs, so a title typed into the
portal could otherwise run in the spreadsheet of whoever opens an export. The
measures' export and import and the report workbook share these guards.

Dates in these files are a file format, not text shown to a person: German (as
German Excel writes and reads them) whatever the language of whoever exports, so a
file exported in either language can be imported again. Export, reading and parsing
share the patterns below; text shown to a person uses Django's localized formats.
"""

import datetime
import zipfile

from openpyxl.styles import Alignment
from openpyxl.writer.excel import ExcelWriter

# A day and a moment in CSV files and in the text read from cells (strftime/strptime).
DATE_PATTERN = "%d.%m.%Y"
DATETIME_PATTERN = f"{DATE_PATTERN} %H:%M"
# The same, as the number format of an XLSX cell.
XLSX_DATE_FORMAT = "DD.MM.YYYY"
XLSX_DATETIME_FORMAT = f"{XLSX_DATE_FORMAT} HH:MM"

# Text that a spreadsheet program would run as a formula when it starts with these.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_text(text: str) -> str:
    """Text for a CSV field that spreadsheet programs show as text instead of running it."""
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def unescape_text(text: str) -> str:
    """Undo `safe_text`, so an exported file reads back with the original text."""
    if text.startswith("'") and text[1:2] and text[1:].startswith(FORMULA_STARTS):
        return text[1:]
    return text


def write_text(cell, text: str) -> None:
    """Text that stays text: never a formula, even if it starts with "=" (a person's
    title could otherwise run as a formula in the spreadsheet of whoever opens it)."""
    cell.value = text
    cell.data_type = "s"  # openpyxl would otherwise store "=…" as a formula
    if text.startswith(FORMULA_STARTS):
        cell.quotePrefix = True
    if "\n" in text:
        cell.alignment = Alignment(wrap_text=True, vertical="top")


class _FixedTimeZip(zipfile.ZipFile):
    """A ZIP archive whose entries all carry the same date, so a workbook written twice
    from the same rows is the same bytes."""

    def writestr(self, zinfo_or_arcname, data, *args, **kwargs):
        if isinstance(zinfo_or_arcname, str):
            zinfo_or_arcname = zipfile.ZipInfo(zinfo_or_arcname, date_time=(1980, 1, 1, 0, 0, 0))
            zinfo_or_arcname.compress_type = self.compression
        super().writestr(zinfo_or_arcname, data, *args, **kwargs)

    def write(self, filename, arcname=None, *args, **kwargs):
        # openpyxl's write-only sheets come as temporary files, dated when written.
        with open(filename, "rb") as file:
            self.writestr(arcname or filename, file.read())


def save_workbook_as_of(workbook, output, *, moment: datetime.datetime) -> None:
    """Write the workbook to `output` (a binary file) as it stood at `moment`: created
    and modified then, its entries dated alike. openpyxl's own save stamps the time of
    writing, so a frozen document (a proof's workbook, kept with its checksum) would
    differ from its seeding or a second writing by a few bytes."""
    stamp = moment.astimezone(datetime.UTC).replace(tzinfo=None, microsecond=0)
    workbook.properties.created = workbook.properties.modified = stamp
    ExcelWriter(workbook, _FixedTimeZip(output, "w", zipfile.ZIP_DEFLATED, allowZip64=True)).save()
