"""The report as a document (templates/reports/print/report.html), read back from the PDF:
the cover with the facts a funder files it by, and a table of contents whose page
numbers are the pages the sections begin on."""

import datetime
import io
import re

import pikepdf
import pypdf
import pytest

from measures.models import Measure
from networks.models import Organisation
from reports.rendering import report_pdf
from tests.factories import (
    FocusAreaFactory,
    MeasureFactory,
    OrganisationFactory,
    ReportFactory,
)
from tests.helpers import needs_pango
from tests.reports.page_flow import lonely_rows

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("module_personas")]

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
    pages = pages_of(report_pdf(report))  # rendered once, read twice
    cover = pages[0]
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
    assert "Seite 2 von" in pages[1]


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
    # A final report has each written section; the factory's leaves them empty on
    # purpose, with a reason printed in their place (reports.issuing).
    assert titles == [
        "Zusammenfassung",
        "Ausgangslage und Ziele",
        "Arbeit im Netzwerk",
        "Ergebnisse",
        "Ergebnisse auf einen Blick",
        "Teilnehmende Kommunen",
        "Maßnahmen je Kommune nach Stand",
        "Ergebnisse je Kommune",
        "Nach Themenschwerpunkten",
        "Nach Kategorien der Kommunalrichtlinie",
        "Netzwerktreffen im Berichtszeitraum",
        "Erfahrungen und Erkenntnisse",
        "Ausblick",
        "Bemerkungen der Koordination",
        "Anhang: Maßnahmen im Einzelnen",
        "Anhang: Automatische Prüfung der Programmregeln",
    ]
    # Each number is the page the section's heading is on: the PDF's bookmarks point
    # at the headings, so they say where each one landed.
    with pikepdf.open(io.BytesIO(content)) as pdf:
        numbers = {page.objgen: number for number, page in enumerate(pdf.pages, start=1)}
        with pdf.open_outline() as outline:
            landed = {
                item.title: numbers[item.destination[0].objgen]
                for top in outline.root
                for item in [top, *top.children]
            }
    assert {title: int(page) for title, page in entries} == {t: landed[t] for t in titles}
    for title, page in entries:
        assert title in pages[int(page) - 1], title
    assert all(int(page) >= 2 for _title, page in entries)
    # The text begins under the contents: they do not stand alone on a nearly empty page.
    assert entries[0] == ("Zusammenfassung", "2")


def test_the_charts_are_vector_figures_with_a_text_alternative(personas, funded):
    needs_pango()
    MeasureFactory(
        participation=personas.participation_a, title="LED im Rathaus",
        status=Measure.Status.COMPLETED, completed_on=datetime.date(2024, 5, 2),
        energy_savings_kwh=12000, co2_savings_t=3,
        co2_manual=True, co2_manual_reason="Audit",
    )  # fmt: skip
    # Logged in the term, so the final report counts it.
    Measure.history.update(history_date=datetime.datetime(2024, 5, 2, 12, tzinfo=datetime.UTC))
    content = report_pdf(ReportFactory(network=funded))
    with pikepdf.open(io.BytesIO(content)) as pdf:
        alternatives = []
        stack = [pdf.Root.StructTreeRoot.K]
        while stack:
            node = stack.pop()
            if isinstance(node, pikepdf.Array):
                stack.extend(node)
            elif isinstance(node, pikepdf.Dictionary) and "/S" in node:
                if node.S == "/Figure" and "/Alt" in node:
                    alternatives.append(str(node.Alt))
                if "/K" in node:
                    stack.append(node.K)
        # Drawn as vectors: no raster image anywhere in the file.
        assert not [obj for obj in pdf.objects if isinstance(obj, pikepdf.Stream)
                    and obj.get("/Subtype") == "/Image"]  # fmt: skip
    assert any(
        alt.startswith("Balkendiagramm der Endenergie-Einsparung je Kommune")
        and "Im Netzwerk erreicht: 12,0 von" in alt
        for alt in alternatives
    ), alternatives
    assert any(
        alt.startswith("Balkendiagramm der Maßnahmen je Themenschwerpunkt") for alt in alternatives
    )
    assert any(
        alt.startswith("Säulendiagramm der Endenergie-Einsparung") and alt.endswith("2024: 12,0.")
        for alt in alternatives
    ), alternatives


