"""Network pages: a network's page with its participants, a participant's page,
the network's settings, photos and successor, and the public page of a public network."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from events.access import sees_names
from events.models import Meeting
from finances import access as finance_access
from lib import palette
from lib.charts import stacked_chart, target_chart
from lib.confirm import Question, ask_first
from lib.conflicts import EditConflict, conflict_response
from lib.markup import image_source
from measures.models import Measure
from measures.services import found_successor_network
from networks.access import get_network_for, get_network_to_edit, get_participation_for
from networks.forms import (
    AddParticipantForm,
    ParticipationForm,
    PhotoForm,
    SuccessorForm,
    addable_municipalities,
    find_municipalities,
)
from networks.funding import funding_of
from networks.models import Network, OrganisationLogo, focus_area_colours
from networks.services import (
    add_network_photo,
    delete_network_photo,
    remove_participant,
)
from portal.forms import NetworkSettingsForm
from portal.services import save_network_settings
from reports import mayors
from reports.access import may_make_mayors_report
from reports.forms import MayorsReportForm
from reports.models import current_reports
from reports.results import (
    attendance_counts,
    attendance_of,
    measures_by,
    measures_per_year_and_focus_area,
    participants_with_results,
    totals,
)

PARTICIPANT_SORTS = {
    "kommune": lambda p: p.municipality.name,
    "beitritt": lambda p: p.joined_on,
    "ziel-energie": lambda p: p.target_energy_mwh or 0,
    "energie": lambda p: p.achieved_energy_mwh or 0,
    "ziel-thg": lambda p: p.target_co2_t or 0,
    "thg": lambda p: p.achieved_co2_t or 0,
    "massnahmen": lambda p: p.measure_count,
}


def _sorted(participants, order: str):
    """Sort by a column named in ?sortierung=, descending with a leading minus."""
    key = order.removeprefix("-")
    if key not in PARTICIPANT_SORTS:
        return participants, "kommune"
    return sorted(participants, key=PARTICIPANT_SORTS[key], reverse=order.startswith("-")), order


def _network_page(request, network, can_edit: bool, *, status: int = 200, **forms):
    """The network page, or only its participants section for htmx requests."""
    participants, order = _sorted(
        participants_with_results(network), request.GET.get("sortierung", "kommune")
    )
    attended, meetings_held = attendance_counts(network)
    for participant in participants:
        participant.meetings_attended = attended.get(participant.municipality_id, 0)
        if can_edit:
            participant.removal_question = removal_question(participant)
    context = {
        "network": network,
        "can_edit": can_edit,
        "participants": participants,
        "meetings_held": meetings_held,
        "order": order,
        "sort_columns": _sort_columns(order),
        "statuses": Measure.Status.choices,
        "focus_areas": network.focus_areas.all(),
        "service_providers": network.service_providers.all(),
        "successors": Network.objects.for_user(request.user).filter(predecessor=network),
        "add_form": forms.get("add_form")
        or (AddParticipantForm(network=network) if can_edit else None),
        "edit_form": forms.get("edit_form"),
        "photos": network.photos.all(),
        "photo_form": forms.get("photo_form") or (PhotoForm() if can_edit else None),
        "editing": forms.get("editing"),
    }
    if request.htmx:
        # htmx swaps only 2xx answers; form errors come back inside the section.
        return render(request, "networks/network.html#participants", context)
    # The rest of the page is not part of the htmx fragment: compute it only here.
    statuses = Measure.Status.values
    by_status = sorted(
        measures_by(network, "status"), key=lambda row: statuses.index(row["status"])
    )
    for row in by_status:
        row["label"] = Measure.Status(row["status"]).label
    context["by_status"] = by_status
    context["by_focus_area"] = measures_by(network, "focus_area__name")
    context["totals"] = totals(participants)
    target_rows = [
        (p.municipality.name, p.target_energy_mwh, p.achieved_energy_mwh)
        for p in participants
        if p.left_on is None
    ]
    # The names left of the bars on a wide screen, above them on a phone's: scaled down
    # to a phone's width, the wide chart's text would be 7 px high.
    context["target_chart"] = target_chart(target_rows)
    context["target_chart_narrow"] = target_chart(target_rows, narrow=True)
    counts, areas = measures_per_year_and_focus_area(network)
    context["year_chart"] = stacked_chart(counts, areas, focus_area_colours())
    context["palette"] = palette
    context["next_meeting"] = (
        Meeting.objects.filter(network=network, status=Meeting.Status.PLANNED).upcoming().first()
    )
    context["reports"] = current_reports(network.reports.all())[:3]
    context["reads_recruitment"] = (
        Network.objects.overseen_by(request.user).filter(pk=network.pk).exists()
    )
    # Its coordination keeps the finances; anybody else is asked (the funder reads them).
    context["reads_finances"] = can_edit or finance_access.may_read(request.user, network.pk)
    return render(request, "networks/network.html", context, status=status)


def removal_question(participation) -> Question:
    """What removing a municipality from a network asks first (lib.confirm)."""
    return Question(
        title=_("Kommune aus dem Netzwerk entfernen?"),
        consequence=_(
            "%(municipality)s wird aus %(network)s entfernt, mit Ziel und Beitrittsdatum. "
            "Ihr Klimaschutzmanagement sieht das Netzwerk danach nicht mehr."
        )
        % {"municipality": participation.municipality, "network": participation.network},
        confirm=_("Ja, entfernen"),
    )


def _sort_columns(order: str) -> dict[str, dict]:
    """Per sortable column (keyed with _ for templates): the order its header link asks
    for and its aria-sort."""
    columns = {}
    for key in PARTICIPANT_SORTS:
        if order == key:
            column = {"next": f"-{key}", "aria": "ascending"}
        elif order == f"-{key}":
            column = {"next": key, "aria": "descending"}
        else:
            column = {"next": key, "aria": "none"}
        columns[key.replace("-", "_")] = column
    return columns


@login_required
def network_detail(request, slug: str):
    network, can_edit = get_network_for(request.user, slug)
    return _network_page(request, network, can_edit)


@login_required
@require_POST
def participant_add(request, slug: str):
    network = get_network_to_edit(request.user, slug)
    form = AddParticipantForm(request.POST, network=network)
    if not form.is_valid():
        return _network_page(request, network, True, add_form=form, status=422)
    form.save()
    messages.success(
        request,
        _("%(municipality)s nimmt jetzt am Netzwerk teil.")
        % {"municipality": form.instance.municipality},
    )
    return _network_page(request, network, True) if request.htmx else redirect(network)


@login_required
@require_GET
def participant_suggestions(request, slug: str):
    """The municipalities that could join, matching what was typed (htmx fills the add
    form's suggestions with them)."""
    network = get_network_to_edit(request.user, slug)
    found = find_municipalities(
        addable_municipalities(network), request.GET.get("municipality", "")
    )
    return render(request, "includes/municipality_options.html", {"municipalities": found})


@login_required
def participant_edit(request, slug: str, municipality: str):
    participation, can_edit = get_participation_for(request.user, slug, municipality)
    if not can_edit:
        raise PermissionDenied
    network = participation.network
    # Its ids differ from the add form's on the same network page.
    form = ParticipationForm(
        request.POST or None, instance=participation, auto_id="id_bearbeiten_%s"
    )
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(
            request,
            _("Die Angaben zu %(municipality)s sind gespeichert.")
            % {"municipality": participation.municipality},
        )
        return _network_page(request, network, True) if request.htmx else redirect(network)
    return _network_page(
        request,
        network,
        True,
        edit_form=form,
        editing=participation.pk,
        status=422 if form.is_bound else 200,
    )


@login_required
@require_POST
def participant_remove(request, slug: str, municipality: str):
    participation, can_edit = get_participation_for(request.user, slug, municipality)
    if not can_edit:
        raise PermissionDenied
    question = removal_question(participation)
    back = participation.network.get_absolute_url() + "#participants"
    if page := ask_first(request, question, back_url=back):
        return page
    try:
        remove_participant(participation=participation, user=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            _("%(municipality)s ist aus dem Netzwerk entfernt.")
            % {"municipality": participation.municipality},
        )
    network = participation.network
    return _network_page(request, network, True) if request.htmx else redirect(network)


@login_required
def network_edit(request, slug: str):
    network = get_network_to_edit(request.user, slug)
    form = NetworkSettingsForm(request.POST or None, instance=network)
    if request.method == "POST" and form.is_valid():
        try:
            save_network_settings(
                network=form.instance,
                user=request.user,
                base_version=form.cleaned_data["version"],
                focus_areas=form.cleaned_data["focus_areas"],
                service_providers=form.cleaned_data["service_providers"],
                measure_settings=form.measure_settings,
                meeting_settings=form.meeting_settings,
                report_settings=form.report_settings,
                measure_settings_version=form.cleaned_data["measure_settings_version"],
            )
        except EditConflict as conflict:
            # Its message asks to load the page again: the form stays on the version
            # it was loaded with, so sending it again is refused again.
            return conflict_response(
                request,
                "networks/network_edit.html",
                {"form": form, "network": network},
                form=form,
                conflict=conflict,
                keep_loaded_version=True,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Das Netzwerk ist gespeichert."))
            return redirect(network)
    return render(
        request,
        "networks/network_edit.html",
        {"form": form, "network": network},
        status=422 if form.errors else 200,
    )


@login_required
@require_POST
def network_photo_add(request, slug: str):
    network = get_network_to_edit(request.user, slug)
    form = PhotoForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            add_network_photo(
                network=network,
                user=request.user,
                upload=form.cleaned_data["image"],
                alt_text=form.cleaned_data["alt_text"],
                caption=form.cleaned_data["caption"],
            )
        except ValidationError as error:
            form.add_error("image", error)
    if form.errors:
        return _network_page(request, network, True, photo_form=form, status=422)
    messages.success(request, _("Das Foto ist gespeichert."))
    return redirect(network)


@login_required
@require_POST
def network_photo_delete(request, slug: str, pk: int):
    network = get_network_to_edit(request.user, slug)
    photo = get_object_or_404(network.photos, pk=pk)
    delete_network_photo(photo=photo, user=request.user)
    messages.success(request, _("Das Foto ist gelöscht."))
    return redirect(network)


@image_source
def network_photo(request, slug: str, pk: int):
    """A network's photo: for everybody if the network is public, else for its members."""
    network = get_object_or_404(Network.objects.shown_to(request.user), slug=slug)
    photo = get_object_or_404(network.photos, pk=pk)
    response = FileResponse(photo.image.open("rb"))
    # A public network's photo is public anyway: the browser may keep it for an hour
    # (no shared cache, which would go on serving it once the network is members-only).
    # A members-only network's photo is a download after a permission check like any
    # other, and no copy of it outlives the membership.
    response["Cache-Control"] = (
        "private, max-age=3600" if network.is_public else "private, no-store"
    )
    response["Content-Security-Policy"] = "default-src 'none'"
    return response


def funder_logo(request, slug: str, pk: int):
    """A logo of the network's funder (its funding block): for everybody if the network
    is public, else for its members, like the network's photos."""
    network = get_object_or_404(Network.objects.shown_to(request.user), slug=slug)
    if not network.funder_id:
        raise Http404
    logo = get_object_or_404(OrganisationLogo, organisation_id=network.funder_id, pk=pk)
    response = FileResponse(logo.image.open("rb"))
    response["Cache-Control"] = (
        "private, max-age=3600" if network.is_public else "private, no-store"
    )
    response["Content-Security-Policy"] = "default-src 'none'"
    return response


@login_required
def successor_new(request, slug: str):
    predecessor = get_network_to_edit(request.user, slug)
    form = SuccessorForm(request.POST or None, predecessor=predecessor)
    if request.method == "POST" and form.is_valid():
        try:
            successor = found_successor_network(
                predecessor=predecessor, user=request.user, **form.cleaned_data
            )
        except ValidationError as error:
            for field, messages_ in error.message_dict.items():
                target = field if field in form.fields else None
                for message in messages_:
                    form.add_error(target, message)
        else:
            messages.success(
                request,
                _("Das Nachfolgenetzwerk „%(name)s“ ist gegründet.") % {"name": successor.name},
            )
            return redirect(successor)
    status = 422 if form.errors else 200
    return render(
        request,
        "networks/successor.html",
        {"form": form, "predecessor": predecessor},
        status=status,
    )


@login_required
def participant_detail(request, slug: str, municipality: str):
    participation, can_edit = get_participation_for(request.user, slug, municipality)
    (results,) = participants_with_results(participation.network, pk=participation.pk)
    meetings = attendance_of(participation)
    attendee_names = sees_names(request.user, participation.network_id)
    if not attendee_names:  # a funder: how many came, not who (events.access)
        for meeting in meetings:
            meeting.attendees = len(meeting.attendees)
    measures = (
        Measure.objects.for_user(request.user)
        .filter(participation=participation)
        .select_related("focus_area")
        .order_by("status", "title")
    )
    context = {
        "participation": results,
        "network": participation.network,
        "can_edit": can_edit,
        "measures": measures,
        "meetings": meetings,
        "attended_count": sum(1 for meeting in meetings if meeting.attendees),
        "attendee_names": attendee_names,
        "can_read_measures": Network.objects.with_readable_measures(request.user)
        .filter(pk=participation.network_id)
        .exists(),
        # The report for the mayor and council: whoever keeps the municipality's measures.
        "can_report": may_make_mayors_report(request.user, participation),
    }
    if context["can_report"]:
        start, end = mayors.mayors_report_period(participation.network, timezone.localdate())
        context["mayors_report_form"] = MayorsReportForm(
            initial={"period_start": start, "period_end": end}
        )
    return render(request, "networks/participant.html", context)


def public_network(request, slug: str):
    """The public page of a network marked public, like the coordinator's own web page."""
    network = get_object_or_404(Network.objects.public().select_related("coordinator"), slug=slug)
    participants = participants_with_results(network)
    context = {
        "network": network,
        "participants": [p for p in participants if p.left_on is None],
        "totals": totals(participants),
        "completed_count": sum(p.measures_completed for p in participants),
        "focus_areas": network.focus_areas.all(),
        "service_providers": network.service_providers.all(),
        "photos": network.photos.all(),
        "funding": funding_of(network),
    }
    return render(request, "networks/public.html", context)
