"""iCalendar files of meetings: invitations (METHOD:REQUEST), cancellations
(METHOD:CANCEL), the download of one meeting and a person's feed.

Times are written in UTC, which every client converts to its own zone without
needing a VTIMEZONE block. Each meeting has one UID for its whole life; SEQUENCE is
the meeting's change counter, so calendars replace the older version.
"""

import datetime
from urllib.parse import urlsplit

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _
from icalendar import Calendar, Event, vCalAddress, vText

from events.models import Meeting

PRODID = "-//Klimaschutz-Netzwerkportal//Treffen//DE"


def uid_of(meeting: Meeting) -> str:
    host = urlsplit(settings.PORTAL_BASE_URL).hostname or "portal.invalid"
    return f"{meeting.uid}@{host}"


def _address(user) -> vCalAddress:
    address = vCalAddress(f"mailto:{user.email}")
    address.params["cn"] = vText(user.get_full_name())
    return address


def _location(meeting: Meeting) -> str:
    place = ", ".join(part for part in (meeting.venue, meeting.address_line()) if part)
    return place or meeting.online_url


def _description(meeting: Meeting) -> str:
    link = settings.PORTAL_BASE_URL + meeting.get_absolute_url()
    parts = [meeting.description.strip()] if meeting.description.strip() else []
    if meeting.online_url:
        parts.append(_("Online: %(url)s") % {"url": meeting.online_url})
    parts.append(_("Tagesordnung und Antwort: %(url)s") % {"url": link})
    return "\n\n".join(parts)


def event_of(meeting: Meeting, *, attendee=None, cancelled: bool = False) -> Event:
    event = Event()
    event.add("uid", uid_of(meeting))
    event.add("sequence", meeting.sequence)
    event.add("dtstamp", timezone.now().astimezone(datetime.UTC))
    event.add("dtstart", meeting.starts_at.astimezone(datetime.UTC))
    event.add("dtend", meeting.ends_at.astimezone(datetime.UTC))
    event.add("summary", f"{meeting.title} ({meeting.network.name})")
    event.add("location", _location(meeting))
    event.add("description", _description(meeting))
    event.add("url", settings.PORTAL_BASE_URL + meeting.get_absolute_url())
    event.add("organizer", _address(meeting.moderator))
    if attendee is not None:
        address = _address(attendee)
        address.params["role"] = vText("REQ-PARTICIPANT")
        address.params["partstat"] = vText("NEEDS-ACTION")
        # Answers are given in the portal (link in the description), not by mail reply.
        address.params["rsvp"] = vText("FALSE")
        event.add("attendee", address, encode=False)
    status = "CANCELLED" if cancelled or meeting.is_cancelled else "CONFIRMED"
    event.add("status", status)
    return event


def _calendar(method: str | None = None, name: str | None = None) -> Calendar:
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    if method:
        calendar.add("method", method)
    if name:
        calendar.add("x-wr-calname", name)
    return calendar


def invitation_ics(meeting: Meeting, attendee) -> tuple[bytes, str]:
    """The file for an invitation, update or cancellation mail, and its METHOD."""
    method = "CANCEL" if meeting.is_cancelled else "REQUEST"
    calendar = _calendar(method)
    calendar.add_component(event_of(meeting, attendee=attendee))
    return calendar.to_ical(), method


def meeting_ics(meeting: Meeting) -> bytes:
    calendar = _calendar("PUBLISH")
    calendar.add_component(event_of(meeting))
    return calendar.to_ical()


def feed_ics(meetings, *, name: str) -> bytes:
    calendar = _calendar("PUBLISH", name)
    for meeting in meetings:
        calendar.add_component(event_of(meeting))
    return calendar.to_ical()
