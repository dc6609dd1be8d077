"""Issued figures read back (reports.figures.load_figures, issue 29): figures stored
before the factor sets (version 2) count in the programme's direct CO₂ factors, a
state or kind of meeting the code no longer knows is shown as stored, and the
participants table's status columns are headed by the current states."""

import datetime
import json
from decimal import Decimal

import pytest
from django.core.serializers.json import DjangoJSONEncoder
from django.utils import translation

from events.models import Meeting
from measures.models import Measure
from reports.figures import load_figures, report_figures
from tests.factories import FocusAreaFactory, MeetingFactory
from tests.reports.test_reports import FIRST_YEAR, noon, story

pytestmark = pytest.mark.django_db

D = datetime.date


def stored(personas) -> dict:
    """The first network year's figures as an issued report stores them (JSON), with
    a planned and a completed measure and a network meeting and a site visit."""
    area = FocusAreaFactory(name="Beleuchtung")
    for title, steps in [
        ("LED Rathaus", [(D(2022, 9, 1), {})]),
        ("LED Schule", [(D(2023, 5, 10), {"status": Measure.Status.COMPLETED,
                                          "completed_on": D(2023, 5, 10)})]),
    ]:  # fmt: skip
        measure = Measure(participation=personas.participation_a, focus_area=area, title=title,
                          energy_savings_kwh=Decimal(10_000))  # fmt: skip
        story(measure, *steps)
    for day, kind in [(D(2023, 3, 7), Meeting.Kind.NETWORK_MEETING),
                      (D(2023, 4, 4), Meeting.Kind.SITE_VISIT)]:  # fmt: skip
        MeetingFactory(network=personas.network, kind=kind, starts_at=noon(day),
                       status=Meeting.Status.HELD)  # fmt: skip
    figures = report_figures(personas.network, start=FIRST_YEAR[0], end=FIRST_YEAR[1])
    return json.loads(json.dumps(figures, cls=DjangoJSONEncoder))


PROGRAMME_CO2 = {"name": "BAFA 2021 (CO₂)", "gas": "CO₂", "unit": "t CO₂/a", "source": ""}


def test_figures_of_version_2_count_in_the_programmes_direct_co2_factors(personas):
    data = stored(personas)
    network_set = data["network"]["ghg"]
    assert load_figures(json.loads(json.dumps(data)))["network"]["ghg"] == network_set
    # Before the factor sets a report stored no set: it counted in the programme's.
    data["version"] = 2
    del data["network"]["ghg"]
    network = load_figures(data)["network"]
    assert network["ghg"] == PROGRAMME_CO2
    assert set(network) == {
        "name", "funding_code", "funding_programme", "funding_agency", "funding_notice",
        "funder", "coordinator", "service_providers", "successors", "term_start",
        "term_end", "ghg",
    }  # fmt: skip


def test_a_state_or_kind_of_meeting_the_code_no_longer_knows_is_shown_as_stored(personas):
    data = stored(personas)
    assert [m["title"] for m in data["measures"]] == ["LED Rathaus", "LED Schule"]
    data["measures"][0]["status"] = "abandoned"
    data["meetings"][0]["kind"] = "webinar"
    figures = load_figures(data)
    assert [m["status_label"] for m in figures["measures"]] == ["abandoned", "abgeschlossen"]
    assert [m["kind_label"] for m in figures["meetings"]] == ["webinar", "Exkursion"]


@pytest.mark.parametrize(
    ("language", "labels"),
    [
        ("de", ["geplant", "in Umsetzung", "abgeschlossen", "zurückgestellt", "abgebrochen"]),
        ("en", ["planned", "in progress", "completed", "postponed", "cancelled"]),
    ],
)
def test_the_status_columns_are_headed_by_the_states_in_the_reports_language(
    personas, language, labels
):
    figures = load_figures(stored(personas))
    with translation.override(language):
        assert [str(label) for label in figures["status_labels"]] == labels
        totals = [(str(label), count) for label, count in figures["totals"]["status_rows"]]
    assert totals == list(zip(labels, [1, 0, 1, 0, 0], strict=True))