def test_a_section_per_municipality_and_per_focus_area(personas, funded):
    needs_pango()
    participation = personas.participation_a
    participation.target_energy_mwh = 48
    participation.target_co2_t = 6
    participation.save()
    area = FocusAreaFactory(name="Beleuchtung")
    for title, status in [("LED im Rathaus", Measure.Status.COMPLETED),
                          ("LED in der Schule", Measure.Status.PLANNED)]:  # fmt: skip
        MeasureFactory(
            participation=participation, title=title, focus_area=area, status=status,
            completed_on=datetime.date(2024, 5, 2) if status == "completed" else None,
            energy_savings_kwh=12000, co2_savings_t=3,
            co2_manual=True, co2_manual_reason="Audit", investment_eur=20000,
        )  # fmt: skip
    Measure.history.update(history_date=datetime.datetime(2024, 5, 2, 12, tzinfo=datetime.UTC))
    text = " ".join(pages_of(report_pdf(ReportFactory(network=funded)))[2:]).replace("\xa0", " ")
    municipality = text[text.index("Ergebnisse je Kommune Altenbeken") :]
    for fact in [
        f"Altenbeken {personas.municipality_a.ags} Teilnahme seit 01.07.2022",
        "Endenergie-Einsparung erreicht / Ziel 12,0 / 48,0 MWh/a (25 %)",
        "THG-Einsparung erreicht / Ziel 3,0 / 6,0 t CO₂/a (50 %)",
        "Maßnahmen 2: 1 geplant, 1 abgeschlossen",
        "Investitionen / Fördermittel 20.000 € /",  # begun and completed measures only
        "Netzwerktreffen besucht 0 von 0",
    ]:
        assert fact in municipality, fact
    focus = text[text.index("Beleuchtung 2 Maßnahmen") :]
    assert focus.startswith(
        "Beleuchtung 2 Maßnahmen (1 geplant, 1 abgeschlossen) · erreicht 12,0 MWh/a, "
        "3,0 t CO₂/a · Investitionen 20.000 € Abgeschlossen: LED im Rathaus (Altenbeken)"
    ), focus[:300]


def _lines(box, tags=()):
    """(tags of the enclosing elements, line box) for every line in the box, in order."""
    from weasyprint.formatting_structure import boxes

    if isinstance(box, boxes.MarginBox):
        return
    tags = (*tags, getattr(box, "element_tag", None))
    if isinstance(box, boxes.LineBox):
        yield tags, box
        return
    for child in getattr(box, "children", []):
        yield from _lines(child, tags)


@pytest.mark.parametrize("language", ["de", "en"])
def test_print_rules_hold_for_a_large_network(personas, funded, language):
    """No table wider than the text block, no text running out of its table cell into
    the next, no heading alone at the foot of a page, no empty page, no page with a
    single row of a table, for a network whose annex runs over several pages."""
    needs_pango()
    from weasyprint.formatting_structure import boxes

    from reports.figures.types import ReportFigures
    from reports.rendering import lay_out_report

    area = FocusAreaFactory(name="Energieeffiziente Abwasseraufbereitung")
    for number in range(45):
        MeasureFactory(
            participation=[personas.participation_a, personas.participation_b][number % 2],
            title=f"Umrüstung der Straßenbeleuchtung im Ortsteil {number} auf LED-Technik",
            focus_area=area, status=list(Measure.Status.values)[number % 5],
            started_on=datetime.date(2023, 1, 1) if number % 5 in (1, 2) else None,
            completed_on=datetime.date(2024, 4, 1) if number % 5 == 2 else None,
            energy_savings_kwh=10_000 + number, co2_savings_t=3,
            co2_manual=True, co2_manual_reason="Audit", investment_eur=123_456,
        )  # fmt: skip
    Measure.history.update(history_date=datetime.datetime(2024, 5, 2, 12, tzinfo=datetime.UTC))
    report = ReportFactory(network=funded, note="Bemerkung.")
    report.language = language  # the headings differ ("Investment" is the widest)
    document = lay_out_report(report, ReportFigures.from_json(report.figures))
    assert len(document.pages) > 6
    for number, page in enumerate(document.pages, start=1):
        box = page._page_box
        right = box.content_box_x() + box.width
        for table in (b for b in box.descendants() if isinstance(b, boxes.TableBox)):
            assert table.border_box_x() + table.border_width() <= right + 0.5, number
        for cell in (b for b in box.descendants() if isinstance(b, boxes.TableCellBox)):
            cell_right = cell.content_box_x() + cell.width
            for text in (b for b in cell.descendants() if isinstance(b, boxes.TextBox)):
                assert text.position_x + text.width <= cell_right + 0.5, (number, text.text)
        lines = list(_lines(box))
        assert lines, f"page {number} is empty"
        last_tags, _line = lines[-1]
        assert not {"h1", "h2", "h3"} & set(last_tags), f"page {number} ends with a heading"
    assert lonely_rows(document) == []


