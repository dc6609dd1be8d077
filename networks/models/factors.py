"""Factor sets: the emission factors a network counts its greenhouse-gas figures in."""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from lib.constraints import ChecksMirroredInClean
from lib.dates import MAX_YEAR, MIN_YEAR, YEARS, is_sane_year
from networks.catalogue import load_factor_sets

# The programme's own set: the funding agency counts savings with BAFA's factors.
PROGRAMME_FACTOR_SET = "bafa-2021"


class FactorSetQuerySet(models.QuerySet):
    def programme(self) -> "FactorSet":
        """The programme's own set (PROGRAMME_FACTOR_SET): a new network's default, and
        the set a measure not yet in a network is previewed in. Loaded from the
        catalogue if a flushed database lacks it."""
        found = self.filter(slug=PROGRAMME_FACTOR_SET).first()
        if found is None:
            load_factor_sets(self.model)
            found = self.get(slug=PROGRAMME_FACTOR_SET)
        return found


class FactorSet(ChecksMirroredInClean, models.Model):
    """A consistent set of emission factors, such as BAFA's direct CO₂ factors or
    BISKO's life-cycle factors in CO₂ equivalents. Each network counts its
    greenhouse-gas figures in one set, and every figure says which gas it counts."""

    class Basis(models.TextChoices):
        CO2 = "co2", _("CO₂ (direkte Emissionen)")
        CO2E = "co2e", _("CO₂-Äquivalente (mit Vorketten)")

    name = models.CharField(_("Name"), max_length=100)
    slug = models.SlugField(_("Kurzname"), max_length=50, unique=True)
    basis = models.CharField(_("Bilanzgröße"), max_length=4, choices=Basis.choices)
    source = models.TextField(_("Quelle"))
    year = models.PositiveSmallIntegerField(_("Stand (Jahr)"))
    description = models.TextField(_("Beschreibung"), blank=True)
    ordering = models.PositiveSmallIntegerField(_("Reihenfolge"), default=0)

    objects = FactorSetQuerySet.as_manager()

    class Meta:
        verbose_name = _("Faktorbasis")
        verbose_name_plural = _("Faktorbasen")
        ordering = ["ordering", "name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(basis__in=["co2", "co2e"]), name="networks_factorset_basis_valid"
            ),
            models.CheckConstraint(
                condition=Q(year__gte=MIN_YEAR, year__lte=MAX_YEAR),
                name="networks_factorset_year_range",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        super().clean()
        errors = {}
        if self.year is not None and not is_sane_year(self.year):
            errors["year"] = _("Das Jahr muss zwischen %(min)s und %(max)s liegen.") % YEARS
        if not (self.source or "").strip():
            errors["source"] = _("Bitte die Quelle der Faktoren angeben.")
        if errors:
            raise ValidationError(errors)

    @property
    def gas(self) -> str:
        """What its figures count: "CO₂" or "CO₂e"."""
        return gas_of(self.basis)

    @property
    def unit(self) -> str:
        """The unit of a measure's annual savings in this set, such as "t CO₂/a"."""
        return unit_of(self.basis)


def gas_of(basis: str) -> str:
    return "CO₂e" if basis == FactorSet.Basis.CO2E else "CO₂"


def unit_of(basis: str) -> str:
    """The unit of annual greenhouse-gas savings counted on a basis: "t CO₂e/a"."""
    return f"t {gas_of(basis)}/a"


def programme_factor_set() -> int:
    """The default set of a new network (Network.factor_set's default, which old
    migrations name): the programme's."""
    return FactorSet.objects.programme().pk
