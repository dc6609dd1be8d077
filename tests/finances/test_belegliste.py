"""The Belegliste as CSV and XLSX: its order, subtotals and totals, German formats,
text that never runs as a formula, who may download it, and a query count that does
not grow with the receipts."""

import csv
import datetime
import io
from decimal import Decimal

import openpyxl
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from finances.models import Receipt
from networks.models import Membership, Role
from tests.factories import BudgetLineFactory, GrantFactory, ReceiptFactory, UserFactory
from tests.helpers import with_totp

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("module_personas")]

FORMULA = '=HYPERLINK("http://x")'


@pytest.fixture
def grant(personas):
    """Two lines in the plan's order (events before staff), with expenses booked out of
    order, and two incomes."""
    grant = GrantFactory(network=personas.network)
    staff = BudgetLineFactory(grant=grant, name="Personal", position=2)
    events = BudgetLineFactory(grant=grant, name="Veranstaltungen", position=1)
    start = grant.period_start

    def receipt(number, line, days, net, vat, **extra):
        return ReceiptFactory(
            grant=grant, number=number, budget_line=line,
            payment_date=start + datetime.timedelta(days=days),
            invoice_date=start + datetime.timedelta(days=days - 3),
            net=Decimal(net), vat=Decimal(vat), gross=Decimal(net) + Decimal(vat),
            eligible_amount=Decimal(net) + Decimal(vat), **extra,
        )  # fmt: skip

    receipt(1, staff, 40, "3000.00", "0")
    receipt(2, events, 30, "1000.00", "190.00", party=FORMULA)
    receipt(3, staff, 10, "2500.50", "0")
    receipt(4, events, 5, "100.00", "19.00", reason="-5 % Rabatt")
    for number, source, days, amount in ((5, "grant", 20, "4000"), (6, "contributions", 8, "500")):
        ReceiptFactory(grant=grant, number=number, kind=Receipt.Kind.INCOME, budget_line=None,
                       source=source, party="Land NRW", reason="Mittelabruf",
                       payment_date=start + datetime.timedelta(days=days),
                       net=Decimal(amount), vat=Decimal(0), gross=Decimal(amount),
                       eligible_amount=Decimal(amount))  # fmt: skip
    return grant


def url(grant, file_format):
    return reverse("belegliste_export", args=[grant.network.slug, file_format])


def download(client, user, grant, file_format):
    client.force_login(with_totp(user))
    response = client.get(url(grant, file_format))
    assert response.status_code == 200, response.status_code
    return b"".join(response.streaming_content), response


def csv_rows(client, user, grant):
    content, response = download(client, user, grant, "csv")
    assert content.startswith(b"\xef\xbb\xbf")  # UTF-8 with BOM
    assert b"\r\n" in content
    return list(csv.reader(io.StringIO(content.decode("utf-8-sig")), delimiter=";"))


def test_the_csv_lists_expenses_by_line_then_date_with_subtotals_and_income_apart(
    client, personas, grant
):
    rows = csv_rows(client, personas.finance, grant)
    assert rows[0][:3] == ["Lfd. Nr.", "Belegnummer", "Zahlungsdatum"]
    start = grant.period_start
    day = (start + datetime.timedelta(days=5)).strftime("%d.%m.%Y")
    assert rows[1] == ["1", "4", day, (start + datetime.timedelta(days=2)).strftime("%d.%m.%Y"),
                       "Moderation GmbH", "'-5 % Rabatt", "Veranstaltungen",
                       "100,00", "19,00", "119,00", "119,00"]  # fmt: skip
    assert [(row[0], row[1], row[4][:20], row[6]) for row in rows[1:]] == [
        ("1", "4", "Moderation GmbH", "Veranstaltungen"),
        ("2", "2", "'" + FORMULA[:19], "Veranstaltungen"),
        ("", "", "Zwischensumme: Veran", "Veranstaltungen"),
        ("3", "3", "Moderation GmbH", "Personal"),
        ("4", "1", "Moderation GmbH", "Personal"),
        ("", "", "Zwischensumme: Perso", "Personal"),
        ("", "", "Summe der Ausgaben", ""),
        ("5", "5", "Land NRW", "Zuwendung"),
        ("", "", "Zwischensumme: Zuwen", "Zuwendung"),
        ("6", "6", "Land NRW", "Beiträge der Teilnehmenden"),
        ("", "", "Zwischensumme: Beitr", "Beiträge der Teilnehmenden"),
        ("", "", "Summe der Einnahmen", ""),
    ]
    assert rows[3][7:] == ["1100,00", "209,00", "1309,00", "1309,00"]
    assert rows[6][7:] == ["5500,50", "0,00", "5500,50", "5500,50"]
    assert rows[7][7:] == ["6600,50", "209,00", "6809,50", "6809,50"]
    assert rows[12][7:] == ["4500,00", "0,00", "4500,00", "4500,00"]
    assert rows[2][4] == "'" + FORMULA  # neutralised: never runs as a formula


