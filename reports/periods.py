"""The period a report covers: which period each kind of report most likely covers
now, and the rules every period keeps."""

import datetime

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from networks.models import Network
from reports.models import Report

Period = tuple[str, datetime.date, datetime.date]


def default_period(network: Network, today: datetime.date) -> Period:
    """What a coordinator most likely reports now: the final report once the term is
    over, else the last full network year (or the term so far, in the first year)."""
    periods = default_periods(network, today)
    if Report.Kind.FINAL in periods:
        return Report.Kind.FINAL, *periods[Report.Kind.FINAL]
    if Report.Kind.INTERIM in periods:
        return Report.Kind.INTERIM, *periods[Report.Kind.INTERIM]
    return Report.Kind.INTERIM, network.term_start, network.term_start


def default_periods(
    network: Network, today: datetime.date
) -> dict[str, tuple[datetime.date, datetime.date]]:
    """The period each kind of report most likely covers now, for the kinds possible
    now: the final report the whole term once it is over; an interim report the last
    full network year (or the term so far, in its first year), also after the term.
    Nothing before the term has begun."""
    if today < network.term_start:
        return {}
    periods = {}
    day = min(today, network.term_end + datetime.timedelta(days=1))
    start = network.term_start
    while _add_year(start) <= day:
        start = _add_year(start)
    if start == network.term_start:
        interim = (network.term_start, min(day, network.term_end))
    else:
        interim = (_add_year(start, -1), start - datetime.timedelta(days=1))
    if interim != (network.term_start, network.term_end):  # that is the final report
        periods[Report.Kind.INTERIM] = interim
    if today > network.term_end:
        periods[Report.Kind.FINAL] = (network.term_start, network.term_end)
    return periods


def _add_year(day: datetime.date, years: int = 1) -> datetime.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def check_period(
    *,
    network: Network,
    kind: str | None,
    start: datetime.date,
    end: datetime.date,
    today: datetime.date,
) -> None:
    """The rules of a report's period, as German messages per field; kind None checks
    a period that belongs to no interim or final report (the mayor's report)."""
    errors = {}
    if end < start:
        errors["period_end"] = _("Der Berichtszeitraum kann nicht vor seinem Beginn enden.")
    elif end > today:
        errors["period_end"] = _(
            "Der Berichtszeitraum kann nicht in der Zukunft enden: berichtet wird über Vergangenes."
        )
    elif not (network.term_contains(start) and network.term_contains(end)):
        errors["period_start"] = _(
            "Der Berichtszeitraum muss in der Laufzeit des Netzwerks liegen (%(start)s – %(end)s)."
        ) % network.term_for_messages()  # fmt: skip
    if kind == Report.Kind.INTERIM and (start, end) == (network.term_start, network.term_end):
        errors.setdefault(
            "kind",
            _(
                "Ein Zwischenbericht über die ganze Laufzeit wäre der Schlussbericht: bitte "
                "„Schlussbericht“ wählen oder einen kürzeren Zeitraum angeben."
            ),
        )
    if kind == Report.Kind.FINAL and (start, end) != (network.term_start, network.term_end):
        errors.setdefault(
            "kind",
            _(
                "Der Schlussbericht umfasst die ganze Laufzeit und ist erst nach ihrem Ende "
                "möglich."
            ),
        )
    if errors:
        raise ValidationError(errors)
