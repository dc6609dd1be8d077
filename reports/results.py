"""Figures of a network: savings against targets, measures by status and focus area.

Computed in the database, a fixed number of queries per network whatever its size.
"""

from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Count, Q, Sum
from django.utils import timezone

from events.models import Attendance, Meeting
from measures import figures
from measures.models import Measure, achieved_sums
from networks.models import Network, Participation, name_for_reader


def mwh(kwh: Decimal | None) -> Decimal | None:
    # Converted in Python: SQLite would divide integer sums as integers.
    return None if kwh is None else Decimal(kwh) / 1000


def participants_with_results(network: Network, *, pk: int | None = None) -> list[Participation]:
    """Participations with achieved savings (completed measures) and measures per status;
    with `pk`, only that one."""
    participations = network.participations.order_by("municipality__name")
    if pk is not None:
        participations = participations.filter(pk=pk)
    return with_results(participations)


def with_results(participations) -> list[Participation]:
    """The participations with achieved savings (completed measures), the share of
    their targets reached, and their measures per status (one query)."""
    per_status = {
        f"measures_{status}": Count("measures", filter=Q(measures__status=status))
        for status in Measure.Status.values
    }
    participants = list(
        participations.select_related("municipality", "network__factor_set").annotate(
            **achieved_sums("measures__"),
            measure_count=Count("measures"),
            **per_status,
        )
    )
    for participant in participants:
        participant.achieved_energy_mwh = mwh(participant.achieved_energy_kwh)
        participant.energy_share = share(
            participant.achieved_energy_mwh, participant.target_energy_mwh
        )
        participant.co2_share = share(participant.achieved_co2_t, participant.target_co2_t)
        counts = [(label, getattr(participant, f"measures_{code}"))
                  for code, label in Measure.Status.choices]  # fmt: skip
        participant.status_summary = status_summary({"status_rows": counts})
    return participants


def measures_by(network: Network, field: str) -> list[dict]:
    """Counts and achieved savings of the network's measures, grouped by `status` or
    focus area (`focus_area__name`, which then holds the name in the reader's language)."""
    english = "focus_area__name_en" if field == "focus_area__name" else None
    rows = list(
        Measure.objects.filter(participation__network=network)
        .values(field, *filter(None, [english]))
        .annotate(
            count=Count("pk"),
            **achieved_sums(),
            investment_eur=Sum("investment_eur"),
            subsidy_eur=Sum("subsidy_eur"),
        )
        .order_by(field)
    )
    for row in rows:
        row["energy_mwh"] = mwh(row.pop("achieved_energy_kwh"))
        row["co2_t"] = row.pop("achieved_co2_t")
        if english:
            row[field] = name_for_reader(row[field], row.pop(english))
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


def network_summaries(networks, *, now=None) -> list[Network]:
    """Networks with participants, targets, measures per status and achieved savings
    from their kept `figures` (measures.figures.of_networks): in two queries however
    many networks and measures there are, when their figures are kept."""
    networks = list(networks.select_related("coordinator", "factor_set"))
    kept = figures.of_networks([n.pk for n in networks], now=now)
    for network in networks:
        network.figures = kept[network.pk]
        for name in ("participant_count", "target_energy_mwh", "target_co2_t"):
            setattr(network, name, network.figures[name])
        network.status_counts = dict(network.figures["status_counts"])
        network.achieved_energy_mwh = mwh(network.figures["achieved_energy_kwh"]) or Decimal(0)
        network.achieved_co2_t = network.figures["achieved_co2_t"] or Decimal(0)
        network.status_rows = [
            (label, network.status_counts[code]) for code, label in Measure.Status.choices
        ]
        network.energy_share = share(network.achieved_energy_mwh, network.target_energy_mwh)
        network.co2_share = share(network.achieved_co2_t, network.target_co2_t)
    return networks


def status_summary(row: dict) -> str:
    """ "2 abgeschlossen, 1 geplant": the states that occur in a row (its `status_rows`,
    label and count), in the states' order, in the language active now."""
    return ", ".join(f"{count} {label}" for label, count in row["status_rows"] if count)


def share(achieved: Decimal | None, target: Decimal | None) -> int | None:
    """How much of a target is reached, in whole percent (over 100 when a network or
    municipality did more than it set out to); None without a target."""
    if not target or achieved is None:
        return None
    return int((achieved / target * 100).quantize(Decimal("1"), rounding=ROUND_HALF_UP))


