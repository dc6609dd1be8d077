"""Figures of a network: savings against targets, measures by status and focus area.

Computed in the database, a fixed number of queries per network whatever its size.
"""

from decimal import Decimal

from django.db.models import Count, Q, Sum

from measures.models import Measure
from networks.models import Network, Participation

COMPLETED = Q(measures__status=Measure.Status.COMPLETED)


def mwh(kwh: Decimal | None) -> Decimal | None:
    # Converted in Python: SQLite would divide integer sums as integers.
    return None if kwh is None else Decimal(kwh) / 1000


def participants_with_results(network: Network) -> list[Participation]:
    """Participations with achieved savings (completed measures) and measures per status."""
    per_status = {
        f"measures_{status}": Count("measures", filter=Q(measures__status=status))
        for status in Measure.Status.values
    }
    participants = list(
        network.participations.select_related("municipality")
        .annotate(
            achieved_energy_kwh=Sum("measures__energy_savings_kwh", filter=COMPLETED),
            achieved_co2_t=Sum("measures__co2_savings_t", filter=COMPLETED),
            measure_count=Count("measures"),
            **per_status,
        )
        .order_by("municipality__name")
    )
    for participant in participants:
        participant.achieved_energy_mwh = mwh(participant.achieved_energy_kwh)
    return participants


def measures_by(network: Network, field: str) -> list[dict]:
    """Counts and savings of the network's measures, grouped by `status` or focus area."""
    done = Q(status=Measure.Status.COMPLETED)
    rows = list(
        Measure.objects.filter(participation__network=network)
        .values(field)
        .annotate(
            count=Count("pk"),
            energy_kwh=Sum("energy_savings_kwh", filter=done),
            co2_t=Sum("co2_savings_t", filter=done),
            investment_eur=Sum("investment_eur"),
            subsidy_eur=Sum("subsidy_eur"),
        )
        .order_by(field)
    )
    for row in rows:
        row["energy_mwh"] = mwh(row["energy_kwh"])
    return rows


def totals(participants) -> dict:
    """The network's targets (sum of its participants') and achievements."""
    current = [p for p in participants if p.left_on is None]

    def total(name):
        return sum((getattr(p, name) or Decimal(0) for p in current), Decimal(0))

    return {
        "target_energy_mwh": total("target_energy_mwh"),
        "target_co2_t": total("target_co2_t"),
        "achieved_energy_mwh": total("achieved_energy_mwh"),
        "achieved_co2_t": total("achieved_co2_t"),
        "measure_count": sum(p.measure_count for p in participants),
    }
