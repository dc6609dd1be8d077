"""The figures of a report: what the funder's forms ask for, for one network and period.

`report_figures()` reads the measures as they stood at the end of the period
(from their history), the meetings held in the period with who attended, and
the participants' targets, into the types of reports.figures.types, whose
`to_json()` an issued report keeps. A fixed number of queries per report.
"""

import datetime
from collections import Counter
from decimal import Decimal

from django.db.models import Count
from django.utils import timezone

from events.models import Attendance, Meeting
from finances.figures import overview
from finances.models import Grant, Proof
from lib.dates import end_of_day
from measures.models import (
    Measure,
    Term,
    achieved_totals,
    is_achieved,
    savings_over_lifetime,
)
from networks.funding import FundingLogo, funder_logos
from networks.models import Network
from reports.compliance import programme_rules
from reports.figures.finances import FinanceFacts, FinanceLineRow, FinanceSourceRow
from reports.figures.sums import (
    CategoryRow,
    FocusAreaRow,
    ParticipantRow,
    Savings,
    Sums,
    Totals,
    sum_fields,
)
from reports.figures.types import (
    ComplianceRow,
    FactorSetFacts,
    MeasureRow,
    MeetingRow,
    NetworkFacts,
    Period,
    ReportFigures,
    evidence_rows,
)
from reports.results import mwh

STARTED = (Measure.Status.IN_PROGRESS, Measure.Status.COMPLETED)
ZERO = Decimal(0)


def measures_as_of(network: Network, moment: datetime.datetime) -> list[dict]:
    """The network's measures as they stood at `moment`, from their history: one query."""
    rows = (
        Measure.history.as_of(moment)
        .filter(participation__network=network)
        .values(
            "id", "participation_id", "title", "status", "started_on", "completed_on",
            "energy_savings_kwh", "co2_savings_t", "co2_manual", "co2_manual_reason",
            "investment_eur", "subsidy_eur",
            "lifetime_years", "focus_area__name", "focus_area__ordering",
            "evidence", "checked_at", "checked_energy_kwh", "checked_co2_t",
            "category__code", "category__name", "category__kind", "category__ordering",
        )
    )  # fmt: skip
    seen: set[int] = set()
    measures = []
    for row in rows:  # newest first; two records at the same instant count once
        if row["id"] not in seen:
            seen.add(row["id"])
            measures.append(row)
    return measures


def report_figures(
    network: Network,
    *,
    start: datetime.date,
    end: datetime.date,
    now: datetime.datetime | None = None,
    with_finances: bool = False,
) -> ReportFigures:
    """Everything a report shows, as of the end of the period (or now, if that is earlier).
    `with_finances`: the chapter on the finances (the final report's), if the network has
    a grant."""
    now = now or timezone.now()
    moment = min(end_of_day(end), now)
    participations = list(
        network.participations.taking_part_between(start, end)
        .select_related("municipality")
        .order_by("municipality__name")
    )
    # The report covers the municipalities taking part in the period, in every table:
    # the measures of one that left before it (or joined after it) stay out.
    names = {p.pk: p.municipality.name for p in participations}
    measures = [m for m in measures_as_of(network, moment) if m["participation_id"] in names]
    meetings = _meetings_held(network, start=start, end=end, now=now)
    # (meeting, municipality) for every municipality someone attended a meeting for.
    present = set(
        Attendance.objects.filter(meeting__in=meetings, municipality__isnull=False).values_list(
            "meeting_id", "municipality_id"
        )
    )
    # Savings count for the network when achieved within its term (measures.models.achieved).
    term = (network.term_start, network.term_end)
    participants = _participant_rows(
        participations, measures, present, term=term, start=start, end=end
    )
    measure_rows = _measure_rows(measures, names)
    return ReportFigures(
        as_of=moment,
        period=Period(start=start, end=end),
        network=_network_facts(network, moment),
        participants=participants,
        totals=_totals(participants, meetings_held=len(meetings)),
        focus_areas=_focus_area_rows(measures, term=term, start=start, end=end),
        categories=_category_rows(measures, term=term, start=start, end=end),
        meetings=_meeting_rows(meetings, participations, present),
        measures=measure_rows,
        compliance=_compliance_rows(network, moment),
        finances=finance_facts(network, moment) if with_finances else None,
        # The achieved savings by how they were found: they add up to the totals'.
        evidence=evidence_rows(m for m in measure_rows if m.is_achieved(term)),
    )


