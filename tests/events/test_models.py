import datetime

import pytest
from django.core.exceptions import ValidationError

from events.models import AgendaItem, Meeting
from tests.events.support import at
from tests.helpers import messages_of, violates

pytestmark = pytest.mark.django_db


def test_meeting_must_end_after_it_starts(world):
    meeting = Meeting(
        network=world.network, title="Treffen", starts_at=at(3), ends_at=at(3),
        venue="Rathaus", moderator=world.coordinator,
    )  # fmt: skip
    with pytest.raises(ValidationError) as excinfo:
        meeting.full_clean()
    assert messages_of(excinfo) == {"ends_at": ["Das Ende muss nach dem Beginn liegen."]}
    with violates("events_meeting_ends_after_start"):
        meeting.save()


def test_meeting_needs_a_place_or_an_online_link(world):
    meeting = Meeting(
        network=world.network, title="Treffen", starts_at=at(3), ends_at=at(3, 12),
        moderator=world.coordinator,
    )  # fmt: skip
    with pytest.raises(ValidationError) as excinfo:
        meeting.full_clean()
    assert messages_of(excinfo) == {"venue": ["Bitte einen Ort oder einen Online-Link angeben."]}
    with violates("events_meeting_place_or_link"):
        meeting.save()
    meeting.online_url = "https://meet.example.org/netzwerk"
    meeting.full_clean()


def test_meeting_outside_the_term_needs_an_explicit_confirmation(world):
    after_term = world.network.term_end + datetime.timedelta(days=10)
    starts = at((after_term - datetime.date.today()).days)
    meeting = Meeting(
        network=world.network, title="Nachtreffen", starts_at=starts,
        ends_at=starts + datetime.timedelta(hours=2), venue="Rathaus",
        moderator=world.coordinator,
    )  # fmt: skip
    with pytest.raises(ValidationError) as excinfo:
        meeting.full_clean()
    assert list(messages_of(excinfo)) == ["starts_at"]
    assert "außerhalb der Laufzeit" in messages_of(excinfo)["starts_at"][0]
    meeting.outside_term_confirmed = True
    meeting.full_clean()


def test_only_coordinators_and_service_providers_moderate(world):
    meeting = world.meeting()
    meeting.moderator = world.climate_manager_a
    with pytest.raises(ValidationError) as excinfo:
        meeting.full_clean()
    assert list(messages_of(excinfo)) == ["moderator"]
    meeting.moderator = world.other_coordinator  # coordinates another organisation
    with pytest.raises(ValidationError):
        meeting.full_clean()
    meeting.moderator = world.coordinator
    meeting.full_clean()


def test_agenda_items_get_planned_start_times_from_their_durations(world):
    meeting = world.meeting(starts_at=at(7, 10))
    for position, (title, minutes) in enumerate(
        [("Begrüßung", 15), ("Berichte der Kommunen", 60), ("Exkursion", 45)], 1
    ):
        AgendaItem.objects.create(
            meeting=meeting, position=position, title=title, duration_minutes=minutes
        )
    times = [(item.title, start.strftime("%H:%M")) for item, start in meeting.agenda_with_times()]
    assert times == [
        ("Begrüßung", "10:00"),
        ("Berichte der Kommunen", "10:15"),
        ("Exkursion", "11:15"),
    ]
    assert meeting.agenda_end().strftime("%H:%M") == "12:00"


def test_agenda_item_duration_is_bounded_in_the_database(world):
    item = AgendaItem(meeting=world.upcoming, position=1, title="Pause", duration_minutes=0)
    with pytest.raises(ValidationError) as excinfo:
        item.full_clean()
    assert messages_of(excinfo) == {
        "duration_minutes": ["Bitte eine Dauer zwischen 1 und 720 Minuten angeben."]
    }
    with violates("events_agendaitem_duration_range"):
        item.save()
