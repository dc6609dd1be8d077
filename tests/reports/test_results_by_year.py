import datetime

import pytest

from measures.models import Measure
from reports.results import measures_per_year_and_focus_area
from tests.factories import FocusAreaFactory, MeasureFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("module_personas")]


def test_measures_per_year_and_focus_area_are_counted_by_the_database(
    personas, django_assert_num_queries
):
    first = FocusAreaFactory(name="Beleuchtung", ordering=2)
    second = FocusAreaFactory(name="Gebäude", ordering=1)
    personas.network.focus_areas.add(first, second)
    plans = [
        (first, {"completed_on": datetime.date(2023, 5, 1), "status": "completed"}),
        (first, {"planned_end": datetime.date(2023, 9, 1)}),
        (second, {"planned_end": datetime.date(2024, 2, 1)}),
        (second, {"started_on": datetime.date(2022, 8, 1)}),
    ]
    for area, dates in plans:
        MeasureFactory(participation=personas.participation_a, focus_area=area, **dates)
    MeasureFactory(participation=personas.participation_c, focus_area=first)  # other network
    with django_assert_num_queries(1):
        counts, areas = measures_per_year_and_focus_area(personas.network)
    assert areas == ["Gebäude", "Beleuchtung"]  # by the focus areas' order
    assert counts == {"2023": {"Beleuchtung": 2}, "2024": {"Gebäude": 1}, "2022": {"Gebäude": 1}}
    # The same as each measure's own reference year says.
    expected: dict[str, dict[str, int]] = {}
    for measure in Measure.objects.filter(participation__network=personas.network):
        year = expected.setdefault(str(measure.reference_year()), {})
        year[measure.focus_area.name] = year.get(measure.focus_area.name, 0) + 1
    assert counts == expected