def issued_final_proof(grant: Grant, *, by: datetime.datetime) -> Proof | None:
    """The newest version of the final numerical proof issued for the grant by `by`, for
    the chapter's sentence on the proof of use."""
    return (
        grant.proofs.filter(kind=Proof.Kind.FINAL, issued_at__lte=by).order_by("-version").first()
    )


def finance_facts(network: Network, moment: datetime.datetime) -> FinanceFacts | None:
    """The chapter on the finances as of `moment`: the plan over the approval period
    against the receipts paid by that day, the financing, the call-offs; None for a
    network without a grant."""
    grant = Grant.objects.filter(network=network).first()
    if grant is None:
        return None
    cut_off = timezone.localdate(moment)
    figures = overview(grant, today=cut_off, until=cut_off)
    proof = issued_final_proof(grant, by=moment)
    return FinanceFacts(
        cut_off=cut_off,
        approval_start=grant.period_start,
        approval_end=grant.period_end,
        tolerance_percent=grant.tolerance_percent,
        lines=tuple(
            FinanceLineRow(
                key=line_key(row.line_id),
                name=row.name,
                planned=row.planned_total,
                actual=row.actual_total,
            )
            for row in figures["rows"]
        ),
        sources=tuple(
            FinanceSourceRow(source=row.kind, planned=row.planned_total, received=row.actual_total)
            for row in figures["sources"]
            if row.planned_total or row.actual_total
        ),
        grant_called_off=figures["asked"],
        grant_received=figures["received"],
        final_proof_due=grant.final_proof_due(),
        final_proof_issued_on=timezone.localdate(proof.issued_at) if proof else None,
    )


def line_key(line_id: int) -> str:
    """A budget line's key for the coordination's comment on it: its id stays when the
    line is renamed."""
    return f"line-{line_id}"


def _meeting_rows(meetings, participations, present) -> tuple[MeetingRow, ...]:
    return tuple(
        MeetingRow(
            date=timezone.localdate(meeting.starts_at),
            title=meeting.title,
            kind=meeting.kind,
            municipalities=meeting.municipality_count,
            attendees=meeting.attendee_count,
            not_represented=tuple(absent),
        )
        for meeting, absent in zip(
            meetings, _not_represented(meetings, participations, present), strict=True
        )
    )


def _compliance_rows(network: Network, moment: datetime.datetime) -> tuple[ComplianceRow, ...]:
    """The funding programme's rules as of the figures' moment, for the annex."""
    return tuple(
        ComplianceRow(
            state=rule.state, rule=rule.rule, finding=rule.finding, link=rule.link,
            gaps=tuple(rule.gaps), key=rule.key,
        )
        for rule in programme_rules(network, today=timezone.localdate(moment))
    )  # fmt: skip


def _meetings_held(network: Network, *, start, end, now) -> list[Meeting]:
    """The meetings of the period that took place by `now` (MeetingQuerySet.held), with
    counts."""
    return list(
        Meeting.objects.filter(network=network, starts_at__date__range=(start, end))
        .held(now)
        .annotate(
            municipality_count=Count("attendances__municipality", distinct=True),
            attendee_count=Count("attendances", distinct=True),
        )
        .order_by("starts_at")
    )


def _not_represented(meetings, participations, present) -> list[list[str]]:
    """For each meeting, the municipalities taking part on its day (joined, not yet
    left) for which nobody attended; attendances without a municipality do not count."""
    lists = []
    for meeting in meetings:
        day = timezone.localdate(meeting.starts_at)
        lists.append(
            [
                p.municipality.name
                for p in participations
                if p.takes_part_on(day) and (meeting.pk, p.municipality_id) not in present
            ]
        )
    return lists


