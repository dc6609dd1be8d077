"""Minutes: versions of the text, finalising and reopening, decisions."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from events.access import require_moderator
from events.models import (
    Decision,
    Meeting,
    Minutes,
)
from events.tasks import mail_final_minutes
from lib.conflicts import check_version
from networks.access import require_network_editor
from networks.models import User


def require_open_minutes(meeting: Meeting) -> None:
    if Minutes.objects.filter(meeting=meeting, status=Minutes.Status.FINAL).exists():
        raise ValidationError(
            _(
                "Das Protokoll ist endgültig und gesperrt. Nur die Koordination kann es "
                "wieder öffnen."
            )
        )


def require_open_record(meeting: Meeting) -> None:
    """A meeting's agenda and attendance are its record: final minutes lock them with
    the minutes (a coordinator's reopening opens them again)."""
    if Minutes.objects.filter(meeting=meeting, status=Minutes.Status.FINAL).exists():
        raise ValidationError(
            _(
                "Das Protokoll ist endgültig; damit sind Tagesordnung und Anwesenheit "
                "gesperrt. Nur die Koordination kann das Protokoll wieder öffnen."
            ),
            code="record_final",
        )


def save_minutes(*, meeting: Meeting, user: User, text: str, base_version: int) -> Minutes:
    """Save a version of the minutes' text; every save is kept in the history."""
    require_moderator(user, meeting.network_id)
    with transaction.atomic():
        Meeting.objects.select_for_update().get(pk=meeting.pk)
        minutes = Minutes.objects.filter(meeting=meeting).first() or Minutes(meeting=meeting)
        if minutes.is_final:
            require_open_minutes(meeting)
        # Locked by the meeting's lock. No minutes yet: an empty form is based on 0.
        check_version(minutes.version if minutes.pk else 0, base_version, current=minutes)
        if minutes.pk and minutes.text == text:
            return minutes
        minutes.text = text
        minutes.updated_by = user
        minutes._history_user = user
        minutes.save()
    return minutes


def finalise_minutes(*, meeting: Meeting, user: User, notify: bool = True) -> Minutes:
    """Make the minutes final (locked); the meeting has then taken place. Unless told
    not to (the demo's past meetings), the worker then mails them to those invited and
    present (events.services.followup)."""
    require_moderator(user, meeting.network_id)
    with transaction.atomic():
        Meeting.objects.select_for_update().get(pk=meeting.pk)
        minutes = Minutes.objects.filter(meeting=meeting).first()
        if minutes is None or not minutes.text.strip():
            raise ValidationError(_("Ein leeres Protokoll kann nicht abgeschlossen werden."))
        if minutes.is_final:
            return minutes
        if meeting.is_cancelled:
            raise ValidationError(_("Das Treffen ist abgesagt."))
        minutes.status = Minutes.Status.FINAL
        minutes.finalised_at = timezone.now()
        minutes.updated_by = user
        minutes._history_user = user
        minutes._change_reason = "finalised"
        minutes.save()
        Meeting.objects.filter(pk=meeting.pk, status=Meeting.Status.PLANNED).update(
            status=Meeting.Status.HELD
        )
        if notify:  # queued with the change: if it is rolled back, nothing goes out
            # A correction waits for the interval after the last mailing; a job of a
            # version reopened since sends nothing (followup.send_final_minutes).
            due = minutes.next_mailing_at()
            task = mail_final_minutes if due is None else mail_final_minutes.using(run_after=due)
            task.enqueue(meeting_id=meeting.pk, version=minutes.version)
    return minutes


def reopen_minutes(*, meeting: Meeting, user: User) -> Minutes:
    """Only a coordinator of the network reopens final minutes; the history records it."""
    require_network_editor(user, meeting.network_id)
    with transaction.atomic():
        minutes = Minutes.objects.select_for_update().get(meeting=meeting)
        if not minutes.is_final:
            return minutes
        minutes.status = Minutes.Status.DRAFT
        minutes.finalised_at = None
        minutes.updated_by = user
        minutes._history_user = user
        minutes._change_reason = "reopened"
        minutes.save()
    return minutes


def add_decision(*, decision: Decision, user: User) -> Decision:
    require_moderator(user, decision.meeting.network_id)
    require_open_minutes(decision.meeting)
    decision.full_clean()
    decision.save()
    return decision


def delete_decision(*, decision: Decision, user: User) -> None:
    require_moderator(user, decision.meeting.network_id)
    require_open_minutes(decision.meeting)
    decision.delete()
