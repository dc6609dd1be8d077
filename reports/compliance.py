"""The funding programme's rules for a network, checked against what the portal knows:
each rule green (kept), amber (open or due soon) or red (broken), with what it found
and where the evidence is. Shown on the network's compliance page and frozen into
each issued report's figures, whose annex repeats them.

The rules (Kommunalrichtlinie, networks): at least 6 participating municipalities,
each with its written confirmation; a kick-off; a network meeting at least every
three months; a final event; a savings target for every municipality; the reports
the grant notice asks for, by its deadlines (per network). Beside them the page shows
working signals of the coordination's, not programme rules, which the funder's
annex leaves out: measures kept up to date, and large savings that say how they were
found (a funder's sample check asks for the evidence of those first).
"""

import datetime

from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from events.models import Meeting
from finances.rules import finance_rules
from lib.dates import add_months, end_of_day
from lib.rules import AMBER, GREEN, RED, Rule
from measures.models import Measure, MeasureSettings
from networks.models import Network, Prospect
from networks.recruitment import MIN_MUNICIPALITIES
from reports.models import Report, ReportSettings
from reports.periods import default_periods

MAX_GAP_DAYS = 92  # "about every three months"
SOON_DAYS = 30  # a report due within this many days is amber


def _day(day: datetime.date) -> str:
    return date_format(day, "SHORT_DATE_FORMAT")


def check_network(
    network: Network, *, today: datetime.date | None = None, finances: bool = False
) -> list[Rule]:
    """Every rule for the network as of `today`, and the working signal of measures
    kept up to date: the compliance page's. With `finances` (only for those who read
    the network's finances, finances.access) the rules of its grant follow, if it has
    one (finances.rules). The report's annex leaves them out: every member of the
    network reads its reports, climate managers and service providers too, who see
    nothing of the finances; the funder gets them with the proofs."""
    today = today or timezone.localdate()
    rules = [*programme_rules(network, today=today), _stale(network, today), _evidence(network)]
    if finances:
        rules += finance_rules(network, today=today)
    return rules


def programme_rules(network: Network, *, today: datetime.date) -> list[Rule]:
    """The funding programme's rules for the network as of `today`: the report's
    annex. Measures not updated for a while are the coordination's working signal,
    not a rule of the programme, so a funder does not read them as a finding."""
    _read_settings(network)
    meetings = list(network.meetings.exclude(status=Meeting.Status.CANCELLED).order_by("starts_at"))
    # Those taking part today (on the term's first or last day, outside it), read once.
    day = min(max(today, network.term_start), network.term_end)
    taking_part = list(network.participations.taking_part_on(day).select_related("municipality"))
    return [
        _participants(network, taking_part),
        _kick_off(network, meetings, today),
        _rhythm(network, meetings, today),
        _final_event(network, meetings, today),
        _targets(network, taking_part, today),
        *_reports(network, today),
    ]


def annex_rules(
    network: Network, kind: str, *, today: datetime.date
) -> tuple[datetime.date, list[Rule]]:
    """The day checked and the programme's rules as the annex of the network's `kind`
    of report issued `today` would hold them: as of the end of the period it most
    likely covers (reports.periods.default_periods), or today when none is possible."""
    period = default_periods(network, today).get(kind)
    day = min(period[1], today) if period else today
    return day, programme_rules(network, today=day)


# The settings rows the rules read: the staleness period and the report deadlines.
SETTINGS = ("measure_settings", "report_settings")


def _read_settings(network: Network) -> None:
    """Read the network's settings rows in one query onto the network, where
    MeasureSettings.for_network and ReportSettings.for_network find them (a network
    without a row caches none and gets the defaults). Read again on every check, as
    the rules read everything else."""
    relations = [Network._meta.get_field(name) for name in SETTINGS]
    loaded = Network.objects.select_related(*SETTINGS).get(pk=network.pk)
    for relation in relations:
        relation.set_cached_value(network, relation.get_cached_value(loaded))


def _held(meeting: Meeting, today: datetime.date) -> bool:
    """Taken place by the end of `today` (Meeting.has_taken_place): a meeting recorded
    as held that began after `today` had not, as a report of a past period sees it."""
    return (
        meeting.has_taken_place(end_of_day(today))
        and timezone.localtime(meeting.starts_at).date() <= today
    )


