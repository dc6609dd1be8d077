"""The final report's chapter on the finances (issue 32): plan against actual per
budget line with the deviations and the coordination's comments on those beyond the
grant's tolerance, the financing by source, the grant called off and received, and the
proof of use; as of the end of the report's period, frozen when the report is issued;
only for a network with a grant, only in the final report; the same table in the
report's workbook."""

import datetime
import io
from decimal import Decimal

import openpyxl
import pytest
from django.urls import reverse
from django.utils import timezone

from finances.models import Financing, PlannedAmount
from finances.proofs.figures import findings_of, read_scope
from finances.proofs.issuing import identified, issue_proof
from reports import rendering
from reports.figures.building import issued_final_proof, line_key, report_figures
from reports.figures.types import ReportFigures
from reports.models import RULE_COMMENT_MAX_CHARS, ReportDraft
from reports.sheets import report_xlsx
from tests.factories import (
    BudgetLineFactory,
    CallOffFactory,
    GrantFactory,
    ReceiptFactory,
    ReportFactory,
)
from tests.helpers import needs_pango, with_totp
from tests.reports.test_report_texts import pdf_pages

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("module_personas")]

D = datetime.date
TERM = (D(2022, 7, 1), D(2025, 6, 30))
WHY = "Zwei zusätzliche Workshops auf Wunsch der Kommunen; Einsparungen bei den Reisen."


def paid(grant, line, day, amount) -> None:
    """An expense without VAT, eligible in full."""
    ReceiptFactory(
        grant=grant, budget_line=line, payment_date=day, invoice_date=day,
        net=amount, vat=Decimal(0), gross=amount, eligible_amount=amount,
    )  # fmt: skip


@pytest.fixture
def grant(personas):
    """Moderation planned at 10,000 and 13,000 paid by the end of the term (30 % over,
    beyond the 20 % allowed) plus 500 paid after it; travel planned at 2,000 and 1,900
    paid (5 % under). The grant planned at 9,600, own share 2,400; 8,000 received
    during the term, 4,000 asked for at its end and received after it."""
    grant = GrantFactory(network=personas.network)
    moderation = BudgetLineFactory(grant=grant, name="Moderation", position=1)
    travel = BudgetLineFactory(grant=grant, name="Reisekosten", position=2)
    PlannedAmount.objects.create(line=moderation, year=2023, amount=Decimal(6000))
    PlannedAmount.objects.create(line=moderation, year=2024, amount=Decimal(4000))
    PlannedAmount.objects.create(line=travel, year=2024, amount=Decimal(2000))
    Financing.objects.create(grant=grant, source="grant", year=2023, amount=Decimal(9600))
    Financing.objects.create(grant=grant, source="own_share", year=2023, amount=Decimal(2400))
    paid(grant, moderation, D(2023, 3, 1), Decimal(7000))
    paid(grant, moderation, D(2025, 6, 30), Decimal(6000))
    paid(grant, moderation, D(2025, 7, 1), Decimal(500))  # after the period: not yet
    paid(grant, travel, D(2024, 5, 2), Decimal("1900.00"))
    CallOffFactory(grant=grant, asked_on=D(2023, 2, 1), amount_asked=Decimal(8000),
                   received_on=D(2023, 2, 10), amount_received=Decimal(8000))  # fmt: skip
    CallOffFactory(grant=grant, asked_on=D(2025, 6, 20), amount_asked=Decimal(4000),
                   received_on=D(2025, 7, 2), amount_received=Decimal(4000))  # fmt: skip
    CallOffFactory(grant=grant, asked_on=D(2025, 7, 20), amount_asked=Decimal(500))
    return grant


def lines_of(grant):
    return list(grant.budget_lines.order_by("position"))


def texts_url(network, kind="final") -> str:
    return reverse("report_texts", args=[network.slug, kind])


def signed_in(client, user):
    client.force_login(with_totp(user))
    return client


# The figures


