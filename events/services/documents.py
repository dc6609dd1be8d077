"""A meeting's documents (attachments)."""

from events.access import require_moderator
from events.models import (
    Meeting,
    MeetingDocument,
)
from lib.documents import delete_with_file, store_upload
from networks.models import User


def add_meeting_document(*, meeting: Meeting, user: User, upload) -> MeetingDocument:
    require_moderator(user, meeting.network_id)
    return store_upload(MeetingDocument(meeting=meeting, uploaded_by=user), upload)


def delete_meeting_document(*, document: MeetingDocument, user: User) -> None:
    require_moderator(user, document.meeting.network_id)
    delete_with_file(document)
