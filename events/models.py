"""Meetings of a network: agenda, invitations and answers, attendance, minutes with
decisions and action items, attachments, and personal calendar feeds."""

import datetime
import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Exists, F, OuterRef, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from lib.conflicts import Versioned
from lib.constraints import ChecksMirroredInClean
from lib.dates import in_sane_range, is_sane, validate_sane_date
from lib.documents import Document, upload_path
from measures.models import Measure
from networks.models import (
    FocusArea,
    Municipality,
    Network,
    Participation,
    Prospect,
    Role,
    User,
)


class MeetingSettings(ChecksMirroredInClean, models.Model):
    """A network's settings for its meetings, one row per network; a network without
    a row has the defaults (for_network)."""

    network = models.OneToOneField(
        Network,
        primary_key=True,
        on_delete=models.CASCADE,
        related_name="meeting_settings",
        verbose_name=_("Netzwerk"),
    )
    meeting_reminder_days = models.PositiveSmallIntegerField(
        _("Erinnerung an Treffen (Tage vorher)"),
        default=3,
        help_text=_("So viele Tage vor einem Treffen erinnert das Portal die Eingeladenen."),
    )

    class Meta:
        verbose_name = _("Einstellungen zu Treffen")
        verbose_name_plural = _("Einstellungen zu Treffen")
        constraints = [
            models.CheckConstraint(
                condition=Q(meeting_reminder_days__gte=1, meeting_reminder_days__lte=60),
                name="events_meetingsettings_reminder_days_range",
            ),
        ]

    def __str__(self) -> str:
        return str(self.network)

    def clean(self) -> None:
        super().clean()
        if self.meeting_reminder_days is not None and not 1 <= self.meeting_reminder_days <= 60:
            raise ValidationError(
                {"meeting_reminder_days": _("Bitte zwischen 1 und 60 Tagen angeben.")}
            )

    @classmethod
    def for_network(cls, network: Network) -> "MeetingSettings":
        """The network's saved row, or an unsaved one with the defaults."""
        try:
            return network.meeting_settings
        except cls.DoesNotExist:
            return cls(network=network)


class MeetingQuerySet(models.QuerySet):
    def for_user(self, user) -> "MeetingQuerySet":
        """Meetings of the networks a person belongs to, funders included: they want
        to know which municipality attended which meeting."""
        return self.filter(network__in=Network.objects.for_user(user))

    def moderated_by(self, user) -> "MeetingQuerySet":
        """Meetings a person prepares, invites to and writes the minutes of."""
        return self.filter(network__in=Network.objects.moderated_by(user))

    # What a person sees of a meeting beyond its date, kind, place, agenda and the
    # attendance counted per municipality (events.access.meeting_parts_for): the
    # network's own people read names, minutes and attachments; its funder reads no
    # names, and minutes and attachments only of meetings the coordination shared.

    def with_names_for(self, user) -> "MeetingQuerySet":
        """Meetings whose people (invited, answers, present by name) a person may
        see: those of networks they belong to other than as the funder."""
        return self.filter(network__in=Network.objects.with_readable_measures(user))

    def with_record_for(self, user) -> "MeetingQuerySet":
        """Meetings whose minutes (with decisions and tasks) and attachments a person
        may read: as with_names_for, and those shared with the network's funder."""
        return self.filter(
            Q(network__in=Network.objects.with_readable_measures(user))
            | Q(shared_with_funder=True, network__in=Network.objects.for_user(user))
        )

    def upcoming(self, now=None) -> "MeetingQuerySet":
        return self.filter(ends_at__gte=now or timezone.now()).order_by("starts_at")

    def past(self, now=None) -> "MeetingQuerySet":
        return self.filter(ends_at__lt=now or timezone.now()).order_by("-starts_at")

    def held(self, now=None) -> "MeetingQuerySet":
        """Meetings that took place by `now`: not cancelled, and begun or recorded as
        held. The one definition the reports, the programme rules and the pages count
        with (Meeting.has_taken_place is the same for one meeting)."""
        return self.exclude(status=Meeting.Status.CANCELLED).filter(
            Q(starts_at__lte=now or timezone.now()) | Q(status=Meeting.Status.HELD)
        )

    def awaiting_reminder(self, now) -> "MeetingQuerySet":
        """Planned meetings people were invited to and not yet reminded of, starting
        within 60 days: the longest reminder time a network may choose."""
        return self.filter(
            status=Meeting.Status.PLANNED,
            invited_at__isnull=False,
            reminded_at__isnull=True,
            starts_at__gt=now,
            starts_at__lte=now + datetime.timedelta(days=60),
        )


