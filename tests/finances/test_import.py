"""Importing receipts from a spreadsheet: a good file (CSV and XLSX) previewed, then
saved all at once; every row error in German with its row and column, and nothing
stored; an exported Belegliste imported again; the limits measures have; who may
import; and receipts booked between preview and confirmation."""

import datetime
import io
from decimal import Decimal

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.urls import reverse

from finances import belegliste, services
from finances.imports import german_headers
from finances.models import Receipt, ReceiptImport
from tests.factories import BudgetLineFactory, GrantFactory, ReceiptFactory
from tests.helpers import with_totp

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("module_personas")]

HEADER = [
    "Belegnummer", "Zahlungsdatum", "Rechnungsdatum", "Empfänger*in / Einzahler*in",
    "Grund der Zahlung", "Ausgabenposition / Einnahmequelle", "netto (EUR)",
    "Umsatzsteuer (EUR)", "brutto (EUR)", "zuwendungsfähig (EUR)",
]  # fmt: skip
MODERATION = ["", "15.03.2023", "01.03.2023", "Moderation GmbH", "Netzwerktreffen",
              "Moderation", "1.234,50", "234,56", "", ""]  # fmt: skip
INCOME = ["", "01.02.2023", "", "Land NRW", "Erster Mittelabruf", "Zuwendung", "", "",
          "4.000", ""]  # fmt: skip


@pytest.fixture
def grant(personas):
    grant = GrantFactory(network=personas.network)
    BudgetLineFactory(grant=grant, name="Personal", position=1)
    BudgetLineFactory(grant=grant, name="Moderation", position=2)
    return grant


def csv_upload(rows, header=HEADER, name="belege.csv") -> SimpleUploadedFile:
    lines = [";".join(header), *(";".join(row) for row in rows)]
    return SimpleUploadedFile(name, "\r\n".join(lines).encode())


def xlsx_upload(rows, header=HEADER, name="belege.xlsx") -> SimpleUploadedFile:
    workbook = openpyxl.Workbook()
    workbook.active.append(header)
    for row in rows:
        workbook.active.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return SimpleUploadedFile(name, buffer.getvalue())


def signed_in(client, user):
    client.force_login(with_totp(user))
    return client


def check(client, user, grant, upload):
    url = reverse("receipt_import", args=[grant.network.slug])
    return signed_in(client, user).post(url, {"file": upload})


def confirm(client, grant, response):
    url = reverse("receipt_import_confirm", args=[grant.network.slug])
    return client.post(url, {"token": response.context["token"]})


def row_errors(response) -> list[tuple[int, list[str]]]:
    return [(row.number, row.errors) for row in response.context["rows"] if row.errors]


def booked(grant) -> list[tuple]:
    return list(
        grant.receipts.order_by("number").values_list(
            "number", "kind", "payment_date", "invoice_date", "party", "reason",
            "budget_line__name", "source", "net", "vat", "gross", "eligible_amount",
        )
    )  # fmt: skip


# --- good files ---------------------------------------------------------------------


def test_a_good_csv_is_previewed_then_imported_all_at_once(client, personas, grant):
    response = check(client, personas.finance, grant, csv_upload([MODERATION, INCOME]))

    assert response.status_code == 200
    assert row_errors(response) == []
    assert not Receipt.objects.exists()  # the preview stores nothing
    done = confirm(client, grant, response)
    assert done.status_code == 302
    assert done["Location"] == reverse("receipts", args=[grant.network.slug])
    assert booked(grant) == [
        (1, "expense", datetime.date(2023, 3, 15), datetime.date(2023, 3, 1), "Moderation GmbH",
         "Netzwerktreffen", "Moderation", "", Decimal("1234.50"), Decimal("234.56"),
         Decimal("1469.06"), Decimal("1469.06")),
        (2, "income", datetime.date(2023, 2, 1), None, "Land NRW", "Erster Mittelabruf", None,
         "grant", Decimal("4000.00"), Decimal("0.00"), Decimal("4000.00"), Decimal("4000.00")),
    ]  # fmt: skip
    assert set(grant.receipts.values_list("created_by", flat=True)) == {personas.finance.pk}
    record = ReceiptImport.objects.get()
    assert (record.state, record.receipts, record.rows) == ("imported", 2, [])
    # Files are not imported: the list says what is missing.
    page = client.get(done["Location"]).content.decode()
    assert page.count("Rechnung fehlt") == 2
    assert page.count("Zahlungsnachweis fehlt") == 2


