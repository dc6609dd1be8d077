"""The catalogue of the published data sets in DCAT-AP.de, for GovData and other
open-data portals to harvest: Turtle and JSON-LD made from one rdflib graph.

What DCAT-AP.de 2.0 requires is there (catalogue: title, description, publisher,
datasets; dataset: title, description; distribution: access URL and licence), and
what it recommends where the portal knows it: publisher, contact point, themes,
keywords, temporal coverage, the municipalities' keys as political geocoding with
its level, issued and modified dates, formats, media types and attribution texts.
No `dcatde:contributorID`: GovData assigns it to a provider that delivers to it
directly; a harvesting portal adds its own.
"""

from collections.abc import Callable, Iterable

from django.urls import reverse
from django.utils.encoding import iri_to_uri
from rdflib import BNode, Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCAT, DCTERMS, FOAF, RDF, XSD

from networks.models import Municipality
from opendata.models import Publication

DCATDE = Namespace("http://dcat-ap.de/def/dcatde/")
VCARD = Namespace("http://www.w3.org/2006/vcard/ns#")
GEOCODING = "http://dcat-ap.de/def/politicalGeocoding/"
THEME = Namespace("http://publications.europa.eu/resource/authority/data-theme/")
FILE_TYPE = Namespace("http://publications.europa.eu/resource/authority/file-type/")
LANGUAGE_DEU = URIRef("http://publications.europa.eu/resource/authority/language/DEU")
MEDIA_TYPE = "https://www.iana.org/assignments/media-types/"
# (URL name, file type, media type) of each download.
DISTRIBUTIONS = (
    ("opendata_csv", "CSV", "text/csv"),
    ("opendata_json", "JSON", "application/json"),
)
KEYWORDS = ("Klimaschutz", "Kommunen", "Energieeinsparung", "Treibhausgase", "Maßnahmen")
PORTAL = "Klimaschutz-Netzwerkportal"


def geocoding_uri(municipality: Municipality) -> URIRef:
    """A town's or municipality's key (its 8-digit AGS), a district's (Kreis) its first
    five digits, in the DCAT-AP.de vocabularies."""
    if municipality.kind == Municipality.Kind.KREIS:
        return URIRef(f"{GEOCODING}districtKey/{municipality.ags[:5]}")
    return URIRef(f"{GEOCODING}municipalityKey/{municipality.ags}")


def geocoding_level(municipalities: Iterable[Municipality]) -> URIRef:
    """The data set's level: municipal, or district where its places are all Kreise."""
    kinds = {municipality.kind for municipality in municipalities}
    level = "district" if kinds == {Municipality.Kind.KREIS} else "municipality"
    return URIRef(f"{GEOCODING}Level/{level}")


def title_of(publication: Publication) -> str:
    return f"Klimaschutzmaßnahmen im {publication.network.name}"


def description_of(publication: Publication) -> str:
    network = publication.network
    return (
        f"Die Klimaschutzmaßnahmen der Kommunen im {network.name} "
        f"({network.term_start:%d.%m.%Y} bis {network.term_end:%d.%m.%Y}), "
        f"koordiniert von {network.coordinator.name}: je Maßnahme Kommune mit Amtlichem "
        "Gemeindeschlüssel, Themenschwerpunkt, Titel, Status, geplante und tatsächliche "
        "Termine, Investition und Fördermittel, Endenergieeinsparung je Energieträger "
        "(kWh/a) und Treibhausgas-Einsparung (t/a) mit Bilanzgröße und Faktorbasis."
    )


def attribution_of(publication: Publication) -> str:
    return f"{publication.network.coordinator.name}, {title_of(publication)}"


def build_graph(
    publications: Iterable[Publication],
    *,
    absolute: Callable[[str], str],
    modified_of: Callable[[Publication], object],
) -> Graph:
    """The catalogue at the index page's address with a dataset per publication (each
    with its participations' municipalities prefetched); `absolute` makes a path an
    absolute URL, `modified_of` gives a data set's last change."""
    graph = Graph()
    graph.bind("dcat", DCAT)
    graph.bind("dct", DCTERMS)
    graph.bind("dcatde", DCATDE)
    graph.bind("foaf", FOAF)
    graph.bind("vcard", VCARD)
    catalog = URIRef(absolute(reverse("opendata_index")))
    graph.add((catalog, RDF.type, DCAT.Catalog))
    graph.add((catalog, DCTERMS.title, Literal(f"Offene Daten des {PORTAL}s", lang="de")))
    graph.add(
        (
            catalog,
            DCTERMS.description,
            Literal(
                "Die Klimaschutzmaßnahmen der Kommunen in den Netzwerken, deren "
                "Koordination sie als offene Daten veröffentlicht hat.",
                lang="de",
            ),
        )
    )
    portal = URIRef(absolute("/"))
    graph.add((catalog, DCTERMS.publisher, portal))
    graph.add((portal, RDF.type, FOAF.Agent))
    graph.add((portal, FOAF.name, Literal(PORTAL)))
    graph.add((catalog, FOAF.homepage, catalog))
    graph.add((catalog, DCTERMS.language, LANGUAGE_DEU))
    graph.add((catalog, DCAT.themeTaxonomy, URIRef(str(THEME).rstrip("/"))))
    for publication in publications:
        _add_dataset(graph, catalog, publication, absolute, modified_of(publication))
    return graph


