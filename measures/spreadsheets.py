"""Measures as spreadsheets: export (CSV, XLSX), import template, reading and checking imports.

Export and import share one column layout, `COLUMNS`, with fixed German headers so
that files can be exchanged whatever language the person's interface is set to.
Export-only columns (network, funding code, emission factor, reference year, ID,
last change) are ignored when a file is imported.

Import runs in two steps: `read_rows` turns an uploaded file into dicts of text,
`validate_rows` checks every row and builds unsaved measures for the preview, and
`import_measures` saves them all or nothing.
"""

import csv
import datetime
import io
import re
import zipfile
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import IO, Any

from django import forms
from django.conf import settings
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import models
from django.utils import timezone, translation
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from openpyxl import Workbook, load_workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from measures.models import EnergyCarrier, Measure
from networks.models import Network, Participation
from portal.lib.numbers import LocalizedDecimalField
from portal.lib.spreadsheets import safe_text, unescape_text, write_text

MAX_UPLOAD_BYTES = 10 * 1024 * 1024
MAX_UNPACKED_BYTES = 50 * 1024 * 1024  # an XLSX is a ZIP; refuse ZIP bombs
# openpyxl parses XML parts as it opens a workbook: worksheets and shared strings at
# about 8 MB a second, styles and the like at about 1 MB a second. These bounds keep
# opening any file near a second; a template with the most rows needs a few MB.
MAX_XML_BYTES = 8 * 1024 * 1024  # all XML parts together
MAX_SMALL_XML_BYTES = 512 * 1024  # each XML part besides worksheets and shared strings
# Rows of the sheet (empty ones included) beyond the IMPORT_MAX_ROWS measures: the
# header, a title above it, blank lines.
SPARE_ROWS = 100
MAX_CELL_CHARS = 10_000
MAX_TEXT_CHARS = 5_000_000  # all cells together (XLSX shared strings can repeat a text)
SHEET_TITLE = "Maßnahmen"
HINTS_TITLE = "Hinweise"

TEXT, DECIMAL, DATE, BOOL, INTEGER, DATETIME = "text", "decimal", "date", "bool", "int", "datetime"


@dataclass(frozen=True)
class Column:
    """One column of the spreadsheet layout.

    `field` names the model field whose validation errors are reported under this
    header; `imported` says whether the column is read on import.
    """

    header: str
    kind: str
    value: Callable[[Measure], Any]
    imported: bool
    field: str | None = None
    width: int = 14
    number_format: str | None = None


def _status_label(measure: Measure) -> str:
    return str(Measure.Status(measure.status).label)


def _factor(measure: Measure) -> Decimal | None:
    return measure.emission_factor.kg_co2e_per_kwh if measure.emission_factor_id else None


MONEY = "#,##0.00"

COLUMNS: tuple[Column, ...] = (
    Column("Netzwerk", TEXT, lambda m: m.participation.network.name, False, width=28),
    Column("Förderkennzeichen", TEXT, lambda m: m.participation.network.funding_code, False),
    Column("Kommune", TEXT, lambda m: m.participation.municipality.name, True, "participation", 22),
    Column("AGS", TEXT, lambda m: m.participation.municipality.ags, True, "participation", 11),
    Column("Themenschwerpunkt", TEXT, lambda m: m.focus_area.name, True, "focus_area", 24),
    Column("Titel", TEXT, lambda m: m.title, True, "title", 40),
    Column("Beschreibung", TEXT, lambda m: m.description, True, "description", 50),
    Column("Status", TEXT, _status_label, True, "status", 16),
    Column("Verantwortlich", TEXT, lambda m: m.responsible, True, "responsible", 22),
    Column("Geplanter Beginn", DATE, lambda m: m.planned_start, True, "planned_start"),
    Column("Geplanter Abschluss", DATE, lambda m: m.planned_end, True, "planned_end"),
    Column("Tatsächlicher Beginn", DATE, lambda m: m.started_on, True, "started_on"),
    Column("Tatsächlicher Abschluss", DATE, lambda m: m.completed_on, True, "completed_on"),
    Column(
        "Investition (EUR)", DECIMAL, lambda m: m.investment_eur, True, "investment_eur", 16, MONEY
    ),
    Column("Fördermittel (EUR)", DECIMAL, lambda m: m.subsidy_eur, True, "subsidy_eur", 16, MONEY),
    Column(
        "Endenergieeinsparung (kWh/a)",
        DECIMAL,
        lambda m: m.energy_savings_kwh,
        True,
        "energy_savings_kwh",
        18,
        MONEY,
    ),
    Column("Energieträger", TEXT, lambda m: m.energy_carrier, True, "energy_carrier", 18),
    Column(
        "THG-Einsparung (t CO2e/a)",
        DECIMAL,
        lambda m: m.co2_savings_t,
        True,
        "co2_savings_t",
        16,
        "#,##0.000",
    ),
    Column("THG von Hand (ja/nein)", BOOL, lambda m: m.co2_manual, True, "co2_manual", 12),
    Column(
        "Begründung Handeingabe",
        TEXT,
        lambda m: m.co2_manual_reason,
        True,
        "co2_manual_reason",
        30,
    ),
    Column(
        "Emissionsfaktor (kg CO2e/kWh)",
        DECIMAL,
        _factor,
        False,
        "emission_factor",
        14,
        "0.0000",
    ),
    Column("Bezugsjahr", INTEGER, lambda m: m.reference_year(), False, width=10, number_format="0"),
    Column("ID", INTEGER, lambda m: m.pk, False, width=8, number_format="0"),
    Column(
        "Geändert am",
        DATETIME,
        lambda m: m.updated_at,
        False,
        width=17,
        number_format="DD.MM.YYYY HH:MM",
    ),
)