def _participants(network: Network, taking_part: list) -> Rule:
    confirmed = set(
        Prospect.objects.filter(
            network=network, status=Prospect.Status.CONFIRMED, participation__in=taking_part
        ).values_list("participation", flat=True)
    )
    missing = [p.municipality.name for p in taking_part if p.pk not in confirmed]
    state = RED if len(taking_part) < MIN_MUNICIPALITIES else AMBER if missing else GREEN
    finding = ngettext(
        "%(count)s Kommune nimmt teil.", "%(count)s Kommunen nehmen teil.", len(taking_part)
    ) % {"count": len(taking_part)}
    if missing:
        finding += " " + _("Ohne schriftliche Zusage in der Gewinnung: %(names)s.") % {
            "names": ", ".join(missing)
        }
    return Rule(
        state,
        _("Mindestens %(count)s teilnehmende Kommunen, jede mit ihrer schriftlichen Zusage.")
        % {"count": MIN_MUNICIPALITIES},
        finding,
        reverse("recruitment", args=[network.slug]),
        key="participants",
    )


def _one_of(network, meetings, today, kind, rule: str, *, due: datetime.date, key: str) -> Rule:
    """A meeting of a kind: held (green), planned or not yet due (amber), missing after
    it was due (red)."""
    of_kind = [m for m in meetings if m.kind == kind]
    held = [m for m in of_kind if _held(m, today)]
    if held:
        meeting = held[0]
        return Rule(
            GREEN,
            rule,
            _("%(title)s am %(day)s.")
            % {"title": meeting.title, "day": _day(timezone.localtime(meeting.starts_at).date())},
            meeting.get_absolute_url(),
            key=key,
        )
    if of_kind:
        meeting = of_kind[0]
        return Rule(
            AMBER,
            rule,
            _("Geplant: %(title)s am %(day)s.")
            % {"title": meeting.title, "day": _day(timezone.localtime(meeting.starts_at).date())},
            meeting.get_absolute_url(),
            key=key,
        )
    return Rule(
        RED if today > due else AMBER,
        rule,
        _("Noch keines eingetragen (fällig bis %(day)s).") % {"day": _day(due)},
        reverse("network_meetings", args=[network.slug]),
        key=key,
    )


def _kick_off(network, meetings, today) -> Rule:
    return _one_of(
        network, meetings, today, Meeting.Kind.KICK_OFF,
        _("Eine Auftaktveranstaltung hat stattgefunden."),
        due=network.term_start + datetime.timedelta(days=MAX_GAP_DAYS), key="kick_off",
    )  # fmt: skip


def _final_event(network, meetings, today) -> Rule:
    return _one_of(
        network, meetings, today, Meeting.Kind.FINAL_EVENT,
        _("Eine Abschlussveranstaltung hat stattgefunden."), due=network.term_end,
        key="final_event",
    )  # fmt: skip


def _rhythm(network: Network, meetings: list[Meeting], today: datetime.date) -> Rule:
    """Meetings of the network (not information events) within the term, at most
    about three months apart, from the start of the term to today or its end."""
    rule = _("Mindestens alle drei Monate ein Netzwerktreffen.")
    link = reverse("network_meetings", args=[network.slug])
    if today < network.term_start:
        return Rule(AMBER, rule, _("Die Laufzeit hat noch nicht begonnen."), link, key="rhythm")
    end = min(today, network.term_end)
    days = sorted(
        timezone.localtime(m.starts_at).date()
        for m in meetings
        if m.kind != Meeting.Kind.INFORMATION_EVENT
        and network.term_start <= timezone.localtime(m.starts_at).date() <= end
    )
    points = [network.term_start, *days, end]
    gaps = tuple(
        _("%(start)s – %(end)s: %(days)s Tage ohne Treffen")
        % {"start": _day(first), "end": _day(second), "days": (second - first).days}
        for first, second in zip(points, points[1:], strict=False)
        if (second - first).days > MAX_GAP_DAYS
    )
    if gaps:
        finding = ngettext("%(count)s längere Lücke.", "%(count)s längere Lücken.", len(gaps)) % {
            "count": len(gaps)
        }
        return Rule(RED, rule, finding, link, gaps, key="rhythm")
    finding = ngettext(
        "%(count)s Treffen in der Laufzeit bisher, keine Lücke über drei Monate.",
        "%(count)s Treffen in der Laufzeit bisher, keine Lücke über drei Monate.",
        len(days),
    ) % {"count": len(days)}
    return Rule(GREEN, rule, finding, link, key="rhythm")


def _targets(network: Network, taking_part: list, today: datetime.date) -> Rule:
    without = [p.municipality.name for p in taking_part if p.target_energy_mwh is None]
    return Rule(
        (AMBER if today < network.term_start else RED) if without else GREEN,
        _("Jede teilnehmende Kommune hat ein Einsparziel (MWh/a)."),
        ", ".join(without) if without else _("Alle mit Ziel."),
        network.get_absolute_url(),
        key="targets",
    )


