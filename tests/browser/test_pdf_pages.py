"""The demo's PDFs page by page: the final report, an interim report, a mayor's report
and a meeting record, each page saved as PNG beside the screenshots (`pdf/…`) to look
at, with checks that hold whatever the layout: page counts within bounds, text on every
page, no page that holds only a heading or a single table row."""

import io
import os
import shutil
import subprocess

import pypdf
import pytest
from django.utils import translation

from events.models import Meeting, Minutes
from events.printing import record_pdf
from networks.models import Network, User
from reports.figures.types import ReportFigures
from reports.mayors import mayors_report_pdf
from reports.models import Report
from reports.rendering import lay_out_report
from tests.browser.conftest import SCREENSHOTS
from tests.browser.demo import DEMO_DAY, load_demo
from tests.reports.page_flow import headings_at_the_foot, lonely_rows

FIRST = "klimaschutz-netzwerk-westfalen-weser-1"


def save_pages(pdf: bytes, name: str) -> list[str]:
    """Every page as `pdf/<name>-pNN.png` (pdftoppm, 60 dpi); returns each page's text."""
    folder = SCREENSHOTS / "pdf"
    folder.mkdir(parents=True, exist_ok=True)
    for old in folder.glob(f"{name}-p*.png"):
        old.unlink()
    pdftoppm = shutil.which("pdftoppm")
    if not pdftoppm:
        message = "pdftoppm not found: apt-get install poppler-utils"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    subprocess.run(  # noqa: S603 (poppler's pdftoppm on a PDF of the test's own)
        [pdftoppm, "-r", "60", "-png", "-", str(folder / f"{name}-p")], input=pdf, check=True
    )
    # pdftoppm numbers the pages with as many digits as the last one needs.
    for path in folder.glob(f"{name}-p-*.png"):
        number = int(path.stem.rsplit("-", 1)[1])
        path.rename(folder / f"{name}-p{number:02d}.png")
    return [page.extract_text() for page in pypdf.PdfReader(io.BytesIO(pdf)).pages]


def body(text: str) -> list[str]:
    """A page's lines without the running head (network and funding code) and the
    page number at its foot."""
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    return [
        line
        for line in lines
        if not line.startswith("Seite ") and "· Förderkennzeichen" not in line
    ]


@pytest.fixture
def demo(transactional_db, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    load_demo()
    return Network.objects.get(slug=FIRST)


def issued(network, kind):
    return network.reports.filter(kind=kind).order_by("-period_end", "-version").first()


def test_the_final_and_an_interim_report_page_by_page(demo):
    reports = [(Report.Kind.FINAL, "final-report"), (Report.Kind.INTERIM, "interim-report")]
    for kind, name in reports:
        report = issued(demo, kind)
        document = lay_out_report(report, ReportFigures.from_json(report.figures))
        pages = save_pages(document.write_pdf(), name)
        assert 6 <= len(pages) <= 30, (name, len(pages))
        for number, text in enumerate(pages, start=1):
            # Three lines at least: the end of the text before the annex may be short.
            assert len(body(text)) >= 3, f"{name} page {number} is nearly empty: {text!r}"
        # The contents share their page with the beginning of the text.
        assert pages[1].startswith("Inhalt") or "Inhalt" in body(pages[1])[0]
        assert len(body(pages[1])) > 20
        assert lonely_rows(document) == [], name
        assert headings_at_the_foot(document) == [], name


def test_the_mayors_report_of_the_first_network_fits_on_one_page(demo):
    participation = demo.participations.select_related("municipality").order_by("pk").first()
    coordinator = User.objects.get(email="koordination@example.org")
    with translation.override("de"):
        pdf = mayors_report_pdf(
            participation=participation,
            user=coordinator,
            start=demo.term_start,
            end=min(demo.term_end, DEMO_DAY),
        )
    pages = save_pages(pdf, "mayors-report")
    # A typical network's: 13 meetings, 10 municipalities, three measures of its own.
    assert len(pages) == 1
    assert "Netzwerktreffen" in pages[0] and "17.06.2025" in pages[0]


def test_a_meeting_record_page_by_page(demo):
    meeting = (
        Meeting.objects.filter(network=demo, minutes__status=Minutes.Status.FINAL)
        .order_by("-starts_at")
        .first()
    )
    with translation.override("de"):
        pages = save_pages(record_pdf(meeting), "meeting-record")
    assert 1 <= len(pages) <= 6
    for number, text in enumerate(pages, start=1):
        assert len(body(text)) >= 3, f"meeting record page {number} is nearly empty: {text!r}"
