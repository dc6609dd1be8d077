"""The measures by category of the funding programme in the funder's report and the
mayor's report (issue 34): frozen with the figures, in the PDF with a chart, in the
workbook; reports frozen before have no such table and still read."""

import datetime
import io
import json
from decimal import Decimal
from pathlib import Path

import openpyxl
import pypdf
import pytest

from measures.models import Measure, MeasureCategory
from reports.charts import report_charts
from reports.figures.building import report_figures
from reports.figures.types import ReportFigures
from reports.mayors import mayors_report_pdf
from reports.rendering import report_pdf
from reports.sheets import report_xlsx
from tests.factories import FocusAreaFactory, ReportFactory
from tests.helpers import needs_pango
from tests.reports.test_reports import story

pytestmark = pytest.mark.django_db

D = datetime.date
FIGURES = Path(__file__).parent / "figures"


def category(slug: str) -> MeasureCategory:
    return MeasureCategory.objects.get(slug=slug)


@pytest.fixture
def measures(personas):
    """Street lighting: two of A's (one completed, one planned) and one completed of B;
    one of A's in progress without a category."""
    area = FocusAreaFactory(name="Beleuchtung")
    personas.network.focus_areas.add(area)
    street = category("aussenbeleuchtung")
    rows = [
        (personas.participation_a, "LED Hauptstraße", street, "completed", 20_000, "8.000", 50_000),
        (personas.participation_a, "LED Nebenstraße", street, "planned", 5_000, None, 10_000),
        (personas.participation_b, "LED Borchen", street, "completed", 10_000, "4.500", 30_000),
        (personas.participation_a, "Dämmung Schule", None, "in_progress", None, None, 70_000),
    ]
    for participation, title, cat, status, kwh, co2, investment in rows:
        measure = Measure(
            participation=participation, focus_area=area, category=cat, title=title,
            status=status, energy_savings_kwh=Decimal(kwh) if kwh else None,
            co2_manual=co2 is not None, co2_savings_t=Decimal(co2) if co2 else None,
            co2_manual_reason="Messung" if co2 else "", investment_eur=Decimal(investment),
            completed_on=D(2023, 5, 10) if status == "completed" else None,
            started_on=D(2023, 1, 10) if status != "planned" else None,
        )  # fmt: skip
        story(measure, (D(2023, 5, 10), {}))
    return personas


def figures_of(personas) -> ReportFigures:
    network = personas.network
    return report_figures(network, start=network.term_start, end=network.term_end)


def test_the_figures_sum_the_measures_by_category_with_the_unassigned_last(measures):
    figures = figures_of(measures)
    street, unassigned = figures.categories
    assert (street.code, street.name, street.kind) == (
        "4.2.1", "Außen- und Straßenbeleuchtung", "investive",
    )  # fmt: skip
    assert street.label == "4.2.1 Außen- und Straßenbeleuchtung"
    assert street.measure_count == 3
    assert street.by_status["completed"] == 2 and street.by_status["planned"] == 1
    # Savings of completed measures only; investment of begun and completed ones.
    assert street.achieved.energy_mwh == Decimal("30.0")
    assert street.achieved.co2_t == Decimal("12.500")
    assert street.investment_eur == Decimal("80000")
    assert (unassigned.code, unassigned.name, unassigned.kind) == ("", "", "")
    assert unassigned.label == "noch nicht zugeordnet"
    assert unassigned.measure_count == 1 and unassigned.investment_eur == Decimal("70000")


def test_the_category_rows_are_kept_with_the_figures_and_read_back_the_same(measures):
    figures = figures_of(measures)
    data = json.loads(json.dumps(figures.to_json()))
    assert [row["name"] for row in data["categories"]] == ["Außen- und Straßenbeleuchtung", ""]
    assert ReportFigures.from_json(data).categories == figures.categories


def test_a_report_frozen_before_the_categories_has_no_table_and_still_reads(personas):
    data = json.loads((FIGURES / "version3.json").read_text())
    assert "categories" not in data
    figures = ReportFigures.from_json(data)
    assert figures.categories is None
    assert "categories.svg" not in report_charts(figures)[0]
    report = ReportFactory(network=personas.network)
    workbook = openpyxl.load_workbook(io.BytesIO(report_xlsx(report, figures)))
    assert "Kategorien" not in workbook.sheetnames


def test_the_workbook_has_a_sheet_by_category(measures):
    report = ReportFactory(network=measures.network)
    workbook = openpyxl.load_workbook(
        io.BytesIO(report_xlsx(report, ReportFigures.from_json(report.figures)))
    )
    sheet = workbook["Kategorien"]
    rows = list(sheet.iter_rows(values_only=True))
    header = rows[0]
    assert header[:4] == ("Nummer", "Kategorie", "Art", "Maßnahmen")
    by_header = [dict(zip(header, row, strict=True)) for row in rows[1:]]
    assert [(r["Nummer"], r["Kategorie"], r["Art"], r["Maßnahmen"]) for r in by_header] == [
        ("4.2.1", "Außen- und Straßenbeleuchtung", "investiv", 3),
        (None, "noch nicht zugeordnet", None, 1),
    ]
    assert by_header[0]["Endenergie (MWh/a)"] == 30
    assert by_header[0]["Investitionen (€)"] == 80000


def pdf_text(content: bytes) -> str:
    reader = pypdf.PdfReader(io.BytesIO(content))
    return " ".join(" ".join(page.extract_text().split()) for page in reader.pages)


def test_the_pdf_has_the_table_and_the_chart_by_category(measures):
    needs_pango()
    report = ReportFactory(network=measures.network)
    text = pdf_text(report_pdf(report)).replace("\xa0", " ")
    assert "Nach Kategorien der Kommunalrichtlinie" in text
    assert "Abbildung 4: Maßnahmen je Kategorie der Kommunalrichtlinie nach Stand" in text
    assert "4.2.1 Außen- und Straßenbeleuchtung investiv 3 2 30,0 12,5 80.000" in text
    assert "noch nicht zugeordnet – 1 0 0,0 0,0 70.000" in text


def test_each_measure_of_the_annex_keeps_its_category_as_it_stood(measures):
    rows = {row.title: row for row in figures_of(measures).measures}
    assert rows["LED Hauptstraße"].category == "4.2.1 Außen- und Straßenbeleuchtung"
    assert rows["Dämmung Schule"].category == ""
    # Frozen and read back alike; figures frozen before issue 34 did not keep it.
    row = rows["LED Hauptstraße"]
    assert type(row).from_json(row.to_json()) == row
    old = row.to_json()
    del old["category"]
    assert type(row).from_json(old).category is None


def test_the_mayors_report_names_the_category_of_each_own_measure(measures):
    """Beside the measure, not as a table of its own: the mayor's report keeps to one
    page (tests/browser/test_pdf_pages.py)."""
    needs_pango()
    a = measures.participation_a
    text = pdf_text(
        mayors_report_pdf(participation=a, user=measures.climate_manager_a,
                          start=a.network.term_start, end=a.network.term_end)
    ).replace("\xa0", " ")  # fmt: skip
    assert "Nach Kategorien der Kommunalrichtlinie" not in text
    assert text.count("Beleuchtung · 4.2.1 Außen- und Straßenbeleuchtung") == 2
    assert "LED Borchen" not in text  # B's measure
    assert "Dämmung Schule" in text
