"""The finances pages: who sees what, booking receipts with their files and German
errors, the grant, the financing plan's versions, call-offs, and a receipts list whose
query count does not grow with its rows."""

import datetime
import uuid
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError, connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from finances import services
from finances.models import PlanChange, Receipt
from lib.intents import AlreadyDone
from tests.factories import (
    BudgetLineFactory,
    CallOffFactory,
    GrantFactory,
    ParticipationFactory,
    ReceiptFactory,
    png_upload,
)
from tests.helpers import with_totp

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("module_personas")]


@pytest.fixture
def grant(personas):
    grant = GrantFactory(network=personas.network)
    BudgetLineFactory(grant=grant, name="Moderation")
    return grant


def signed_in(client, user):
    client.force_login(with_totp(user))
    return client


def receipt_data(grant, **changes) -> dict:
    return {
        "number": "1", "kind": "expense", "invoice_date": "2023-01-05",
        "payment_date": "2023-01-10", "party": "Moderation GmbH", "reason": "Netzwerktreffen",
        "net": "1.000", "vat": "190", "gross": "", "budget_line": grant.budget_lines.get().pk,
        "eligible_amount": "", "eligible_reason": "",
    } | changes  # fmt: skip


def pdf(name="rechnung.pdf", size=None):
    content = b"%PDF-1.4\n%%EOF\n" if size is None else b"%PDF-1.4\n" + b"0" * size
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def test_the_finance_person_books_a_receipt_with_its_files_and_the_defaults(
    client, personas, grant
):
    url = reverse("receipt_new", args=[grant.network.slug])
    assert signed_in(client, personas.finance).get(url).context["form"].initial["number"] == 1
    data = receipt_data(grant) | {"invoice_upload": pdf(), "payment_proof_upload": png_upload()}
    response = client.post(url, data)
    assert response.status_code == 302
    receipt = Receipt.objects.get()
    assert (receipt.gross, receipt.eligible_amount) == (Decimal(1190), Decimal(1190))
    assert receipt.invoice_name == "rechnung.pdf"
    assert receipt.payment_proof_content_type == "image/png"
    assert receipt.created_by == personas.finance
    download = client.get(
        reverse("receipt_document", args=[grant.network.slug, receipt.pk, "zahlung"])
    )
    assert download.status_code == 200
    assert download["Cache-Control"] == "private, no-store"


def test_with_input_vat_deduction_the_net_is_eligible(client, personas, grant):
    grant.deducts_input_vat = True
    grant.save()
    signed_in(client, personas.coordinator).post(
        reverse("receipt_new", args=[grant.network.slug]), receipt_data(grant)
    )
    assert Receipt.objects.get().eligible_amount == Decimal(1000)


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"net": "-5"}, "net", "Beträge können nicht negativ sein."),
        ({"net": "0", "vat": "300", "gross": "200"}, "vat",
         "Die Umsatzsteuer ist größer als der Bruttobetrag."),
        ({"payment_date": "2101-01-01"}, "payment_date",
         "Bitte ein Datum zwischen 1990 und 2100 angeben."),
        ({"eligible_amount": "1.190,01"}, "eligible_amount",
         "Zuwendungsfähig kann höchstens der Bruttobetrag sein."),
        ({"eligible_amount": "500"}, "eligible_reason",
         "Der zuwendungsfähige Betrag weicht vom Üblichen ab (1.190,00 EUR): bitte den Grund "
         "angeben."),
        ({"invoice_upload": SimpleUploadedFile("x.pdf", b"MZ\x90\x00")}, "invoice_upload",
         "Diese Datei kann nicht hochgeladen werden. Erlaubt sind PDF, Bilder (JPEG, PNG, "
         "WebP) und Office-Dokumente (Word, Excel, PowerPoint, OpenDocument)."),
    ],
)  # fmt: skip
def test_bad_input_gets_a_german_message_and_saves_nothing(
    client, personas, grant, changes, field, message
):
    response = signed_in(client, personas.coordinator).post(
        reverse("receipt_new", args=[grant.network.slug]), receipt_data(grant, **changes)
    )
    assert response.status_code == 422
    assert response.context["form"].errors[field] == [message]
    assert not Receipt.objects.exists()


