"""Pages for a signed-in person are never kept by a cache."""

import pytest
from django.urls import reverse

from tests.factories import png_upload
from tests.helpers import with_totp

pytestmark = pytest.mark.django_db


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


def test_a_download_keeps_its_own_caching(client, personas):
    from measures.services import add_document
    from tests.factories import FocusAreaFactory, MeasureFactory

    area = FocusAreaFactory()
    personas.network.focus_areas.add(area)
    measure = MeasureFactory(participation=personas.participation_a, focus_area=area)
    document = add_document(measure=measure, user=personas.coordinator, upload=png_upload())
    client.force_login(personas.climate_manager_a)
    response = client.get(reverse("measure_document", args=[measure.pk, document.pk]))
    assert response.status_code == 200
    assert response["Cache-Control"] == "private, max-age=3600"