class Meeting(Versioned, ChecksMirroredInClean, models.Model):
    class Kind(models.TextChoices):
        KICK_OFF = "kick_off", _("Auftaktveranstaltung")
        NETWORK_MEETING = "network_meeting", _("Netzwerktreffen")
        WORKSHOP = "workshop", _("Workshop")
        SITE_VISIT = "site_visit", _("Exkursion")
        FINAL_EVENT = "final_event", _("Abschlussveranstaltung")
        # For municipalities being recruited, in the Gewinnungsphase before the term.
        INFORMATION_EVENT = "information_event", _("Informationsveranstaltung")

    class Status(models.TextChoices):
        PLANNED = "planned", _("geplant")
        HELD = "held", _("stattgefunden")
        CANCELLED = "cancelled", _("abgesagt")

    network = models.ForeignKey(
        Network, on_delete=models.CASCADE, related_name="meetings", verbose_name=_("Netzwerk")
    )
    kind = models.CharField(
        _("Art"), max_length=20, choices=Kind.choices, default=Kind.NETWORK_MEETING
    )
    title = models.CharField(_("Titel"), max_length=200)
    starts_at = models.DateTimeField(_("Beginn"), validators=[validate_sane_date])
    ends_at = models.DateTimeField(_("Ende"), validators=[validate_sane_date])
    venue = models.CharField(_("Ort"), max_length=200, blank=True)
    address = models.TextField(_("Adresse"), blank=True)
    online_url = models.URLField(
        _("Online-Link"),
        max_length=500,
        blank=True,
        help_text=_("Für Online- und Hybridtreffen, z. B. der Link zur Videokonferenz."),
    )
    description = models.TextField(_("Beschreibung"), blank=True)
    moderator = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="moderated_meetings",
        verbose_name=_("Moderation"),
    )
    status = models.CharField(
        _("Status"), max_length=10, choices=Status.choices, default=Status.PLANNED
    )
    outside_term_confirmed = models.BooleanField(
        _("außerhalb der Laufzeit bestätigt"), default=False
    )
    shared_with_funder = models.BooleanField(
        _("Protokoll und Anhänge für den Fördermittelgeber freigeben"),
        default=False,
        help_text=_(
            "Der Fördermittelgeber sieht dann das endgültige Protokoll mit Beschlüssen und "
            "Aufgaben und die Anhänge, aber weiterhin keine Namen der Anwesenden."
        ),
    )
    uid = models.UUIDField(_("Kalender-UID"), default=uuid.uuid4, unique=True, editable=False)
    # Raised by every change (iCalendar SEQUENCE); also the version an edit form is based on.
    sequence = models.PositiveIntegerField(_("Änderungsstand"), default=0, editable=False)
    invited_at = models.DateTimeField(_("eingeladen am"), null=True, blank=True)
    invited_sequence = models.PositiveIntegerField(
        _("Änderungsstand der letzten Einladung"), null=True, blank=True
    )
    reminded_at = models.DateTimeField(_("erinnert am"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("angelegt von"),
    )
    created_at = models.DateTimeField(_("angelegt am"), auto_now_add=True)
    updated_at = models.DateTimeField(_("geändert am"), auto_now=True)

    objects = MeetingQuerySet.as_manager()
    version_field = "sequence"  # lib.conflicts.Versioned

    class Meta:
        verbose_name = _("Treffen")
        verbose_name_plural = _("Treffen")
        ordering = ["starts_at"]
        indexes = [models.Index(fields=["network", "starts_at"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=F("starts_at")), name="events_meeting_ends_after_start"
            ),
            models.CheckConstraint(
                condition=in_sane_range("starts_at", datetime_field=True),
                name="events_meeting_starts_at_range",
            ),
            models.CheckConstraint(
                condition=in_sane_range("ends_at", datetime_field=True),
                name="events_meeting_ends_at_range",
            ),
            models.CheckConstraint(
                condition=~Q(venue="") | ~Q(online_url=""), name="events_meeting_place_or_link"
            ),
            models.CheckConstraint(condition=~Q(title=""), name="events_meeting_title"),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("meeting", args=[self.pk])

    def clean(self) -> None:
        super().clean()
        errors = {}
        if self.starts_at and self.ends_at and self.ends_at <= self.starts_at:
            errors["ends_at"] = _("Das Ende muss nach dem Beginn liegen.")
        if not self.venue and not self.online_url:
            errors["venue"] = _("Bitte einen Ort oder einen Online-Link angeben.")
        # A start outside the range is its validator's to report; in Berlin time it
        # could even leave Python's calendar.
        if (
            self.network_id
            and self.starts_at
            and is_sane(self.starts_at)
            and not self.outside_term_confirmed
            and not self.within_term()
            and not self.in_recruitment()
        ):
            errors["starts_at"] = _(
                "Das Treffen liegt außerhalb der Laufzeit des Netzwerks. Bitte bestätigen "
                "Sie, dass es trotzdem so stattfinden soll."
            )
        if (
            self.network_id
            and self.moderator_id
            and not User.objects.moderators_of(self.network).filter(pk=self.moderator_id).exists()
        ):
            errors["moderator"] = _(
                "Moderieren kann nur jemand aus der Koordination oder von einem Dienstleister "
                "des Netzwerks."
            )
        if errors:
            raise ValidationError(errors)

    def address_line(self) -> str:
        """The address on one line ("Bahnhofstraße 5a, 33184 Altenbeken"), for plain text."""
        return ", ".join(line.strip() for line in self.address.splitlines() if line.strip())

    def expected_municipalities(self):
        """The municipalities a meeting is for: those taking part in the network on its
        day; for an information event of the Gewinnungsphase (in_recruitment) those that
        will take part and the prospects that had not declined by then."""
        day = timezone.localdate(self.starts_at)
        participations = Participation.objects.filter(network=self.network_id)
        if not self.in_recruitment():
            return Municipality.objects.filter(
                pk__in=participations.taking_part_on(day).values("municipality")
            ).order_by("name")
        prospects = Prospect.objects.filter(network=self.network_id).exclude(
            status=Prospect.Status.DECLINED, answered_on__lt=day
        )
        return Municipality.objects.filter(
            Q(pk__in=participations.exclude(left_on__lt=day).values("municipality"))
            | Q(pk__in=prospects.values("municipality"))
        ).order_by("name")

    def not_represented(self):
        """The municipalities the meeting is for (expected_municipalities) of which
        nobody attended. Attendances without a municipality (the moderator's, a service
        provider's) do not count, and do not empty the list either."""
        represented = self.attendances.filter(municipality__isnull=False).values("municipality")
        return self.expected_municipalities().exclude(pk__in=represented)

    def within_term(self) -> bool:
        return self.network.term_contains(timezone.localtime(self.starts_at).date())

    def in_recruitment(self) -> bool:
        """An information event before the term: it belongs to the Gewinnungsphase."""
        day = timezone.localtime(self.starts_at).date()
        return self.kind == self.Kind.INFORMATION_EVENT and day < self.network.term_start

    @property
    def is_cancelled(self) -> bool:
        return self.status == self.Status.CANCELLED

    def is_past(self, now=None) -> bool:
        return self.ends_at < (now or timezone.now())

    def has_started(self, now=None) -> bool:
        return self.starts_at <= (now or timezone.now())

    def has_taken_place(self, now=None) -> bool:
        """As MeetingQuerySet.held, for a meeting already read."""
        return not self.is_cancelled and (self.has_started(now) or self.status == self.Status.HELD)

    def agenda_with_times(self) -> list[tuple["AgendaItem", datetime.datetime]]:
        """Each agenda item with its planned start: the meeting's start plus the
        durations of the items before it."""
        start = timezone.localtime(self.starts_at)
        items = []
        for item in self.agenda_items.select_related("focus_area"):
            items.append((item, start))
            start += datetime.timedelta(minutes=item.duration_minutes)
        return items

    def agenda_end(self, agenda=None) -> datetime.datetime | None:
        agenda = agenda if agenda is not None else self.agenda_with_times()
        if not agenda:
            return None
        item, start = agenda[-1]
        return start + datetime.timedelta(minutes=item.duration_minutes)


class AgendaItem(Versioned, ChecksMirroredInClean, models.Model):
    meeting = models.ForeignKey(
        Meeting, on_delete=models.CASCADE, related_name="agenda_items", verbose_name=_("Treffen")
    )
    position = models.PositiveIntegerField(_("Position"))
    title = models.CharField(_("Titel"), max_length=200)
    duration_minutes = models.PositiveSmallIntegerField(_("Dauer (Minuten)"), default=30)
    presenter = models.CharField(_("Vortragende"), max_length=200, blank=True)
    focus_area = models.ForeignKey(
        FocusArea,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("Themenschwerpunkt"),
    )
    notes = models.TextField(_("Hinweise"), blank=True)
    version = models.PositiveIntegerField(_("Version"), default=1, editable=False)

    class Meta:
        verbose_name = _("Tagesordnungspunkt")
        verbose_name_plural = _("Tagesordnungspunkte")
        ordering = ["meeting", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "position"], name="events_agendaitem_unique_position"
            ),
            models.CheckConstraint(
                condition=Q(duration_minutes__gte=1, duration_minutes__lte=720),
                name="events_agendaitem_duration_range",
            ),
            models.CheckConstraint(condition=~Q(title=""), name="events_agendaitem_title"),
        ]

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        super().clean()
        if self.duration_minutes is not None and not 1 <= self.duration_minutes <= 720:
            raise ValidationError(
                {"duration_minutes": _("Bitte eine Dauer zwischen 1 und 720 Minuten angeben.")}
            )


