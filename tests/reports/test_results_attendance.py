"""Meeting attendance in a network's figures and on a participant's page: only the
network's own meetings that took place count, a cancelled one never does
(reports/results.py, issue 29)."""

import datetime

import pytest
from django.utils import timezone

from events.models import Meeting
from reports.results import attendance_counts, attendance_of
from tests.factories import AttendanceFactory, MeetingFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("module_personas")]

HELD, PLANNED, CANCELLED = Meeting.Status.HELD, Meeting.Status.PLANNED, Meeting.Status.CANCELLED


@pytest.fixture
def meetings(personas):
    """Meetings of the personas' network, each with who came for which municipality
    (None: the moderation), and a meeting of A's other network."""
    now = timezone.now()
    hours = datetime.timedelta(hours=1)
    plan = [
        # network, title, begins (hours from now), status, attendees
        (personas.network, "Abgesagt", -480, CANCELLED, [("Anna Beispiel", "a")]),
        (personas.network, "Stattgefunden", -240, HELD,
         [("Bernd Gast", "a"), ("Anna Beispiel", "a"), ("Berta Borchen", "b"),
          ("Moderation", None)]),
        (personas.network, "Nicht erfasst", -120, PLANNED, []),
        # Begun an hour ago, attendance recorded, still going on for two hours.
        (personas.network, "Läuft gerade", -1, HELD, [("Anna Beispiel", "a")]),
        (personas.network, "Demnächst", 336, PLANNED, []),
        (personas.other_network, "Im anderen Netzwerk", -200, HELD, [("Anna Beispiel", "a")]),
    ]  # fmt: skip
    municipalities = {"a": personas.municipality_a, "b": personas.municipality_b, None: None}
    for network, title, begins, status, attendees in plan:
        meeting = MeetingFactory(network=network, title=title, status=status,
                                 starts_at=now + begins * hours,
                                 ends_at=now + (begins + 3) * hours)  # fmt: skip
        for name, municipality in attendees:
            AttendanceFactory(meeting=meeting, name=name, municipality=municipalities[municipality])
    return personas


def test_attendance_counts_the_networks_meetings_that_took_place_not_cancelled_ones(meetings):
    """Held: recorded as held (also while still going on) or over; A attended two of
    them (the other network's meeting and the cancelled one are not counted)."""
    assert attendance_counts(meetings.network) == (
        {meetings.municipality_a.pk: 2, meetings.municipality_b.pk: 1},
        3,
    )


def test_a_participants_page_lists_the_networks_begun_meetings_with_its_attendees(meetings):
    rows = [(m.title, m.attendees) for m in attendance_of(meetings.participation_a)]
    assert rows == [
        ("Läuft gerade", ["Anna Beispiel"]),
        ("Nicht erfasst", []),
        ("Stattgefunden", ["Anna Beispiel", "Bernd Gast"]),
    ]
