"""The report's figures at their boundaries (portal/reports.py, issue 29): savings over
a lifetime only of completed measures that save something, a study needing no
lifetime, a municipality's target counted only while it takes part at the period's
end, and the "not represented" list on the day a municipality leaves."""

import datetime
from decimal import Decimal
from types import SimpleNamespace

import pytest
from django.utils import timezone

from measures.models import Measure
from networks.models import Municipality, Participation
from portal.reports import _not_represented, _over_lifetime, _sums, report_figures
from tests.factories import MeasureFactory

D = datetime.date


NEW_YEAR = D(2023, 1, 1)


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
    sums = _sums(rows, start=D(2022, 7, 1), end=D(2023, 6, 30))
    assert (sums["lifetime_co2_t"], sums["without_lifetime"]) == (Decimal(26), 1)
    assert _over_lifetime([]) == {"lifetime_co2_t": Decimal(0), "without_lifetime": 0}


def test_the_period_counts_completions_on_its_first_and_last_day():
    rows = [measure(completed_on=day, kwh="1000", co2="1")
            for day in (D(2022, 6, 30), D(2022, 7, 1), D(2023, 6, 30), D(2023, 7, 1))]  # fmt: skip
    sums = _sums(rows, start=D(2022, 7, 1), end=D(2023, 6, 30))
    assert sums["completed_in_period"] == 2
    assert (sums["period_energy_mwh"], sums["period_co2_t"]) == (Decimal(2), Decimal(2))
    assert (sums["achieved_energy_mwh"], sums["achieved_co2_t"]) == (Decimal(4), Decimal(4))


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
        target_energy_mwh=Decimal("50"), left_on=left_on
    )
    Participation.objects.filter(pk=personas.participation_a.pk).update(
        target_energy_mwh=Decimal("100")
    )
    MeasureFactory(
        participation=personas.participation_b, status="completed",
        completed_on=D(2023, 1, 1), energy_savings_kwh=Decimal("30000"),
        co2_savings_t=Decimal("3"), co2_manual=True, co2_manual_reason="Audit",
    )  # fmt: skip
    # Recorded as completed on the day (the report reads the measures as they stood).
    Measure.history.update(history_date=datetime.datetime(2023, 1, 1, 12, tzinfo=datetime.UTC))
    figures = report_figures(personas.network, start=D(2022, 7, 1), end=D(2023, 6, 30))
    borchen = next(p for p in figures["participants"] if p["municipality"] == "Borchen")
    assert borchen["target_energy_mwh"] == (Decimal("50") if target_counted else None)
    assert borchen["left_on"] == (None if target_counted else left_on)
    assert borchen["achieved_energy_mwh"] == Decimal(30)  # its savings stay in the report
    assert figures["totals"]["target_energy_mwh"] == Decimal(150 if target_counted else 100)
    assert figures["totals"]["achieved_energy_mwh"] == Decimal(30)
