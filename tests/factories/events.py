"""Factories of the events app: meetings with their agenda, invitees, attendance,
minutes, decisions and action items."""

import datetime

import factory
from django.utils import timezone
from factory.django import DjangoModelFactory

from events.models import (
    ActionItem,
    AgendaItem,
    Attendance,
    Decision,
    Invitee,
    Meeting,
    Minutes,
)
from networks.models import Role
from tests.factories.networks import (
    MunicipalityFactory,
    NetworkFactory,
    UserFactory,
    coordinator_of,
)


def in_two_weeks() -> datetime.datetime:
    """Two weeks from today at 10 o'clock in Berlin."""
    day = timezone.localdate() + datetime.timedelta(days=14)
    return datetime.datetime.combine(day, datetime.time(10), tzinfo=timezone.get_default_timezone())


class MeetingFactory(DjangoModelFactory):
    """A network meeting in two weeks, three hours long, in a network whose term is
    current, moderated by the network's coordination."""

    class Meta:
        model = Meeting

    network = factory.SubFactory(NetworkFactory, current=True)
    kind = Meeting.Kind.NETWORK_MEETING
    title = factory.Sequence(lambda n: f"{n + 1}. Netzwerktreffen")
    starts_at = factory.LazyFunction(in_two_weeks)
    ends_at = factory.LazyAttribute(lambda meeting: meeting.starts_at + datetime.timedelta(hours=3))
    venue = "Rathaus, Sitzungssaal"
    moderator = factory.LazyAttribute(lambda meeting: coordinator_of(meeting.network.coordinator))


class AgendaItemFactory(DjangoModelFactory):
    class Meta:
        model = AgendaItem

    meeting = factory.SubFactory(MeetingFactory)
    position = factory.Sequence(lambda n: n + 1)
    title = factory.Sequence(lambda n: f"Tagesordnungspunkt {n + 1}")


class InviteeFactory(DjangoModelFactory):
    """A climate manager invited for a municipality, without an answer yet."""

    class Meta:
        model = Invitee

    meeting = factory.SubFactory(MeetingFactory)
    user = factory.SubFactory(UserFactory)
    role = Role.CLIMATE_MANAGER
    municipality = factory.SubFactory(MunicipalityFactory)


class AttendanceFactory(DjangoModelFactory):
    """A person without an account, recorded by name by the meeting's moderator,
    attending for a municipality."""

    class Meta:
        model = Attendance

    meeting = factory.SubFactory(MeetingFactory)
    name = factory.Sequence(lambda n: f"Teilnehmende {n + 1}")
    municipality = factory.SubFactory(MunicipalityFactory)
    recorded_by = factory.SelfAttribute("meeting.moderator")


class MinutesFactory(DjangoModelFactory):
    """Draft minutes; `MinutesFactory(final=True)` are finalised now."""

    class Meta:
        model = Minutes

    class Params:
        final = factory.Trait(
            status=Minutes.Status.FINAL, finalised_at=factory.LazyFunction(timezone.now)
        )

    meeting = factory.SubFactory(MeetingFactory)
    text = "## Begrüßung\n\nDie Moderation begrüßt alle."
    status = Minutes.Status.DRAFT


class DecisionFactory(DjangoModelFactory):
    class Meta:
        model = Decision

    meeting = factory.SubFactory(MeetingFactory)
    text = factory.Sequence(lambda n: f"Beschluss {n + 1}")


class ActionItemFactory(DjangoModelFactory):
    """An open action item for a municipality, due four weeks from today."""

    class Meta:
        model = ActionItem

    meeting = factory.SubFactory(MeetingFactory)
    text = factory.Sequence(lambda n: f"Aufgabe {n + 1}")
    responsible_municipality = factory.SubFactory(MunicipalityFactory)
    due_on = factory.LazyFunction(lambda: timezone.localdate() + datetime.timedelta(days=28))
