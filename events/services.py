"""Multi-object writes of the events app: meetings and series, agenda, invitations
and answers, attendance, minutes with decisions and action items, attachments,
calendar feeds."""

import calendar
import dataclasses
import datetime
import hashlib
import secrets
from dataclasses import dataclass

from django.conf import settings
from django.core import signing
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F, Max
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from events.calendar import invitation_ics
from events.models import (
    ActionItem,
    AgendaItem,
    Attendance,
    CalendarFeed,
    Decision,
    Invitee,
    Meeting,
    MeetingDocument,
    Minutes,
)
from measures.models import Measure
from measures.services import save_measure
from networks.models import Membership, Network, Participation, Role, User
from portal.lib.conflicts import EditConflict, check_version
from portal.lib.documents import delete_with_file, store_upload
from portal.lib.mail import Mail, send_batch

RSVP_SALT = "events.rsvp"
RSVP_MAX_AGE = datetime.timedelta(days=365)
ANSWER_CLOSED = gettext_lazy(
    "Sie gehören nicht mehr zum Netzwerk dieses Treffens (oder Ihr Konto ist gesperrt) und "
    "können deshalb nicht mehr antworten. Wenn das ein Irrtum ist, wenden Sie sich bitte an "
    "die Koordination des Netzwerks."
)
# A series covers a term of a few years; more meetings at once are a typing mistake.
MAX_SERIES = 40


# Meetings ---------------------------------------------------------------------------


def require_moderator(user: User, network_id: int) -> None:
    """Services that write a meeting's record check who calls them (see README, house
    style): coordinators and the network's service providers moderate."""
    if not Network.objects.moderated_by(user).filter(pk=network_id).exists():
        raise PermissionDenied


def create_meeting(*, meeting: Meeting, user: User) -> Meeting:
    require_moderator(user, meeting.network_id)
    meeting.created_by = user
    meeting.full_clean()
    meeting.save()
    return meeting


def update_meeting(*, meeting: Meeting, user: User, base_sequence: int) -> Meeting:
    """Save a changed meeting (from a bound MeetingForm's instance). Refused if it
    changed since `base_sequence`; invitees get an update when they were invited."""
    require_moderator(user, meeting.network_id)
    with transaction.atomic():
        current = Meeting.objects.select_for_update().get(pk=meeting.pk)
        check_version(current.sequence, base_sequence, current=current)
        if current.status == Meeting.Status.CANCELLED:
            raise ValidationError(_("Ein abgesagtes Treffen kann nicht mehr geändert werden."))
        if (current.starts_at, current.ends_at) != (meeting.starts_at, meeting.ends_at):
            meeting.reminded_at = None  # a new date deserves a new reminder
        meeting.sequence = current.sequence + 1
        meeting.full_clean()
        meeting.save()
    if meeting.invited_at:
        send_invitations(meeting=meeting, user=user, new_only=False)
    return meeting


def cancel_meeting(*, meeting: Meeting, user: User) -> int:
    """Cancel a meeting; invitees get a cancellation (METHOD:CANCEL). Returns how many."""
    require_moderator(user, meeting.network_id)
    with transaction.atomic():
        meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
        if meeting.status == Meeting.Status.CANCELLED:
            return 0
        meeting.status = Meeting.Status.CANCELLED
        meeting.sequence += 1
        meeting.save(update_fields=["status", "sequence", "updated_at"])
    if not meeting.invited_at:
        return 0
    return _mail_invitees(meeting, list(meeting.invitees.select_related("user")))


def nth_weekday(year: int, month: int, weekday: int, n: int) -> datetime.date:
    """The n-th (1–4) given weekday of a month; 5 means the last one."""
    days = [
        day
        for day in calendar.Calendar().itermonthdates(year, month)
        if day.month == month and day.weekday() == weekday
    ]
    return days[min(n, len(days)) - 1] if n < 5 else days[-1]


