"""After a meeting: the final minutes by mail to those invited and present, and a
weekly overview of their tasks from meetings to the people responsible.

Both go out through the background worker (lib.mail), each in the recipient's
own language.
"""

import datetime

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.db.models import Q
from django.utils import timezone, translation

from events import printing
from events.models import ActionDigest, ActionItem, Meeting, Minutes
from lib.digests import Digest, Digests, digests_for
from lib.mail import mail_recorder, queue_mail_to_each, recipient_language
from lib.markup import render_markdown
from networks.models import Membership, Role, User

DUE_WITHIN = datetime.timedelta(days=7)
ACTION_DIGESTS = Digests(
    mail="action-items",
    record=ActionDigest,
    count_field="item_count",
    recorder="events.services.followup.record_digests",
)


# -- final minutes ---------------------------------------------------------------------


def minutes_recipients(meeting: Meeting) -> list[User]:
    """The people invited (and the substitutes they named) and those recorded as
    present with an account, each once: active, and still members of the meeting's
    network, since the minutes are the network's business. The record in the mail
    names everybody present, so it goes to those who see names of the meeting
    (MeetingQuerySet.with_names_for): a funder recorded as present reads the shared
    minutes on the meeting page instead."""
    people: dict[int, User] = {}
    for invitee in meeting.invitees.select_related("user", "substitute"):
        for person in (invitee.user, invitee.substitute):
            if person is not None:
                people[person.pk] = person
    for attendance in meeting.attendances.select_related("user"):
        if attendance.user is not None:
            people[attendance.user_id] = attendance.user
    return sorted(
        (
            person
            for person in people.values()
            if person.is_active
            and Meeting.objects.with_names_for(person).filter(pk=meeting.pk).exists()
        ),
        key=lambda person: (person.name, person.email),
    )


def send_final_minutes(*, meeting_id: int, version: int) -> int:
    """In the worker, after the minutes became final: the record as a PDF in each
    recipient's language (stored once per language, beside the meeting's files) and a
    mail with the minutes' text to every recipient. Nothing is sent when the minutes
    were reopened or changed since (`version` is the final one's). Returns how many
    mails were queued."""
    meeting = Meeting.objects.select_related("network").get(pk=meeting_id)
    minutes = Minutes.objects.filter(meeting=meeting).first()
    if not _still_to_send(minutes, version):
        return 0
    recipients = minutes_recipients(meeting)
    if not recipients:  # nobody with an account was invited or present
        return 0
    files = {}
    for language in sorted({recipient_language(person) for person in recipients}):
        with translation.override(language):
            pdf = printing.record_pdf(meeting)
            name = f"protokolle/{meeting.pk}/{minutes.version}-{language}.pdf"
            default_storage.delete(name)  # a worker's retry writes the same file again
            files[language] = (
                printing.file_name(meeting, "pdf"),
                "application/pdf",
                default_storage.save(name, ContentFile(pdf)),
            )
    _drop_earlier_pdfs(meeting, minutes.version)
    context = _minutes_context(meeting, minutes)
    with transaction.atomic():
        # Reopened while the PDFs were made, or sent by another run: nothing goes out.
        if not _still_to_send(Minutes.objects.select_for_update().get(pk=minutes.pk), version):
            return 0
        Minutes.objects.filter(pk=minutes.pk).update(mailed_at=timezone.now())
        return queue_mail_to_each(
            recipients,
            "minutes-final",
            lambda person: {**context, "name": person.get_full_name()},
            attachments=lambda person: (files[recipient_language(person)],),
        )


def _drop_earlier_pdfs(meeting: Meeting, version: int) -> None:
    """The PDFs of versions mailed before: the corrected minutes replace them, so the
    meeting keeps one record's files, not one per correction."""
    folder = f"protokolle/{meeting.pk}"
    _folders, files = default_storage.listdir(folder)
    for name in files:
        number = name.split("-", 1)[0]
        if number.isdigit() and int(number) < version:
            default_storage.delete(f"{folder}/{name}")


