import datetime
import difflib

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Q
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy
from django.views.decorators.http import require_POST
from django_htmx.http import retarget

from events import services
from events.access import (
    coordinates,
    get_meeting_for,
    get_meeting_to_moderate,
    get_network_for,
    get_network_to_moderate,
    get_own_invitation,
    require_member,
)
from events.calendar import feed_ics, meeting_ics
from events.forms import (
    ActionItemForm,
    AgendaItemForm,
    AnswerForm,
    AttendanceForm,
    DecisionForm,
    GuestFormSet,
    MeasureFromActionForm,
    MeetingDocumentForm,
    MeetingForm,
    MinutesForm,
    SeriesForm,
)
from events.models import ActionItem, Invitee, Meeting, Minutes
from networks.models import Municipality, Network
from portal.lib.conflicts import EditConflict
from portal.lib.documents import download
from portal.lib.markup import render_markdown
from portal.lib.pdf import render_pdf
from portal.lib.uploads import download_response

# Meeting lists --------------------------------------------------------------------


def _listed(meetings):
    return meetings.select_related("network").annotate(
        agenda_count=Count("agenda_items", distinct=True),
        yes_count=Count("invitees", filter=Q(invitees__answer=Invitee.Answer.YES), distinct=True),
        attended_municipalities=Count("attendances__municipality", distinct=True),
    )


@login_required
def meeting_list(request, slug: str | None = None):
    """Upcoming and past meetings: of one network, or of all the person's networks."""
    network, can_moderate = None, False
    meetings = Meeting.objects.for_user(request.user)
    if slug is not None:
        network, can_moderate = get_network_for(request.user, slug)
        meetings = meetings.filter(network=network)
    else:
        require_member(request.user)
    now = timezone.now()
    context = {
        "network": network,
        "upcoming": _listed(meetings.upcoming(now)),
        "past": _listed(meetings.past(now)),
        "can_moderate": can_moderate,
        "moderated_networks": (
            Network.objects.moderated_by(request.user).order_by("name") if network is None else []
        ),
        "now": now,
    }
    return render(request, "events/list.html", context)


@login_required
def meeting_new(request, slug: str):
    network = get_network_to_moderate(request.user, slug)
    initial = {"moderator": request.user.pk} if request.method == "GET" else None
    form = MeetingForm(request.POST or None, network=network, initial=initial)
    if request.method == "POST" and form.is_valid():
        meeting = services.create_meeting(meeting=form.save(commit=False), user=request.user)
        messages.success(request, _("Das Treffen ist angelegt. Jetzt die Tagesordnung?"))
        return redirect(meeting)
    status = 422 if form.errors else 200
    return render(request, "events/form.html", {"form": form, "network": network}, status=status)


@login_required
def meeting_series(request, slug: str):
    network = get_network_to_moderate(request.user, slug)
    initial = {"moderator": request.user.pk} if request.method == "GET" else None
    form = SeriesForm(request.POST or None, network=network, initial=initial)
    if request.method == "POST" and form.is_valid() and "preview" not in request.POST:
        data = form.cleaned_data
        meetings = services.create_series(
            plan=services.SeriesPlan(
                network=network,
                title=data["title"],
                dates=data["dates"],
                start_time=data["start_time"],
                end_time=data["end_time"],
                venue=data["venue"],
                address=data["address"],
                online_url=data["online_url"],
                moderator=data["moderator"],
            ),
            user=request.user,
        )
        messages.success(request, _("%(count)s Treffen sind angelegt.") % {"count": len(meetings)})
        return redirect("network_meetings", slug=network.slug)
    status = 422 if form.errors else 200
    preview = form.cleaned_data.get("dates") if form.is_bound and not form.errors else None
    return render(
        request,
        "events/series.html",
        {"form": form, "network": network, "preview": preview},
        status=status,
    )


# The meeting page -----------------------------------------------------------------


def _answers_by_municipality(invitees):
    groups: dict[str, list[Invitee]] = {}
    for invitee in invitees:
        label = invitee.municipality.name if invitee.municipality else _("Dienstleister")
        groups.setdefault(label, []).append(invitee)
    return sorted(groups.items(), key=lambda group: (group[0] == _("Dienstleister"), group[0]))


