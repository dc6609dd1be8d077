"""Results with a municipality that left, shares at their rounding boundary, a
climate manager's own results at the term's end and in their order, measures grouped
by status and focus area, and the start page's figures of a network without completed
measures (reports/results.py, issue 29)."""

import datetime
from decimal import Decimal

import pytest

from measures.models import Measure
from networks.models import Membership, Network, Participation
from reports.results import (
    measures_by,
    network_summaries,
    own_results,
    participants_with_results,
    share,
    totals,
)
from tests.factories import FocusAreaFactory, MeasureFactory, NetworkFactory, ParticipationFactory
from tests.helpers import keep_running

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("module_personas")]


def completed(participation, kwh, co2, status=Measure.Status.COMPLETED):
    return MeasureFactory(
        participation=participation, status=status,
        completed_on=datetime.date(2024, 1, 1) if status == Measure.Status.COMPLETED else None,
        energy_savings_kwh=Decimal(kwh), co2_savings_t=Decimal(co2),
        co2_manual=True, co2_manual_reason="Audit",
    )  # fmt: skip


@pytest.fixture
def b_left(personas):
    """A: target 100 MWh/a and 10 t, 40 MWh/a and 4 t achieved; B left the network,
    target 50 MWh/a and 5 t, 30 MWh/a and 3 t achieved; a planned measure each."""
    Participation.objects.filter(pk=personas.participation_a.pk).update(
        target_energy_mwh=Decimal("100"), target_co2_t=Decimal("10")
    )
    Participation.objects.filter(pk=personas.participation_b.pk).update(
        target_energy_mwh=Decimal("50"), target_co2_t=Decimal("5"),
        left_on=datetime.date(2024, 6, 30),
    )  # fmt: skip
    completed(personas.participation_a, "40000", "4")
    completed(personas.participation_b, "30000", "3")
    completed(personas.participation_a, "99000", "9", status=Measure.Status.PLANNED)
    completed(personas.participation_b, "99000", "9", status=Measure.Status.PLANNED)
    return personas


def test_the_networks_totals_leave_out_a_municipality_that_left_but_count_its_measures(b_left):
    participants = participants_with_results(b_left.network)
    assert [(p.municipality.name, p.achieved_energy_mwh, p.energy_share, p.co2_share)
            for p in participants] == [
        ("Altenbeken", Decimal(40), 40, 40), ("Borchen", Decimal(30), 60, 60),
    ]  # fmt: skip
    assert totals(participants) == {
        "target_energy_mwh": Decimal(100), "target_co2_t": Decimal(10),
        "achieved_energy_mwh": Decimal(40), "achieved_co2_t": Decimal(4),
        "measure_count": 4,
    }  # fmt: skip


def test_the_network_summary_counts_the_same_as_its_page(b_left):
    (summary,) = network_summaries(Network.objects.filter(pk=b_left.network.pk))
    assert summary.participant_count == 1
    assert (summary.target_energy_mwh, summary.target_co2_t) == (Decimal(100), Decimal(10))
    # Achieved figures are the network's, measures of the municipality that left included.
    assert (summary.achieved_energy_mwh, summary.achieved_co2_t) == (Decimal(70), Decimal(7))
    assert (summary.energy_share, summary.co2_share) == (70, 70)
    assert summary.status_counts["completed"] == 2
    assert summary.status_counts["planned"] == 2


@pytest.mark.parametrize(
    ("achieved", "target", "percent"),
    [("0.5", "100", 1), ("0.4999", "100", 0), ("150", "100", 150), ("0", "100", 0),
     ("10", "0", None), ("10", None, None), (None, "100", None)],
)  # fmt: skip
def test_a_share_is_rounded_half_up_and_none_without_a_target(achieved, target, percent):
    value = None if achieved is None else Decimal(achieved)
    assert share(value, None if target is None else Decimal(target)) == percent


def test_a_climate_manager_sees_their_results_until_the_terms_last_day(personas):
    today = datetime.date.today()
    Participation.objects.filter(pk=personas.participation_a.pk).update(
        target_energy_mwh=Decimal("100")
    )
    completed(personas.participation_a, "25000", "5")
    for days, expected in ((0, [Decimal(25)]), (1, [])):
        Network.objects.filter(pk=personas.network.pk).update(
            # From before the measure's completion (2024-01-01), which counts within the term.
            term_start=datetime.date(2023, 7, 1),
            term_end=today - datetime.timedelta(days=days),
        )
        results = own_results(personas.climate_manager_a)
        assert [p.achieved_energy_mwh for p in results] == expected, days
    # A municipality that left is not among their results.
    Network.objects.filter(pk=personas.network.pk).update(term_end=today)
    Participation.objects.filter(pk=personas.participation_a.pk).update(left_on=today)
    assert own_results(personas.climate_manager_a) == []
    # Another organisation's role for the same municipality sees none of it.
    assert own_results(personas.foreign_climate_manager) == []