def test_a_file_too_large_is_refused(client, personas, grant, settings):
    settings.UPLOAD_MAX_BYTES = 1000
    response = signed_in(client, personas.coordinator).post(
        reverse("receipt_new", args=[grant.network.slug]),
        receipt_data(grant, payment_proof_upload=pdf(size=2000)),
    )
    assert response.status_code == 422
    assert "erlaubt sind höchstens" in response.context["form"].errors["payment_proof_upload"][0]


def test_a_duplicate_number_is_refused_in_german(client, personas, grant):
    ReceiptFactory(grant=grant, number=1, budget_line=grant.budget_lines.get())
    response = signed_in(client, personas.coordinator).post(
        reverse("receipt_new", args=[grant.network.slug]), receipt_data(grant)
    )
    assert response.status_code == 422
    assert response.context["form"].non_field_errors() == ["Diese Belegnummer ist schon vergeben."]


def test_two_people_saving_one_receipt_the_later_gets_a_conflict(client, personas, grant):
    receipt = ReceiptFactory(grant=grant, budget_line=grant.budget_lines.get())
    url = reverse("receipt_edit", args=[grant.network.slug, receipt.pk])
    data = receipt_data(grant, number=str(receipt.number), version=str(receipt.version))
    signed_in(client, personas.finance)
    assert client.post(url, data | {"reason": "erste Fassung"}).status_code == 302
    response = client.post(url, data | {"reason": "zweite Fassung"})
    assert response.status_code == 409
    receipt.refresh_from_db()
    assert receipt.reason == "erste Fassung"


def test_the_funder_reads_a_receipt_but_cannot_save_it(client, personas, grant):
    receipt = ReceiptFactory(grant=grant, budget_line=grant.budget_lines.get())
    url = reverse("receipt_edit", args=[grant.network.slug, receipt.pk])
    signed_in(client, personas.funder)
    page = client.get(url)
    assert page.status_code == 200
    assert b'<form method="post"' not in page.content.split(b"<main")[1]
    data = receipt_data(grant, number=str(receipt.number), version="1")
    assert client.post(url, data).status_code == 403


@pytest.mark.parametrize(
    ("persona", "status"),
    [
        ("coordinator", 200), ("finance", 200), ("funder", 200), ("superuser", 200),
        ("other_coordinator", 404), ("other_finance", 404), ("foreign_climate_manager", 404),
        ("climate_manager_a", 404), ("service_provider", 404), ("outsider", 404),
    ],
)  # fmt: skip
def test_each_persona_sees_the_overview_or_not(client, personas, grant, persona, status):
    assert (
        signed_in(client, getattr(personas, persona))
        .get(reverse("finances", args=[grant.network.slug]))
        .status_code
        == status
    )


def test_nothing_crosses_organisations_through_a_municipality_both_networks_share(
    client, personas, grant
):
    """Municipality A takes part in both networks; a receipt of the other network's
    for A is not the first organisation's, and the first's is not the other's."""
    other_grant = GrantFactory(network=personas.other_network)
    other_receipt = ReceiptFactory(grant=other_grant, participation=personas.participation_a_other)
    own_receipt = ReceiptFactory(
        grant=grant, participation=personas.participation_a, budget_line=grant.budget_lines.get()
    )
    signed_in(client, personas.finance)
    assert client.get(other_receipt.get_absolute_url()).status_code == 404
    # Not through this network's address either.
    assert (
        client.get(reverse("receipt_edit", args=[grant.network.slug, other_receipt.pk])).status_code
        == 404
    )
    signed_in(client, personas.other_finance)
    assert client.get(own_receipt.get_absolute_url()).status_code == 404
    assert client.get(other_receipt.get_absolute_url()).status_code == 200


