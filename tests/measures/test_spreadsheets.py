import csv
import datetime
import io
from decimal import Decimal

import openpyxl
import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext

from measures import services
from measures.models import Measure, MeasureImport
from measures.services import import_measures
from measures.spreadsheets import (
    HEADERS,
    export_csv,
    export_xlsx,
    parse_decimal,
    read_rows,
    template_xlsx,
    validate_rows,
)
from tests.factories import (
    EmissionFactorFactory,
    EnergyCarrierFactory,
    FocusAreaFactory,
    MeasureFactory,
    energy,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("module_personas")]

HEADER_LINE = (
    "Netzwerk;Förderkennzeichen;Kommune;AGS;Themenschwerpunkt;Kategorie;Titel;Beschreibung;"
    "Status;"
    "Verantwortlich;Geplanter Beginn;Geplanter Abschluss;Tatsächlicher Beginn;"
    "Tatsächlicher Abschluss;Investition (EUR);Fördermittel (EUR);"
    "Endenergieeinsparung (kWh/a);Energieträger;Zusätzlich bezogen (kWh/a);"
    "Zusätzlicher Energieträger;Endenergie netto (kWh/a);Nutzungsdauer (Jahre);"
    "THG-Einsparung (t/a);THG von Hand (ja/nein);Begründung Handeingabe;Nachweis;"
    "Messzeitraum von;Messzeitraum bis;Verbrauch vorher (kWh);Verbrauch nachher (kWh);"
    "Quelle der Berechnung;Methode;Geprüft am;Geprüft von;Faktorbasis;"
    "Bezugsjahr;ID;Geändert am"
)
IMPORT_HEADER = (
    "Kommune;Themenschwerpunkt;Titel;Status;Tatsächlicher Abschluss;Investition (EUR);"
    "Fördermittel (EUR);Endenergieeinsparung (kWh/a);Energieträger"
)


@pytest.fixture
def setup(personas):
    """Two saved measures of the test network, one with computed CO2 savings."""
    gas = EnergyCarrierFactory(name="Testgas", slug="testgas")
    EmissionFactorFactory(carrier=gas, year=2021, kg_per_kwh=Decimal("0.201"))
    buildings = FocusAreaFactory(name="Gebäude", slug="test-gebaeude")
    lighting = FocusAreaFactory(name="Beleuchtung", slug="test-beleuchtung")
    personas.network.focus_areas.add(buildings, lighting)
    heating = services.save_measure(
        measure=Measure(
            participation=personas.participation_a,
            focus_area=buildings,
            title="Heizungstausch Rathaus",
            description="Brennwertkessel;\nalte Anlage raus",
            status=Measure.Status.COMPLETED,
            responsible="Bauamt",
            started_on=datetime.date(2023, 3, 1),
            completed_on=datetime.date(2023, 11, 30),
            investment_eur=Decimal("1234567.50"),
            subsidy_eur=Decimal("250000.00"),
        ),
        energy=[energy(gas, "120000.00")],
    )
    lamps = services.save_measure(
        measure=Measure(
            participation=personas.participation_b,
            focus_area=lighting,
            title="LED in der Turnhalle",
            planned_start=datetime.date(2024, 2, 1),
            planned_end=datetime.date(2024, 5, 31),
            co2_manual=True,
            co2_savings_t=Decimal("3.500"),
            co2_manual_reason="Messung des Stadtwerks",
        )
    )
    personas.gas = gas
    personas.buildings = buildings
    personas.lighting = lighting
    personas.heating = heating
    personas.lamps = lamps
    return personas


def upload(content: bytes | str, name: str = "import.csv", encoding: str = "utf-8"):
    data = content.encode(encoding) if isinstance(content, str) else content
    return SimpleUploadedFile(name, data)


def network_measures(personas):
    return Measure.objects.filter(participation__network=personas.network).order_by("title")


# --- export -------------------------------------------------------------------


