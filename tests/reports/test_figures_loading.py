"""Issued figures read back (ReportFigures.from_json, issue 29): figures stored
before the factor sets (version 2) count in the programme's direct CO₂ factors, a
state or kind of meeting the code no longer knows is shown as stored, and the
participants table's status columns are headed by the current states."""

import copy
import dataclasses
import datetime
from decimal import Decimal

import pytest
from django.utils import translation

from events.models import Meeting
from measures.models import Measure
from reports.figures.building import report_figures
from reports.figures.sums import FLAT_NAMES
from reports.figures.types import FactorSetFacts, ReportFigures
from tests.factories import FocusAreaFactory, MeetingFactory
from tests.reports.test_reports import FIRST_YEAR, noon, story

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("module_personas")]

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
    return figures.to_json()


PROGRAMME_CO2 = FactorSetFacts(name="BAFA 2021 (CO₂)", gas="CO₂", unit="t CO₂/a", source="")


def in_flat_layout(data: dict, version: int) -> dict:
    """The figures in the layout of versions 1 to 3: each savings object as two fields
    of its row (reports.figures.sums.FLAT_NAMES)."""
    data = copy.deepcopy(data) | {"version": version}
    data.pop("categories", None)  # came during version 4 (issue 34)
    for row in [*data["participants"], *data["focus_areas"], data["totals"]]:
        for name, (energy, co2) in FLAT_NAMES.items():
            if name in row:
                savings = row.pop(name)
                row[energy], row[co2] = savings["energy_mwh"], savings["co2_t"]
    return data


def test_figures_of_version_2_count_in_the_programmes_direct_co2_factors(personas):
    data = stored(personas)
    figures = ReportFigures.from_json(data)
    assert figures.network.ghg == FactorSetFacts.from_json(data["network"]["ghg"])
    # Before the factor sets a report stored no set: it counted in the programme's.
    earlier = in_flat_layout(data, 2)
    del earlier["network"]["ghg"]
    read = ReportFigures.from_json(earlier)
    assert read.network.ghg == PROGRAMME_CO2
    assert read.network == dataclasses.replace(figures.network, ghg=PROGRAMME_CO2)
    assert (read.participants, read.totals) == (figures.participants, figures.totals)


def test_a_state_or_kind_of_meeting_the_code_no_longer_knows_is_shown_as_stored(personas):
    data = stored(personas)
    assert [m["title"] for m in data["measures"]] == ["LED Rathaus", "LED Schule"]
    data["measures"][0]["status"] = "abandoned"
    data["meetings"][0]["kind"] = "webinar"
    figures = ReportFigures.from_json(data)
    assert [m.status_label for m in figures.measures] == ["abandoned", "abgeschlossen"]
    assert [m.kind_label for m in figures.meetings] == ["webinar", "Exkursion"]


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
    figures = ReportFigures.from_json(stored(personas))
    with translation.override(language):
        assert [str(label) for label in figures.status_labels] == labels
        totals = [(str(label), count) for label, count in figures.totals.status_rows]
    assert totals == list(zip(labels, [1, 0, 1, 0, 0], strict=True))