def test_the_workbook_has_numbers_dates_and_text_that_never_is_a_formula(client, personas, grant):
    content, response = download(client, personas.funder, grant, "xlsx")
    today = datetime.date.today().isoformat()
    assert f'filename="belegliste-netzwerk-test-{today}.xlsx"' in response["Content-Disposition"]
    sheet = openpyxl.load_workbook(io.BytesIO(content))["Belegliste"]
    rows = list(sheet.iter_rows(values_only=False))
    assert rows[0][0].value == "Lfd. Nr." and rows[0][0].font.bold
    first = rows[1]
    assert first[2].value == datetime.datetime.combine(
        grant.period_start + datetime.timedelta(days=5), datetime.time()
    )
    assert first[2].number_format == "DD.MM.YYYY"
    assert first[7].value == 100 and first[7].number_format == "#,##0.00"
    assert first[5].value == "-5 % Rabatt" and first[5].data_type == "s"
    payee = rows[2][4]
    assert payee.value == FORMULA and payee.data_type == "s"  # a string, not a formula
    assert [row[9].value for row in rows if row[0].value is None] == [
        1309,
        5500.5,
        6809.5,
        4000,
        500,
        4500,
    ]
    assert rows[7][4].value == "Summe der Ausgaben" and rows[7][4].font.bold
    raw = io.BytesIO(content)
    import zipfile

    with zipfile.ZipFile(raw) as archive:
        sheet_xml = archive.read("xl/worksheets/sheet1.xml")
    assert b"<f>" not in sheet_xml  # no formula anywhere


def test_a_grant_without_income_still_says_so_and_an_empty_list_has_its_totals(client, personas):
    grant = GrantFactory(network=personas.network)
    rows = csv_rows(client, personas.coordinator, grant)
    assert [row[4] for row in rows[1:]] == ["Summe der Ausgaben", "Summe der Einnahmen"]
    assert rows[2][7:] == ["0,00"] * 4


@pytest.mark.parametrize("file_format", ["csv", "xlsx"])
@pytest.mark.parametrize(
    ("persona", "status"),
    [("coordinator", 200), ("finance", 200), ("funder", 200), ("superuser", 200),
     ("other_coordinator", 404), ("other_finance", 404), ("other_funder", 404),
     ("service_provider", 404), ("climate_manager_a", 404), ("foreign_climate_manager", 404),
     ("outsider", 404), ("anonymous", 302)],
)  # fmt: skip
def test_who_downloads_the_belegliste(client, personas, grant, persona, status, file_format):
    if persona == "other_funder":
        user = UserFactory(email="foerderung.fremd@example.org")
        Membership.objects.create(user=user, role=Role.FUNDER, network=personas.other_network)
        GrantFactory(network=personas.other_network)
    elif persona != "anonymous":
        user = getattr(personas, persona)
    if persona != "anonymous":
        client.force_login(with_totp(user))
    response = client.get(url(grant, file_format))
    assert response.status_code == status


def test_other_formats_and_networks_without_a_grant_are_not_found(client, personas, grant):
    client.force_login(with_totp(personas.coordinator))
    assert client.get(url(grant, "pdf")).status_code == 404
    grant.receipts.all().delete()
    grant.delete()
    assert client.get(url(grant, "csv")).status_code == 404


def test_one_receipt_takes_as_many_queries_as_thirty(client, personas):
    grant = GrantFactory(network=personas.network)
    client.force_login(with_totp(personas.finance))

    def queries(file_format):
        with CaptureQueriesContext(connection) as captured:
            response = client.get(url(grant, file_format))
            b"".join(response.streaming_content)
        return len(captured)

    ReceiptFactory(grant=grant, number=1)
    one = [queries("csv"), queries("xlsx")]
    for number in range(2, 31):  # each on a line of its own
        ReceiptFactory(grant=grant, number=number)
    assert [queries("csv"), queries("xlsx")] == one


@pytest.mark.parametrize("page", ["finances", "receipts"])
def test_the_overview_and_the_receipts_link_both_files(client, personas, grant, page):
    client.force_login(with_totp(personas.funder))
    html = client.get(reverse(page, args=[grant.network.slug])).content.decode()
    assert f'href="{url(grant, "xlsx")}"' in html
    assert f'href="{url(grant, "csv")}"' in html
