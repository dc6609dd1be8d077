"""Calendar files of a meeting, the printable record, and each person's calendar feed."""

import datetime

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from events import printing, services
from events.access import (
    get_meeting_for,
    meeting_parts_for,
)
from events.calendar import feed_ics, meeting_ics
from events.models import Meeting
from lib.limits import heavy_download
from lib.uploads import download_response


def _calendar_response(content: bytes, filename: str) -> HttpResponse:
    return download_response(
        content, file_name=filename, content_type="text/calendar; charset=utf-8"
    )


@login_required
def meeting_calendar(request, pk: int):
    meeting, _can_moderate = get_meeting_for(request.user, pk)
    return _calendar_response(meeting_ics(meeting), printing.file_name(meeting, "ics"))


@login_required
@heavy_download
def meeting_pdf(request, pk: int):
    meeting, _can_moderate = get_meeting_for(request.user, pk)
    return download_response(
        printing.record_pdf(meeting, meeting_parts_for(request.user, meeting)),
        file_name=printing.file_name(meeting, "pdf"),
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
