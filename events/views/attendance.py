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
    MAX_GUESTS,
    MORE_GUESTS,
    AttendanceForm,
    GuestFormSet,
)
from lib.conflicts import EditConflict, conflict_response
from networks.models import Municipality

TEMPLATE = "events/attendance.html"
ALL = "*"  # the key of the button that ticks every group


@login_required
def meeting_attendance(request, pk: int):
    """The attendance form. Besides saving, two buttons only change the form (nothing
    is saved, the page comes back as it was typed): "Alle auswählen" ticks everyone of
    a group (`alle`: the group's key, or ALL for everyone; a script does the same in
    place), and "Weitere
    Zeilen" adds rows for guests (`mehr_gaeste`); so both work without JavaScript."""
    meeting = get_meeting_to_moderate(request.user, pk)
    try:
        services.require_open_record(meeting)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect(reverse("meeting", args=[meeting.pk]) + "#anwesenheit")
    candidates = services.attendance_candidates(meeting)
    municipalities = Municipality.objects.filter(
        pk__in=meeting.expected_municipalities().values("pk")
    ) | Municipality.objects.filter(participations__network=meeting.network_id)
    data = request.POST.copy() if request.method == "POST" else None
    only_the_form = data is not None and ("alle" in data or "mehr_gaeste" in data)
    if only_the_form:
        _change_the_form(data, candidates)
    form = AttendanceForm(data, candidates=candidates, stamp=services.attendance_stamp(meeting))
    guests = GuestFormSet(
        data, prefix="gast", form_kwargs={"municipalities": municipalities.distinct()}
    )
    context = {
        "meeting": meeting,
        "form": form,
        "guests": guests,
        "has_started": meeting.has_started(),
        "invited": meeting.invitees.exists(),
    }
    if only_the_form:
        return render(request, TEMPLATE, {**context, "groups": _groups(candidates, form)})
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
                meeting=meeting,
                user=request.user,
                attended=form.attended(),
                guests=named,
                base_stamp=form.cleaned_data["version"] or None,
            )
        except EditConflict as conflict:
            context["groups"] = _groups(candidates, form)
            context["recorded"] = list(meeting.attendances.order_by("name"))
            return conflict_response(request, TEMPLATE, context, form=form, conflict=conflict)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Die Anwesenheit ist gespeichert."))
            return redirect(reverse("meeting", args=[meeting.pk]) + "#anwesenheit")
    if form.errors or guests.total_error_count():
        status = 422
    context["groups"] = _groups(candidates, form)
    return render(request, TEMPLATE, context, status=status)


def _change_the_form(data, candidates) -> None:
    """Tick everyone of the group asked for, or add rows for guests, in the posted data."""
    group = data.get("alle")
    if group:
        ticked = data.getlist("present")
        ticked += [
            c.key
            for c in candidates
            if (group == ALL or c.group_key == group) and c.key not in ticked
        ]
        data.setlist("present", ticked)
    if "mehr_gaeste" in data:
        try:
            total = int(data.get("gast-TOTAL_FORMS", 0))
        except ValueError:
            total = 0
        data["gast-TOTAL_FORMS"] = str(min(max(total, 0) + MORE_GUESTS, MAX_GUESTS))


def _groups(candidates, form) -> list[dict]:
    """The candidates by group (municipality or organisation), each with its checkboxes."""
    groups: dict[str, dict] = {}
    for candidate, checkbox in zip(candidates, form["present"], strict=True):
        group = groups.setdefault(
            candidate.group_key,
            {"label": candidate.group or _("ohne Kommune"), "key": candidate.group_key, "rows": []},
        )
        group["rows"].append((candidate, checkbox))
    return list(groups.values())
