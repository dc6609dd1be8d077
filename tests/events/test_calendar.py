import pytest
import vobject
from django.urls import reverse
from django.utils import timezone

from events import services
from events.models import CalendarFeed
from tests.events.test_meetings import login
from tests.factories import png_upload

pytestmark = pytest.mark.django_db


def test_meeting_download_is_a_calendar_file_other_programs_read(client, world):
    login(client, world.climate_manager_a)
    response = client.get(reverse("meeting_calendar", args=[world.upcoming.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    calendar = vobject.readOne(response.content.decode())
    assert calendar.method.value == "PUBLISH"
    assert calendar.vevent.summary.value == "5. Netzwerktreffen (Netzwerk Test)"
    assert calendar.vevent.dtstart.value == world.upcoming.starts_at


def test_personal_feed_lists_the_meetings_of_ones_networks(client, world):
    login(client, world.climate_manager_a)
    response = client.post(reverse("calendar_settings"))
    feed_url = response.context["feed_url"]
    assert feed_url.startswith("http://testserver/kalender/")
    client.logout()  # calendar apps do not sign in
    feed = client.get(feed_url.removeprefix("http://testserver"))
    assert feed.status_code == 200
    events = vobject.readOne(feed.content.decode()).contents["vevent"]
    assert sorted(event.summary.value for event in events) == [
        "4. Netzwerktreffen (Netzwerk Test)",
        "5. Netzwerktreffen (Netzwerk Test)",
    ]
    assert CalendarFeed.objects.get(user=world.climate_manager_a).last_used_at is not None


def test_renewing_the_feed_address_stops_the_old_one(client, world):
    old = services.renew_calendar_feed(user=world.coordinator)
    new = services.renew_calendar_feed(user=world.coordinator)
    assert client.get(reverse("calendar_feed", args=[old])).status_code == 404
    assert client.get(reverse("calendar_feed", args=[new])).status_code == 200
    # Only a hash is stored.
    assert new not in CalendarFeed.objects.get(user=world.coordinator).token_hash


def test_feed_of_a_deactivated_person_stops(client, world):
    token = services.renew_calendar_feed(user=world.climate_manager_b)
    world.climate_manager_b.is_active = False
    world.climate_manager_b.save()
    assert client.get(reverse("calendar_feed", args=[token])).status_code == 404


def test_attachments_follow_the_upload_rules_of_measure_documents(client, world):
    login(client, world.service_provider)
    url = reverse("meeting_document_add", args=[world.past.pk])
    from django.core.files.uploadedfile import SimpleUploadedFile

    fake = SimpleUploadedFile("folien.pdf", b"<html><script>x</script>", "application/pdf")
    response = client.post(url, {"file": fake})
    assert response.status_code == 422
    assert "Diese Datei kann nicht hochgeladen werden" in response.content.decode()
    assert client.post(url, {"file": png_upload()}).status_code == 302
    document = world.past.documents.get()
    assert document.name == "foto.png"
    assert document.file.name.startswith("treffen/")
    login(client, world.climate_manager_b)
    download = client.get(document.get_absolute_url())
    assert download.status_code == 200
    assert download["Content-Security-Policy"] == "default-src 'none'; sandbox"
    assert b"".join(download.streaming_content).startswith(b"\x89PNG")


def test_a_downloads_file_name_keeps_german_letters_readable(client, world):
    meeting = world.meeting(title="Wärmeplanung für Größere Städte")
    login(client, world.climate_manager_a)
    response = client.get(reverse("meeting_calendar", args=[meeting.pk]))
    day = timezone.localtime(meeting.starts_at).date().isoformat()
    assert response["Content-Disposition"] == (
        f'attachment; filename="{day}-waermeplanung-fuer-groessere-staedte.ics"'
    )