def test_csv_has_bom_semicolons_decimal_comma_german_dates_and_the_exact_header(setup):
    data = export_csv(network_measures(setup))
    assert data.startswith(b"\xef\xbb\xbf")
    text = data.decode("utf-8-sig")
    lines = text.split("\r\n")
    assert lines[0] == HEADER_LINE
    assert lines[0].split(";") == list(HEADERS)
    assert text.endswith("\r\n")
    heating = next(r for r in csv.reader(io.StringIO(text), delimiter=";") if "Heizung" in r[6])
    row = dict(zip(HEADERS, heating, strict=True))
    assert row["Kommune"] == "Altenbeken"
    assert row["AGS"] == setup.municipality_a.ags
    assert row["Status"] == "abgeschlossen"
    assert row["Tatsächlicher Abschluss"] == "30.11.2023"
    assert row["Geplanter Beginn"] == ""
    assert row["Investition (EUR)"] == "1234567,50"
    assert row["THG-Einsparung (t/a)"] == "24,120"
    assert row["Faktorbasis"] == "BAFA 2021 (CO₂)"
    assert row["Endenergie netto (kWh/a)"] == "120000,00"
    assert row["THG von Hand (ja/nein)"] == "nein"
    assert row["Energieträger"] == "Testgas"
    assert row["Bezugsjahr"] == "2023"
    assert row["Förderkennzeichen"] == "67K18876"
    assert row["Beschreibung"] == "Brennwertkessel;\nalte Anlage raus"


def test_each_measure_is_exported_with_its_municipalitys_own_funding_code_if_it_has_one(setup):
    setup.participation_b.funding_code = "67K18876B"
    setup.participation_b.save()
    text = export_csv(network_measures(setup)).decode("utf-8-sig")
    rows = [dict(zip(HEADERS, r, strict=True))
            for r in csv.reader(io.StringIO(text), delimiter=";")][1:]  # fmt: skip
    codes = {row["Kommune"]: row["Förderkennzeichen"] for row in rows}
    assert codes == {"Altenbeken": "67K18876", "Borchen": "67K18876B"}


def test_csv_headers_and_status_stay_german_in_an_english_interface(setup):
    from django.utils import translation

    with translation.override("en"):
        text = export_csv(network_measures(setup)).decode("utf-8-sig")
    assert text.split("\r\n")[0] == HEADER_LINE
    assert ";abgeschlossen;" in text


def test_xlsx_has_a_bold_frozen_header_numeric_and_date_cells_and_every_row(setup):
    workbook = openpyxl.load_workbook(io.BytesIO(export_xlsx(network_measures(setup))))
    sheet = workbook["Maßnahmen"]
    assert sheet.freeze_panes == "A2"
    assert [c.value for c in sheet[1]] == list(HEADERS)
    assert all(c.font.bold for c in sheet[1])
    assert sheet.auto_filter.ref.startswith("A1:")
    columns = {header: index for index, header in enumerate(HEADERS)}
    rows = list(sheet.iter_rows(min_row=2))
    assert [r[columns["Titel"]].value for r in rows] == [m.title for m in network_measures(setup)]
    heating = rows[0]
    investment = heating[columns["Investition (EUR)"]]
    assert investment.data_type == "n"
    assert Decimal(str(investment.value)) == Decimal("1234567.5")
    assert investment.number_format == "#,##0.00"
    assert heating[columns["THG-Einsparung (t/a)"]].data_type == "n"
    assert heating[columns["ID"]].value == setup.heating.pk
    completed = heating[columns["Tatsächlicher Abschluss"]]
    assert completed.is_date
    assert completed.value.date() == datetime.date(2023, 11, 30)
    assert completed.number_format == "DD.MM.YYYY"
    assert heating[columns["Geplanter Beginn"]].value is None
    assert heating[columns["AGS"]].data_type == "s"


def test_checking_an_import_runs_the_same_number_of_queries_for_1_and_200_rows(setup):
    """Focus areas, carriers and their factors are read once per file, not per row
    (2,000 rows took 5,192 queries)."""

    def count(rows: int) -> tuple[int, list]:
        lines = [IMPORT_HEADER] + [
            f"Altenbeken;Gebäude;Maßnahme {n};abgeschlossen;01.03.2023;10.000;2.000;"
            f"{1000 + n};Testgas"
            for n in range(rows)
        ]
        read = read_rows(upload("\r\n".join(lines)))
        with CaptureQueriesContext(connection) as queries:
            checked = validate_rows(read, network=setup.network, user=setup.coordinator)
        return len(queries), checked

    one, _rows = count(1)
    many, checked = count(200)
    assert many == one
    assert all(row.errors == [] for row in checked)
    # The factor found for each row is the one of its year (Testgas, 0.201 from 2021).
    factors = {line.factor.kg_per_kwh for row in checked for line in row.measure.energy_lines()}
    assert factors == {Decimal("0.201")}
    assert checked[5].measure.co2_savings_t == Decimal("0.202")  # 1,005 kWh × 0.201 kg


