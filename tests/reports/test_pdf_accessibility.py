"""The portal's PDFs are tagged PDF/UA-1 documents (lib/pdf.py): a structure
tree, marked content, the document's language, title and author; header cells that
say whether they head a column or a row; one typeface family, page numbers "Seite X
von Y", a running header; and qpdf finds no fault in the file."""

import datetime
import io
import os
import shutil
import subprocess

import pikepdf
import pypdf
import pytest
from django.urls import reverse

from events.models import Attendance, Meeting
from events.printing import record_pdf
from measures.models import Measure
from reports.mayors import mayors_report_pdf
from reports.models import Report
from reports.rendering import report_pdf as report_pdf_bytes
from tests.factories import (
    ActionItemFactory,
    AgendaItemFactory,
    FocusAreaFactory,
    MeasureFactory,
    MeetingFactory,
    MinutesFactory,
    ReportFactory,
)
from tests.helpers import needs_pango, run_tasks, with_totp

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("module_personas")]


def report_pdf(client, personas) -> tuple[bytes, dict]:
    report = ReportFactory(network=personas.network)
    run_tasks()
    client.force_login(with_totp(personas.coordinator))
    response = client.get(report.pdf_url())
    title = f"Schlussbericht – {personas.network.name}"
    return response.content, {"title": title, "author": personas.coordinator_org.name}


def meeting_pdf(client, personas) -> tuple[bytes, dict]:
    meeting = MeetingFactory(network=personas.network, title="Auftakt in Altenbeken")
    AgendaItemFactory(meeting=meeting, title="Begrüßung")
    client.force_login(with_totp(personas.coordinator))
    response = client.get(reverse("meeting_pdf", args=[meeting.pk]))
    return response.content, {"title": meeting.title, "author": personas.coordinator_org.name}


@pytest.mark.parametrize("make", [report_pdf, meeting_pdf], ids=["report", "meeting"])
def test_the_pdf_is_tagged_with_language_title_and_author(client, personas, make, tmp_path):
    needs_pango()
    content, expected = make(client, personas)
    with pikepdf.open(io.BytesIO(content)) as pdf:
        root = pdf.Root
        assert root.MarkInfo.Marked is True
        assert str(root.Lang) == "de"
        tree = root.StructTreeRoot
        kinds = set()
        stack = [tree.K]
        while stack:
            node = stack.pop()
            if isinstance(node, pikepdf.Array):
                stack.extend(node)
            elif isinstance(node, pikepdf.Dictionary) and "/S" in node:
                kinds.add(str(node.S))
                if "/K" in node:
                    stack.append(node.K)
        assert {"/H1", "/H2", "/P", "/Table", "/TH", "/TD"} <= kinds, kinds
        assert root.ViewerPreferences.DisplayDocTitle is True
        with pdf.open_metadata() as meta:
            assert meta["dc:title"] == expected["title"]
            assert meta["dc:creator"] == [expected["author"]]
            assert "pdfuaid:part" in meta and meta["pdfuaid:part"] == "1"
        assert str(pdf.docinfo.Title) == expected["title"]
        # One typeface family, the page numbers' included.
        fonts = {
            str(font.BaseFont).split("+")[-1]
            for page in pdf.pages
            for font in page.Resources.Font.values()
        }
        assert fonts <= {"DejaVu-Sans", "DejaVu-Sans-Bold", "DejaVu-Sans-Oblique"}, fonts
    pages = pypdf.PdfReader(io.BytesIO(content)).pages
    assert f"Seite {len(pages)} von {len(pages)}" in pages[-1].extract_text()
    path = tmp_path / "document.pdf"
    path.write_bytes(content)
    qpdf = shutil.which("qpdf")
    if qpdf is None:
        message = "qpdf is not installed: apt-get install qpdf (.ci/run does)"
        pytest.fail(message) if os.environ.get("CI") else pytest.skip(message)
    check = subprocess.run(  # noqa: S603 (qpdf on a file of the test's own)
        [qpdf, "--check", str(path)], capture_output=True, text=True
    )
    assert check.returncode == 0, check.stdout + check.stderr
    assert "No syntax or stream encoding errors found" in check.stdout