HEADERS: tuple[str, ...] = tuple(column.header for column in COLUMNS)
# Columns read: the template's and a few that people add (those are ignored).
MAX_COLUMNS = len(HEADERS) + 10
IMPORT_HEADERS: tuple[str, ...] = tuple(c.header for c in COLUMNS if c.imported)
EXPORT_ONLY_HEADERS: tuple[str, ...] = tuple(c.header for c in COLUMNS if not c.imported)
# A file must have these; municipality is found by "Kommune" or "AGS" (one is enough).
REQUIRED_HEADERS: tuple[str, ...] = ("Themenschwerpunkt", "Titel")
MUNICIPALITY_HEADERS: tuple[str, ...] = ("Kommune", "AGS")
_BY_HEADER = {column.header: column for column in COLUMNS}
_HEADER_OF_FIELD = {
    column.field: column.header for column in COLUMNS if column.field and column.imported
}
_HEADER_OF_FIELD["participation"] = "Kommune"

EXPORT_RELATED = (
    "participation__network",
    "participation__municipality",
    "focus_area",
    "energy_carrier",
    "emission_factor",
)


# ---------------------------------------------------------------------------
# Export


def _prepared(measures: Iterable[Measure]) -> Iterable[Measure]:
    if isinstance(measures, models.QuerySet):
        return measures.select_related(*EXPORT_RELATED)
    return measures


def _local(moment: datetime.datetime | None) -> datetime.datetime | None:
    if moment is None:
        return None
    if timezone.is_aware(moment):
        moment = timezone.localtime(moment)
    return moment.replace(tzinfo=None, microsecond=0)


def _csv_cell(column: Column, value: Any) -> str:
    if value is None:
        return ""
    if column.kind == DECIMAL:
        return format(Decimal(value), "f").replace(".", ",")
    if column.kind == DATE:
        return value.strftime("%d.%m.%Y")
    if column.kind == DATETIME:
        return _local(value).strftime("%d.%m.%Y %H:%M")
    if column.kind == BOOL:
        return "ja" if value else "nein"
    if column.kind == INTEGER:
        return str(value)
    return safe_text(str(value))


def export_csv(measures: Iterable[Measure]) -> bytes:
    """The measures as CSV the way German Excel opens it.

    UTF-8 with BOM, ";" between cells, CRLF line ends, decimal comma without
    thousands separators, dates as dd.mm.yyyy, empty cells for missing values.
    Text starting with = + - @ is prefixed with ' so it is not run as a formula.
    """
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow(HEADERS)
    with translation.override("de"):
        for measure in _prepared(measures):
            writer.writerow([_csv_cell(c, c.value(measure)) for c in COLUMNS])
    return buffer.getvalue().encode("utf-8-sig")


def _write_cell(sheet, row: int, column_index: int, column: Column, value: Any) -> None:
    cell = sheet.cell(row=row, column=column_index)
    if value is None:
        return
    if column.kind == DECIMAL:
        cell.value = Decimal(value)
    elif column.kind == INTEGER:
        cell.value = int(value)
    elif column.kind == DATE:
        cell.value = value
        cell.number_format = "DD.MM.YYYY"
    elif column.kind == DATETIME:
        cell.value = _local(value)
    elif column.kind == BOOL:
        cell.value = "ja" if value else "nein"
    else:
        write_text(cell, str(value))
    if column.number_format and column.kind != DATE:
        cell.number_format = column.number_format


def _header_sheet(workbook: Workbook):
    sheet = workbook.active
    sheet.title = SHEET_TITLE
    bold = Font(bold=True)
    for index, column in enumerate(COLUMNS, start=1):
        cell = sheet.cell(row=1, column=index, value=column.header)
        cell.font = bold
        sheet.column_dimensions[get_column_letter(index)].width = max(
            column.width, len(column.header) + 2
        )
    sheet.freeze_panes = "A2"
    return sheet