def _attendance_by_municipality(meeting):
    groups: dict[str, list] = {}
    for entry in meeting.attendances.select_related("municipality"):
        label = entry.municipality.name if entry.municipality else _("ohne Kommune")
        groups.setdefault(label, []).append(entry)
    return sorted(groups.items(), key=lambda group: (group[0] == _("ohne Kommune"), group[0]))


def _detail_context(request, meeting, can_moderate, **forms):
    user = request.user
    invitees = list(
        meeting.invitees.select_related("user", "municipality", "substitute").order_by(
            "municipality__name", "user__name"
        )
    )
    mine = next((invitee for invitee in invitees if invitee.user_id == user.pk), None)
    minutes = Minutes.objects.filter(meeting=meeting).select_related("updated_by").first()
    shown = minutes.shown_to(user) if minutes is not None else None
    action_items = list(
        meeting.action_items.select_related(
            "responsible_municipality", "responsible_person", "measure"
        )
    )
    responsible = set(
        ActionItem.objects.responsible(user).filter(meeting=meeting).values_list("pk", flat=True)
    )
    agenda = meeting.agenda_with_times()
    answer_form = forms.get("answer_form")
    if mine is not None and answer_form is None:
        answer_form = AnswerForm(invitee=mine, substitutes=services.substitutes_for(mine))
    return {
        "meeting": meeting,
        "network": meeting.network,
        "can_moderate": can_moderate,
        "is_coordinator": coordinates(user, meeting),
        "agenda": agenda,
        "agenda_end": meeting.agenda_end(agenda),
        "agenda_form": forms.get("agenda_form") or AgendaItemForm(meeting=meeting),
        "invitees": invitees,
        "answers": _answers_by_municipality(invitees) if can_moderate else [],
        "answer_counts": {
            answer: sum(1 for invitee in invitees if invitee.answer == answer)
            for answer in Invitee.Answer.values
        },
        "mine": mine,
        "answer_form": answer_form,
        "attendance": _attendance_by_municipality(meeting),
        "minutes": shown,
        "minutes_html": render_markdown(shown.text) if shown is not None else "",
        # Reopened minutes: members read the last final version meanwhile.
        "minutes_reopened": shown is not None and shown is not minutes,
        "decisions": list(meeting.decisions.all()),
        "action_items": action_items,
        "tickable": {item.pk for item in action_items if can_moderate or item.pk in responsible},
        "documents": meeting.documents.select_related("uploaded_by"),
        "document_form": forms.get("document_form") or MeetingDocumentForm(),
        "is_past": meeting.is_past(),
        "has_started": meeting.starts_at <= timezone.now(),
        "needs_update": bool(meeting.invited_at and meeting.invited_sequence != meeting.sequence),
    }


@login_required
def meeting_detail(request, pk: int):
    meeting, can_moderate = get_meeting_for(request.user, pk)
    context = _detail_context(request, meeting, can_moderate)
    return render(request, "events/detail.html", context)