def test_measures_are_counted_and_their_money_summed_per_status_and_focus_area(personas):
    buildings = FocusAreaFactory(name="Gebäude")
    lighting = FocusAreaFactory(name="Beleuchtung")
    a, b = personas.participation_a, personas.participation_b
    for participation, area, status, kwh, co2, investment, subsidy in [
        (a, buildings, "completed", "40000", "4", "1000", "400"),
        (a, lighting, "completed", "10000", "1", "500", None),
        (b, buildings, "planned", "99000", "9", "2000", "1500"),
        (personas.participation_c, buildings, "completed", "70000", "7", "9000", "9000"),
    ]:
        MeasureFactory(
            participation=participation, focus_area=area, status=status,
            completed_on=datetime.date(2024, 1, 1) if status == "completed" else None,
            energy_savings_kwh=Decimal(kwh), co2_savings_t=Decimal(co2), co2_manual=True,
            co2_manual_reason="Audit", investment_eur=Decimal(investment),
            subsidy_eur=subsidy and Decimal(subsidy),
        )  # fmt: skip
    # Only this network's measures; savings are achieved by completed ones only.
    assert measures_by(personas.network, "status") == [
        {"status": "completed", "count": 2, "investment_eur": Decimal(1500),
         "subsidy_eur": Decimal(400), "energy_mwh": Decimal(50), "co2_t": Decimal(5)},
        {"status": "planned", "count": 1, "investment_eur": Decimal(2000),
         "subsidy_eur": Decimal(1500), "energy_mwh": None, "co2_t": None},
    ]  # fmt: skip
    assert measures_by(personas.network, "focus_area__name") == [
        {"focus_area__name": "Beleuchtung", "count": 1, "investment_eur": Decimal(500),
         "subsidy_eur": None, "energy_mwh": Decimal(10), "co2_t": Decimal(1)},
        {"focus_area__name": "Gebäude", "count": 2, "investment_eur": Decimal(3000),
         "subsidy_eur": Decimal(1900), "energy_mwh": Decimal(40), "co2_t": Decimal(4)},
    ]  # fmt: skip


def test_a_network_without_completed_measures_has_achieved_nothing_and_counts_each_status(
    personas,
):
    """The start page's status line names every state with its count, 0 included."""
    Participation.objects.filter(pk=personas.participation_a.pk).update(
        target_energy_mwh=Decimal("100"), target_co2_t=Decimal("10")
    )
    completed(personas.participation_a, "40000", "4", status=Measure.Status.PLANNED)
    completed(personas.participation_b, "30000", "3", status=Measure.Status.IN_PROGRESS)
    completed(personas.participation_b, "20000", "2", status=Measure.Status.IN_PROGRESS)
    networks = network_summaries(
        Network.objects.filter(pk__in=[personas.network.pk, personas.other_network.pk])
    )
    assert [
        (n.name, [(str(label), count) for label, count in n.status_rows], n.achieved_energy_mwh,
         n.achieved_co2_t, n.energy_share, n.co2_share)
        for n in networks
    ] == [
        ("Fremdes Netzwerk", [("geplant", 0), ("in Umsetzung", 0), ("abgeschlossen", 0),
                              ("zurückgestellt", 0), ("abgebrochen", 0)],
         Decimal(0), Decimal(0), None, None),
        ("Netzwerk Test", [("geplant", 1), ("in Umsetzung", 2), ("abgeschlossen", 0),
                           ("zurückgestellt", 0), ("abgebrochen", 0)],
         Decimal(0), Decimal(0), 0, 0),
    ]  # fmt: skip


def test_a_climate_managers_results_come_by_the_networks_term_start_then_by_municipality(
    personas,
):
    """A's climate manager also manages Cappel. The network that began earlier was
    made later, and Cappel joined it before Altenbeken: neither the order of making
    nor the network alone decides."""
    keep_running(personas.network)
    earlier = NetworkFactory(name="Früher begonnen", coordinator=personas.coordinator_org,
                             term_start=datetime.date(2021, 7, 1),
                             term_end=personas.network.term_end)  # fmt: skip
    for municipality in (personas.municipality_c, personas.municipality_a):
        ParticipationFactory(network=earlier, municipality=municipality)
    Membership.objects.create(
        user=personas.climate_manager_a, role=Membership.Role.CLIMATE_MANAGER,
        municipality=personas.municipality_c, organisation=personas.coordinator_org,
    )  # fmt: skip
    assert [(p.network.name, p.municipality.name)
            for p in own_results(personas.climate_manager_a)] == [
        ("Früher begonnen", "Altenbeken"), ("Früher begonnen", "Cappel"),
        ("Netzwerk Test", "Altenbeken"),
    ]  # fmt: skip
