import io
import re
import zipfile

import pytest
from django.conf import settings
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from measures.models import MeasureDocument
from tests.factories import png_upload

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.usefixtures("module_personas", "running_networks"),
]

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << >>\n%%EOF\n"
DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
REFUSED = (
    "Diese Datei kann nicht hochgeladen werden. Erlaubt sind PDF, Bilder (JPEG, PNG, WebP) "
    "und Office-Dokumente (Word, Excel, PowerPoint, OpenDocument)."
)


def docx_bytes() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", '<?xml version="1.0"?><Types/>')
        archive.writestr("word/document.xml", '<?xml version="1.0"?><w:document/>')
    return buffer.getvalue()


@pytest.fixture
def measure(client, world):
    client.force_login(world.climate_manager_a)
    return world.measure(user=world.climate_manager_a)


def upload(client, measure, file):
    return client.post(reverse("measure_document_add", args=[measure.pk]), {"file": file})


def stored_files() -> list[str]:
    root = settings.MEDIA_ROOT / "massnahmen"
    return sorted(p.name for p in root.iterdir()) if root.exists() else []


def download(client, document):
    response = client.get(document.get_absolute_url())
    # The test client closes the response (and the file) once the content is read.
    content = b"".join(response.streaming_content)
    return response, content


@pytest.mark.parametrize(
    ("file", "name", "content_type", "disposition"),
    [
        (png_upload, "foto.png", "image/png", "inline"),
        (
            lambda: SimpleUploadedFile("Bericht 2024.pdf", PDF),
            "Bericht 2024.pdf",
            "application/pdf",
            "inline",
        ),
        (
            lambda: SimpleUploadedFile("antrag.docx", docx_bytes()),
            "antrag.docx",
            DOCX_TYPE,
            "attachment",
        ),
    ],  # fmt: skip
    ids=["png", "pdf", "docx"],
)
def test_real_documents_are_accepted_and_downloaded_through_the_view(
    client, world, measure, file, name, content_type, disposition
):
    sent = file()
    response = upload(client, measure, sent)
    assert response.status_code == 302
    document = measure.documents.get()
    assert (document.name, document.content_type, document.size, document.uploaded_by) == (
        name,
        content_type,
        sent.size,
        world.climate_manager_a,
    )
    response, content = download(client, document)
    sent.seek(0)
    assert content == sent.read()
    assert response["Content-Type"] == content_type
    assert response["Content-Disposition"].startswith(f"{disposition}; filename=")
    assert response["Content-Security-Policy"] == "default-src 'none'; sandbox"
    assert response["Cache-Control"] == "private, no-store"


def test_an_exe_renamed_to_pdf_is_refused_in_german(client, measure):
    exe = SimpleUploadedFile("rechnung.pdf", b"MZ\x90\x00\x03\x00\x00\x00" + b"\x00" * 200)
    response = upload(client, measure, exe)
    assert response.status_code == 422
    assert response.context["document_form"].errors["file"] == [REFUSED]
    assert REFUSED in response.content.decode()
    assert MeasureDocument.objects.count() == 0
    assert stored_files() == []
    # Where the eye is: a summary at the top of the page, focused, linking to the field.
    html = response.content.decode()
    summary = html[html.index('<div class="error-summary"') :]
    assert html.index('<div class="error-summary"') < html.index("<h1")
    assert "autofocus" in summary[: summary.index(">")]
    assert "Bitte korrigieren Sie eine Angabe" in summary
    assert f'<a href="#id_file">Datei: {REFUSED}</a>' in summary


def test_a_too_large_file_is_refused_naming_the_limit(client, measure, settings):
    settings.UPLOAD_MAX_BYTES = 1024
    response = upload(client, measure, SimpleUploadedFile("gross.pdf", PDF + b"0" * 2048))
    assert response.status_code == 422
    assert response.context["document_form"].errors["file"] == [
        "Die Datei ist 2,1\xa0KB groß; erlaubt sind höchstens 1,0\xa0KB."
    ]
    assert MeasureDocument.objects.count() == 0


def test_the_name_is_sanitised_and_the_stored_name_is_random(client, measure):
    upload(client, measure, SimpleUploadedFile("../../etc/passwd<script>.pdf", PDF))
    document = measure.documents.get()
    assert document.name == "passwd_script.pdf"
    assert re.fullmatch(r"massnahmen/[0-9a-f]{32}\.pdf", document.file.name)
    assert stored_files() == [document.file.name.removeprefix("massnahmen/")]
    response, _content = download(client, document)
    assert response["Content-Disposition"] == 'inline; filename="passwd_script.pdf"'

    html = client.get(reverse("measure", args=[measure.pk])).content.decode()
    assert f'<a href="{document.get_absolute_url()}">passwd_script.pdf</a>' in html
    assert "<script>.pdf" not in html
    assert "etc/passwd" not in html
    assert document.file.name not in html  # no path into the storage
    assert "/media/" not in html


def test_deleting_removes_the_record_and_the_file(
    client, measure, django_capture_on_commit_callbacks
):
    upload(client, measure, SimpleUploadedFile("bericht.pdf", PDF))
    document = measure.documents.get()
    assert default_storage.exists(document.file.name)

    with django_capture_on_commit_callbacks(execute=True):
        url = reverse("measure_document_delete", args=[measure.pk, document.pk])
        asked = client.post(url)
        assert "„bericht.pdf“ wird gelöscht" in asked.content.decode()
        assert MeasureDocument.objects.count() == 1
        response = client.post(url, {"bestaetigt": "1"})

    assert response.status_code == 302
    assert response["Location"] == reverse("measure", args=[measure.pk])
    assert MeasureDocument.objects.count() == 0
    assert not default_storage.exists(document.file.name)
    assert stored_files() == []


def test_a_document_of_another_measure_is_not_found_under_this_one(client, world, measure):
    upload(client, measure, SimpleUploadedFile("bericht.pdf", PDF))
    document = measure.documents.get()
    other = world.measure(title="Andere Maßnahme")
    url = reverse("measure_document", args=[other.pk, document.pk])
    assert client.get(url).status_code == 404
