"""Multi-object writes of the events app, one module per concept: meetings, series,
agenda, invitations, answers, attendance, minutes (with decisions), action items,
documents, calendar feeds, reminders and the follow-up mails after a meeting. Every
service checks who calls it (docs/development/rules.md). The names below are the app's
public interface: `from events import services; services.create_meeting(...)`."""

from events.services.actions import (
    action_item_to_measure,
    add_action_item,
    delete_action_item,
    set_action_item_done,
)
from events.services.agenda import (
    add_agenda_item,
    move_agenda_item,
    remove_agenda_item,
    update_agenda_item,
)
from events.services.answers import (
    ANSWER_CLOSED,
    RSVP_MAX_AGE,
    RSVP_SALT,
    answer_invitation,
    invitee_from_token,
    rsvp_token,
    substitutes_for,
)
from events.services.attendance import (
    Candidate,
    attendance_candidates,
    attendance_stamp,
    network_people,
    record_attendance,
)
from events.services.documents import add_meeting_document, delete_meeting_document
from events.services.feeds import feed_owner, renew_calendar_feed
from events.services.followup import (
    minutes_recipients,
    pending_action_digests,
    send_action_digests,
    send_final_minutes,
)
from events.services.invitations import invitation_recipients, send_invitations
from events.services.meetings import cancel_meeting, create_meeting, update_meeting
from events.services.minutes import (
    add_decision,
    delete_decision,
    finalise_minutes,
    reopen_minutes,
    require_open_record,
    save_minutes,
)
from events.services.reminders import meetings_due_for_reminder, send_meeting_reminders
from events.services.series import MAX_SERIES, SeriesPlan, create_series, nth_weekday, series_dates

__all__ = [
    "ANSWER_CLOSED",
    "MAX_SERIES",
    "RSVP_MAX_AGE",
    "RSVP_SALT",
    "Candidate",
    "SeriesPlan",
    "action_item_to_measure",
    "add_action_item",
    "add_agenda_item",
    "add_decision",
    "add_meeting_document",
    "answer_invitation",
    "attendance_candidates",
    "attendance_stamp",
    "cancel_meeting",
    "create_meeting",
    "create_series",
    "delete_action_item",
    "delete_decision",
    "delete_meeting_document",
    "feed_owner",
    "finalise_minutes",
    "invitation_recipients",
    "invitee_from_token",
    "minutes_recipients",
    "network_people",
    "meetings_due_for_reminder",
    "move_agenda_item",
    "nth_weekday",
    "pending_action_digests",
    "record_attendance",
    "remove_agenda_item",
    "renew_calendar_feed",
    "reopen_minutes",
    "require_open_record",
    "rsvp_token",
    "save_minutes",
    "send_action_digests",
    "send_final_minutes",
    "send_invitations",
    "send_meeting_reminders",
    "series_dates",
    "set_action_item_done",
    "substitutes_for",
    "update_agenda_item",
    "update_meeting",
]
