"""The funding block (issue 31): the grant's ministry, programme, agency, code and
notice with the funder's logos, the same on the report's cover, the mayor's report,
the public page and the meeting record; edited by the network's coordination and the
administrator, who alone uploads logos."""

import io
import re
import socket

import pypdf
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

import lib.pdf
from events.printing import record_pdf
from networks.models import Network, Organisation, OrganisationLogo
from networks.services import add_organisation_logo
from reports.mayors import mayors_report_pdf
from reports.rendering import preview_pdf
from tests.factories import MeetingFactory, OrganisationFactory
from tests.helpers import needs_pango
from tests.portal.test_network_edit import form_data

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("module_personas")]

BMU = "Bundesministerium für Umwelt, Naturschutz und nukleare Sicherheit"
BMUV = "Bundesministerium für Umwelt, Naturschutz, nukleare Sicherheit und Verbraucherschutz"
NOTICE = f"Gefördert vom {BMU} aufgrund eines Beschlusses des Deutschen Bundestages."
PROGRAMME = "Nationale Klimaschutzinitiative (Kommunalrichtlinie)"
AGENCY = "Zukunft – Umwelt – Gesellschaft (ZUG) gGmbH"


def png(colour=(20, 69, 47)) -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", (90, 30), colour).save(buffer, "PNG")
    return SimpleUploadedFile("logo.png", buffer.getvalue(), "image/png")


@pytest.fixture
def funded(personas) -> Network:
    """The personas' network with its grant named as the seed's notice names it, its
    funder under the ministry's later name, with a logo."""
    funder = OrganisationFactory(name=BMUV, kind=Organisation.Kind.FUNDER)
    add_organisation_logo(organisation=funder, upload=png())
    network = personas.network
    Network.objects.filter(pk=network.pk).update(
        funder=funder, funding_ministry=BMU, funding_programme=PROGRAMME,
        funding_agency=AGENCY, funding_notice=NOTICE, is_public=True,
    )  # fmt: skip
    network.refresh_from_db()
    return network


def words(text: str) -> str:
    return re.sub(r"\s+", " ", text.replace("\xa0", " "))


def pdf_text_and_images(pdf: bytes) -> tuple[str, int]:
    pages = pypdf.PdfReader(io.BytesIO(pdf)).pages
    text = words(" ".join(page.extract_text() for page in pages))
    return text, sum(len(page.images) for page in pages)


def assert_block(text: str) -> None:
    for fact in (
        f"Förderprogramm {PROGRAMME}", "Förderkennzeichen 67K18876",
        f"Fördermittelgeber {BMU}", f"Projektträger {AGENCY}", NOTICE,
    ):  # fmt: skip
        assert fact in text
    assert "Verbraucherschutz" not in text  # the funder's later name contradicts the notice


def surfaces(personas, network) -> dict[str, tuple[str, int]]:
    start, end = network.term_start, network.term_end
    meeting = MeetingFactory(network=network)
    return {
        "report": pdf_text_and_images(
            preview_pdf(network=network, kind="final", start=start, end=end,
                        language="de", note="")
        ),
        "mayor": pdf_text_and_images(
            mayors_report_pdf(participation=personas.participation_a,
                              user=personas.coordinator, start=start, end=end)
        ),
        "record": pdf_text_and_images(record_pdf(meeting)),
    }  # fmt: skip


def test_the_block_says_the_same_on_the_cover_the_mayors_report_and_the_record(personas, funded):
    needs_pango()
    for name, (text, images) in surfaces(personas, funded).items():
        assert_block(text)
        assert images >= 1, name  # the funder's logo


def test_the_public_page_shows_the_same_block_with_the_logo_served_from_the_portal(client, funded):
    page = client.get(reverse("public_network", args=[funded.slug])).content.decode()
    block = re.search(r'<div class="funding-block">.*?</div>', page, re.S).group()
    assert_block(words(re.sub(r"<[^>]+>", " ", block)))
    logo = funded.funder.logos.get()
    src = f"/netzwerke/{funded.slug}/foerderlogos/{logo.pk}/"
    assert f'<img src="{src}" alt="{BMUV}">' in block
    response = client.get(src)
    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    assert response["Content-Security-Policy"] == "default-src 'none'"


def test_a_logo_is_served_only_through_a_network_its_organisation_funds(client, personas, funded):
    other = OrganisationFactory(kind=Organisation.Kind.FUNDER)
    foreign = add_organisation_logo(organisation=other, upload=png())
    url = reverse("funder_logo", args=[funded.slug, foreign.pk])
    assert client.get(url).status_code == 404


def test_a_members_only_networks_logo_is_for_its_members(client, personas, funded):
    Network.objects.filter(pk=funded.pk).update(is_public=False)
    url = reverse("funder_logo", args=[funded.slug, funded.funder.logos.get().pk])
    assert client.get(url).status_code == 404
    client.force_login(personas.outsider)
    assert client.get(url).status_code == 404
    client.force_login(personas.climate_manager_a)
    response = client.get(url)
    assert response.status_code == 200
    assert response["Cache-Control"] == "private, no-store"


