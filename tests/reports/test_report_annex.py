"""What a funder reads in a report and will question (issue 31): the annex is the
portal's automatic check of the programme's rules, with the coordination's comment on
each rule; greenhouse-gas figures typed by hand are marked with their reason; a report
draws only on what was known at the end of its period; a funding code shared by the
coordinator's networks is explained on the cover."""

import datetime
import io
from decimal import Decimal

import openpyxl
import pytest
from django.urls import reverse

from events.models import Meeting
from measures.models import Measure
from networks.models import Network
from reports import issuing, rendering
from reports.figures.building import report_figures
from reports.figures.types import ReportFigures
from reports.models import RULE_COMMENT_MAX_CHARS, ReportDraft
from reports.sheets import report_xlsx
from tests.factories import FocusAreaFactory, MeetingFactory, NetworkFactory, ReportFactory
from tests.helpers import needs_pango
from tests.reports.test_report_texts import pdf_pages
from tests.reports.test_reports import founded_on, noon, story

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("module_personas")]

D = datetime.date
SECOND_YEAR = (D(2023, 7, 1), D(2024, 6, 30))
PAPER = "Schriftliche Zusagen liegen in Papierform vor; Nachreichung mit dem Verwendungsnachweis."


def texts_url(network, kind="final") -> str:
    return reverse("report_texts", args=[network.slug, kind])


def comment_on(client, network, kind="final", version=0, **comments):
    """Post the texts page with comments on rules (rule key → text)."""
    fields = {f"rule_{key}": text for key, text in comments.items()}
    return client.post(texts_url(network, kind), {"version": version, **fields})


def text_of(report) -> str:
    return " ".join(pdf_pages(rendering.report_pdf(report)))


# Comments on the rules of the annex


def test_the_coordinator_comments_on_a_rule_and_the_issued_report_keeps_it(client, personas):
    needs_pango()
    client.force_login(personas.coordinator)
    page = client.get(texts_url(personas.network)).content.decode()
    assert 'name="rule_participants"' in page
    assert "Anhang: Automatische Prüfung der Programmregeln" in page  # its preview
    response = comment_on(client, personas.network, participants=f"  {PAPER}  ", targets=" ")
    assert response.status_code == 302
    draft = ReportDraft.objects.get(network=personas.network, kind="final")
    assert draft.rule_comments == {"participants": PAPER}  # trimmed; empty ones dropped
    page = client.get(texts_url(personas.network)).content.decode()
    assert f"<strong>Anmerkung des Netzwerkträgers:</strong> {PAPER}" in page
    report = ReportFactory(network=personas.network)
    assert report.rule_comments == {"participants": PAPER}
    # The draft changes later; the issued report keeps what it was issued with.
    comment_on(client, personas.network, version=1, participants="Anders.")
    report.refresh_from_db()
    assert report.rule_comments == {"participants": PAPER}
    text = text_of(report)
    assert "Anhang: Automatische Prüfung der Programmregeln" in text
    assert f"Anmerkung des Netzwerkträgers: {PAPER}" in text
    assert "Anders." not in text


def test_a_comment_is_plain_text_escaped_on_the_page_and_in_the_pdf(client, personas):
    needs_pango()
    client.force_login(personas.coordinator)
    comment_on(client, personas.network, participants="<b>fett</b> & **kein Markdown**")
    page = client.get(texts_url(personas.network)).content.decode()
    assert "&lt;b&gt;fett&lt;/b&gt; &amp; **kein Markdown**" in page
    assert "<b>fett</b>" not in page
    text = text_of(ReportFactory(network=personas.network))
    assert "Anmerkung des Netzwerkträgers: <b>fett</b> & **kein Markdown**" in text


def test_a_comment_longer_than_the_bound_is_refused(client, personas):
    client.force_login(personas.coordinator)
    response = comment_on(client, personas.network, participants="x" * (RULE_COMMENT_MAX_CHARS + 1))
    assert response.status_code == 422
    assert not ReportDraft.objects.filter(network=personas.network).exists()
    # The service refuses it too, whatever the form.
    with pytest.raises(Exception, match="höchstens 500 Zeichen"):
        issuing.save_report_draft(
            network=personas.network, user=personas.coordinator, kind="final", texts={},
            version=0, rule_comments={"participants": "x" * (RULE_COMMENT_MAX_CHARS + 1)},
        )  # fmt: skip


def test_a_comment_on_a_rule_the_report_does_not_hold_is_not_kept(personas):
    issuing.save_report_draft(
        network=personas.network, user=personas.coordinator, kind="final", texts={},
        version=0, rule_comments={"participants": PAPER, "no-such-rule": "Weg damit."},
    )  # fmt: skip
    assert ReportFactory(network=personas.network).rule_comments == {"participants": PAPER}


