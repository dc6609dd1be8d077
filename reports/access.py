"""Object access for the portal's own objects (reports), as in networks.access."""

from django.db.models import Q
from django.shortcuts import get_object_or_404

from finances.access import may_read
from networks.models import Network, Participation
from reports.models import Report


def get_report_for(user, pk: int) -> tuple[Report, bool]:
    """The report if the person sees its network (else 404), and whether they may
    issue reports for that network."""
    report = get_object_or_404(
        Report.objects.for_user(user).with_superseded().select_related("network"), pk=pk
    )
    return report, Network.objects.is_editable_by(user, report.network_id)


def reads_finances(user, report: Report) -> bool:
    """Whether the person gets the report with its chapter on the finances: whoever
    reads the network's finances (finances.access: the coordinating organisation's
    coordinators and finance people, the network's funder, administrators). The other
    members (climate managers, service providers) get it without: the PDF kept for them
    (Report.members_pdf), the workbook without the sheet, the page without the chapter."""
    return may_read(user, report.network_id)


def may_make_mayors_report(user, participation) -> bool:
    """The coordination and the municipality's own climate managers: the people who
    keep its measures (also after the term, when a council asks what came of it)."""
    return (
        Participation.objects.filter(pk=participation.pk)
        .filter(
            Q(network__in=Network.objects.editable_by(user))
            | Q(pk__in=Participation.objects.managed_by(user).values("pk"))
        )
        .exists()
    )
