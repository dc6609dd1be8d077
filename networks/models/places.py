"""Places: the federal states and the municipalities (towns, districts) in them."""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from lib.constraints import ChecksMirroredInClean
from networks.validators import AGS_REGEX, validate_ags


class FederalState(models.TextChoices):
    """German federal states, keyed by the first two digits of their municipality keys."""

    SCHLESWIG_HOLSTEIN = "01", "Schleswig-Holstein"
    HAMBURG = "02", "Hamburg"
    NIEDERSACHSEN = "03", "Niedersachsen"
    BREMEN = "04", "Bremen"
    NORDRHEIN_WESTFALEN = "05", "Nordrhein-Westfalen"
    HESSEN = "06", "Hessen"
    RHEINLAND_PFALZ = "07", "Rheinland-Pfalz"
    BADEN_WUERTTEMBERG = "08", "Baden-Württemberg"
    BAYERN = "09", "Bayern"
    SAARLAND = "10", "Saarland"
    BERLIN = "11", "Berlin"
    BRANDENBURG = "12", "Brandenburg"
    MECKLENBURG_VORPOMMERN = "13", "Mecklenburg-Vorpommern"
    SACHSEN = "14", "Sachsen"
    SACHSEN_ANHALT = "15", "Sachsen-Anhalt"
    THUERINGEN = "16", "Thüringen"


class Municipality(ChecksMirroredInClean, models.Model):
    class Kind(models.TextChoices):
        STADT = "stadt", _("Stadt")
        GEMEINDE = "gemeinde", _("Gemeinde")
        KREIS = "kreis", _("Kreis")

    name = models.CharField(_("Name"), max_length=200)
    slug = models.SlugField(_("Kurzname (URL)"), max_length=100, unique=True)
    kind = models.CharField(_("Art"), max_length=10, choices=Kind.choices)
    ags = models.CharField(
        _("Amtlicher Gemeindeschlüssel (AGS)"),
        max_length=8,
        unique=True,
        validators=[validate_ags],
        help_text=_("8 Ziffern, z. B. 05774032 für Paderborn."),
    )
    district = models.CharField(_("Kreis"), max_length=200, blank=True)
    federal_state = models.CharField(_("Bundesland"), max_length=2, choices=FederalState.choices)
    population = models.PositiveIntegerField(_("Einwohnerzahl"), null=True, blank=True)

    class Meta:
        verbose_name = _("Kommune")
        verbose_name_plural = _("Kommunen")
        ordering = ["name"]
        # The measure list's default order (municipality, then title): with the names
        # in an index, PostgreSQL walks the municipalities in order and sorts only each
        # one's measures until a page is full, not all 20,000 (47 -> 0.2 ms).
        indexes = [models.Index(fields=["name"], name="networks_municipality_name")]
        constraints = [
            models.CheckConstraint(
                condition=Q(ags__regex=AGS_REGEX), name="networks_municipality_ags_format"
            ),
            models.CheckConstraint(
                condition=Q(ags__startswith=F("federal_state")),
                name="networks_municipality_ags_matches_state",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        super().clean()
        if self.ags and self.federal_state and not self.ags.startswith(self.federal_state):
            raise ValidationError(
                {
                    "ags": _(
                        "Der AGS muss mit der Kennziffer des Bundeslands beginnen "
                        "(%(state)s: %(code)s)."
                    )
                    % {"state": self.get_federal_state_display(), "code": self.federal_state}
                }
            )