def test_export_runs_the_same_number_of_queries_for_1_and_10_measures(setup):
    def count():
        with CaptureQueriesContext(connection) as queries:
            export_csv(network_measures(setup))
            export_xlsx(network_measures(setup))
        return len(queries)

    Measure.objects.exclude(pk=setup.heating.pk).delete()
    one = count()
    for number in range(9):
        MeasureFactory(
            participation=setup.participation_b,
            focus_area=setup.lighting,
            title=f"Maßnahme {number}",
        ).energy.create(carrier=setup.gas, kwh=Decimal(1000))
    assert network_measures(setup).count() == 10
    assert count() == one


def test_formula_like_text_is_exported_so_spreadsheets_do_not_run_it(setup):
    setup.lamps.title = '=HYPERLINK("http://böse.example","Klick")'
    setup.lamps.responsible = "@Bauamt"
    setup.lamps.save()
    text = export_csv(network_measures(setup)).decode("utf-8-sig")
    assert ';"\'=HYPERLINK(""http://böse.example"",""Klick"")";' in text
    assert ";'@Bauamt;" in text

    workbook = openpyxl.load_workbook(io.BytesIO(export_xlsx(network_measures(setup))))
    sheet = workbook.active
    titles = [c for c in sheet["G"][1:] if c.value.startswith("=")]
    assert len(titles) == 1
    assert titles[0].data_type == "s"
    assert titles[0].quotePrefix

    # Read back, the text is the original again.
    for data, name in ((text.encode("utf-8-sig"), "x.csv"), (export_xlsx([setup.lamps]), "x.xlsx")):
        rows = read_rows(upload(data, name))
        lamps = next(r for r in rows if r["Kommune"] == "Borchen")
        assert lamps["Titel"] == setup.lamps.title
        assert lamps["Verantwortlich"] == "@Bauamt"


def test_template_has_an_example_row_that_validates_and_a_sheet_of_allowed_values(setup):
    data = template_xlsx(setup.network)
    workbook = openpyxl.load_workbook(io.BytesIO(data))
    assert workbook.sheetnames == ["Maßnahmen", "Hinweise"]
    hints = [c.value for c in workbook["Hinweise"]["A"] if c.value]
    for value in ("geplant", "abgeschlossen", "Testgas", "Gebäude", "Altenbeken", "Borchen"):
        assert value in hints
    ags = [c.value for c in workbook["Hinweise"]["B"] if c.value]
    assert setup.municipality_a.ags in ags
    rows = validate_rows(
        read_rows(upload(data, "vorlage.xlsx")), network=setup.network, user=setup.coordinator
    )
    assert len(rows) == 1
    assert rows[0].errors == []
    assert rows[0].measure.participation == setup.participation_a


# --- reading and checking -----------------------------------------------------


@pytest.mark.parametrize("kind", ["csv", "xlsx"])
def test_round_trip_of_an_export_validates_with_the_same_values(setup, kind):
    measures = list(network_measures(setup))
    data = export_csv(measures) if kind == "csv" else export_xlsx(measures)
    rows = read_rows(upload(data, f"export.{kind}"))
    assert [r.number for r in rows] == [2, 3]
    checked = validate_rows(rows, network=setup.network, user=setup.coordinator)
    assert [row.errors for row in checked] == [[], []]
    fields = [
        "participation_id", "focus_area_id", "title", "description", "status", "responsible",
        "planned_start", "planned_end", "started_on", "completed_on", "investment_eur",
        "subsidy_eur", "energy_savings_kwh", "co2_manual", "co2_manual_reason",
        "co2_savings_t", "lifetime_years",
    ]  # fmt: skip
    for original, row in zip(measures, checked, strict=True):
        assert row.measure.pk is None
        for name in fields:
            assert getattr(row.measure, name) == getattr(original, name), name
        lines = [(line.carrier_id, line.effect, line.kwh, line.factor_id)
                 for line in row.measure.energy_lines()]  # fmt: skip
        assert lines == [(line.carrier_id, line.effect, line.kwh, line.factor_id)
                         for line in original.energy.all()]  # fmt: skip