def test_a_good_xlsx_with_english_headers_numbers_and_dates_as_cells(client, personas, grant):
    grant.deducts_input_vat = True
    grant.save()
    header = ["Receipt number", "Payment date", "Payee / payer", "Reason for payment",
              "Budget line / source of income", "net (EUR)", "VAT (EUR)"]  # fmt: skip
    rows = [[7, datetime.date(2023, 5, 2), "Hotel Linde", "Übernachtung", "personal", 1234.5,
             86.42],
            [None, datetime.datetime(2023, 6, 1), "Kreis", "Beitrag", "Beiträge der Teilnehmenden",
             500, None]]  # fmt: skip

    response = check(client, personas.coordinator, grant, xlsx_upload(rows, header))
    assert row_errors(response) == []
    assert confirm(client, grant, response).status_code == 302

    assert booked(grant) == [
        (7, "expense", datetime.date(2023, 5, 2), None, "Hotel Linde", "Übernachtung", "Personal",
         "", Decimal("1234.50"), Decimal("86.42"), Decimal("1320.92"), Decimal("1234.50")),
        (8, "income", datetime.date(2023, 6, 1), None, "Kreis", "Beitrag", None, "contributions",
         Decimal("500.00"), Decimal("0.00"), Decimal("500.00"), Decimal("500.00")),
    ]  # fmt: skip


def test_rows_without_numbers_follow_the_highest_in_the_grant_and_file_in_the_files_order(
    client, personas, grant
):
    ReceiptFactory(grant=grant, number=4, budget_line=grant.budget_lines.first())
    rows = [MODERATION, ["10", *MODERATION[1:]], INCOME]
    response = check(client, personas.finance, grant, csv_upload(rows))
    confirm(client, grant, response)
    assert [(n, kind) for n, kind, *_rest in booked(grant)] == [
        (4, "expense"), (10, "expense"), (11, "expense"), (12, "income")
    ]  # fmt: skip
    assert grant.receipts.get(number=11).reason == "Netzwerktreffen"


def test_formula_looking_text_stays_text(client, personas, grant):
    rows = [["", "15.03.2023", "", "'=HYPERLINK(\"http://x\")", "-5 % Rabatt", "Moderation",
             "100", "0", "", ""]]  # fmt: skip
    response = check(client, personas.finance, grant, csv_upload(rows))
    confirm(client, grant, response)
    workbook_rows = [[None, datetime.date(2023, 3, 16), None, "=1+1", "@Treffen", "Moderation",
                      100, 0, None, None]]  # fmt: skip
    upload = xlsx_upload(workbook_rows)
    sheet_file = openpyxl.load_workbook(io.BytesIO(upload.read()))
    upload.seek(0)
    assert sheet_file.active["D2"].data_type == "f"  # openpyxl wrote it as a formula
    response = check(client, personas.finance, grant, upload)
    assert [row.errors for row in response.context["rows"]] == [
        ["Empfänger*in / Einzahler*in: Bitte angeben, wer das Geld erhielt oder zahlte."]
    ]  # a formula is not read as its text (no value is cached): the cell is empty
    text_rows = [[None, datetime.date(2023, 3, 16), None, "'=1+1", "@Treffen", "Moderation",
                  100, 0, None, None]]  # fmt: skip
    response = check(client, personas.finance, grant, xlsx_upload(text_rows))
    confirm(client, grant, response)
    assert list(grant.receipts.order_by("number").values_list("party", "reason")) == [
        ('=HYPERLINK("http://x")', "-5 % Rabatt"),
        ("=1+1", "@Treffen"),
    ]


# --- row errors ---------------------------------------------------------------------


def cells(**changes) -> list[str]:
    row = dict(zip(HEADER, MODERATION, strict=True)) | {
        header: changes[name] for name, header in NAMES.items() if name in changes
    }
    return [row[header] for header in HEADER]


NAMES = dict(zip(["number", "paid", "invoiced", "party", "reason", "group", "net", "vat",
                  "gross", "eligible"], HEADER, strict=True))  # fmt: skip


