"""The public page and the files of a published data set: only the published fields,
text that spreadsheets do not run, and nothing at all before publishing."""

import csv
import datetime
import io
import json
from decimal import Decimal

import pytest
from django.urls import reverse

from measures.models import EnergyCarrier, Measure, ProgressNote
from measures.services import add_document, save_measure
from opendata.services import set_publication
from tests.factories import (
    FocusAreaFactory,
    MunicipalityFactory,
    ParticipationFactory,
    energy,
    png_upload,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("module_personas")]

SECRETS = {
    "description": "Frau Geheim-Beschreibung plant das mit dem Hausmeister",
    "responsible": "Herr Verantwortlich-Geheim",
    "note": "Notiz: Bürgermeister Geheimnotiz ist dagegen",
    "reason": "Begründung mit Name Geheimbegründung",
}
URL_NAMES = ("opendata_dataset", "opendata_csv", "opendata_json")


def carrier(slug: str) -> EnergyCarrier:
    return EnergyCarrier.objects.get(slug=slug)


@pytest.fixture
def network(personas):
    network = personas.network
    network.is_public = True
    network.save()
    return network


@pytest.fixture
def heat_pump(personas, network):
    """A completed heat pump of municipality A, with everything a measure may say about
    people: a description, who is responsible, a progress note, a document."""
    area = FocusAreaFactory(name="Liegenschaften")
    network.focus_areas.add(area)
    measure = Measure(
        participation=personas.participation_a,
        focus_area=area,
        title="Wärmepumpe Grundschule",
        description=SECRETS["description"],
        responsible=SECRETS["responsible"],
        status=Measure.Status.COMPLETED,
        planned_start=datetime.date(2023, 1, 1),
        planned_end=datetime.date(2024, 3, 31),
        started_on=datetime.date(2023, 2, 1),
        completed_on=datetime.date(2024, 6, 30),
        investment_eur=Decimal("85000.00"),
        subsidy_eur=Decimal("34000.00"),
        lifetime_years=20,
    )
    save_measure(
        measure=measure,
        user=personas.climate_manager_a,
        energy=[
            energy(carrier("heizoel"), "100000", "saved"),
            energy(carrier("strom"), "30000", "added"),
        ],
    )
    ProgressNote.objects.create(measure=measure, text=SECRETS["note"], author=personas.coordinator)
    add_document(measure=measure, user=personas.coordinator, upload=png_upload())
    return measure


@pytest.fixture
def formula(personas, network):
    """A measure of a municipality typed to run as a formula in a spreadsheet."""
    area = FocusAreaFactory(name="@SUMME(A1)")
    network.focus_areas.add(area)
    municipality = MunicipalityFactory(name="=Kommune")
    participation = ParticipationFactory(network=network, municipality=municipality)
    measure = Measure(
        participation=participation,
        focus_area=area,
        title='=HYPERLINK("http://example.org","klick")',
        co2_manual=True,
        co2_savings_t=Decimal("-1.500"),
        co2_manual_reason=SECRETS["reason"],
    )
    return save_measure(measure=measure, user=personas.coordinator)


def published(network, personas, licence="dl-by-de/2.0"):
    return set_publication(
        network=network, user=personas.coordinator, publish=True, licence=licence, base_version=0
    )


def csv_rows(client, network) -> list[dict]:
    response = client.get(reverse("opendata_csv", args=[network.slug]))
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert not response.content.startswith(b"\xef\xbb\xbf")  # UTF-8 without BOM
    return list(csv.DictReader(io.StringIO(response.content.decode("utf-8"))))


def test_nothing_is_public_before_publishing(client, personas, network, heat_pump):
    for name in URL_NAMES:
        assert client.get(reverse(name, args=[network.slug])).status_code == 404, name
    assert network.name not in client.get(reverse("opendata_index")).content.decode()
    assert network.slug not in client.get(reverse("opendata_catalogue_ttl")).content.decode()


def test_a_published_data_set_of_a_network_made_private_is_gone(client, personas, network):
    published(network, personas)
    network.is_public = False
    network.save()
    for name in URL_NAMES:
        assert client.get(reverse(name, args=[network.slug])).status_code == 404, name
    assert network.slug not in client.get(reverse("opendata_catalogue_ttl")).content.decode()


def test_even_a_member_sees_no_data_set_before_publishing(client, personas, network):
    client.force_login(personas.climate_manager_a)
    for name in URL_NAMES:
        assert client.get(reverse(name, args=[network.slug])).status_code == 404, name


def test_no_person_note_description_or_document_reaches_the_files(
    client, personas, network, heat_pump, formula
):
    published(network, personas)
    names = [
        personas.coordinator.get_full_name(),
        personas.climate_manager_a.get_full_name(),
        personas.coordinator.email,
        personas.climate_manager_a.email,
    ]
    document = heat_pump.documents.get()
    for name in URL_NAMES:
        text = client.get(reverse(name, args=[network.slug])).content.decode()
        for secret in [*SECRETS.values(), *names, document.name, "Geheim"]:
            assert secret not in text, (name, secret)
        if name != "opendata_dataset":  # the page describes, the files list
            assert "Wärmepumpe Grundschule" in text