class Invitee(ChecksMirroredInClean, models.Model):
    """A person invited to a meeting, with their answer. Climate managers are invited
    for their municipality; they may name a substitute from it."""

    class Answer(models.TextChoices):
        PENDING = "pending", _("keine Antwort")
        YES = "yes", _("Zusage")
        NO = "no", _("Absage")
        MAYBE = "maybe", _("vielleicht")

    meeting = models.ForeignKey(
        Meeting, on_delete=models.CASCADE, related_name="invitees", verbose_name=_("Treffen")
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="meeting_invitations",
        verbose_name=_("Person"),
    )
    role = models.CharField(_("Rolle"), max_length=20, choices=Role.choices)
    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("Kommune"),
    )
    answer = models.CharField(
        _("Antwort"), max_length=10, choices=Answer.choices, default=Answer.PENDING
    )
    answered_at = models.DateTimeField(_("geantwortet am"), null=True, blank=True)
    substitute = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("Vertretung"),
    )
    substitute_name = models.CharField(
        _("Vertretung (Name)"),
        max_length=200,
        blank=True,
        help_text=_("Für eine Vertretung, die kein Konto im Portal hat."),
    )
    comment = models.CharField(_("Anmerkung"), max_length=500, blank=True)
    sent_at = models.DateTimeField(_("Einladung versandt am"), null=True, blank=True)

    class Meta:
        verbose_name = _("Eingeladene Person")
        verbose_name_plural = _("Eingeladene Personen")
        ordering = ["municipality__name", "user__name", "user__email"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "user"], name="events_invitee_unique"),
            models.CheckConstraint(
                condition=Q(role="climate_manager", municipality__isnull=False)
                | (~Q(role="climate_manager") & Q(municipality__isnull=True)),
                name="events_invitee_municipality_for_climate_managers",
            ),
            models.CheckConstraint(
                condition=Q(substitute__isnull=True) | Q(substitute_name=""),
                name="events_invitee_one_substitute",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} – {self.meeting}"

    def clean(self) -> None:
        super().clean()
        errors = {}
        if self.substitute_id and self.substitute_name:
            errors["substitute_name"] = _("Bitte nur eine Vertretung angeben: Person oder Name.")
        if (self.role == Role.CLIMATE_MANAGER) != bool(self.municipality_id):
            errors["municipality"] = _(
                "Eine Kommune gehört genau zu Einladungen an das Klimaschutzmanagement."
            )
        if errors:
            raise ValidationError(errors)

    def substitute_display(self) -> str:
        if self.substitute_id:
            return self.substitute.get_full_name()
        return self.substitute_name