def test_the_finance_person_reaches_the_finances_from_the_start_page_not_the_network(
    client, personas, grant
):
    signed_in(client, personas.finance)
    start = client.get(reverse("start"))
    assert reverse("finances", args=[grant.network.slug]).encode() in start.content
    assert client.get(grant.network.get_absolute_url()).status_code == 404
    signed_in(client, personas.coordinator)
    network_page = client.get(grant.network.get_absolute_url())
    assert reverse("finances", args=[grant.network.slug]).encode() in network_page.content
    signed_in(client, personas.service_provider)
    network_page = client.get(grant.network.get_absolute_url())
    assert reverse("finances", args=[grant.network.slug]).encode() not in network_page.content


def test_a_plan_change_needs_a_date_and_a_reason_and_is_kept_as_a_version(client, personas, grant):
    line = grant.budget_lines.get()
    url = reverse("plan_edit", args=[grant.network.slug])
    signed_in(client, personas.finance)
    refused = client.post(url, {f"line_{line.pk}_2023": "1.000", "changed_on": "2023-01-01"})
    assert refused.status_code == 422
    assert "reason" in refused.context["form"].errors
    data = {f"line_{line.pk}_2023": "1.000", "source_grant_2023": "800",
            "new_line_kind": "travel", "new_line_name": "Reisen", "new_2024": "250",
            "changed_on": "2023-01-01", "reason": "Zuwendungsbescheid"}  # fmt: skip
    assert client.post(url, data).status_code == 302
    change = PlanChange.objects.get()
    assert change.number == 1 and change.recorded_by == personas.finance
    assert change.plan["lines"][0]["planned"] == {"2023": "1000.00"}
    assert change.plan["lines"][1] == {"kind": "travel", "name": "Reisen",
                                       "planned": {"2024": "250.00"}}  # fmt: skip
    assert change.plan["financing"] == [{"source": "grant", "year": 2023, "amount": "800.00"}]
    emptied = {f"line_{line.pk}_2023": "", "new_line_kind": "", "new_line_name": "",
               "new_2024": "", "reason": "Änderungsbescheid"}  # fmt: skip
    client.post(url, data | emptied)
    latest = grant.plan_changes.first()
    assert latest.number == 2
    assert latest.plan["lines"][0]["planned"] == {}


def test_the_coordinator_records_the_grant_and_call_offs(client, personas):
    signed_in(client, personas.coordinator)
    slug = personas.network.slug
    overview = client.get(reverse("finances", args=[slug]))
    assert b"noch keine Zuwendung erfasst" in overview.content
    response = client.post(reverse("grant_edit", args=[slug]), {
        "period_start": "2022-07-01", "period_end": "2025-06-30", "funding_rate": "80",
        "maximum_grant": "200.000", "interim_proof_months": "4", "final_proof_months": "6",
        "tolerance_percent": "20", "notice_number": "67K18876",
    })  # fmt: skip
    assert response.status_code == 302
    grant = personas.network.grant
    assert grant.maximum_grant == Decimal(200_000)
    refused = client.post(reverse("call_offs", args=[slug]),
                          {"asked_on": "2023-02-01", "amount_asked": "-1"})  # fmt: skip
    assert refused.status_code == 422
    client.post(reverse("call_offs", args=[slug]), {
        "asked_on": "2023-02-01", "amount_asked": "5.000", "expected_amount": "3.000",
        "expected_payments": "Moderation Februar", "intent": str(uuid.uuid4())})  # fmt: skip
    overview = client.get(reverse("finances", args=[slug]))
    assert (
        "in den nächsten sechs Wochen erwartet waren nur 3.000,00 EUR" in overview.content.decode()
    )