def _finish(workbook: Workbook, sheet) -> bytes:
    sheet.auto_filter.ref = f"A1:{get_column_letter(len(COLUMNS))}{max(sheet.max_row, 1)}"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def export_xlsx(measures: Iterable[Measure]) -> bytes:
    """The measures as an Excel workbook: sheet "Maßnahmen", bold frozen header row,
    numbers and dates as real cells in German display formats, an autofilter."""
    workbook = Workbook()
    sheet = _header_sheet(workbook)
    with translation.override("de"):
        for row, measure in enumerate(_prepared(measures), start=2):
            for index, column in enumerate(COLUMNS, start=1):
                _write_cell(sheet, row, index, column, column.value(measure))
    return _finish(workbook, sheet)


def template_xlsx(network: Network) -> bytes:
    """An import template for the network: the header, one example row and a sheet
    "Hinweise" with the allowed values (status, energy carriers, the network's
    focus areas and municipalities with their AGS)."""
    participations = list(
        network.participations.filter(left_on__isnull=True)
        .select_related("municipality")
        .order_by("municipality__name")
    )
    focus_areas = list(network.focus_areas.all())
    carriers = list(EnergyCarrier.objects.all())
    municipality = participations[0].municipality if participations else None
    example = {
        "Netzwerk": network.name,
        "Förderkennzeichen": network.funding_code,
        "Kommune": municipality.name if municipality else None,
        "AGS": municipality.ags if municipality else None,
        "Themenschwerpunkt": focus_areas[0].name if focus_areas else None,
        "Titel": "Beispiel: Umrüstung der Straßenbeleuchtung auf LED",
        "Beschreibung": "Diese Beispielzeile bitte überschreiben oder löschen.",
        "Status": "geplant",
        "Verantwortlich": "Bauamt",
        "Geplanter Beginn": datetime.date(network.term_start.year, 9, 1),
        "Geplanter Abschluss": datetime.date(network.term_start.year + 1, 6, 30),
        "Investition (EUR)": Decimal("85000.00"),
        "Fördermittel (EUR)": Decimal("25500.00"),
        "THG von Hand (ja/nein)": False,
    }
    if carriers:
        example["Endenergieeinsparung (kWh/a)"] = Decimal("42000.00")
        example["Energieträger"] = carriers[0].name
    workbook = Workbook()
    sheet = _header_sheet(workbook)
    for index, column in enumerate(COLUMNS, start=1):
        _write_cell(sheet, 2, index, column, example.get(column.header))

    hints = workbook.create_sheet(HINTS_TITLE)
    bold = Font(bold=True)
    hints.column_dimensions["A"].width = 32
    hints.column_dimensions["B"].width = 70
    lines: list[tuple[str, str, bool]] = [
        (f"Import von Maßnahmen in „{network.name}“", "", True),
        ("Die Beispielzeile bitte überschreiben oder löschen.", "", False),
        ("Zahlen mit Komma, z. B. 1.234,5; Datumsangaben als TT.MM.JJJJ.", "", False),
        ("Die Kommune über Name oder AGS angeben.", "", False),
        ("", "", False),
        ("Spalte", "Beim Import", True),
    ]
    for column in COLUMNS:
        lines.append((column.header, "gelesen" if column.imported else "ignoriert", False))
    lines += [("", "", False), ("Status", "", True)]
    with translation.override("de"):
        lines += [(str(label), "", False) for label in Measure.Status.labels]
    lines += [("", "", False), ("Energieträger", "", True)]
    lines += [(carrier.name, "", False) for carrier in carriers]
    lines += [("", "", False), ("Themenschwerpunkte", "", True)]
    lines += [(area.name, "", False) for area in focus_areas]
    lines += [("", "", False), ("Kommune", "AGS", True)]
    lines += [(p.municipality.name, p.municipality.ags, False) for p in participations]
    for row, (first, second, heading) in enumerate(lines, start=1):
        for index, text in enumerate((first, second), start=1):
            if text:
                cell = hints.cell(row=row, column=index, value=text)
                cell.data_type = "s"
                if heading:
                    cell.font = bold
    return _finish(workbook, sheet)


# ---------------------------------------------------------------------------
# Reading


class SheetRow(dict):
    """A data row keyed by header; `number` is its row in the spreadsheet (header = 1)."""

    number: int

    def __init__(self, values: dict[str, str], number: int):
        super().__init__(values)
        self.number = number


def _canonical(header: str) -> str:
    return " ".join(header.split()).casefold()


_KNOWN_HEADERS = {_canonical(header): header for header in HEADERS}


