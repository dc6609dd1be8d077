"""The querysets of measures/models.py (issue 29): stale measures by each network's own
staleness setting, to the second, and the year a measure counts for, in SQL as in
Python."""

import datetime

import pytest
from django.utils import timezone

from measures.models import Measure, MeasureSettings
from tests.factories import MeasureFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("module_personas")]

D = datetime.date
# Not today: a rule that used the clock instead of the `now` asked for finds nothing.
NOW = datetime.datetime(2030, 1, 15, 12, 0, tzinfo=datetime.UTC)


def updated(participation, title: str, *, before: datetime.timedelta, status="planned"):
    """A measure last updated `before` NOW (auto_now bypassed)."""
    completed_on = D(2029, 1, 1) if status == "completed" else None
    measure = MeasureFactory(
        participation=participation, title=title, status=status, completed_on=completed_on
    )
    Measure.objects.filter(pk=measure.pk).update(updated_at=NOW - before)
    return measure


@pytest.fixture
def staleness(personas):
    """The test network waits 90 days, the other network 30."""
    for network, days in ((personas.network, 90), (personas.other_network, 30)):
        MeasureSettings.objects.create(network=network, staleness_days=days)
    day, second = datetime.timedelta(days=1), datetime.timedelta(seconds=1)
    in_90, in_30 = personas.participation_a, personas.participation_c
    updated(in_90, "90 Tage und 1 Sekunde", before=90 * day + second)
    updated(in_90, "genau 90 Tage", before=90 * day)
    updated(in_90, "60 Tage", before=60 * day)
    updated(in_90, "abgeschlossen", before=200 * day, status="completed")
    updated(in_90, "abgebrochen", before=200 * day, status="cancelled")
    updated(in_30, "in Umsetzung 31 Tage", before=31 * day, status="in_progress")
    updated(in_30, "zurückgestellt 45 Tage", before=45 * day, status="postponed")
    updated(in_30, "genau 30 Tage", before=30 * day)
    return personas


def titles(measures) -> list[str]:
    return sorted(measure.title for measure in measures)


def test_an_unfinished_measure_is_stale_a_second_after_its_networks_staleness_days(staleness):
    assert titles(Measure.objects.stale(NOW)) == [
        "90 Tage und 1 Sekunde", "in Umsetzung 31 Tage", "zurückgestellt 45 Tage"
    ]  # fmt: skip
    in_90 = Measure.objects.filter(participation__network=staleness.network)
    assert titles(in_90.stale(NOW)) == ["90 Tage und 1 Sekunde"]
    assert titles(Measure.objects.none().stale(NOW)) == []


def test_stale_measures_are_counted_to_this_moment_unless_another_is_named(personas):
    old = MeasureFactory(participation=personas.participation_a, title="alt")
    MeasureFactory(participation=personas.participation_a, title="neu")
    year_ago = timezone.now() - datetime.timedelta(days=365)
    Measure.objects.filter(pk=old.pk).update(updated_at=year_ago)
    assert titles(Measure.objects.stale()) == ["alt"]


@pytest.mark.parametrize(
    ("dates", "year"),
    [
        ({"completed_on": D(2025, 3, 1), "planned_end": D(2024, 3, 1),
          "started_on": D(2023, 3, 1), "planned_start": D(2022, 3, 1)}, 2025),
        ({"planned_end": D(2024, 3, 1), "started_on": D(2023, 3, 1),
          "planned_start": D(2022, 3, 1)}, 2024),
        ({"started_on": D(2023, 3, 1), "planned_start": D(2022, 3, 1)}, 2023),
        ({"planned_start": D(2022, 3, 1)}, 2022),
        ({}, 2021),  # the year it was logged
    ],
)  # fmt: skip
def test_a_measure_counts_for_its_completion_else_its_plan_else_its_start_else_its_logging(
    personas, dates, year
):
    measure = MeasureFactory(participation=personas.participation_a, **dates)
    logged = datetime.datetime(2021, 6, 1, 12, 0, tzinfo=datetime.UTC)
    Measure.objects.filter(pk=measure.pk).update(created_at=logged)
    measure.refresh_from_db()
    assert measure.reference_year() == year
    assert Measure.objects.with_year().get(pk=measure.pk).year == year


def test_a_measure_not_yet_logged_counts_for_this_year():
    assert Measure().reference_year() == timezone.localdate().year