def _participant_rows(
    participations, measures, present, *, term, start, end
) -> tuple[ParticipantRow, ...]:
    """One row per municipality taking part in the period: targets (of those still in
    at its end), achieved savings and the meetings it attended (`present`: pairs of
    meeting and municipality)."""
    attended = Counter(municipality for _meeting, municipality in present)
    rows = []
    for participation in participations:
        own = [m for m in measures if m["participation_id"] == participation.pk]
        current = participation.left_on is None or participation.left_on > end
        rows.append(
            ParticipantRow(
                municipality=participation.municipality.name,
                ags=participation.municipality.ags,
                # The municipality's own code in a joint project (else the network's).
                funding_code=participation.funding_code,
                joined_on=participation.joined_on,
                left_on=participation.left_on if not current else None,
                target=Savings(
                    energy_mwh=participation.target_energy_mwh if current else None,
                    co2_t=participation.target_co2_t if current else None,
                ),
                **sum_fields(_sums(own, term=term, start=start, end=end)),
                meetings_attended=attended.get(participation.municipality_id, 0),
            )
        )
    return tuple(rows)


def known_at(networks, moment: datetime.datetime, **state):
    """Those of `networks` whose history shows them with `state` (field values) at or
    before `moment`: a report names only what was known at its figures' moment, not a
    network founded (or linked) later."""
    records = Network.history.filter(history_date__lte=moment, **state).values("id")
    return networks.filter(pk__in=records)


def _network_facts(network: Network, moment: datetime.datetime) -> NetworkFacts:
    # Networks of the same coordinator only: another organisation's stay unnamed.
    sharing = (
        known_at(
            Network.objects.filter(
                coordinator=network.coordinator_id, funding_code=network.funding_code
            ),
            moment,
            coordinator_id=network.coordinator_id,
            funding_code=network.funding_code,
        ).exclude(pk=network.pk)
        if network.funding_code
        else Network.objects.none()
    )
    successors = known_at(network.successors.all(), moment, predecessor_id=network.pk)
    return NetworkFacts(
        name=network.name,
        funding_code=network.funding_code,
        funding_programme=network.funding_programme,
        funding_agency=network.funding_agency,
        funding_notice=network.funding_notice,
        funder=str(network.funder) if network.funder_id else "",
        funding_ministry=network.funding_ministry,
        funder_logos=tuple(
            FundingLogo(file=logo.file, alt=logo.alt) for logo in funder_logos(network)
        ),
        coordinator=network.coordinator.name,
        service_providers=tuple(o.name for o in network.service_providers.order_by("name")),
        successors=tuple(n.name for n in successors.order_by("term_start", "name")),
        term_start=network.term_start,
        term_end=network.term_end,
        ghg=FactorSetFacts(
            name=network.factor_set.name,
            gas=network.factor_set.gas,
            unit=network.factor_set.unit,
            source=network.factor_set.source,
        ),
        code_shared_with=tuple(sharing.order_by("name").values_list("name", flat=True)),
    )


def _focus_area_rows(measures, *, term, start, end) -> tuple[FocusAreaRow, ...]:
    """Achieved savings per focus area, in the catalogue's order."""
    areas: dict[str, list[dict]] = {}
    order: dict[str, int] = {}
    for measure in measures:
        areas.setdefault(measure["focus_area__name"], []).append(measure)
        order[measure["focus_area__name"]] = measure["focus_area__ordering"]
    return tuple(
        FocusAreaRow(name=name, **sum_fields(_sums(rows, term=term, start=start, end=end)))
        for name, rows in sorted(areas.items(), key=lambda item: (order[item[0]], item[0]))
    )


def _category_rows(measures, *, term, start, end) -> tuple[CategoryRow, ...]:
    """The measures' sums per category of the funding programme, in the catalogue's
    order; those without a category last, in a row of their own."""
    groups: dict[tuple, list[dict]] = {}
    for measure in measures:
        key = (
            measure["category__name"] is None,
            measure["category__ordering"] or 0,
            measure["category__name"] or "",
            measure["category__code"] or "",
            measure["category__kind"] or "",
        )
        groups.setdefault(key, []).append(measure)
    return tuple(
        CategoryRow(
            code=code,
            name=name,
            kind=kind,
            **sum_fields(_sums(rows, term=term, start=start, end=end)),
        )
        for (_last, _ordering, name, code, kind), rows in sorted(groups.items())
    )


