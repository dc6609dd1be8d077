"""A meeting's agenda, edited in place on the meeting page (htmx)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST
from django_htmx.http import HttpResponseClientRedirect, retarget

from events import services
from events.access import (
    get_meeting_to_moderate,
)
from events.forms import (
    AgendaItemForm,
)
from events.views.meetings import detail_context
from events.views.questions import agenda_item_question
from lib.confirm import ask_first
from lib.conflicts import EditConflict, conflict_response


def _agenda_response(request, meeting, *, form=None, status=200):
    if request.htmx:
        context = detail_context(request, meeting, True, agenda_form=form)
        response = render(request, "events/detail.html#agenda", context, status=status)
        return retarget(response, "#agenda")
    if form is not None and form.errors:
        context = detail_context(request, meeting, True, agenda_form=form)
        return render(request, "events/detail.html", context, status=status)
    return redirect(reverse("meeting", args=[meeting.pk]) + "#agenda")


def _refused(request, meeting, error: ValidationError):
    """A change the agenda no longer takes (its minutes became final meanwhile): the
    reason on the meeting page, which shows the agenda as it is."""
    messages.error(request, " ".join(error.messages))
    url = reverse("meeting", args=[meeting.pk]) + "#agenda"
    return HttpResponseClientRedirect(url) if request.htmx else redirect(url)


@login_required
@require_POST
def agenda_add(request, pk: int):
    meeting = get_meeting_to_moderate(request.user, pk)
    form = AgendaItemForm(request.POST, meeting=meeting)
    if form.is_valid():
        try:
            services.add_agenda_item(item=form.save(commit=False), user=request.user)
        except ValidationError as error:
            return _refused(request, meeting, error)
        return _agenda_response(request, meeting)
    return _agenda_response(request, meeting, form=form, status=422)


@login_required
def agenda_edit(request, pk: int, item: int):
    meeting = get_meeting_to_moderate(request.user, pk)
    item = get_object_or_404(meeting.agenda_items, pk=item)
    try:
        services.require_open_record(meeting)
    except ValidationError as error:
        return _refused(request, meeting, error)
    form = AgendaItemForm(request.POST or None, instance=item, meeting=meeting)
    context = {"meeting": meeting, "item": item, "form": form}
    template = "events/agenda_item.html#form" if request.htmx else "events/agenda_item.html"
    if request.method == "POST" and form.is_valid():
        try:
            services.update_agenda_item(
                item=form.instance,
                user=request.user,
                base_version=form.cleaned_data["version"] or 0,
            )
        except EditConflict as conflict:
            return conflict_response(request, template, context, form=form, conflict=conflict)
        except ValidationError as error:
            return _refused(request, meeting, error)
        else:
            return _agenda_response(request, meeting)
    return render(request, template, context, status=422 if form.errors else 200)


@login_required
@require_POST
def agenda_delete(request, pk: int, item: int):
    meeting = get_meeting_to_moderate(request.user, pk)
    item = get_object_or_404(meeting.agenda_items, pk=item)
    back = reverse("meeting", args=[meeting.pk]) + "#agenda"
    if page := ask_first(request, agenda_item_question(item), back_url=back):
        return page
    try:
        services.remove_agenda_item(item=item, user=request.user)
    except ValidationError as error:
        return _refused(request, meeting, error)
    return _agenda_response(request, meeting)


@login_required
@require_POST
def agenda_move(request, pk: int, item: int):
    meeting = get_meeting_to_moderate(request.user, pk)
    item = get_object_or_404(meeting.agenda_items, pk=item)
    try:
        services.move_agenda_item(
            item=item, user=request.user, up=request.POST.get("direction") == "up"
        )
    except ValidationError as error:
        return _refused(request, meeting, error)
    return _agenda_response(request, meeting)