def test_a_new_call_off_sent_twice_is_stored_once(client, personas, grant):
    signed_in(client, personas.finance)
    url = reverse("call_offs", args=[grant.network.slug])
    page = client.get(url)
    intent = str(page.context["form"]["intent"].initial)
    assert f'type="hidden" name="intent" value="{intent}"' in page.content.decode()
    data = {"asked_on": "2023-02-01", "amount_asked": "5.000", "expected_amount": "5.000",
            "intent": intent}  # fmt: skip
    first = client.post(url, data)
    second = client.post(url, data, follow=True)
    assert first.status_code == 302 and second.redirect_chain == [(url, 302)]
    assert grant.call_offs.count() == 1
    assert "Dieser Mittelabruf ist schon gespeichert" in second.content.decode()
    # A fresh form (its own token) records a second call-off of the same amount.
    assert client.get(url).context["form"]["intent"].initial != intent
    client.post(url, data | {"intent": str(uuid.uuid4())})
    assert grant.call_offs.count() == 2


def test_a_new_call_off_without_its_token_asks_to_reload_and_stores_nothing(
    client, personas, grant
):
    response = signed_in(client, personas.coordinator).post(
        reverse("call_offs", args=[grant.network.slug]),
        {"asked_on": "2023-02-01", "amount_asked": "5.000", "expected_amount": "5.000"},
    )
    assert response.status_code == 422
    assert response.context["form"].errors["intent"] == [
        "Bitte laden Sie die Seite neu und senden Sie das Formular erneut."
    ]
    assert "Bitte laden Sie die Seite neu" in response.content.decode()
    assert not grant.call_offs.exists()


def test_the_service_refuses_a_token_used_before_and_the_database_a_second_row(personas, grant):
    token = uuid.uuid4()
    first = services.save_call_off(call_off=CallOffFactory.build(grant=grant),
                                   user=personas.finance, intent=token)  # fmt: skip
    with pytest.raises(AlreadyDone) as repeat:
        services.save_call_off(call_off=CallOffFactory.build(grant=grant),
                               user=personas.finance, intent=token)  # fmt: skip
    assert repeat.value.done == first
    with pytest.raises(IntegrityError), transaction.atomic():
        CallOffFactory(grant=grant, intent=token)


def test_the_overview_shows_plan_against_actual_and_the_findings(client, personas, grant):
    line = grant.budget_lines.get()
    line.planned_amounts.create(year=2023, amount=Decimal(1000))
    ReceiptFactory(grant=grant, budget_line=line, payment_date=datetime.date(2023, 5, 1),
                   net=Decimal(1500), vat=Decimal(0), gross=Decimal(1500),
                   eligible_amount=Decimal(1500))  # fmt: skip
    page = signed_in(client, personas.funder).get(reverse("finances", args=[grant.network.slug]))
    row = page.context["rows"][0]
    assert (row.planned_total, row.actual_total, row.deviation_percent) == (
        Decimal(1000), Decimal(1500), Decimal("50.0"))  # fmt: skip
    keys = {f.key for f in page.context["findings"]}
    assert {"line_over_plan", "receipt_without_documents"} <= keys
    assert b"Zuwendung bearbeiten" not in page.content  # the funder reads only


def queries_of(client, url) -> int:
    with CaptureQueriesContext(connection) as context:
        assert client.get(url).status_code == 200
    return len(context.captured_queries)


def test_the_receipts_list_and_overview_run_as_many_queries_for_one_row_as_for_many(
    client, personas, grant
):
    line = grant.budget_lines.get()
    signed_in(client, personas.finance)
    slug = grant.network.slug

    def add(numbers):
        for n in numbers:
            ReceiptFactory(grant=grant, number=n, budget_line=line,
                           participation=ParticipationFactory(network=grant.network))  # fmt: skip
            CallOffFactory(grant=grant)

    add([1])
    urls = [reverse("receipts", args=[slug]), reverse("finances", args=[slug]),
            reverse("call_offs", args=[slug])]  # fmt: skip
    one = [queries_of(client, url) for url in urls]
    add(range(2, 12))
    assert [queries_of(client, url) for url in urls] == one
