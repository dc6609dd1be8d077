"""Reading an uploaded XLSX or CSV file into rows of text, within bounds; imports no
app of the project.

An upload is refused in German, before the work grows with its size, when it is
unreadable, larger than the limits below or lacks the required headers. What is
imported (measures, receipts) is described by a `Layout`: its headers, the sheet to
read and the messages that name the things imported. The rows read are kept as JSON
for an import preview (`rows_to_store`, `stored_rows`).
"""

import csv
import datetime
import io
import re
import zipfile
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import IO, Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from openpyxl import load_workbook
from openpyxl.utils import get_column_letter

from lib.spreadsheets import DATE_PATTERN, DATETIME_PATTERN, unescape_text


def canonical(header: str) -> str:
    """A header as compared: case and extra spaces ignored."""
    return " ".join(header.split()).casefold()


@dataclass(frozen=True)
class Layout:
    """What an import reads: its `headers` (matched ignoring case and extra spaces,
    `aliases` maps other spellings to them), the sheet `sheet_title` (else the first),
    `check_headers(headers)` that refuses a header line lacking required columns, and
    three messages naming the things imported (`too_long` and `too_much_text` with
    %(max)s)."""

    headers: tuple[str, ...]
    sheet_title: str
    check_headers: Callable[[list[str]], None]
    too_long: Any
    too_complex: Any
    too_much_text: Any
    aliases: dict[str, str] = field(default_factory=dict)
    # Columns read: the template's and a few that people add (those are ignored).
    spare_columns: int = 10

    @property
    def max_columns(self) -> int:
        return len(self.headers) + self.spare_columns

    def header(self, text: str) -> str:
        """The known header a cell of the header line names, else its text."""
        key = canonical(text)
        for header in self.headers:
            if canonical(header) == key:
                return header
        for alias, header in self.aliases.items():
            if canonical(alias) == key:
                return header
        return text.strip()


MAX_UPLOAD_BYTES = 10 * 1024 * 1024
MAX_UNPACKED_BYTES = 50 * 1024 * 1024  # an XLSX is a ZIP; refuse ZIP bombs
# openpyxl parses XML parts as it opens a workbook: worksheets and shared strings at
# about 8 MB a second, styles and the like at about 1 MB a second. These bounds keep
# opening any file near a second; a template with the most rows needs a few MB.
MAX_XML_BYTES = 8 * 1024 * 1024  # all XML parts together
MAX_SMALL_XML_BYTES = 512 * 1024  # each XML part besides worksheets and shared strings
# Rows of the sheet (empty ones included) beyond the IMPORT_MAX_ROWS data rows: the
# header, a title above it, blank lines.
SPARE_ROWS = 100
MAX_CELL_CHARS = 10_000
MAX_TEXT_CHARS = 5_000_000  # all cells together (XLSX shared strings can repeat a text)


class SheetRow(dict):
    """A data row keyed by header; `number` is its row in the spreadsheet (header = 1)."""

    number: int

    def __init__(self, values: dict[str, str], number: int):
        super().__init__(values)
        self.number = number


def _cell_text(value: Any) -> str:
    """An XLSX cell value as import text: dates dd.mm.yyyy, numbers with a decimal comma
    (so that parse_decimal reads them the German way, like typed CSV cells)."""
    if value is None:
        return ""
    if isinstance(value, datetime.datetime):
        if value.time() == datetime.time(0):
            return value.strftime(DATE_PATTERN)
        return value.strftime(DATETIME_PATTERN)
    if isinstance(value, datetime.date):
        return value.strftime(DATE_PATTERN)
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


def _too_long(layout: Layout) -> ValidationError:
    return ValidationError(
        str(layout.too_long) % {"max": _number(max_sheet_rows())},
        code="too_long",
    )


def _too_wide(row: int, layout: Layout) -> ValidationError:
    return ValidationError(
        _(
            "Zeile %(row)s hat mehr als %(max)s Spalten. Bitte überzählige Spalten löschen "
            "oder die Vorlage verwenden."
        )
        % {"row": row, "max": layout.max_columns},
        code="too_wide",
    )


def _too_complex(layout: Layout) -> ValidationError:
    return ValidationError(
        str(layout.too_complex),
        code="too_complex",
    )


# Cells and shared strings, with or without a namespace prefix (<c r=…>, <x:si>).
_CELL = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?c[\s/>]")
_SHARED_STRING = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?si[\s/>]")


def _check_archive(data: bytes, layout: Layout) -> None:
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
                raise _too_complex(layout)
            xml = [p for p in parts if _is_xml(archive, p)]
            if sum(p.file_size for p in xml) > MAX_XML_BYTES or any(
                p.file_size > MAX_SMALL_XML_BYTES
                and not p.filename.startswith("xl/worksheets/")
                and p.filename != "xl/sharedStrings.xml"
                for p in xml
            ):
                raise _too_complex(layout)
            cells = strings = 0
            for part in xml:
                content = archive.read(part)
                cells += sum(1 for _match in _CELL.finditer(content))
                strings += sum(1 for _match in _SHARED_STRING.finditer(content))
    except (zipfile.BadZipFile, EOFError, OSError) as error:
        raise _unreadable() from error
    most = max_sheet_rows() * (layout.max_columns + 1)
    if cells > most or strings > most:
        raise _too_complex(layout)


def _is_xml(archive: zipfile.ZipFile, part: zipfile.ZipInfo) -> bool:
    with archive.open(part) as stream:
        head = stream.read(16)
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise _unreadable()  # UTF-16 XML, which Excel does not write
    return head.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"<")


