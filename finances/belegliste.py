"""The Belegliste: every receipt of a grant as the funder's proof of use lists them,
as CSV and XLSX.

A treasurer keeps expenses and income apart: the list holds the expenses first,
sorted by budget line (in the plan's order), then payment date and receipt number,
with a subtotal after each line and the total of the expenses; then the income in a
section of its own, by source, with a subtotal per source and the total of the
income. The running number counts the receipts through the whole list.

Both formats read the same rows (`rows`) from one query, in chunks, so a network
with 10,000 receipts is written without holding them in memory (bench/belegliste.py).
Text cells are never formulas (lib/spreadsheets.py).
"""

import csv
import datetime
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Case, IntegerField, Value, When
from django.utils import translation
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from finances.models import Grant, Receipt, Source
from lib.spreadsheets import (
    DATE_PATTERN,
    XLSX_DATE_FORMAT,
    safe_text,
    save_workbook_as_of,
    write_text,
)

AMOUNT_FORMAT = "#,##0.00"  # German Excel shows it as 1.234,50
AMOUNTS = ("net", "vat", "gross", "eligible_amount")
RECEIPT, SUBTOTAL, TOTAL = "receipt", "subtotal", "total"
CHUNK = 2000


def headers() -> list[str]:
    return [
        _("Lfd. Nr."),
        _("Belegnummer"),
        _("Zahlungsdatum"),
        _("Rechnungsdatum"),
        _("Empfänger*in / Einzahler*in"),
        _("Grund der Zahlung"),
        _("Ausgabenposition / Einnahmequelle"),
        _("netto (EUR)"),
        _("Umsatzsteuer (EUR)"),
        _("brutto (EUR)"),
        _("zuwendungsfähig (EUR)"),
    ]


WIDTHS = (8, 11, 13, 13, 30, 40, 30, 14, 14, 14, 16)


@dataclass
class Row:
    """A line of the list: a receipt, a subtotal (of a budget line or an income
    source) or a total (of the expenses or the income)."""

    kind: str
    running: int | None = None
    number: int | None = None
    payment_date: datetime.date | None = None
    invoice_date: datetime.date | None = None
    party: str = ""
    reason: str = ""
    group: str = ""
    amounts: tuple[Decimal, Decimal, Decimal, Decimal] = (Decimal(0),) * 4

    def cells(self) -> list:
        return [self.running, self.number, self.payment_date, self.invoice_date, self.party,
                self.reason, self.group, *self.amounts]  # fmt: skip


def _sum(total: list[Decimal], amounts) -> None:
    for index, amount in enumerate(amounts):
        total[index] += amount


def _ordered(grant: Grant, until: datetime.date | None = None):
    """The grant's receipts in the list's order (those paid by `until`, if given), in
    one query read in chunks."""
    sources = [source.value for source in Source]
    source_order = Case(
        *[When(source=value, then=Value(index)) for index, value in enumerate(sources)],
        default=Value(len(sources)),
        output_field=IntegerField(),
    )
    receipts = Receipt.objects.filter(grant=grant)
    if until is not None:
        receipts = receipts.filter(payment_date__lte=until)
    return (
        receipts.select_related("budget_line")
        .order_by(
            Case(When(kind=Receipt.Kind.EXPENSE, then=Value(0)), default=Value(1)),
            "budget_line__position",
            "budget_line_id",
            source_order,
            "payment_date",
            "number",
        )
        .only(
            "kind",
            "number",
            "payment_date",
            "invoice_date",
            "party",
            "reason",
            "source",
            *AMOUNTS,
            "budget_line__name",
        )
        .iterator(chunk_size=CHUNK)
    )


