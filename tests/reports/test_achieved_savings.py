"""Achieved savings have one definition (measures.models.achieved_sums / achieved_totals):
the network page, the start page's summaries and the reports count the same measures
and sum the same figures."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from measures import models as measure_models
from reports.figures.building import report_figures
from reports.results import measures_by, network_summaries, participants_with_results, totals
from tests.factories import FocusAreaFactory, MeasureFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("module_personas")]


@pytest.fixture
def measures(personas):
    """In A: completed (100 MWh/a, 30 t) and in progress (40 MWh/a, 8 t); in B: completed
    (10 MWh/a, 2.5 t) and cancelled (500 MWh/a, 99 t); a planned one without savings."""
    today = timezone.localdate()
    network = personas.network
    network.term_start = today - datetime.timedelta(days=365)
    network.term_end = today + datetime.timedelta(days=365)
    network.save()
    for participation in (personas.participation_a, personas.participation_b):
        participation.joined_on = network.term_start
        participation.save()
    area = FocusAreaFactory(name="Gebäude")

    def measure(participation, status, kwh, tonnes, **values):
        return MeasureFactory(
            participation=participation, focus_area=area, status=status,
            energy_savings_kwh=Decimal(kwh), co2_manual=True,
            co2_manual_reason="Audit", co2_savings_t=Decimal(tonnes), **values,
        )  # fmt: skip

    a, b = personas.participation_a, personas.participation_b
    measure(a, "completed", 100_000, 30, completed_on=today - datetime.timedelta(days=3))
    measure(a, "in_progress", 40_000, 8, started_on=today - datetime.timedelta(days=30))
    measure(b, "completed", 10_000, "2.5", completed_on=today - datetime.timedelta(days=1))
    measure(b, "cancelled", 500_000, 99)
    MeasureFactory(participation=b, focus_area=area)


def achieved_everywhere(network) -> dict[str, tuple[Decimal, Decimal]]:
    """(MWh/a, t CO2e/a) achieved by the network, as each page computes it."""
    page = totals(participants_with_results(network))
    (summary,) = network_summaries(type(network).objects.filter(pk=network.pk))
    by_status = measures_by(network, "status")
    report = report_figures(network, start=network.term_start, end=timezone.localdate())
    return {
        "network page": (page["achieved_energy_mwh"], page["achieved_co2_t"]),
        "start page": (summary.achieved_energy_mwh, summary.achieved_co2_t),
        "by status": (
            sum((row["energy_mwh"] or 0 for row in by_status), Decimal(0)),
            sum((row["co2_t"] or 0 for row in by_status), Decimal(0)),
        ),
        "report": (report.totals.achieved.energy_mwh, report.totals.achieved.co2_t),
    }


def test_every_page_counts_completed_measures_as_achieved(personas, measures):
    network = personas.network
    assert achieved_everywhere(network) == dict.fromkeys(
        ["network page", "start page", "by status", "report"], (Decimal(110), Decimal("32.5"))
    )


def test_changing_the_rule_in_its_one_place_changes_every_page(personas, measures, monkeypatch):
    network = personas.network
    # No state counts: every page finds nothing achieved (the completion day within the
    # term, the rule's other half, is tested below with a measure completed before it).
    monkeypatch.setattr(measure_models, "ACHIEVED_STATUSES", ())
    assert achieved_everywhere(network) == dict.fromkeys(
        ["network page", "start page", "by status", "report"], (Decimal(0), Decimal(0))
    )


def test_a_measure_completed_before_the_term_counts_on_no_page(client, personas, measures):
    """A measure carried over into a successor and completed before the successor's
    term began: its own page says it does not count, and the network page, the start
    page and the report agree."""
    network = personas.network
    area = FocusAreaFactory(name="Beleuchtung")
    early = MeasureFactory(
        participation=personas.participation_a, focus_area=area, status="completed",
        completed_on=network.term_start - datetime.timedelta(days=1),
        energy_savings_kwh=Decimal(35_000), co2_manual=True, co2_manual_reason="Audit",
        co2_savings_t=Decimal(7),
    )  # fmt: skip
    assert not early.counts_for_network()
    assert achieved_everywhere(network) == dict.fromkeys(
        ["network page", "start page", "by status", "report"], (Decimal(110), Decimal("32.5"))
    )
    # Completed on the term's first day, it counts everywhere (saved, so the report
    # reads it from the history too).
    early.completed_on = network.term_start
    early.save()
    assert early.counts_for_network()
    assert achieved_everywhere(network) == dict.fromkeys(
        ["network page", "start page", "by status", "report"], (Decimal(145), Decimal("39.5"))
    )
    # The pages as people read them: the network page's total and the measure's notice.
    early.completed_on = network.term_start - datetime.timedelta(days=1)
    early.save()
    client.force_login(personas.coordinator)
    page = client.get(reverse("network", args=[network.slug]))
    assert page.context["totals"]["achieved_energy_mwh"] == Decimal(110)
    notice = "Die Einsparung dieser Maßnahme zählt für das Netzwerk nicht"
    assert notice in client.get(early.get_absolute_url()).content.decode()


def test_a_report_counts_savings_achieved_in_its_period(personas, measures):
    network = personas.network
    today = timezone.localdate()
    figures = report_figures(network, start=today - datetime.timedelta(days=2), end=today)
    assert figures.totals.completed_in_period == 1
    assert figures.totals.in_period.energy_mwh == Decimal(10)
    assert figures.totals.in_period.co2_t == Decimal("2.5")
