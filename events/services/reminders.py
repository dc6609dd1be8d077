"""Reminder mails before a meeting."""

import datetime
from functools import partial

from django.db import transaction
from django.utils import timezone

from events.access import may_answer
from events.models import (
    Invitee,
    Meeting,
    MeetingSettings,
)
from events.services.invitations import meeting_mail_context
from lib.mail import queue_mail_to_each


def meetings_due_for_reminder(now=None) -> list[Meeting]:
    """Meetings whose network's reminder time has come."""
    now = now or timezone.now()
    candidates = Meeting.objects.awaiting_reminder(now).select_related(
        "network__meeting_settings", "moderator"
    )
    return [meeting for meeting in candidates if meeting.starts_at <= now + _lead(meeting)]


def _lead(meeting: Meeting) -> datetime.timedelta:
    """How long before the meeting its network reminds."""
    return datetime.timedelta(
        days=MeetingSettings.for_network(meeting.network).meeting_reminder_days
    )


def send_meeting_reminders(*, now=None, dry_run: bool = False) -> list[tuple[Meeting, int]]:
    """Mail each due meeting's invitees who have not declined, once per meeting."""
    now = now or timezone.now()
    done = []
    for meeting in meetings_due_for_reminder(now):
        invitees = [
            invitee
            for invitee in meeting.invitees.exclude(answer=Invitee.Answer.NO).select_related("user")
            if may_answer(invitee)
        ]
        if dry_run:
            done.append((meeting, len(invitees)))
            continue
        with transaction.atomic():
            # Claimed and queued together: a run that fails in between leaves both undone.
            claimed = Meeting.objects.filter(pk=meeting.pk, reminded_at__isnull=True).update(
                reminded_at=now
            )
            if not claimed:
                continue  # another run got there first
            mailed = queue_mail_to_each(
                invitees,
                "meeting-reminder",
                partial(meeting_mail_context, meeting),
                person=lambda invitee: invitee.user,
            )
            done.append((meeting, mailed))
    return done
