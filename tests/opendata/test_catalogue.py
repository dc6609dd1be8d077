"""The catalogue in DCAT-AP.de, read back with rdflib as a harvesting portal reads it:
every property DCAT-AP.de 2.0 makes mandatory, and the recommended ones it carries."""

import datetime

import pytest
from django.urls import reverse
from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCAT, DCTERMS, FOAF, RDF, XSD

from networks.models import Municipality
from opendata.services import set_publication
from tests.factories import MeasureFactory, MunicipalityFactory, ParticipationFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("module_personas")]

DCATDE = Namespace("http://dcat-ap.de/def/dcatde/")
VCARD = Namespace("http://www.w3.org/2006/vcard/ns#")
BASE = "http://testserver"
FORMATS = {"ttl": "turtle", "jsonld": "json-ld"}


@pytest.fixture
def network(personas):
    network = personas.network
    network.is_public = True
    network.save()
    kreis = MunicipalityFactory(name="Kreis Höxter", kind=Municipality.Kind.KREIS, ags="05762000")
    ParticipationFactory(network=network, municipality=kreis)
    MeasureFactory(participation=personas.participation_a)
    set_publication(
        network=network, user=personas.coordinator, publish=True, licence="dl-by-de/2.0",
        base_version=0,
    )  # fmt: skip
    return network


def catalogue(client, fmt: str) -> Graph:
    response = client.get(reverse(f"opendata_catalogue_{fmt}"))
    assert response.status_code == 200
    media = {"ttl": "text/turtle", "jsonld": "application/ld+json"}[fmt]
    assert response["Content-Type"] == f"{media}; charset=utf-8"
    return Graph().parse(data=response.content.decode(), format=FORMATS[fmt])


def one(graph: Graph, subject, predicate):
    values = list(graph.objects(subject, predicate))
    assert len(values) == 1, (subject, predicate, values)
    return values[0]


