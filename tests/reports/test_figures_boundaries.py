"""The report's figures at their boundaries (reports/figures/building.py, issue 29): savings over
a lifetime only of completed measures that save something, a study needing no
lifetime, a municipality's targets counted only while it takes part at the period's
end, the "not represented" list on the day a municipality leaves, only the network's
own meetings that have begun, and two history records of a measure at one instant."""

import datetime
from decimal import Decimal
from types import SimpleNamespace

import pytest
from django.utils import timezone

from events.models import Attendance, Meeting
from measures.models import Measure
from networks.models import Municipality, Participation
from reports.figures.building import _not_represented, _over_lifetime, _sums, report_figures
from tests.factories import FocusAreaFactory, MeasureFactory, MeetingFactory
from tests.reports.test_reports import FIRST_YEAR, noon, story

D = datetime.date


NEW_YEAR = D(2023, 1, 1)
# A network's term around every day below, as a successor's predecessor might have had.
TERM = (D(2022, 1, 1), D(2025, 6, 30))


def measure(status="completed", co2="2", lifetime=10, completed_on=NEW_YEAR, kwh="1000"):
    return {"status": status, "co2_savings_t": None if co2 is None else Decimal(co2),
            "lifetime_years": lifetime, "completed_on": completed_on,
            "energy_savings_kwh": None if kwh is None else Decimal(kwh),
            "investment_eur": None, "subsidy_eur": None}  # fmt: skip


def test_lifetime_savings_count_completed_measures_that_save_with_their_lifetime():
    rows = [
        measure(co2="2", lifetime=10),  # 20 t over its lifetime
        measure(co2="1.5", lifetime=4),  # 6 t
        measure(co2="3", lifetime=None),  # saves, gives no lifetime
        measure(co2="0", lifetime=None),  # a study: saves nothing, needs none
        measure(co2=None, lifetime=None),  # nor does one without a figure
        measure(status="in_progress", co2="5", lifetime=20, completed_on=None),
        measure(status="planned", co2="5", lifetime=None, completed_on=None),
    ]
    sums = _sums(rows, term=TERM, start=D(2022, 7, 1), end=D(2023, 6, 30))
    assert (sums.lifetime_co2_t, sums.without_lifetime) == (Decimal(26), 1)
    assert _over_lifetime([]) == {"lifetime_co2_t": Decimal(0), "without_lifetime": 0}


def test_the_period_counts_completions_on_its_first_and_last_day():
    rows = [measure(completed_on=day, kwh="1000", co2="1")
            for day in (D(2022, 6, 30), D(2022, 7, 1), D(2023, 6, 30), D(2023, 7, 1))]  # fmt: skip
    sums = _sums(rows, term=TERM, start=D(2022, 7, 1), end=D(2023, 6, 30))
    assert sums.completed_in_period == 2
    assert (sums.in_period.energy_mwh, sums.in_period.co2_t) == (Decimal(2), Decimal(2))
    assert (sums.achieved.energy_mwh, sums.achieved.co2_t) == (Decimal(4), Decimal(4))
    # A term that begins with the period: what was completed before it counts nowhere.
    sums = _sums(rows, term=(D(2022, 7, 1), TERM[1]), start=D(2022, 7, 1), end=D(2023, 6, 30))
    assert (sums.achieved.energy_mwh, sums.achieved.co2_t) == (Decimal(3), Decimal(3))


def meeting_on(pk: int, day: datetime.date):
    moment = datetime.datetime.combine(
        day, datetime.time(10), tzinfo=timezone.get_default_timezone()
    )
    return SimpleNamespace(pk=pk, starts_at=moment)


def participation(municipality_id: int, name: str, *, joined_on, left_on=None):
    return Participation(
        joined_on=joined_on, left_on=left_on,
        municipality=Municipality(pk=municipality_id, name=name),
    )  # fmt: skip