@login_required
def meeting_edit(request, pk: int):
    meeting = get_meeting_to_moderate(request.user, pk)
    if meeting.is_cancelled:
        messages.error(request, _("Ein abgesagtes Treffen kann nicht mehr geändert werden."))
        return redirect(meeting)
    form = MeetingForm(request.POST or None, instance=meeting, network=meeting.network)
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            services.update_meeting(
                meeting=form.instance,
                user=request.user,
                base_sequence=form.cleaned_data["version"] or 0,
            )
        except EditConflict as conflict:
            form.add_error(None, conflict)
            current = conflict.current
            form.data = form.data.copy()
            form.data["version"] = current.sequence
            return render(
                request,
                "events/form.html",
                {"form": form, "network": meeting.network, "meeting": current},
                status=409,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            if meeting.invited_at:
                messages.success(
                    request,
                    _("Die Änderungen sind gespeichert; die Eingeladenen haben eine "
                      "Aktualisierung erhalten."),
                )  # fmt: skip
            else:
                messages.success(request, _("Die Änderungen sind gespeichert."))
            return redirect(meeting)
    if form.errors:
        status = 422
    return render(
        request,
        "events/form.html",
        {"form": form, "network": meeting.network, "meeting": meeting},
        status=status,
    )


@login_required
@require_POST
def meeting_cancel(request, pk: int):
    meeting = get_meeting_to_moderate(request.user, pk)
    sent = services.cancel_meeting(meeting=meeting, user=request.user)
    messages.success(
        request,
        _("Das Treffen ist abgesagt. %(count)s Eingeladene haben eine Absage erhalten.")
        % {"count": sent},
    )
    return redirect(meeting)


@login_required
@require_POST
def meeting_invite(request, pk: int):
    meeting = get_meeting_to_moderate(request.user, pk)
    try:
        sent = services.send_invitations(meeting=meeting, user=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            _("%(count)s Einladungen sind verschickt, jeweils mit Kalendereintrag.")
            % {"count": sent},
        )
    return redirect(meeting)


# Agenda ---------------------------------------------------------------------------


def _agenda_response(request, meeting, *, form=None, status=200):
    if request.htmx:
        context = _detail_context(request, meeting, True, agenda_form=form)
        response = render(request, "events/detail.html#agenda", context, status=status)
        return retarget(response, "#agenda")
    if form is not None and form.errors:
        context = _detail_context(request, meeting, True, agenda_form=form)
        return render(request, "events/detail.html", context, status=status)
    return redirect(reverse("meeting", args=[meeting.pk]) + "#agenda")


@login_required
@require_POST
def agenda_add(request, pk: int):
    meeting = get_meeting_to_moderate(request.user, pk)
    form = AgendaItemForm(request.POST, meeting=meeting)
    if form.is_valid():
        services.add_agenda_item(item=form.save(commit=False), user=request.user)
        return _agenda_response(request, meeting)
    return _agenda_response(request, meeting, form=form, status=422)


@login_required
def agenda_edit(request, pk: int, item: int):
    meeting = get_meeting_to_moderate(request.user, pk)
    item = get_object_or_404(meeting.agenda_items, pk=item)
    form = AgendaItemForm(request.POST or None, instance=item, meeting=meeting)
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            services.update_agenda_item(
                item=form.instance,
                user=request.user,
                base_version=form.cleaned_data["version"] or 0,
            )
        except EditConflict as conflict:
            form.add_error(None, conflict)
            form.data = form.data.copy()
            form.data["version"] = conflict.current.version
            status = 409
        else:
            return _agenda_response(request, meeting)
    elif form.errors:
        status = 422
    context = {"meeting": meeting, "item": item, "form": form}
    template = "events/agenda_item.html#form" if request.htmx else "events/agenda_item.html"
    return render(request, template, context, status=status)


@login_required
@require_POST
def agenda_delete(request, pk: int, item: int):
    meeting = get_meeting_to_moderate(request.user, pk)
    item = get_object_or_404(meeting.agenda_items, pk=item)
    services.remove_agenda_item(item=item, user=request.user)
    return _agenda_response(request, meeting)


@login_required
@require_POST
def agenda_move(request, pk: int, item: int):
    meeting = get_meeting_to_moderate(request.user, pk)
    item = get_object_or_404(meeting.agenda_items, pk=item)
    services.move_agenda_item(
        item=item, user=request.user, up=request.POST.get("direction") == "up"
    )
    return _agenda_response(request, meeting)


# Answers --------------------------------------------------------------------------


def _answer(request, invitee, form) -> bool:
    if not form.is_valid():
        return False
    data = form.cleaned_data
    try:
        services.answer_invitation(
            invitee=invitee,
            answer=data["answer"],
            substitute=data.get("substitute"),
            substitute_name=data.get("substitute_name", ""),
            comment=data.get("comment", ""),
        )
    except ValidationError as error:
        if hasattr(error, "error_dict"):
            for field, errors in error.error_dict.items():
                form.add_error(field if field in form.fields else None, errors)
        else:
            form.add_error(None, error)
        return False
    return True


@login_required
@require_POST
def meeting_answer(request, pk: int):
    meeting, can_moderate = get_meeting_for(request.user, pk)
    invitee = get_own_invitation(request.user, meeting)
    form = AnswerForm(request.POST, invitee=invitee, substitutes=services.substitutes_for(invitee))
    saved = _answer(request, invitee, form)
    if saved and not request.htmx:
        messages.success(request, _("Danke, Ihre Antwort ist gespeichert."))
    if request.htmx:
        context = _detail_context(
            request, meeting, can_moderate, answer_form=None if saved else form
        )
        context["answer_saved"] = saved
        return render(request, "events/detail.html#answer", context, status=200 if saved else 422)
    if not saved:
        context = _detail_context(request, meeting, can_moderate, answer_form=form)
        return render(request, "events/detail.html", context, status=422)
    return redirect(reverse("meeting", args=[meeting.pk]) + "#antwort")


def meeting_answer_link(request, token: str):
    """The link in the invitation mail: answer without signing in. GET only shows the
    form (mail scanners open links); the answer is saved by the POST."""
    invitee = services.invitee_from_token(token)
    if invitee is None:
        return render(request, "events/answer_invalid.html", status=404)
    if not services.may_answer(invitee):
        # Gone for good for this person; the page tells nothing more of the meeting.
        return render(
            request, "events/answer_closed.html", {"message": services.ANSWER_CLOSED}, status=410
        )
    form = AnswerForm(
        request.POST or None, invitee=invitee, substitutes=services.substitutes_for(invitee)
    )
    if request.method == "GET" and request.GET.get("antwort") in Invitee.Answer.values:
        form.initial["answer"] = request.GET["antwort"]
    saved = request.method == "POST" and _answer(request, invitee, form)
    status = 422 if form.errors else 200
    return render(
        request,
        "events/answer.html",
        {"invitee": invitee, "meeting": invitee.meeting, "form": form, "saved": saved},
        status=status,
    )


# Attendance -----------------------------------------------------------------------


@login_required
def meeting_attendance(request, pk: int):
    meeting = get_meeting_to_moderate(request.user, pk)
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
        "has_started": meeting.starts_at <= timezone.now(),
    }
    return render(request, "events/attendance.html", context, status=status)


