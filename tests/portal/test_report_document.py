"""The report as a document (templates/reports/report.html), read back from the PDF:
the cover with the facts a funder files it by, and a table of contents whose page
numbers are the pages the sections begin on."""

import io
import re

import pikepdf
import pypdf
import pytest

from networks.models import Organisation
from portal.services import report_pdf
from tests.factories import OrganisationFactory, ReportFactory
from tests.helpers import needs_pango

pytestmark = pytest.mark.django_db

NOTICE = (
    "Gefördert vom Bundesministerium für Wirtschaft und Klimaschutz aufgrund eines "
    "Beschlusses des Deutschen Bundestages."
)


def pages_of(content: bytes) -> list[str]:
    reader = pypdf.PdfReader(io.BytesIO(content))
    return [" ".join(page.extract_text().split()) for page in reader.pages]


@pytest.fixture
def funded(personas):
    network = personas.network
    network.funding_programme = "Kommunalrichtlinie, Kommunale Netzwerke"
    network.funding_agency = "Zukunft – Umwelt – Gesellschaft (ZUG) gGmbH"
    network.funding_notice = NOTICE
    network.funder = OrganisationFactory(name="Bundesministerium", kind=Organisation.Kind.FUNDER)
    network.save()
    network.service_providers.set(
        [OrganisationFactory(name="Ingenieurbüro Lippe", kind=Organisation.Kind.SERVICE_PROVIDER)]
    )
    return network


def test_the_cover_names_what_the_funder_files_the_report_by(personas, funded):
    needs_pango()
    report = ReportFactory(network=funded)
    cover = pages_of(report_pdf(report))[0]
    for fact in [
        "Schlussbericht",
        funded.name,
        "Berichtszeitraum 01.07.2022 – 30.06.2025",
        "Förderprogramm Kommunalrichtlinie, Kommunale Netzwerke",
        "Förderkennzeichen 67K18876",
        "Fördermittelgeber Bundesministerium",
        "Projektträger Zukunft – Umwelt – Gesellschaft (ZUG) gGmbH",
        f"Netzwerkträger {personas.coordinator_org.name}",
        "Dienstleister Ingenieurbüro Lippe",
        f"Ausgestellt am {report.issued_at.astimezone():%d.%m.%Y} von {report.issued_by_name}",
        "Fassung 1",
        NOTICE,
    ]:
        assert fact in cover, fact
    assert "Geändert gegenüber" not in cover
    # No page number and no running header on the cover; both from the next page on.
    assert "Seite" not in cover
    assert "Seite 2 von" in pages_of(report_pdf(report))[1]


def test_a_corrections_cover_says_what_changed(personas, funded):
    needs_pango()
    ReportFactory(network=funded)
    second = ReportFactory(network=funded, note="Brakels Sporthalle nachgemeldet.")
    pages = pages_of(report_pdf(second))
    assert "Fassung 2" in pages[0]
    assert "Geändert gegenüber Fassung 1 Brakels Sporthalle nachgemeldet." in pages[0]
    # Said on the cover, not again as remarks at the end.
    assert not any("Bemerkungen der Koordination" in page for page in pages)


def test_the_funding_notice_is_the_one_in_force_when_the_report_was_issued(personas, funded):
    needs_pango()
    report = ReportFactory(network=funded)
    funded.funding_notice = "Ein späterer Hinweis."
    funded.save()
    cover = pages_of(report_pdf(report))[0]
    assert NOTICE in cover
    assert "Ein späterer Hinweis." not in cover


def test_the_table_of_contents_gives_the_page_each_section_begins_on(personas, funded):
    needs_pango()
    report = ReportFactory(network=funded, note="Eine Bemerkung.")
    content = report_pdf(report)
    pages = pages_of(content)
    assert pages[1].startswith("Inhalt ")
    entries = re.findall(r"([A-ZÄÖÜ][^.]+?) \.{3,} ?(\d+)", pages[1].removeprefix("Inhalt "))
    titles = [title for title, _page in entries]
    assert titles == [
        "Ergebnisse auf einen Blick",
        "Teilnehmende Kommunen",
        "Maßnahmen je Kommune nach Stand",
        "Nach Themenschwerpunkten",
        "Netzwerktreffen im Berichtszeitraum",
        "Bemerkungen der Koordination",
        "Anhang: Maßnahmen im Einzelnen",
    ]
    for title, page in entries:
        number = int(page)
        assert number > 2, title
        assert title in pages[number - 1], (title, number)
        assert not any(title in text for text in pages[2 : number - 1]), (title, number)
    # The same sections are the PDF's bookmarks, for a reader's navigation pane.
    with pikepdf.open(io.BytesIO(content)) as pdf, pdf.open_outline() as outline:
        marks = [item.title for top in outline.root for item in [top, *top.children]]
    assert set(titles) <= set(marks)
