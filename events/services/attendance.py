"""Who attended a meeting: candidates preset from the answers, and the record."""

import dataclasses
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from events.access import require_moderator
from events.models import (
    Attendance,
    Invitee,
    Meeting,
)
from events.services.invitations import invitation_recipients
from events.services.minutes import require_open_record
from networks.models import Municipality, Role, User


@dataclass(frozen=True)
class Candidate:
    """A person who may have attended: an invitee, their substitute or the moderator."""

    key: str
    name: str
    municipality_id: int | None
    municipality_name: str
    user_id: int | None
    preset: bool
    note: str = ""


def attendance_candidates(meeting: Meeting) -> list[Candidate]:
    """Everyone the attendance form offers, preset from the answers (or from the
    attendance recorded before): yes-sayers, named substitutes instead of the person
    they stand in for, and the moderator."""
    recorded = list(meeting.attendances.all())
    recorded_users = {entry.user_id for entry in recorded if entry.user_id}
    recorded_names = {entry.name for entry in recorded if not entry.user_id}
    first_time = not recorded
    candidates: dict[str, Candidate] = {}

    def add(candidate: Candidate) -> None:
        candidates.setdefault(candidate.key, candidate)

    invitees = list(meeting.invitees.select_related("user", "municipality", "substitute"))
    for invitee in invitees:
        for candidate in _invitee_candidates(invitee, first_time, recorded_users, recorded_names):
            add(candidate)
    if not invitees:
        for candidate in _network_people(meeting, recorded_users):
            add(candidate)
    moderator = meeting.moderator
    key = f"u{moderator.pk}"
    if key in candidates and first_time:
        # The moderator is there, whatever they answered to their own invitation.
        candidates[key] = dataclasses.replace(candidates[key], preset=True)
    add(
        Candidate(
            key=f"u{moderator.pk}",
            name=moderator.get_full_name(),
            municipality_id=None,
            municipality_name="",
            user_id=moderator.pk,
            preset=first_time or moderator.pk in recorded_users,
            note=_("Moderation"),
        )
    )
    for candidate in _recorded_earlier(recorded, candidates):
        add(candidate)
    return sorted(
        candidates.values(), key=lambda c: (c.municipality_name == "", c.municipality_name, c.name)
    )


def _invitee_candidates(
    invitee: Invitee, first_time: bool, recorded_users: set[int], recorded_names: set[str]
) -> list[Candidate]:
    """The invitee, and their substitute if they named one."""
    municipality_name = invitee.municipality.name if invitee.municipality else ""
    has_substitute = bool(invitee.substitute_id or invitee.substitute_name)
    yes = invitee.answer == Invitee.Answer.YES and not has_substitute
    candidates = [
        Candidate(
            key=f"u{invitee.user_id}",
            name=invitee.user.get_full_name(),
            municipality_id=invitee.municipality_id,
            municipality_name=municipality_name,
            user_id=invitee.user_id,
            preset=yes if first_time else invitee.user_id in recorded_users,
            note=invitee.get_answer_display(),
        )
    ]
    if invitee.substitute_id:
        candidates.append(
            Candidate(
                key=f"u{invitee.substitute_id}",
                name=invitee.substitute.get_full_name(),
                municipality_id=invitee.municipality_id,
                municipality_name=municipality_name,
                user_id=invitee.substitute_id,
                preset=first_time or invitee.substitute_id in recorded_users,
                note=_("Vertretung für %(name)s") % {"name": invitee.user.get_full_name()},
            )
        )
    elif invitee.substitute_name:
        candidates.append(
            Candidate(
                key=f"s{invitee.pk}",
                name=invitee.substitute_name,
                municipality_id=invitee.municipality_id,
                municipality_name=municipality_name,
                user_id=None,
                preset=first_time or invitee.substitute_name in recorded_names,
                note=_("Vertretung für %(name)s") % {"name": invitee.user.get_full_name()},
            )
        )
    return candidates


def _network_people(meeting: Meeting, recorded_users: set[int]) -> list[Candidate]:
    """For a meeting nobody was invited to through the portal (one recorded after the
    fact): the people it would have invited, the climate managers of the
    municipalities taking part on its day and the network's service providers. None
    is preset: the moderator ticks who came."""
    day = timezone.localtime(meeting.starts_at).date()
    people = invitation_recipients(meeting, on=day)
    names = dict(
        Municipality.objects.filter(
            pk__in={municipality for _u, _r, municipality in people}
        ).values_list("pk", "name")
    )
    return [
        Candidate(
            key=f"u{user.pk}",
            name=user.get_full_name(),
            municipality_id=municipality,
            municipality_name=names.get(municipality, ""),
            user_id=user.pk,
            preset=user.pk in recorded_users,
            note=Role(role).label if municipality is None else "",
        )
        for user, role, municipality in people
    ]


def _recorded_earlier(
    recorded: list[Attendance], candidates: dict[str, Candidate]
) -> list[Candidate]:
    """People recorded earlier who are no longer among the invitees stay visible."""
    names = {candidate.name for candidate in candidates.values()}
    earlier = []
    for entry in recorded:
        key = f"u{entry.user_id}" if entry.user_id else f"n{entry.pk}"
        if key in candidates or (not entry.user_id and entry.name in names):
            continue
        earlier.append(
            Candidate(
                key=key,
                name=entry.name,
                municipality_id=entry.municipality_id,
                municipality_name=entry.municipality.name if entry.municipality else "",
                user_id=entry.user_id,
                preset=True,
            )
        )
    return earlier


def record_attendance(
    *, meeting: Meeting, user: User, attended: list[Candidate], guests: list[tuple[str, int | None]]
) -> list[Attendance]:
    """Replace the meeting's attendance with the people ticked and the guests named
    (name, municipality id); a meeting with attendance has taken place."""
    require_moderator(user, meeting.network_id)
    if meeting.is_cancelled:
        raise ValidationError(_("Für ein abgesagtes Treffen gibt es keine Anwesenheit."))
    if meeting.starts_at > timezone.now():
        raise ValidationError(_("Die Anwesenheit kann erst ab Beginn des Treffens erfasst werden."))
    now = timezone.now()
    rows = [
        Attendance(
            meeting=meeting,
            user_id=candidate.user_id,
            name=candidate.name,
            municipality_id=candidate.municipality_id,
            recorded_by=user,
            recorded_at=now,
        )
        for candidate in attended
    ] + [
        Attendance(
            meeting=meeting,
            name=name,
            municipality_id=municipality,
            recorded_by=user,
            recorded_at=now,
        )
        for name, municipality in guests
    ]
    with transaction.atomic():
        locked = Meeting.objects.select_for_update().get(pk=meeting.pk)
        require_open_record(meeting)
        locked.attendances.all().delete()
        created = Attendance.objects.bulk_create(rows)
        if locked.status == Meeting.Status.PLANNED:
            Meeting.objects.filter(pk=meeting.pk).update(status=Meeting.Status.HELD)
            meeting.status = Meeting.Status.HELD
    return created
