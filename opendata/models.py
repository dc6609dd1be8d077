"""Open data: a network's measures published under an open licence (one row per
network, off until its coordination publishes)."""

from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from lib.conflicts import Versioned
from lib.constraints import ChecksMirroredInClean
from networks.models import Network


@dataclass(frozen=True)
class LicenceTerms:
    """A licence as the catalogue names it (its URI in the DCAT-AP.de licence
    vocabulary), as people read it (its name and the page of its text), and whether
    users must name the publisher."""

    uri: str
    text_url: str
    short_name: str
    attribution: bool


class Licence(models.TextChoices):
    DL_BY_DE_2 = "dl-by-de/2.0", "Datenlizenz Deutschland – Namensnennung – Version 2.0"
    DL_ZERO_DE_2 = "dl-zero-de/2.0", "Datenlizenz Deutschland – Zero – Version 2.0"
    CC_BY_4 = "cc-by/4.0", "Creative Commons Namensnennung – 4.0 International (CC BY 4.0)"
    CC_ZERO = "cc-zero", "Creative Commons CC Zero License (CC0 1.0)"

    @property
    def terms(self) -> LicenceTerms:
        return LICENCE_TERMS[self]


LICENCE_TERMS = {
    Licence.DL_BY_DE_2: LicenceTerms(
        "http://dcat-ap.de/def/licenses/dl-by-de/2.0",
        "https://www.govdata.de/dl-de/by-2-0",
        "dl-de/by-2-0",
        True,
    ),
    Licence.DL_ZERO_DE_2: LicenceTerms(
        "http://dcat-ap.de/def/licenses/dl-zero-de/2.0",
        "https://www.govdata.de/dl-de/zero-2-0",
        "dl-de/zero-2-0",
        False,
    ),
    Licence.CC_BY_4: LicenceTerms(
        "http://dcat-ap.de/def/licenses/cc-by/4.0",
        "https://creativecommons.org/licenses/by/4.0/deed.de",
        "CC BY 4.0",
        True,
    ),
    Licence.CC_ZERO: LicenceTerms(
        "http://dcat-ap.de/def/licenses/cc-zero",
        "https://creativecommons.org/publicdomain/zero/1.0/deed.de",
        "CC0 1.0",
        False,
    ),
}


class PublicationQuerySet(models.QuerySet):
    def public(self) -> "PublicationQuerySet":
        """The data sets anybody may read: published, of a network that is public (a
        network made private again takes its open data with it)."""
        return self.filter(published=True, network__is_public=True)


class Publication(Versioned, ChecksMirroredInClean, models.Model):
    """Whether a network's measures are open data, under which licence, since when
    and by whom. The history keeps each publishing and withdrawal."""

    network = models.OneToOneField(
        Network,
        on_delete=models.CASCADE,
        related_name="publication",
        verbose_name=_("Netzwerk"),
    )
    published = models.BooleanField(_("veröffentlicht"), default=False)
    published_at = models.DateTimeField(_("veröffentlicht am"), null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("veröffentlicht von"),
    )
    licence = models.CharField(
        _("Lizenz"), max_length=20, choices=Licence.choices, default=Licence.DL_BY_DE_2
    )
    updated_at = models.DateTimeField(_("geändert am"), auto_now=True)
    version = models.PositiveIntegerField(_("Version"), default=1, editable=False)

    objects = PublicationQuerySet.as_manager()
    history = HistoricalRecords(excluded_fields=["updated_at", "version"])

    class Meta:
        verbose_name = _("Veröffentlichung als offene Daten")
        verbose_name_plural = _("Veröffentlichungen als offene Daten")
        ordering = ["network__name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(licence__in=[choice.value for choice in Licence]),
                name="opendata_publication_licence_valid",
            ),
            # Published exactly when it has a publication time: a withdrawn data set
            # shows no date it would seem to be published since.
            models.CheckConstraint(
                condition=Q(published=True, published_at__isnull=False)
                | Q(published=False, published_at__isnull=True),
                name="opendata_publication_published_has_date",
            ),
        ]

    def __str__(self) -> str:
        return str(self.network)

    def clean(self) -> None:
        super().clean()
        if self.published and self.published_at is None:
            raise ValidationError(
                {"published_at": _("Eine Veröffentlichung braucht ihren Zeitpunkt.")}
            )
        if not self.published and self.published_at is not None:
            raise ValidationError(
                {"published_at": _("Eine zurückgezogene Veröffentlichung hat keinen Zeitpunkt.")}
            )

    @property
    def licence_terms(self) -> LicenceTerms:
        return Licence(self.licence).terms
