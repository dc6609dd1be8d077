"""The running network's dates hold on whatever day the demo is loaded: every day of
three years (month ends, 29 February, each weekday) is tried, without seeding. What a
seeding writes is tested in test_seed_demo.py, on the day the suite runs."""

import datetime

import pytest

from demo.meetings import running_plan
from demo.partner import MEASURES, measure_plan, term_for
from events.models import Meeting
from measures.models import Measure, MeasureSettings
from networks.models import Network
from reports.compliance import MAX_GAP_DAYS, report_deadlines
from reports.models import Report

FIRST_DAY = datetime.date(2026, 1, 1)
DAYS = [FIRST_DAY + datetime.timedelta(days=n) for n in range(3 * 366)]
TOWNS = range(6)


def test_the_days_tried_include_the_awkward_ones():
    assert {datetime.date(2028, 2, 29), datetime.date(2027, 3, 31), DAYS[-1]} <= set(DAYS)
    assert DAYS[-1] == datetime.date(2029, 1, 2)
    assert {day.weekday() for day in DAYS} == set(range(7))


def test_the_meetings_keep_the_programmes_rhythm_with_one_ahead():
    for today in DAYS:
        start, end = term_for(today)
        plan = running_plan(start, today)
        kinds = [kind for kind, _title, _day in plan]
        assert kinds == [Meeting.Kind.KICK_OFF] + [Meeting.Kind.NETWORK_MEETING] * 10, today
        days = [day for _kind, _title, day in plan]
        assert {day.weekday() for day in days} == {1}, today  # Tuesdays
        # From the term's start to the kick-off and from meeting to meeting at most the
        # rules' gap: every quarter, evenly (11 to 13 weeks, a week apart at most).
        gaps = [(b - a).days for a, b in zip([start, *days[:-1]], days, strict=True)]
        assert 14 <= gaps[0] <= 20, today
        assert max(gaps[1:]) <= MAX_GAP_DAYS, today
        assert max(gaps[1:-1]) - min(gaps[1:-1]) <= 7 and min(gaps[1:]) >= 77, today
        *held, coming = days
        # The last one four to five weeks ago (its minutes are final a week after it),
        # the next one ahead, within the term.
        assert 28 <= (today - held[-1]).days <= 34, today
        assert today < coming <= end, today


@pytest.mark.django_db  # a network, even unsaved, asks for its default factor set
def test_the_first_interim_report_has_fallen_due_and_the_second_is_due_within_two_months():
    network = Network()
    for today in DAYS:
        start, end = term_for(today)
        assert (end - start).days in (1094, 1095), today  # 36 months
        assert start < today - datetime.timedelta(days=2 * 365) < today < end
        network.term_start, network.term_end = start, end
        interim = [row for row in report_deadlines(network) if row[0] == Report.Kind.INTERIM]
        (_kind, _start, first_end, first_due), (_kind, _start, second_end, second_due) = interim
        # demo/reports.py issues the first before its deadline; the second is open.
        assert first_end < first_due < today, today
        assert second_end < today <= second_due <= today + datetime.timedelta(days=62), today


def test_the_measures_steps_lie_in_the_past_and_the_unfinished_are_kept_up_to_date():
    fresh = datetime.timedelta(days=MeasureSettings.DEFAULT_STALENESS_DAYS)
    for today in DAYS:
        start, _end = term_for(today)
        statuses = []
        for town in TOWNS:
            for number in range(len(MEASURES)):
                plan = measure_plan(start, today, town, number)
                statuses.append(plan["status"])
                assert plan["planned_start"] < plan["planned_end"], today
                created = plan.get("created", plan["planned_start"] - datetime.timedelta(days=30))
                assert start <= created < today, today
                if plan["status"] != Measure.Status.PLANNED:
                    # Noted a week before and a month after it started: all in the past.
                    assert created < plan["started"] - datetime.timedelta(days=7), today
                    assert plan["started"] + datetime.timedelta(days=30) < today, today
                if plan["status"] == Measure.Status.COMPLETED:
                    assert plan["planned_end"] < today, today
                else:
                    updated = plan.get("latest_note", created)
                    assert today - fresh < updated < today, today
        assert sorted(set(statuses)) == ["completed", "in_progress", "planned"]
        assert statuses.count("completed") == 9