def _cell_text(value: Any) -> str:
    """An XLSX cell value as import text: dates dd.mm.yyyy, numbers with a decimal comma
    (so that parse_decimal reads them the German way, like typed CSV cells)."""
    if value is None:
        return ""
    if isinstance(value, datetime.datetime):
        if value.time() == datetime.time(0):
            return value.strftime("%d.%m.%Y")
        return value.strftime("%d.%m.%Y %H:%M")
    if isinstance(value, datetime.date):
        return value.strftime("%d.%m.%Y")
    if isinstance(value, bool):
        return "ja" if value else "nein"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if value.is_integer():
            return str(int(value))
        return format(Decimal(repr(value)), "f").replace(".", ",")
    if isinstance(value, Decimal):
        return format(value, "f").replace(".", ",")
    return str(value)


def _read_bytes(upload: IO) -> bytes:
    if hasattr(upload, "seek"):
        upload.seek(0)
    data = upload.read(MAX_UPLOAD_BYTES + 1)
    if isinstance(data, str):
        data = data.encode("utf-8")
    if len(data) > MAX_UPLOAD_BYTES:
        raise ValidationError(
            _("Die Datei ist zu groß (höchstens %(size)s MB).")
            % {"size": MAX_UPLOAD_BYTES // (1024 * 1024)},
            code="too_large",
        )
    return data


def _unreadable() -> ValidationError:
    return ValidationError(
        _(
            "Die Datei kann nicht gelesen werden. Bitte eine Excel-Datei (XLSX) oder "
            "eine CSV-Datei mit der Vorlage hochladen."
        ),
        code="unreadable",
    )


def _number(value: int) -> str:
    return number_format(value, force_grouping=True)


def max_sheet_rows() -> int:
    """Rows a sheet may reach, empty ones included."""
    return settings.IMPORT_MAX_ROWS + SPARE_ROWS


def _too_long() -> ValidationError:
    return ValidationError(
        _(
            "Die Tabelle hat mehr als %(max)s Zeilen (leere mitgezählt). Bitte leere Zeilen "
            "löschen oder die Maßnahmen auf mehrere Dateien aufteilen."
        )
        % {"max": _number(max_sheet_rows())},
        code="too_long",
    )


def _too_wide(row: int) -> ValidationError:
    return ValidationError(
        _(
            "Zeile %(row)s hat mehr als %(max)s Spalten. Bitte überzählige Spalten löschen "
            "oder die Vorlage verwenden."
        )
        % {"row": row, "max": MAX_COLUMNS},
        code="too_wide",
    )


def _too_complex() -> ValidationError:
    return ValidationError(
        _(
            "Die Excel-Datei ist für einen Import zu umfangreich. Bitte nur die Maßnahmen "
            "in die Vorlage kopieren und diese hochladen."
        ),
        code="too_complex",
    )


# Cells and shared strings, with or without a namespace prefix (<c r=…>, <x:si>).
_CELL = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?c[\s/>]")
_SHARED_STRING = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?si[\s/>]")


def _check_archive(data: bytes) -> None:
    """Refuse a workbook that openpyxl would take long to open or read.

    Every part that is XML counts (whatever its name, as a workbook may name its
    parts freely): MAX_XML_BYTES together, MAX_SMALL_XML_BYTES each besides the
    usual worksheets and shared strings, and no more cells or shared strings than
    a sheet of the allowed size holds (openpyxl spends some 20 µs on each, also
    on cells in columns it then drops). Images and other binary parts only count
    towards MAX_UNPACKED_BYTES.
    """
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            parts = archive.infolist()
            if sum(p.file_size for p in parts) > MAX_UNPACKED_BYTES:
                raise _too_complex()
            xml = [p for p in parts if _is_xml(archive, p)]
            if sum(p.file_size for p in xml) > MAX_XML_BYTES or any(
                p.file_size > MAX_SMALL_XML_BYTES
                and not p.filename.startswith("xl/worksheets/")
                and p.filename != "xl/sharedStrings.xml"
                for p in xml
            ):
                raise _too_complex()
            cells = strings = 0
            for part in xml:
                content = archive.read(part)
                cells += sum(1 for _match in _CELL.finditer(content))
                strings += sum(1 for _match in _SHARED_STRING.finditer(content))
    except (zipfile.BadZipFile, EOFError, OSError) as error:
        raise _unreadable() from error
    most = max_sheet_rows() * (MAX_COLUMNS + 1)
    if cells > most or strings > most:
        raise _too_complex()


def _is_xml(archive: zipfile.ZipFile, part: zipfile.ZipInfo) -> bool:
    with archive.open(part) as stream:
        head = stream.read(16)
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise _unreadable()  # UTF-16 XML, which Excel does not write
    return head.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"<")