@pytest.mark.parametrize(
    ("changes", "errors"),
    [
        ({"net": "12,3,4"}, ["netto (EUR): „12,3,4“ ist keine Zahl (z. B. 1.234,5)."]),
        ({"net": "-5", "vat": "0"}, ["netto (EUR): Beträge können nicht negativ sein."]),
        ({"net": "", "vat": "-1", "gross": "100"},
         ["Umsatzsteuer (EUR): Beträge können nicht negativ sein."]),
        ({"net": "0", "vat": "300", "gross": "200"},
         ["Umsatzsteuer (EUR): Die Umsatzsteuer ist größer als der Bruttobetrag."]),
        ({"net": "100", "vat": "19", "gross": "120"},
         ["brutto (EUR): Brutto muss netto plus Umsatzsteuer sein: 100 + 19 ≠ 120."]),
        ({"paid": "01.01.2101"},
         ["Zahlungsdatum: Bitte ein Datum zwischen 1990 und 2100 angeben."]),
        ({"invoiced": "31.12.1989"},
         ["Rechnungsdatum: Bitte ein Datum zwischen 1990 und 2100 angeben."]),
        ({"paid": "31.02.2023"}, ["Zahlungsdatum: „31.02.2023“ ist kein Datum (TT.MM.JJJJ)."]),
        ({"paid": ""}, ["Zahlungsdatum: Bitte das Zahlungsdatum angeben."]),
        ({"group": "Catering"},
         ["Ausgabenposition / Einnahmequelle: Unbekannte Ausgabenposition oder Einnahmequelle "
          "„Catering“ (Positionen dieser Zuwendung: Personal, Moderation; Quellen: Zuwendung, "
          "Eigenanteil, Beiträge der Teilnehmenden, Drittmittel)."]),
        ({"number": "1,5"},
         ["Belegnummer: „1,5“ ist keine Belegnummer (ganze Zahl ab 1)."]),
        ({"eligible": "100"},
         ["Grund für den abweichenden zuwendungsfähigen Betrag: Der zuwendungsfähige Betrag "
          "weicht vom Üblichen ab (1.469,06 EUR): bitte den Grund angeben."]),
        ({"party": "", "reason": " ", "net": "", "gross": ""},
         ["Empfänger*in / Einzahler*in: Bitte angeben, wer das Geld erhielt oder zahlte.",
          "Grund der Zahlung: Bitte den Grund der Zahlung angeben.",
          "netto (EUR): Bitte den Nettobetrag oder den Bruttobetrag angeben."]),
    ],
)  # fmt: skip
def test_each_row_error_names_row_and_column_in_german_and_nothing_is_stored(
    client, personas, grant, changes, errors
):
    rows = [MODERATION, cells(**changes), INCOME]
    response = check(client, personas.finance, grant, csv_upload(rows))

    assert row_errors(response) == [(3, errors)]
    assert response.context["token"] is None
    assert "importieren</button>" not in response.content.decode()
    assert not Receipt.objects.exists()
    assert not ReceiptImport.objects.exists()


def test_a_different_eligible_amount_with_its_reason_is_imported(client, personas, grant):
    header = [*HEADER, "Grund für den abweichenden zuwendungsfähigen Betrag"]
    rows = [[*cells(eligible="1.000"), "Nur anteilig für das Netzwerk"]]
    response = check(client, personas.finance, grant, csv_upload(rows, header))
    confirm(client, grant, response)
    receipt = grant.receipts.get()
    assert (receipt.eligible_amount, receipt.eligible_reason) == (
        Decimal(1000),
        "Nur anteilig für das Netzwerk",
    )


def test_a_number_already_booked_or_twice_in_the_file_is_a_row_error(client, personas, grant):
    ReceiptFactory(grant=grant, number=3, budget_line=grant.budget_lines.first())
    rows = [cells(number="3"), cells(number="5"), cells(number="5")]
    response = check(client, personas.finance, grant, csv_upload(rows))
    assert row_errors(response) == [
        (2, ["Belegnummer: Diese Belegnummer ist schon vergeben."]),
        (4, ["Belegnummer: Die Belegnummer 5 steht schon in Zeile 3."]),
    ]
    assert grant.receipts.count() == 1


def test_a_file_without_the_needed_columns_is_refused(client, personas, grant):
    upload = csv_upload([["Moderation GmbH"]], header=["Empfänger*in / Einzahler*in"])
    response = check(client, personas.finance, grant, upload)
    assert response.status_code == 422
    assert response.context["form"].errors["file"] == [
        "In der Kopfzeile fehlen diese Spalten: „Zahlungsdatum“, „Grund der Zahlung“, "
        "„Ausgabenposition / Einnahmequelle“, „netto (EUR) oder brutto (EUR)“."
    ]


# --- an exported Belegliste imported again -------------------------------------------


