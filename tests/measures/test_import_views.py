import io

import openpyxl
import pytest
from django.contrib.messages import get_messages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from measures import spreadsheets
from measures.models import ImportPreview, Measure, MeasureImport
from measures.spreadsheets import HEADERS, IMPORT_HEADERS

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("running_networks")]

IMPORT = reverse("measure_import")
CONFIRM = reverse("measure_import_confirm")
CANCEL = reverse("measure_import_cancel")
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def csv_file(rows: list[dict[str, str]], name: str = "massnahmen.csv") -> SimpleUploadedFile:
    lines = [";".join(IMPORT_HEADERS)]
    lines += [";".join(row.get(header, "") for header in IMPORT_HEADERS) for row in rows]
    return SimpleUploadedFile(name, "\r\n".join(lines).encode("utf-8-sig"))


def row(**values) -> dict[str, str]:
    return {
        "Kommune": "Altenbeken",
        "Themenschwerpunkt": "Gebäude",
        "Status": "geplant",
        **values,
    }


GOOD = [
    row(Titel="Heizungstausch Rathaus", **{"Endenergieeinsparung (kWh/a)": "120.000",
                                          "Energieträger": "Testgas",
                                          "Geplanter Abschluss": "30.11.2023"}),
    row(Titel="LED im Bauhof", Themenschwerpunkt="Beleuchtung"),
]  # fmt: skip


@pytest.fixture
def manager_a(client, world):
    client.force_login(world.climate_manager_a)
    return client


def upload(client, world, file):
    return client.post(IMPORT, {"network": world.network.pk, "file": file})


def test_the_import_page_links_the_templates_of_the_persons_networks(manager_a, world):
    html = manager_a.get(IMPORT).content.decode()
    assert (
        '<li><a href="/massnahmen/import/vorlage/netzwerk-test.xlsx">'
        "Vorlage für Netzwerk Test (XLSX)</a></li>"
    ) in html
    assert "fremdes-netzwerk" not in html


def test_a_file_with_a_bad_row_shows_the_row_and_its_error_and_imports_nothing(manager_a, world):
    bad = row(Titel="Dach", Status="fertig")
    response = upload(manager_a, world, csv_file([GOOD[0], bad]))
    html = response.content.decode()
    assert response.status_code == 200
    rows = response.context["rows"]
    assert [(r.number, r.errors) for r in rows] == [
        (2, []),
        (3, ["Status: Unbekannter Status „fertig“ (erlaubt: geplant, in Umsetzung, "
             "abgeschlossen, zurückgestellt, abgebrochen)."]),
    ]  # fmt: skip
    assert '<th scope="row" class="num">3</th>' in html
    assert "Status: Unbekannter Status „fertig“" in html
    assert "1 Zeile hat Fehler." in html
    assert 'name="token"' not in html
    assert "importieren</button>" not in html
    assert Measure.objects.count() == 0
    assert MeasureImport.objects.count() == 0


def test_a_valid_file_is_previewed_and_imported_on_confirmation(manager_a, world):
    response = upload(manager_a, world, csv_file(GOOD, name="Liste 2024.csv"))
    html = response.content.decode()
    token = response.context["token"]
    assert "Alle Zeilen sind in Ordnung." in html
    assert f'<input type="hidden" name="token" value="{token}">' in html
    assert "2 Maßnahmen importieren</button>" in html
    assert '<td class="num">24,120</td>' in html
    assert Measure.objects.count() == 0
    preview = ImportPreview.objects.get(token=token)
    assert (preview.user, preview.network, preview.file_name, preview.state) == (
        world.climate_manager_a,
        world.network,
        "Liste 2024.csv",
        "pending",
    )
    assert preview.rows == [
        [2, {"Kommune": "Altenbeken", "Themenschwerpunkt": "Gebäude",
             "Titel": "Heizungstausch Rathaus", "Status": "geplant",
             "Geplanter Abschluss": "30.11.2023", "Endenergieeinsparung (kWh/a)": "120.000",
             "Energieträger": "Testgas"}],
        [3, {"Kommune": "Altenbeken", "Themenschwerpunkt": "Beleuchtung",
             "Titel": "LED im Bauhof", "Status": "geplant"}],
    ]  # fmt: skip

    response = manager_a.post(CONFIRM, {"token": token})

    assert response.status_code == 302
    assert response["Location"] == "/massnahmen/?netzwerk=netzwerk-test&sortierung=-geaendert"
    record = MeasureImport.objects.get()
    assert (record.user, record.network, record.file_name, record.rows) == (
        world.climate_manager_a,
        world.network,
        "Liste 2024.csv",
        2,
    )
    assert sorted(m.title for m in record.measures.all()) == [
        "Heizungstausch Rathaus",
        "LED im Bauhof",
    ]
    heating = Measure.objects.get(title="Heizungstausch Rathaus")
    assert (heating.participation, str(heating.co2_savings_t)) == (world.participation_a, "24.120")
    assert heating.history.get().history_user == world.climate_manager_a
    assert [str(m) for m in get_messages(response.wsgi_request)] == [
        "2 Maßnahmen aus „Liste 2024.csv“ sind importiert."
    ]
    preview.refresh_from_db()
    assert (preview.state, preview.rows) == ("imported", [])

    html = manager_a.get(IMPORT).content.decode()
    assert "<title>Maßnahmen importieren – Klimaschutz-Netzwerkportal</title>" in html
    assert html.count('id="imports-heading"') == 1
    assert "<td>Liste 2024.csv</td>" in html
    assert '<td class="num">2</td>' in html