def series_dates(
    *, first: datetime.date, interval_months: int, until: datetime.date, limit: int
) -> list[datetime.date]:
    """Dates every `interval_months` months on the weekday of `first` in the same
    position of the month (the 2nd Tuesday, or the last Friday), from `first` to `until`,
    at most `limit` of them: the work stays small however far away `until` is."""
    weekday = first.weekday()
    n = 5 if (first + datetime.timedelta(days=7)).month != first.month else (first.day + 6) // 7
    dates = []
    index = 0
    while True:
        months = first.month - 1 + index * interval_months
        day = nth_weekday(first.year + months // 12, months % 12 + 1, weekday, n)
        if day > until or len(dates) == limit:
            return dates
        dates.append(day)
        index += 1


@dataclass
class SeriesPlan:
    network: Network
    title: str  # "{n}" is replaced by the running number of network meetings
    dates: list[datetime.date]
    start_time: datetime.time
    end_time: datetime.time
    venue: str
    address: str
    online_url: str
    moderator: User


def create_series(*, plan: SeriesPlan, user: User) -> list[Meeting]:
    """Create ordinary network meetings on every date of the plan, all or none."""
    require_moderator(user, plan.network.pk)
    zone = timezone.get_default_timezone()
    with transaction.atomic():
        number = plan.network.meetings.filter(kind=Meeting.Kind.NETWORK_MEETING).count()
        meetings = []
        for day in plan.dates:
            number += 1
            meeting = Meeting(
                network=plan.network,
                kind=Meeting.Kind.NETWORK_MEETING,
                title=plan.title.replace("{n}", str(number)),
                starts_at=datetime.datetime.combine(day, plan.start_time, tzinfo=zone),
                ends_at=datetime.datetime.combine(day, plan.end_time, tzinfo=zone),
                venue=plan.venue,
                address=plan.address,
                online_url=plan.online_url,
                moderator=plan.moderator,
                created_by=user,
            )
            meeting.full_clean()
            meeting.save()
            meetings.append(meeting)
    return meetings


# Agenda -----------------------------------------------------------------------------


def add_agenda_item(*, item: AgendaItem, user: User) -> AgendaItem:
    require_moderator(user, item.meeting.network_id)
    with transaction.atomic():
        Meeting.objects.select_for_update().get(pk=item.meeting_id)
        last = item.meeting.agenda_items.aggregate(last=Max("position"))["last"] or 0
        item.position = last + 1
        item.full_clean()
        item.save()
    return item


def update_agenda_item(*, item: AgendaItem, user: User, base_version: int) -> AgendaItem:
    require_moderator(user, item.meeting.network_id)
    with transaction.atomic():
        current = AgendaItem.objects.select_for_update().get(pk=item.pk)
        check_version(current.version, base_version, current=current, conflict=_agenda_conflict)
        item.version = current.version + 1
        item.position = current.position
        item.full_clean()
        item.save()
    return item


def _agenda_conflict(current: AgendaItem, loaded_version: int | None) -> EditConflict:
    return EditConflict(
        _(
            "Jemand hat diesen Tagesordnungspunkt inzwischen geändert. Ihre Änderungen "
            "sind noch nicht gespeichert: Bitte prüfen Sie den aktuellen Stand."
        ),
        current=current,
    )


def remove_agenda_item(*, item: AgendaItem, user: User) -> None:
    require_moderator(user, item.meeting.network_id)
    with transaction.atomic():
        Meeting.objects.select_for_update().get(pk=item.meeting_id)
        meeting_items = AgendaItem.objects.filter(meeting_id=item.meeting_id)
        deleted, _rows = meeting_items.filter(pk=item.pk).delete()
        if deleted:
            for position, pk in enumerate(meeting_items.values_list("pk", flat=True), 1):
                meeting_items.filter(pk=pk).update(position=position)


def move_agenda_item(*, item: AgendaItem, user: User, up: bool) -> None:
    """Swap the item with its neighbour above or below; nothing at either end."""
    require_moderator(user, item.meeting.network_id)
    with transaction.atomic():
        Meeting.objects.select_for_update().get(pk=item.meeting_id)
        item = AgendaItem.objects.get(pk=item.pk)
        siblings = AgendaItem.objects.filter(meeting_id=item.meeting_id)
        neighbour = (
            siblings.filter(position__lt=item.position).order_by("-position").first()
            if up
            else siblings.filter(position__gt=item.position).order_by("position").first()
        )
        if neighbour is None:
            return
        mine, theirs = item.position, neighbour.position
        # Through a free position, since (meeting, position) is unique at every step.
        free = (siblings.aggregate(last=Max("position"))["last"] or 0) + 1
        siblings.filter(pk=item.pk).update(position=free)
        siblings.filter(pk=neighbour.pk).update(position=mine, version=F("version") + 1)
        siblings.filter(pk=item.pk).update(position=theirs, version=F("version") + 1)


# Invitations and answers ------------------------------------------------------------


def invitation_recipients(meeting: Meeting) -> list[tuple[User, str, int | None]]:
    """(person, role, municipality id) for the network's climate managers of the
    municipalities taking part now and for its service providers."""
    network = meeting.network
    current = Participation.objects.filter(network=network, left_on__isnull=True).values(
        "municipality"
    )
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


def rsvp_token(invitee: Invitee) -> str:
    return signing.dumps({"i": invitee.pk}, salt=RSVP_SALT, compress=True)


def invitee_from_token(token: str) -> Invitee | None:
    try:
        data = signing.loads(token, salt=RSVP_SALT, max_age=RSVP_MAX_AGE)
    except signing.BadSignature:
        return None
    return (
        Invitee.objects.select_related("meeting__network", "user", "municipality")
        .filter(pk=data.get("i"))
        .first()
    )


def may_answer(invitee: Invitee) -> bool:
    """Whether the invitee may still answer and hear about the meeting: their account
    is active and still opens the meeting's network. When a membership ends, the
    answer link in earlier mails stops working and no more updates or reminders go."""
    user = invitee.user
    return user.is_active and Meeting.objects.for_user(user).filter(pk=invitee.meeting_id).exists()


def _mail_invitees(meeting: Meeting, invitees: list[Invitee]) -> int:
    """Mail each invitee the meeting's current state: invitation, update or
    cancellation. Returns how many mails went out; a failed one is logged and
    the others still go. People who left the network only hear of a cancellation,
    which takes the meeting out of their calendar."""
    name = "meeting-cancelled" if meeting.is_cancelled else "meeting-invitation"
    mails = (
        (
            invitee.pk,
            Mail(
                name=name,
                to=invitee.user.email,
                context={
                    **_meeting_mail_context(meeting, invitee),
                    "is_update": invitee.sent_at is not None,
                },
                language=invitee.user.language,
                calendar=invitation_ics(meeting, invitee.user),
            ),
        )
        for invitee in invitees
        if meeting.is_cancelled or may_answer(invitee)
    )
    sent = send_batch(mails)
    Invitee.objects.filter(pk__in=sent).update(sent_at=timezone.now())
    return len(sent)


def _meeting_mail_context(meeting: Meeting, invitee: Invitee) -> dict:
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
    who joined since are added. Returns how many mails went out."""
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
        recipients = list(recipients)
    sent = _mail_invitees(meeting, recipients)
    Meeting.objects.filter(pk=meeting.pk).update(
        invited_at=timezone.now(), invited_sequence=meeting.sequence
    )
    meeting.invited_at = timezone.now()
    meeting.invited_sequence = meeting.sequence
    return sent


def substitutes_for(invitee: Invitee):
    """People who may stand in for a climate manager: the other climate managers of
    their municipality in the meeting's network."""
    if not invitee.municipality_id:
        return User.objects.none()
    colleagues = Membership.objects.climate_managers_in(
        invitee.meeting.network, [invitee.municipality_id]
    )
    return User.objects.filter(pk__in=colleagues.values("user")).exclude(pk=invitee.user_id)


def answer_invitation(
    *,
    invitee: Invitee,
    answer: str,
    substitute: User | None = None,
    substitute_name: str = "",
    comment: str = "",
) -> Invitee:
    if not may_answer(invitee):
        raise PermissionDenied(ANSWER_CLOSED)
    if invitee.meeting.is_cancelled:
        raise ValidationError(_("Das Treffen ist abgesagt."))
    if invitee.meeting.is_past():
        raise ValidationError(_("Das Treffen ist vorbei; Antworten sind nicht mehr möglich."))
    if substitute is not None and not substitutes_for(invitee).filter(pk=substitute.pk).exists():
        raise ValidationError({"substitute": _("Vertreten kann nur jemand aus Ihrer Kommune.")})
    invitee.answer = answer
    invitee.answered_at = timezone.now()
    invitee.substitute = substitute
    invitee.substitute_name = substitute_name.strip() if substitute is None else ""
    invitee.comment = comment.strip()
    invitee.full_clean()
    invitee.save()
    return invitee


# Attendance -------------------------------------------------------------------------


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

    for invitee in meeting.invitees.select_related("user", "municipality", "substitute"):
        municipality_name = invitee.municipality.name if invitee.municipality else ""
        has_substitute = bool(invitee.substitute_id or invitee.substitute_name)
        yes = invitee.answer == Invitee.Answer.YES and not has_substitute
        add(
            Candidate(
                key=f"u{invitee.user_id}",
                name=invitee.user.get_full_name(),
                municipality_id=invitee.municipality_id,
                municipality_name=municipality_name,
                user_id=invitee.user_id,
                preset=yes if first_time else invitee.user_id in recorded_users,
                note=invitee.get_answer_display(),
            )
        )
        if invitee.substitute_id:
            add(
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
            add(
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
    # People recorded earlier who are no longer among the invitees stay visible.
    names = {candidate.name for candidate in candidates.values()}
    for entry in recorded:
        key = f"u{entry.user_id}" if entry.user_id else f"n{entry.pk}"
        if key in candidates or (not entry.user_id and entry.name in names):
            continue
        add(
            Candidate(
                key=key,
                name=entry.name,
                municipality_id=entry.municipality_id,
                municipality_name=entry.municipality.name if entry.municipality else "",
                user_id=entry.user_id,
                preset=True,
            )
        )
    return sorted(
        candidates.values(), key=lambda c: (c.municipality_name == "", c.municipality_name, c.name)
    )


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
        locked.attendances.all().delete()
        created = Attendance.objects.bulk_create(rows)
        if locked.status == Meeting.Status.PLANNED:
            Meeting.objects.filter(pk=meeting.pk).update(status=Meeting.Status.HELD)
            meeting.status = Meeting.Status.HELD
    return created


# Minutes ----------------------------------------------------------------------------


def _require_open_minutes(meeting: Meeting) -> None:
    if Minutes.objects.filter(meeting=meeting, status=Minutes.Status.FINAL).exists():
        raise ValidationError(
            _(
                "Das Protokoll ist endgültig und gesperrt. Nur die Koordination kann es "
                "wieder öffnen."
            )
        )


def save_minutes(*, meeting: Meeting, user: User, text: str, base_version: int) -> Minutes:
    """Save a version of the minutes' text; every save is kept in the history."""
    require_moderator(user, meeting.network_id)
    with transaction.atomic():
        Meeting.objects.select_for_update().get(pk=meeting.pk)
        minutes = Minutes.objects.filter(meeting=meeting).first()
        if minutes is None:
            minutes = Minutes(meeting=meeting, version=0)
        if minutes.is_final:
            _require_open_minutes(meeting)
        check_version(minutes.version, base_version, current=minutes)
        if minutes.pk and minutes.text == text:
            return minutes
        minutes.text = text
        minutes.version += 1
        minutes.updated_by = user
        minutes._history_user = user
        minutes.save()
    return minutes


def finalise_minutes(*, meeting: Meeting, user: User) -> Minutes:
    """Make the minutes final (locked); the meeting has then taken place."""
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
        minutes.version += 1
        minutes.updated_by = user
        minutes._history_user = user
        minutes._change_reason = "finalised"
        minutes.save()
        Meeting.objects.filter(pk=meeting.pk, status=Meeting.Status.PLANNED).update(
            status=Meeting.Status.HELD
        )
    return minutes


def reopen_minutes(*, meeting: Meeting, user: User) -> Minutes:
    """Only a coordinator of the network reopens final minutes; the history records it."""
    if not Network.objects.editable_by(user).filter(pk=meeting.network_id).exists():
        raise PermissionDenied
    with transaction.atomic():
        minutes = Minutes.objects.select_for_update().get(meeting=meeting)
        if not minutes.is_final:
            return minutes
        minutes.status = Minutes.Status.DRAFT
        minutes.finalised_at = None
        minutes.version += 1
        minutes.updated_by = user
        minutes._history_user = user
        minutes._change_reason = "reopened"
        minutes.save()
    return minutes


def add_decision(*, decision: Decision, user: User) -> Decision:
    require_moderator(user, decision.meeting.network_id)
    _require_open_minutes(decision.meeting)
    decision.full_clean()
    decision.save()
    return decision


def delete_decision(*, decision: Decision, user: User) -> None:
    require_moderator(user, decision.meeting.network_id)
    _require_open_minutes(decision.meeting)
    decision.delete()


def add_action_item(*, item: ActionItem, user: User) -> ActionItem:
    require_moderator(user, item.meeting.network_id)
    _require_open_minutes(item.meeting)
    item.full_clean()
    item.save()
    return item


def delete_action_item(*, item: ActionItem, user: User) -> None:
    require_moderator(user, item.meeting.network_id)
    _require_open_minutes(item.meeting)
    item.delete()


def may_tick(user: User, item: ActionItem) -> bool:
    """Moderators of the meeting and the people responsible tick an item off."""
    return (
        Meeting.objects.moderated_by(user).filter(pk=item.meeting_id).exists()
        or ActionItem.objects.responsible(user).filter(pk=item.pk).exists()
    )


def set_action_item_done(*, item: ActionItem, user: User, done: bool) -> ActionItem:
    """Ticking an item off stays possible after the minutes are final: the work is
    done later."""
    if not may_tick(user, item):
        raise PermissionDenied
    item.done = done
    item.done_at = timezone.now() if done else None
    item.save(update_fields=["done", "done_at"])
    return item


def action_item_to_measure(*, item: ActionItem, user: User, focus_area) -> Measure:
    """A planned measure of the responsible municipality in the meeting's network,
    linked to the action item."""
    if not Network.objects.editable_by(user).filter(pk=item.meeting.network_id).exists():
        raise PermissionDenied
    meeting = item.meeting
    with transaction.atomic():
        # Locked and read again: the same item sent twice at once (a double click)
        # gives one measure; the second finds it linked and is refused.
        locked = ActionItem.objects.select_for_update().get(pk=item.pk)
        if locked.measure_id:
            raise ValidationError(_("Aus dieser Aufgabe ist schon eine Maßnahme entstanden."))
        participation = Participation.objects.filter(
            network=meeting.network_id, municipality=locked.responsible_municipality_id
        ).first()
        if participation is None:
            raise ValidationError(
                _("Die Aufgabe braucht eine verantwortliche Kommune, die am Netzwerk teilnimmt.")
            )
        measure = Measure(
            participation=participation,
            focus_area=focus_area,
            title=" ".join(locked.text.split())[:200],
            description=_("Aus der Aufgabe des Treffens „%(meeting)s“ vom %(date)s.")
            % {
                "meeting": meeting.title,
                "date": date_format(timezone.localtime(meeting.starts_at), "SHORT_DATE_FORMAT"),
            },
            responsible=locked.responsible_person_name(),
            planned_end=locked.due_on,
        )
        save_measure(measure=measure, user=user)
        locked.measure = measure
        locked.save(update_fields=["measure"])
    item.measure = measure
    return measure


# Attachments ------------------------------------------------------------------------


def add_meeting_document(*, meeting: Meeting, user: User, upload) -> MeetingDocument:
    require_moderator(user, meeting.network_id)
    return store_upload(MeetingDocument(meeting=meeting, uploaded_by=user), upload)


def delete_meeting_document(*, document: MeetingDocument, user: User) -> None:
    require_moderator(user, document.meeting.network_id)
    delete_with_file(document)


# Calendar feeds ---------------------------------------------------------------------


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def renew_calendar_feed(*, user: User) -> str:
    """A new secret for the person's feed; the old address stops working."""
    token = secrets.token_urlsafe(32)
    CalendarFeed.objects.update_or_create(
        user=user, defaults={"token_hash": _hash(token), "created_at": timezone.now()}
    )
    return token


def feed_owner(token: str) -> User | None:
    feed = (
        CalendarFeed.objects.select_related("user")
        .filter(token_hash=_hash(token), user__is_active=True)
        .first()
    )
    if feed is None:
        return None
    CalendarFeed.objects.filter(pk=feed.pk).update(last_used_at=timezone.now())
    return feed.user


# Reminders --------------------------------------------------------------------------


def meetings_due_for_reminder(now=None):
    now = now or timezone.now()
    candidates = Meeting.objects.filter(
        status=Meeting.Status.PLANNED,
        invited_at__isnull=False,
        reminded_at__isnull=True,
        starts_at__gt=now,
        starts_at__lte=now + datetime.timedelta(days=60),
    ).select_related("network", "moderator")
    return [
        meeting
        for meeting in candidates
        if meeting.starts_at <= now + datetime.timedelta(days=meeting.network.meeting_reminder_days)
    ]


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
            claimed = Meeting.objects.filter(pk=meeting.pk, reminded_at__isnull=True).update(
                reminded_at=now
            )
        if not claimed:
            continue  # another run got there first
        mails = (
            (
                invitee.pk,
                Mail(
                    name="meeting-reminder",
                    to=invitee.user.email,
                    context=_meeting_mail_context(meeting, invitee),
                    language=invitee.user.language,
                ),
            )
            for invitee in invitees
        )
        sent = len(send_batch(mails))
        done.append((meeting, sent))
    return done
