"""The import template: the header, one example row and a sheet of allowed values."""

import datetime
from decimal import Decimal

from django.utils import translation
from openpyxl import Workbook
from openpyxl.styles import Font

from measures.models import EnergyCarrier, Measure, MeasureCategory
from measures.spreadsheets.columns import COLUMNS, HINTS_TITLE
from measures.spreadsheets.export import finished, header_sheet, write_cell
from networks.models import Network


def template_xlsx(network: Network) -> bytes:
    """An import template for the network: the header, one example row and a sheet
    "Hinweise" with the allowed values (status, evidence, energy carriers, categories,
    the network's focus areas and municipalities with their AGS)."""
    participations = list(
        network.participations.filter(left_on__isnull=True)
        .select_related("municipality")
        .order_by("municipality__name")
    )
    focus_areas = list(network.focus_areas.all())
    carriers = list(EnergyCarrier.objects.all())
    workbook = Workbook()
    sheet = header_sheet(workbook)
    example = _example(network, participations, focus_areas, carriers)
    for index, column in enumerate(COLUMNS, start=1):
        write_cell(sheet, 2, index, column, example.get(column.header))
    _write_hints(
        workbook.create_sheet(HINTS_TITLE),
        _hint_lines(network, participations, focus_areas, carriers),
    )
    return finished(workbook, sheet)


def _example(network: Network, participations: list, focus_areas: list, carriers: list) -> dict:
    """The example row, by header."""
    municipality = participations[0].municipality if participations else None
    example = {
        "Netzwerk": network.name,
        "Förderkennzeichen": network.funding_code,
        "Kommune": municipality.name if municipality else None,
        "AGS": municipality.ags if municipality else None,
        "Themenschwerpunkt": focus_areas[0].name if focus_areas else None,
        # The example is street lighting, whatever the administrator named it since.
        "Kategorie": MeasureCategory.objects.filter(slug="aussenbeleuchtung")
        .values_list("name", flat=True)
        .first(),
        "Titel": "Beispiel: Umrüstung der Straßenbeleuchtung auf LED",
        "Beschreibung": "Diese Beispielzeile bitte überschreiben oder löschen.",
        "Status": "geplant",
        "Verantwortlich": "Bauamt",
        "Geplanter Beginn": datetime.date(network.term_start.year, 9, 1),
        "Geplanter Abschluss": datetime.date(network.term_start.year + 1, 6, 30),
        "Investition (EUR)": Decimal("85000.00"),
        "Fördermittel (EUR)": Decimal("25500.00"),
        "THG von Hand (ja/nein)": False,
        "Nachweis": "geschätzt",
        "Methode": "Leistung alt und neu mal Brenndauer laut Leuchtenkataster",
    }
    if carriers:
        example["Endenergieeinsparung (kWh/a)"] = Decimal("42000.00")
        example["Energieträger"] = carriers[0].name
    return example


def _hint_lines(
    network: Network, participations: list, focus_areas: list, carriers: list
) -> list[tuple[str, str, bool]]:
    """The lines of the sheet "Hinweise": two cells each and whether it is a heading."""
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
    lines += [("", "", False), ("Nachweis", "", True)]
    with translation.override("de"):
        lines += [
            (str(Measure.Evidence.MEASURED.label), "mit Verbrauch vorher und nachher", False),
            (str(Measure.Evidence.CALCULATED.label), "mit der Quelle der Berechnung", False),
            (str(Measure.Evidence.ESTIMATED.label), "", False),
        ]
    lines += [("", "", False), ("Energieträger", "", True)]
    lines += [(carrier.name, "", False) for carrier in carriers]
    lines += [("", "", False), ("Kategorie", "Nummer in der Richtlinie", True)]
    lines += [(c.name, c.code, False) for c in MeasureCategory.objects.all()]
    lines += [("", "", False), ("Themenschwerpunkte", "", True)]
    lines += [(area.name, "", False) for area in focus_areas]
    lines += [("", "", False), ("Kommune", "AGS", True)]
    lines += [(p.municipality.name, p.municipality.ags, False) for p in participations]
    return lines


def _write_hints(hints, lines: list[tuple[str, str, bool]]) -> None:
    bold = Font(bold=True)
    hints.column_dimensions["A"].width = 32
    hints.column_dimensions["B"].width = 70
    for row, (first, second, heading) in enumerate(lines, start=1):
        for index, text in enumerate((first, second), start=1):
            if text:
                cell = hints.cell(row=row, column=index, value=text)
                cell.data_type = "s"
                if heading:
                    cell.font = bold