def test_confirming_twice_imports_once(manager_a, world):
    token = upload(manager_a, world, csv_file(GOOD)).context["token"]
    manager_a.post(CONFIRM, {"token": token})
    response = manager_a.post(CONFIRM, {"token": token})
    assert response["Location"] == IMPORT
    assert [str(m) for m in get_messages(response.wsgi_request)][-1] == (
        "Diese Datei ist schon importiert; es wurde nichts doppelt angelegt."
    )
    assert Measure.objects.count() == 2
    assert MeasureImport.objects.count() == 1


def test_a_preview_survives_a_new_session_and_is_confirmed_once(client, world):
    """The preview lives in the database, not in the session: a second browser tab or
    a session renewed by logging in again still finds it, and still imports once."""
    client.force_login(world.climate_manager_a)
    token = upload(client, world, csv_file(GOOD)).context["token"]
    other = Client()
    other.force_login(world.climate_manager_a)

    assert client.post(CONFIRM, {"token": token})["Location"].startswith("/massnahmen/?")
    assert other.post(CONFIRM, {"token": token})["Location"] == IMPORT
    assert Measure.objects.count() == 2


def test_another_person_cannot_confirm_or_cancel_someones_preview(manager_a, client, world):
    token = upload(manager_a, world, csv_file(GOOD)).context["token"]
    client.force_login(world.coordinator)
    response = client.post(CONFIRM, {"token": token})
    assert response["Location"] == IMPORT
    assert [str(m) for m in get_messages(response.wsgi_request)] == [
        "Diese Vorschau ist abgelaufen. Bitte die Datei neu hochladen."
    ]
    client.post(CANCEL, {"token": token})
    assert ImportPreview.objects.get(token=token).state == "pending"
    assert Measure.objects.count() == 0


def test_a_file_with_errors_keeps_no_preview(manager_a, world):
    upload(manager_a, world, csv_file([row(Titel="Dach", Status="fertig")]))
    assert ImportPreview.objects.count() == 0


def test_no_uploaded_file_is_stored_for_a_preview(manager_a, world, settings):
    upload(manager_a, world, csv_file(GOOD))
    assert ImportPreview.objects.count() == 1
    assert not (settings.MEDIA_ROOT / "importe").exists()


def test_cancelling_a_preview_drops_its_rows_and_imports_nothing(manager_a, world):
    response = upload(manager_a, world, csv_file(GOOD))
    html = response.content.decode()
    token = response.context["token"]
    assert (
        '<button type="submit" class="button button--secondary" '
        'formaction="/massnahmen/import/abbrechen/">Abbrechen</button>'
    ) in html

    response = manager_a.post(CANCEL, {"token": token})

    assert response["Location"] == IMPORT
    assert [str(m) for m in get_messages(response.wsgi_request)] == [
        "Der Import ist abgebrochen; es wurde nichts importiert."
    ]
    preview = ImportPreview.objects.get(token=token)
    assert (preview.state, preview.rows) == ("cancelled", [])
    response = manager_a.post(CONFIRM, {"token": token})
    assert [str(m) for m in get_messages(response.wsgi_request)][-1] == (
        "Dieser Import ist abgebrochen. Bitte die Datei neu hochladen."
    )
    assert Measure.objects.count() == 0