def _check_dimension(sheet) -> None:
    """Refuse a sheet whose declared size exceeds the limits before reading any row.

    openpyxl pads every row to the declared width and fills missing rows up to the
    declared height, so one cell at XFD10000 would cost 160 million empty cells.
    """
    width, height = sheet.max_column, sheet.max_row  # None if the file declares none
    if (width or 0) > MAX_COLUMNS or (height or 0) > max_sheet_rows():
        raise ValidationError(
            _(
                "Die Tabelle reicht bis Zelle %(cell)s. Erlaubt sind höchstens %(columns)s "
                "Spalten (bis %(last)s) und %(rows)s Zeilen. Bitte leere Zeilen und Spalten "
                "löschen (auch solche, die nur formatiert sind) oder die Vorlage verwenden."
            )
            % {
                "cell": f"{get_column_letter(min(width or 1, 18278))}{height or 1}",
                "columns": MAX_COLUMNS,
                "last": get_column_letter(MAX_COLUMNS),
                "rows": _number(max_sheet_rows()),
            },
            code="too_large_sheet",
        )


def _xlsx_rows(data: bytes) -> Iterable[tuple]:
    _check_archive(data)
    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as error:  # openpyxl raises many kinds on broken files
        raise _unreadable() from error
    try:
        names = workbook.sheetnames
        sheet = workbook[SHEET_TITLE] if SHEET_TITLE in names else workbook[names[0]]
        _check_dimension(sheet)
        # A file may declare a smaller size than it has: read one column and one row
        # beyond the limits, which read_rows refuses, and never more.
        for values in sheet.iter_rows(
            max_col=MAX_COLUMNS + 1, max_row=max_sheet_rows() + 1, values_only=True
        ):
            yield tuple(_cell_text(value) for value in values)
    except ValidationError:
        raise
    except Exception as error:
        raise _unreadable() from error
    finally:
        workbook.close()


def _decode(data: bytes) -> str:
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    for encoding in ("utf-8", "cp1252"):
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        if "\x00" in text:
            break
        return text
    raise _unreadable()


def _csv_rows(data: bytes) -> Iterable[list[str]]:
    text = _decode(data)
    first_line = next((line for line in io.StringIO(text) if line.strip()), "")
    delimiter = max((";", ",", "\t"), key=first_line.count)
    if not first_line.count(delimiter):
        delimiter = ";"
    try:
        yield from csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    except csv.Error as error:
        raise _unreadable() from error


def read_rows(upload: IO) -> list[dict[str, str]]:
    """Read an uploaded XLSX or CSV file into one dict per non-empty data row.

    XLSX is recognised by its content (a ZIP file), anything else is read as CSV:
    UTF-8 with or without BOM, else Windows-1252; ";" "," or tab between cells,
    whichever the header line uses most. The first non-empty row is the header;
    headers are matched to `COLUMNS` ignoring case and extra spaces, unknown ones
    are kept as they are (and ignored on import). Values are stripped strings:
    XLSX dates become dd.mm.yyyy, XLSX numbers plain text with a decimal point
    ("1234.5"), which `parse_decimal` reads like the German "1.234,5" people type.
    A leading ' that protected text from formula execution is removed again.

    Every returned dict is a `SheetRow` whose `number` is its spreadsheet row.
    Raises ValidationError (German) for an unreadable file, missing headers, more
    than IMPORT_MAX_ROWS data rows, and before doing much work for a file beyond the
    bounds: a sheet reaching past `max_sheet_rows()` rows or MAX_COLUMNS columns
    (declared or found), a cell longer than MAX_CELL_CHARS, more than MAX_TEXT_CHARS
    in all, an XLSX whose parts are too large to open quickly.
    """
    data = _read_bytes(upload)
    if data.startswith(b"\xd0\xcf\x11\xe0"):
        raise ValidationError(
            _("Alte Excel-Dateien (XLS) werden nicht unterstützt. Bitte als XLSX speichern."),
            code="xls",
        )
    source = _xlsx_rows(data) if data.startswith(b"PK\x03\x04") else _csv_rows(data)
    max_rows = settings.IMPORT_MAX_ROWS
    text_left = MAX_TEXT_CHARS

    headers: list[str] | None = None
    rows: list[dict[str, str]] = []
    for number, cells in enumerate(source, start=1):
        if number > max_sheet_rows():
            raise _too_long()
        if len(cells) > MAX_COLUMNS and "".join(cells[MAX_COLUMNS:]).strip():
            raise _too_wide(number)
        texts = [unescape_text(cell.replace("\r\n", "\n").strip()) for cell in cells[:MAX_COLUMNS]]
        if not any(texts):
            continue
        for text in texts:
            if len(text) > MAX_CELL_CHARS:
                raise ValidationError(
                    _("Zeile %(row)s: Eine Zelle hat mehr als %(max)s Zeichen. Bitte kürzen.")
                    % {"row": number, "max": _number(MAX_CELL_CHARS)},
                    code="long_cell",
                )
            text_left -= len(text)
        if text_left < 0:
            raise ValidationError(
                _(
                    "Die Datei enthält mehr als %(max)s Zeichen Text. Bitte die Maßnahmen auf "
                    "mehrere Dateien aufteilen."
                )
                % {"max": _number(MAX_TEXT_CHARS)},
                code="too_much_text",
            )
        if headers is None:
            headers = [_KNOWN_HEADERS.get(_canonical(text), text.strip()) for text in texts]
            _check_headers(headers)
            continue
        if len(rows) >= max_rows:
            raise ValidationError(
                _("Die Datei enthält mehr als %(max)s Zeilen. Bitte auf mehrere Dateien aufteilen.")
                % {"max": max_rows},
                code="too_many_rows",
            )
        values = {
            header: (texts[index] if index < len(texts) else "")
            for index, header in enumerate(headers)
            if header
        }
        rows.append(SheetRow(values, number))
    if headers is None:
        raise ValidationError(_("Die Datei ist leer."), code="empty")
    return rows


