"""Minutes: the text with its versions, finalising and reopening, decisions."""

import difflib

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy
from django.views.decorators.http import require_POST

from events import services
from events.access import (
    get_meeting_for,
    get_meeting_to_moderate,
    meeting_parts_for,
)
from events.forms import (
    ActionItemForm,
    DecisionForm,
    MeasureFromActionForm,
    MinutesForm,
)
from events.models import Minutes
from events.views.questions import finalise_question
from lib.confirm import ask_first
from lib.conflicts import EditConflict, conflict_response
from lib.markup import render_markdown
from networks.models import Network


def minutes_context(request, meeting, **forms):
    minutes = Minutes.objects.filter(meeting=meeting).select_related("updated_by").first()
    form = forms.get("form") or MinutesForm(
        initial={
            "text": minutes.text if minutes else "",
            "version": minutes.version if minutes else 0,
        }
    )
    return {
        "meeting": meeting,
        "network": meeting.network,
        "minutes": minutes,
        "form": form,
        "preview": render_markdown(form["text"].value() or "", top_heading=3),
        "is_coordinator": Network.objects.is_editable_by(request.user, meeting.network_id),
        "decisions": meeting.decisions.all(),
        "decision_form": forms.get("decision_form") or DecisionForm(),
        "action_items": meeting.action_items.select_related(
            "responsible_municipality", "responsible_person", "measure"
        ),
        "action_form": forms.get("action_form") or ActionItemForm(meeting=meeting),
        "measure_form": MeasureFromActionForm(network=meeting.network),
        "finalise_question": finalise_question(meeting),
    }


@login_required
def minutes_edit(request, pk: int):
    meeting = get_meeting_to_moderate(request.user, pk)
    if request.method == "GET":
        return render(request, "events/minutes.html", minutes_context(request, meeting))
    form = MinutesForm(request.POST)
    status = 200
    if form.is_valid():
        try:
            services.save_minutes(
                meeting=meeting,
                user=request.user,
                text=form.cleaned_data["text"],
                base_version=form.cleaned_data["version"] or 0,
            )
        except EditConflict as conflict:
            context = minutes_context(request, meeting, form=form)
            context["their_text"] = conflict.current.text
            return conflict_response(
                request, "events/minutes.html", context, form=form, conflict=conflict
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Das Protokoll ist gespeichert."))
            return redirect("minutes_edit", pk=meeting.pk)
    if form.errors:
        status = 422
    context = minutes_context(request, meeting, form=form)
    return render(request, "events/minutes.html", context, status=status)


@login_required
@require_POST
def minutes_finalise(request, pk: int):
    meeting = get_meeting_to_moderate(request.user, pk)
    back = reverse("minutes_edit", args=[meeting.pk])
    if page := ask_first(request, finalise_question(meeting), back_url=back):
        return page
    try:
        services.finalise_minutes(meeting=meeting, user=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("minutes_edit", pk=meeting.pk)
    messages.success(request, _("Das Protokoll ist endgültig und gesperrt."))
    return redirect(reverse("meeting", args=[meeting.pk]) + "#protokoll")


@login_required
@require_POST
def minutes_reopen(request, pk: int):
    meeting = get_meeting_to_moderate(request.user, pk)
    get_object_or_404(Minutes, meeting=meeting)
    services.reopen_minutes(meeting=meeting, user=request.user)
    messages.success(request, _("Das Protokoll ist wieder geöffnet; das ist vermerkt."))
    return redirect("minutes_edit", pk=meeting.pk)


# Lazy: translated when a page shows them, in that person's language.
REASONS = {
    "finalised": pgettext_lazy("minutes version", "abgeschlossen"),
    "reopened": gettext_lazy("wieder geöffnet"),
}


@login_required
def minutes_versions(request, pk: int):
    """The saved versions of the minutes a person may read (Minutes.versions_for), and
    the difference between two of them. Members get 403 while the minutes have never
    been final: drafts are for the people who write them; a funder gets 403 unless the
    meeting was shared with them, and then reads no names of who saved a version."""
    meeting, can_moderate = get_meeting_for(request.user, pk)
    sees = meeting_parts_for(request.user, meeting)
    if not sees.minutes:
        raise PermissionDenied
    minutes = get_object_or_404(Minutes, meeting=meeting)
    versions = list(minutes.versions_for(request.user))
    if not versions and not can_moderate:
        raise PermissionDenied
    for number, version in enumerate(versions, 1):
        version.number = number
        version.reason = REASONS.get(version.history_change_reason or "", "")
    by_number = {version.number: version for version in versions}
    try:
        new = by_number.get(int(request.GET.get("bis", len(versions))))
        old = by_number.get(int(request.GET.get("von", max(len(versions) - 1, 1))))
    except ValueError:
        new = old = None
    diff = None
    if new and old:
        diff = [
            (line[:1], line[1:])
            for line in difflib.ndiff(old.text.splitlines(), new.text.splitlines())
            if not line.startswith("?")
        ]
    context = {
        "meeting": meeting,
        "minutes": minutes,
        "versions": versions,
        "old": old,
        "new": new,
        "diff": diff,
        "can_moderate": can_moderate,
        "sees": sees,
    }
    return render(request, "events/versions.html", context)


@login_required
@require_POST
def decision_add(request, pk: int):
    meeting = get_meeting_to_moderate(request.user, pk)
    form = DecisionForm(request.POST)
    if form.is_valid():
        decision = form.save(commit=False)
        decision.meeting = meeting
        try:
            services.add_decision(decision=decision, user=request.user)
        except ValidationError as error:
            form.add_error(None, error)
    if form.errors:
        context = minutes_context(request, meeting, decision_form=form)
        return render(request, "events/minutes.html", context, status=422)
    return redirect(reverse("minutes_edit", args=[meeting.pk]) + "#beschluesse")


@login_required
@require_POST
def decision_delete(request, pk: int, decision: int):
    meeting = get_meeting_to_moderate(request.user, pk)
    decision = get_object_or_404(meeting.decisions, pk=decision)
    try:
        services.delete_decision(decision=decision, user=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect(reverse("minutes_edit", args=[meeting.pk]) + "#beschluesse")
