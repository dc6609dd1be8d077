"""One municipality's report for its mayor and council."""

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from lib.pdf import render_pdf
from networks.funding import for_print
from networks.models import Network
from reports.access import may_make_mayors_report
from reports.figures.types import evidence_rows, evidence_shares
from reports.periods import check_period
from reports.rendering import preview_figures
from reports.results import share


def mayors_report_period(
    network: Network, today: datetime.date
) -> tuple[datetime.date, datetime.date]:
    """The period a mayor's report covers unless asked otherwise: the term so far."""
    return network.term_start, max(network.term_start, min(network.term_end, today))


def mayors_report_pdf(*, participation, user, start: datetime.date, end: datetime.date) -> bytes:
    """One municipality's report for its mayor and council: its target and results,
    its measures and the meetings it attended in the period, and the network's totals,
    nothing of other municipalities. For the network's coordination and the
    municipality's climate managers (the people who keep its measures)."""
    if not may_make_mayors_report(user, participation):
        raise PermissionDenied
    network = participation.network
    check_period(network=network, kind=None, start=start, end=end, today=timezone.localdate())
    # Read back the way a report keeps them, as the report's preview does.
    figures = preview_figures(network=network, start=start, end=end)
    name = participation.municipality.name
    rows = [p for p in figures.participants if p.ags == participation.municipality.ags]
    if not rows:
        raise ValidationError(
            _("%(name)s hat im gewählten Zeitraum nicht am Netzwerk teilgenommen.") % {"name": name}
        )
    row = rows[0]
    measures = [m for m in figures.measures if m.municipality == name]
    term = (figures.network.term_start, figures.network.term_end)
    context = {
        "network": figures.network,
        "municipality": participation.municipality,
        "p": row,
        "totals": figures.totals,
        "period": figures.period,
        "as_of": figures.as_of,
        "measures": measures,
        # How the municipality's achieved savings were found (in one sentence, only the
        # ways that found some, so that the report keeps to one page), and whether the
        # coordination checked any of its measures against a document.
        "evidence_table": [
            row
            for row in evidence_shares(evidence_rows(m for m in measures if m.is_achieved(term)))
            if row[0].measure_count
        ],
        "checked_measures": any(m.checked_on for m in measures),
        "checks_changed": any(m.changed_after_check for m in measures),
        # Each meeting of the period and whether the municipality was there: the names
        # of the others who were not are not the council's business.
        "meetings": [
            (
                meeting,
                # None: the municipality was not taking part yet (or any more) that day.
                (name not in meeting.not_represented)
                if participation.takes_part_on(meeting.date)
                else None,
            )
            for meeting in figures.meetings
        ],
        "energy_part": share(row.achieved.energy_mwh, figures.totals.achieved.energy_mwh),
        "author": figures.network.coordinator,
        "ghg": figures.network.ghg,
    }
    funding, logos = for_print(figures.network.funding)
    return render_pdf(
        "reports/print/mayors_report.html", context | {"funding": funding}, images=logos
    )
