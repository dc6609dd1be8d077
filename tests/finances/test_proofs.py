"""Proofs (finances/proofs/): errors block issuing, every warning needs a comment that
lands in the PDF, the files are frozen with their checksums, versions count up, the
funders are mailed, a double click issues once, and the PDF is tagged."""

import datetime
import hashlib
import io
import uuid
from decimal import Decimal

import openpyxl
import pikepdf
import pypdf
import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.urls import reverse

from finances.models import Proof
from finances.proofs import issuing
from finances.proofs.figures import ProofFigures, findings_of, read_scope
from tests.factories import BudgetLineFactory, CallOffFactory, GrantFactory, ReceiptFactory
from tests.helpers import concurrently, needs_pango, needs_postgresql, run_tasks, with_totp

pytestmark = pytest.mark.django_db

# The personas' network runs 01.07.2022 – 30.06.2025: interim proofs for 2022 to 2024.
ERROR_DAY = datetime.date(2025, 8, 1)


@pytest.fixture
def grant(personas):
    grant = GrantFactory(network=personas.network)
    line = BudgetLineFactory(grant=grant, name="Moderation")
    line.planned_amounts.create(year=2022, amount=Decimal(1000))
    line.planned_amounts.create(year=2023, amount=Decimal(2000))
    return grant


def expense(grant, paid: datetime.date, **fields):
    return ReceiptFactory(grant=grant, budget_line=grant.budget_lines.get(), payment_date=paid,
                          invoice_date=paid, **fields)  # fmt: skip


def pdf_text(proof: Proof) -> str:
    with proof.pdf.open("rb") as file:
        reader = pypdf.PdfReader(io.BytesIO(file.read()))
    return " ".join(" ".join(page.extract_text().split()) for page in reader.pages)


def warnings_of(grant, kind="interim", year=2022):
    scope = read_scope(grant, kind=kind, year=year)
    return issuing.identified(findings_of(scope, today=datetime.date.today()))


def issue(grant, user, kind="interim", year=2022, comment="Geklärt", **kwargs):
    confirmations = {w.id: comment for w in warnings_of(grant, kind, year)}
    return issuing.issue_proof(grant=grant, kind=kind, year=year, user=user,
                               confirmations=confirmations, token=kwargs.pop("token", None),
                               **kwargs)  # fmt: skip


def test_an_error_blocks_issuing_and_says_what_to_correct(personas, grant):
    expense(grant, ERROR_DAY)  # paid after the approval period
    with pytest.raises(ValidationError) as refusal:
        issue(grant, personas.finance, kind="final", year=None)
    message = refusal.value.messages[0]
    assert message.startswith("Der Nachweis kann nicht ausgestellt werden, solange Fehler")
    assert "Zahlung am 01.08.2025 liegt außerhalb des Bewilligungszeitraums" in message
    assert not Proof.objects.exists()


def test_a_warning_without_a_comment_is_refused_naming_it(personas, grant):
    expense(grant, datetime.date(2022, 9, 1), number=3)  # without invoice and payment proof
    with pytest.raises(ValidationError) as refusal:
        issue(grant, personas.finance, comment="  ")
    assert refusal.value.messages == [
        "Bitte jeden Hinweis mit einem Kommentar bestätigen; es fehlt einer zu: "
        "Beleg 3: Moderation GmbH."
    ]
    assert not Proof.objects.exists()


def test_the_comments_land_in_the_proof_and_its_pdf(personas, grant):
    needs_pango()
    expense(grant, datetime.date(2022, 9, 1), number=7)
    proof = issue(grant, personas.finance, comment="Rechnung liegt im Original in der Akte")
    assert proof.confirmations == [{
        "key": "receipt_without_documents", "where": "Beleg 7: Moderation GmbH",
        "text": "Es fehlt die Rechnung und der Zahlungsnachweis.",
        "comment": "Rechnung liegt im Original in der Akte",
    }]  # fmt: skip
    text = pdf_text(proof)
    assert "Rechnung liegt im Original in der Akte" in text
    assert "Zwischennachweis 2022" in text


def test_the_checksums_match_the_files(personas, grant):
    needs_pango()
    expense(grant, datetime.date(2022, 9, 1))
    proof = issue(grant, personas.finance)
    for which in Proof.FILES:
        with getattr(proof, which).open("rb") as file:
            assert hashlib.sha256(file.read()).hexdigest() == getattr(proof, f"{which}_sha256")


