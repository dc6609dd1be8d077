"""Hostile import files: each is refused in German before the work grows with its size.

The bound is shown by counting the rows openpyxl hands out (or by showing that a
step never ran), not by timing, so the tests cannot flake on a busy machine.
"""

import io
import re
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from openpyxl import Workbook
from openpyxl.worksheet._read_only import ReadOnlyWorksheet

from lib import sheet_import
from measures.spreadsheets import read_rows

HEADER = ["Kommune", "Themenschwerpunkt", "Titel"]


def upload(data: bytes, name: str = "import.xlsx") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data)


def xlsx(cells: dict[str, str] | None = None, rows: list[list[str]] | None = None) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Maßnahmen"
    sheet.append(HEADER)
    for row in rows or []:
        sheet.append(row)
    for coordinate, value in (cells or {}).items():
        sheet[coordinate] = value
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def rewritten(data: bytes, part: str, change) -> bytes:
    """The workbook with one part's XML changed, the way a hand-made file could be."""
    source = zipfile.ZipFile(io.BytesIO(data))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for info in source.infolist():
            content = source.read(info.filename)
            if info.filename == part:
                content = change(content)
            archive.writestr(info.filename, content)
    return buffer.getvalue()


def declaring(data: bytes, dimension: str) -> bytes:
    """The workbook with its sheet declaring a size it does not have."""
    return rewritten(
        data,
        "xl/worksheets/sheet1.xml",
        lambda xml: re.sub(
            rb'<dimension ref="[^"]*"', f'<dimension ref="{dimension}"'.encode(), xml
        ),
    )


@pytest.fixture
def served_rows(monkeypatch) -> list[int]:
    """The width of every row openpyxl builds while reading a sheet."""
    widths: list[int] = []
    original = ReadOnlyWorksheet._cells_by_row

    def counting(self, *args, **kwargs):
        for row in original(self, *args, **kwargs):
            widths.append(len(row))
            yield row

    monkeypatch.setattr(ReadOnlyWorksheet, "_cells_by_row", counting)
    return widths


def refusal(data: bytes, name: str = "import.xlsx") -> str:
    with pytest.raises(ValidationError) as excinfo:
        read_rows(upload(data, name))
    assert len(excinfo.value.messages) == 1
    return excinfo.value.messages[0]


SHEET_TOO_LARGE = (
    "Die Tabelle reicht bis Zelle {cell}. Erlaubt sind höchstens 48 Spalten (bis AV) und "
    "2.100 Zeilen. Bitte leere Zeilen und Spalten löschen (auch solche, die nur formatiert "
    "sind) oder die Vorlage verwenden."
)
TOO_LONG = (
    "Die Tabelle hat mehr als {rows} Zeilen (leere mitgezählt). Bitte leere Zeilen löschen "
    "oder die Maßnahmen auf mehrere Dateien aufteilen."
)


def test_a_csv_header_of_40000_columns_is_refused_before_the_header_check(monkeypatch):
    checked = []
    monkeypatch.setattr(sheet_import, "_check_headers", checked.append)
    header = ";".join(f"Spalte {number}" for number in range(40_000))

    message = refusal(header.encode(), "import.csv")

    assert message == (
        "Zeile 1 hat mehr als 48 Spalten. Bitte überzählige Spalten löschen oder die "
        "Vorlage verwenden."
    )
    assert checked == []


def test_a_csv_row_may_end_in_empty_cells_beyond_the_columns():
    content = ";".join(HEADER) + ";" * 50 + "\r\nAltenbeken;Gebäude;Eins" + ";" * 5000 + "\r\n"
    rows = read_rows(upload(content.encode(), "import.csv"))
    assert rows == [{"Kommune": "Altenbeken", "Themenschwerpunkt": "Gebäude", "Titel": "Eins"}]


def test_a_csv_of_blank_lines_stops_after_the_row_limit():
    content = ";".join(HEADER).encode() + b"\r\n" * 5_000_000
    assert refusal(content, "import.csv") == TOO_LONG.format(rows="2.100")


def test_one_xlsx_cell_at_xfd10000_is_refused_before_any_row_is_read(served_rows):
    assert refusal(xlsx({"XFD10000": "x"})) == SHEET_TOO_LARGE.format(cell="XFD10000")
    assert served_rows == []


def test_one_xlsx_cell_in_the_last_row_is_refused_before_any_row_is_read(served_rows):
    assert refusal(xlsx({"A1048576": "x"})) == SHEET_TOO_LARGE.format(cell="C1048576")
    assert served_rows == []


@override_settings(IMPORT_MAX_ROWS=10)
def test_a_sheet_hiding_its_last_row_is_read_only_up_to_the_limit(served_rows):
    data = declaring(xlsx({"A1048576": "x"}), "A1:C2")

    assert refusal(data) == TOO_LONG.format(rows="110")
    assert len(served_rows) == 111  # the limit and one row more, never the million


def test_a_sheet_hiding_its_width_is_read_only_one_column_beyond_the_template(served_rows):
    data = declaring(xlsx({"XFD1": "x", "AW2": "y", "A2": "Altenbeken"}), "A1:C2")

    assert refusal(data) == (
        "Zeile 2 hat mehr als 48 Spalten. Bitte überzählige Spalten löschen oder die "
        "Vorlage verwenden."
    )
    assert served_rows == [49, 49]


