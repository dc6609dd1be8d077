"""A proof as documents: the PDF (tagged, like the reports: lib/pdf.py) and the
workbook of the numerical proof, both from its frozen figures, in its language.

The workbook holds numbers as numbers in German formats (1.234,50; 12,3 %) and
every text as text, never a formula (lib/spreadsheets.py)."""

import io
from decimal import Decimal

from django.utils import translation
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from finances.belegliste import AMOUNT_FORMAT
from finances.models import Proof
from finances.proofs.figures import PlanRow, ProofFigures
from lib.pdf import render_pdf
from lib.spreadsheets import save_workbook_as_of, write_text

PERCENT_FORMAT = '0.0" %"'


def proof_context(proof: Proof, figures: ProofFigures) -> dict:
    return {
        "proof": proof,
        "figures": figures,
        "expenses": figures.expenses,
        "income_total": figures.income_total,
        "confirmations": proof.confirmations,
    }


def render_proof_pdf(proof: Proof, figures: ProofFigures) -> bytes:
    with translation.override(proof.language):
        return render_pdf("finances/proof_pdf.html", proof_context(proof, figures))


def _cell(sheet, row: int, column: int, value, *, bold: bool = False, number_format=None):
    cell = sheet.cell(row=row, column=column)
    if isinstance(value, str):
        write_text(cell, value)
    else:
        cell.value = value
        if number_format:
            cell.number_format = number_format
    if bold:
        cell.font = Font(bold=True)
    return cell


def _plan_sheet(sheet, figures: ProofFigures, rows, total: PlanRow, *, deviation: bool) -> None:
    head = [_("Position") if deviation else _("Quelle")]
    for year in figures.years:
        head += [_("Plan %(year)s") % {"year": year}, _("Ist %(year)s") % {"year": year}]
    head += [_("Plan gesamt"), _("Ist gesamt")]
    if deviation:
        head += [_("Abweichung EUR"), _("Abweichung %")]
    for column, text in enumerate(head, start=1):
        _cell(sheet, 1, column, text, bold=True)
        sheet.column_dimensions[get_column_letter(column)].width = 40 if column == 1 else 14
    sheet.freeze_panes = "B2"
    for index, (name, row) in enumerate([*rows, (_("Summe"), total)], start=2):
        bold = row is total
        values = [value for cells in row.cells() for value in cells]
        values += [row.planned_total, row.actual_total]
        _cell(sheet, index, 1, name, bold=bold)
        for column, value in enumerate(values, start=2):
            _cell(sheet, index, column, value, bold=bold, number_format=AMOUNT_FORMAT)
        if deviation:
            column = len(values) + 2
            _cell(sheet, index, column, row.deviation, bold=bold, number_format=AMOUNT_FORMAT)
            percent = row.deviation_percent
            _cell(sheet, index, column + 1, percent if percent is not None else "–", bold=bold,
                  number_format=PERCENT_FORMAT)  # fmt: skip


def _summary_sheet(sheet, proof: Proof, figures: ProofFigures) -> None:
    facts = [
        (_("Netzwerk"), figures.network),
        (_("Förderkennzeichen"), figures.funding_code),
        (_("Nachweis"), proof.title()),
        (_("Stand bis"), figures.until),
        (_("Zuwendungsfähige Ausgaben"), figures.expenses.actual_total),
        (_("Mittel abgerufen"), figures.called_off),
        (_("Mittel eingegangen"), figures.received),
        (_("Zuwendung nach Förderquote"), figures.grant_earned),
        (_("Eigenanteil geplant"), figures.own_share_planned),
        (_("Eigenanteil (Ausgaben abzüglich Zuwendung und weiterer Einnahmen)"),
         figures.own_share),
    ]  # fmt: skip
    sheet.column_dimensions["A"].width = 60
    sheet.column_dimensions["B"].width = 40
    for index, (label, value) in enumerate(facts, start=1):
        _cell(sheet, index, 1, label, bold=True)
        if isinstance(value, Decimal):
            _cell(sheet, index, 2, value, number_format=AMOUNT_FORMAT)
        elif hasattr(value, "isoformat"):
            _cell(sheet, index, 2, value, number_format="DD.MM.YYYY")
        else:
            _cell(sheet, index, 2, str(value))
    start = len(facts) + 2
    _cell(sheet, start, 1, _("Bestätigte Hinweise mit Kommentar der Koordination"), bold=True)
    for offset, item in enumerate(proof.confirmations, start=1):
        _cell(sheet, start + offset, 1, f"{item['where']}: {item['text']}")
        _cell(sheet, start + offset, 2, item["comment"])


def render_proof_xlsx(proof: Proof, figures: ProofFigures) -> bytes:
    """The numerical proof as a workbook: expenses plan and actual per line and year
    with the deviation, the income by source, and a summary (call-offs, own share,
    the confirmed warnings with their comments)."""
    with translation.override(proof.language):
        workbook = Workbook()
        expenses = workbook.active
        expenses.title = _("Ausgaben")
        lines = [(row.name, row) for row in figures.lines]
        _plan_sheet(expenses, figures, lines, figures.expenses, deviation=True)
        income = [(row.source_label, row) for row in figures.income]
        _plan_sheet(workbook.create_sheet(_("Finanzierung")), figures, income,
                    figures.income_total, deviation=False)  # fmt: skip
        _summary_sheet(workbook.create_sheet(_("Zusammenfassung")), proof, figures)
        output = io.BytesIO()
        save_workbook_as_of(workbook, output, moment=proof.issued_at)
    return output.getvalue()
