"""How the savings were found in a report's figures (issue 34): the achieved savings by
evidence, checked measures marked in the annex and the mayor's report, figures issued
before them still read, and the compliance page's flag of large savings without
evidence."""

import datetime
import io
from decimal import Decimal

import pypdf
import pytest
from django.utils import timezone

from measures.models import Measure, MeasureSettings
from measures.services import add_document, check_measure
from reports.compliance import check_network
from reports.figures.building import report_figures
from reports.figures.types import EvidenceRow, ReportFigures, evidence_shares
from reports.mayors import mayors_report_pdf
from reports.models import Report
from reports.rendering import render_report
from tests.factories import FocusAreaFactory, png_upload
from tests.helpers import needs_pango
from tests.reports.test_reports import noon, story

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("module_personas")]

D = datetime.date
TERM = (D(2022, 7, 1), D(2025, 6, 30))


def completed(participation, title, kwh, co2, day, **evidence) -> Measure:
    measure = Measure(
        participation=participation,
        focus_area=FocusAreaFactory(),
        title=title,
        energy_savings_kwh=Decimal(kwh),
        co2_savings_t=Decimal(co2),
        **evidence,
    )
    participation.network.focus_areas.add(measure.focus_area)
    return story(measure, (day, {"status": Measure.Status.COMPLETED, "completed_on": day}))


@pytest.fixture
def measures(personas):
    """A: a measured LED (100 MWh/a, 30 t) checked a week after completion, a calculated
    heating (50 MWh/a, 10 t); B: a pump without evidence (20 MWh/a, 4 t) and a planned
    estimate, which achieved nothing yet."""
    a, b = personas.participation_a, personas.participation_b
    readings = {"consumption_before_kwh": Decimal(300_000), "consumption_after_kwh": Decimal(0)}
    led = completed(a, "LED Rathaus", 100_000, 30, D(2023, 5, 10), evidence="measured",
                    **readings)  # fmt: skip
    completed(a, "Heizung Schule", 50_000, 10, D(2023, 9, 1), evidence="calculated",
              evidence_source="Energieaudit 2022")  # fmt: skip
    completed(b, "Pumpwerk", 20_000, 4, D(2024, 2, 1))
    story(
        Measure(participation=b, focus_area=led.focus_area, title="PV Halle",
                energy_savings_kwh=Decimal(9_000), evidence="estimated"),
        (D(2023, 1, 1), {}),
    )  # fmt: skip
    document = add_document(measure=led, user=personas.coordinator, upload=png_upload())
    led.refresh_from_db()
    check_measure(measure=led, user=personas.coordinator, document=document,
                  base_version=led.version)  # fmt: skip
    when = noon(D(2023, 5, 17))
    Measure.objects.filter(pk=led.pk).update(checked_at=when)
    record = led.history.order_by("-history_id").first()
    type(record).objects.filter(pk=record.pk).update(history_date=when, checked_at=when)
    return personas


def by_evidence(figures: ReportFigures) -> list[tuple]:
    return [
        (row.evidence, row.measure_count, row.savings.energy_mwh, row.savings.co2_t)
        for row in figures.evidence
    ]


def test_the_achieved_savings_by_evidence_add_up_to_the_totals(measures):
    figures = report_figures(measures.network, start=TERM[0], end=TERM[1])
    assert by_evidence(figures) == [
        ("measured", 1, Decimal("100"), Decimal("30.000")),
        ("calculated", 1, Decimal("50"), Decimal("10.000")),
        ("estimated", 0, Decimal("0"), Decimal("0")),
        ("", 1, Decimal("20"), Decimal("4.000")),
    ]
    assert figures.totals.achieved.energy_mwh == Decimal("170")
    shares = [(row.evidence, energy, co2) for row, energy, co2 in figures.evidence_table]
    assert shares == [("measured", 59, 68), ("calculated", 29, 23), ("estimated", 0, 0),
                      ("", 12, 9)]  # fmt: skip


def test_a_report_of_a_period_before_the_check_does_not_mark_it(measures):
    before = report_figures(measures.network, start=TERM[0], end=D(2023, 5, 12))
    after = report_figures(measures.network, start=TERM[0], end=D(2023, 6, 30))
    assert [m.checked_on for m in before.measures if m.title == "LED Rathaus"] == [None]
    assert [m.checked_on for m in after.measures if m.title == "LED Rathaus"] == [D(2023, 5, 17)]
    assert after.checked_measures and not before.checked_measures
    assert not after.checks_changed


