"""The figures of whole networks, kept in the cache instead of summed over all their
measures on every page view (issue 35): measures per status and achieved savings (the
start page), the totals and the years of the measure list, the counts of stale and
overdue measures (the start page's warnings).

Each network's figures are kept under its FiguresToken, which the database draws anew
on every write to what they are summed from (triggers, migration measures 0025). A
figure found under the token read now is therefore that of the rows now, however they
were written; nothing has to remember to clear the cache. The token is read before the
rows are summed, so figures kept under a token are never older than it. Figures that
change with time alone are kept for the day (overdue: a planned start before today)
and from the moment they were summed until the next measure grows stale
(`valid_until`).

Read in one query (the tokens) when kept; the networks not kept are summed in three
queries however many they are."""

import datetime

from django.core.cache import cache
from django.db.models import BooleanField, Count, ExpressionWrapper, Min, Q, Sum
from django.utils import timezone

from measures.models import FiguresToken, Measure, MeasureSettings, achieved_sums, totals_of
from networks.models import FactorSet, Participation

# Tokens make a kept figure right or unused; the timeout only frees the memory of
# figures no longer asked for.
TIMEOUT = 7 * 24 * 3600


def of_networks(network_ids, *, now: datetime.datetime | None = None) -> dict[int, dict]:
    """Per network id: `status_counts` ({status: count}), `achieved_energy_kwh` and
    `achieved_co2_t` (as achieved_sums, None if nothing is achieved), `totals` (count,
    investment, subsidy, energy and co2 summed over all its measures, and `basis`, the
    gas of its factor set), `years` (Measure.reference_year of its measures), `stale`
    and `overdue` (of its current participations' measures: unfinished and not updated
    for its staleness setting; planned with a planned start before today),
    `stale_all` and `overdue_all` (of all its measures), and `participant_count`,
    `target_energy_mwh` and `target_co2_t` (of its current participations)."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    ids = list(dict.fromkeys(network_ids))
    if not ids:
        return {}
    tokens = dict(
        FiguresToken.objects.filter(network_id__in=ids).values_list("network_id", "token")
    )
    keys = {pk: f"figures:{pk}:{tokens[pk]}:{today.isoformat()}" for pk in ids if pk in tokens}
    found = cache.get_many(list(keys.values()))
    figures = {}
    for pk, key in keys.items():
        if (entry := found.get(key)) is not None and _valid(entry, now):
            figures[pk] = entry
    missing = [pk for pk in ids if pk not in figures]
    if missing:
        summed = _summed(missing, now=now, today=today)
        figures.update(summed)
        # A network without a token (none should lack one) is summed on every view.
        cache.set_many({keys[pk]: summed[pk] for pk in missing if pk in keys}, TIMEOUT)
    return figures


def _valid(entry: dict, now: datetime.datetime) -> bool:
    """Whether no measure grew stale since the figures were summed."""
    return entry["summed_at"] <= now and (
        entry["valid_until"] is None or now < entry["valid_until"]
    )


def _summed(ids: list[int], *, now: datetime.datetime, today: datetime.date) -> dict[int, dict]:
    figures = {
        pk: {
            "status_counts": dict.fromkeys(Measure.Status.values, 0),
            "achieved_energy_kwh": None,
            "achieved_co2_t": None,
            "totals": {
                "count": 0,
                "investment": None,
                "subsidy": None,
                "energy": None,
                "co2": None,
                "basis": None,
            },  # fmt: skip
            "years": set(),
            "stale": 0,
            "stale_all": 0,
            "overdue": 0,
            "overdue_all": 0,
            "summed_at": now,
            "valid_until": None,
            "participant_count": 0,
            "target_energy_mwh": None,
            "target_co2_t": None,
        }
        for pk in ids
    }
    for row in (
        Participation.objects.filter(network__in=ids, left_on=None)
        .values("network")
        .annotate(
            participant_count=Count("pk"),
            target_energy_mwh=Sum("target_energy_mwh"),
            target_co2_t=Sum("target_co2_t"),
        )
        .order_by()
    ):
        figures[row["network"]].update(
            {name: row[name] for name in ("participant_count", "target_energy_mwh", "target_co2_t")}
        )
    measures = Measure.objects.filter(participation__network__in=ids).order_by()
    network = "participation__network"
    staleness = f"{network}__measure_settings__staleness_days"
    days = dict.fromkeys(ids, MeasureSettings.DEFAULT_STALENESS_DAYS)
    for row in (
        measures.with_year()
        .values(network, f"{network}__factor_set__basis", staleness, "status", "year")
        .annotate(
            count=Count("pk"),
            **achieved_sums(),
            investment=Sum("investment_eur"),
            subsidy=Sum("subsidy_eur"),
            energy=Sum("energy_savings_kwh"),
            co2=Sum("co2_savings_t"),
        )
    ):
        entry = figures[row[network]]
        entry["status_counts"][row["status"]] += row["count"]
        for name in ("achieved_energy_kwh", "achieved_co2_t"):
            entry[name] = _add(entry[name], row[name])
        totals = entry["totals"]
        totals["count"] += row["count"]
        totals["basis"] = row[f"{network}__factor_set__basis"]
        for name in ("investment", "subsidy", "energy", "co2"):
            totals[name] = _add(totals[name], row[name])
        if row["year"]:
            entry["years"].add(row["year"])
        if row[staleness] is not None:
            days[row[network]] = row[staleness]
    stale, fresh = Q(), Q()
    for staleness, pks in _by_value(days).items():
        since = now - datetime.timedelta(days=staleness)
        stale |= Q(participation__network__in=pks, updated_at__lt=since)
        fresh |= Q(participation__network__in=pks, updated_at__gte=since)
    unfinished = Q(status__in=Measure.UNFINISHED)
    for row in (
        measures.annotate(
            current=ExpressionWrapper(
                Q(participation__left_on__isnull=True), output_field=BooleanField()
            )
        )
        .values(network, "current")
        .annotate(
            stale=Count("pk", filter=unfinished & stale),
            overdue=Count("pk", filter=Q(status=Measure.Status.PLANNED, planned_start__lt=today)),
            # The oldest update among the measures not stale yet: the next to grow stale.
            next_stale=Min("updated_at", filter=unfinished & fresh),
        )
    ):
        entry = figures[row[network]]
        for name in ("stale", "overdue"):
            entry[f"{name}_all"] += row[name]
            if row["current"]:
                entry[name] += row[name]
        if row["next_stale"] is not None:
            until = row["next_stale"] + datetime.timedelta(days=days[row[network]])
            entry["valid_until"] = min(filter(None, [entry["valid_until"], until]))
    return figures


def _add(total, value):
    """Sums as SQL's SUM: None until a value is given."""
    if value is None:
        return total
    return value if total is None else total + value


def _by_value(mapping: dict) -> dict:
    grouped: dict = {}
    for key, value in mapping.items():
        grouped.setdefault(value, []).append(key)
    return grouped


def list_totals(figures: dict[int, dict]) -> tuple[dict, list[dict]]:
    """measures.models.list_totals of all the measures of the networks whose figures
    are given (of_networks): the same count, sums and greenhouse-gas sums per gas."""
    rows = []
    for entry in figures.values():
        totals = entry["totals"]
        row = {name: totals[name] for name in ("count", "investment", "subsidy", "energy")}
        for basis in FactorSet.Basis.values:
            mine = totals["basis"] == basis
            row[f"count_{basis}"] = totals["count"] if mine else 0
            row[f"co2_{basis}"] = totals["co2"] if mine else None
        rows.append(row)
    return totals_of(rows)


def years(figures: dict[int, dict]) -> list[int]:
    """The years of the networks' measures (Measure.reference_year), the latest first."""
    return sorted(set().union(*(entry["years"] for entry in figures.values())), reverse=True)