# Minutes --------------------------------------------------------------------------


def _minutes_context(request, meeting, **forms):
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
        "preview": render_markdown(form["text"].value() or ""),
        "is_coordinator": coordinates(request.user, meeting),
        "decisions": meeting.decisions.all(),
        "decision_form": forms.get("decision_form") or DecisionForm(),
        "action_items": meeting.action_items.select_related(
            "responsible_municipality", "responsible_person", "measure"
        ),
        "action_form": forms.get("action_form") or ActionItemForm(meeting=meeting),
        "measure_form": MeasureFromActionForm(network=meeting.network),
    }


@login_required
def minutes_edit(request, pk: int):
    meeting = get_meeting_to_moderate(request.user, pk)
    if request.method == "GET":
        return render(request, "events/minutes.html", _minutes_context(request, meeting))
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
            form.add_error(None, conflict)
            form.data = form.data.copy()
            form.data["version"] = conflict.current.version
            context = _minutes_context(request, meeting, form=form)
            context["their_text"] = conflict.current.text
            return render(request, "events/minutes.html", context, status=409)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Das Protokoll ist gespeichert."))
            return redirect("minutes_edit", pk=meeting.pk)
    if form.errors:
        status = 422
    context = _minutes_context(request, meeting, form=form)
    return render(request, "events/minutes.html", context, status=status)


