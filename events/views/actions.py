"""Action items of the minutes: adding, ticking off, turning one into a measure."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from events import services
from events.access import (
    get_meeting_for,
    get_meeting_to_moderate,
)
from events.forms import (
    ActionItemForm,
    MeasureFromActionForm,
)
from events.views.minutes import minutes_context
from networks.access import require_network_editor


@login_required
@require_POST
def action_add(request, pk: int):
    meeting = get_meeting_to_moderate(request.user, pk)
    form = ActionItemForm(request.POST, meeting=meeting)
    if form.is_valid():
        try:
            services.add_action_item(item=form.save(commit=False), user=request.user)
        except ValidationError as error:
            form.add_error(None, error)
    if form.errors:
        context = minutes_context(request, meeting, action_form=form)
        return render(request, "events/minutes.html", context, status=422)
    return redirect(reverse("minutes_edit", args=[meeting.pk]) + "#aufgaben")


@login_required
@require_POST
def action_delete(request, pk: int, item: int):
    meeting = get_meeting_to_moderate(request.user, pk)
    item = get_object_or_404(meeting.action_items, pk=item)
    try:
        services.delete_action_item(item=item, user=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect(reverse("minutes_edit", args=[meeting.pk]) + "#aufgaben")


@login_required
@require_POST
def action_done(request, pk: int, item: int):
    """Moderators and the people responsible tick an action item off (or on again)."""
    meeting, can_moderate = get_meeting_for(request.user, pk)
    item = get_object_or_404(
        meeting.action_items.select_related("responsible_municipality", "responsible_person"),
        pk=item,
    )
    services.set_action_item_done(
        item=item, user=request.user, done=request.POST.get("done") == "1"
    )
    if request.htmx:
        return render(
            request,
            "events/detail.html#action_item",
            {"item": item, "tickable": {item.pk}, "meeting": meeting},
        )
    target = request.POST.get("next")
    if target == "start":
        return redirect("start")
    return redirect(reverse("meeting", args=[meeting.pk]) + "#aufgaben")


@login_required
@require_POST
def action_measure(request, pk: int, item: int):
    """A coordinator turns an action item into a planned measure of its municipality."""
    meeting = get_meeting_to_moderate(request.user, pk)
    item = get_object_or_404(meeting.action_items, pk=item)
    require_network_editor(
        request.user, meeting.network_id
    )  # before the form: 403 whatever it holds
    form = MeasureFromActionForm(request.POST, network=meeting.network)
    if not form.is_valid():
        messages.error(request, _("Bitte einen Themenschwerpunkt wählen."))
        return redirect(reverse("minutes_edit", args=[meeting.pk]) + "#aufgaben")
    try:
        measure = services.action_item_to_measure(
            item=item, user=request.user, focus_area=form.cleaned_data["focus_area"]
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect(reverse("minutes_edit", args=[meeting.pk]) + "#aufgaben")
    messages.success(
        request, _("Die Maßnahme ist angelegt (geplant). Bitte ergänzen Sie die Angaben.")
    )
    return redirect("measure_edit", pk=measure.pk)