def test_the_preview_prints_the_annex_with_the_drafts_comments(personas):
    needs_pango()
    issuing.save_report_draft(
        network=personas.network, user=personas.coordinator, kind="final", texts={},
        version=0, rule_comments={"rhythm": "Zwei Treffen fielen wegen Corona aus."},
    )  # fmt: skip
    content = rendering.preview_pdf(
        network=personas.network, kind="final", start=personas.network.term_start,
        end=personas.network.term_end, language="de", note="",
    )  # fmt: skip
    text = " ".join(pdf_pages(content))
    assert "Anhang: Automatische Prüfung der Programmregeln" in text
    assert "„verfehlt“: nach den Angaben im Portal zum Stichtag nicht eingehalten." in text
    assert "Anmerkung des Netzwerkträgers: Zwei Treffen fielen wegen Corona aus." in text


@pytest.mark.parametrize(
    ("who", "status"),
    [("other_coordinator", 404), ("foreign_climate_manager", 404), ("outsider", 404),
     ("funder", 403), ("service_provider", 403), ("climate_manager_a", 403)],
)  # fmt: skip
def test_only_the_networks_coordination_comments_on_its_rules(client, personas, who, status):
    client.force_login(getattr(personas, who))
    assert comment_on(client, personas.network, participants=PAPER).status_code == status
    assert client.get(texts_url(personas.network)).status_code == status
    assert not ReportDraft.objects.filter(network=personas.network).exists()


# Greenhouse-gas figures typed by hand

DIESEL = "Eingesparter Diesel, etwa 7.000 Liter im Jahr; kein Emissionsfaktor für Kraftstoffe."


@pytest.fixture
def fleet(personas) -> Measure:
    """A completed mobility measure saving diesel, its greenhouse gas typed by hand."""
    measure = Measure(
        participation=personas.participation_a, focus_area=FocusAreaFactory(name="Mobilität"),
        title="Elektrofahrzeuge für den Bauhof", status=Measure.Status.PLANNED,
        co2_manual=True, co2_manual_reason=DIESEL, co2_savings_t=Decimal("18.5"),
    )  # fmt: skip
    personas.network.focus_areas.add(measure.focus_area)
    return story(
        measure, (D(2022, 9, 1), {}),
        (D(2023, 4, 1), {"status": Measure.Status.COMPLETED, "completed_on": D(2023, 4, 1)}),
    )  # fmt: skip


def test_a_figure_typed_by_hand_is_marked_with_its_reason_in_the_pdf_and_workbook(personas, fleet):
    needs_pango()
    report = ReportFactory(network=personas.network)
    row = ReportFigures.from_json(report.figures).measures[0]
    assert (row.title, row.co2_t, row.co2_manual, row.co2_manual_reason) == (
        "Elektrofahrzeuge für den Bauhof", Decimal("18.500"), True, DIESEL,
    )  # fmt: skip
    text = text_of(report)
    assert "18,5¹" in text
    assert (
        "¹ Elektrofahrzeuge für den Bauhof: Treibhausgas-Einsparung von Hand eingetragen, "
        f"nicht aus Endenergie und Emissionsfaktor berechnet (etwa weil für den Energieträger "
        f"kein Emissionsfaktor hinterlegt ist). Begründung: {DIESEL}" in text
    )
    assert "Die THG-Zahlen enthalten einen von Hand eingetragenen Wert" in text
    workbook = openpyxl.load_workbook(io.BytesIO(report_xlsx(report, rendering_figures(report))))
    sheet = workbook["Maßnahmen"]
    assert sheet.cell(1, 11).value == "THG von Hand eingetragen, Begründung"
    assert sheet.cell(2, 11).value == DIESEL


def rendering_figures(report) -> ReportFigures:
    return ReportFigures.from_json(report.figures)


def test_a_computed_figure_is_not_marked(personas, fleet):
    needs_pango()
    Measure.objects.filter(pk=fleet.pk).update(co2_manual=False, co2_manual_reason="")
    fleet.history.all().update(co2_manual=False, co2_manual_reason="")
    text = text_of(ReportFactory(network=personas.network))
    assert "¹" not in text and "von Hand" not in text


# What was known at the end of the period


def test_an_interim_report_names_no_successor_founded_after_its_period(personas):
    needs_pango()
    network = personas.network
    later = founded_on(
        NetworkFactory(name="Netzwerk Nachfolge", predecessor=network,
                       term_start=D(2025, 7, 1), term_end=D(2028, 6, 30)),
        D(2024, 9, 1),
    )  # fmt: skip
    interim = ReportFactory(network=network, kind="interim", period_start=SECOND_YEAR[0],
                            period_end=SECOND_YEAR[1])  # fmt: skip
    assert ReportFigures.from_json(interim.figures).network.successors == ()
    assert "Nachfolge" not in text_of(interim)
    # The final report: founded before the term's end, so known.
    final = ReportFactory(network=network)
    assert ReportFigures.from_json(final.figures).network.successors == (later.name,)
    assert f"Die Arbeit wird im Nachfolgenetzwerk {later.name} fortgesetzt." in text_of(final)