def test_the_chapter_holds_plan_actual_and_financing_as_of_the_period_end(personas, grant):
    moderation, travel = lines_of(grant)
    figures = report_figures(personas.network, start=TERM[0], end=TERM[1], with_finances=True)
    finances = figures.finances
    assert finances.cut_off == TERM[1]
    assert [(row.key, row.name, row.planned, row.actual) for row in finances.lines] == [
        (f"line-{moderation.pk}", "Moderation", Decimal(10000), Decimal(13000)),
        (f"line-{travel.pk}", "Reisekosten", Decimal(2000), Decimal(1900)),
    ]
    assert [(r.deviation, r.deviation_percent) for r in finances.lines] == [
        (Decimal(3000), Decimal("30.0")),
        (Decimal(-100), Decimal("-5.0")),
    ]
    assert [line.name for line in finances.lines_beyond_tolerance] == ["Moderation"]
    assert [(s.source, s.planned, s.received) for s in finances.sources] == [
        ("grant", Decimal(9600), Decimal(8000)),
        ("own_share", Decimal(2400), Decimal(0)),
    ]
    # Asked by the end of the period: both of the term; received by then: the first.
    assert (finances.grant_called_off, finances.grant_received) == (Decimal(12000), Decimal(8000))
    assert finances.final_proof_due == D(2025, 12, 30)
    assert finances.final_proof_issued_on is None


def test_the_tolerance_counts_both_ways_and_a_line_without_plan_by_anything_spent(personas, grant):
    grant.tolerance_percent = Decimal(4)
    grant.save()
    extra = BudgetLineFactory(grant=grant, name="Sonstiges", position=3)
    paid(grant, extra, D(2024, 1, 5), Decimal("0.01"))
    figures = report_figures(personas.network, start=TERM[0], end=TERM[1], with_finances=True)
    beyond = figures.finances.lines_beyond_tolerance
    assert [line.name for line in beyond] == ["Moderation", "Reisekosten", "Sonstiges"]
    assert beyond[2].deviation_percent is None


def test_before_the_end_of_the_approval_period_only_spending_over_the_plan_counts(personas, grant):
    grant.tolerance_percent = Decimal(4)
    grant.period_end = D(2025, 12, 31)  # half a year to go at the report's end
    grant.save()
    figures = report_figures(personas.network, start=TERM[0], end=TERM[1], with_finances=True)
    # The travel line is 5 % under its plan: not beyond the tolerance yet.
    assert [line.name for line in figures.finances.lines_beyond_tolerance] == ["Moderation"]


def test_the_chapter_names_the_final_proof_issued_by_the_cut_off(personas, grant):
    def moment(day):
        return timezone.make_aware(datetime.datetime.combine(day, datetime.time(12)))

    assert issued_final_proof(grant, by=moment(D(2025, 12, 1))) is None
    # The fixture's payment after the period is an error that blocks the proof: settled.
    grant.receipts.filter(payment_date__gt=grant.period_end).update(
        eligible_amount=0, eligible_reason="Nach dem Bewilligungszeitraum bezahlt."
    )
    warnings = identified(
        findings_of(read_scope(grant, kind="final", year=None), today=D(2025, 9, 1))
    )
    issue_proof(grant=grant, kind="final", user=personas.finance, token=None, notify=False,
                now=moment(D(2025, 9, 1)), make_pdf=False,
                confirmations={w.id: "Mehr Treffen als geplant." for w in warnings})  # fmt: skip
    assert issued_final_proof(grant, by=moment(D(2025, 8, 31))) is None
    assert issued_final_proof(grant, by=moment(D(2025, 12, 1))).version == 1
    figures = report_figures(personas.network, start=TERM[0], end=TERM[1], with_finances=True)
    assert figures.finances.final_proof_issued_on is None  # issued after the report's end


def test_only_the_final_report_of_a_network_with_a_grant_has_the_chapter(personas, grant):
    final = ReportFactory(network=personas.network)
    interim = ReportFactory(
        network=personas.network, kind="interim", period_start=TERM[0], period_end=D(2023, 6, 30)
    )
    without = ReportFactory(network=personas.other_network)
    assert "finances" in final.figures
    assert "finances" not in interim.figures
    assert "finances" not in without.figures
    assert ReportFigures.from_json(without.figures).finances is None


def test_the_figures_read_back_as_they_were_written(personas, grant):
    figures = report_figures(personas.network, start=TERM[0], end=TERM[1], with_finances=True)
    again = ReportFigures.from_json(figures.to_json())
    assert again.finances == figures.finances
    assert again.to_json() == figures.to_json()


# Frozen at issuing


