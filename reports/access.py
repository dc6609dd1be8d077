"""Object access for the portal's own objects (reports), as in networks.access."""

from django.db.models import Q
from django.shortcuts import get_object_or_404

from networks.models import Network, Participation
from reports.models import Report


def get_report_for(user, pk: int) -> tuple[Report, bool]:
    """The report if the person sees its network (else 404), and whether they may
    issue reports for that network."""
    report = get_object_or_404(
        Report.objects.for_user(user).with_superseded().select_related("network"), pk=pk
    )
    return report, Network.objects.is_editable_by(user, report.network_id)


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
