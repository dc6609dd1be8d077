"""The evidence behind the savings in the measures' spreadsheets (issue 34): exported,
in the template, read on import with German messages by the model's own rules, and
the same after a round trip. The coordination's check is exported only."""

import csv
import datetime
import io
from decimal import Decimal

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from measures import services
from measures.models import Measure
from measures.services import add_document, check_measure, import_measures
from measures.spreadsheets import (
    HEADERS,
    IMPORT_HEADERS,
    export_csv,
    export_xlsx,
    read_rows,
    template_xlsx,
    validate_rows,
)
from tests.factories import FocusAreaFactory, png_upload

pytestmark = pytest.mark.django_db

EVIDENCE_FIELDS = [
    "evidence", "measured_from", "measured_until", "consumption_before_kwh",
    "consumption_after_kwh", "evidence_source", "evidence_note",
]  # fmt: skip
HEADER = (
    "Kommune;Themenschwerpunkt;Titel;Nachweis;Messzeitraum von;Messzeitraum bis;"
    "Verbrauch vorher (kWh);Verbrauch nachher (kWh);Quelle der Berechnung;Methode"
)


@pytest.fixture
def setup(personas):
    """Four measures of the test network, one for each way of finding the savings and
    one without; the measured one checked by the coordination."""
    area = FocusAreaFactory(name="Gebäude", slug="test-gebaeude")
    personas.network.focus_areas.add(area)
    personas.area = area

    def saved(title: str, **evidence) -> Measure:
        return services.save_measure(
            measure=Measure(
                participation=personas.participation_a, focus_area=area, title=title, **evidence
            )
        )

    measured = saved(
        "Heizung Turnhalle",
        evidence="measured",
        measured_from=datetime.date(2023, 1, 1),
        measured_until=datetime.date(2023, 12, 31),
        consumption_before_kwh=Decimal("180000.50"),
        consumption_after_kwh=Decimal("120000.00"),
        evidence_note="Gaszähler abgelesen;\nwitterungsbereinigt",
    )
    document = add_document(measure=measured, user=personas.coordinator, upload=png_upload())
    measured.refresh_from_db()
    personas.checked = check_measure(
        measure=measured,
        user=personas.coordinator,
        document=document,
        base_version=measured.version,
    )
    saved(
        "LED Rathaus",
        evidence="calculated",
        evidence_source="Energieaudit Ingenieurbüro Nord, 2022",
        evidence_note="Leistung mal Brenndauer",
    )
    saved("Dämmung Kita", evidence="estimated", evidence_note="Erfahrungswert")
    saved("Ohne Angabe")
    return personas


def network_measures(personas):
    return Measure.objects.filter(participation__network=personas.network).order_by("title")


def upload(content: bytes | str, name: str = "import.csv"):
    return SimpleUploadedFile(name, content.encode() if isinstance(content, str) else content)


def checked_rows(setup, *lines: str):
    content = "\r\n".join([HEADER, *lines])
    return validate_rows(read_rows(upload(content)), network=setup.network, user=setup.coordinator)


def test_the_evidence_and_the_check_are_exported_as_csv(setup):
    text = export_csv(network_measures(setup)).decode("utf-8-sig")
    rows = [dict(zip(HEADERS, r, strict=True))
            for r in csv.reader(io.StringIO(text), delimiter=";")][1:]  # fmt: skip
    by_title = {row["Titel"]: row for row in rows}
    measured = by_title["Heizung Turnhalle"]
    checked_at = timezone.localtime(setup.checked.checked_at).strftime("%d.%m.%Y %H:%M")
    evidence_headers = HEADERS[HEADERS.index("Nachweis") : HEADERS.index("Geprüft von") + 1]
    assert {header: measured[header] for header in evidence_headers} == {
        "Nachweis": "gemessen",
        "Messzeitraum von": "01.01.2023",
        "Messzeitraum bis": "31.12.2023",
        "Verbrauch vorher (kWh)": "180000,50",
        "Verbrauch nachher (kWh)": "120000,00",
        "Quelle der Berechnung": "",
        "Methode": "Gaszähler abgelesen;\nwitterungsbereinigt",
        "Geprüft am": checked_at,
        "Geprüft von": setup.coordinator.name,
    }
    assert setup.coordinator.name
    assert by_title["LED Rathaus"]["Nachweis"] == "berechnet"
    assert (
        by_title["LED Rathaus"]["Quelle der Berechnung"] == "Energieaudit Ingenieurbüro Nord, 2022"
    )
    assert by_title["Dämmung Kita"]["Nachweis"] == "geschätzt"
    assert by_title["Ohne Angabe"]["Nachweis"] == ""
    assert by_title["Ohne Angabe"]["Geprüft am"] == ""
    assert by_title["Ohne Angabe"]["Geprüft von"] == ""


