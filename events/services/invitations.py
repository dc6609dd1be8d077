"""Invitations: who is invited, and the mails that tell them the meeting's state."""

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from events.access import may_answer, require_moderator
from events.calendar import invitation_ics
from events.models import (
    Invitee,
    Meeting,
)
from events.services.answers import rsvp_token
from lib.mail import mail_recorder, queue_mail_to_each
from networks.models import Membership, Participation, Role, User


def invitation_recipients(
    meeting: Meeting, *, on: datetime.date | None = None
) -> list[tuple[User, str, int | None]]:
    """(person, role, municipality id) for the network's climate managers of the
    municipalities taking part now (or on the day `on`) and for its service providers."""
    network = meeting.network
    participations = Participation.objects.filter(network=network)
    if on is None:
        participations = participations.filter(left_on__isnull=True)
    else:
        participations = participations.taking_part_on(on)
    current = participations.values("municipality")
    memberships = (
        Membership.objects.climate_managers_in(network, current)
        | Membership.objects.filter(
            role=Role.SERVICE_PROVIDER, network=network, user__is_active=True
        )
    ).select_related("user")
    seen: dict[int, tuple[User, str, int | None]] = {}
    for membership in memberships:
        # A person with both roles is invited once, for their municipality.
        if membership.user_id not in seen or membership.role == Role.CLIMATE_MANAGER:
            seen[membership.user_id] = (
                membership.user,
                membership.role,
                membership.municipality_id,
            )
    return sorted(seen.values(), key=lambda entry: (entry[0].name, entry[0].email))


def mail_invitees(meeting: Meeting, invitees: list[Invitee]) -> int:
    """Queue a mail to each invitee with the meeting's current state: invitation,
    update or cancellation. Returns how many were queued; the worker records each
    invitee's `sent_at` once their mail went out. People who left the network only
    hear of a cancellation, which takes the meeting out of their calendar."""
    return queue_mail_to_each(
        (invitee for invitee in invitees if meeting.is_cancelled or may_answer(invitee)),
        "meeting-cancelled" if meeting.is_cancelled else "meeting-invitation",
        lambda invitee: {
            **meeting_mail_context(meeting, invitee),
            "is_update": invitee.sent_at is not None,
        },
        person=lambda invitee: invitee.user,
        calendar=lambda invitee: invitation_ics(meeting, invitee.user),
        recorder="events.services.invitations.record_sent",
    )


@mail_recorder
def record_sent(*, sent: list[int], gave_up: list[int]) -> None:
    """In the worker: the invitees whose mail went out are invited as of now. Those
    given up stay without `sent_at`, so inviting the new people sends them theirs."""
    Invitee.objects.filter(pk__in=sent).update(sent_at=timezone.now())


def meeting_mail_context(meeting: Meeting, invitee: Invitee) -> dict:
    return {
        "meeting": meeting,
        "invitee": invitee,
        "link": settings.PORTAL_BASE_URL + meeting.get_absolute_url(),
        "answer_link": settings.PORTAL_BASE_URL
        + reverse("meeting_answer_link", args=[rsvp_token(invitee)]),
    }


def send_invitations(*, meeting: Meeting, user: User, new_only: bool = False) -> int:
    """Invite the network's climate managers and service providers. People invited
    before get the meeting's current state as an update unless `new_only`; people
    who joined since are added. Returns how many mails are queued."""
    require_moderator(user, meeting.network_id)
    if meeting.is_cancelled:
        raise ValidationError(_("Zu einem abgesagten Treffen kann niemand eingeladen werden."))
    with transaction.atomic():
        meeting = Meeting.objects.select_for_update().select_related("network").get(pk=meeting.pk)
        existing = set(meeting.invitees.values_list("user_id", flat=True))
        new = [
            Invitee(
                meeting=meeting,
                user=person,
                role=role,
                municipality_id=municipality if role == Role.CLIMATE_MANAGER else None,
                sent_at=None,
            )
            for person, role, municipality in invitation_recipients(meeting)
            if person.pk not in existing
        ]
        Invitee.objects.bulk_create(new)
        recipients = meeting.invitees.select_related("user")
        if new_only:
            recipients = recipients.filter(sent_at__isnull=True)
        queued = mail_invitees(meeting, list(recipients))
        Meeting.objects.filter(pk=meeting.pk).update(
            invited_at=timezone.now(), invited_sequence=meeting.sequence
        )
    meeting.invited_at = timezone.now()
    meeting.invited_sequence = meeting.sequence
    return queued