def rows(grant: Grant, until: datetime.date | None = None) -> Iterator[Row]:
    """The list's lines, in German or the language active, from one query; with
    `until`, of the receipts paid by that day (an interim proof's)."""
    sections = {
        Receipt.Kind.EXPENSE: _("Summe der Ausgaben"),
        Receipt.Kind.INCOME: _("Summe der Einnahmen"),
    }
    totals = {kind: [Decimal(0)] * 4 for kind in sections}
    done = set()  # the sections whose total is written
    group, group_key, group_kind, subtotal = None, None, None, [Decimal(0)] * 4

    def subtotal_row():
        return Row(SUBTOTAL, group=group, party=_("Zwischensumme: %(group)s") % {"group": group},
                   amounts=tuple(subtotal))  # fmt: skip

    def total_row(kind):
        done.add(kind)
        return Row(TOTAL, party=sections[kind], amounts=tuple(totals[kind]))

    for running, receipt in enumerate(_ordered(grant, until), start=1):
        kind = receipt.kind
        key = (kind, receipt.budget_line_id or receipt.source)
        if key != group_key:
            if group_key is not None:
                yield subtotal_row()
                if kind != group_kind:
                    yield total_row(group_kind)
            group_key, group_kind, subtotal = key, kind, [Decimal(0)] * 4
            group = (receipt.budget_line.name if receipt.budget_line_id
                     else receipt.get_source_display())  # fmt: skip
        amounts = tuple(getattr(receipt, field) for field in AMOUNTS)
        _sum(subtotal, amounts)
        _sum(totals[kind], amounts)
        yield Row(RECEIPT, running=running, number=receipt.number,
                  payment_date=receipt.payment_date, invoice_date=receipt.invoice_date,
                  party=receipt.party, reason=receipt.reason, group=group,
                  amounts=amounts)  # fmt: skip
    if group_key is not None:
        yield subtotal_row()
    # Both totals always: a list without income says so (0,00) rather than nothing.
    for kind in sections:
        if kind not in done:
            yield total_row(kind)


# -- CSV -------------------------------------------------------------------------------


class _Echo:
    def write(self, value: str) -> str:
        return value


def _csv_value(value) -> str:
    if value is None:
        return ""
    if isinstance(value, Decimal):
        return f"{value:.2f}".replace(".", ",")
    if isinstance(value, datetime.date):
        return value.strftime(DATE_PATTERN)
    if isinstance(value, int):
        return str(value)
    return safe_text(str(value))


def csv_lines(grant: Grant, *, language: str = "de") -> Iterator[bytes]:
    """The list as CSV the way German spreadsheet programs open it, line by line:
    UTF-8 with BOM, ";" between cells, CRLF, decimal comma, dates as dd.mm.yyyy, text
    starting with = + - @ tab or CR prefixed with ' so that it never runs."""
    writer = csv.writer(_Echo(), delimiter=";", lineterminator="\r\n")
    with translation.override(language):
        yield "\ufeff".encode() + writer.writerow(headers()).encode()
        for row in rows(grant):
            yield writer.writerow([_csv_value(value) for value in row.cells()]).encode()


# -- XLSX ------------------------------------------------------------------------------


def _xlsx_cell(sheet, value, *, bold: bool):
    cell = WriteOnlyCell(sheet)
    if isinstance(value, Decimal):
        cell.value = value
        cell.number_format = AMOUNT_FORMAT
    elif isinstance(value, datetime.date):
        cell.value = value
        cell.number_format = XLSX_DATE_FORMAT
    elif isinstance(value, int):
        cell.value = value
    elif value:
        write_text(cell, str(value))
    if bold:
        cell.font = Font(bold=True)
    return cell


def xlsx_file(
    grant: Grant,
    *,
    language: str = "de",
    until: datetime.date | None = None,
    as_of: datetime.datetime | None = None,
):
    """The list as a workbook (sheet "Belegliste", bold frozen header, amounts as
    numbers in the format #,##0.00, dates as dates), written in openpyxl's write-only
    mode to a temporary file, which is returned at its start for streaming. `as_of`:
    the moment the file is dated (a proof's), so it is the same bytes written again."""
    with translation.override(language):
        workbook = Workbook(write_only=True)
        sheet = workbook.create_sheet(_("Belegliste"))
        for index, width in enumerate(WIDTHS, start=1):
            sheet.column_dimensions[get_column_letter(index)].width = width
        sheet.freeze_panes = "A2"
        sheet.append([_xlsx_cell(sheet, header, bold=True) for header in headers()])
        for row in rows(grant, until):
            bold = row.kind != RECEIPT
            sheet.append([_xlsx_cell(sheet, value, bold=bold) for value in row.cells()])
        output = tempfile.TemporaryFile()  # noqa: SIM115 (the response closes it)
        if as_of is None:
            workbook.save(output)
        else:
            save_workbook_as_of(workbook, output, moment=as_of)
    output.seek(0)
    return output