def test_the_evidence_is_exported_as_real_cells_in_xlsx(setup):
    workbook = openpyxl.load_workbook(io.BytesIO(export_xlsx(network_measures(setup))))
    sheet = workbook["Maßnahmen"]
    columns = {header: index for index, header in enumerate(HEADERS)}
    measured = next(
        r for r in sheet.iter_rows(min_row=2) if r[columns["Titel"]].value == "Heizung Turnhalle"
    )
    start = measured[columns["Messzeitraum von"]]
    assert start.is_date
    assert start.value.date() == datetime.date(2023, 1, 1)
    assert start.number_format == "DD.MM.YYYY"
    before = measured[columns["Verbrauch vorher (kWh)"]]
    assert before.data_type == "n"
    assert Decimal(str(before.value)) == Decimal("180000.5")
    checked_at = measured[columns["Geprüft am"]]
    assert checked_at.is_date
    expected = timezone.localtime(setup.checked.checked_at).replace(tzinfo=None, microsecond=0)
    assert checked_at.value == expected


def test_the_check_is_exported_but_not_imported(setup):
    assert "Geprüft am" in HEADERS
    assert "Geprüft von" in HEADERS
    assert "Geprüft am" not in IMPORT_HEADERS
    assert "Geprüft von" not in IMPORT_HEADERS
    content = "\r\n".join(
        [
            "Kommune;Themenschwerpunkt;Titel;Geprüft am;Geprüft von",
            "Altenbeken;Gebäude;Behauptet geprüft;01.02.2024 10:00;Jemand",
        ]
    )
    rows = validate_rows(read_rows(upload(content)), network=setup.network, user=setup.coordinator)
    assert rows[0].errors == []
    assert rows[0].measure.checked_at is None
    assert rows[0].measure.checked_by is None


@pytest.mark.parametrize("kind", ["csv", "xlsx"])
def test_an_exported_file_imported_again_gives_the_same_evidence(setup, kind):
    originals = list(network_measures(setup))
    data = export_csv(originals) if kind == "csv" else export_xlsx(originals)
    rows = validate_rows(
        read_rows(upload(data, f"export.{kind}")), network=setup.network, user=setup.coordinator
    )
    assert [row.errors for row in rows] == [[], [], [], []]
    record = import_measures(
        network=setup.network, user=setup.coordinator, file_name=f"export.{kind}", rows=rows
    )
    imported = list(record.measures.order_by("title"))
    assert [m.title for m in imported] == [m.title for m in originals]
    for original, copy in zip(originals, imported, strict=True):
        assert copy.pk != original.pk
        for name in EVIDENCE_FIELDS:
            assert getattr(copy, name) == getattr(original, name), (original.title, name)
        # The coordination's check stays with the measure it was made on.
        assert copy.checked_at is None
        assert copy.checked_by is None
    assert originals[1].checked_at is not None  # "Heizung Turnhalle" was checked


def test_the_evidence_is_read_by_its_label_in_either_language_or_its_value(setup):
    rows = checked_rows(
        setup,
        "Altenbeken;Gebäude;A;Geschätzt;;;;;;",
        "Altenbeken;Gebäude;B;estimated;;;;;;",
        "Altenbeken;Gebäude;C;Calculated;;;;;Studie 2021;",
        "Altenbeken;Gebäude;D;gemessen;;;1.000;800;;Zähler",
    )
    assert [row.errors for row in rows] == [[], [], [], []]
    assert [row.measure.evidence for row in rows] == [
        "estimated", "estimated", "calculated", "measured",
    ]  # fmt: skip
    assert rows[3].measure.consumption_before_kwh == Decimal("1000")
    assert rows[3].measure.evidence_note == "Zähler"


