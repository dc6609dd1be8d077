import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from networks.models import NetworkPhoto

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("module_personas")]


def png(size=(40, 30)) -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", size, (31, 107, 74)).save(buffer, "PNG")
    return SimpleUploadedFile("../../etc/Gruppenfoto ünsafe.png", buffer.getvalue(), "image/png")


def upload(client, personas, file, alt="Gruppenfoto der Partner"):
    return client.post(
        reverse("network_photo_add", args=["netzwerk-test"]),
        {"image": file, "alt_text": alt, "caption": "Abschlussveranstaltung"},
    )


def test_coordinator_uploads_a_photo_stored_under_a_random_name(client, personas):
    client.force_login(personas.coordinator)
    assert upload(client, personas, png()).status_code == 302
    photo = NetworkPhoto.objects.get()
    assert photo.alt_text == "Gruppenfoto der Partner"
    assert photo.image.name.startswith("netzwerke/fotos/")
    assert photo.image.name.endswith(".png")
    assert "Gruppenfoto" not in photo.image.name and ".." not in photo.image.name


def test_a_text_file_named_png_is_refused_in_german(client, personas):
    client.force_login(personas.coordinator)
    fake = SimpleUploadedFile("bild.png", b"<script>alert(1)</script>", "image/png")
    response = upload(client, personas, fake)
    assert response.status_code == 422
    assert "Die Datei ist kein lesbares Bild." in response.content.decode()
    assert not NetworkPhoto.objects.exists()


def test_a_too_large_file_is_refused_with_the_limit(client, personas, settings):
    settings.UPLOAD_MAX_BYTES = 100
    client.force_login(personas.coordinator)
    response = upload(client, personas, png((200, 200)))
    assert "erlaubt sind höchstens 100\xa0Bytes." in response.content.decode()
    assert not NetworkPhoto.objects.exists()


def test_alt_text_is_required(client, personas):
    client.force_login(personas.coordinator)
    response = upload(client, personas, png(), alt="")
    assert response.status_code == 422
    assert not NetworkPhoto.objects.exists()


def test_photos_of_a_public_network_are_served_to_anyone(client, personas):
    client.force_login(personas.coordinator)
    upload(client, personas, png())
    photo = NetworkPhoto.objects.get()
    client.logout()
    assert client.get(photo.get_absolute_url()).status_code == 404  # not public yet
    personas.network.is_public = True
    personas.network.save()
    response = client.get(photo.get_absolute_url())
    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    assert response["X-Content-Type-Options"] == "nosniff"
    html = client.get(reverse("public_network", args=["netzwerk-test"])).content.decode()
    assert f'<img src="{photo.get_absolute_url()}" alt="Gruppenfoto der Partner"' in html


def test_members_see_photos_of_a_network_that_is_not_public(client, personas):
    client.force_login(personas.coordinator)
    upload(client, personas, png())
    photo = NetworkPhoto.objects.get()
    client.force_login(personas.climate_manager_a)
    assert client.get(photo.get_absolute_url()).status_code == 200
    client.force_login(personas.outsider)
    assert client.get(photo.get_absolute_url()).status_code == 404


def test_coordinator_deletes_a_photo_and_its_file(
    client, personas, settings, django_capture_on_commit_callbacks
):
    client.force_login(personas.coordinator)
    upload(client, personas, png())
    photo = NetworkPhoto.objects.get()
    path = settings.MEDIA_ROOT / photo.image.name
    assert path.exists()
    url = reverse("network_photo_delete", args=["netzwerk-test", photo.pk])
    with django_capture_on_commit_callbacks(execute=True):  # the file goes after the row
        assert client.post(url).status_code == 302
    assert not NetworkPhoto.objects.exists()
    assert not path.exists()
