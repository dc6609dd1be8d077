"""Answers to an invitation: on the meeting page and through the link in the mail."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from events import services
from events.access import (
    get_meeting_for,
    get_own_invitation,
    may_answer,
)
from events.forms import (
    AnswerForm,
)
from events.models import Invitee
from events.views.meetings import detail_context


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
        context = detail_context(
            request, meeting, can_moderate, answer_form=None if saved else form
        )
        context["answer_saved"] = saved
        return render(request, "events/detail.html#answer", context, status=200 if saved else 422)
    if not saved:
        context = detail_context(request, meeting, can_moderate, answer_form=form)
        return render(request, "events/detail.html", context, status=422)
    if request.POST.get("zurueck") == "start":  # answered on the start page
        return redirect(reverse("start") + "#meetings-heading")
    return redirect(reverse("meeting", args=[meeting.pk]) + "#antwort")


def meeting_answer_link(request, token: str):
    """The link in the invitation mail: answer without signing in. GET only shows the
    form (mail scanners open links); the answer is saved by the POST."""
    invitee = services.invitee_from_token(token)
    if invitee is None:
        return render(request, "events/answer_invalid.html", status=404)
    if not may_answer(invitee):
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