@pytest.mark.parametrize("fmt", ["ttl", "jsonld"])
def test_the_catalogue_has_what_dcat_ap_de_requires(client, personas, network, fmt):
    graph = catalogue(client, fmt)
    (catalog,) = graph.subjects(RDF.type, DCAT.Catalog)
    assert catalog == URIRef(f"{BASE}/offene-daten/")
    # The catalogue's mandatory properties: title, description, publisher, datasets.
    assert one(graph, catalog, DCTERMS.title).language == "de"
    assert str(one(graph, catalog, DCTERMS.description))
    publisher = one(graph, catalog, DCTERMS.publisher)
    assert str(one(graph, publisher, FOAF.name)) == "Klimaschutz-Netzwerkportal"
    dataset = one(graph, catalog, DCAT.dataset)
    assert dataset == URIRef(f"{BASE}/offene-daten/netzwerk-test/")
    assert (dataset, RDF.type, DCAT.Dataset) in graph
    # The dataset's mandatory ones: title and description.
    assert str(one(graph, dataset, DCTERMS.title)) == "Klimaschutzmaßnahmen im Netzwerk Test"
    assert "Amtlichem Gemeindeschlüssel" in str(one(graph, dataset, DCTERMS.description))
    # Recommended: publisher, contact point, theme, keywords, coverage, dates.
    agent = one(graph, dataset, DCTERMS.publisher)
    assert (agent, RDF.type, FOAF.Agent) in graph
    assert str(one(graph, agent, FOAF.name)) == "Westfalen Weser (Test)"
    contact = one(graph, dataset, DCAT.contactPoint)
    assert str(one(graph, contact, VCARD.fn)) == "Westfalen Weser (Test)"
    assert (contact, VCARD.hasURL, None) in graph
    theme = URIRef("http://publications.europa.eu/resource/authority/data-theme/ENVI")
    assert (dataset, DCAT.theme, theme) in graph
    assert Literal("Klimaschutz", lang="de") in set(graph.objects(dataset, DCAT.keyword))
    period = one(graph, dataset, DCTERMS.temporal)
    assert (period, RDF.type, DCTERMS.PeriodOfTime) in graph
    assert one(graph, period, DCAT.startDate) == Literal(
        datetime.date(2022, 7, 1), datatype=XSD.date
    )
    assert one(graph, period, DCAT.endDate) == Literal(
        datetime.date(2025, 6, 30), datatype=XSD.date
    )
    geocoding = "http://dcat-ap.de/def/politicalGeocoding/"
    places = {
        URIRef(f"{geocoding}municipalityKey/{personas.municipality_a.ags}"),
        URIRef(f"{geocoding}municipalityKey/{personas.municipality_b.ags}"),
        URIRef(f"{geocoding}districtKey/05762"),
    }
    assert set(graph.objects(dataset, DCATDE.politicalGeocodingURI)) == places
    assert set(graph.objects(dataset, DCTERMS.spatial)) == places
    level = one(graph, dataset, DCATDE.politicalGeocodingLevelURI)
    assert level == URIRef(f"{geocoding}Level/municipality")
    assert one(graph, dataset, DCTERMS.modified).datatype == XSD.dateTime
    assert one(graph, dataset, DCTERMS.issued).datatype == XSD.dateTime
    licence = URIRef("http://dcat-ap.de/def/licenses/dl-by-de/2.0")
    assert one(graph, dataset, DCTERMS.license) == licence
    # Distributions: access URL and licence are mandatory in DCAT-AP.de.
    distributions = set(graph.objects(dataset, DCAT.distribution))
    media = "https://www.iana.org/assignments/media-types/"
    file_type = "http://publications.europa.eu/resource/authority/file-type/"
    expected = {
        URIRef(f"{BASE}/offene-daten/netzwerk-test/massnahmen.csv"): ("text/csv", "CSV"),
        URIRef(f"{BASE}/offene-daten/netzwerk-test/massnahmen.json"): ("application/json", "JSON"),
    }
    assert distributions == set(expected)
    for distribution, (media_type, file_format) in expected.items():
        assert (distribution, RDF.type, DCAT.Distribution) in graph
        assert one(graph, distribution, DCAT.accessURL) == distribution
        assert one(graph, distribution, DCAT.downloadURL) == distribution
        assert one(graph, distribution, DCTERMS.license) == licence
        assert one(graph, distribution, DCAT.mediaType) == URIRef(media + media_type)
        assert one(graph, distribution, DCTERMS.format) == URIRef(file_type + file_format)
        attribution = str(one(graph, distribution, DCATDE.licenseAttributionByText))
        assert attribution.startswith("Westfalen Weser (Test)")
        # The download it names answers.
        assert client.get(str(distribution).removeprefix(BASE)).status_code == 200


def test_a_licence_without_attribution_asks_for_none(client, personas, network):
    version = network.publication.version
    set_publication(
        network=network, user=personas.coordinator, publish=True, licence="cc-zero",
        base_version=version,
    )  # fmt: skip
    graph = catalogue(client, "ttl")
    licences = set(graph.objects(None, DCTERMS.license))
    assert licences == {URIRef("http://dcat-ap.de/def/licenses/cc-zero")}
    assert not list(graph.objects(None, DCATDE.licenseAttributionByText))


def test_a_withdrawn_data_set_leaves_the_catalogue(client, personas, network):
    set_publication(
        network=network, user=personas.coordinator, publish=False, licence="dl-by-de/2.0",
        base_version=network.publication.version,
    )  # fmt: skip
    for fmt in FORMATS:
        graph = catalogue(client, fmt)
        assert list(graph.subjects(RDF.type, DCAT.Catalog))  # still a catalogue
        assert not list(graph.subjects(RDF.type, DCAT.Dataset))
        assert not list(graph.subjects(RDF.type, DCAT.Distribution))


@pytest.mark.parametrize("fmt", ["ttl", "jsonld"])
def test_a_website_with_characters_a_uri_may_not_hold_is_escaped(client, network, fmt):
    """The admin's URL field takes any characters but spaces; one organisation's
    website must not break the catalogue of every data set."""
    coordinator = network.coordinator
    coordinator.website = 'https://example.org/kontakt?a|b&c={x}"<y>\\^`'
    coordinator.full_clean()
    coordinator.save()
    graph = catalogue(client, fmt)
    (contact,) = graph.objects(None, DCAT.contactPoint)
    assert one(graph, contact, VCARD.hasURL) == URIRef(
        "https://example.org/kontakt?a%7Cb&c=%7Bx%7D%22%3Cy%3E%5C%5E%60"
    )
