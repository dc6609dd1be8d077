"""Importing receipts from a coordinator's spreadsheet into a grant: the columns of
the Belegliste, the check of every row, and the template.

A file is read within the limits measures are imported with (lib/sheet_import.py):
the Belegliste's headers (finances/belegliste.py) in German or English, and one more
column for the reason of a different eligible amount. Each row is read into an unsaved
receipt and checked by the model's own rules (`full_clean`, the unique receipt number
included), every message naming its column; `finances.services.confirm_receipt_import`
saves the receipts all or nothing.

- The budget line is found by its name among the grant's lines, the income source by
  its label (German or English): a line makes the receipt an expense, a source income.
- The receipt number is optional: rows without one get the next numbers after the
  highest of the grant and of the file, in the file's order. "Lfd. Nr." is ignored.
- Net or gross may be left out (net + VAT = gross), VAT empty is 0, the eligible
  amount empty is the usual one (`Grant.eligible_default`).
- The subtotal and total rows of an exported Belegliste are skipped, so an exported
  list can be imported again. Files are not imported: the receipts then show that
  their invoice and proof of payment are missing.
"""

import functools
import io
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db.models import Max
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from finances import belegliste
from finances.models import Grant, Receipt, Source
from lib import sheet_import
from lib.cells import BAD_DATE, BAD_NUMBER, parse_date, parse_decimal, read_cell
from lib.sheet_import import Layout, SheetRow, missing_headers, rows_to_store, stored_rows
from lib.spreadsheets import write_text

__all__ = ["ImportRow", "layout", "rows_to_store", "stored_rows", "template_xlsx"]

# The columns by field, in the order of the Belegliste and the template.
FIELDS = (
    "running", "number", "payment_date", "invoice_date", "party", "reason", "group",
    "net", "vat", "gross", "eligible_amount", "eligible_reason",
)  # fmt: skip
AMOUNTS = ("net", "vat", "gross", "eligible_amount")
REQUIRED = ("payment_date", "party", "reason", "group")
MAX_NUMBER = 2_147_483_647  # the largest receipt number every database keeps
BAD_RECEIPT_NUMBER = gettext_lazy("„%(value)s“ ist keine Belegnummer (ganze Zahl ab 1).")
WIDTHS = (*belegliste.WIDTHS, 40)


def _headers() -> list[str]:
    """The columns' headers in the language active."""
    return [*belegliste.headers(), _("Grund für den abweichenden zuwendungsfähigen Betrag")]


@functools.cache
def german_headers() -> tuple[str, ...]:
    with translation.override("de"):
        return tuple(_headers())


def header_of(name: str) -> str:
    return german_headers()[FIELDS.index(name)]


def _check_headers(headers: list[str]) -> None:
    seen = set(headers)
    missing = [header_of(name) for name in REQUIRED if header_of(name) not in seen]
    if header_of("net") not in seen and header_of("gross") not in seen:
        missing.append(" oder ".join((header_of("net"), header_of("gross"))))
    if missing:
        raise missing_headers(missing)


@functools.cache
def layout() -> Layout:
    """The import's layout: the German headers, the English ones as other spellings."""
    aliases = {}
    for language, _name in settings.LANGUAGES:
        with translation.override(language):
            aliases.update(zip(_headers(), german_headers(), strict=True))
    return Layout(
        headers=german_headers(),
        sheet_title="Belegliste",
        check_headers=_check_headers,
        aliases=aliases,
        too_long=gettext_lazy(
            "Die Tabelle hat mehr als %(max)s Zeilen (leere mitgezählt). Bitte leere Zeilen "
            "löschen oder die Belege auf mehrere Dateien aufteilen."
        ),
        too_complex=gettext_lazy(
            "Die Excel-Datei ist für einen Import zu umfangreich. Bitte nur die Belege in "
            "die Vorlage kopieren und diese hochladen."
        ),
        too_much_text=gettext_lazy(
            "Die Datei enthält mehr als %(max)s Zeichen Text. Bitte die Belege auf mehrere "
            "Dateien aufteilen."
        ),
    )


@dataclass
class ImportRow:
    """One data row: its spreadsheet row number, the cells' texts, the unsaved receipt
    (None if the row has errors) and the German error messages, each naming its column."""

    number: int
    values: dict[str, str]
    receipt: Receipt | None = None
    errors: list[str] = field(default_factory=list)
    failed: set[str] = field(default_factory=set)

    def error(self, name: str, message: str) -> None:
        self.errors.append(f"{header_of(name)}: {message}")
        self.failed.add(name)

    def cell(self, name: str, parse=None, invalid=None):
        text = (self.values.get(header_of(name)) or "").strip()
        if parse is None:
            return text
        try:
            return read_cell(header_of(name), parse, invalid, text)
        except ValidationError as error:
            self.errors.extend(error.messages)
            self.failed.add(name)
            return None


