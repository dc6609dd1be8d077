"""The pages around the networks: home, the signed-in person's start page, their
account, the language switch and the favicon."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import FilteredRelation, Prefetch, Q
from django.shortcuts import redirect, render
from django.templatetags.static import static
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django.views.i18n import set_language as django_set_language

from events.models import ActionItem, Invitee, Meeting
from finances import access as finance_access
from measures.access import category_todo
from measures.models import Measure
from networks.models import Membership, Network, Participation, Role
from portal import network_table
from portal.forms import AccountForm
from reports import confirmations
from reports.models import Report, current_reports
from reports.results import (
    attention_in_ended,
    in_running_networks,
    network_summaries,
    own_results,
    stale_measures,
)


def favicon(request):
    """Browsers ask for /favicon.ico where no page names an icon (PDFs, downloads)."""
    return redirect(static("img/favicon.svg"), permanent=True)


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


# The lists across networks show this many entries and link to all of them.
LISTED = 5
# With `?aufgaben=alle` the start page lists this many open tasks (no page lists them).
ALL_TASKS = 50


@login_required
def start(request):
    """The start page: the person's networks with their figures, and what needs
    attention. A person with more than network_table.MANY_NETWORKS networks gets
    them as a table, sorted, filtered by phase and paged, instead of cards."""
    user = request.user
    memberships = list(
        Membership.objects.for_user(user).select_related("organisation", "network", "municipality")
    )
    # The participations the person works in as climate manager, read once for what
    # they are asked to confirm and for the link to their municipality's measures;
    # none without the role (Participation.managed_by asks for it), and no query then.
    climate_manager = any(m.role == Role.CLIMATE_MANAGER for m in memberships)
    managed = (
        list(Participation.objects.worked_in_by(user).select_related("municipality", "network"))
        if climate_manager
        else []
    )
    now = timezone.now()
    today = timezone.localdate(now)
    networks = network_summaries(
        Network.objects.for_user(user)
        .with_editable(user)
        .select_related("report_settings", "measure_settings"),
        now=now,
    )
    # The measures the person edits in the networks running now, built once for the
    # lists and the to-do below.
    editable = in_running_networks(Measure.objects.editable_by(user), today)
    compact = len(networks) > network_table.MANY_NETWORKS
    shown_meetings = _next_meetings(user, networks, cards=not compact)
    all_tasks = request.GET.get("aufgaben") == "alle"
    all_ended = request.GET.get("beendete") == "alle"
    # The summary of the ended networks whose measures the person edits (their
    # coordination's, NetworkQuerySet.with_editable): read with the networks, the
    # counts kept.
    ended_attention = attention_in_ended([n for n in networks if n.editable], today=today)
    # The measures a person edits are in the networks they see: their settings are read.
    stale = stale_measures(editable, now, limit=LISTED + 1, networks=networks)
    overdue = list(
        editable.filter(status=Measure.Status.PLANNED, planned_start__lt=today)
        .select_related("participation__municipality", "participation__network")
        .order_by("planned_start")[: LISTED + 1]
    )
    action_items = list(
        ActionItem.objects.responsible(user, networks=[network.pk for network in networks])
        .open()
        .select_related("meeting__network", "responsible_municipality", "responsible_person")
        .order_by("due_on", "pk")[: ALL_TASKS if all_tasks else LISTED + 1]
    )
    context = {
        "memberships": memberships,
        "networks": networks,
        # Lists for the networks running now; ended networks only summed up.
        "stale": stale[:LISTED],
        "more_stale": len(stale) > LISTED,
        "overdue": overdue[:LISTED],
        "more_overdue": len(overdue) > LISTED,
        # Summed up per network; a coordinator of many ended networks sees five.
        "ended_attention": ended_attention if all_ended else ended_attention[:LISTED],
        "more_ended": not all_ended and len(ended_attention) > LISTED,
        "category_todo": category_todo(user, editable, managed=managed),
        "today": today,
        "next_meetings": shown_meetings,
        "own_results": own_results(user) if climate_manager else [],
        "answer_choices": [
            (Invitee.Answer.YES, _("Zusage")),
            (Invitee.Answer.MAYBE, _("Vielleicht")),
            (Invitee.Answer.NO, _("Absage")),
        ],
        "action_items": action_items if all_tasks else action_items[:LISTED],
        "more_action_items": not all_tasks and len(action_items) > LISTED,
    }
    if compact:
        context.update(_network_table(request, networks, now))
    context["confirmations"] = _asked_to_confirm(user, managed=managed)
    # A finance person sees no network page: the finances are reached from here.
    context["finance_networks"] = (
        list(finance_access.networks_kept_by(user).only("name", "slug").order_by("name"))
        if any(m.role == Role.FINANCE for m in memberships)
        else []
    )
    return render(request, "portal/start.html", context)


def _network_table(request, networks: list[Network], now) -> dict:
    """The context of the table of networks: a page of them, in the order and of the
    phase asked for, with links that sort by each column."""
    network_table.add_attention(networks, now=now)
    phase = request.GET.get("phase", "")
    if phase not in Network.Phase.values:
        phase = ""
    shown = [n for n in networks if n.phase == phase] if phase else networks
    shown, sort = network_table.ordered(shown, request.GET.get("sortierung", ""))
    page = Paginator(shown, network_table.PER_PAGE).get_page(request.GET.get("seite"))
    params = request.GET.copy()
    params.pop("seite", None)
    return {
        "network_table": page,
        "table_phase": phase,
        "phases": Network.Phase.choices,
        "sort": sort,
        "sort_links": network_table.sort_links(request.GET, sort),
        "page_query": f"{params.urlencode()}&" if params else "",
    }


def _next_meetings(user, networks, *, cards: bool) -> list[Meeting]:
    """The person's next five meetings, each with the person's own invitation to
    answer right on the start page; and each network with its next meeting and, for
    the cards, its last three current reports."""
    # Meeting.objects.for_user's networks are the person's networks, read already: their
    # ids instead of building and running the rule's subqueries again.
    # The person's own invitation (one per meeting and person) is joined to each
    # meeting: no query of its own, which would run only when there are meetings
    # (Django sets no attribute where the person is not invited).
    next_meetings = list(
        Meeting.objects.filter(network__in=[network.pk for network in networks])
        .exclude(status=Meeting.Status.CANCELLED)
        .upcoming()
        .annotate(own_invitation=FilteredRelation("invitees", condition=Q(invitees__user=user)))
        .select_related("network", "own_invitation")[:100]
    )
    shown_meetings = next_meetings[:5]
    for meeting in shown_meetings:
        meeting.invitation = getattr(meeting, "own_invitation", None)
    first_meeting: dict[int, Meeting] = {}
    for meeting in next_meetings:
        first_meeting.setdefault(meeting.network_id, meeting)
    for network in networks:
        network.next_meeting = first_meeting.get(network.pk)
    if cards:
        reports = current_reports(Report.objects.filter(network__in=[n.pk for n in networks]))
        reports_of: dict[int, list[Report]] = {}
        for report in reports:
            reports_of.setdefault(report.network_id, []).append(report)
        for network in networks:
            network.issued_reports = reports_of.get(network.pk, [])[:3]
    return shown_meetings


def _asked_to_confirm(user, *, managed: list[Participation]) -> list[tuple]:
    """What a climate manager is asked to confirm, with their municipality's figures
    now. The figures are read once per request, however many municipalities it
    concerns."""
    figures: dict[int, dict] = {}
    asked_rows = []
    asked_of = confirmations.open_requests_for(user, managed=managed)
    for asked, participation, confirmation in asked_of:
        if asked.pk not in figures:
            figures[asked.pk] = confirmations.figures_now(asked)
        row = confirmations.municipality_figures(asked, participation, figures[asked.pk])
        asked_rows.append((asked, participation, confirmation, row))
    return asked_rows


@login_required
def account(request):
    form = AccountForm(request.POST or None, instance=request.user)
    if request.method == "POST" and form.is_valid():
        form.save()
        translation.activate(request.user.language)
        messages.success(request, _("Ihre Angaben sind gespeichert."))
        return redirect("account")
    return render(request, "portal/account.html", {"form": form})


@require_POST
def set_language(request):
    """Django's language switch; a signed-in person keeps the choice in their account."""
    response = django_set_language(request)
    language = request.POST.get("language")
    if request.user.is_authenticated and language in dict(settings.LANGUAGES):
        request.user.language = language
        request.user.save(update_fields=["language"])
    return response
