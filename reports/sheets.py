"""A report's figures as an Excel workbook, for filling in the funder's own forms.

One sheet each for the report's facts, the municipalities, the focus areas, the
categories of the funding programme (not in reports issued before them), the meetings
and the measures, and the finances in a final report of a network with a grant;
numbers and dates are real cells in German formats, text is always text (never a
formula).
"""

import io
from collections.abc import Callable
from decimal import Decimal
from typing import Any

from django.utils import timezone, translation
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from lib.spreadsheets import write_text
from measures.models import Measure
from reports.figures.finances import FinanceFacts
from reports.figures.types import ReportFigures
from reports.models import Report

NUMBER_FORMATS = {Decimal: "#,##0.0", int: "0"}
EUROS = "#,##0 €"
CENTS = "#,##0.00 €"

Column = tuple[str, Callable[[Any], Any]] | tuple[str, Callable[[Any], Any], str]


def report_xlsx(report: Report, figures: ReportFigures) -> bytes:
    with translation.override(report.language):
        workbook = Workbook()
        _facts_sheet(workbook.active, report, figures)
        unit = figures.network.ghg.unit  # t CO₂/a or t CO₂e/a, by the factor set
        _sheet(workbook, _("Kommunen"), _participant_columns(figures, unit), figures.participants)
        _sheet(workbook, _("Themenschwerpunkte"), [
            (_("Themenschwerpunkt"), lambda a: a.name),
            (_("Maßnahmen"), lambda a: a.measure_count),
            *_status_columns(),
            (_("Endenergie (MWh/a)"), lambda a: a.achieved.energy_mwh),
            (_("THG (%(unit)s)") % {"unit": unit}, lambda a: a.achieved.co2_t),
            (_("Investitionen (€)"), lambda a: a.investment_eur, EUROS),
            (_("Fördermittel (€)"), lambda a: a.subsidy_eur, EUROS),
        ], figures.focus_areas)  # fmt: skip
        if figures.categories is not None:  # none in figures frozen before issue 34
            _sheet(workbook, _("Kategorien"), [
                (_("Nummer"), lambda c: c.code),
                (_("Kategorie"), lambda c: c.name or str(c.label)),
                (_("Art"), lambda c: str(c.kind_label)),
                (_("Maßnahmen"), lambda c: c.measure_count),
                *_status_columns(),
                (_("Endenergie (MWh/a)"), lambda c: c.achieved.energy_mwh),
                (_("THG (%(unit)s)") % {"unit": unit}, lambda c: c.achieved.co2_t),
                (_("Investitionen (€)"), lambda c: c.investment_eur, EUROS),
                (_("Fördermittel (€)"), lambda c: c.subsidy_eur, EUROS),
            ], figures.categories)  # fmt: skip
        _sheet(workbook, _("Treffen"), [
            (_("Datum"), lambda m: m.date),
            (_("Treffen"), lambda m: m.title),
            (_("Art"), lambda m: str(m.kind_label)),
            (_("Kommunen vertreten"), lambda m: m.municipalities),
            (_("Teilnehmende"), lambda m: m.attendees),
            # Empty for reports issued before the figures named them (version 1).
            (_("Nicht vertreten"), lambda m: ", ".join(m.not_represented)
             if m.not_represented is not None else None),
        ], figures.meetings)  # fmt: skip
        _sheet(workbook, _("Maßnahmen"), [
            (_("Kommune"), lambda m: m.municipality),
            (_("Maßnahme"), lambda m: m.title),
            (_("Themenschwerpunkt"), lambda m: m.focus_area),
            (_("Stand"), lambda m: str(m.status_label)),
            (_("Beginn"), lambda m: m.started_on),
            (_("abgeschlossen"), lambda m: m.completed_on),
            (_("Endenergie (MWh/a)"), lambda m: m.energy_mwh),
            (_("THG (%(unit)s)") % {"unit": unit}, lambda m: m.co2_t),
            (_("Investition (€)"), lambda m: m.investment_eur, EUROS),
            (_("Förderung (€)"), lambda m: m.subsidy_eur, EUROS),
            # Why a greenhouse-gas figure was typed by hand instead of computed from
            # energy and factor (empty where computed, and in reports before issue 31).
            (_("THG von Hand eingetragen, Begründung"), _manual_co2),
        ], figures.measures)  # fmt: skip
        if figures.finances is not None:
            _finance_sheet(workbook, figures.finances, report.line_comments or {})
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _finance_sheet(workbook: Workbook, finances: FinanceFacts, comments: dict[str, str]) -> None:
    """The chapter on the finances: the budget lines with their deviations and the
    coordination's comments, a total row, then the financing by source and the grant."""
    rows = [*finances.lines, finances.total]
    _sheet(workbook, _("Finanzen"), [
        (_("Ausgabenposition"), lambda line: line.name or _("Summe")),
        (_("geplant (€)"), lambda line: line.planned, CENTS),
        (_("ausgegeben (€)"), lambda line: line.actual, CENTS),
        (_("Abweichung (€)"), lambda line: line.deviation, CENTS),
        (_("Abweichung (%)"), lambda line: line.deviation_percent),
        # The report keeps comments on the lines beyond the tolerance only.
        (_("Anmerkung des Netzwerkträgers"), lambda line: comments.get(line.key)),
    ], rows)  # fmt: skip
    sheet = workbook[_("Finanzen")[:31]]
    sheet.auto_filter.ref = f"A1:F{len(finances.lines) + 1}"  # not over the rows below
    bold = Font(bold=True)
    row = len(rows) + 3  # after the lines and their total, one row apart
    for column, header in enumerate([_("Quelle"), _("geplant (€)"), _("eingegangen (€)")], 1):
        sheet.cell(row=row, column=column, value=header).font = bold
    for values in [
        *((str(source.label), source.planned, source.received) for source in finances.sources),
        (_("Summe"), finances.sources_planned, finances.sources_received),
        (_("Zuwendung abgerufen"), finances.grant_called_off, None),
        (_("Zuwendung eingegangen"), finances.grant_received, None),
    ]:
        row += 1
        for column, value in enumerate(values, 1):
            _write(sheet.cell(row=row, column=column), value, CENTS if column > 1 else None)