def rows_to_store(rows: Iterable[SheetRow]) -> list:
    """Rows as JSON for an import preview: number and the non-empty imported cells."""
    return [
        [row.number, {header: row[header] for header in IMPORT_HEADERS if row.get(header)}]
        for row in rows
    ]


def stored_rows(stored: list) -> list[SheetRow]:
    """The rows that `rows_to_store` kept, ready for `validate_rows`."""
    return [SheetRow(values, number) for number, values in stored]


def _check_headers(headers: list[str]) -> None:
    seen = Counter(header for header in headers if header)
    doubles = sorted(header for header, count in seen.items() if count > 1)
    if doubles:
        raise ValidationError(
            _("Diese Spalten kommen mehrfach vor: %(headers)s.")
            % {"headers": ", ".join(f"„{h}“" for h in doubles)},
            code="duplicate_headers",
        )
    missing = [header for header in REQUIRED_HEADERS if header not in seen]
    if not any(header in seen for header in MUNICIPALITY_HEADERS):
        missing.insert(0, " oder ".join(MUNICIPALITY_HEADERS))
    if missing:
        raise ValidationError(
            _("In der Kopfzeile fehlen diese Spalten: %(headers)s.")
            % {"headers": ", ".join(f"„{h}“" for h in missing)},
            code="missing_headers",
        )


# ---------------------------------------------------------------------------
# Parsing values

_DECIMAL_POINT = re.compile(r"^-?\d+\.\d+$")
_THOUSANDS = re.compile(r"^-?[1-9]\d{0,2}(\.\d{3})+$")


def parse_decimal(text: str) -> Decimal | None:
    """A number as people type it; None for an empty cell, ValueError if unreadable.

    German rule, as German Excel writes CSV: the comma is the decimal separator and
    dots group thousands ("1.234,5", "1234,5", "12.000" = 12000, "1.234.567"). A dot
    that cannot be a thousands separator is read as a decimal point ("1234.5",
    "0.201"), as some programs write. XLSX numbers reach here with a comma.
    Spaces are ignored; scientific notation, NaN and the like are refused.
    """
    cleaned = re.sub(r"[\s\u00a0\u202f]", "", text or "")
    if not cleaned:
        return None
    if _THOUSANDS.match(cleaned):
        return Decimal(cleaned.replace(".", ""))
    if "," not in cleaned and _DECIMAL_POINT.match(cleaned):
        return Decimal(cleaned)
    try:
        with translation.override("de"):
            value = LocalizedDecimalField(required=False).to_python(cleaned)
    except (forms.ValidationError, InvalidOperation) as error:
        raise ValueError(text) from error
    if value is None or not value.is_finite():
        raise ValueError(text)
    return value


def parse_date(text: str) -> datetime.date | None:
    """dd.mm.yyyy (also d.m.yyyy) or ISO yyyy-mm-dd; a time after the date is ignored."""
    cleaned = (text or "").strip()
    if not cleaned:
        return None
    day_part = cleaned.split()[0]
    for pattern in ("%d.%m.%Y", "%Y-%m-%d"):
        try:
            return datetime.datetime.strptime(day_part, pattern).date()
        except ValueError:
            continue
    raise ValueError(text)


_YES = {"ja", "j", "x", "1", "wahr", "true", "yes", "y"}
_NO = {"", "nein", "n", "0", "falsch", "false", "no", "-"}


def parse_bool(text: str) -> bool:
    """ja/x/1/wahr are yes; nein, 0, falsch and an empty cell are no."""
    cleaned = (text or "").strip().casefold()
    if cleaned in _YES:
        return True
    if cleaned in _NO:
        return False
    raise ValueError(text)


def _status_values() -> dict[str, str]:
    """Status by value and by label in every interface language."""
    found = {value.casefold(): value for value in Measure.Status.values}
    for language, _name in settings.LANGUAGES:
        with translation.override(language):
            for value, label in Measure.Status.choices:
                found.setdefault(str(label).casefold(), value)
    return found


