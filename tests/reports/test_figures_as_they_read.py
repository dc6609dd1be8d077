"""Stored figures of every version read as they always did (issue 30): an issued
report's PDF is never made again, but one made from the same figures today must say
the same, and so must its workbook and its page.

`figures/version3.json` was frozen by the figures' code of version 3 from a world of
three municipalities (one left during the term), eight measures in two focus areas
and five meetings, with a funder and a service provider written in by hand;
`version2.json` and `version1.json` are the same figures in the layouts of those
versions (as the history of reports/figures.py adds each field). The expected texts
beside them were taken from the code before the figures were typed."""

import datetime
import io
import json
import re
from decimal import Decimal
from pathlib import Path

import openpyxl
import pypdf
import pytest
from django.utils import timezone

from reports.figures.types import ReportFigures
from reports.models import Report
from reports.rendering import render_report
from reports.sheets import report_xlsx
from tests.factories.portal import ReportFactory
from tests.helpers import needs_pango

HERE = Path(__file__).parent / "figures"
VERSIONS = [1, 2, 3]


def stored(version: int) -> dict:
    return json.loads((HERE / f"version{version}.json").read_text())


def expected(name: str) -> str:
    return (HERE / name).read_text()


def a_report(version: int, language: str = "de") -> Report:
    """The report the figures were issued with (unsaved: rendering reads no more of
    it)."""
    return Report(
        kind=Report.Kind.FINAL,
        period_start=datetime.date(2022, 7, 1),
        period_end=datetime.date(2025, 6, 30),
        version=1,
        language=language,
        note="Die Zahlen von Dahl gelten bis zu seinem Austritt.",
        figures=stored(version),
        issued_at=timezone.make_aware(datetime.datetime(2025, 7, 15, 10, 30)),
        issued_by_name="Kora Koordination",
        texts={
            "summary": "Das Netzwerk hat **332 MWh/a** eingespart.",
            "municipalities": {"05900000": "Altenbeken hat die Straßen zuerst beleuchtet."},
        },
    )


def pdf_text(version: int, language: str) -> str:
    report = a_report(version, language)
    pdf = render_report(report, _read(report))
    return "\n".join(page.extract_text() for page in pypdf.PdfReader(io.BytesIO(pdf)).pages)


def workbook_text(version: int) -> str:
    """Every sheet's cells, one line a row: value (with its type) and number format."""
    report = a_report(version)
    workbook = openpyxl.load_workbook(io.BytesIO(report_xlsx(report, _read(report))))
    lines = []
    for sheet in workbook:
        lines.append(f"# {sheet.title}")
        for row in sheet.iter_rows():
            lines.append(" | ".join(_cell(cell) for cell in row))
    return "\n".join(lines) + "\n"


def _cell(cell) -> str:
    if cell.value is None:
        return "-"
    kind = type(cell.value).__name__
    if isinstance(cell.value, (int, float, Decimal, datetime.date)):
        return f"{cell.value!r} [{kind} {cell.number_format}]"
    return f"{cell.value} [{kind}]"


def page_figures(client, personas, version: int) -> str:
    """The report page's key figures and table of municipalities, as HTML."""
    report = ReportFactory(network=personas.network)
    Report.objects.filter(pk=report.pk).update(figures=stored(version))
    client.force_login(personas.funder)
    page = client.get(report.get_absolute_url()).content.decode()
    parts = [
        re.search(r'<dl class="key-figures">.*?</dl>', page, re.S).group(),
        re.search(r'<table class="figures">.*?</table>', page, re.S).group(),
    ]
    return "\n".join(parts) + "\n"


def _read(report: Report):
    return ReportFigures.from_json(report.figures)


# The database for the focus areas' chart colours (networks.focus_area_colours), which
# the catalogue keeps; the figures come from the stored JSON alone.
@pytest.mark.django_db
@pytest.mark.parametrize("version", VERSIONS)
@pytest.mark.parametrize("language", ["de", "en"])
def test_a_report_of_each_version_prints_what_it_printed(version, language):
    needs_pango()
    assert pdf_text(version, language) == expected(f"version{version}-{language}.txt")


@pytest.mark.parametrize("version", VERSIONS)
def test_the_workbook_of_each_version_holds_what_it_held(version):
    assert workbook_text(version) == expected(f"version{version}-workbook.txt")


@pytest.mark.django_db
@pytest.mark.parametrize("version", VERSIONS)
def test_the_page_of_a_report_of_each_version_shows_what_it_showed(client, personas, version):
    assert page_figures(client, personas, version) == expected(f"version{version}-page.html")


@pytest.mark.django_db
@pytest.mark.parametrize("version", [1, 3])
def test_figures_written_again_as_version_4_print_the_same_pdf(version):
    """The layout a report keeps its figures in changes nothing in its PDF, byte for
    byte (a report issued today keeps version 4)."""
    needs_pango()
    report = a_report(version)
    figures = _read(report)
    again = ReportFigures.from_json(figures.to_json())
    assert render_report(report, again) == render_report(report, figures)