def test_savings_changed_after_the_check_are_marked_in_the_figures(measures):
    led = Measure.objects.get(title="LED Rathaus")
    led.energy_savings_kwh = Decimal(110_000)
    led.save()
    led.history.filter(history_date__gt=noon(D(2024, 1, 1))).update(
        history_date=noon(D(2024, 1, 1))
    )
    figures = report_figures(measures.network, start=TERM[0], end=TERM[1])
    row = next(m for m in figures.measures if m.title == "LED Rathaus")
    assert (row.checked_on, row.changed_after_check) == (D(2023, 5, 17), True)
    assert figures.checks_changed


def test_the_figures_keep_the_evidence_through_json(measures):
    figures = report_figures(measures.network, start=TERM[0], end=TERM[1])
    again = ReportFigures.from_json(figures.to_json())
    assert (again.evidence, again.measures) == (figures.evidence, figures.measures)
    assert [(m.title, m.evidence, m.checked_on) for m in again.measures] == [
        ("Heizung Schule", "calculated", None),
        ("LED Rathaus", "measured", D(2023, 5, 17)),
        ("PV Halle", "estimated", None),
        ("Pumpwerk", "", None),
    ]


def test_figures_issued_before_the_evidence_read_without_it(measures):
    data = report_figures(measures.network, start=TERM[0], end=TERM[1]).to_json()
    del data["evidence"]
    for row in data["measures"]:
        for key in ("evidence", "checked_on", "changed_after_check"):
            del row[key]
    figures = ReportFigures.from_json(data)
    assert figures.evidence is None and figures.evidence_table is None
    assert {(m.evidence, m.evidence_label, m.checked_on) for m in figures.measures} == {
        (None, "", None)
    }
    assert not figures.checked_measures


def test_shares_of_nothing_are_left_out():
    zero = EvidenceRow(evidence="", measure_count=0, savings=_savings(0, 0))
    assert evidence_shares([zero]) == [(zero, None, None)]


def _savings(energy, co2):
    from reports.figures.sums import Savings

    return Savings(energy_mwh=Decimal(energy), co2_t=Decimal(co2))


def pdf_text(content: bytes) -> str:
    reader = pypdf.PdfReader(io.BytesIO(content))
    return " ".join(" ".join(page.extract_text().split()) for page in reader.pages).replace(
        "\xa0", " "
    )


def test_the_report_shows_the_evidence_table_and_marks_the_checked_measure(measures):
    needs_pango()
    figures = ReportFigures.from_json(
        report_figures(measures.network, start=TERM[0], end=TERM[1]).to_json()
    )
    report = Report(network=measures.network, kind=Report.Kind.FINAL, period_start=TERM[0],
                    period_end=TERM[1], version=1, language="de", figures=figures.to_json(),
                    issued_at=timezone.now(), issued_by_name="Kora")  # fmt: skip
    text = pdf_text(render_report(report, figures))
    for fact in [
        "Nachweis der Einsparungen",
        "gemessen 1 100,0 59 % 30,0 68 %",
        "nicht angegeben 1 20,0 12 % 4,0 9 %",
        "LED Rathaus ✓ geprüft",
        "Nachweis: gemessen",
        "✓ geprüft: von der Koordination anhand eines Dokuments der Maßnahme geprüft",
    ]:
        assert fact in text, fact
    assert "nach der Prüfung geändert" not in text  # nothing changed after the check


def test_the_mayors_report_shows_its_own_evidence_and_checks(measures):
    needs_pango()
    text = pdf_text(
        mayors_report_pdf(participation=measures.participation_a, user=measures.coordinator,
                          start=TERM[0], end=TERM[1])
    )  # fmt: skip
    # One sentence, not the funder's table: the report keeps to one page.
    assert "Erreichte Endenergie-Einsparung: 67 % gemessen, 33 % berechnet." in text
    assert "LED Rathaus ✓ geprüft" in text
    assert "✓ geprüft: von der Koordination anhand eines Dokuments der Maßnahme geprüft." in text
    assert "Pumpwerk" not in text  # municipality B's


# The compliance page's flag.


def test_large_completed_savings_without_evidence_are_flagged(measures):
    rule = check_network(measures.network, today=D(2025, 1, 1))[-1]
    assert (rule.state, rule.finding, rule.gaps) == ("green", "Alle mit Angabe.", ())
    MeasureSettings.objects.create(network=measures.network, evidence_threshold_mwh=20)
    rule = check_network(measures.network, today=D(2025, 1, 1))[-1]
    assert (rule.state, rule.finding, rule.gaps) == (
        "amber",
        "1 Maßnahme ohne Angabe.",
        ("Borchen: Pumpwerk",),
    )
    assert rule.rule.startswith("Abgeschlossene Maßnahmen ab 20 MWh/a Einsparung")
