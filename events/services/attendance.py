"""Who attended a meeting: everyone who could have, preset from the answers, and the
record."""

import dataclasses
import hashlib
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from events.access import require_moderator
from events.models import (
    Attendance,
    Invitee,
    Meeting,
)
from events.services.minutes import require_open_record
from lib.conflicts import EditConflict, check_version, when_text
from networks.models import Membership, Participation, Prospect, Role, User

# The order of the groups: municipalities first (by name), then the coordination, the
# service providers, and people recorded without a municipality.
MUNICIPALITY, COORDINATION, SERVICE_PROVIDER, OTHER = range(4)


@dataclass(frozen=True)
class Candidate:
    """A person who may have attended: an invitee, their substitute, a person of the
    network's (or its prospects' or predecessor's) municipalities, the coordination,
    a service provider, the moderator, or somebody recorded earlier."""

    key: str
    name: str
    municipality_id: int | None
    municipality_name: str
    user_id: int | None
    preset: bool
    note: str = ""
    # The group the form shows the person in (a municipality or an organisation), with
    # a key for its "select all" button and its place among the groups.
    group: str = ""
    group_key: str = "x"
    group_order: int = OTHER


def attendance_candidates(meeting: Meeting) -> list[Candidate]:
    """Everyone the attendance form offers, preset from the answers (or from the
    attendance recorded before): the invitees (yes-sayers preset), named substitutes
    instead of the person they stand in for, the people of the municipalities the
    network works with (network_people), the coordination, the service providers and
    the moderator, grouped by municipality or organisation."""
    recorded = list(meeting.attendances.select_related("municipality"))
    recorded_users = {entry.user_id for entry in recorded if entry.user_id}
    recorded_names = {entry.name for entry in recorded if not entry.user_id}
    first_time = not recorded
    candidates: dict[str, Candidate] = {}

    def add(candidate: Candidate) -> None:
        candidates.setdefault(candidate.key, candidate)

    invitees = list(meeting.invitees.select_related("user", "municipality", "substitute"))
    people = network_people(meeting)
    for invitee in invitees:
        for candidate in _invitee_candidates(invitee, first_time, recorded_users, recorded_names):
            add(_in_group(candidate, people))
    for candidate in people.values():
        add(dataclasses.replace(candidate, preset=candidate.user_id in recorded_users))
    moderator = meeting.moderator
    key = f"u{moderator.pk}"
    # The moderator is there, whatever they answered to their own invitation.
    moderating = candidates.get(key) or people.get(key) or Candidate(
        key=key, name=moderator.get_full_name(), municipality_id=None, municipality_name="",
        user_id=moderator.pk, preset=False, group=_("Moderation"), group_key="mod",
        group_order=COORDINATION,
    )  # fmt: skip
    candidates[key] = dataclasses.replace(
        moderating,
        preset=first_time or moderator.pk in recorded_users,
        note=_("Moderation"),
    )
    for candidate in _recorded_earlier(recorded, candidates):
        add(candidate)
    return sorted(
        candidates.values(),
        key=lambda c: (c.group_order, c.group.casefold(), c.name.casefold()),
    )


