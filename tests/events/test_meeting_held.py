"""A meeting took place: one definition (MeetingQuerySet.held and
Meeting.has_taken_place, issue 30) for the report's figures, the programme rules,
the network page's attendance counts and a participant's page."""

import datetime

import pytest
from django.utils import timezone

from events.models import Meeting
from lib.dates import end_of_day
from tests.factories import MeetingFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("module_personas")]

HOUR = datetime.timedelta(hours=1)
HELD, PLANNED, CANCELLED = Meeting.Status.HELD, Meeting.Status.PLANNED, Meeting.Status.CANCELLED


@pytest.fixture
def meetings(personas):
    now = timezone.now()
    plan = [
        # title, begins (hours from now), status, taken place?
        ("Vorbei, erfasst", -48, HELD, True),
        ("Vorbei, nicht erfasst", -24, PLANNED, True),
        ("Läuft, nicht erfasst", -1, PLANNED, True),
        ("Vorbei, abgesagt", -72, CANCELLED, False),
        ("Demnächst", 24, PLANNED, False),
        # Attendance recorded before the start marks a meeting as held.
        ("Demnächst, schon erfasst", 2, HELD, True),
    ]
    made = {}
    for title, begins, status, expected in plan:
        starts_at = now + begins * HOUR
        meeting = MeetingFactory(network=personas.network, title=title, status=status,
                                 starts_at=starts_at, ends_at=starts_at + 3 * HOUR)  # fmt: skip
        made[title] = (meeting, expected)
    return now, made


def test_held_is_the_meetings_not_cancelled_and_begun_or_recorded_as_held(meetings):
    now, made = meetings
    held = set(Meeting.objects.held(now).values_list("title", flat=True))
    assert held == {title for title, (_meeting, expected) in made.items() if expected}


def test_one_meeting_says_the_same_as_the_queryset(meetings):
    now, made = meetings
    for title, (meeting, expected) in made.items():
        assert meeting.has_taken_place(now) is expected, title


def test_by_a_moment_in_the_past_later_meetings_had_not_yet_taken_place(meetings):
    now, made = meetings
    then = now - 30 * HOUR
    assert set(Meeting.objects.held(then).values_list("title", flat=True)) == {
        "Vorbei, erfasst",
        "Demnächst, schon erfasst",
    }
    assert made["Vorbei, nicht erfasst"][0].has_taken_place(then) is False


def test_a_meeting_has_started_from_its_first_moment(meetings):
    now, made = meetings
    meeting = made["Demnächst"][0]
    assert not meeting.has_started(meeting.starts_at - datetime.timedelta(seconds=1))
    assert meeting.has_started(meeting.starts_at)


def test_the_end_of_a_day_is_its_last_moment_in_the_portals_time_zone():
    day = datetime.date(2024, 3, 31)  # the night the clocks go forward
    end = end_of_day(day)
    assert timezone.localtime(end).date() == day
    assert timezone.localtime(end + datetime.timedelta(microseconds=1)).date() == day.replace(
        month=4, day=1
    )
