"""Shared set-up for the events tests: the personas' network with meetings."""

import datetime

from django.utils import timezone

from events.models import Meeting
from tests.factories import FocusAreaFactory


def at(days: int, hour: int = 10) -> datetime.datetime:
    """A time `days` from today at `hour` o'clock in Berlin."""
    day = timezone.localdate() + datetime.timedelta(days=days)
    return datetime.datetime.combine(
        day, datetime.time(hour), tzinfo=timezone.get_default_timezone()
    )


class World:
    """The personas, their network running from two years ago to two years ahead,
    one upcoming and one past meeting moderated by the service provider."""

    def __init__(self, personas):
        self.personas = personas
        network = personas.network
        today = timezone.localdate()
        network.term_start = today - datetime.timedelta(days=730)
        network.term_end = today + datetime.timedelta(days=730)
        network.save()
        personas.participation_a.joined_on = network.term_start
        personas.participation_a.save()
        personas.participation_b.joined_on = network.term_start
        personas.participation_b.save()
        self.buildings = FocusAreaFactory(name="Gebäude", slug="ev-gebaeude")
        network.focus_areas.add(self.buildings)
        self.upcoming = self.meeting(title="5. Netzwerktreffen", starts_at=at(14))
        self.past = self.meeting(title="4. Netzwerktreffen", starts_at=at(-14))

    def __getattr__(self, name):
        return getattr(self.personas, name)

    def meeting(self, **fields) -> Meeting:
        starts_at = fields.pop("starts_at", at(14))
        values = {
            "network": self.personas.network,
            "kind": Meeting.Kind.NETWORK_MEETING,
            "title": "Netzwerktreffen",
            "starts_at": starts_at,
            "ends_at": starts_at + datetime.timedelta(hours=3),
            "venue": "Rathaus Altenbeken, Sitzungssaal",
            "address": "Bahnhofstraße 5a\n33184 Altenbeken",
            "moderator": self.personas.service_provider,
            **fields,
        }
        meeting = Meeting(**values)
        meeting.full_clean()
        meeting.save()
        return meeting
