"""Meeting lists and the meeting page: new meetings and series, editing, cancelling, inviting."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, F, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from events import printing, services
from events.access import (
    get_meeting_for,
    get_meeting_to_moderate,
    get_network_for,
    get_network_to_moderate,
    meeting_parts_for,
    require_member,
)
from events.forms import (
    AgendaItemForm,
    AnswerForm,
    MeetingDocumentForm,
    MeetingForm,
    SeriesForm,
)
from events.models import ActionItem, AgendaItem, Attendance, Invitee, Meeting, Minutes
from events.views.questions import agenda_item_question, cancel_question
from lib.confirm import ask_first
from lib.conflicts import EditConflict, conflict_response
from lib.markup import render_markdown
from networks.models import Network

PAGE_SIZE = 25


def _count(rows, expression="pk"):
    """The number of rows of a meeting, as a subquery per listed meeting: three joined
    counts would multiply each other's rows (174 past meetings made 222,594 rows)."""
    counted = rows.filter(meeting=OuterRef("pk")).order_by().values("meeting")
    return Coalesce(Subquery(counted.annotate(n=Count(expression, distinct=True)).values("n")), 0)


def _listed(meetings, page_number):
    """One page of meetings with their agenda items, yes-answers and municipalities
    present counted, and the network's name (not its whole row, which the table shows
    nothing else of)."""
    meetings = meetings.annotate(
        network_name=F("network__name"),
        agenda_count=_count(AgendaItem.objects),
        yes_count=_count(Invitee.objects.filter(answer=Invitee.Answer.YES)),
        attended_municipalities=_count(
            Attendance.objects.filter(municipality__isnull=False), "municipality"
        ),
    )
    return Paginator(meetings, PAGE_SIZE).get_page(page_number)


def _query_without(request, name: str) -> str:
    """The page's query string without one parameter, ready for another ("a=1&")."""
    params = request.GET.copy()
    params.pop(name, None)
    return f"{params.urlencode()}&" if params else ""


@login_required
def meeting_list(request, slug: str | None = None):
    """Upcoming and past meetings, a page of each: of one network, or of all the
    person's networks."""
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
        "upcoming": _listed(meetings.upcoming(now), request.GET.get("kommende")),
        "past": _listed(meetings.past(now), request.GET.get("vergangene")),
        "upcoming_query": _query_without(request, "kommende"),
        "past_query": _query_without(request, "vergangene"),
        "can_moderate": can_moderate,
        "moderated_networks": (
            Network.objects.moderated_by(request.user).only("name", "slug").order_by("name")
            if network is None
            else []
        ),
        "now": now,
    }
    return render(request, "events/list.html", context)


@login_required
def meeting_new(request, slug: str):
    network = get_network_to_moderate(request.user, slug)
    initial = None
    if request.method == "GET":  # ?art=information_event from the recruitment page
        initial = {"moderator": request.user.pk}
        if request.GET.get("art") in Meeting.Kind.values:
            initial["kind"] = request.GET["art"]
    form = MeetingForm(
        request.POST or None,
        network=network,
        initial=initial,
        may_share=Network.objects.is_editable_by(request.user, network.pk),
    )
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


def detail_context(request, meeting, can_moderate, **forms):
    """The meeting page's context. What the person may not see of the meeting
    (`sees`, events.access.meeting_parts_for) is left out here, not only in the
    template: a funder's page has no names, and no minutes or attachments unshared."""
    user = request.user
    sees = meeting_parts_for(user, meeting)
    invitees = list(
        meeting.invitees.select_related("user", "municipality", "substitute").order_by(
            "municipality__name", "user__name"
        )
    )
    mine = next((invitee for invitee in invitees if invitee.user_id == user.pk), None)
    minutes = Minutes.objects.filter(meeting=meeting).select_related("updated_by").first()
    shown = minutes.shown_to(user) if minutes is not None and sees.minutes else None
    action_items = (
        list(
            meeting.action_items.select_related(
                "responsible_municipality", "responsible_person", "measure"
            )
        )
        if sees.minutes
        else []
    )
    responsible = set(
        ActionItem.objects.responsible(user).filter(meeting=meeting).values_list("pk", flat=True)
    )
    agenda = meeting.agenda_with_times()
    if can_moderate:
        for item, _start in agenda:
            item.remove_question = agenda_item_question(item)
    answer_form = forms.get("answer_form")
    if mine is not None and answer_form is None:
        answer_form = AnswerForm(invitee=mine, substitutes=services.substitutes_for(mine))
    return {
        "meeting": meeting,
        "network": meeting.network,
        "can_moderate": can_moderate,
        "cancel_question": cancel_question(meeting, len(invitees)) if can_moderate else None,
        "is_coordinator": Network.objects.is_editable_by(user, meeting.network_id),
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
        "sees": sees,
        "hide_names": not sees.names,
        "attendance": printing.attendance_by_municipality(meeting, names=sees.names),
        "minutes": shown,
        # Final minutes lock the record: agenda and attendance (require_open_record).
        "record_final": minutes is not None and minutes.is_final,
        "minutes_html": render_markdown(shown.text, top_heading=3) if shown is not None else "",
        # Reopened minutes: members read the last final version meanwhile.
        "minutes_reopened": shown is not None and shown is not minutes,
        "decisions": list(meeting.decisions.all()) if sees.minutes else [],
        "action_items": action_items,
        "tickable": {item.pk for item in action_items if can_moderate or item.pk in responsible},
        "documents": meeting.documents.select_related("uploaded_by") if sees.files else [],
        "document_form": forms.get("document_form") or MeetingDocumentForm(),
        "is_past": meeting.is_past(),
        "has_started": meeting.has_started(),
        "needs_update": bool(meeting.invited_at and meeting.invited_sequence != meeting.sequence),
    }


@login_required
def meeting_detail(request, pk: int):
    meeting, can_moderate = get_meeting_for(request.user, pk)
    context = detail_context(request, meeting, can_moderate)
    return render(request, "events/detail.html", context)


@login_required
def meeting_edit(request, pk: int):
    meeting = get_meeting_to_moderate(request.user, pk)
    if meeting.is_cancelled:
        messages.error(request, _("Ein abgesagtes Treffen kann nicht mehr geändert werden."))
        return redirect(meeting)
    form = MeetingForm(
        request.POST or None,
        instance=meeting,
        network=meeting.network,
        may_share=Network.objects.is_editable_by(request.user, meeting.network_id),
    )
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            services.update_meeting(
                meeting=form.instance,
                user=request.user,
                base_sequence=form.cleaned_data["version"] or 0,
            )
        except EditConflict as conflict:
            context = {"form": form, "network": meeting.network, "meeting": conflict.current}
            return conflict_response(
                request, "events/form.html", context, form=form, conflict=conflict
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            if set(form.changed_data) - {"version"} == {"shared_with_funder"}:
                messages.success(
                    request, _("Die Freigabe für den Fördermittelgeber ist gespeichert.")
                )
            elif meeting.invited_at:
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
    if page := ask_first(request, cancel_question(meeting), back_url=meeting.get_absolute_url()):
        return page
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
            _("%(count)s Einladungen werden verschickt, jeweils mit Kalendereintrag.")
            % {"count": sent},
        )
    return redirect(meeting)
