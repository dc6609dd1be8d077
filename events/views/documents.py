"""A meeting's documents (attachments)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from events import services
from events.access import (
    get_meeting_for,
    get_meeting_to_moderate,
    meeting_parts_for,
)
from events.forms import (
    MeetingDocumentForm,
)
from events.views.meetings import detail_context
from lib.confirm import ask_first
from lib.documents import download
from lib.markup import image_source


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
        context = detail_context(request, meeting, True, document_form=form)
        return render(request, "events/detail.html", context, status=422)
    messages.success(request, _("Der Anhang ist gespeichert."))
    return redirect(reverse("meeting", args=[meeting.pk]) + "#anhaenge")


@image_source
@login_required
def meeting_document(request, pk: int, document: int):
    """An attachment, for those who may see the meeting's files: a funder of a meeting
    not shared with them gets 404, as anybody reaching a file not theirs."""
    meeting, _can_moderate = get_meeting_for(request.user, pk)
    if not meeting_parts_for(request.user, meeting).files:
        raise Http404
    document = get_object_or_404(meeting.documents, pk=document)
    return download(document)


@login_required
@require_POST
def meeting_document_delete(request, pk: int, document: int):
    meeting = get_meeting_to_moderate(request.user, pk)
    document = get_object_or_404(meeting.documents, pk=document)
    back = reverse("meeting", args=[meeting.pk]) + "#anhaenge"
    if page := ask_first(request, document.delete_question(), back_url=back):
        return page
    services.delete_meeting_document(document=document, user=request.user)
    messages.success(request, _("Der Anhang ist gelöscht."))
    return redirect(reverse("meeting", args=[meeting.pk]) + "#anhaenge")