def test_a_logo_never_makes_the_pdf_fetch_from_the_network(personas, funded, monkeypatch):
    needs_pango()
    asked = []
    fetch = lib.pdf.fetch

    def recording(url, generated):
        asked.append(url)
        return fetch(url, generated)

    def no_connection(*args, **kwargs):
        raise AssertionError("the PDF tried to open a connection")

    monkeypatch.setattr(lib.pdf, "fetch", recording)
    monkeypatch.setattr(socket.socket, "connect", no_connection)
    record_pdf(MeetingFactory(network=funded))
    logo = funded.funder.logos.get()
    assert lib.pdf.GENERATED_PREFIX + "logo-" + logo.image.name.rsplit("/")[-1] in asked
    assert all(url.startswith(lib.pdf.BASE_URL) for url in asked)


def test_the_coordinator_names_the_grant_in_the_network_settings(client, personas):
    client.force_login(personas.coordinator)
    url = reverse("network_edit", args=[personas.network.slug])
    page = client.get(url).content.decode()
    fieldset = re.search(r"<fieldset><legend>Förderung</legend>.*?</fieldset>", page, re.S).group()
    for name in ("funding_ministry", "funding_programme", "funding_agency", "funding_code",
                 "funding_notice"):  # fmt: skip
        assert f'name="{name}"' in fieldset
    data = form_data(personas.network, funding_ministry=BMU, funding_programme=PROGRAMME,
                     funding_agency=AGENCY, funding_notice=NOTICE)  # fmt: skip
    assert client.post(url, data).status_code == 302
    network = Network.objects.get(pk=personas.network.pk)
    assert (network.funding_ministry, network.funding_programme, network.funding_notice) == (
        BMU, PROGRAMME, NOTICE,
    )  # fmt: skip


def test_a_notice_naming_another_ministry_is_refused_on_the_form(client, personas):
    client.force_login(personas.coordinator)
    url = reverse("network_edit", args=[personas.network.slug])
    data = form_data(personas.network, funding_ministry=BMUV, funding_notice=NOTICE)
    response = client.post(url, data)
    assert response.status_code == 422
    assert "Der Förderhinweis muss das Ministerium so nennen" in response.content.decode()
    assert Network.objects.get(pk=personas.network.pk).funding_ministry == ""


@pytest.mark.parametrize("who", ["other_coordinator", "foreign_climate_manager", "outsider"])
def test_nobody_outside_the_coordination_names_the_grant(client, personas, who):
    client.force_login(getattr(personas, who))
    url = reverse("network_edit", args=[personas.network.slug])
    data = form_data(personas.network, funding_ministry=BMU)
    assert client.get(url).status_code == 404
    assert client.post(url, data).status_code == 404
    assert Network.objects.get(pk=personas.network.pk).funding_ministry == ""


def admin_post(client, organisation, upload):
    url = reverse("admin:networks_organisation_change", args=[organisation.pk])
    return client.post(url, {
        "name": organisation.name, "kind": organisation.kind, "website": "",
        "logos-TOTAL_FORMS": "1", "logos-INITIAL_FORMS": "0",
        "logos-MIN_NUM_FORMS": "0", "logos-MAX_NUM_FORMS": "1000",
        "logos-0-image": upload, "logos-0-ordering": "0",
    })  # fmt: skip


def test_the_administrator_uploads_a_funders_logo(client, personas):
    funder = OrganisationFactory(name=BMUV, kind=Organisation.Kind.FUNDER)
    client.force_login(personas.superuser)
    assert admin_post(client, funder, png()).status_code == 302
    logo = OrganisationLogo.objects.get(organisation=funder)
    assert re.fullmatch(r"organisationen/logos/[0-9a-f]{32}\.png", logo.image.name)


def test_the_admin_refuses_an_svg_logo_in_german(client, personas):
    funder = OrganisationFactory(name=BMUV, kind=Organisation.Kind.FUNDER)
    client.force_login(personas.superuser)
    svg = SimpleUploadedFile(
        "logo.svg", b'<svg xmlns="http://www.w3.org/2000/svg"/>', "image/svg+xml"
    )
    response = admin_post(client, funder, svg)
    assert response.status_code == 200
    assert "SVG-Dateien gehen als Logo nicht" in response.content.decode()
    assert not OrganisationLogo.objects.exists()


def test_the_report_of_a_network_without_ministry_names_its_funder_as_before(personas):
    needs_pango()
    funder = OrganisationFactory(name=BMUV, kind=Organisation.Kind.FUNDER)
    Network.objects.filter(pk=personas.network.pk).update(funder=funder)
    network = Network.objects.get(pk=personas.network.pk)
    text, _images = pdf_text_and_images(
        preview_pdf(network=network, kind="final", start=network.term_start,
                    end=network.term_end, language="de", note="")
    )  # fmt: skip
    assert f"Fördermittelgeber {BMUV}" in text
