"""The grant's names (issue 31): the ministry as the funding notice names it, beside
the programme, agency, code and notice, and the funder's logos the administrator
uploads (PNG or JPEG only, never SVG); the funding block built from them."""

import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError, transaction
from PIL import Image

from lib.uploads import LOGO_MAX_BYTES, check_logo
from networks.funding import for_print, funding_of
from networks.models import Network, Organisation, OrganisationLogo
from networks.services import add_organisation_logo
from tests.factories import NetworkFactory, OrganisationFactory

pytestmark = pytest.mark.django_db

BMU = "Bundesministerium für Umwelt, Naturschutz und nukleare Sicherheit"
NOTICE = f"Gefördert vom {BMU} aufgrund eines Beschlusses des Deutschen Bundestages."
BMUV = "Bundesministerium für Umwelt, Naturschutz, nukleare Sicherheit und Verbraucherschutz"


def image(kind="PNG", size=(60, 20), name="logo.png") -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", size, (20, 69, 47)).save(buffer, kind)
    return SimpleUploadedFile(name, buffer.getvalue(), f"image/{kind.lower()}")


SVG = (
    b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg">'
    b'<script>alert(1)</script><image href="https://tracker.example/x.png"/></svg>'
)


def funder(name=BMUV) -> Organisation:
    return OrganisationFactory(name=name, kind=Organisation.Kind.FUNDER)


def test_png_and_jpeg_logos_are_taken():
    assert check_logo(image("PNG")) == "png"
    assert check_logo(image("JPEG", name="logo.jpg")) == "jpg"


@pytest.mark.parametrize(
    "upload",
    [
        SimpleUploadedFile("logo.svg", SVG, "image/svg+xml"),
        SimpleUploadedFile("logo.png", SVG, "image/png"),  # an SVG named as a PNG
        SimpleUploadedFile("logo.png", b"  <svg xmlns='http://www.w3.org/2000/svg'/>", "image/png"),
    ],
)
def test_an_svg_logo_is_refused_in_german_whatever_its_name(upload):
    with pytest.raises(ValidationError) as refused:
        check_logo(upload)
    assert refused.value.code == "svg"
    assert refused.value.messages == [
        "SVG-Dateien gehen als Logo nicht: Sie können Skripte und Verweise auf andere "
        "Adressen enthalten. Bitte laden Sie das Logo als PNG oder JPEG hoch."
    ]


@pytest.mark.parametrize(
    "upload",
    [
        SimpleUploadedFile("logo.png", b"kein Bild", "image/png"),
        image("WEBP", name="logo.webp"),
        image("GIF", name="logo.gif"),
    ],
)
def test_a_logo_that_is_no_png_or_jpeg_is_refused_in_german(upload):
    with pytest.raises(ValidationError) as refused:
        check_logo(upload)
    assert refused.value.messages == [
        "Die Datei ist kein PNG- oder JPEG-Bild. Bitte laden Sie das Logo als PNG oder JPEG hoch."
    ]


def test_a_logo_over_the_limit_is_refused_with_the_limit():
    big = SimpleUploadedFile("logo.png", b"\x89PNG" + b"0" * LOGO_MAX_BYTES, "image/png")
    with pytest.raises(ValidationError) as refused:
        check_logo(big)
    assert refused.value.code == "too_large"
    assert refused.value.messages[0].endswith("erlaubt sind höchstens 2,0\xa0MB.")


def test_a_logo_is_stored_under_a_random_name_without_its_metadata():
    organisation = funder()
    upload = image()
    buffer = io.BytesIO()
    Image.new("RGB", (60, 20)).save(buffer, "PNG", pnginfo=_with_text("Autor", "geheim"))
    upload = SimpleUploadedFile("../../BMUV logo.png", buffer.getvalue(), "image/png")
    logo = add_organisation_logo(organisation=organisation, upload=upload)
    assert logo.image.name.startswith("organisationen/logos/")
    assert logo.image.name.endswith(".png") and "BMUV" not in logo.image.name
    with logo.image.open("rb") as file, Image.open(file) as stored:
        assert "Autor" not in stored.info
    assert logo.alt_text == BMUV