def test_running_header_names_the_network_and_the_municipality_a_table_continues(personas):
    """From page 2 the header says network and funding code; in the annex, a page that
    continues a municipality's table of measures names that municipality."""
    needs_pango()
    area = FocusAreaFactory(name="Beleuchtung")
    for number in range(60):
        MeasureFactory(participation=personas.participation_a, focus_area=area,
                       title=f"LED-Umrüstung Straße {number}")  # fmt: skip
    # Logged in the term's first year, so the final report's annex lists them.
    Measure.history.update(history_date=datetime.datetime(2023, 1, 2, 12, tzinfo=datetime.UTC))
    report = ReportFactory(network=personas.network)
    pdf = pypdf.PdfReader(io.BytesIO(report_pdf_bytes(report)))
    pages = [page.extract_text() for page in pdf.pages]
    network_line = f"{personas.network.name} · Förderkennzeichen {personas.network.funding_code}"
    assert network_line not in pages[0]
    assert all(network_line in page for page in pages[1:])
    # The annex's heading: the last page naming it (the table of contents names it too).
    annex = max(i for i, page in enumerate(pages) if "Anhang: Maßnahmen im Einzelnen" in page)
    continued = [page for page in pages[annex + 1 :] if "LED-Umrüstung" in page]
    assert len(continued) >= 2  # the table of 60 measures runs over several pages
    assert all("Altenbeken" in page for page in continued)


def header_cells(content: bytes) -> list[tuple[str, str | None]]:
    """Each TH structure element of the PDF, in the tree's order: the group its row is
    in (/THead, /TBody, /TFoot) and its /Scope attribute (None without)."""
    cells = []
    with pikepdf.open(io.BytesIO(content)) as pdf:
        stack = [pdf.Root.StructTreeRoot.K]
        while stack:
            node = stack.pop()
            if isinstance(node, pikepdf.Array):
                stack.extend(reversed(list(node)))
            elif isinstance(node, pikepdf.Dictionary) and "/S" in node:
                if node.S == "/TH":
                    scope = node.get("/A", {}).get("/Scope")
                    cells.append((str(node.P.P.S), None if scope is None else str(scope)))
                if "/K" in node:
                    stack.append(node.K)
    return cells


@pytest.fixture
def story(personas):
    """A network with 40 measures in two focus areas (the annex's table of them runs
    over pages, its head repeated on each) and a meeting held in the term's first year,
    with its final minutes holding a table written in Markdown."""
    for number in range(40):
        MeasureFactory(
            participation=personas.participation_a, title=f"LED-Umrüstung Straße {number}",
            focus_area=FocusAreaFactory(name="Beleuchtung" if number % 2 else "Gebäude"),
            status=Measure.Status.COMPLETED, completed_on=datetime.date(2023, 5, 2),
        )  # fmt: skip
    Measure.history.update(history_date=datetime.datetime(2023, 5, 2, 12, tzinfo=datetime.UTC))
    meeting = MeetingFactory(
        network=personas.network, title="Auftakt", status=Meeting.Status.HELD,
        starts_at=datetime.datetime(2022, 9, 15, 9, tzinfo=datetime.UTC),
    )  # fmt: skip
    AgendaItemFactory(meeting=meeting, title="Begrüßung")
    Attendance.objects.create(meeting=meeting, name="Frau Rat",
                              municipality=personas.municipality_a)  # fmt: skip
    MinutesFactory(meeting=meeting, final=True,
                   text="| Kommune | Stand |\n| --- | --- |\n| Altenbeken | 12 |\n")  # fmt: skip
    ActionItemFactory(meeting=meeting, responsible_municipality=personas.municipality_a)
    personas.meeting = meeting
    return personas


def final_report(story) -> bytes:
    return report_pdf_bytes(ReportFactory(network=story.network))


def interim_report(story) -> bytes:
    report = ReportFactory(network=story.network, kind=Report.Kind.INTERIM,
                           period_start=datetime.date(2022, 7, 1),
                           period_end=datetime.date(2023, 6, 30))  # fmt: skip
    return report_pdf_bytes(report)


def mayors_report(story) -> bytes:
    p = story.participation_a
    return mayors_report_pdf(participation=p, user=story.coordinator,
                             start=p.network.term_start, end=p.network.term_end)  # fmt: skip


def meeting_record(story) -> bytes:
    return record_pdf(story.meeting)


@pytest.mark.parametrize(
    ("make", "groups"),
    [
        (final_report, {"/THead", "/TBody", "/TFoot"}),
        (interim_report, {"/THead", "/TBody", "/TFoot"}),
        (mayors_report, {"/THead", "/TBody"}),
        # Since issue 31 the record ends with the funding block, whose facts head rows.
        (meeting_record, {"/THead", "/TBody"}),
    ],
    ids=["final", "interim", "mayors", "meeting"],
)
def test_every_header_cell_says_whether_it_heads_its_column_or_its_row(story, make, groups):
    """PDF/UA-1 (Matterhorn 15-003): a TH carries /Scope, so a screen reader ties each
    figure to its column's and its row's heading. The cells of a table's head head
    their columns (the Markdown table's too, written without `scope`); a header cell in
    a table's body or foot heads its row."""
    needs_pango()
    cells = header_cells(make(story))
    assert {group for group, _ in cells} == groups
    assert [scope for _, scope in cells] == [
        "/Column" if group == "/THead" else "/Row" for group, _ in cells
    ]