def _manual_co2(measure) -> str | None:
    if not measure.co2_manual:
        return None
    return measure.co2_manual_reason or _("von Hand eingetragen")


def _status_columns() -> list[Column]:
    """A column per state, headed by its label, counting a row's measures in it."""
    return [
        (str(label), lambda row, code=code: row.by_status.get(code, 0))
        for code, label in Measure.Status.choices
    ]


def _participant_columns(figures: ReportFigures, unit: str) -> list[Column]:
    return [
        (_("Kommune"), lambda p: p.municipality),
        (_("AGS"), lambda p: p.ags),
        # The municipality's own code in a joint project, else the network's (the
        # figures of reports issued before codes per municipality have none).
        (_("Förderkennzeichen"), lambda p: p.funding_code or figures.network.funding_code),
        (_("Beitritt"), lambda p: p.joined_on),
        (_("Austritt"), lambda p: p.left_on),
        (_("Ziel Endenergie (MWh/a)"), lambda p: p.target.energy_mwh),
        (_("Endenergie erreicht (MWh/a)"), lambda p: p.achieved.energy_mwh),
        (_("Ziel THG (%(unit)s)") % {"unit": unit}, lambda p: p.target.co2_t),
        (_("THG erreicht (%(unit)s)") % {"unit": unit}, lambda p: p.achieved.co2_t),
        (_("im Zeitraum: Endenergie (MWh/a)"), lambda p: p.in_period.energy_mwh),
        (_("im Zeitraum: THG (%(unit)s)") % {"unit": unit}, lambda p: p.in_period.co2_t),
        (_("Maßnahmen"), lambda p: p.measure_count),
        *_status_columns(),
        (_("im Zeitraum abgeschlossen"), lambda p: p.completed_in_period),
        (_("Investitionen (€)"), lambda p: p.investment_eur, EUROS),
        (_("Fördermittel (€)"), lambda p: p.subsidy_eur, EUROS),
        (_("Treffen besucht"), lambda p: p.meetings_attended),
    ]


def _facts_sheet(facts, report: Report, figures: ReportFigures) -> None:
    """The first sheet: the report's facts, one label and value per row."""
    facts.title = _("Bericht")
    network = figures.network
    for label, value in (
        (_("Netzwerk"), network.name),
        (_("Förderkennzeichen"), network.funding_code),
        (_("Bericht"), report.get_kind_display()),
        (_("Fassung"), report.version),
        (_("Berichtszeitraum von"), figures.period.start),
        (_("Berichtszeitraum bis"), figures.period.end),
        (_("Stand der Zahlen"), timezone.localtime(figures.as_of).replace(tzinfo=None)),
        (_("Ausgestellt"), timezone.localtime(report.issued_at).replace(tzinfo=None)),
        (_("ausgestellt von"), report.issued_by_name),
        (_("Netzwerktreffen im Berichtszeitraum"), figures.totals.meetings_held),
        (_("Emissionsfaktoren"), network.ghg.name),
    ):
        facts.append([label])
        _write(facts.cell(row=facts.max_row, column=2), value)
    facts.column_dimensions["A"].width = 38
    facts.column_dimensions["B"].width = 40


def _sheet(workbook: Workbook, title: str, columns: list[Column], rows) -> None:
    sheet = workbook.create_sheet(title[:31])
    bold = Font(bold=True)
    for index, (header, *_rest) in enumerate(columns, start=1):
        sheet.cell(row=1, column=index, value=header).font = bold
        sheet.column_dimensions[get_column_letter(index)].width = max(12, min(len(header) + 2, 40))
    for row_index, row in enumerate(rows, start=2):
        for index, (_header, value, *number_format) in enumerate(columns, start=1):
            _write(sheet.cell(row=row_index, column=index), value(row), *number_format)
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = f"A1:{get_column_letter(len(columns))}{max(sheet.max_row, 1)}"


def _write(cell, value: Any, number_format: str | None = None) -> None:
    if value is None:
        return
    if isinstance(value, (Decimal, int)) and not isinstance(value, bool):
        cell.value = value
        cell.number_format = number_format or NUMBER_FORMATS[type(value)]
    elif hasattr(value, "year"):  # a date or a naive local date and time
        cell.value = value
        cell.number_format = "DD.MM.YYYY HH:MM" if hasattr(value, "hour") else "DD.MM.YYYY"
    else:
        write_text(cell, str(value))