@login_required
@require_POST
def minutes_finalise(request, pk: int):
    meeting = get_meeting_to_moderate(request.user, pk)
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
    been final: drafts are for the people who write them."""
    meeting, can_moderate = get_meeting_for(request.user, pk)
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
        context = _minutes_context(request, meeting, decision_form=form)
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
        context = _minutes_context(request, meeting, action_form=form)
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
    if not coordinates(request.user, meeting):  # before the form, so 403 whatever it holds
        raise PermissionDenied
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


# Attachments ----------------------------------------------------------------------


@login_required
@require_POST
def meeting_document_add(request, pk: int):
    meeting = get_meeting_to_moderate(request.user, pk)
    form = MeetingDocumentForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.add_meeting_document(
                meeting=meeting, user=request.user, upload=form.cleaned_data["file"]
            )
        except ValidationError as error:
            form.add_error("file", error)
    if form.errors:
        context = _detail_context(request, meeting, True, document_form=form)
        return render(request, "events/detail.html", context, status=422)
    messages.success(request, _("Der Anhang ist gespeichert."))
    return redirect(reverse("meeting", args=[meeting.pk]) + "#anhaenge")


@login_required
def meeting_document(request, pk: int, document: int):
    meeting, _can_moderate = get_meeting_for(request.user, pk)
    document = get_object_or_404(meeting.documents, pk=document)
    return download(document)


@login_required
@require_POST
def meeting_document_delete(request, pk: int, document: int):
    meeting = get_meeting_to_moderate(request.user, pk)
    document = get_object_or_404(meeting.documents, pk=document)
    services.delete_meeting_document(document=document, user=request.user)
    messages.success(request, _("Der Anhang ist gelöscht."))
    return redirect(reverse("meeting", args=[meeting.pk]) + "#anhaenge")


# Calendar files and the printable record -------------------------------------------


def _file_name(meeting: Meeting, suffix: str) -> str:
    day = timezone.localtime(meeting.starts_at).date().isoformat()
    return f"{day}-{slugify(meeting.title)[:60] or 'treffen'}.{suffix}"


def _calendar_response(content: bytes, filename: str) -> HttpResponse:
    return download_response(
        content, file_name=filename, content_type="text/calendar; charset=utf-8"
    )


@login_required
def meeting_calendar(request, pk: int):
    meeting, _can_moderate = get_meeting_for(request.user, pk)
    return _calendar_response(meeting_ics(meeting), _file_name(meeting, "ics"))


@login_required
def meeting_pdf(request, pk: int):
    meeting, _can_moderate = get_meeting_for(request.user, pk)
    minutes = Minutes.objects.filter(meeting=meeting).first()
    minutes = minutes.final_version() if minutes is not None else None
    context = {
        "meeting": meeting,
        "network": meeting.network,
        "agenda": meeting.agenda_with_times(),
        "attendance": _attendance_by_municipality(meeting),
        "absent": Municipality.objects.filter(
            participations__network=meeting.network_id, participations__left_on__isnull=True
        )
        .exclude(pk__in=meeting.attendances.values("municipality"))
        .order_by("name"),
        "minutes": minutes,
        "minutes_html": render_markdown(minutes.text) if minutes else "",
        "decisions": meeting.decisions.all(),
        "action_items": meeting.action_items.select_related(
            "responsible_municipality", "responsible_person"
        ),
        "printed_at": timezone.localtime(),
    }
    return download_response(
        render_pdf("reports/meeting.html", context),
        file_name=_file_name(meeting, "pdf"),
        content_type="application/pdf",
        inline=True,
    )


@login_required
def calendar_settings(request):
    """The person's calendar address: shown once after it is created or renewed."""
    token = None
    if request.method == "POST":
        token = services.renew_calendar_feed(user=request.user)
    feed = getattr(request.user, "calendar_feed", None) if token is None else None
    url = request.build_absolute_uri(reverse("calendar_feed", args=[token])) if token else None
    return render(
        request, "events/calendar.html", {"feed_url": url, "feed": feed, "renewed": bool(token)}
    )


def calendar_feed(request, token: str):
    """All meetings of the person's networks, for a calendar app; the token is the key."""
    user = services.feed_owner(token)
    if user is None:
        raise Http404
    meetings = (
        Meeting.objects.for_user(user)
        .filter(starts_at__gte=timezone.now() - datetime.timedelta(days=400))
        .select_related("network", "moderator")
        .order_by("starts_at")
    )
    name = _("Treffen – Klimaschutz-Netzwerkportal")
    return _calendar_response(feed_ics(meetings, name=name), "treffen.ics")