def _check_dimension(sheet, layout: Layout) -> None:
    """Refuse a sheet whose declared size exceeds the limits before reading any row.

    openpyxl pads every row to the declared width and fills missing rows up to the
    declared height, so one cell at XFD10000 would cost 160 million empty cells.
    """
    width, height = sheet.max_column, sheet.max_row  # None if the file declares none
    if (width or 0) > layout.max_columns or (height or 0) > max_sheet_rows():
        raise ValidationError(
            _(
                "Die Tabelle reicht bis Zelle %(cell)s. Erlaubt sind höchstens %(columns)s "
                "Spalten (bis %(last)s) und %(rows)s Zeilen. Bitte leere Zeilen und Spalten "
                "löschen (auch solche, die nur formatiert sind) oder die Vorlage verwenden."
            )
            % {
                "cell": f"{get_column_letter(min(width or 1, 18278))}{height or 1}",
                "columns": layout.max_columns,
                "last": get_column_letter(layout.max_columns),
                "rows": _number(max_sheet_rows()),
            },
            code="too_large_sheet",
        )


def _xlsx_rows(data: bytes, layout: Layout) -> Iterable[tuple]:
    _check_archive(data, layout)
    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as error:  # openpyxl raises many kinds on broken files
        raise _unreadable() from error
    try:
        names = workbook.sheetnames
        sheet = workbook[layout.sheet_title] if layout.sheet_title in names else workbook[names[0]]
        _check_dimension(sheet, layout)
        # A file may declare a smaller size than it has: read one column and one row
        # beyond the limits, which read_rows refuses, and never more.
        for values in sheet.iter_rows(
            max_col=layout.max_columns + 1, max_row=max_sheet_rows() + 1, values_only=True
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


def read_rows(upload: IO, layout: Layout) -> list[SheetRow]:
    """Read an uploaded XLSX or CSV file into one dict per non-empty data row.

    XLSX is recognised by its content (a ZIP file), anything else is read as CSV:
    UTF-8 with or without BOM, else Windows-1252; ";" "," or tab between cells,
    whichever the header line uses most. The first non-empty row is the header;
    headers are matched to the layout's ignoring case and extra spaces, unknown ones
    are kept as they are (and ignored on import). Values are stripped strings:
    XLSX dates become dd.mm.yyyy, XLSX numbers plain text with a decimal point
    ("1234.5"), which `parse_decimal` reads like the German "1.234,5" people type.
    A leading ' that protected text from formula execution is removed again.

    Every returned dict is a `SheetRow` whose `number` is its spreadsheet row.
    Raises ValidationError (German) for an unreadable file, missing headers, more
    than IMPORT_MAX_ROWS data rows, and before doing much work for a file beyond the
    bounds: a sheet reaching past `max_sheet_rows()` rows or layout.max_columns columns
    (declared or found), a cell longer than MAX_CELL_CHARS, more than MAX_TEXT_CHARS
    in all, an XLSX whose parts are too large to open quickly.
    """
    data = _read_bytes(upload)
    if data.startswith(b"\xd0\xcf\x11\xe0"):
        raise ValidationError(
            _("Alte Excel-Dateien (XLS) werden nicht unterstützt. Bitte als XLSX speichern."),
            code="xls",
        )
    source = _xlsx_rows(data, layout) if data.startswith(b"PK\x03\x04") else _csv_rows(data)
    max_rows = settings.IMPORT_MAX_ROWS
    headers: list[str] | None = None
    rows: list[dict[str, str]] = []
    for number, texts in _bounded_texts(source, layout):
        if headers is None:
            headers = [layout.header(text) for text in texts]
            _check_headers(headers, layout)
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


def _bounded_texts(source: Iterable, layout: Layout) -> Iterable[tuple[int, list[str]]]:
    """The row number and cell texts of each non-empty row; refuses a row beyond the
    sheet's bounds, a cell too long and more text than MAX_TEXT_CHARS in all."""
    text_left = MAX_TEXT_CHARS
    for number, cells in enumerate(source, start=1):
        if number > max_sheet_rows():
            raise _too_long(layout)
        if len(cells) > layout.max_columns and "".join(cells[layout.max_columns :]).strip():
            raise _too_wide(number, layout)
        texts = [
            unescape_text(cell.replace("\r\n", "\n").strip())
            for cell in cells[: layout.max_columns]
        ]
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
                str(layout.too_much_text) % {"max": _number(MAX_TEXT_CHARS)},
                code="too_much_text",
            )
        yield number, texts


def rows_to_store(rows: Iterable[SheetRow], headers: Iterable[str]) -> list:
    """Rows as JSON for an import preview: number and the non-empty cells of `headers`."""
    headers = tuple(headers)
    return [
        [row.number, {header: row[header] for header in headers if row.get(header)}] for row in rows
    ]


def stored_rows(stored: list) -> list[SheetRow]:
    """The rows that `rows_to_store` kept."""
    return [SheetRow(values, number) for number, values in stored]


def _check_headers(headers: list[str], layout: Layout) -> None:
    seen = Counter(header for header in headers if header)
    doubles = sorted(header for header, count in seen.items() if count > 1)
    if doubles:
        raise ValidationError(
            _("Diese Spalten kommen mehrfach vor: %(headers)s.")
            % {"headers": ", ".join(f"„{h}“" for h in doubles)},
            code="duplicate_headers",
        )
    layout.check_headers(headers)


def missing_headers(missing: list[str]) -> ValidationError:
    return ValidationError(
        _("In der Kopfzeile fehlen diese Spalten: %(headers)s.")
        % {"headers": ", ".join(f"„{h}“" for h in missing)},
        code="missing_headers",
    )