# ---------------------------------------------------------------------------
# Checking


@dataclass
class ImportRow:
    """One data row of an import: its spreadsheet row number, the raw values, the
    unsaved measure (None if the row has errors) and German error messages."""

    number: int
    values: dict[str, str]
    measure: Measure | None = None
    errors: list[str] = field(default_factory=list)

    @property
    def is_valid(self) -> bool:
        return not self.errors and self.measure is not None


def _ags(text: str) -> str:
    """An AGS as typed; Excel drops the leading zero of "05774032", so it is restored."""
    cleaned = text.strip()
    if cleaned.isdigit() and len(cleaned) < 8:
        return cleaned.zfill(8)
    return cleaned


class _Lookups:
    """Everything a check needs, loaded once per file."""

    def __init__(self, network: Network, user) -> None:
        self.network = network
        self.may_edit_network = Network.objects.editable_by(user).filter(pk=network.pk).exists()
        self.managed = set(
            Participation.objects.managed_by(user)
            .filter(network=network)
            .values_list("municipality", flat=True)
        )
        participations = list(
            network.participations.select_related("municipality", "network").order_by(
                "municipality__name"
            )
        )
        self.by_ags = {p.municipality.ags: p for p in participations}
        self.by_name: dict[str, list] = {}
        for participation in participations:
            key = participation.municipality.name.casefold()
            self.by_name.setdefault(key, []).append(participation)
        areas = list(network.focus_areas.all())
        self.focus_areas = {area.slug.casefold(): area for area in areas}
        self.focus_areas.update({area.name.strip().casefold(): area for area in areas})
        self.carriers = {}
        for carrier in EnergyCarrier.objects.all():
            self.carriers.setdefault(carrier.slug.casefold(), carrier)
            self.carriers[carrier.name.strip().casefold()] = carrier
        self.statuses = _status_values()

    def may_edit(self, participation) -> bool:
        return self.may_edit_network or participation.municipality_id in self.managed


def _find_participation(values: dict[str, str], lookups: _Lookups, errors: list[str]):
    network = lookups.network
    name = values.get("Kommune", "").strip()
    ags = _ags(values.get("AGS", ""))
    if not name and not ags:
        errors.append(_("Kommune: Bitte die Kommune (Name oder AGS) angeben."))
        return None
    if ags:
        participation = lookups.by_ags.get(ags)
        if participation is None:
            errors.append(
                _("AGS: Unbekannte Kommune „%(ags)s“ (nicht im Netzwerk „%(network)s“).")
                % {"ags": ags, "network": network.name}
            )
            return None
        if name and name.casefold() != participation.municipality.name.casefold():
            errors.append(
                _("AGS: Der AGS %(ags)s gehört zu „%(municipality)s“, nicht zu „%(name)s“.")
                % {"ags": ags, "municipality": participation.municipality.name, "name": name}
            )
            return None
    else:
        found = lookups.by_name.get(name.casefold(), [])
        if not found:
            errors.append(
                _("Kommune: Unbekannte Kommune „%(name)s“ (nicht im Netzwerk „%(network)s“).")
                % {"name": name, "network": network.name}
            )
            return None
        if len(found) > 1:
            errors.append(
                _("Kommune: Es gibt mehrere Kommunen „%(name)s“; bitte den AGS angeben.")
                % {"name": name}
            )
            return None
        participation = found[0]
    if participation.left_on is not None:
        errors.append(
            _("Kommune: „%(name)s“ ist am %(date)s aus dem Netzwerk ausgeschieden.")
            % {
                "name": participation.municipality.name,
                "date": participation.left_on.strftime("%d.%m.%Y"),
            }
        )
        return None
    if not lookups.may_edit(participation):
        errors.append(
            _("Kommune: Sie dürfen keine Maßnahmen für „%(name)s“ in diesem Netzwerk anlegen.")
            % {"name": participation.municipality.name}
        )
        return None
    return participation


