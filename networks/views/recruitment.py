"""The Gewinnungsphase of a network: the municipalities approached, their written
answers, the application's checklist, and taking the confirmed ones in.

The coordination records; the network's service providers and funders read; the
climate managers of its municipalities get 403 (contacts and refusals are not theirs),
everybody else 404."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_POST

from lib.confirm import Question, ask_first
from lib.conflicts import EditConflict, conflict_response
from lib.uploads import document_response
from networks import recruitment
from networks.access import get_overseen_network, get_recruitment_to_edit
from networks.forms import (
    AddProspectForm,
    ProspectForm,
    find_municipalities,
    recruitable_municipalities,
)
from networks.models import Network, Prospect

# Meetings belong to events, a layer above networks: the page reads the information
# events through the network's relation, by the kind's stored value
# (events.models.Meeting.Kind.INFORMATION_EVENT, as the link to a new one says).
INFORMATION_EVENT = "information_event"


def _page(request, network, can_edit, *, add_form=None, status=200):
    """The recruitment page: checklist, prospects by state, information events."""
    prospects = list(
        network.prospects.select_related("municipality", "participation").order_by(
            "municipality__name"
        )
    )
    groups = [
        (label, [p for p in prospects if p.status == status_])
        for status_, label in Prospect.Status.choices
    ]
    context = {
        "network": network,
        "can_edit": can_edit,
        "checks": recruitment.checklist(network),
        "groups": groups,
        "prospect_count": len(prospects),
        "add_form": add_form
        if add_form is not None
        else (AddProspectForm(network=network) if can_edit else None),
        "min_municipalities": recruitment.MIN_MUNICIPALITIES,
        "waiting": sum(
            1 for p in prospects if p.status == Prospect.Status.CONFIRMED and not p.participation
        ),
        "information_events": network.meetings.filter(kind=INFORMATION_EVENT).order_by("starts_at"),
        "can_moderate": Network.objects.moderated_by(request.user).filter(pk=network.pk).exists(),
    }
    return render(request, "networks/recruitment.html", context, status=status)


@login_required
def recruitment_page(request, slug: str):
    """GET: the recruitment; POST: a municipality approached (the coordination)."""
    if request.method != "POST":
        network, can_edit = get_overseen_network(request.user, slug)
        return _page(request, network, can_edit)
    network = get_recruitment_to_edit(request.user, slug)
    form = AddProspectForm(request.POST, request.FILES, network=network)
    status = _save(form, request) if form.is_valid() else 422
    if status is None:
        messages.success(
            request,
            _("%(municipality)s steht jetzt in der Gewinnung.")
            % {"municipality": form.instance.municipality},
        )
        return redirect("recruitment", slug=network.slug)
    return _page(request, network, True, add_form=form, status=status)


def _save(form, request) -> int | None:
    """Save through the service: None when saved; else 422 for the page that shows
    the form with what the service found on its fields. An EditConflict (somebody
    saved the prospect since the form was loaded) is the caller's to show."""
    try:
        recruitment.save_prospect(
            prospect=form.instance,
            user=request.user,
            letter=form.cleaned_data.get("letter"),
            base_version=form.cleaned_data.get("version"),
        )
    except EditConflict:
        raise
    except ValidationError as error:
        if hasattr(error, "error_dict"):
            for field, errors in error.error_dict.items():
                form.add_error(field if field in form.fields else None, errors)
        else:
            form.add_error(None, error)
        return 422
    return None


@login_required
def prospect_edit(request, slug: str, pk: int):
    network = get_recruitment_to_edit(request.user, slug)
    prospect = get_object_or_404(network.prospects.select_related("municipality"), pk=pk)
    form = ProspectForm(request.POST or None, request.FILES or None, instance=prospect)
    context = {"network": network, "prospect": prospect, "form": form}
    status = 200
    if request.method == "POST":
        try:
            status = _save(form, request) if form.is_valid() else 422
        except EditConflict as conflict:
            # The form then carries their version, so saving again applies it on top.
            return conflict_response(
                request, "networks/prospect_edit.html", context, form=form, conflict=conflict
            )
        if status is None:
            messages.success(
                request,
                _("Die Gewinnung von %(municipality)s ist gespeichert.")
                % {"municipality": prospect.municipality},
            )
            return redirect("recruitment", slug=network.slug)
    return render(request, "networks/prospect_edit.html", context, status=status)


@login_required
@require_GET
def prospect_letter(request, slug: str, pk: int):
    """A prospect's written answer, for those who read the recruitment."""
    network, _can_edit = get_overseen_network(request.user, slug)
    prospect = get_object_or_404(network.prospects.exclude(letter=""), pk=pk)
    return document_response(
        prospect.letter, name=prospect.letter_name, content_type=prospect.letter_content_type
    )


@login_required
@require_GET
def prospect_suggestions(request, slug: str):
    """Municipalities not yet in the recruitment matching what was typed (htmx)."""
    network = get_recruitment_to_edit(request.user, slug)
    found = find_municipalities(
        recruitable_municipalities(network), request.GET.get("municipality", "")
    )
    return render(request, "includes/municipality_options.html", {"municipalities": found})


@login_required
@require_POST
def recruitment_take_in(request, slug: str):
    """The confirmed municipalities become participants, after a confirmation."""
    network = get_recruitment_to_edit(request.user, slug)
    waiting = network.prospects.filter(
        status=Prospect.Status.CONFIRMED, participation__isnull=True
    ).count()
    question = Question(
        title=_("Zusagen als Teilnehmende übernehmen?"),
        consequence=ngettext(
            "%(count)s Kommune wird Teilnehmerin des Netzwerks %(network)s, mit ihren Zielen.",
            "%(count)s Kommunen werden Teilnehmende des Netzwerks %(network)s, mit ihren Zielen.",
            waiting,
        )
        % {"count": waiting, "network": network.name},
        confirm=_("Ja, übernehmen"),
    )
    back = reverse("recruitment", args=[network.slug])
    if (asked := ask_first(request, question, back_url=back)) is not None:
        return asked
    try:
        taken = recruitment.take_in_confirmed(network=network, user=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect(back)
    messages.success(
        request,
        ngettext(
            "%(count)s Kommune nimmt jetzt am Netzwerk teil.",
            "%(count)s Kommunen nehmen jetzt am Netzwerk teil.",
            len(taken),
        )
        % {"count": len(taken)},
    )
    return redirect(back)
