"""The shared factories make valid objects with the defaults their docstrings name."""

import datetime
import inspect

import pytest
from django.utils import timezone

import tests.factories
from events.models import Meeting, Minutes
from networks.models import Membership, User
from reports.models import Report
from tests.factories import (
    LEFT_EMPTY,
    ActionItemFactory,
    AgendaItemFactory,
    AttendanceFactory,
    DecisionFactory,
    InviteeFactory,
    MeetingFactory,
    MinutesFactory,
    NetworkFactory,
    ParticipationFactory,
    ReportFactory,
    in_two_weeks,
)

pytestmark = pytest.mark.django_db


def test_every_factory_of_the_app_modules_is_importable_from_the_package():
    from tests.factories import events, finances, measures, networks, portal

    defined = {
        name
        for module in (events, finances, measures, networks, portal)
        for name, value in vars(module).items()
        if inspect.isclass(value)
        and name.endswith("Factory")
        and value.__module__ == module.__name__
    }
    assert len(defined) == 22
    assert defined <= set(tests.factories.__all__)


def test_the_default_network_keeps_the_term_tests_assert_on():
    network = NetworkFactory()
    assert (network.term_start, network.term_end) == (
        datetime.date(2022, 7, 1),
        datetime.date(2025, 6, 30),
    )


def test_a_current_network_runs_from_two_years_ago_to_two_years_ahead():
    network = NetworkFactory(current=True)
    today = timezone.localdate()
    assert network.term_start == today - datetime.timedelta(days=730)
    assert network.term_end == today + datetime.timedelta(days=730)
    assert network.phase == network.Phase.ACTIVE
    network.full_clean()


def test_a_meeting_is_valid_in_two_weeks_and_moderated_by_the_coordination():
    meeting = MeetingFactory()
    meeting.full_clean()  # within the term, a moderator allowed to moderate
    assert meeting.starts_at == in_two_weeks()
    assert meeting.ends_at - meeting.starts_at == datetime.timedelta(hours=3)
    assert meeting.kind == Meeting.Kind.NETWORK_MEETING
    assert list(User.objects.moderators_of(meeting.network)) == [meeting.moderator]
    assert Membership.objects.get(user=meeting.moderator).organisation == (
        meeting.network.coordinator
    )
    second = MeetingFactory(network=meeting.network)
    assert second.moderator == meeting.moderator


def test_the_parts_of_a_meeting_are_valid_and_belong_to_one_meeting():
    meeting = MeetingFactory()
    parts = [
        AgendaItemFactory(meeting=meeting),
        AgendaItemFactory(meeting=meeting),
        InviteeFactory(meeting=meeting),
        AttendanceFactory(meeting=meeting),
        DecisionFactory(meeting=meeting),
        ActionItemFactory(meeting=meeting),
    ]
    for part in parts:
        part.full_clean()
    assert Meeting.objects.get() == meeting
    assert meeting.agenda_items.count() == 2
    assert not parts[-1].done


def test_minutes_are_a_draft_unless_final():
    assert MinutesFactory().status == Minutes.Status.DRAFT
    final = MinutesFactory(final=True)
    assert final.is_final
    assert final.finalised_at is not None
    assert final.history.count() == 1


def test_a_report_is_issued_with_frozen_figures_by_the_coordination():
    participation = ParticipationFactory()
    network = participation.network
    report = ReportFactory(network=network)
    assert (report.kind, report.period_start, report.period_end, report.version) == (
        Report.Kind.FINAL,
        datetime.date(2022, 7, 1),
        datetime.date(2025, 6, 30),
        1,
    )
    assert report.figures["network"]["name"] == network.name
    assert report.figures["totals"]["participant_count"] == 1
    assert report.issued_by_name == report.issued_by.get_full_name()
    assert report.pdf == ""
    # No draft: each written section left empty, for the factory's reason.
    assert report.left_empty == LEFT_EMPTY
    correction = ReportFactory(network=network)
    assert correction.version == 2
    assert correction.issued_by == report.issued_by


def test_an_interim_report_of_a_current_network():
    network = NetworkFactory(current=True)
    end = timezone.localdate() - datetime.timedelta(days=1)
    report = ReportFactory(
        network=network, kind=Report.Kind.INTERIM, period_end=end, note="  Vorläufig  "
    )
    assert (report.period_start, report.period_end, report.note, report.left_empty) == (
        network.term_start,
        end,
        "Vorläufig",
        {},
    )