def _in_group(candidate: Candidate, people: dict[str, Candidate]) -> Candidate:
    """An invitee's candidate in their municipality's group, or their organisation's."""
    if candidate.municipality_id:
        return dataclasses.replace(
            candidate,
            group=candidate.municipality_name,
            group_key=f"m{candidate.municipality_id}",
            group_order=MUNICIPALITY,
        )
    known = people.get(candidate.key)
    if known is None:
        return dataclasses.replace(candidate, group=_("Dienstleister"), group_key="dl",
                                   group_order=SERVICE_PROVIDER)  # fmt: skip
    return dataclasses.replace(
        candidate, group=known.group, group_key=known.group_key, group_order=known.group_order
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


def network_people(meeting: Meeting) -> dict[str, Candidate]:
    """Everyone with an account who could have attended, whether invited or not (none
    preset), by key: the climate managers, in the networks of the meeting's
    coordinator, of the municipalities that take part on the meeting's day or will
    (a network still recruiting has its participants from the term's start on), of
    its prospects (Gewinnungsphase) that had not declined by then and of the
    predecessor network's municipalities; the coordination's staff and the network's
    service providers. A person with several roles is offered once, for their
    municipality. Three queries."""
    network = meeting.network
    day = timezone.localdate(meeting.starts_at)
    municipalities = (
        Q(municipality__in=Participation.objects.filter(network=network.pk)
          .exclude(left_on__lt=day).values("municipality"))
        | Q(municipality__in=Prospect.objects.filter(network=network.pk)
            .exclude(status=Prospect.Status.DECLINED, answered_on__lt=day)
            .values("municipality"))
    )  # fmt: skip
    if network.predecessor_id:
        municipalities |= Q(
            municipality__in=Participation.objects.filter(network=network.predecessor_id)
            .exclude(left_on__lt=day)
            .values("municipality")
        )
    memberships = (
        Membership.objects.filter(
            Q(role=Role.CLIMATE_MANAGER, organisation=network.coordinator_id) & municipalities
            | Q(role=Role.COORDINATOR, organisation=network.coordinator_id)
            | Q(role=Role.SERVICE_PROVIDER, network=network.pk),
            user__is_active=True,
        )
        .select_related("user", "municipality", "organisation")
        .order_by("role")
    )
    coordination = network.coordinator.name
    people: dict[str, Candidate] = {}
    for membership in memberships:
        user = membership.user
        key = f"u{user.pk}"
        if membership.role == Role.CLIMATE_MANAGER:
            group = (membership.municipality.name, f"m{membership.municipality_id}", MUNICIPALITY)
        elif membership.role == Role.COORDINATOR:
            group = (coordination, "ko", COORDINATION)
        else:
            organisation = membership.organisation
            group = (
                organisation.name if organisation else _("Dienstleister"),
                f"o{organisation.pk}" if organisation else "dl",
                SERVICE_PROVIDER,
            )
        known = people.get(key)
        if known is not None and (known.group_order <= group[2]):
            continue
        people[key] = Candidate(
            key=key,
            name=user.get_full_name(),
            municipality_id=membership.municipality_id,
            municipality_name=membership.municipality.name if membership.municipality else "",
            user_id=user.pk,
            preset=False,
            note="" if membership.role == Role.CLIMATE_MANAGER else membership.get_role_display(),
            group=group[0],
            group_key=group[1],
            group_order=group[2],
        )
    return people


def _recorded_earlier(
    recorded: list[Attendance], candidates: dict[str, Candidate]
) -> list[Candidate]:
    """People recorded earlier who are no longer among those offered stay visible."""
    names = {candidate.name for candidate in candidates.values()}
    earlier = []
    for entry in recorded:
        key = f"u{entry.user_id}" if entry.user_id else f"n{entry.pk}"
        if key in candidates or (not entry.user_id and entry.name in names):
            continue
        municipality_name = entry.municipality.name if entry.municipality else ""
        earlier.append(
            Candidate(
                key=key,
                name=entry.name,
                municipality_id=entry.municipality_id,
                municipality_name=municipality_name,
                user_id=entry.user_id,
                preset=True,
                group=municipality_name or _("ohne Kommune"),
                group_key=f"m{entry.municipality_id}" if entry.municipality_id else "x",
                group_order=MUNICIPALITY if entry.municipality_id else OTHER,
            )
        )
    return earlier


def attendance_stamp(meeting: Meeting) -> str:
    """What the attendance form was loaded with, as a short fingerprint of the rows
    recorded (each save records them anew, with its time): a save based on another
    stamp would overwrite a recording the person has not seen (lib.conflicts)."""
    rows = meeting.attendances.order_by("pk").values_list(
        "pk", "user_id", "name", "municipality_id", "recorded_at"
    )
    text = "\n".join(
        f"{pk}|{user}|{name}|{municipality}|{recorded_at.isoformat()}"
        for pk, user, name, municipality, recorded_at in rows
    )
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def _conflict(current: Meeting, _loaded) -> EditConflict:
    last = current.attendances.order_by("-recorded_at").values_list("recorded_at", flat=True)
    when = last.first()
    message = (
        _(
            "Jemand hat die Anwesenheit inzwischen gespeichert (%(when)s). Ihre Auswahl ist "
            "noch nicht gespeichert: Bitte prüfen Sie den aktuellen Stand und speichern Sie "
            "erneut."
        )
        % {"when": when_text(when)}
        if when
        else _(
            "Jemand hat die Anwesenheit inzwischen geleert. Ihre Auswahl ist noch nicht "
            "gespeichert: Bitte prüfen Sie sie und speichern Sie erneut."
        )
    )
    return EditConflict(message, current=current)


def record_attendance(
    *,
    meeting: Meeting,
    user: User,
    attended: list[Candidate],
    guests: list[tuple[str, int | None]],
    base_stamp: str | None = None,
) -> list[Attendance]:
    """Replace the meeting's attendance with the people ticked and the guests named
    (name, municipality id), all or nothing; a meeting with attendance has taken
    place. No mail goes out. With `base_stamp` (attendance_stamp when the form was
    loaded), a recording saved meanwhile by somebody else refuses the save with an
    EditConflict instead of being overwritten."""
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
        if base_stamp is not None:
            check_version(attendance_stamp(locked), base_stamp, current=locked, conflict=_conflict)
        locked.attendances.all().delete()
        created = Attendance.objects.bulk_create(rows)
        if locked.status == Meeting.Status.PLANNED:
            Meeting.objects.filter(pk=meeting.pk).update(status=Meeting.Status.HELD)
            meeting.status = Meeting.Status.HELD
    return created
