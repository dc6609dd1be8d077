from django.db.models import Prefetch
from django.shortcuts import render

from networks.models import Network, Participation


def home(request):
    current = Participation.objects.filter(left_on__isnull=True).select_related("municipality")
    networks = (
        Network.objects.listed_for(request.user)
        .with_participant_count()
        .select_related("coordinator", "predecessor")
        .prefetch_related(
            Prefetch("participations", queryset=current, to_attr="current_participations"),
            "service_providers",
        )
    )
    return render(request, "portal/home.html", {"networks": networks})