def test_every_error_is_reported_in_german_on_its_row_and_nothing_is_imported(setup):
    before = Measure.objects.count()
    content = "\r\n".join(
        [
            IMPORT_HEADER,
            "Altenbeken;Gebäude;Gut;geplant;;1000;;;",
            "Altenbeken;Gebäude;Zahl;geplant;;12x;;;",
            "Atlantis;Gebäude;Kommune;geplant;;;;;",
            "Borchen;Raumfahrt;Schwerpunkt;geplant;;;;;",
            "Borchen;Gebäude;Zu viel Förderung;geplant;;1.000,00;2.000,00;;",
            "Borchen;Gebäude;Ohne Datum;abgeschlossen;;;;;",
            "Borchen;Gebäude;Mit Einsparung;geplant;;;;5000;Testgas",
        ]
    )
    rows = validate_rows(read_rows(upload(content)), network=setup.network, user=setup.coordinator)
    errors = {row.number: row.errors for row in rows}
    assert errors[2] == []
    assert errors[3] == ["Investition (EUR): „12x“ ist keine Zahl (z. B. 1.234,5)."]
    assert errors[4] == [
        "Kommune: Unbekannte Kommune „Atlantis“ (nicht im Netzwerk „Netzwerk Test“)."
    ]
    assert errors[5] == [
        "Themenschwerpunkt: Unbekannter Themenschwerpunkt „Raumfahrt“ "
        "(nicht im Netzwerk „Netzwerk Test“)."
    ]
    assert errors[6] == [
        "Fördermittel (EUR): Die Fördermittel dürfen die Investition nicht übersteigen."
    ]
    assert errors[7] == [
        "Tatsächlicher Abschluss: Für eine abgeschlossene Maßnahme bitte das "
        "Abschlussdatum angeben."
    ]
    # No planned dates: the year of today, for which the test factor (2021) applies.
    assert errors[8] == []
    assert rows[0].measure is not None
    assert all(row.measure is None for row in rows[1:6])

    with pytest.raises(ValidationError) as excinfo:
        import_measures(
            network=setup.network, user=setup.coordinator, file_name="import.csv", rows=rows
        )
    assert "Zeile 3, 4, 5, 6, 7" in excinfo.value.messages[0]
    assert Measure.objects.count() == before
    assert not MeasureImport.objects.exists()


def test_more_row_errors_numbers_dates_flags_and_duplicates(setup):
    content = "\r\n".join(
        [
            "AGS;Themenschwerpunkt;Titel;Status;Geplanter Beginn;THG von Hand (ja/nein);"
            "THG-Einsparung (t/a);Begründung Handeingabe",
            f"{setup.municipality_a.ags};test-gebaeude;Eins;in Umsetzung;2024-02-30;vielleicht;;",
            f"{setup.municipality_a.ags};Gebäude;eins;fertig;;ja;;",
            "12345678;Gebäude;Drei;;;;;",
            f"{setup.municipality_c.ags};Gebäude;Vier;;;;;",
        ]
    )
    rows = validate_rows(read_rows(upload(content)), network=setup.network, user=setup.coordinator)
    assert rows[0].errors == [
        "Geplanter Beginn: „2024-02-30“ ist kein Datum (TT.MM.JJJJ).",
        "THG von Hand (ja/nein): „vielleicht“ ist weder „ja“ noch „nein“.",
    ]
    assert rows[1].errors[0].startswith("Status: Unbekannter Status „fertig“ (erlaubt: geplant,")
    assert "THG-Einsparung (t/a): Bitte die THG-Einsparung eintragen." in rows[1].errors
    assert (
        "Begründung Handeingabe: Bitte begründen, warum die THG-Einsparung von Hand "
        "eingetragen wird." in rows[1].errors
    )
    assert rows[1].errors[-1] == (
        "Titel: Die Maßnahme „eins“ für Altenbeken steht schon in Zeile 2."
    )
    assert rows[2].errors == [
        "AGS: Unbekannte Kommune „12345678“ (nicht im Netzwerk „Netzwerk Test“)."
    ]
    assert rows[3].errors == [
        f"AGS: Unbekannte Kommune „{setup.municipality_c.ags}“ (nicht im Netzwerk „Netzwerk Test“)."
    ]


