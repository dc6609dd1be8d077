"""The start page's compact table of networks, for a person with more networks than
cards can show: each network's next report deadline and open warnings, the order
that puts the networks needing attention first, the other orders of the table's
columns and the filter by phase. Everything is read for all of the person's
networks in a fixed number of queries (the default order needs them all); only a
page of them is rendered."""

import datetime
from dataclasses import dataclass

from networks.models import Network
from reports.compliance import SOON_DAYS, report_deadlines
from reports.models import Report

# More networks than this and the start page shows the table instead of the cards.
MANY_NETWORKS = 6
PER_PAGE = 20


@dataclass(frozen=True)
class NextDeadline:
    kind_label: str
    due: datetime.date
    passed: bool


def add_attention(networks: list[Network], *, now) -> None:
    """Set on each network `next_deadline` (the earliest report the grant notice asks
    for and that is not issued yet, passed or not; None when all are), `stale` and
    `overdue` (its unfinished measures not updated for its staleness period; its
    planned ones past their planned start while the term runs), `warnings` (those
    counts and a passed deadline) and `needs_attention` (warnings or a deadline within
    SOON_DAYS). One query; the networks come from reports.results.network_summaries
    (with their kept figures, read at `now`) and with their report settings
    (select_related("report_settings"))."""
    today = now.date() if isinstance(now, datetime.datetime) else now
    pks = [network.pk for network in networks]
    # Any version of a report counts as issued: only the kinds and periods are read.
    issued: dict[int, list[tuple]] = {}
    for network_id, *report in Report.objects.filter(network__in=pks).values_list(
        "network", "kind", "period_start", "period_end"
    ):
        issued.setdefault(network_id, []).append(tuple(report))
    soon = today + datetime.timedelta(days=SOON_DAYS)
    for network in networks:
        network.next_deadline = _next_deadline(network, issued.get(network.pk, []), today)
        network.stale = network.figures["stale"]
        running = network.term_start <= today <= network.term_end
        network.overdue = network.figures["overdue"] if running else 0
        deadline = network.next_deadline
        passed = 1 if deadline and deadline.passed else 0
        network.warnings = network.stale + network.overdue + passed
        network.needs_attention = bool(network.warnings or (deadline and deadline.due <= soon))


def _next_deadline(network: Network, issued: list[tuple], today) -> NextDeadline | None:
    """`issued`: (kind, period start, period end) of the network's reports."""
    for kind, start, end, due in report_deadlines(network):
        done = any(k == kind and s <= start and e >= end for k, s, e in issued)
        if not done:
            return NextDeadline(Report.Kind(kind).label, due, passed=today > due)
    return None


# The table's columns by their name in `?sortierung=`, each with its sort key; empty
# values (no target, no next meeting, no deadline) come last in both directions.
SORTS = {
    "name": lambda n: n.name.lower(),
    "phase": lambda n: list(Network.Phase.values).index(n.phase),
    "laufzeit": lambda n: (n.term_end, n.term_start),
    "kommunen": lambda n: n.participant_count,
    "ziel": lambda n: n.energy_share,
    "treffen": lambda n: n.next_meeting.starts_at if n.next_meeting else None,
    "frist": lambda n: n.next_deadline.due if n.next_deadline else None,
    "warnungen": lambda n: n.warnings,
}


def attention_first(network: Network) -> tuple:
    """The default order: networks that need attention first, among them the most
    warnings first, then the nearest deadline; then by name."""
    deadline = network.next_deadline.due if network.next_deadline else datetime.date.max
    return (not network.needs_attention, -network.warnings, deadline, network.name.lower())


def ordered(networks: list[Network], sort: str) -> tuple[list[Network], str]:
    """The networks in the order `sort` names (a column, "-" before it for descending),
    or attention first; and the sort in effect ("" for the default)."""
    key = SORTS.get(sort.removeprefix("-"))
    if key is None:
        return sorted(networks, key=attention_first), ""
    descending = sort.startswith("-")
    by_name = sorted(networks, key=lambda n: n.name.lower())
    present = [n for n in by_name if key(n) is not None]
    empty = [n for n in by_name if key(n) is None]
    return sorted(present, key=key, reverse=descending) + empty, sort


def sort_links(params, current: str) -> dict[str, dict]:
    """For each column: the query string that sorts by it (ascending first, then
    descending) and its aria-sort; `params` is the request's GET."""
    links = {}
    for name in SORTS:
        query = params.copy()
        query.pop("seite", None)
        if current == name:
            query["sortierung"], state = f"-{name}", "ascending"
        elif current == f"-{name}":
            query["sortierung"], state = name, "descending"
        else:
            query["sortierung"], state = name, "none"
        links[name] = {"query": query.urlencode(), "state": state}
    return links