def own_results(user) -> list[Participation]:
    """A climate manager's municipalities in the networks that have not ended, with
    their targets and what they achieved (see `with_results`); nothing for others."""
    return with_results(
        Participation.objects.worked_in_by(user)
        .filter(left_on__isnull=True, network__term_end__gte=timezone.localdate())
        .order_by("network__term_start", "municipality__name")
    )


def in_running_networks(measures, today):
    """The measures of networks whose term runs today: what needs attention now. Ended
    networks' measures are corrected, not worked on (see `attention_in_ended`); those of
    a network whose term has not begun wait for it: a measure carried over into a
    successor keeps its planned dates, and its original in the predecessor is where it
    is worked on until the successor starts. From the first day of the term, a planned
    measure whose planned start has passed is overdue, carried over or not."""
    return measures.filter(
        participation__network__term_start__lte=today,
        participation__network__term_end__gte=today,
    )


def attention_in_ended(networks, *, today) -> list[dict]:
    """Per ended network of `networks` (its name and slug, latest end first), how many
    of its measures are stale and how many planned ones are past their planned start:
    a summary instead of lists, from the networks' kept figures (network_summaries), no
    query. A person edits all of an ended network's measures or none
    (Participation.with_measures_editable_by): the caller gives those whose measures
    the person edits."""
    ended = [n for n in networks if n.term_end < today]
    return [
        {"name": n.name, "slug": n.slug, "stale": n.figures["stale_all"],
         "overdue": n.figures["overdue_all"]}
        for n in sorted(ended, key=lambda n: (-n.term_end.toordinal(), n.name))
        if n.figures["stale_all"] or n.figures["overdue_all"]
    ]  # fmt: skip


def stale_measures(measures, now, *, limit: int = 50, networks=None) -> list[Measure]:
    """Unfinished measures not updated for longer than their network's staleness
    setting, the longest first, at most `limit`. `networks`: those of the measures, if
    read already with their settings (see MeasureQuerySet.stale_among)."""
    stale = measures.stale(now) if networks is None else measures.stale_among(networks, now)
    return list(
        stale.select_related("participation__municipality", "participation__network").order_by(
            "updated_at"
        )[:limit]
    )


def measures_per_year_and_focus_area(
    network: Network,
) -> tuple[dict[str, dict[str, int]], list[str]]:
    """How many measures of each focus area belong to each year (their reference year,
    Measure.reference_year), counted by the database in one query, whatever the
    number of measures."""
    rows = (
        Measure.objects.filter(participation__network=network)
        .with_year()
        .order_by()
        .values("year", "focus_area__name", "focus_area__name_en", "focus_area__ordering")
        .annotate(count=Count("pk"))
    )
    counts: dict[str, dict[str, int]] = {}
    areas: dict[str, int] = {}
    for row in rows:
        name = name_for_reader(row["focus_area__name"], row["focus_area__name_en"])
        areas[name] = row["focus_area__ordering"]
        year = counts.setdefault(str(row["year"]), {})
        year[name] = year.get(name, 0) + row["count"]
    return counts, sorted(areas, key=lambda name: (areas[name], name))


def attendance_counts(network: Network) -> tuple[dict[int, int], int]:
    """How many of the network's meetings each municipality attended (by id), and how
    many meetings took place (MeetingQuerySet.held): the funder's question which
    municipality attended which meeting, in numbers. Attendance of a meeting not
    cancelled counts."""
    meetings = Meeting.objects.filter(network=network)
    rows = (
        Attendance.objects.filter(
            meeting__in=meetings.exclude(status=Meeting.Status.CANCELLED),
            municipality__isnull=False,
        )
        .values("municipality")
        .annotate(meetings=Count("meeting", distinct=True))
    )
    return {row["municipality"]: row["meetings"] for row in rows}, meetings.held().count()


def attendance_of(participation: Participation, now=None) -> list[Meeting]:
    """The network's meetings that took place (MeetingQuerySet.held), each with
    `attendees`: who came for the participation's municipality. Two queries."""
    meetings = list(
        Meeting.objects.filter(network=participation.network_id).held(now).order_by("-starts_at")
    )
    names: dict[int, list[str]] = {}
    for meeting_id, name in Attendance.objects.filter(
        meeting__in=meetings, municipality=participation.municipality_id
    ).values_list("meeting", "name"):
        names.setdefault(meeting_id, []).append(name)
    for meeting in meetings:
        meeting.attendees = sorted(names.get(meeting.pk, []))
    return meetings