def test_imported_dates_outside_1990_to_2100_are_row_errors(setup):
    content = "\r\n".join(
        [
            "AGS;Themenschwerpunkt;Titel;Status;Geplanter Beginn;Tatsächlicher Abschluss",
            f"{setup.municipality_a.ags};Gebäude;Eins;geplant;01.01.0001;",
            f"{setup.municipality_a.ags};Gebäude;Zwei;abgeschlossen;;31.12.9999",
        ]
    )
    rows = validate_rows(read_rows(upload(content)), network=setup.network, user=setup.coordinator)
    assert rows[0].errors == ["Geplanter Beginn: Bitte ein Datum zwischen 1990 und 2100 angeben."]
    assert rows[1].errors == [
        "Tatsächlicher Abschluss: Bitte ein Datum zwischen 1990 und 2100 angeben."
    ]


def test_checking_loads_the_lookups_once_per_file(setup):
    def count(number):
        content = "\r\n".join(
            [IMPORT_HEADER]
            + [f"Altenbeken;Gebäude;M {n};geplant;;1000;;5000;Testgas" for n in range(number)]
        )
        rows = read_rows(upload(content))
        with CaptureQueriesContext(connection) as queries:
            validate_rows(rows, network=setup.network, user=setup.coordinator)
        return len(queries)

    one, two, ten = count(1), count(2), count(10)
    per_row = two - one
    # Only the model's own rules look something up per row (factor, focus area).
    assert per_row <= 3
    assert ten == one + 9 * per_row


def test_a_valid_file_is_imported_completely_and_recorded(setup):
    before = Measure.objects.count()
    content = "\r\n".join(
        [
            IMPORT_HEADER,
            "altenbeken;Gebäude;Dämmung Schule;in Umsetzung;;1.234,5;;120.000,00;testgas",
            "Borchen;beleuchtung;LED Rathaus;abgeschlossen;31.12.2023;1500;750;;",
        ]
    )
    rows = validate_rows(read_rows(upload(content)), network=setup.network, user=setup.coordinator)
    assert [row.errors for row in rows] == [[], []]
    record = import_measures(
        network=setup.network, user=setup.coordinator, file_name="massnahmen.csv", rows=rows
    )
    assert Measure.objects.count() == before + 2
    record.refresh_from_db()
    assert record.user == setup.coordinator
    assert record.network == setup.network
    assert record.file_name == "massnahmen.csv"
    assert record.rows == 2
    insulation = Measure.objects.get(title="Dämmung Schule")
    assert set(record.measures.all()) == {insulation, Measure.objects.get(title="LED Rathaus")}
    assert insulation.participation == setup.participation_a
    assert insulation.investment_eur == Decimal("1234.50")
    assert insulation.status == Measure.Status.IN_PROGRESS
    assert insulation.co2_savings_t == Decimal("24.120")
    assert insulation.history.get().history_user == setup.coordinator


def test_a_failure_in_the_middle_keeps_nothing(setup, monkeypatch):
    before = Measure.objects.count()
    content = "\r\n".join(
        [IMPORT_HEADER] + [f"Altenbeken;Gebäude;Maßnahme {n};geplant;;;;;" for n in range(3)]
    )
    rows = validate_rows(read_rows(upload(content)), network=setup.network, user=setup.coordinator)
    original = services.save_measure
    calls = []

    def failing(*, measure, user=None):
        calls.append(measure.title)
        if len(calls) == 2:
            raise RuntimeError("Datenbank weg")
        return original(measure=measure, user=user)

    monkeypatch.setattr(services.imports, "save_measure", failing)
    with pytest.raises(RuntimeError):
        import_measures(network=setup.network, user=setup.coordinator, file_name="x.csv", rows=rows)
    assert calls == ["Maßnahme 0", "Maßnahme 1"]
    assert Measure.objects.count() == before
    assert not MeasureImport.objects.exists()

    # After the cause is gone, the same rows can be imported.
    monkeypatch.setattr(services.imports, "save_measure", original)
    import_measures(network=setup.network, user=setup.coordinator, file_name="x.csv", rows=rows)
    assert Measure.objects.count() == before + 3


