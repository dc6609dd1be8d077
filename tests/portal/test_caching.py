"""Pages for a signed-in person and the files they download are never kept by a cache;
only a public network's photos may be kept by the browser."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from networks.models import Prospect
from networks.recruitment import save_prospect
from networks.services import add_network_photo
from tests.factories import MunicipalityFactory, png_upload
from tests.helpers import with_totp

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << >>\n%%EOF\n"


@pytest.mark.parametrize(
    ("persona", "url"),
    [
        ("climate_manager_a", reverse("start")),
        ("climate_manager_a", reverse("home")),
        ("climate_manager_a", reverse("measure_list") + "?kommune=altenbeken"),
        ("climate_manager_a", reverse("meeting_list")),
        ("climate_manager_a", reverse("network", args=["netzwerk-test"])),
        ("climate_manager_a", reverse("account_change_password")),
        ("climate_manager_a", reverse("mfa_index")),
        ("coordinator", reverse("invitations")),
        ("funder", reverse("report_list", args=["netzwerk-test"])),
        ("climate_manager_a", "/gibt-es-nicht/"),  # a 404 page names the person too
    ],
)
def test_pages_for_a_signed_in_person_are_not_stored(client, personas, persona, url):
    client.force_login(with_totp(getattr(personas, persona)))
    response = client.get(url)
    assert response.status_code in (200, 404)
    assert response["Cache-Control"] == "private, no-store"


def test_the_admin_keeps_its_own_never_cache_headers(client, personas):
    client.force_login(with_totp(personas.superuser))
    response = client.get(reverse("admin:index"))
    assert response["Cache-Control"] == "max-age=0, no-cache, no-store, must-revalidate, private"


def test_redirects_for_a_signed_in_person_are_not_stored(client, personas):
    client.force_login(personas.climate_manager_a)
    response = client.post(reverse("set_language"), {"language": "en", "next": "/start/"})
    assert response.status_code == 302
    assert response["Cache-Control"] == "private, no-store"


def test_public_pages_for_anonymous_visitors_may_be_cached(client, personas):
    response = client.get(reverse("home"))
    assert response.status_code == 200
    assert not response.has_header("Cache-Control")


def test_a_measure_document_is_never_stored(client, personas):
    from measures.services import add_document
    from tests.factories import FocusAreaFactory, MeasureFactory

    area = FocusAreaFactory()
    personas.network.focus_areas.add(area)
    measure = MeasureFactory(participation=personas.participation_a, focus_area=area)
    document = add_document(measure=measure, user=personas.coordinator, upload=png_upload())
    client.force_login(personas.climate_manager_a)
    response = client.get(reverse("measure_document", args=[measure.pk, document.pk]))
    assert response.status_code == 200
    assert response["Cache-Control"] == "private, no-store"


def test_a_letter_of_the_recruitment_is_never_stored(client, personas):
    prospect = save_prospect(
        prospect=Prospect(
            network=personas.network, municipality=MunicipalityFactory(),
            status=Prospect.Status.CONFIRMED, approached_on=datetime.date(2022, 1, 10),
            answered_on=datetime.date(2022, 1, 30),
        ),
        user=personas.coordinator,
        letter=SimpleUploadedFile("Absichtserklärung.pdf", PDF),
    )  # fmt: skip
    client.force_login(personas.funder)
    response = client.get(reverse("prospect_letter", args=[personas.network.slug, prospect.pk]))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF
    assert response["Cache-Control"] == "private, no-store"


@pytest.mark.parametrize(
    ("is_public", "cache_control"),
    [(True, "private, max-age=3600"), (False, "private, no-store")],
)
def test_only_a_public_networks_photo_may_be_kept_by_the_browser(
    client, personas, is_public, cache_control
):
    personas.network.is_public = is_public
    personas.network.save()
    photo = add_network_photo(
        network=personas.network, user=personas.coordinator, upload=png_upload(),
        alt_text="Gruppenfoto",
    )  # fmt: skip
    client.force_login(personas.climate_manager_a)
    response = client.get(photo.get_absolute_url())
    assert response.status_code == 200
    assert response["Cache-Control"] == cache_control
