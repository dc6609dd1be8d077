"""Object access for the portal's own objects (reports), as in networks.access."""

from django.shortcuts import get_object_or_404

from networks.models import Network
from reports.models import Report


def get_report_for(user, pk: int) -> tuple[Report, bool]:
    """The report if the person sees its network (else 404), and whether they may
    issue reports for that network."""
    report = get_object_or_404(
        Report.objects.for_user(user).with_superseded().select_related("network"), pk=pk
    )
    return report, Network.objects.editable_by(user).filter(pk=report.network_id).exists()
