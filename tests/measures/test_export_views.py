import csv
import io

import openpyxl
import pytest
from django.urls import reverse

from measures.spreadsheets import HEADERS
from tests.measures.listing import Listing, titles
from tests.measures.support import today

pytestmark = pytest.mark.django_db

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@pytest.fixture
def listing(client, world):
    client.force_login(world.coordinator)
    return Listing(world)


def export(client, file_format: str, query: str = ""):
    return client.get(f"{reverse('measure_export', args=[file_format])}?{query}")


def test_the_csv_export_holds_only_the_filtered_measures(client, listing):
    response = export(client, "csv", "status=completed")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == (
        f'attachment; filename="massnahmen-{today().isoformat()}.csv"'
    )
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    assert rows[0] == list(HEADERS)
    assert len(rows) == 2
    row = dict(zip(HEADERS, rows[1], strict=True))
    assert (row["Titel"], row["Status"], row["ID"]) == (
        "Heizungstausch Rathaus",
        "abgeschlossen",
        str(listing.heating.pk),
    )


def test_the_xlsx_export_has_the_rows_of_the_filtered_sorted_list(client, listing):
    query = "netzwerk=netzwerk-test&sortierung=-co2"
    response = export(client, "xlsx", query)
    assert response["Content-Type"] == XLSX_TYPE
    assert response["Content-Disposition"] == (
        f'attachment; filename="massnahmen-{today().isoformat()}.xlsx"'
    )
    sheet = openpyxl.load_workbook(io.BytesIO(response.content))["Maßnahmen"]
    rows = list(sheet.iter_rows(values_only=True))
    assert list(rows[0]) == list(HEADERS)
    exported = [row[HEADERS.index("Titel")] for row in rows[1:]]
    listed = titles(client.get(f"{reverse('measure_list')}?{query}").content.decode())
    assert (
        exported
        == listed
        == [
            "Heizungstausch Rathaus",
            "LED in der Turnhalle",
            "Radweg zum Bahnhof",
        ]
    )


def test_the_export_leaves_out_measures_of_networks_the_person_does_not_read(client, world):
    Listing(world)
    client.force_login(world.climate_manager_b)
    response = export(client, "csv")
    body = response.content.decode("utf-8-sig")
    assert body.count("\r\n") == 4  # header + the test network's three measures
    assert "Dämmung Schule" not in body


def test_an_unknown_export_format_is_not_found(client, listing):
    assert export(client, "pdf").status_code == 404
