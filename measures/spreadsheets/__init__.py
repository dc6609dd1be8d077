"""Measures as spreadsheets: export (CSV, XLSX), import template, reading and checking imports.

Export and import share one column layout (`columns`). Import runs in two steps:
`read_rows` (`reading`) turns an uploaded file into dicts of text within bounds,
`validate_rows` (`checking`) checks every row with `ImportRowForm` and builds
unsaved measures for the preview, and `measures.services.import_measures` saves
them all or nothing.
"""

from lib.cells import parse_bool, parse_date, parse_decimal
from measures.spreadsheets.checking import ImportRow, ImportRowForm, validate_rows
from measures.spreadsheets.columns import (
    COLUMNS,
    EXPORT_ONLY_HEADERS,
    HEADERS,
    IMPORT_HEADERS,
)
from measures.spreadsheets.export import export_csv, export_xlsx
from measures.spreadsheets.reading import read_rows, rows_to_store, stored_rows
from measures.spreadsheets.template import template_xlsx

__all__ = [
    "COLUMNS",
    "EXPORT_ONLY_HEADERS",
    "HEADERS",
    "IMPORT_HEADERS",
    "ImportRow",
    "ImportRowForm",
    "export_csv",
    "export_xlsx",
    "parse_bool",
    "parse_date",
    "parse_decimal",
    "read_rows",
    "rows_to_store",
    "stored_rows",
    "template_xlsx",
    "validate_rows",
]