def _add_dataset(graph: Graph, catalog, publication: Publication, absolute, modified) -> None:
    network = publication.network
    terms = publication.licence_terms
    licence = URIRef(terms.uri)
    dataset = URIRef(absolute(reverse("opendata_dataset", args=[network.slug])))
    graph.add((catalog, DCAT.dataset, dataset))
    graph.add((dataset, RDF.type, DCAT.Dataset))
    graph.add((dataset, DCTERMS.title, Literal(title_of(publication), lang="de")))
    graph.add((dataset, DCTERMS.description, Literal(description_of(publication), lang="de")))
    graph.add((dataset, DCTERMS.identifier, Literal(str(dataset))))
    graph.add((dataset, DCAT.landingPage, dataset))
    graph.add((dataset, DCTERMS.language, LANGUAGE_DEU))
    graph.add((dataset, DCTERMS.license, licence))
    publisher = BNode()
    graph.add((dataset, DCTERMS.publisher, publisher))
    graph.add((publisher, RDF.type, FOAF.Agent))
    graph.add((publisher, FOAF.name, Literal(network.coordinator.name)))
    contact = BNode()
    graph.add((dataset, DCAT.contactPoint, contact))
    graph.add((contact, RDF.type, VCARD.Organization))
    graph.add((contact, VCARD.fn, Literal(network.coordinator.name)))
    # The admin's URL field lets through characters a URI may not hold (`|{}<>"`),
    # which rdflib's Turtle refuses: escaped, as a browser does with a link.
    website = iri_to_uri(network.coordinator.website) or str(dataset)
    graph.add((contact, VCARD.hasURL, URIRef(website)))
    for theme in ("ENVI", "ENER"):
        graph.add((dataset, DCAT.theme, THEME[theme]))
    for keyword in KEYWORDS:
        graph.add((dataset, DCAT.keyword, Literal(keyword, lang="de")))
    period = BNode()
    graph.add((dataset, DCTERMS.temporal, period))
    graph.add((period, RDF.type, DCTERMS.PeriodOfTime))
    graph.add((period, DCAT.startDate, Literal(network.term_start, datatype=XSD.date)))
    graph.add((period, DCAT.endDate, Literal(network.term_end, datatype=XSD.date)))
    municipalities = [p.municipality for p in network.participations.all()]
    for municipality in municipalities:
        place = geocoding_uri(municipality)
        graph.add((dataset, DCTERMS.spatial, place))
        graph.add((dataset, DCATDE.politicalGeocodingURI, place))
    if municipalities:
        graph.add((dataset, DCATDE.politicalGeocodingLevelURI, geocoding_level(municipalities)))
    graph.add((dataset, DCTERMS.issued, Literal(publication.published_at, datatype=XSD.dateTime)))
    graph.add((dataset, DCTERMS.modified, Literal(modified, datatype=XSD.dateTime)))
    for url_name, file_type, media_type in DISTRIBUTIONS:
        url = URIRef(absolute(reverse(url_name, args=[network.slug])))
        graph.add((dataset, DCAT.distribution, url))
        graph.add((url, RDF.type, DCAT.Distribution))
        graph.add((url, DCTERMS.title, Literal(f"Maßnahmen als {file_type}", lang="de")))
        graph.add((url, DCAT.accessURL, url))
        graph.add((url, DCAT.downloadURL, url))
        graph.add((url, DCTERMS.license, licence))
        graph.add((url, DCTERMS.format, FILE_TYPE[file_type]))
        graph.add((url, DCAT.mediaType, URIRef(MEDIA_TYPE + media_type)))
        graph.add((url, DCTERMS.modified, Literal(modified, datatype=XSD.dateTime)))
        if terms.attribution:
            graph.add((url, DCATDE.licenseAttributionByText, Literal(attribution_of(publication))))


def serialise(graph: Graph, fmt: str) -> bytes:
    """Turtle (`ttl`) or JSON-LD (`jsonld`)."""
    if fmt == "jsonld":
        context = {
            "dcat": str(DCAT),
            "dct": str(DCTERMS),
            "dcatde": str(DCATDE),
            "foaf": str(FOAF),
            "vcard": str(VCARD),
            "xsd": str(XSD),
        }
        return graph.serialize(format="json-ld", context=context, indent=2).encode("utf-8")
    return graph.serialize(format="turtle").encode("utf-8")