def _measure_rows(measures, names: dict[int, str]) -> tuple[MeasureRow, ...]:
    """The annex: every measure of the municipalities taking part, as it stood, by
    municipality and title."""
    return tuple(
        MeasureRow(
            municipality=names[m["participation_id"]],
            title=m["title"],
            focus_area=m["focus_area__name"],
            status=m["status"],
            started_on=m["started_on"],
            completed_on=m["completed_on"],
            energy_mwh=mwh(m["energy_savings_kwh"]),
            co2_t=m["co2_savings_t"],
            investment_eur=m["investment_eur"],
            subsidy_eur=m["subsidy_eur"],
            co2_manual=m["co2_manual"] and m["co2_savings_t"] is not None,
            co2_manual_reason=m["co2_manual_reason"] if m["co2_manual"] else "",
            evidence=m["evidence"],
            checked_on=timezone.localdate(m["checked_at"]) if m["checked_at"] else None,
            changed_after_check=m["checked_at"] is not None
            and (m["energy_savings_kwh"], m["co2_savings_t"])
            != (m["checked_energy_kwh"], m["checked_co2_t"]),
            category=" ".join(filter(None, [m["category__code"], m["category__name"]])),
        )
        for m in sorted(
            measures,
            key=lambda m: (names[m["participation_id"]], m["title"], m["id"]),
        )
    )


def _sums(measures: list[dict], *, term: Term, start: datetime.date, end: datetime.date) -> Sums:
    """Counts per status; savings of measures completed within the term (all, and
    those completed in the period); investment and subsidies of begun and completed
    measures."""
    achieved = achieved_totals(measures, term=term)
    in_period = achieved_totals(measures, term=term, start=start, end=end)
    started = [m for m in measures if m["status"] in STARTED]

    def total(rows, field):
        return sum((Decimal(m[field]) for m in rows if m[field] is not None), ZERO)

    return Sums(
        measure_count=len(measures),
        by_status={
            status: sum(1 for m in measures if m["status"] == status)
            for status in Measure.Status.values
        },
        completed_in_period=sum(
            1 for m in measures if is_achieved(m, term=term, start=start, end=end)
        ),
        achieved=Savings(energy_mwh=mwh(achieved["energy_kwh"]), co2_t=achieved["co2_t"]),
        in_period=Savings(energy_mwh=mwh(in_period["energy_kwh"]), co2_t=in_period["co2_t"]),
        investment_eur=total(started, "investment_eur"),
        subsidy_eur=total(started, "subsidy_eur"),
        **_over_lifetime([m for m in measures if is_achieved(m, term=term)]),
    )


def _over_lifetime(achieved: list[dict]) -> dict:
    """The greenhouse-gas savings of completed measures over their lifetime (annual
    savings times years), and how many completed measures with savings give no
    lifetime (a study saves nothing and needs none)."""
    saving = [m for m in achieved if m["co2_savings_t"]]
    return {
        "lifetime_co2_t": sum(
            (
                savings_over_lifetime(m["co2_savings_t"], m["lifetime_years"])
                for m in saving
                if m["lifetime_years"]
            ),
            ZERO,
        ),
        "without_lifetime": sum(1 for m in saving if not m["lifetime_years"]),
    }


def _totals(participants: tuple[ParticipantRow, ...], *, meetings_held: int) -> Totals:
    """The participants' sums; the targets of those taking part at the period's end
    (the others have none in their rows)."""

    def total(figures) -> Decimal:
        return sum((figure for figure in figures if figure is not None), ZERO)

    def savings(name: str) -> Savings:
        rows = [getattr(p, name) for p in participants]
        return Savings(
            energy_mwh=total(s.energy_mwh for s in rows), co2_t=total(s.co2_t for s in rows)
        )

    return Totals(
        target=savings("target"),
        measure_count=sum(p.measure_count for p in participants),
        by_status={
            status: sum(p.by_status[status] for p in participants)
            for status in Measure.Status.values
        },
        completed_in_period=sum(p.completed_in_period for p in participants),
        achieved=savings("achieved"),
        in_period=savings("in_period"),
        investment_eur=total(p.investment_eur for p in participants),
        subsidy_eur=total(p.subsidy_eur for p in participants),
        lifetime_co2_t=total(p.lifetime_co2_t for p in participants),
        without_lifetime=sum(p.without_lifetime or 0 for p in participants),
        participant_count=sum(1 for p in participants if p.left_on is None),
        meetings_held=meetings_held,
    )