@pytest.fixture
def kept_grant(personas):
    """A grant of the other network with expenses on two lines and two incomes."""
    grant = GrantFactory(network=personas.other_network)
    staff = BudgetLineFactory(grant=grant, name="Personal", position=1)
    moderation = BudgetLineFactory(grant=grant, name="Moderation", position=2)
    start = grant.period_start
    for number, line, days, net, vat, party in (
        (1, staff, 40, "3000.00", "0", "Träger e. V."),
        (2, moderation, 30, "1000.00", "190.00", '=HYPERLINK("http://x")'),
        (3, staff, 10, "2500.50", "0", "Träger e. V."),
    ):
        ReceiptFactory(grant=grant, number=number, budget_line=line, party=party,
                       payment_date=start + datetime.timedelta(days=days),
                       invoice_date=start + datetime.timedelta(days=days - 3),
                       net=Decimal(net), vat=Decimal(vat), gross=Decimal(net) + Decimal(vat),
                       eligible_amount=Decimal(net) + Decimal(vat))  # fmt: skip
    for number, source, amount in ((4, "grant", "4000"), (5, "contributions", "500")):
        ReceiptFactory(grant=grant, number=number, kind="income", budget_line=None,
                       source=source, party="Land NRW", reason="Mittelabruf", invoice_date=None,
                       net=Decimal(amount), vat=Decimal(0), gross=Decimal(amount),
                       eligible_amount=Decimal(amount))  # fmt: skip
    return grant


@pytest.mark.parametrize("language", ["de", "en"])
@pytest.mark.parametrize("file_format", ["csv", "xlsx"])
def test_an_exported_belegliste_imports_into_an_empty_grant_as_it_was(
    client, personas, grant, kept_grant, file_format, language
):
    if file_format == "csv":
        content = b"".join(belegliste.csv_lines(kept_grant, language=language))
    else:
        content = belegliste.xlsx_file(kept_grant, language=language).read()
    upload = SimpleUploadedFile(f"belegliste.{file_format}", content)

    response = check(client, personas.coordinator, grant, upload)
    assert row_errors(response) == []
    assert len(response.context["rows"]) == 5  # subtotals and totals skipped
    confirm(client, grant, response)

    assert booked(grant) == booked(kept_grant)


# --- limits (lib/sheet_import.py, as measures have them) ------------------------------


def test_a_file_over_10_mb_is_refused(client, personas, grant):
    upload = SimpleUploadedFile("gross.csv", b";".join([b"x"] * 6_000_000))
    response = check(client, personas.finance, grant, upload)
    assert response.context["form"].errors["file"] == ["Die Datei ist zu groß (höchstens 10 MB)."]


@override_settings(IMPORT_MAX_ROWS=3)
def test_more_rows_than_import_max_rows_are_refused(client, personas, grant):
    response = check(client, personas.finance, grant, csv_upload([MODERATION] * 4))
    assert response.context["form"].errors["file"] == [
        "Die Datei enthält mehr als 3 Zeilen. Bitte auf mehrere Dateien aufteilen."
    ]
    response = check(client, personas.finance, grant, csv_upload([MODERATION] * 3))
    assert len(response.context["rows"]) == 3


@override_settings(IMPORT_MAX_ROWS=3)
def test_a_sheet_longer_than_the_limit_names_receipts(client, personas, grant):
    upload = SimpleUploadedFile("lang.csv", ";".join(HEADER).encode() + b"\r\n;" * 200)
    response = check(client, personas.finance, grant, upload)
    assert response.context["form"].errors["file"] == [
        "Die Tabelle hat mehr als 103 Zeilen (leere mitgezählt). Bitte leere Zeilen löschen "
        "oder die Belege auf mehrere Dateien aufteilen."
    ]


# --- who may import ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("persona", "status"),
    [("coordinator", 200), ("finance", 200), ("funder", 403), ("other_coordinator", 404),
     ("other_finance", 404), ("climate_manager_a", 404), ("service_provider", 404),
     ("outsider", 404)],
)  # fmt: skip
def test_only_those_who_keep_the_finances_import(client, personas, grant, persona, status):
    user = getattr(personas, persona)
    slug = grant.network.slug
    signed_in(client, user)
    assert client.get(reverse("receipt_import", args=[slug])).status_code == status
    assert client.get(reverse("receipt_import_template", args=[slug])).status_code == status
    assert check(client, user, grant, csv_upload([MODERATION])).status_code == status
    for name in ("receipt_import_confirm", "receipt_import_cancel"):
        response = client.post(reverse(name, args=[slug]), {"token": "x"})
        assert response.status_code == (302 if status == 200 else status)
    assert not Receipt.objects.exists()


