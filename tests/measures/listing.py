"""Measures for the list and export tests, across two networks of one coordinator."""

import datetime
import re
from decimal import Decimal

from measures.models import Measure, MeasureEnergy
from tests.factories import FocusAreaFactory, NetworkFactory, ParticipationFactory


class Listing:
    """Four measures the coordinator reads:

    heating    A, Netzwerk Test,    Gebäude,     completed 30.11.2023 (planned end 2024)
    lamps      B, Netzwerk Test,    Beleuchtung, planned, ends 31.05.2024, CO2 by hand
    insulation A, Zweites Netzwerk, Gebäude,     in progress since 2022, ends 30.06.2025
    bike_path  B, Netzwerk Test,    Mobilität,   cancelled, no dates, no figures
    """

    def __init__(self, world):
        self.world = world
        self.second_network = NetworkFactory(
            name="Zweites Netzwerk", slug="zweites-netzwerk", coordinator=world.coordinator_org
        )
        self.participation_a2 = ParticipationFactory(
            network=self.second_network, municipality=world.municipality_a
        )
        self.mobility = FocusAreaFactory(name="Mobilität", slug="test-mobilitaet", ordering=3)
        world.network.focus_areas.add(self.mobility)
        self.second_network.focus_areas.add(world.buildings)
        self.heating = world.measure(
            title="Heizungstausch Rathaus",
            description="Brennwertkessel im Keller",
            status="completed",
            planned_end=datetime.date(2024, 3, 31),
            completed_on=datetime.date(2023, 11, 30),
            investment_eur=Decimal("1234567.50"),
            subsidy_eur=Decimal("250000"),
            energy_savings_kwh=Decimal("120000"),
            energy_carrier=world.gas,
        )
        self.lamps = world.measure(
            participation=world.participation_b,
            focus_area=world.lighting,
            title="LED in der Turnhalle",
            planned_start=datetime.date(2024, 2, 1),
            planned_end=datetime.date(2024, 5, 31),
            investment_eur=Decimal("85000"),
            subsidy_eur=Decimal("25500"),
            co2_manual=True,
            co2_savings_t=Decimal("3.500"),
            co2_manual_reason="Messung des Stadtwerks",
        )
        self.insulation = world.measure(
            participation=self.participation_a2,
            title="Dämmung Schule",
            description="Die Schule neben dem Rathaus",
            status="in_progress",
            started_on=datetime.date(2022, 3, 1),
            planned_end=datetime.date(2025, 6, 30),
            investment_eur=Decimal("40000"),
        )
        self.bike_path = world.measure(
            participation=world.participation_b,
            focus_area=self.mobility,
            title="Radweg zum Bahnhof",
            status="cancelled",
        )


def titles(html: str) -> list[str]:
    """The titles of the list's rows, in order."""
    return re.findall(r'<th scope="row"><a href="/massnahmen/\d+/">([^<]*)</a>', html)


def bulk_measures(world, count: int, listing: "Listing | None" = None) -> None:
    """Many measures at once (no history, which the list does not need)."""
    participations = [world.participation_a, world.participation_b]
    areas = [world.buildings, world.lighting]
    factor = world.gas.emission_factors.get()
    made = Measure.objects.bulk_create(
        Measure(
            participation=participations[n % 2],
            focus_area=areas[n % 2],
            title=f"Massenmaßnahme {n:04d}",
            status=["planned", "in_progress", "completed"][n % 3],
            completed_on=datetime.date(2023, 1, 1) if n % 3 == 2 else None,
            investment_eur=Decimal(n * 100),
            energy_savings_kwh=Decimal(1000),
            co2_savings_t=Decimal("0.201"),
        )
        for n in range(count)
    )
    MeasureEnergy.objects.bulk_create(
        MeasureEnergy(measure=measure, carrier=world.gas, kwh=Decimal(1000), factor=factor)
        for measure in made
    )