def test_an_unknown_evidence_lists_the_valid_ones_and_nothing_else_about_the_evidence(setup):
    rows = checked_rows(setup, "Altenbeken;Gebäude;A;gemesen;01.01.2023;31.12.2023;1000;800;;")
    assert rows[0].errors == [
        "Nachweis: Unbekannter Nachweis „gemesen“ (erlaubt: gemessen, berechnet, geschätzt)."
    ]
    assert rows[0].measure is None


def test_bad_evidence_rows_are_reported_in_german_by_the_models_rules(setup):
    rows = checked_rows(
        setup,
        "Altenbeken;Gebäude;Ende vor Beginn;gemessen;01.06.2023;01.01.2023;1000;800;;",
        "Altenbeken;Gebäude;Nur Beginn;gemessen;01.06.2023;;1000;800;;",
        "Altenbeken;Gebäude;Ohne Verbrauch;gemessen;;;;;;",
        "Altenbeken;Gebäude;Negativ;gemessen;;;-5;800;;",
        "Altenbeken;Gebäude;Ohne Quelle;berechnet;;;;;;",
        "Altenbeken;Gebäude;Geschätzt gemessen;geschätzt;01.01.2023;31.12.2023;;;;",
        "Altenbeken;Gebäude;Kein Datum;gemessen;32.01.2023;31.12.2023;1000;800;;",
        "Altenbeken;Gebäude;Keine Zahl;gemessen;;;viel;800;;",
    )
    errors = {row.values["Titel"]: row.errors for row in rows}
    assert errors == {
        "Ende vor Beginn": [
            "Messzeitraum bis: Das Ende des Messzeitraums muss nach seinem Beginn liegen."
        ],
        "Nur Beginn": ["Messzeitraum bis: Bitte den Messzeitraum mit Beginn und Ende angeben."],
        "Ohne Verbrauch": [
            "Verbrauch vorher (kWh): Für eine gemessene Einsparung bitte den Verbrauch "
            "vorher und nachher angeben.",
            "Verbrauch nachher (kWh): Für eine gemessene Einsparung bitte den Verbrauch "
            "vorher und nachher angeben.",
        ],
        "Negativ": ["Verbrauch vorher (kWh): Ein Verbrauch kann nicht negativ sein."],
        "Ohne Quelle": [
            "Quelle der Berechnung: Bitte die Studie oder das Energieaudit nennen, aus dem "
            "die Berechnung stammt."
        ],
        "Geschätzt gemessen": [
            "Messzeitraum von: Messzeitraum und Verbrauch nur bei einer gemessenen "
            "Einsparung angeben."
        ],
        "Kein Datum": ["Messzeitraum von: „32.01.2023“ ist kein Datum (TT.MM.JJJJ)."],
        "Keine Zahl": ["Verbrauch vorher (kWh): „viel“ ist keine Zahl (z. B. 1.234,5)."],
    }
    assert all(row.measure is None for row in rows)


def test_the_template_names_the_evidence_and_its_example_row_has_one(setup):
    workbook = openpyxl.load_workbook(io.BytesIO(template_xlsx(setup.network)))
    hints = [(row[0].value, row[1].value) for row in workbook["Hinweise"].iter_rows()]
    start = hints.index(("Nachweis", None), hints.index(("Status", None)))
    assert hints[start + 1 : start + 4] == [
        ("gemessen", "mit Verbrauch vorher und nachher"),
        ("berechnet", "mit der Quelle der Berechnung"),
        ("geschätzt", None),
    ]
    assert ("Geprüft am", "ignoriert") in hints
    assert ("Nachweis", "gelesen") in hints
    sheet = workbook["Maßnahmen"]
    example = dict(zip(HEADERS, [c.value for c in sheet[2]], strict=True))
    assert example["Nachweis"] == "geschätzt"
    rows = validate_rows(
        read_rows(upload(template_xlsx(setup.network), "vorlage.xlsx")),
        network=setup.network,
        user=setup.coordinator,
    )
    assert rows[0].errors == []
    assert rows[0].measure.evidence == "estimated"
