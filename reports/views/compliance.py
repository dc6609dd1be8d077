"""How a network keeps the funding programme's rules, for those who oversee it: the
coordination, its service providers and its funders (reports/compliance.py). Its
climate managers get 403, everybody else 404. The rules of the grant's finances
only for those who read them (finances.access): not its service providers."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.views.decorators.http import require_GET

from finances.access import may_read
from networks.access import get_overseen_network
from reports.compliance import check_network
from reports.models import ReportSettings


@login_required
@require_GET
def compliance(request, slug: str):
    network, _can_edit = get_overseen_network(request.user, slug)
    finances = may_read(request.user, network.pk)
    return render(
        request,
        "reports/compliance.html",
        {
            "network": network,
            "rules": check_network(network, finances=finances),
            "finances": finances and hasattr(network, "grant"),
            "report_settings": ReportSettings.for_network(network),
        },
    )