def test_the_figures_are_frozen_up_to_the_end_of_the_budget_year(personas, grant):
    needs_pango()
    expense(grant, datetime.date(2022, 9, 1), gross=Decimal(1190))
    expense(grant, datetime.date(2023, 2, 1), net=Decimal(500), vat=Decimal(95),
            gross=Decimal(595), eligible_amount=Decimal(595))  # fmt: skip
    CallOffFactory(
        grant=grant,
        asked_on=datetime.date(2022, 8, 1),
        amount_asked=Decimal(900),
        received_on=datetime.date(2022, 8, 10),
        amount_received=Decimal(900),
    )
    proof = issue(grant, personas.finance)
    figures = ProofFigures.from_json(proof.figures)
    assert figures.years == (2022,)
    [line] = figures.lines
    assert (line.planned, line.actual) == ((Decimal(1000),), (Decimal(1190),))
    assert (line.deviation, line.deviation_percent) == (Decimal(190), Decimal("19.0"))
    assert (figures.called_off, figures.received) == (Decimal(900), Decimal(900))
    assert figures.own_share == Decimal(290)
    # Expenses changed after issuing leave the proof as it was.
    grant.receipts.update(eligible_amount=Decimal(0))
    proof.refresh_from_db()
    assert ProofFigures.from_json(proof.figures).lines[0].actual == (Decimal(1190),)


def test_the_workbook_holds_numbers_in_german_formats_and_text_never_as_formulas(personas, grant):
    needs_pango()
    line = grant.budget_lines.get()
    line.name = "=HYPERLINK(1)"
    line.save()
    expense(grant, datetime.date(2022, 9, 1))
    proof = issue(grant, personas.finance, comment="=1+1")
    with proof.xlsx.open("rb") as file:
        book = openpyxl.load_workbook(io.BytesIO(file.read()))
    sheet = book["Ausgaben"]
    assert [c.value for c in sheet[1]] == [
        "Position",
        "Plan 2022",
        "Ist 2022",
        "Plan gesamt",
        "Ist gesamt",
        "Abweichung EUR",
        "Abweichung %",
    ]
    assert sheet["A2"].value == "=HYPERLINK(1)" and sheet["A2"].data_type == "s"
    assert sheet["C2"].value == 1190 and sheet["C2"].number_format == "#,##0.00"
    assert sheet["G2"].value == 19 and sheet["G2"].number_format == '0.0" %"'
    summary = book["Zusammenfassung"]
    comments = [row[1].value for row in summary.iter_rows() if row[1].value == "=1+1"]
    assert comments == ["=1+1"]


def test_versions_count_up_per_kind_and_year(personas, grant):
    needs_pango()
    first = issue(grant, personas.finance)
    second = issue(grant, personas.finance)
    other_year = issue(grant, personas.finance, year=2023)
    final = issue(grant, personas.finance, kind="final", year=None)
    assert [p.version for p in (first, second, other_year, final)] == [1, 2, 1, 1]
    assert second.title() == "Zwischennachweis 2022, Fassung 2"
    assert second.file_name("pdf") == "zwischennachweis-netzwerk-test-2022-v2.pdf"


@pytest.mark.parametrize(
    ("kind", "year", "message"),
    [
        ("interim", 2025, "Für 2025 ist kein Zwischennachweis vorgesehen"),
        ("interim", 2021, "2021 ist kein Haushaltsjahr des Bewilligungszeitraums."),
    ],
)
def test_only_a_budget_year_that_ended_within_the_period_has_an_interim_proof(
    personas, grant, kind, year, message
):
    with pytest.raises(ValidationError) as refusal:
        issue(grant, personas.finance, kind=kind, year=year)
    assert refusal.value.messages[0].startswith(message)


def test_the_final_proof_waits_for_the_end_of_the_approval_period(personas):
    grant = GrantFactory(network__current=True)
    with pytest.raises(ValidationError) as refusal:
        issuing.issue_proof(grant=grant, kind="final", user=personas.superuser,
                            confirmations={}, token=None)  # fmt: skip
    assert "erst nach dem Ende des Bewilligungszeitraums" in refusal.value.messages[0]


def test_the_funder_cannot_issue(personas, grant):
    with pytest.raises(PermissionDenied):
        issue(grant, personas.funder)


def test_issuing_mails_the_funders_once(personas, grant):
    needs_pango()
    issue(grant, personas.finance)
    run_tasks()
    [message] = mail.outbox
    assert message.to == [personas.funder.email]
    assert message.subject == "Zwischennachweis 2022 ausgestellt: " + personas.network.name
    assert reverse("proofs", args=[personas.network.slug]) in message.body


