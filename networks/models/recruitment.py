"""Recruitment: the municipalities approached for a network in its Gewinnungsphase."""

from pathlib import PurePath

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from lib.conflicts import Versioned
from lib.constraints import ChecksMirroredInClean
from lib.dates import in_sane_range, validate_sane_date
from lib.uploads import random_name
from networks.models.networks import Network
from networks.models.participations import Participation, negative_targets
from networks.models.places import Municipality


def letter_path(instance, filename: str) -> str:
    """Written answers are stored under a random name; only the (checked) extension
    is kept."""
    return random_name("gewinnung", PurePath(filename).suffix.lower().lstrip(".") or "bin")


class Prospect(Versioned, ChecksMirroredInClean, models.Model):
    """A municipality the coordination recruits for a network in its Gewinnungsphase:
    each attempt with its steps and the written answer, confirmations and refusals
    alike, as the funding guideline asks. Confirmed prospects become participants."""

    class Status(models.TextChoices):
        APPROACHED = "approached", _("angesprochen")
        INTERESTED = "interested", _("interessiert")
        CONFIRMED = "confirmed", _("schriftlich zugesagt")
        DECLINED = "declined", _("abgesagt")

    network = models.ForeignKey(
        Network, on_delete=models.CASCADE, related_name="prospects", verbose_name=_("Netzwerk")
    )
    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.PROTECT,
        related_name="prospects",
        verbose_name=_("Kommune"),
    )
    contact_name = models.CharField(_("Ansprechperson"), max_length=200, blank=True)
    contact_email = models.EmailField(_("E-Mail der Ansprechperson"), blank=True)
    status = models.CharField(
        _("Stand"), max_length=12, choices=Status.choices, default=Status.APPROACHED
    )
    approached_on = models.DateField(_("angesprochen am"), validators=[validate_sane_date])
    interested_on = models.DateField(
        _("Interesse bekundet am"), null=True, blank=True, validators=[validate_sane_date]
    )
    answered_on = models.DateField(
        _("schriftliche Antwort vom"),
        null=True,
        blank=True,
        validators=[validate_sane_date],
        help_text=_("Datum der schriftlichen Zusage (Absichtserklärung) oder Absage."),
    )
    decline_reason = models.TextField(_("Grund der Absage"), blank=True)
    letter = models.FileField(
        _("Schreiben"),
        upload_to=letter_path,
        max_length=200,
        blank=True,
        help_text=_("Die schriftliche Antwort der Kommune: Absichtserklärung oder Absage."),
    )
    letter_name = models.CharField(_("Dateiname"), max_length=200, blank=True)
    letter_content_type = models.CharField(_("Dateityp"), max_length=100, blank=True)
    target_energy_mwh = models.DecimalField(
        _("Einsparziel Endenergie (MWh/a)"), max_digits=12, decimal_places=3, null=True, blank=True
    )
    target_co2_t = models.DecimalField(
        _("Einsparziel Treibhausgase (t/a)"),
        max_digits=12,
        decimal_places=3,
        null=True,
        blank=True,
        help_text=_("In der Faktorbasis des Netzwerks: t CO₂/a oder t CO₂e/a."),
    )
    notes = models.TextField(_("Notizen"), blank=True)
    participation = models.OneToOneField(
        Participation,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="prospect",
        verbose_name=_("Teilnahme"),
        editable=False,
    )
    version = models.PositiveIntegerField(_("Version"), default=1, editable=False)
    updated_at = models.DateTimeField(_("geändert am"), auto_now=True)

    history = HistoricalRecords(excluded_fields=["updated_at", "version"])

    class Meta:
        verbose_name = _("Gewinnung einer Kommune")
        verbose_name_plural = _("Gewinnung von Kommunen")
        ordering = ["network", "municipality__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["network", "municipality"],
                name="networks_prospect_unique_municipality",
                violation_error_message=_(
                    "Diese Kommune steht in der Gewinnung dieses Netzwerks bereits."
                ),
            ),
            models.CheckConstraint(
                condition=~Q(status="confirmed") | (Q(answered_on__isnull=False) & ~Q(letter="")),
                name="networks_prospect_confirmed_in_writing",
            ),
            models.CheckConstraint(
                condition=~Q(status="declined")
                | (Q(answered_on__isnull=False) & ~Q(decline_reason="")),
                name="networks_prospect_declined_with_reason",
            ),
            models.CheckConstraint(
                condition=Q(interested_on__isnull=True) | Q(interested_on__gte=F("approached_on")),
                name="networks_prospect_interest_after_approach",
            ),
            models.CheckConstraint(
                condition=Q(answered_on__isnull=True) | Q(answered_on__gte=F("approached_on")),
                name="networks_prospect_answer_after_approach",
            ),
            models.CheckConstraint(
                condition=Q(target_energy_mwh__isnull=True) | Q(target_energy_mwh__gte=0),
                name="networks_prospect_target_energy_not_negative",
            ),
            models.CheckConstraint(
                condition=Q(target_co2_t__isnull=True) | Q(target_co2_t__gte=0),
                name="networks_prospect_target_co2_not_negative",
            ),
            models.CheckConstraint(
                condition=in_sane_range("approached_on"),
                name="networks_prospect_approached_on_range",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.municipality} – {self.network}"

    def clean(self) -> None:
        super().clean()
        errors = {}
        if self.status == self.Status.CONFIRMED:
            if not self.answered_on:
                errors["answered_on"] = _("Bitte das Datum der schriftlichen Zusage angeben.")
            if not self.letter:
                errors["letter"] = _(
                    "Eine Zusage zählt erst schriftlich: bitte die Absichtserklärung hochladen."
                )
        if self.status == self.Status.DECLINED:
            if not self.answered_on:
                errors["answered_on"] = _("Bitte das Datum der Absage angeben.")
            if not self.decline_reason.strip():
                errors["decline_reason"] = _("Bitte den Grund der Absage angeben.")
        if self.approached_on:
            for field in ("interested_on", "answered_on"):
                day = getattr(self, field)
                if day and day < self.approached_on and field not in errors:
                    errors[field] = _("Das Datum kann nicht vor der ersten Ansprache liegen.")
        errors.update(negative_targets(self))
        if errors:
            raise ValidationError(errors)

    def get_letter_url(self) -> str:
        return reverse("prospect_letter", args=[self.network.slug, self.pk])