def report_deadlines(
    network: Network,
) -> list[tuple[str, datetime.date, datetime.date, datetime.date]]:
    """(kind, period start, period end, due date) of the reports the grant notice asks
    for: an interim report after each network year but the last, the final report
    after the term, each the network's number of months later."""
    settings = ReportSettings.for_network(network)
    deadlines = []
    start = network.term_start
    while True:
        end = add_months(start, 12) - datetime.timedelta(days=1)
        if end >= network.term_end:
            break
        due = add_months(end, settings.interim_report_due_months)
        deadlines.append((Report.Kind.INTERIM, start, end, due))
        start = end + datetime.timedelta(days=1)
    final_due = add_months(network.term_end, settings.final_report_due_months)
    deadlines.append((Report.Kind.FINAL, network.term_start, network.term_end, final_due))
    return deadlines


def _reports(network: Network, today: datetime.date) -> list[Rule]:
    """One rule per report whose period has ended or that is due within SOON_DAYS:
    issued by its deadline (green), open or issued late (amber), overdue (red).
    Reports of periods still running and not due soon are left out."""
    # The latest version of each issued by the end of `today` (first in this order): a
    # report's annex knows of no later one.
    issued = list(
        network.reports.filter(issued_at__lte=end_of_day(today))
        .defer("figures", "texts")
        .order_by("-issued_at", "-pk")
    )
    rules = []
    for kind, start, end, due in report_deadlines(network):
        if due > today + datetime.timedelta(days=SOON_DAYS) and end >= today:
            continue
        key = f"report-{kind}-{start.isoformat()}"
        label = Report.Kind(kind).label
        rule = _("%(kind)s %(start)s – %(end)s, fällig am %(due)s.") % {
            "kind": label,
            "start": _day(start),
            "end": _day(end),
            "due": _day(due),
        }
        done = next(
            (
                r
                for r in issued
                if r.kind == kind and r.period_start <= start and r.period_end >= end
            ),
            None,
        )
        if done is not None:
            state = GREEN if timezone.localtime(done.issued_at).date() <= due else AMBER
            finding = _("Ausgestellt am %(day)s.") % {
                "day": _day(timezone.localtime(done.issued_at).date())
            }
            if state == AMBER:
                finding += " " + _("Nach der Frist.")
            rules.append(Rule(state, rule, finding, done.get_absolute_url(), key=key))
        else:
            state = RED if today > due else AMBER
            finding = _("Noch nicht ausgestellt.")
            rules.append(
                Rule(state, rule, finding, reverse("report_list", args=[network.slug]), key=key)
            )
    if not rules:
        first_due = report_deadlines(network)[0]
        rules.append(Rule(
            GREEN,
            _("Berichte nach den Fristen des Zuwendungsbescheids."),
            _("Der erste Bericht ist am %(day)s fällig.") % {"day": _day(first_due[3])},
            reverse("report_list", args=[network.slug]), key="reports",
        ))  # fmt: skip
    return rules


def _stale(network: Network, today: datetime.date) -> Rule:
    """Unfinished measures not updated for the network's staleness period by the end
    of `today` (a report's moment, for its annex)."""
    settings = MeasureSettings.for_network(network)
    stale = (
        Measure.objects.filter(participation__left_on__isnull=True)
        .stale_in(settings, min(end_of_day(today), timezone.now()))
        .count()
    )
    return Rule(
        AMBER if stale else GREEN,
        _("Maßnahmen werden innerhalb von %(days)s Tagen aktualisiert.")
        % {"days": settings.staleness_days},
        ngettext(
            "%(count)s Maßnahme ist länger nicht aktualisiert.",
            "%(count)s Maßnahmen sind länger nicht aktualisiert.",
            stale,
        )
        % {"count": stale}
        if stale
        else _("Alle aktuell."),
        f"{reverse('measure_list')}?netzwerk={network.slug}",
    )


def _evidence(network: Network) -> Rule:
    """Completed measures with large savings (the network's threshold, MeasureSettings)
    that do not say how they were found: measured, calculated or estimated."""
    settings = MeasureSettings.for_network(network)
    lacking = list(
        Measure.objects.lacking_evidence(settings)
        .select_related("participation__municipality")
        .order_by("participation__municipality__name", "title")
    )
    return Rule(
        AMBER if lacking else GREEN,
        _(
            "Abgeschlossene Maßnahmen ab %(mwh)s MWh/a Einsparung geben an, wie die "
            "Einsparung ermittelt wurde."
        )
        % {"mwh": settings.evidence_threshold_mwh},
        ngettext(
            "%(count)s Maßnahme ohne Angabe.",
            "%(count)s Maßnahmen ohne Angabe.",
            len(lacking),
        )
        % {"count": len(lacking)}
        if lacking
        else _("Alle mit Angabe."),
        f"{reverse('measure_list')}?netzwerk={network.slug}&status=completed&nachweis=keiner",
        tuple(f"{m.participation.municipality.name}: {m.title}" for m in lacking),
    )