def test_a_municipality_is_missed_at_a_meeting_on_the_day_it_leaves_not_after():
    leaving = participation(1, "Altenbeken", joined_on=D(2022, 7, 1), left_on=D(2023, 3, 1))
    joining = participation(2, "Borchen", joined_on=D(2023, 3, 1))
    meetings = [meeting_on(10, D(2023, 2, 28)), meeting_on(11, D(2023, 3, 1)),
                meeting_on(12, D(2023, 3, 2))]  # fmt: skip
    present = {(12, 2)}  # Borchen attended the third
    assert _not_represented(meetings, [leaving, joining], present) == [
        ["Altenbeken"], ["Altenbeken", "Borchen"], [],
    ]  # fmt: skip


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("left_on", "target_counted"),
    [(D(2023, 6, 29), False), (D(2023, 6, 30), False), (D(2023, 7, 1), True), (None, True)],
)
def test_a_target_counts_only_for_a_municipality_still_in_after_the_periods_end(
    personas, left_on, target_counted
):
    Participation.objects.filter(pk=personas.participation_b.pk).update(
        target_energy_mwh=Decimal("50"), target_co2_t=Decimal("5"), left_on=left_on
    )
    Participation.objects.filter(pk=personas.participation_a.pk).update(
        target_energy_mwh=Decimal("100"), target_co2_t=Decimal("10")
    )
    MeasureFactory(
        participation=personas.participation_b, status="completed",
        completed_on=D(2023, 1, 1), energy_savings_kwh=Decimal("30000"),
        co2_savings_t=Decimal("3"), co2_manual=True, co2_manual_reason="Audit",
    )  # fmt: skip
    # Recorded as completed on the day (the report reads the measures as they stood).
    Measure.history.update(history_date=datetime.datetime(2023, 1, 1, 12, tzinfo=datetime.UTC))
    figures = report_figures(personas.network, start=D(2022, 7, 1), end=D(2023, 6, 30))
    borchen = next(p for p in figures.participants if p.municipality == "Borchen")
    assert borchen.target.energy_mwh == (Decimal("50") if target_counted else None)
    assert borchen.target.co2_t == (Decimal("5") if target_counted else None)
    assert borchen.left_on == (None if target_counted else left_on)
    assert borchen.achieved.energy_mwh == Decimal(30)  # its savings stay in the report
    assert figures.totals.target.energy_mwh == Decimal(150 if target_counted else 100)
    assert figures.totals.target.co2_t == Decimal(15 if target_counted else 10)
    assert figures.totals.achieved.energy_mwh == Decimal(30)


@pytest.mark.django_db
def test_a_report_counts_its_own_networks_meetings_that_have_begun(personas):
    """A meeting of the period counts once it has begun (one beginning at the figures'
    moment has), not a later one of the period, nor another network's, even where a
    municipality of both networks attended it."""
    now = noon(D(2023, 3, 1))

    def meeting(network, when, title, status=Meeting.Status.HELD):
        held = MeetingFactory(network=network, title=title, starts_at=when, status=status)
        Attendance.objects.create(meeting=held, name="Anna A", municipality=personas.municipality_a)

    meeting(personas.network, noon(D(2023, 2, 7)), "Treffen im Februar")
    meeting(personas.network, now, "Treffen jetzt")
    meeting(personas.network, noon(D(2023, 3, 7)), "Treffen im März", Meeting.Status.PLANNED)
    meeting(personas.other_network, noon(D(2023, 2, 14)), "Treffen des anderen Netzwerks")
    start, end = FIRST_YEAR
    figures = report_figures(personas.network, start=start, end=end, now=now)
    assert [(m.date, m.title, m.municipalities, m.attendees, m.not_represented)
            for m in figures.meetings] == [
        (D(2023, 2, 7), "Treffen im Februar", 1, 1, ("Borchen",)),
        (D(2023, 3, 1), "Treffen jetzt", 1, 1, ("Borchen",)),
    ]  # fmt: skip
    assert figures.totals.meetings_held == 2
    assert [(p.municipality, p.meetings_attended) for p in figures.participants] == [
        ("Altenbeken", 2),
        ("Borchen", 0),
    ]


@pytest.mark.django_db
def test_two_history_records_of_a_measure_at_one_instant_count_once_as_the_later(personas):
    """Saved twice within one instant (planned, then completed): the history has two
    records with the same date; the report counts the measure once, as last saved."""
    area = FocusAreaFactory(name="Beleuchtung")
    day = D(2023, 5, 10)
    story(
        Measure(participation=personas.participation_a, focus_area=area, title="LED",
                energy_savings_kwh=Decimal(10_000), co2_savings_t=Decimal(3),
                co2_manual=True, co2_manual_reason="Audit"),
        (day, {}),
        (day, {"status": Measure.Status.COMPLETED, "completed_on": day}),
    )  # fmt: skip
    figures = report_figures(personas.network, start=FIRST_YEAR[0], end=FIRST_YEAR[1])
    assert [(m.title, m.status) for m in figures.measures] == [("LED", "completed")]
    altenbeken = figures.participants[0]
    assert (altenbeken.measure_count, altenbeken.by_status["completed"]) == (1, 1)
    assert altenbeken.by_status["planned"] == 0
    assert altenbeken.achieved.energy_mwh == Decimal(10)
    assert figures.totals.measure_count == 1
