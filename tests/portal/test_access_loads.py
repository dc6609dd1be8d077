"""The access helpers load, with the object they check, what its page reads of it:
reading the related rows afterwards runs no query. So a detail page costs the same
whatever the object holds, and a name dropped from a helper's `select_related` or
`prefetch_related` fails here (issue 29: such mutants survived every other test)."""

import datetime
from decimal import Decimal

import pytest

from events.access import get_meeting_for
from measures.access import get_measure_for
from networks.access import get_participation_for
from reports.access import get_report_for
from tests.factories import EmissionFactorFactory, MeetingFactory, ReportFactory, energy
from tests.measures.support import World

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("module_personas")]


def test_a_measure_comes_with_its_network_factor_set_municipality_area_and_energy_lines(
    personas, django_assert_num_queries
):
    world = World(personas)
    gas = EmissionFactorFactory(year=2021, kg_per_kwh=Decimal("0.201")).carrier
    EmissionFactorFactory(carrier=gas, year=2024, kg_per_kwh=Decimal("0.199"))
    measure = world.measure(energy=[energy(gas, "12000")], planned_end=datetime.date(2024, 5, 1))
    loaded, can_edit = get_measure_for(personas.coordinator, measure.pk)
    assert can_edit
    with django_assert_num_queries(0):
        network = loaded.participation.network
        read = (
            network.name, network.factor_set.name, loaded.participation.municipality.name,
            loaded.focus_area.name,
            [(line.carrier.name, line.factor.kg_per_kwh,
              sorted(f.year for f in line.carrier.emission_factors.all()))
             for line in loaded.energy.all()],
        )  # fmt: skip
    assert read == (
        personas.network.name, personas.network.factor_set.name, "Altenbeken",
        world.buildings.name, [(gas.name, Decimal("0.199"), [2021, 2024])],
    )  # fmt: skip


def test_a_meeting_comes_with_its_network_coordinator_and_moderator(
    personas, django_assert_num_queries
):
    meeting = MeetingFactory(network=personas.network, moderator=personas.service_provider)
    loaded, moderates = get_meeting_for(personas.coordinator, meeting.pk)
    assert moderates
    with django_assert_num_queries(0):
        read = (loaded.network.name, loaded.network.coordinator.name, loaded.moderator.email)
    assert read == (
        personas.network.name, personas.network.coordinator.name, "moderation@example.org"
    )  # fmt: skip


def test_a_participation_comes_with_its_network_and_municipality(
    personas, django_assert_num_queries
):
    participation = personas.participation_a
    loaded, can_edit = get_participation_for(
        personas.coordinator, participation.network.slug, participation.municipality.slug
    )
    assert can_edit
    with django_assert_num_queries(0):
        read = (loaded.network.name, loaded.municipality.name)
    assert read == (personas.network.name, "Altenbeken")


def test_a_report_comes_with_its_network(personas, django_assert_num_queries):
    report = ReportFactory(network=personas.network)
    loaded, may_issue = get_report_for(personas.coordinator, report.pk)
    assert may_issue
    with django_assert_num_queries(0):
        read = loaded.network.name
    assert read == personas.network.name