def test_the_csv_has_the_published_fields_of_each_measure(client, personas, network, heat_pump):
    published(network, personas)
    (row,) = csv_rows(client, network)
    assert {key: value for key, value in row.items() if value} == {
        "massnahme_id": str(heat_pump.pk),
        "kommune": "Altenbeken",
        "ags": personas.municipality_a.ags,
        "themenschwerpunkt": "Liegenschaften",
        "titel": "Wärmepumpe Grundschule",
        "status": "completed",
        "geplanter_beginn": "2023-01-01",
        "geplanter_abschluss": "2024-03-31",
        "tatsaechlicher_beginn": "2023-02-01",
        "tatsaechlicher_abschluss": "2024-06-30",
        "investition_eur": "85000.00",
        "foerdermittel_eur": "34000.00",
        "endenergieeinsparung_kwh_a": "70000.00",
        # BAFA 2021: 100,000 kWh × 0.266 kg − 30,000 kWh × 0.380 kg = 15.2 t CO₂.
        "thg_einsparung_t_a": "15.200",
        "thg_bilanzgroesse": "CO₂",
        "faktorbasis": "BAFA 2021 (CO₂)",
        "thg_von_hand": "false",
        "nutzungsdauer_jahre": "20",
        "endenergie_heizoel_kwh_a": "100000.00",
        "endenergie_strom_kwh_a": "-30000.00",
    }
    assert "endenergie_erdgas_kwh_a" in row  # every carrier has its column


def test_the_json_has_the_same_fields_as_numbers_and_the_licence(
    client, personas, network, heat_pump
):
    published(network, personas)
    response = client.get(reverse("opendata_json", args=[network.slug]))
    assert response["Content-Type"] == "application/json"
    document = json.loads(response.content)
    assert document["lizenz"] == "http://dcat-ap.de/def/licenses/dl-by-de/2.0"
    assert document["herausgeber"] == "Westfalen Weser (Test)"
    assert document["zeitraum"] == {"beginn": "2022-07-01", "ende": "2025-06-30"}
    (measure,) = document["massnahmen"]
    assert measure["thg_einsparung_t_a"] == 15.2
    assert measure["endenergie_strom_kwh_a"] == -30000.0
    assert measure["investition_eur"] == 85000.0
    assert measure["tatsaechlicher_abschluss"] == "2024-06-30"
    assert measure["thg_von_hand"] is False
    assert set(measure) == set(csv_rows(client, network)[0])


def test_text_that_would_run_as_a_formula_is_shown_as_text(client, personas, network, formula):
    published(network, personas)
    (row,) = csv_rows(client, network)
    assert row["titel"] == '\'=HYPERLINK("http://example.org","klick")'
    assert row["kommune"] == "'=Kommune"
    assert row["themenschwerpunkt"] == "'@SUMME(A1)"
    assert row["thg_einsparung_t_a"] == "-1.500"  # a number stays a number
    assert row["thg_von_hand"] == "true"
    measure = json.loads(client.get(reverse("opendata_json", args=[network.slug])).content)
    assert measure["massnahmen"][0]["titel"] == '=HYPERLINK("http://example.org","klick")'


def test_the_page_describes_the_data_set(client, personas, network, heat_pump):
    published(network, personas, licence="cc-by/4.0")
    html = client.get(reverse("opendata_dataset", args=[network.slug])).content.decode()
    assert "Klimaschutzmaßnahmen im Netzwerk Test" in html
    assert "Westfalen Weser (Test)" in html
    assert "https://creativecommons.org/licenses/by/4.0/deed.de" in html
    assert personas.municipality_a.ags in html and personas.municipality_b.ags in html
    assert reverse("opendata_csv", args=[network.slug]) in html
    assert reverse("opendata_json", args=[network.slug]) in html
    index = client.get(reverse("opendata_index")).content.decode()
    assert reverse("opendata_dataset", args=[network.slug]) in index


def test_the_files_answer_not_modified_until_a_measure_changes(
    client, personas, network, heat_pump
):
    published(network, personas)
    url = reverse("opendata_csv", args=[network.slug])
    first = client.get(url)
    assert first["Cache-Control"] == "public, max-age=300"
    assert client.get(url, HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 304
    since = client.get(url, HTTP_IF_MODIFIED_SINCE=first["Last-Modified"])
    assert since.status_code == 304
    heat_pump.title = "Wärmepumpe Grundschule Nord"
    save_measure(measure=heat_pump, user=personas.coordinator)
    again = client.get(url, HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 200
    assert "Wärmepumpe Grundschule Nord" in again.content.decode()


def test_head_answers_like_get_without_a_body_and_other_methods_get_405(client, personas, network):
    """Harvesters and link checkers ask with HEAD first."""
    published(network, personas)
    urls = [reverse(name, args=[network.slug]) for name in URL_NAMES] + [
        reverse(name)
        for name in ("opendata_index", "opendata_catalogue_ttl", "opendata_catalogue_jsonld")
    ]
    for url in urls:
        head = client.head(url)
        assert head.status_code == 200, url
        assert head.content == b""
        assert head["Content-Type"] == client.get(url)["Content-Type"]
        assert client.post(url).status_code == 405, url