def test_meetings_are_summed_up_by_kind_with_average_attendance(personas, funded):
    needs_pango()
    from events.models import Attendance, Meeting
    from tests.factories import MeetingFactory

    network_meeting, site_visit = Meeting.Kind.NETWORK_MEETING, Meeting.Kind.SITE_VISIT
    for day, kind, present in [(1, network_meeting, 2), (2, network_meeting, 1),
                               (3, site_visit, 1)]:  # fmt: skip
        meeting = MeetingFactory(
            network=funded, kind=kind, status=Meeting.Status.HELD, title=f"Treffen {day}",
            starts_at=datetime.datetime(2023, 3, day, 9, tzinfo=datetime.UTC),
        )  # fmt: skip
        for participation in [personas.participation_a, personas.participation_b][:present]:
            Attendance.objects.create(meeting=meeting, name="Vertretung",
                                      municipality=participation.municipality)  # fmt: skip
    text = " ".join(pages_of(report_pdf(ReportFactory(network=funded)))[2:])
    assert "Nach Art der Treffen" in text
    assert "Netzwerktreffen 2 1,5 1,5" in text
    assert "Exkursion 1 1,0 1,0" in text


def test_a_measures_state_and_day_of_completion_share_a_column(personas, funded):
    """In the annex and in the mayor's report: "abgeschlossen" with the day below it;
    a day recorded for a measure not (or no longer) completed says what it is."""
    needs_pango()
    from reports.mayors import mayors_report_pdf

    area = FocusAreaFactory(name="Gebäude")
    for title, status, day in [
        ("LED im Rathaus", Measure.Status.COMPLETED, datetime.date(2024, 5, 2)),
        ("Heizung der Schule", Measure.Status.IN_PROGRESS, datetime.date(2024, 6, 3)),
        ("PV auf dem Bauhof", Measure.Status.PLANNED, None),
    ]:
        MeasureFactory(participation=personas.participation_a, title=title, status=status,
                       focus_area=area,
                       started_on=datetime.date(2023, 1, 2) if day else None, completed_on=day,
                       energy_savings_kwh=1000, co2_savings_t=1, co2_manual=True,
                       co2_manual_reason="Audit")  # fmt: skip
    Measure.history.update(history_date=datetime.datetime(2024, 6, 4, 12, tzinfo=datetime.UTC))
    annex = " ".join(pages_of(report_pdf(ReportFactory(network=funded))))
    annex = annex[annex.rindex("Anhang: Maßnahmen im Einzelnen") :]
    mayors = " ".join(pages_of(mayors_report_pdf(
        participation=personas.participation_a, user=personas.coordinator,
        start=funded.term_start, end=funded.term_end,
    )))  # fmt: skip
    for text in (annex, mayors):
        assert "Maßnahme Stand MWh/a" in text  # no column of its own for the day
        assert "LED im Rathaus" in text and "abgeschlossen 02.05.2024" in text
        assert "in Umsetzung Abschluss 03.06.2024" in text
        assert "PV auf dem Bauhof Gebäude geplant 1,0" in text  # no day, no dash