def test_cancelling_after_the_import_changes_nothing(manager_a, world):
    token = upload(manager_a, world, csv_file(GOOD)).context["token"]
    manager_a.post(CONFIRM, {"token": token})
    response = manager_a.post(CANCEL, {"token": token})
    assert [str(m) for m in get_messages(response.wsgi_request)][-1] == (
        "Diese Datei ist schon importiert; es wurde nichts doppelt angelegt."
    )
    assert ImportPreview.objects.get(token=token).state == "imported"
    assert Measure.objects.count() == 2


def test_confirming_reads_the_kept_rows_not_the_file_again(manager_a, world, monkeypatch):
    token = upload(manager_a, world, csv_file(GOOD)).context["token"]
    read = []
    monkeypatch.setattr(spreadsheets, "read_rows", read.append)
    manager_a.post(CONFIRM, {"token": token})
    assert read == []
    assert Measure.objects.count() == 2


def test_rows_that_turned_invalid_since_the_preview_are_shown_and_nothing_imported(
    manager_a, world
):
    token = upload(manager_a, world, csv_file(GOOD)).context["token"]
    world.network.focus_areas.remove(world.lighting)

    response = manager_a.post(CONFIRM, {"token": token})

    assert response.status_code == 422
    assert [(r.number, r.errors) for r in response.context["rows"]] == [
        (2, []),
        (3, ["Themenschwerpunkt: Unbekannter Themenschwerpunkt „Beleuchtung“ "
             "(nicht im Netzwerk „Netzwerk Test“)."]),
    ]  # fmt: skip
    assert ImportPreview.objects.get(token=token).state == "pending"
    assert Measure.objects.count() == 0


def test_confirming_an_unknown_token_goes_back_with_a_message(manager_a, world):
    response = manager_a.post(CONFIRM, {"token": "0" * 32})
    assert response.status_code == 302
    assert response["Location"] == IMPORT
    assert [str(m) for m in get_messages(response.wsgi_request)] == [
        "Diese Vorschau ist abgelaufen. Bitte die Datei neu hochladen."
    ]
    assert MeasureImport.objects.count() == 0


def test_a_file_without_the_required_columns_is_refused_on_the_upload_form(manager_a, world):
    file = SimpleUploadedFile("leer.csv", b"Titel;Status\r\nDach;geplant\r\n")
    response = upload(manager_a, world, file)
    assert response.status_code == 422
    assert response.context["form"].errors["file"] == [
        "In der Kopfzeile fehlen diese Spalten: „Kommune oder AGS“, „Themenschwerpunkt“."
    ]


def test_the_template_download_is_an_xlsx_of_the_network(manager_a, world):
    response = manager_a.get(reverse("measure_import_template", args=["netzwerk-test"]))
    assert response["Content-Type"] == XLSX_TYPE
    assert response["Content-Disposition"] == 'attachment; filename="vorlage-netzwerk-test.xlsx"'
    workbook = openpyxl.load_workbook(io.BytesIO(response.content))
    assert workbook.sheetnames == ["Maßnahmen", "Hinweise"]
    rows = list(workbook["Maßnahmen"].iter_rows(values_only=True))
    assert list(rows[0]) == list(HEADERS)
    assert rows[1][HEADERS.index("Kommune")] == "Altenbeken"


def test_a_hostile_file_is_refused_on_the_upload_form_in_german(manager_a, world):
    header = ";".join(f"Spalte {number}" for number in range(40_000))
    response = upload(manager_a, world, SimpleUploadedFile("breit.csv", header.encode()))
    assert response.status_code == 422
    assert response.context["form"].errors["file"] == [
        "Zeile 1 hat mehr als 48 Spalten. Bitte überzählige Spalten löschen oder die "
        "Vorlage verwenden."
    ]


def test_the_import_services_refuse_someone_elses_preview(personas):
    from django.core.exceptions import PermissionDenied

    from measures.models import ImportPreview
    from measures.services import cancel_import, confirm_import, keep_import_preview

    preview = keep_import_preview(
        network=personas.network, user=personas.climate_manager_a, file_name="a.csv", rows=[]
    )
    for service in (cancel_import, confirm_import):
        with pytest.raises(PermissionDenied):
            service(preview=preview, user=personas.coordinator)
    assert ImportPreview.objects.get(pk=preview.pk).state == "pending"