def test_an_issued_report_keeps_its_chapter_when_receipts_and_plan_change(personas, grant):
    needs_pango()
    moderation, _travel = lines_of(grant)
    report = ReportFactory(network=personas.network)
    frozen = dict(report.figures)
    before = " ".join(pdf_pages(rendering.render_report(report, ReportFigures.from_json(frozen))))
    paid(grant, moderation, D(2024, 2, 2), Decimal(99999))
    PlannedAmount.objects.filter(line=moderation).update(amount=Decimal(1))
    grant.receipts.filter(payment_date=D(2023, 3, 1)).delete()
    report.refresh_from_db()
    assert report.figures == frozen
    figures = ReportFigures.from_json(report.figures)
    assert figures.finances.lines[0].actual == Decimal(13000)
    after = " ".join(pdf_pages(rendering.render_report(report, figures)))
    assert after == before
    assert "13.000,00" in after and "99.999" not in after


# The PDF


def test_the_pdf_prints_the_chapter_with_the_comment_and_the_proof_of_use(personas, grant):
    needs_pango()
    moderation, travel = lines_of(grant)
    ReportDraft.objects.create(
        network=personas.network, kind="final",
        line_comments={line_key(moderation.pk): WHY, line_key(travel.pk): "Nicht nötig."},
    )  # fmt: skip
    report = ReportFactory(network=personas.network)
    # Only the comment on a line beyond the tolerance is frozen.
    assert report.line_comments == {line_key(moderation.pk): WHY}
    text = " ".join(pdf_pages(rendering.report_pdf(report)))
    assert "Finanzen" in text
    assert "Moderation * 10.000,00 13.000,00 3.000,00 30,0" in text
    assert "Reisekosten 2.000,00 1.900,00 -100,00 -5,0" in text
    assert "Summe 12.000,00 14.900,00 2.900,00 24,2" in text
    assert f"Anmerkung des Netzwerkträgers: {WHY}" in text
    assert "Nicht nötig." not in text
    assert "Zuwendung 9.600,00 8.000,00" in text
    assert "Zuwendung abgerufen 12.000,00 €" in text
    assert "Zuwendung eingegangen 8.000,00 €" in text
    assert (
        "Der zahlenmäßige Nachweis und die Belegliste werden als Teil des "
        "Verwendungsnachweises eingereicht, der bis zum 30.12.2025 fällig ist." in text
    )


def test_a_deviation_without_comment_says_so(personas, grant):
    needs_pango()
    text = " ".join(pdf_pages(rendering.report_pdf(ReportFactory(network=personas.network))))
    assert "Moderation weicht um mehr als 20 % vom Plan ab." in text
    assert "Keine Anmerkung des Netzwerkträgers." in text


def test_the_english_report_writes_its_numbers_the_english_way(personas, grant):
    needs_pango()
    report = ReportFactory(network=personas.network, language="en")
    text = " ".join(pdf_pages(rendering.report_pdf(report)))
    assert "10,000.00 13,000.00 3,000.00 30.0" in text
    assert "30 Dec 2025" in text  # the proof of use's day, as English dates read here


def test_a_report_without_a_grant_has_no_chapter(personas):
    needs_pango()
    text = " ".join(pdf_pages(rendering.report_pdf(ReportFactory(network=personas.network))))
    assert "Finanzen" not in text
    assert "Verwendungsnachweis" not in text


def test_the_preview_of_a_final_report_has_the_chapter_and_the_interim_one_not(personas, grant):
    needs_pango()

    def preview(kind, end):
        pdf = rendering.preview_pdf(network=personas.network, kind=kind, start=TERM[0], end=end,
                                    language="de", note="")  # fmt: skip
        return " ".join(pdf_pages(pdf))

    assert "Ausgaben je Ausgabenposition" in preview("final", TERM[1])
    assert "Ausgaben je Ausgabenposition" not in preview("interim", D(2023, 6, 30))


# The workbook


def test_the_workbook_has_a_finances_sheet_with_the_same_table(personas, grant):
    moderation, _travel = lines_of(grant)
    ReportDraft.objects.create(
        network=personas.network, kind="final", line_comments={line_key(moderation.pk): WHY}
    )
    report = ReportFactory(network=personas.network)
    book = openpyxl.load_workbook(
        io.BytesIO(report_xlsx(report, ReportFigures.from_json(report.figures)))
    )
    sheet = book["Finanzen"]
    rows = [[cell.value for cell in row] for row in sheet.iter_rows()]
    assert rows[0] == ["Ausgabenposition", "geplant (€)", "ausgegeben (€)", "Abweichung (€)",
                       "Abweichung (%)", "Anmerkung des Netzwerkträgers"]  # fmt: skip
    assert rows[1] == ["Moderation", 10000, 13000, 3000, 30.0, WHY]
    assert rows[2] == ["Reisekosten", 2000, 1900, -100, -5.0, None]
    assert rows[3] == ["Summe", 12000, 14900, 2900, 24.2, None]  # as the workbook stores it
    assert rows[5][:3] == ["Quelle", "geplant (€)", "eingegangen (€)"]
    assert rows[6][:3] == ["Zuwendung", 9600, 8000]
    assert rows[9][:2] == ["Zuwendung abgerufen", 12000]
    assert sheet["B2"].number_format == "#,##0.00 €"


