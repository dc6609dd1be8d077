"""Participations: a municipality taking part in a network, with its savings targets."""

import datetime

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Exists, F, OuterRef, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from lib.constraints import ChecksMirroredInClean
from lib.dates import in_sane_range, validate_sane_date
from networks.models.memberships import Membership
from networks.models.networks import Network
from networks.models.places import Municipality
from networks.models.roles import Role
from networks.validators import FUNDING_CODE_REGEX, validate_funding_code

TARGET_FIELDS = ("target_energy_mwh", "target_co2_t")


def negative_targets(instance) -> dict:
    """The savings targets of a participation or prospect that are negative, with the
    message (the constraints `*_target_*_not_negative` in the database say the same)."""
    return {
        field: _("Ein Einsparziel darf nicht negativ sein.")
        for field in TARGET_FIELDS
        if getattr(instance, field) is not None and getattr(instance, field) < 0
    }


class ParticipationQuerySet(models.QuerySet):
    def for_user(self, user) -> "ParticipationQuerySet":
        return self.filter(network__in=Network.objects.for_user(user))

    def managed_by(self, user) -> "ParticipationQuerySet":
        """The participations a person works in as climate manager: their municipality's,
        in the networks of the coordinator organisation that granted the role (see
        RoleScope). A role granted by one organisation opens nothing of another's."""
        if not user.is_authenticated or not user.is_active:
            return self.none()
        if user.is_superuser:
            return self.all()
        return self.filter(
            Exists(
                Membership.objects.filter(
                    user=user,
                    role=Role.CLIMATE_MANAGER,
                    municipality=OuterRef("municipality"),
                    organisation=OuterRef("network__coordinator"),
                )
            )
        )

    def worked_in_by(self, user) -> "ParticipationQuerySet":
        """The participations a person works in as climate manager themselves: as
        managed_by, but none for administrators, who may act for anyone and so reach
        every participation there, yet manage no municipality (their own results,
        requests to confirm, municipality)."""
        if user.is_superuser:
            return self.none()
        return self.managed_by(user)

    def taking_part_on(self, day: datetime.date) -> "ParticipationQuerySet":
        """Those that had joined by the day and not yet left (as Participation.takes_part_on)."""
        return self.taking_part_between(day, day)

    def taking_part_between(
        self, start: datetime.date, end: datetime.date
    ) -> "ParticipationQuerySet":
        """Those taking part on some day of the period: joined by its end, not left
        before its start (as Participation.takes_part_between)."""
        return self.filter(joined_on__lte=end).exclude(left_on__lt=start)

    def with_measures_editable_by(self, user) -> "ParticipationQuerySet":
        """Participations whose measures a person may log and change: every one in a
        coordinator's networks, and those a climate manager works in (managed_by) until
        the network's term has ended. After the term, new measures belong in the running
        (successor) network; only the coordination still corrects an ended network's
        data, and the measures' history records it (see Measure.CORRECTION_AFTER_TERM)."""
        return self.filter(
            Q(network__in=Network.objects.editable_by(user))
            | Q(
                pk__in=Participation.objects.managed_by(user).values("pk"),
                network__term_end__gte=timezone.localdate(),
            )
        )

    def open_for_new_measures_by(self, user) -> "ParticipationQuerySet":
        """The current participations (not left the network) in which a person may log
        new measures, as the measure form offers them."""
        return (
            self.with_measures_editable_by(user)
            .filter(left_on__isnull=True)
            .select_related("network", "municipality")
            .order_by("network__name", "municipality__name")
        )


class Participation(ChecksMirroredInClean, models.Model):
    network = models.ForeignKey(
        Network,
        on_delete=models.CASCADE,
        related_name="participations",
        verbose_name=_("Netzwerk"),
    )
    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.PROTECT,
        related_name="participations",
        verbose_name=_("Kommune"),
    )
    joined_on = models.DateField(_("beigetreten am"), validators=[validate_sane_date])
    left_on = models.DateField(
        _("ausgeschieden am"), null=True, blank=True, validators=[validate_sane_date]
    )
    target_energy_mwh = models.DecimalField(
        _("Einsparziel Endenergie (MWh/a)"),
        max_digits=12,
        decimal_places=3,
        null=True,
        blank=True,
    )
    target_co2_t = models.DecimalField(
        _("Einsparziel Treibhausgase (t/a)"),
        max_digits=12,
        decimal_places=3,
        null=True,
        blank=True,
        help_text=_("In der Faktorbasis des Netzwerks: t CO₂/a oder t CO₂e/a."),
    )
    funding_code = models.CharField(
        _("Förderkennzeichen der Kommune"),
        max_length=20,
        blank=True,
        validators=[validate_funding_code],
        help_text=_(
            "Nur in Verbundvorhaben, in denen jeder Partner ein eigenes Kennzeichen hat, "
            "z. B. 03KF0069B. Sonst gilt das des Netzwerks."
        ),
    )

    objects = ParticipationQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("Teilnahme")
        verbose_name_plural = _("Teilnahmen")
        ordering = ["network", "municipality__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["network", "municipality"],
                name="networks_participation_unique_municipality",
                violation_error_message=_("Diese Kommune nimmt an dem Netzwerk bereits teil."),
            ),
            models.CheckConstraint(
                condition=Q(left_on__isnull=True) | Q(left_on__gte=F("joined_on")),
                name="networks_participation_left_after_joined",
            ),
            models.CheckConstraint(
                condition=in_sane_range("joined_on"),
                name="networks_participation_joined_on_range",
            ),
            models.CheckConstraint(
                condition=in_sane_range("left_on", null=True),
                name="networks_participation_left_on_range",
            ),
            models.CheckConstraint(
                condition=Q(target_energy_mwh__isnull=True) | Q(target_energy_mwh__gte=0),
                name="networks_participation_target_energy_not_negative",
            ),
            models.CheckConstraint(
                condition=Q(target_co2_t__isnull=True) | Q(target_co2_t__gte=0),
                name="networks_participation_target_co2_not_negative",
            ),
            models.CheckConstraint(
                condition=Q(funding_code="") | Q(funding_code__regex=FUNDING_CODE_REGEX),
                name="networks_participation_funding_code_format",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.municipality} – {self.network}"

    def get_absolute_url(self) -> str:
        return reverse("participant", args=[self.network.slug, self.municipality.slug])

    @property
    def effective_funding_code(self) -> str:
        """The municipality's own code in a joint project, else the network's."""
        return self.funding_code or self.network.funding_code

    def clean(self) -> None:
        super().clean()
        errors = {}
        errors.update(negative_targets(self))
        if self.left_on and self.joined_on and self.left_on < self.joined_on:
            errors["left_on"] = _("Das Ausscheiden kann nicht vor dem Beitritt liegen.")
        if self.network_id:
            network = self.network
            for field in ("joined_on", "left_on"):
                day = getattr(self, field)
                if day and not network.term_contains(day) and field not in errors:
                    message = _(
                        "Das Datum muss in der Laufzeit des Netzwerks liegen (%(start)s – %(end)s)."
                    )
                    errors[field] = message % network.term_for_messages()
        if errors:
            raise ValidationError(errors)

    def takes_part_on(self, day: datetime.date) -> bool:
        """Joined by the day and not yet left (as ParticipationQuerySet.taking_part_on)."""
        return self.joined_on <= day and (self.left_on is None or self.left_on >= day)

    def takes_part_between(self, start: datetime.date, end: datetime.date) -> bool:
        """Taking part on some day of the period (as ParticipationQuerySet.taking_part_between)."""
        return self.joined_on <= end and (self.left_on is None or self.left_on >= start)