def post(client, personas, grant, **data):
    url = reverse("proof_new", args=[personas.network.slug, "zwischen-2022"])
    fields = {"language": "de", "intent": str(uuid.uuid4()), "bestaetigt": "1"}
    fields |= {f"comment_{w.id}": "Geklärt" for w in warnings_of(grant)}
    return client.post(url, fields | data)


def test_a_double_click_issues_once(client, personas, grant):
    needs_pango()
    client.force_login(with_totp(personas.coordinator))
    token = str(uuid.uuid4())
    first = post(client, personas, grant, intent=token)
    second = post(client, personas, grant, intent=token)
    proof = Proof.objects.get()
    assert (
        first["Location"]
        == second["Location"]
        == (reverse("proofs", args=[personas.network.slug]) + f"#nachweis-{proof.pk}")
    )
    run_tasks()
    assert len(mail.outbox) == 1


def test_the_page_refuses_a_warning_without_comment_in_german(client, personas, grant):
    expense(grant, datetime.date(2022, 9, 1))
    client.force_login(with_totp(personas.coordinator))
    [warning] = warnings_of(grant)
    response = post(client, personas, grant, **{f"comment_{warning.id}": ""})
    assert response.status_code == 422
    assert "Bitte diesen Hinweis mit einem Kommentar bestätigen." in response.content.decode()
    assert not Proof.objects.exists()


def test_the_page_shows_errors_and_offers_no_form(client, personas, grant):
    expense(grant, datetime.date(2022, 3, 1))  # before the approval period
    client.force_login(with_totp(personas.coordinator))
    response = client.get(reverse("proof_new", args=[personas.network.slug, "zwischen-2022"]))
    html = response.content.decode()
    assert "Solange diese Fehler bestehen" in html
    assert "Nachweis ausstellen</button>" not in html


def test_the_funder_downloads_the_files_and_another_organisation_gets_404(client, personas, grant):
    needs_pango()
    proof = issue(grant, personas.finance)
    client.force_login(with_totp(personas.funder))
    response = client.get(proof.file_url("belegliste"))
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    client.force_login(with_totp(personas.other_finance))
    assert client.get(proof.file_url("pdf")).status_code == 404


def test_a_pdf_left_for_the_first_download_is_made_then_and_kept(client, personas, grant):
    needs_pango()
    proof = issue(grant, personas.finance, make_pdf=False)
    assert not proof.pdf and proof.pdf_sha256 == ""
    client.force_login(with_totp(personas.funder))
    content = b"".join(client.get(proof.file_url("pdf")).streaming_content)
    proof.refresh_from_db()
    assert hashlib.sha256(content).hexdigest() == proof.pdf_sha256


def test_the_pdf_is_tagged_with_language_and_title(personas, grant):
    needs_pango()
    proof = issue(grant, personas.finance, language="en")
    with proof.pdf.open("rb") as file, pikepdf.open(io.BytesIO(file.read())) as pdf:
        assert pdf.Root.MarkInfo.Marked is True
        assert str(pdf.Root.Lang) == "en"
        kinds, stack = set(), [pdf.Root.StructTreeRoot.K]
        while stack:
            node = stack.pop()
            if isinstance(node, pikepdf.Array):
                stack.extend(node)
            elif isinstance(node, pikepdf.Dictionary) and "/S" in node:
                kinds.add(str(node.S))
                if "/K" in node:
                    stack.append(node.K)
        assert {"/H1", "/H2", "/Table", "/TH", "/TD"} <= kinds, kinds
        with pdf.open_metadata() as meta:
            assert meta["pdfuaid:part"] == "1"


@pytest.mark.django_db(transaction=True)
def test_two_simultaneous_posts_of_one_form_issue_one_proof_and_one_mail(personas, grant):
    needs_postgresql()
    needs_pango()
    coordinator = with_totp(personas.coordinator)
    token = str(uuid.uuid4())
    clients = [Client(), Client()]
    for browser in clients:
        browser.force_login(coordinator)
    responses = concurrently(
        *(lambda browser=browser: post(browser, personas, grant, intent=token)
          for browser in clients)
    )  # fmt: skip
    proof = Proof.objects.get()
    assert [r.status_code for r in responses] == [302, 302]
    assert {r["Location"] for r in responses} == {
        reverse("proofs", args=[personas.network.slug]) + f"#nachweis-{proof.pk}"
    }
    run_tasks()
    assert [message.to for message in mail.outbox] == [[personas.funder.email]]