def _still_to_send(minutes: Minutes | None, version: int) -> bool:
    """Final at the version that was finalised, and not yet mailed since."""
    return (
        minutes is not None
        and minutes.is_final
        and minutes.version == version
        and not (minutes.mailed_at and minutes.mailed_at >= minutes.finalised_at)
    )


def _minutes_context(meeting: Meeting, minutes: Minutes) -> dict:
    return {
        "meeting": meeting.title,
        "network": meeting.network.name,
        # Dates are written in the recipient's language by the templates.
        "day": timezone.localtime(meeting.starts_at).date(),
        "corrected": minutes.mailed_at is not None,  # final before, reopened and corrected
        "text": minutes.text,
        "html": render_markdown(minutes.text, top_heading=2),
        "decisions": [decision.text for decision in meeting.decisions.all()],
        "actions": [
            {
                "text": item.text,
                "responsible": item.responsible_display(),
                "due": item.due_on,
            }
            for item in meeting.action_items.select_related(
                "responsible_municipality", "responsible_person"
            )
        ],
        "link": settings.PORTAL_BASE_URL + meeting.get_absolute_url(),
    }


# -- weekly task overview --------------------------------------------------------------


def pending_action_digests(*, now: datetime.datetime | None = None) -> list[Digest]:
    """The overviews due at `now`: for each active person who got none in the last 7
    days, their open tasks (named directly, or through the municipality they are
    climate manager of: `ActionItemQuerySet.responsible`) that are overdue or due
    within a week."""
    now = now or timezone.now()
    horizon = timezone.localdate(now) + DUE_WITHIN
    due = ActionItem.objects.open().filter(due_on__lte=horizon)
    named = due.filter(responsible_person__isnull=False).values("responsible_person")
    managers = Membership.objects.filter(
        role=Role.CLIMATE_MANAGER,
        municipality__in=due.filter(responsible_municipality__isnull=False).values(
            "responsible_municipality"
        ),
    ).values("user")
    recently = ACTION_DIGESTS.recently_written(now)
    candidates = (
        User.objects.filter(is_active=True)
        .filter(Q(pk__in=named) | Q(pk__in=managers))
        .exclude(pk__in=recently)
        .order_by("name", "email", "pk")
    )
    return digests_for(
        candidates,
        lambda user: (
            ActionItem.objects.responsible(user)
            .open()
            .filter(due_on__lte=horizon)
            .select_related("meeting__network", "responsible_municipality", "responsible_person")
            .order_by("due_on", "pk")
        ),
    )


def send_action_digests(*, now: datetime.datetime | None = None, dry_run: bool = False) -> int:
    """Queue the overviews due at `now`; return how many (or, in a dry run, would
    be). Each is recorded as an ActionDigest with its mail, so a daily run writes a
    person at most once a week; a mail the worker gives up on loses its record."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    return ACTION_DIGESTS.send(
        pending_action_digests(now=now),
        now=now,
        context=lambda digest: _digest_context(digest, today),
        dry_run=dry_run,
    )


def _digest_context(digest: Digest, today: datetime.date) -> dict:
    return {
        "name": digest.user.get_full_name(),
        "count": len(digest.items),
        "items": [
            {
                "text": item.text,
                "due": item.due_on,  # written in the recipient's language by the template
                "overdue": item.is_overdue(today),
                "responsible": item.responsible_display(),
                "meeting": item.meeting.title,
                "network": item.meeting.network.name,
                "link": settings.PORTAL_BASE_URL + item.meeting.get_absolute_url(),
            }
            for item in digest.items
        ],
        "portal_url": settings.PORTAL_BASE_URL + "/start/",
    }


@mail_recorder
def record_digests(*, sent: list[int], gave_up: list[int]) -> None:
    """In the worker: an overview sent keeps its record; one given up loses it."""
    ACTION_DIGESTS.forget(gave_up)