class Lookups:
    """What the check of a row needs from the database, loaded once per file."""

    def __init__(self, grant: Grant) -> None:
        self.grant = grant
        self.lines = {line.name.strip().casefold(): line for line in grant.budget_lines.all()}
        self.sources = {value.casefold(): value for value in Source.values}
        self.sum_labels: set[str] = set()
        self.sum_prefixes: set[str] = set()
        for language, _name in settings.LANGUAGES:
            with translation.override(language):
                for value, label in Source.choices:
                    self.sources.setdefault(str(label).casefold(), value)
                self.sum_labels |= {_("Summe der Ausgaben"), _("Summe der Einnahmen")}
                self.sum_prefixes.add(_("Zwischensumme: %(group)s") % {"group": ""})
        self.highest = grant.receipts.aggregate(n=Max("number"))["n"] or 0

    def is_sum(self, values: dict[str, str]) -> bool:
        """A subtotal or total row of an exported Belegliste (no number, no date)."""
        if any(values.get(header_of(name)) for name in ("running", "number", "payment_date")):
            return False
        party = (values.get(header_of("party")) or "").strip()
        return party in self.sum_labels or party.startswith(tuple(self.sum_prefixes))


def _receipt_number(text: str) -> int | None:
    value = parse_decimal(text)
    if value is None:
        return None
    if value != value.to_integral_value() or not 1 <= value <= MAX_NUMBER:
        raise ValueError(text)
    return int(value)


def _group(row: ImportRow, lookups: Lookups) -> tuple:
    """The row's budget line or income source: (line, "") or (None, source)."""
    text = row.cell("group")
    if not text:
        row.error("group", _("Bitte die Ausgabenposition oder die Einnahmequelle angeben."))
        return None, ""
    line, source = lookups.lines.get(text.casefold()), lookups.sources.get(text.casefold())
    if line is not None and source is not None:
        row.error(
            "group",
            _(
                "„%(name)s“ ist eine Ausgabenposition und eine Einnahmequelle; bitte die Position "
                "umbenennen."
            )
            % {"name": text},  # fmt: skip
        )
    elif line is None and source is None:
        row.error(
            "group",
            _(
                "Unbekannte Ausgabenposition oder Einnahmequelle „%(name)s“ (Positionen dieser "
                "Zuwendung: %(lines)s; Quellen: %(sources)s)."
            )  # fmt: skip
            % {
                "name": text,
                "lines": ", ".join(line.name for line in lookups.lines.values()) or "–",
                "sources": ", ".join(str(label) for label in Source.labels),
            },
        )
    return line, source or ""


def _amounts(row: ImportRow, grant: Grant) -> dict[str, Decimal | None]:
    """Net, VAT, gross and eligible amount; the missing ones as the receipt form fills them."""
    found = {name: row.cell(name, parse_decimal, BAD_NUMBER) for name in AMOUNTS}
    if row.failed.intersection(AMOUNTS):
        row.failed.update(AMOUNTS)  # none is checked against the others
        return dict.fromkeys(AMOUNTS)
    negative = [name for name, value in found.items() if value is not None and value < 0]
    for name in negative:  # nothing derived from them, which would only repeat the error
        row.error(name, _("Beträge können nicht negativ sein."))
    if negative:
        row.failed.update(AMOUNTS)
        return dict.fromkeys(AMOUNTS)
    net, vat, gross = found["net"], found["vat"] or Decimal(0), found["gross"]
    if net is None and gross is None:
        row.error("net", _("Bitte den Nettobetrag oder den Bruttobetrag angeben."))
        row.failed.update(AMOUNTS)
        return dict.fromkeys(AMOUNTS)
    gross = net + vat if gross is None else gross
    net = gross - vat if net is None else net
    eligible = found["eligible_amount"]
    if eligible is None:
        eligible = grant.eligible_default(net=net, gross=gross)
    return {"net": net, "vat": vat, "gross": gross, "eligible_amount": eligible}


def _build(row: ImportRow, lookups: Lookups) -> Receipt:
    """The row's unsaved receipt; the cells that cannot be read are left empty."""
    number = row.cell("number", _receipt_number, BAD_RECEIPT_NUMBER)
    payment_date = row.cell("payment_date", parse_date, BAD_DATE)
    if payment_date is None and "payment_date" not in row.failed:
        row.error("payment_date", _("Bitte das Zahlungsdatum angeben."))
    invoice_date = row.cell("invoice_date", parse_date, BAD_DATE)
    line, source = _group(row, lookups)
    return Receipt(
        grant=lookups.grant,
        number=number,
        kind=Receipt.Kind.INCOME if source else Receipt.Kind.EXPENSE,
        payment_date=payment_date,
        invoice_date=invoice_date,
        party=row.cell("party"),
        reason=row.cell("reason"),
        budget_line=line,
        source=source,
        eligible_reason=row.cell("eligible_reason"),
        **_amounts(row, lookups.grant),
    )


