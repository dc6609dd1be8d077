"""Recording who attended a meeting."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from events import services
from events.access import (
    get_meeting_to_moderate,
)
from events.forms import (
    AttendanceForm,
    GuestFormSet,
)
from networks.models import Municipality


@login_required
def meeting_attendance(request, pk: int):
    meeting = get_meeting_to_moderate(request.user, pk)
    try:
        services.require_open_record(meeting)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect(reverse("meeting", args=[meeting.pk]) + "#anwesenheit")
    candidates = services.attendance_candidates(meeting)
    municipalities = Municipality.objects.filter(participations__network=meeting.network_id)
    data = request.POST if request.method == "POST" else None
    form = AttendanceForm(data, candidates=candidates)
    guests = GuestFormSet(data, prefix="gast", form_kwargs={"municipalities": municipalities})
    status = 200
    if request.method == "POST" and form.is_valid() and guests.is_valid():
        named = [
            (
                guest.cleaned_data["name"].strip(),
                getattr(guest.cleaned_data["municipality"], "pk", None),
            )
            for guest in guests
            if guest.cleaned_data.get("name", "").strip()
        ]
        try:
            services.record_attendance(
                meeting=meeting, user=request.user, attended=form.attended(), guests=named
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Die Anwesenheit ist gespeichert."))
            return redirect(reverse("meeting", args=[meeting.pk]) + "#anwesenheit")
    if form.errors or guests.total_error_count():
        status = 422
    groups: dict[str, list] = {}
    for candidate, checkbox in zip(candidates, form["present"], strict=True):
        groups.setdefault(candidate.municipality_name or _("ohne Kommune"), []).append(
            (candidate, checkbox)
        )
    context = {
        "meeting": meeting,
        "form": form,
        "guests": guests,
        "groups": list(groups.items()),
        "has_started": meeting.has_started(),
    }
    return render(request, "events/attendance.html", context, status=status)
