"""Creating, changing and cancelling a meeting."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from events.access import require_moderator
from events.models import (
    Meeting,
)
from events.services.invitations import mail_invitees, send_invitations
from networks.models import Network, User

# What invitees' calendars and the edit form's conflict check are about: a change
# of nothing but the funder's sharing is neither (no update mail, no new SEQUENCE).
SHARING_ONLY = ("shared_with_funder",)
EDITED_FIELDS = (
    "kind", "title", "starts_at", "ends_at", "venue", "address", "online_url",
    "description", "moderator_id", "outside_term_confirmed",
)  # fmt: skip


def _require_sharer(user, meeting: Meeting, shared_before: bool) -> None:
    """Only the coordination shares a meeting's record with the funder, or stops."""
    if meeting.shared_with_funder != shared_before and not Network.objects.is_editable_by(
        user, meeting.network_id
    ):
        raise PermissionDenied


def create_meeting(*, meeting: Meeting, user: User) -> Meeting:
    require_moderator(user, meeting.network_id)
    _require_sharer(user, meeting, shared_before=False)
    meeting.created_by = user
    meeting.full_clean()
    meeting.save()
    return meeting


def update_meeting(*, meeting: Meeting, user: User, base_sequence: int) -> Meeting:
    """Save a changed meeting (from a bound MeetingForm's instance). Refused if it
    changed since `base_sequence`; invitees get an update when they were invited,
    unless only the sharing with the funder changed (their calendars show none of it)."""
    require_moderator(user, meeting.network_id)
    with transaction.atomic():
        current = meeting.lock_for_edit(base_sequence)
        if current.status == Meeting.Status.CANCELLED:
            raise ValidationError(_("Ein abgesagtes Treffen kann nicht mehr geändert werden."))
        _require_sharer(user, meeting, shared_before=current.shared_with_funder)
        if current.shared_with_funder != meeting.shared_with_funder and all(
            getattr(current, name) == getattr(meeting, name) for name in EDITED_FIELDS
        ):
            # Only the sharing changed: bookkeeping (lib.conflicts.Versioned).
            meeting.save(update_fields=SHARING_ONLY)
            return meeting
        if (current.starts_at, current.ends_at) != (meeting.starts_at, meeting.ends_at):
            meeting.reminded_at = None  # a new date deserves a new reminder
        meeting.full_clean()
        meeting.save()
    if meeting.invited_at:
        send_invitations(meeting=meeting, user=user, new_only=False)
    return meeting


def cancel_meeting(*, meeting: Meeting, user: User) -> int:
    """Cancel a meeting; invitees get a cancellation (METHOD:CANCEL). Returns how many
    mails are queued."""
    require_moderator(user, meeting.network_id)
    with transaction.atomic():
        meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
        if meeting.status == Meeting.Status.CANCELLED:
            return 0
        meeting.status = Meeting.Status.CANCELLED
        meeting.save(update_fields=["status", "updated_at"])  # raises the sequence
        if not meeting.invited_at:
            return 0
        return mail_invitees(meeting, list(meeting.invitees.select_related("user")))