@pytest.mark.usefixtures("running_networks")
def test_a_climate_manager_cannot_import_measures_of_another_municipality(setup):
    content = "\r\n".join(
        [
            IMPORT_HEADER,
            "Altenbeken;Gebäude;Eigene;geplant;;;;;",
            "Borchen;Gebäude;Fremde;geplant;;;;;",
        ]
    )
    rows = validate_rows(
        read_rows(upload(content)), network=setup.network, user=setup.climate_manager_a
    )
    assert rows[0].errors == []
    assert rows[1].errors == [
        "Kommune: Sie dürfen keine Maßnahmen für „Borchen“ in diesem Netzwerk anlegen."
    ]
    # Even rows checked for somebody else are refused on import.
    coordinator_rows = validate_rows(
        read_rows(upload(content)), network=setup.network, user=setup.coordinator
    )
    with pytest.raises(PermissionDenied):
        import_measures(
            network=setup.network,
            user=setup.climate_manager_a,
            file_name="x.csv",
            rows=coordinator_rows,
        )
    with pytest.raises(PermissionDenied):
        import_measures(
            network=setup.network,
            user=setup.outsider,
            file_name="x.csv",
            rows=coordinator_rows[:1],
        )
    assert not Measure.objects.filter(title__in=["Eigene", "Fremde"]).exists()
    record = import_measures(
        network=setup.network, user=setup.climate_manager_a, file_name="x.csv", rows=rows[:1]
    )
    assert record.measures.get().title == "Eigene"


def test_cp1252_csv_with_umlauts_and_commas_is_read(setup):
    content = (
        "Kommune,Themenschwerpunkt,Titel,Verantwortlich\r\n"
        "Altenbeken,Gebäude,Öffentliche Straßen,Grünflächenamt\r\n"
    )
    rows = read_rows(upload(content, encoding="cp1252"))
    assert rows == [
        {
            "Kommune": "Altenbeken",
            "Themenschwerpunkt": "Gebäude",
            "Titel": "Öffentliche Straßen",
            "Verantwortlich": "Grünflächenamt",
        }
    ]


def test_headers_are_matched_loosely_and_empty_rows_skipped_but_counted(setup):
    content = " kommune ;THEMENSCHWERPUNKT;Titel\n;;\nAltenbeken;Gebäude;Eins\n"
    rows = read_rows(upload(content))
    assert rows == [{"Kommune": "Altenbeken", "Themenschwerpunkt": "Gebäude", "Titel": "Eins"}]
    assert rows[0].number == 3


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1.234,5", Decimal("1234.5")),
        ("1234,5", Decimal("1234.5")),
        ("1234.5", Decimal("1234.5")),
        ("1.234.567", Decimal("1234567")),
        ("1.234.567,89", Decimal("1234567.89")),
        ("12.000", Decimal("12000")),
        ("0.201", Decimal("0.201")),
        (" 12 000 ", Decimal("12000")),
        ("", None),
    ],
)
def test_numbers_are_read_as_people_type_them(text, expected):
    assert parse_decimal(text) == expected


@pytest.mark.parametrize("text", ["12x", "1,2,3", "1.23,4", "1e5", "NaN", "12.34.5"])
def test_unreadable_numbers_are_refused(text):
    with pytest.raises(ValueError):
        parse_decimal(text)


def test_missing_headers_are_listed(setup):
    with pytest.raises(ValidationError) as excinfo:
        read_rows(upload("Titel;Beschreibung\r\nEins;Zwei\r\n"))
    assert excinfo.value.messages == [
        "In der Kopfzeile fehlen diese Spalten: „Kommune oder AGS“, „Themenschwerpunkt“."
    ]


def test_more_than_2000_rows_are_refused(setup):
    content = "Kommune;Themenschwerpunkt;Titel\r\n" + "A;B;C\r\n" * 2001
    with pytest.raises(ValidationError) as excinfo:
        read_rows(upload(content))
    assert "mehr als 2000 Zeilen" in excinfo.value.messages[0]
    assert len(read_rows(upload("Kommune;Themenschwerpunkt;Titel\r\n" + "A;B;C\r\n" * 2000))) == (
        2000
    )


@pytest.mark.parametrize(
    "data",
    [b"PK\x03\x04kaputt", b"\x00\x01\x02\xff\xfe\x00", b"\xd0\xcf\x11\xe0alt", b""],
)
def test_unreadable_files_are_refused_in_german(setup, data):
    with pytest.raises(ValidationError) as excinfo:
        read_rows(upload(data, "datei.xlsx"))
    assert excinfo.value.messages[0].startswith(("Die Datei", "Alte Excel-Dateien"))


def test_import_without_rows_is_refused(setup):
    with pytest.raises(ValidationError):
        import_measures(network=setup.network, user=setup.coordinator, file_name="x", rows=[])