def _with_text(key, value):
    from PIL.PngImagePlugin import PngInfo

    info = PngInfo()
    info.add_text(key, value)
    return info


def test_the_database_keeps_only_png_and_jpeg_logos():
    with pytest.raises(IntegrityError), transaction.atomic():
        OrganisationLogo.objects.create(organisation=funder(), image="organisationen/logos/a.svg")


def test_the_notice_must_name_the_ministry_as_given():
    network = NetworkFactory(funding_notice=NOTICE)
    network.funding_ministry = BMUV
    with pytest.raises(ValidationError) as refused:
        network.full_clean()
    assert refused.value.message_dict == {
        "funding_notice": [
            "Der Förderhinweis muss das Ministerium so nennen, wie es im Feld „Förderndes "
            f"Ministerium“ steht: „{BMUV}“."
        ]
    }
    network.funding_ministry = BMU
    network.full_clean()


def test_the_database_refuses_a_notice_naming_another_ministry():
    network = NetworkFactory(funding_ministry=BMU, funding_notice=NOTICE)
    with pytest.raises(IntegrityError), transaction.atomic():
        Network.objects.filter(pk=network.pk).update(funding_ministry=BMUV)


@pytest.mark.parametrize(("ministry", "notice"), [("", NOTICE), (BMUV, "")])
def test_either_may_be_left_empty(ministry, notice):
    NetworkFactory(funding_ministry=ministry, funding_notice=notice).full_clean()


def test_the_block_names_the_ministry_of_the_notice_not_the_funders_later_name():
    network = NetworkFactory(
        funder=funder(), funding_ministry=BMU, funding_notice=NOTICE,
        funding_programme="Kommunalrichtlinie", funding_agency="ZUG",
    )  # fmt: skip
    block = funding_of(network)
    assert (block.ministry, block.programme, block.agency, block.code, block.notice) == (
        BMU, "Kommunalrichtlinie", "ZUG", "67K18876", NOTICE,
    )  # fmt: skip


def test_without_a_ministry_the_block_names_the_funder_as_the_cover_did():
    assert funding_of(NetworkFactory(funder=funder())).ministry == BMUV
    assert funding_of(NetworkFactory()).ministry == ""


def test_the_block_carries_the_funders_logos_in_their_order_with_its_name():
    organisation = funder()
    second = add_organisation_logo(organisation=organisation, upload=image(), ordering=2)
    first = add_organisation_logo(organisation=organisation, upload=image(), ordering=1)
    add_organisation_logo(organisation=funder("Andere Stelle"), upload=image())
    network = NetworkFactory(funder=organisation)
    logos = funding_of(network).logos
    assert [logo.file for logo in logos] == [first.image.name, second.image.name]
    assert {logo.alt for logo in logos} == {BMUV}
    assert logos[0].url == f"/netzwerke/{network.slug}/foerderlogos/{first.pk}/"


def test_a_pdf_reads_the_logos_from_the_storage_and_leaves_out_a_missing_one():
    organisation = funder()
    kept = add_organisation_logo(organisation=organisation, upload=image())
    gone = add_organisation_logo(organisation=organisation, upload=image())
    gone.image.storage.delete(gone.image.name)
    block, images = for_print(funding_of(NetworkFactory(funder=organisation)))
    assert [logo.file for logo in block.logos] == [kept.image.name]
    with kept.image.open("rb") as file:
        assert images == {block.logos[0].print_name: file.read()}
    assert block.logos[0].print_name.endswith(".png")


def test_a_pdf_reads_no_file_outside_the_logos_folder():
    from networks.funding import Funding, FundingLogo

    block = Funding(
        ministry="", programme="", agency="", code="", notice="",
        logos=(FundingLogo(file="../portal/settings.py", alt="x"),
               FundingLogo(file="netzwerke/fotos/" + "a" * 32 + ".png", alt="x")),
    )  # fmt: skip
    assert for_print(block) == (Funding("", "", "", "", ""), {})
