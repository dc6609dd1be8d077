"""Reading an uploaded XLSX or CSV file of measures into rows of text, within bounds.

The reading itself, its limits and its refusals live in lib/sheet_import.py, shared
with the import of receipts; here is what a measures file holds and must hold.
"""

from collections.abc import Iterable
from typing import IO

from django.utils.translation import gettext_lazy

from lib import sheet_import
from lib.sheet_import import Layout, SheetRow, missing_headers
from measures.spreadsheets.columns import (
    HEADERS,
    IMPORT_HEADERS,
    MUNICIPALITY_HEADERS,
    REQUIRED_HEADERS,
    SHEET_TITLE,
)


def _check_headers(headers: list[str]) -> None:
    seen = set(headers)
    missing = [header for header in REQUIRED_HEADERS if header not in seen]
    if not any(header in seen for header in MUNICIPALITY_HEADERS):
        missing.insert(0, " oder ".join(MUNICIPALITY_HEADERS))
    if missing:
        raise missing_headers(missing)


LAYOUT = Layout(
    headers=HEADERS,
    sheet_title=SHEET_TITLE,
    check_headers=_check_headers,
    too_long=gettext_lazy(
        "Die Tabelle hat mehr als %(max)s Zeilen (leere mitgezählt). Bitte leere Zeilen "
        "löschen oder die Maßnahmen auf mehrere Dateien aufteilen."
    ),
    too_complex=gettext_lazy(
        "Die Excel-Datei ist für einen Import zu umfangreich. Bitte nur die Maßnahmen "
        "in die Vorlage kopieren und diese hochladen."
    ),
    too_much_text=gettext_lazy(
        "Die Datei enthält mehr als %(max)s Zeichen Text. Bitte die Maßnahmen auf "
        "mehrere Dateien aufteilen."
    ),
)


def read_rows(upload: IO) -> list[SheetRow]:
    """The rows of an uploaded file of measures (see `lib.sheet_import.read_rows`)."""
    return sheet_import.read_rows(upload, LAYOUT)


def rows_to_store(rows: Iterable[SheetRow]) -> list:
    """Rows as JSON for an import preview: number and the non-empty imported cells."""
    return sheet_import.rows_to_store(rows, IMPORT_HEADERS)


def stored_rows(stored: list) -> list[SheetRow]:
    """The rows that `rows_to_store` kept, ready for `validate_rows`."""
    return sheet_import.stored_rows(stored)