def test_a_workbook_without_a_grant_has_no_finances_sheet(personas):
    report = ReportFactory(network=personas.network)
    book = openpyxl.load_workbook(
        io.BytesIO(report_xlsx(report, ReportFigures.from_json(report.figures)))
    )
    assert "Finanzen" not in book.sheetnames


# The texts page


def test_the_coordinator_comments_on_a_deviation_and_the_report_keeps_it(client, personas, grant):
    moderation, travel = lines_of(grant)
    page = signed_in(client, personas.coordinator).get(texts_url(personas.network))
    html = page.content.decode()
    assert f'name="finance_line-{moderation.pk}"' in html
    assert f'name="finance_line-{travel.pk}"' not in html  # within the tolerance
    assert "Anmerkungen zu den Abweichungen vom Finanzierungsplan" in html
    response = client.post(
        texts_url(personas.network),
        {"version": 0, f"finance_line-{moderation.pk}": f"  {WHY}  "},
    )
    assert response.status_code == 302
    draft = ReportDraft.objects.get(network=personas.network, kind="final")
    assert draft.line_comments == {f"line-{moderation.pk}": WHY}
    assert (
        f"Anmerkung des Netzwerkträgers: {WHY}"
        in client.get(texts_url(personas.network)).content.decode()
    )  # the chapter's preview
    report = ReportFactory(network=personas.network)
    client.post(texts_url(personas.network), {"version": 1, f"finance_line-{moderation.pk}": "X"})
    report.refresh_from_db()
    assert report.line_comments == {f"line-{moderation.pk}": WHY}


def test_a_comment_too_long_is_refused_with_a_german_message(client, personas, grant):
    moderation, _travel = lines_of(grant)
    response = signed_in(client, personas.coordinator).post(
        texts_url(personas.network),
        {"version": 0, f"finance_line-{moderation.pk}": "x" * (RULE_COMMENT_MAX_CHARS + 1)},
    )
    assert response.status_code == 422
    assert "höchstens 500 Zeichen" in response.content.decode()
    assert not ReportDraft.objects.filter(network=personas.network, line_comments__gt={}).exists()


def test_no_finance_box_without_a_grant_or_on_the_interim_texts(client, personas, grant):
    signed_in(client, personas.coordinator)
    interim = client.get(texts_url(personas.network, "interim")).content.decode()
    assert "finance_line-" not in interim
    assert "Ausgaben je Ausgabenposition" not in interim
    grant.receipts.all().delete()
    grant.delete()
    final = client.get(texts_url(personas.network)).content.decode()
    assert "finance_line-" not in final
    assert "Ausgaben je Ausgabenposition" not in final


def test_saving_the_texts_without_a_grant_keeps_the_drafts_comments(client, personas):
    ReportDraft.objects.create(
        network=personas.network, kind="final", line_comments={"line-1": WHY}
    )
    response = signed_in(client, personas.coordinator).post(
        texts_url(personas.network), {"version": 0, "summary": "Gut."}
    )
    assert response.status_code == 302
    assert ReportDraft.objects.get(network=personas.network).line_comments == {"line-1": WHY}


@pytest.mark.parametrize(
    ("persona", "status"),
    [
        ("other_coordinator", 404),
        ("other_finance", 404),
        ("finance", 404),
        ("outsider", 404),
        ("funder", 403),
        ("climate_manager_a", 403),
        ("service_provider", 403),
    ],
)
def test_only_the_coordination_comments_on_the_deviations(client, personas, grant, persona, status):
    moderation, _travel = lines_of(grant)
    signed_in(client, getattr(personas, persona))
    assert client.get(texts_url(personas.network)).status_code == status
    response = client.post(
        texts_url(personas.network), {"version": 0, f"finance_line-{moderation.pk}": WHY}
    )
    assert response.status_code == status
    assert not ReportDraft.objects.filter(network=personas.network).exists()
