"""The sitewide Content Security Policy, and the stricter one of downloads."""

import re
from pathlib import Path

import pytest
from django.urls import reverse

from tests.factories import FocusAreaFactory, MeasureFactory, NetworkPhotoFactory, png_upload

pytestmark = pytest.mark.django_db

SITEWIDE = {
    "default-src": "'self'",
    "img-src": "'self' data:",
    "object-src": "'none'",
    "base-uri": "'none'",
    "form-action": "'self'",
    "frame-ancestors": "'none'",
}
TEMPLATES = Path(__file__).resolve().parents[2] / "templates"
# E-mails and PDFs are not pages in a browser: they may carry their own styles. Mails
# live in templates/emails/, printed documents in a folder named print/ (the shared
# templates/print/, an app's templates/<app>/print/).
NOT_PAGES = ("emails", "print")
INLINE = re.compile(r"<script(?![^>]*\bsrc=)|<style|\sstyle=|\son[a-z]+=|javascript:", re.I)


def directives(header: str) -> dict[str, str]:
    """A policy's directives (django-csp writes them in no fixed order)."""
    return dict(part.strip().split(" ", 1) for part in header.split(";"))


def test_pages_send_the_sitewide_policy(client, personas):
    assert directives(client.get(reverse("home"))["Content-Security-Policy"]) == SITEWIDE
    login = client.get(reverse("account_login"))
    assert directives(login["Content-Security-Policy"]) == SITEWIDE
    client.force_login(personas.climate_manager_a)
    assert directives(client.get(reverse("start"))["Content-Security-Policy"]) == SITEWIDE


def test_documents_keep_their_sandbox(client, personas):
    from measures.services import add_document

    area = FocusAreaFactory()
    personas.network.focus_areas.add(area)
    measure = MeasureFactory(participation=personas.participation_a, focus_area=area)
    document = add_document(measure=measure, user=personas.coordinator, upload=png_upload())
    client.force_login(personas.climate_manager_a)
    response = client.get(reverse("measure_document", args=[measure.pk, document.pk]))
    assert response["Content-Security-Policy"] == "default-src 'none'; sandbox"


def test_photos_keep_their_own_policy(client, personas):
    photo = NetworkPhotoFactory(network=personas.network)
    client.force_login(personas.climate_manager_a)
    response = client.get(reverse("network_photo", args=[personas.network.slug, photo.pk]))
    assert response["Content-Security-Policy"] == "default-src 'none'"


def test_no_template_of_a_page_has_inline_script_or_style():
    found = [
        f"{path.relative_to(TEMPLATES)}: {match.group()}"
        for path in sorted(TEMPLATES.rglob("*.html"))
        if not set(path.relative_to(TEMPLATES).parts[:2]) & set(NOT_PAGES)
        for match in INLINE.finditer(path.read_text())
    ]
    assert found == []
