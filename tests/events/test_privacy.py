"""What a funder sees of a meeting, and how the coordination shares a meeting's record
with them (events.access.meeting_parts_for). The persona-by-surface table is in
tests/portal/test_permission_matrix.py (MEETING_CONTENT)."""

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from events import services
from events.access import EVERYTHING, MeetingParts, meeting_parts_for
from events.models import Attendance, Meeting
from tests.events.test_meetings import login
from tests.helpers import run_tasks

pytestmark = pytest.mark.django_db


def edit_data(meeting: Meeting, **changes) -> dict:
    """The meeting form as loaded, with `changes`."""
    start, end = meeting.starts_at.astimezone(), meeting.ends_at.astimezone()
    data = {
        "kind": meeting.kind, "title": meeting.title,
        "starts_at_0": f"{start:%Y-%m-%d}", "starts_at_1": f"{start:%H:%M}",
        "ends_at_0": f"{end:%Y-%m-%d}", "ends_at_1": f"{end:%H:%M}",
        "venue": meeting.venue, "address": meeting.address, "online_url": meeting.online_url,
        "description": meeting.description, "moderator": meeting.moderator_id,
        "version": meeting.sequence,
    }  # fmt: skip
    if meeting.shared_with_funder:
        data["shared_with_funder"] = "on"
    data.update(changes)
    return {key: value for key, value in data.items() if value is not None}


def test_the_network_sees_everything_and_its_funder_what_was_shared(world):
    meeting = world.past
    for person in (world.coordinator, world.service_provider, world.climate_manager_b):
        assert meeting_parts_for(person, meeting) == EVERYTHING
    assert meeting_parts_for(world.superuser, meeting) == EVERYTHING
    assert meeting_parts_for(world.funder, meeting) == MeetingParts(
        names=False, minutes=False, files=False
    )
    meeting.shared_with_funder = True
    meeting.save(update_fields=["shared_with_funder"])
    assert meeting_parts_for(world.funder, meeting) == MeetingParts(
        names=False, minutes=True, files=True
    )


def test_the_funders_participant_page_counts_who_came_without_names(client, world):
    for name in ("Anna Anwesend", "Bernd Anwesend"):
        Attendance.objects.create(meeting=world.past, name=name, municipality=world.municipality_a)
    url = reverse("participant", args=[world.network.slug, "altenbeken"])
    login(client, world.funder)
    response = client.get(url)
    assert [(m.title, m.attendees) for m in response.context["meetings"]] == [
        ("4. Netzwerktreffen", 2)
    ]
    html = response.content.decode()
    assert "Anna Anwesend" not in html
    assert "2 Personen" in html
    login(client, world.climate_manager_b)
    assert "Anna Anwesend, Bernd Anwesend" in client.get(url).content.decode()


def test_the_coordinator_shares_a_record_without_mailing_or_changing_the_calendar(client, world):
    meeting = world.upcoming
    services.send_invitations(meeting=meeting, user=world.coordinator)
    run_tasks()
    meeting.refresh_from_db()
    sequence = meeting.sequence
    mail.outbox.clear()
    login(client, world.coordinator)
    url = reverse("meeting_edit", args=[meeting.pk])
    assert "Protokoll und Anhänge für den Fördermittelgeber freigeben" in (
        client.get(url).content.decode()
    )
    response = client.post(url, edit_data(meeting, shared_with_funder="on"), follow=True)
    assert "Die Freigabe für den Fördermittelgeber ist gespeichert." in response.content.decode()
    meeting.refresh_from_db()
    assert meeting.shared_with_funder
    assert meeting.sequence == sequence  # invitees' calendars are not told of it
    run_tasks()
    assert mail.outbox == []
    # Taking it back works the same way.
    client.post(url, edit_data(meeting, shared_with_funder=None))
    meeting.refresh_from_db()
    assert not meeting.shared_with_funder
    run_tasks()
    assert (meeting.sequence, mail.outbox) == (sequence, [])


def test_a_change_of_the_meeting_with_the_sharing_still_updates_the_invitees(client, world):
    meeting = world.upcoming
    services.send_invitations(meeting=meeting, user=world.coordinator)
    run_tasks()
    meeting.refresh_from_db()
    mail.outbox.clear()
    login(client, world.coordinator)
    client.post(
        reverse("meeting_edit", args=[meeting.pk]),
        edit_data(meeting, shared_with_funder="on", venue="Kreishaus"),
    )
    meeting.refresh_from_db()
    assert (meeting.venue, meeting.shared_with_funder) == ("Kreishaus", True)
    run_tasks()
    assert len(mail.outbox) == meeting.invitees.count() > 0


def test_service_providers_do_not_share_a_record_with_the_funder(client, world):
    meeting = world.past
    login(client, world.service_provider)
    url = reverse("meeting_edit", args=[meeting.pk])
    assert "shared_with_funder" not in client.get(url).content.decode()
    client.post(url, edit_data(meeting, shared_with_funder="on", title="Neuer Titel"))
    meeting.refresh_from_db()
    assert (meeting.title, meeting.shared_with_funder) == ("Neuer Titel", False)
    meeting.shared_with_funder = True
    with pytest.raises(PermissionDenied):
        services.update_meeting(
            meeting=meeting, user=world.service_provider, base_sequence=meeting.sequence
        )
    assert not Meeting.objects.get(pk=meeting.pk).shared_with_funder


def test_the_funder_reads_why_the_minutes_are_missing_and_the_coordinator_what_is_shared(
    client, world
):
    url = reverse("meeting", args=[world.past.pk])
    login(client, world.funder)
    funder_page = client.get(url).content.decode()
    assert "nicht für den Fördermittelgeber freigegeben" in funder_page
    assert 'id="anhaenge"' not in funder_page
    login(client, world.coordinator)
    page = client.get(url).content.decode()
    assert "Protokoll und Anhänge sind nicht für den Fördermittelgeber freigegeben" in page
    world.past.shared_with_funder = True
    world.past.save(update_fields=["shared_with_funder"])
    page = client.get(url).content.decode()
    assert "Protokoll und Anhänge sind für den Fördermittelgeber freigegeben" in page
    login(client, world.funder)
    assert 'id="anhaenge"' in client.get(url).content.decode()