def test_an_interim_report_holds_no_measure_or_meeting_of_after_its_period(personas):
    area = FocusAreaFactory()
    personas.network.focus_areas.add(area)
    story(Measure(participation=personas.participation_a, focus_area=area, title="Später"),
          (D(2024, 8, 1), {}))  # fmt: skip
    figures = report_figures(personas.network, start=SECOND_YEAR[0], end=SECOND_YEAR[1])
    assert [m.title for m in figures.measures] == []
    assert figures.as_of.date() == SECOND_YEAR[1]


def test_the_annex_of_an_interim_report_knows_no_report_issued_after_its_period(personas):
    network = personas.network
    late = datetime.datetime(2024, 8, 1, 12, tzinfo=datetime.UTC)
    first = ReportFactory(network=network, kind="interim", period_start=D(2022, 7, 1),
                          period_end=D(2023, 6, 30), issued_at=late)  # fmt: skip
    figures = report_figures(network, start=SECOND_YEAR[0], end=SECOND_YEAR[1])
    rule = next(r for r in figures.compliance if r.key == "report-interim-2022-07-01")
    assert (rule.state, rule.finding) == ("red", "Noch nicht ausgestellt.")
    # Issued within the period: known.
    type(first).objects.filter(pk=first.pk).update(
        issued_at=datetime.datetime(2023, 10, 1, 12, tzinfo=datetime.UTC)
    )
    figures = report_figures(network, start=SECOND_YEAR[0], end=SECOND_YEAR[1])
    rule = next(r for r in figures.compliance if r.key == "report-interim-2022-07-01")
    assert (rule.state, rule.finding) == ("green", "Ausgestellt am 01.10.2023.")


def test_the_annex_of_an_interim_report_counts_no_meeting_of_after_its_period_as_held(
    personas,
):
    final_event = MeetingFactory(
        network=personas.network, kind=Meeting.Kind.FINAL_EVENT, title="Abschluss",
        starts_at=noon(D(2025, 6, 17)), status=Meeting.Status.HELD,
    )  # fmt: skip
    figures = report_figures(personas.network, start=SECOND_YEAR[0], end=SECOND_YEAR[1])
    rule = next(r for r in figures.compliance if r.key == "final_event")
    assert (rule.state, rule.finding) == ("amber", "Geplant: Abschluss am 17.06.2025.")
    final = report_figures(personas.network, start=D(2022, 7, 1), end=D(2025, 6, 30))
    rule = next(r for r in final.compliance if r.key == "final_event")
    assert (rule.state, rule.finding) == ("green", f"{final_event.title} am 17.06.2025.")


# A funding code shared by networks


def test_the_cover_names_the_coordinators_networks_sharing_the_funding_code(personas):
    needs_pango()
    network = personas.network
    founded_on(network, D(2022, 1, 1))
    sister = founded_on(
        NetworkFactory(name="Netzwerk Schwester", coordinator=personas.coordinator_org,
                       funding_code=network.funding_code),
        D(2022, 1, 1),
    )  # fmt: skip
    # Another organisation's network with the same code (the personas' other network
    # has it too, known as long): never named in this coordinator's report.
    founded_on(personas.other_network, D(2022, 1, 1))
    assert personas.other_network.funding_code == network.funding_code
    figures = report_figures(network, start=network.term_start, end=network.term_end)
    assert figures.network.code_shared_with == (sister.name,)
    text = text_of(ReportFactory(network=network))
    assert (
        "Das Förderkennzeichen 67K18876 gilt gemeinsam für die Netzwerke Netzwerk Schwester "
        "und Netzwerk Test." in text
    )
    assert personas.other_network.name not in text


def test_a_network_of_its_own_code_has_no_sentence_on_the_cover(personas):
    needs_pango()
    NetworkFactory(name="Netzwerk Eigen", coordinator=personas.coordinator_org,
                   funding_code="67K99999")  # fmt: skip
    Network.objects.filter(pk=personas.network.pk).update(funding_code="67K11111")
    report = ReportFactory(network=Network.objects.get(pk=personas.network.pk))
    assert ReportFigures.from_json(report.figures).network.code_shared_with == ()
    assert "gilt gemeinsam" not in text_of(report)


def test_a_network_given_the_code_after_the_period_is_not_named(personas):
    network = personas.network
    sister = NetworkFactory(name="Netzwerk Später", coordinator=personas.coordinator_org,
                            funding_code="67K99999")  # fmt: skip
    founded_on(sister, D(2022, 1, 1))
    sister.funding_code = network.funding_code
    sister.save()  # today: after the period
    figures = report_figures(network, start=SECOND_YEAR[0], end=SECOND_YEAR[1])
    assert figures.network.code_shared_with == ()