class Attendance(ChecksMirroredInClean, models.Model):
    """Who attended a meeting, and for which municipality (none for coordinators and
    service providers). People without an account are recorded by name."""

    meeting = models.ForeignKey(
        Meeting, on_delete=models.CASCADE, related_name="attendances", verbose_name=_("Treffen")
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="attendances",
        verbose_name=_("Person"),
    )
    name = models.CharField(_("Name"), max_length=200)
    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="attendances",
        verbose_name=_("Kommune"),
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("erfasst von"),
    )
    recorded_at = models.DateTimeField(_("erfasst am"), default=timezone.now)

    class Meta:
        verbose_name = _("Teilnahme am Treffen")
        verbose_name_plural = _("Anwesenheit")
        ordering = ["municipality__name", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "user"],
                condition=Q(user__isnull=False),
                name="events_attendance_unique_person",
            ),
            models.CheckConstraint(condition=~Q(name=""), name="events_attendance_name"),
        ]

    def __str__(self) -> str:
        return f"{self.name} – {self.meeting}"


class Minutes(Versioned, models.Model):
    """The minutes of a meeting in Markdown. Every save is kept (django-simple-history);
    final minutes are locked until a coordinator reopens them."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Entwurf")
        FINAL = "final", _("endgültig")

    meeting = models.OneToOneField(
        Meeting, on_delete=models.CASCADE, related_name="minutes", verbose_name=_("Treffen")
    )
    text = models.TextField(_("Text (Markdown)"), blank=True)
    status = models.CharField(
        _("Status"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    version = models.PositiveIntegerField(_("Version"), default=1, editable=False)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("zuletzt geändert von"),
    )
    updated_at = models.DateTimeField(_("geändert am"), auto_now=True)
    finalised_at = models.DateTimeField(_("abgeschlossen am"), null=True, blank=True)
    # When the final minutes last went out by mail (events.services.followup).
    mailed_at = models.DateTimeField(_("versandt am"), null=True, blank=True, editable=False)

    history = HistoricalRecords(excluded_fields=["mailed_at"])

    class Meta:
        verbose_name = _("Protokoll")
        verbose_name_plural = _("Protokolle")
        constraints = [
            models.CheckConstraint(
                condition=Q(status="draft") | Q(finalised_at__isnull=False),
                name="events_minutes_final_has_date",
            ),
        ]

    def __str__(self) -> str:
        return str(self.meeting)

    @property
    def is_final(self) -> bool:
        return self.status == self.Status.FINAL

    @property
    def correction_pending(self) -> bool:
        """Final again after a mailing, and this version not yet mailed."""
        return bool(
            self.is_final and self.mailed_at and self.finalised_at
            and self.mailed_at < self.finalised_at
        )  # fmt: skip

    def next_mailing_at(self) -> datetime.datetime | None:
        """When the final version not yet mailed may go out, or None for at once: the
        first at once, a corrected one MINUTES_CORRECTION_MINUTES after the last
        mailing at the earliest, so a few quick corrections make one mail, not one each."""
        if self.mailed_at is None:
            return None
        due = self.mailed_at + datetime.timedelta(minutes=settings.MINUTES_CORRECTION_MINUTES)
        return due if due > timezone.now() else None

    # Who reads what: drafts are for the people who write the minutes (the meeting's
    # moderators); every other member reads final minutes only. After a reopen they
    # keep reading the last final version, not the drafts saved since.

    def _moderated_by(self, user) -> bool:
        return Meeting.objects.moderated_by(user).filter(pk=self.meeting_id).exists()

    def last_final_version(self):
        """The last saved version that was final (a history record), or None."""
        return (
            self.history.filter(status=self.Status.FINAL)
            .select_related("updated_by")
            .order_by("-history_id")
            .first()
        )

    def final_version(self):
        """The final minutes: these when final, after a reopen the last final version,
        None while they have never been final."""
        return self if self.is_final else self.last_final_version()

    def shown_to(self, user):
        """The minutes as a person reads them on the meeting page: the current draft
        or final text for moderators, the final version for everybody else."""
        return self if self._moderated_by(user) else self.final_version()

    def versions_for(self, user):
        """The saved versions a person may read and compare, oldest first: every one
        for moderators; for other members those up to the last final version (none
        before the minutes were first final, never the drafts after a reopen)."""
        versions = self.history.select_related("history_user").order_by("history_id")
        if self._moderated_by(user):
            return versions
        last_final = self.last_final_version()
        if last_final is None:
            return versions.none()
        return versions.filter(history_id__lte=last_final.history_id)


class Decision(ChecksMirroredInClean, models.Model):
    meeting = models.ForeignKey(
        Meeting, on_delete=models.CASCADE, related_name="decisions", verbose_name=_("Treffen")
    )
    text = models.TextField(_("Beschluss"))
    created_at = models.DateTimeField(_("angelegt am"), auto_now_add=True)

    class Meta:
        verbose_name = _("Beschluss")
        verbose_name_plural = _("Beschlüsse")
        ordering = ["meeting", "created_at", "pk"]
        constraints = [
            models.CheckConstraint(condition=~Q(text=""), name="events_decision_text"),
        ]

    def __str__(self) -> str:
        return self.text[:80]


class ActionItemQuerySet(models.QuerySet):
    def open(self) -> "ActionItemQuerySet":
        return self.filter(done=False).exclude(meeting__status=Meeting.Status.CANCELLED)

    def responsible(self, user, *, networks: list[int] | None = None) -> "ActionItemQuerySet":
        """Items a person answers for: named directly, or through the municipality
        they are climate manager of (in a network the item's meeting belongs to).
        `networks`: the ids of Network.objects.for_user(user), if read already."""
        if not user.is_authenticated:
            return self.none()
        managed = Participation.objects.managed_by(user).filter(
            network=OuterRef("meeting__network"), municipality=OuterRef("responsible_municipality")
        )
        return self.filter(Q(responsible_person=user) | Q(Exists(managed))).filter(
            meeting__network__in=Network.objects.for_user(user) if networks is None else networks
        )

    def for_user(self, user) -> "ActionItemQuerySet":
        return self.filter(meeting__in=Meeting.objects.for_user(user))


class ActionItem(ChecksMirroredInClean, models.Model):
    meeting = models.ForeignKey(
        Meeting, on_delete=models.CASCADE, related_name="action_items", verbose_name=_("Treffen")
    )
    text = models.TextField(_("Aufgabe"))
    responsible_municipality = models.ForeignKey(
        Municipality,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="action_items",
        verbose_name=_("verantwortliche Kommune"),
    )
    responsible_person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="action_items",
        verbose_name=_("verantwortliche Person"),
    )
    due_on = models.DateField(_("fällig am"), validators=[validate_sane_date])
    done = models.BooleanField(_("erledigt"), default=False)
    done_at = models.DateTimeField(_("erledigt am"), null=True, blank=True)
    measure = models.ForeignKey(
        Measure,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="action_items",
        verbose_name=_("Maßnahme"),
    )
    created_at = models.DateTimeField(_("angelegt am"), auto_now_add=True)

    objects = ActionItemQuerySet.as_manager()

    class Meta:
        verbose_name = _("Aufgabe")
        verbose_name_plural = _("Aufgaben")
        ordering = ["due_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(responsible_municipality__isnull=False)
                | Q(responsible_person__isnull=False),
                name="events_actionitem_someone_responsible",
            ),
            models.CheckConstraint(
                condition=Q(done=False) | Q(done_at__isnull=False),
                name="events_actionitem_done_has_date",
            ),
            models.CheckConstraint(condition=~Q(text=""), name="events_actionitem_text"),
            models.CheckConstraint(
                condition=in_sane_range("due_on"), name="events_actionitem_due_on_range"
            ),
        ]

    def __str__(self) -> str:
        return self.text[:80]

    def clean(self) -> None:
        super().clean()
        if not self.responsible_municipality_id and not self.responsible_person_id:
            raise ValidationError(
                {
                    "responsible_municipality": _(
                        "Bitte eine verantwortliche Kommune oder Person angeben."
                    )
                }
            )

    def is_overdue(self, today=None) -> bool:
        return not self.done and self.due_on < (today or timezone.localdate())

    def responsible_display(self) -> str:
        names = [
            str(part)
            for part in (self.responsible_municipality, self.responsible_person_name())
            if part
        ]
        return ", ".join(names)

    def responsible_person_name(self) -> str:
        return self.responsible_person.get_full_name() if self.responsible_person_id else ""


class ActionDigest(models.Model):
    """A weekly mail to a person about their tasks from meetings that are due soon or
    overdue (events.services.followup); at most one in 7 days."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="action_digests",
        verbose_name=_("Person"),
    )
    sent_at = models.DateTimeField(_("gesendet am"), default=timezone.now)
    item_count = models.PositiveIntegerField(_("Aufgaben"))

    class Meta:
        verbose_name = _("Aufgabenübersicht")
        verbose_name_plural = _("Aufgabenübersichten")
        ordering = ["-sent_at"]
        indexes = [models.Index(fields=["user", "sent_at"])]

    def __str__(self) -> str:
        return f"{self.user} {self.sent_at:%Y-%m-%d}"


# The name migration 0001 gives the upload path of meeting documents.
attachment_path = upload_path


class MeetingDocument(Document):
    """Slides, photos and documents of a meeting, checked like measure documents."""

    UPLOAD_FOLDER = "treffen"
    OWNER = "meeting"
    URL_NAME = "meeting_document"

    meeting = models.ForeignKey(
        Meeting, on_delete=models.CASCADE, related_name="documents", verbose_name=_("Treffen")
    )

    class Meta(Document.Meta):
        verbose_name = _("Anhang")
        verbose_name_plural = _("Anhänge")
        ordering = ["uploaded_at", "pk"]


class CalendarFeed(models.Model):
    """A person's secret calendar address. Only a hash of its token is stored; renewing
    replaces it, and the old address stops working."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="calendar_feed",
        verbose_name=_("Person"),
    )
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(_("angelegt am"), default=timezone.now)
    last_used_at = models.DateTimeField(_("zuletzt abgerufen am"), null=True, blank=True)

    class Meta:
        verbose_name = _("Kalender-Abonnement")
        verbose_name_plural = _("Kalender-Abonnements")

    def __str__(self) -> str:
        return str(self.user)