def test_the_declared_limits_themselves_are_accepted(served_rows):
    data = xlsx({"AV2100": "x"}, rows=[["Altenbeken", "Gebäude", "Eins"]])
    rows = read_rows(upload(data))
    assert [row.number for row in rows] == [2, 2100]
    assert len(served_rows) == 2100


@override_settings(IMPORT_MAX_ROWS=3)
def test_the_number_of_measures_is_a_setting():
    content = ";".join(HEADER) + "\r\n" + "Altenbeken;Gebäude;Eins\r\n" * 4
    assert refusal(content.encode(), "import.csv") == (
        "Die Datei enthält mehr als 3 Zeilen. Bitte auf mehrere Dateien aufteilen."
    )


def test_a_cell_longer_than_10000_characters_is_refused():
    data = xlsx(rows=[["Altenbeken", "Gebäude", "x" * 10_001]])
    assert refusal(data) == "Zeile 2: Eine Zelle hat mehr als 10.000 Zeichen. Bitte kürzen."


def with_shared_strings(strings: list[str], rows: str) -> bytes:
    """A workbook whose extra rows (XML) refer to a table of shared strings, as Excel
    writes them: each text is stored once, however many cells show it."""
    table = "".join(f"<si><t>{text}</t></si>" for text in strings)
    sst = f'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">{table}</sst>'
    data = rewritten(
        xlsx(),
        "xl/worksheets/sheet1.xml",
        lambda xml: xml.replace(b"</sheetData>", rows.encode() + b"</sheetData>"),
    )
    data = rewritten(
        data,
        "[Content_Types].xml",
        lambda xml: xml.replace(
            b"</Types>",
            b'<Override PartName="/xl/sharedStrings.xml" ContentType="application/'
            b'vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>',
        ),
    )
    data = rewritten(
        data,
        "xl/_rels/workbook.xml.rels",
        lambda xml: xml.replace(
            b"</Relationships>",
            b'<Relationship Id="rIdS" Type="http://schemas.openxmlformats.org/officeDocument/'
            b'2006/relationships/sharedStrings" Target="sharedStrings.xml"/></Relationships>',
        ),
    )
    buffer = io.BytesIO(data)
    with zipfile.ZipFile(buffer, "a", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/sharedStrings.xml", sst)
    return buffer.getvalue()


def shared_cells(rows: range, columns: int, index: int = 0) -> str:
    return "".join(
        f'<row r="{row}">'
        + "".join(
            f'<c r="{chr(65 + column % 26)}{row}" t="s"><v>{index}</v></c>'
            for column in range(columns)
        )
        + "</row>"
        for row in rows
    )


def test_shared_strings_are_read():
    rows = read_rows(
        upload(with_shared_strings(["Altenbeken", "Eins"], shared_cells(range(2, 3), 3, 0)))
    )
    assert rows == [
        {"Kommune": "Altenbeken", "Themenschwerpunkt": "Altenbeken", "Titel": "Altenbeken"}
    ]


def test_one_long_text_repeated_through_shared_strings_is_refused():
    data = with_shared_strings(["x" * 10_000], shared_cells(range(2, 22), 30))
    assert len(data) < 20_000  # the workbook stores the text once
    assert refusal(data) == (
        "Die Datei enthält mehr als 5.000.000 Zeichen Text. Bitte die Maßnahmen auf "
        "mehrere Dateien aufteilen."
    )


TOO_COMPLEX = (
    "Die Excel-Datei ist für einen Import zu umfangreich. Bitte nur die Maßnahmen in die "
    "Vorlage kopieren und diese hochladen."
)


def many_fonts(xml: bytes) -> bytes:
    font = b'<font><b/><sz val="11"/><color rgb="FF000000"/><name val="Calibri"/></font>'
    return re.sub(rb'<fonts count="\d+">', b'<fonts count="8001">' + font * 8000, xml)


def many_rows_without_dimension(xml: bytes) -> bytes:
    rows = "".join(
        f'<row r="{number}"><c r="A{number}" t="inlineStr"><is><t>x</t></is></c></row>'
        for number in range(2, 160_000)
    ).encode()
    xml = re.sub(rb"<dimension[^>]*/>", b"", xml)
    return xml.replace(b"</row>", b"</row>" + rows, 1)


def many_cells_in_one_row(xml: bytes) -> bytes:
    """110,000 cells, all in column A: openpyxl parses each before dropping it."""
    cells = b'<c r="A2" t="n"><v>1</v></c>' * 110_000
    return xml.replace(b"</sheetData>", b'<row r="2">' + cells + b"</row></sheetData>")


def many_shared_strings() -> bytes:
    return with_shared_strings([f"t{number}" for number in range(110_000)], "")


@pytest.mark.parametrize(
    "make",
    [
        lambda: rewritten(xlsx(), "xl/styles.xml", many_fonts),
        lambda: rewritten(xlsx(), "xl/worksheets/sheet1.xml", many_rows_without_dimension),
        lambda: rewritten(xlsx(), "xl/worksheets/sheet1.xml", many_cells_in_one_row),
        many_shared_strings,
    ],
    ids=["styles", "sheet-without-dimension", "cells", "shared-strings"],
)
def test_a_workbook_that_would_take_long_to_open_is_refused_unopened(make, monkeypatch):
    opened = []
    monkeypatch.setattr(sheet_import, "load_workbook", lambda *args, **kwargs: opened.append(1))
    data = make()
    assert len(data) < 1_000_000
    assert refusal(data) == TOO_COMPLEX
    assert opened == []
