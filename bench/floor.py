"""The floor for bench/pages.py: bare views that dump the rows a portal page shows,
without forms, permissions beyond the queryset, templates or layout. The portal's
URLs follow, so the benchmark serves all three kinds of page from one URL
configuration with the same middleware.
"""

from django.db.models import Count, Sum
from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import path
from django.utils.html import escape

from events.models import Meeting
from measures.models import Measure
from networks.models import Network, Participation
from portal.urls import urlpatterns as portal_urlpatterns
from reports.models import Report

MEASURE_PAGE = 50  # measures.views.measures.PAGE_SIZE
MEETING_PAGE = 25  # events.views.meetings.PAGE_SIZE


def _table(rows) -> HttpResponse:
    body = "".join(
        "<tr>" + "".join(f"<td>{escape(value)}</td>" for value in row) + "</tr>" for row in rows
    )
    return HttpResponse(f"<!doctype html><title>floor</title><table>{body}</table>")


def measures(request):
    """The measure list's first page: the same rows in the same order."""
    rows = Measure.objects.for_user(request.user).select_related(
        "participation__network", "participation__municipality", "focus_area"
    )
    if slug := request.GET.get("netzwerk"):
        rows = rows.filter(participation__network__slug=slug)
    rows = rows.order_by("participation__municipality__name", "title", "pk")[:MEASURE_PAGE]
    return _table(
        (m.title, m.participation.municipality.name, m.participation.network.name,
         m.focus_area.name, m.get_status_display(), m.energy_savings_kwh, m.co2_savings_t)
        for m in rows
    )  # fmt: skip


def network(request, slug):
    """The network page's rows: the network and, per municipality, its measures' sums."""
    network = get_object_or_404(Network.objects.for_user(request.user), slug=slug)
    rows = (
        Participation.objects.filter(network=network)
        .select_related("municipality")
        .annotate(
            measure_count=Count("measures"),
            energy=Sum("measures__energy_savings_kwh"),
            co2=Sum("measures__co2_savings_t"),
        )
        .order_by("municipality__name")
    )
    return _table(
        [(network.name, network.term_start, network.term_end)]
        + [(p.municipality.name, p.measure_count, p.energy, p.co2) for p in rows]
    )


def start(request):
    """The start page's rows: the person's networks and their next meetings."""
    networks = Network.objects.for_user(request.user).order_by("name")
    meetings = (
        Meeting.objects.for_user(request.user)
        .exclude(status=Meeting.Status.CANCELLED)
        .upcoming()
        .select_related("network")[:5]
    )
    return _table(
        [(n.name, n.term_start, n.term_end) for n in networks]
        + [(m.title, m.starts_at, m.network.name) for m in meetings]
    )


def meetings(request):
    """The meeting list's rows: a page of upcoming and a page of past meetings."""
    visible = Meeting.objects.for_user(request.user).select_related("network")
    upcoming = visible.upcoming()[:MEETING_PAGE]
    past = visible.past().order_by("-starts_at")[:MEETING_PAGE]
    return _table(
        (m.title, m.starts_at, m.network.name, m.get_status_display()) for m in [*upcoming, *past]
    )


def meeting(request, pk):
    """A meeting's rows: the meeting, its agenda, invitees and attendance."""
    meeting = get_object_or_404(
        Meeting.objects.for_user(request.user).select_related("network"), pk=pk
    )
    return _table(
        [(meeting.title, meeting.starts_at, meeting.network.name)]
        + [(i.title, i.duration_minutes) for i in meeting.agenda_items.all()]
        + [(i.user.name, i.get_answer_display()) for i in meeting.invitees.select_related("user")]
        + [(a.name, a.municipality_id) for a in meeting.attendances.all()]
    )


def reports(request, slug):
    """A network's issued reports."""
    network = get_object_or_404(Network.objects.for_user(request.user), slug=slug)
    return _table(
        (r.get_kind_display(), r.period_start, r.period_end, r.version, r.issued_at)
        for r in Report.objects.filter(network=network).order_by("-issued_at")
    )


def report(request, pk):
    """An issued report: its row and its figures per municipality."""
    report = get_object_or_404(
        Report.objects.filter(network__in=Network.objects.for_user(request.user)), pk=pk
    )
    rows = [(report.get_kind_display(), report.period_start, report.period_end)]
    for row in report.figures.get("participants", []):
        rows.append(tuple(str(value) for value in row.values()))
    return _table(rows)


urlpatterns = [
    path("floor/massnahmen/", measures),
    path("floor/netzwerke/<slug:slug>/", network),
    path("floor/start/", start),
    path("floor/treffen/", meetings),
    path("floor/treffen/<int:pk>/", meeting),
    path("floor/netzwerke/<slug:slug>/berichte/", reports),
    path("floor/berichte/<int:pk>/", report),
    *portal_urlpatterns,
]
