"""What needs attention on the start page: ended networks summed up per network, in
a fixed order, and at most 50 stale measures of running networks listed
(reports/results.py, issue 29)."""

import datetime

import pytest
from django.utils import timezone

from measures.models import Measure
from networks.models import Network
from reports.results import attention_in_ended, network_summaries, stale_measures
from tests.factories import FocusAreaFactory, MeasureFactory, NetworkFactory, ParticipationFactory
from tests.helpers import keep_running
from tests.portal.test_start_page import age

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("module_personas")]

LONG_AGO = datetime.date(2025, 1, 1)


def test_ended_networks_come_latest_end_first_then_by_name_each_with_both_counts(personas):
    """Gamma ended last and has only an overdue measure; Alpha and Beta ended on the
    same day, Alpha with only stale measures. The slugs sort the other way round."""

    def network(name, slug, end):
        return ParticipationFactory(
            network=NetworkFactory(name=name, slug=slug, term_end=end),
            municipality=personas.municipality_a,
        )

    gamma = network("Gamma", "gamma", datetime.date(2025, 12, 31))
    alpha = network("Alpha", "zz-alpha", datetime.date(2025, 6, 30))
    beta = network("Beta", "aa-beta", datetime.date(2025, 6, 30))
    MeasureFactory(participation=gamma, planned_start=LONG_AGO)  # overdue
    # Begun: past its planned start, but not overdue.
    MeasureFactory(participation=gamma, status="in_progress", planned_start=LONG_AGO,
                   started_on=LONG_AGO)  # fmt: skip
    for stale in (MeasureFactory(participation=alpha), MeasureFactory(participation=alpha),
                  MeasureFactory(participation=beta)):  # fmt: skip
        age(stale, 91)
    MeasureFactory(participation=beta, planned_start=LONG_AGO)  # overdue
    # A running network's measures are listed one by one instead.
    keep_running(personas.network)
    age(MeasureFactory(participation=personas.participation_a, planned_start=LONG_AGO), 91)

    networks = network_summaries(Network.objects.all(), now=timezone.now())
    assert attention_in_ended(networks, today=timezone.localdate()) == [
        {"name": "Gamma", "slug": "gamma", "stale": 0, "overdue": 1},
        {"name": "Alpha", "slug": "zz-alpha", "stale": 2, "overdue": 0},
        {"name": "Beta", "slug": "aa-beta", "stale": 1, "overdue": 1},
    ]


def test_at_most_the_fifty_longest_stale_measures_are_listed(personas):
    keep_running(personas.network)
    area = FocusAreaFactory()
    for days in range(91, 142):  # 51 stale measures
        measure = MeasureFactory(
            participation=personas.participation_a, focus_area=area, title=f"{days} Tage"
        )
        age(measure, days)
    listed = stale_measures(Measure.objects.all(), timezone.now())
    assert [m.title for m in listed] == [f"{days} Tage" for days in range(141, 91, -1)]