def _check_row(row: ImportRow, lookups: _Lookups):
    """Fill in the row's measure and errors; returns its participation (or None)."""
    values = row.values
    errors = row.errors
    failed: set[str] = set()  # model fields already reported

    def text(header: str) -> str:
        return (values.get(header) or "").strip()

    def parsed(header: str, parse: Callable[[str], Any], message: str) -> Any:
        try:
            return parse(text(header))
        except ValueError:
            errors.append(f"{header}: " + message % {"value": text(header)})
            failed.add(_BY_HEADER[header].field)
            return None

    participation = _find_participation(values, lookups, errors)
    if participation is None:
        failed.add("participation")

    focus_area = None
    area_name = text("Themenschwerpunkt")
    if not area_name:
        errors.append(_("Themenschwerpunkt: Bitte den Themenschwerpunkt angeben."))
    else:
        focus_area = lookups.focus_areas.get(area_name.casefold())
        if focus_area is None:
            errors.append(
                _(
                    "Themenschwerpunkt: Unbekannter Themenschwerpunkt „%(name)s“ "
                    "(nicht im Netzwerk „%(network)s“)."
                )
                % {"name": area_name, "network": lookups.network.name}
            )
    if focus_area is None:
        failed.add("focus_area")

    status = Measure.Status.PLANNED
    if text("Status"):
        status = lookups.statuses.get(text("Status").casefold())
        if status is None:
            errors.append(
                _("Status: Unbekannter Status „%(value)s“ (erlaubt: %(allowed)s).")
                % {
                    "value": text("Status"),
                    "allowed": ", ".join(str(label) for label in Measure.Status.labels),
                }
            )
            failed.add("status")
            status = Measure.Status.PLANNED

    carrier = None
    if text("Energieträger"):
        carrier = lookups.carriers.get(text("Energieträger").casefold())
        if carrier is None:
            errors.append(
                _("Energieträger: Unbekannter Energieträger „%(value)s“.")
                % {"value": text("Energieträger")}
            )
            failed.add("energy_carrier")

    bad_number = _("„%(value)s“ ist keine Zahl (z. B. 1.234,5).")
    bad_date = _("„%(value)s“ ist kein Datum (TT.MM.JJJJ).")
    manual = parsed(
        "THG von Hand (ja/nein)", parse_bool, _("„%(value)s“ ist weder „ja“ noch „nein“.")
    )
    dates = {
        column.field: parsed(column.header, parse_date, bad_date)
        for column in COLUMNS
        if column.imported and column.kind == DATE
    }
    numbers = {
        column.field: parsed(column.header, parse_decimal, bad_number)
        for column in COLUMNS
        # The savings in t CO2e are computed unless entered by hand.
        if column.imported
        and column.kind == DECIMAL
        and (manual or column.field != "co2_savings_t")
    }
    measure = Measure(
        participation=participation,
        focus_area=focus_area,
        title=text("Titel"),
        description=(values.get("Beschreibung") or "").strip(),
        status=status,
        responsible=text("Verantwortlich"),
        energy_carrier=carrier,
        co2_manual=bool(manual),
        co2_manual_reason=text("Begründung Handeingabe") if manual else "",
        **dates,
        **numbers,
    )
    measure.apply_co2()
    try:
        # The related objects were just looked up in the database; skip re-checking them.
        measure.full_clean(
            exclude=["participation", "focus_area", "energy_carrier", "emission_factor", *failed]
        )
    except ValidationError as error:
        for name, messages in error.message_dict.items():
            if name in failed:
                continue
            header = _HEADER_OF_FIELD.get(name) if name != NON_FIELD_ERRORS else None
            errors.extend(f"{header}: {m}" if header else m for m in messages)
    errors.sort(key=_column_order)  # stable: in the order of the columns
    row.measure = measure
    return participation


def _column_order(message: str) -> int:
    header = message.split(": ", 1)[0]
    return HEADERS.index(header) if header in HEADERS else len(HEADERS)


def validate_rows(rows: Iterable[dict[str, str]], *, network: Network, user) -> list[ImportRow]:
    """Check every row of an import into `network` by `user` and build unsaved measures.

    A row's municipality is found by AGS if given, else by name, among the network's
    participants; the person must be allowed to edit its measures there. Focus area
    by name (or slug) among the network's, status by German label or value, energy
    carrier by name or slug, numbers and dates as `parse_decimal`/`parse_date` read
    them. Each measure then gets its CO2 computed and every model rule checked; the
    messages are prefixed with the column header. The same title twice for one
    municipality in the file is reported too. Lookups are loaded once per file.
    """
    lookups = _Lookups(network, user)
    checked: list[ImportRow] = []
    first_row: dict[tuple[int, str], int] = {}
    for index, values in enumerate(rows):
        row = ImportRow(number=getattr(values, "number", index + 2), values=dict(values))
        participation = _check_row(row, lookups)
        title = (row.values.get("Titel") or "").strip()
        if participation is not None and title:
            key = (participation.pk, title.casefold())
            if key in first_row:
                row.errors.append(
                    _(
                        "Titel: Die Maßnahme „%(title)s“ für %(municipality)s steht schon "
                        "in Zeile %(row)s."
                    )
                    % {
                        "title": title,
                        "municipality": participation.municipality.name,
                        "row": first_row[key],
                    }
                )
            else:
                first_row[key] = row.number
        if row.errors:
            row.measure = None
        checked.append(row)
    return checked


# ---------------------------------------------------------------------------
# Importing


__all__ = [
    "COLUMNS",
    "EXPORT_ONLY_HEADERS",
    "HEADERS",
    "IMPORT_HEADERS",
    "ImportRow",
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