def test_a_new_upload_replaces_the_persons_unconfirmed_preview(client, personas, grant):
    first = check(client, personas.finance, grant, csv_upload([MODERATION]))
    second = check(client, personas.finance, grant, csv_upload([INCOME]))
    other = check(client, personas.coordinator, grant, csv_upload([INCOME]))
    assert set(ReceiptImport.objects.values_list("token", flat=True)) == {
        second.context["token"], other.context["token"]
    }  # fmt: skip
    signed_in(client, personas.finance)
    assert confirm(client, grant, first)["Location"].endswith("/belege/import/")
    assert not Receipt.objects.exists()


def test_a_preview_is_confirmed_by_its_uploader_only(client, personas, grant):
    response = check(client, personas.finance, grant, csv_upload([MODERATION]))
    signed_in(client, personas.coordinator)
    done = confirm(client, grant, response)
    assert done.status_code == 302
    assert done["Location"] == reverse("receipt_import", args=[grant.network.slug])
    assert not Receipt.objects.exists()
    assert ReceiptImport.objects.get().state == "pending"


def test_the_template_has_the_headers_and_the_grants_lines(client, personas, grant):
    response = signed_in(client, personas.finance).get(
        reverse("receipt_import_template", args=[grant.network.slug])
    )
    workbook = openpyxl.load_workbook(io.BytesIO(response.content))
    assert [cell.value for cell in workbook["Belegliste"][1]] == list(german_headers())
    assert workbook["Belegliste"].max_row == 1
    hints = [row[0] for row in workbook["Hinweise"].iter_rows(values_only=True)]
    assert hints[hints.index("Ausgabenpositionen (Ausgaben)") + 1 :][:2] == [
        "Personal", "Moderation"
    ]  # fmt: skip
    receipts_page = client.get(reverse("receipts", args=[grant.network.slug])).content.decode()
    assert reverse("receipt_import", args=[grant.network.slug]) in receipts_page


# --- receipts booked between preview and confirmation --------------------------------


def book(grant, user, number):
    receipt = Receipt(grant=grant, number=number, payment_date=datetime.date(2023, 4, 1),
                      party="Druckerei", reason="Flyer", net=Decimal(50), vat=Decimal(0),
                      gross=Decimal(50), eligible_amount=Decimal(50),
                      budget_line=grant.budget_lines.first())  # fmt: skip
    services.save_receipt(receipt=receipt, user=user)


def test_a_receipt_booked_after_the_preview_keeps_its_number_and_the_import_follows(
    client, personas, grant
):
    response = check(client, personas.finance, grant, csv_upload([MODERATION, INCOME]))
    assert [row.receipt.number for row in response.context["rows"]] == [1, 2]
    book(grant, personas.coordinator, 1)

    assert confirm(client, grant, response).status_code == 302
    assert [(n, party) for n, _k, _p, _i, party, *_rest in booked(grant)] == [
        (1, "Druckerei"), (2, "Moderation GmbH"), (3, "Land NRW")
    ]  # fmt: skip


def test_a_number_booked_after_the_preview_stops_the_whole_import(client, personas, grant):
    response = check(client, personas.finance, grant, csv_upload([cells(number="2"), INCOME]))
    book(grant, personas.coordinator, 2)

    again = confirm(client, grant, response)
    assert again.status_code == 422
    assert row_errors(again) == [(2, ["Belegnummer: Diese Belegnummer ist schon vergeben."])]
    assert grant.receipts.count() == 1
    assert ReceiptImport.objects.get().state == "pending"


def test_confirming_twice_imports_once_and_cancelling_imports_nothing(client, personas, grant):
    response = check(client, personas.finance, grant, csv_upload([MODERATION]))
    confirm(client, grant, response)
    second = confirm(client, grant, response)
    assert second.status_code == 302
    assert grant.receipts.count() == 1
    messages = [str(m) for m in second.wsgi_request._messages]
    assert messages[-1] == "Diese Datei ist schon importiert; es wurde nichts doppelt angelegt."

    response = check(client, personas.finance, grant, csv_upload([INCOME]))
    cancel = reverse("receipt_import_cancel", args=[grant.network.slug])
    assert client.post(cancel, {"token": response.context["token"]}).status_code == 302
    assert confirm(client, grant, response).status_code == 302
    assert grant.receipts.count() == 1
    assert sorted(ReceiptImport.objects.values_list("state", flat=True)) == [
        "cancelled", "imported"
    ]  # fmt: skip