def _model_field(name: str) -> str:
    """The column a model field's message belongs to."""
    return "group" if name in ("budget_line", "source", "kind") else name


def _check(row: ImportRow) -> None:
    """The receipt's rules as the model states them, on the cells that were read; the
    unique receipt number is checked against the database."""
    failed = set(row.failed)
    exclude = {"budget_line", *(name for name in failed if name in AMOUNTS or "date" in name)}
    # An empty payee or reason: the model's clean says so in its own words.
    exclude |= {name for name in ("party", "reason") if not getattr(row.receipt, name).strip()}
    if "number" in failed:
        exclude.add("number")
    try:
        row.receipt.full_clean(exclude=exclude)
    except ValidationError as error:
        for name, messages in error.message_dict.items():
            column = "number" if name == NON_FIELD_ERRORS else _model_field(name)
            if column in failed:
                continue
            for message in messages:
                if column in FIELDS:
                    row.error(column, message)
                else:
                    row.errors.append(message)


def _number(rows: list[ImportRow], lookups: Lookups) -> None:
    """Numbers given twice in the file are errors; rows without one get the next free
    numbers after the grant's and the file's highest, in the file's order."""
    first: dict[int, int] = {}
    for row in rows:
        number = row.receipt.number
        if number is None:
            continue
        if number in first:
            row.error(
                "number",
                _("Die Belegnummer %(number)s steht schon in Zeile %(row)s.")
                % {"number": number, "row": first[number]},
            )
        else:
            first[number] = row.number
    following = max([lookups.highest, *first]) + 1
    for row in rows:
        if row.receipt.number is None and "number" not in row.failed:
            row.receipt.number = following
            following += 1


def validate_rows(rows: Iterable[dict[str, str]], *, grant: Grant) -> list[ImportRow]:
    """Check every row of an import into `grant` and build unsaved receipts, in the
    file's order; the subtotal and total rows of an exported Belegliste are left out.
    Every message starts with its column's header, in the order of the columns."""
    lookups = Lookups(grant)
    checked = []
    for index, values in enumerate(rows):
        if lookups.is_sum(values):
            continue
        row = ImportRow(number=getattr(values, "number", index + 2), values=dict(values))
        row.receipt = _build(row, lookups)
        checked.append(row)
    _number(checked, lookups)
    headers = german_headers()
    for row in checked:
        _check(row)
        row.errors.sort(key=lambda m: next((i for i, h in enumerate(headers)
                                             if m.startswith(f"{h}: ")), len(headers)))  # fmt: skip
        if row.errors:
            row.receipt = None
    return checked


def read_rows(upload) -> list[SheetRow]:
    """The rows of an uploaded file of receipts (see `lib.sheet_import.read_rows`)."""
    return sheet_import.read_rows(upload, layout())


def template_xlsx(grant: Grant) -> bytes:
    """An empty Belegliste to fill in: the German header, and a sheet "Hinweise" with
    the grant's budget lines and the income sources the column accepts."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Belegliste"
    bold = Font(bold=True)
    for index, (header, width) in enumerate(zip(german_headers(), WIDTHS, strict=True), 1):
        write_text(cell := sheet.cell(row=1, column=index), header)
        cell.font = bold
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet.freeze_panes = "A2"
    hints = workbook.create_sheet("Hinweise")
    hints.column_dimensions["A"].width = 90
    lines = [
        ("Import von Belegen", True),
        ("Eine Zeile je Zahlung. Beträge mit Komma (1.234,50), Daten als TT.MM.JJJJ.", False),
        ("Ohne Belegnummer erhält der Beleg die nächste freie Nummer.", False),
        (
            "Netto oder brutto genügt; Umsatzsteuer leer = 0; zuwendungsfähig leer = "
            "der übliche Betrag.",
            False,
        ),  # fmt: skip
        ("", False),
        ("Ausgabenpositionen (Ausgaben)", True),
        *((line.name, False) for line in grant.budget_lines.all()),
        ("", False),
        ("Einnahmequellen (Einnahmen)", True),
    ]
    with translation.override("de"):
        lines += [(str(label), False) for label in Source.labels]
    for number, (text, heading) in enumerate(lines, start=1):
        if text:
            write_text(cell := hints.cell(row=number, column=1), text)
            cell.font = bold if heading else Font()
    output = io.BytesIO()
    workbook.save(output)
    return output.getvalue()
