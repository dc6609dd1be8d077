import datetime
from collections.abc import Collection, Iterable, Mapping
from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import models
from django.db.models import BooleanField, Case, Count, Exists, F, OuterRef, Q, Sum, When
from django.db.models.functions import Coalesce, ExtractYear, TruncDate
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format, number_format
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from lib.conflicts import Versioned
from lib.constraints import ChecksMirroredInClean
from lib.dates import MAX_YEAR, MIN_YEAR, YEARS, in_sane_range, is_sane_year, validate_sane_date
from lib.documents import Document, upload_path
from lib.numbers import without_trailing_zeros
from networks.models import (
    ENGLISH_NAME_HELP,
    FactorSet,
    FocusArea,
    Membership,
    NamedInTwoLanguages,
    Network,
    Participation,
    unit_of,
)

TONNES = Decimal("0.001")


def co2_tonnes(kwh: Decimal, kg_per_kwh: Decimal) -> Decimal:
    """Annual greenhouse-gas effect in tonnes a year, exact to the kilogram."""
    return (kwh * kg_per_kwh / 1000).quantize(TONNES, rounding=ROUND_HALF_UP)


def largest_value(field: models.DecimalField) -> Decimal:
    """The largest amount, either sign, that a decimal column holds: 999 999 999 999.99
    for 14 digits of which 2 are decimals. PostgreSQL refuses a larger one with an
    error (a 500 instead of a message); SQLite stores it and cannot read it back."""
    places = field.decimal_places
    return Decimal(10) ** (field.max_digits - places) - Decimal(10) ** -places


def too_large_for(field: models.DecimalField, value: Decimal | None, message) -> str | None:
    """`message` with `value` and the column's largest (`max`) in the reader's number
    format if `value` (with at most the column's decimal places, as the figures
    computed here have) is too large for `field`'s column; else None."""
    largest = largest_value(field)
    if value is None or abs(value) <= largest:
        return None

    def shown(amount: Decimal) -> str:
        return number_format(amount, field.decimal_places, use_l10n=True, force_grouping=True)

    return message % {"value": shown(value), "max": shown(largest)}


LINE_TOO_LARGE = _(
    "Die Energiemenge %(value)s kWh/a ist zu groß; höchstens %(max)s kWh/a sind möglich."
)
SUM_TOO_LARGE = _(
    "Die Summe der Energiezeilen (%(value)s kWh/a) ist zu groß; höchstens %(max)s kWh/a "
    "sind möglich."
)
# A measure's lifetime in whole years: the database rule, clean() and the form's input
# take the bounds from here, and every message names them.
MIN_LIFETIME_YEARS = 1
MAX_LIFETIME_YEARS = 100
LIFETIME_YEARS = {"min": MIN_LIFETIME_YEARS, "max": MAX_LIFETIME_YEARS}
LIFETIME_OUT_OF_RANGE = _("Die Nutzungsdauer muss zwischen %(min)s und %(max)s Jahren liegen.")


def lifetime_out_of_range_message() -> str:
    """The lifetime's rule in the reader's language, with its bounds."""
    return LIFETIME_OUT_OF_RANGE % LIFETIME_YEARS


CO2_TOO_LARGE = _(
    "Die THG-Einsparung, die aus den Energiemengen folgt (%(value)s t/a), ist zu groß; "
    "höchstens %(max)s t/a sind möglich."
)


def missing_factors_message(carriers: Iterable, factor_set: FactorSet, year: int) -> str:
    """What a person is told when carriers have no factor in a set for a year (or an
    earlier one): the measure's check and the form's preview say the same."""
    return _(
        "Für %(carriers)s gibt es in der Faktorbasis „%(set)s“ keinen "
        "Emissionsfaktor für %(year)s oder früher. Bitte die THG-Einsparung "
        "von Hand mit Begründung eintragen."
    ) % {"carriers": ", ".join(map(str, carriers)), "set": factor_set, "year": year}


def without_factor(line_factors: Iterable[tuple]) -> list["MeasureEnergy"]:
    """The lines of (line, factor) pairs (Measure.line_factors) that have no factor."""
    return [line for line, factor in line_factors if factor is None]


class EnergyCarrier(NamedInTwoLanguages, models.Model):
    name = models.CharField(_("Name"), max_length=100)
    name_en = models.CharField(
        _("Name (englisch)"), max_length=100, blank=True, help_text=ENGLISH_NAME_HELP
    )
    slug = models.SlugField(_("Kurzname (URL)"), max_length=100, unique=True)
    ordering = models.PositiveSmallIntegerField(_("Reihenfolge"), default=0)

    class Meta:
        verbose_name = _("Energieträger")
        verbose_name_plural = _("Energieträger")
        ordering = ["ordering", "name"]

    def __str__(self) -> str:
        return self.display_name()

    def factor_for(self, year: int, factor_set_id: int) -> "EmissionFactor | None":
        """The factor of a set for a year (as EmissionFactorQuerySet.applicable), from
        the prefetched factors where the caller prefetched them (an import checks
        thousands of rows with one query), else from the database."""
        if "emission_factors" in getattr(self, "_prefetched_objects_cache", {}):
            earlier = [
                factor
                for factor in self.emission_factors.all()
                if factor.factor_set_id == factor_set_id and factor.year <= year
            ]
            return max(earlier, key=lambda factor: factor.year, default=None)
        return EmissionFactor.objects.applicable(self, year, factor_set_id)

    def heating_value_for(self, unit: str) -> "HeatingValue | None":
        """The carrier's heating value in a unit, from the prefetched ones where the
        caller prefetched them, else from the database; None if there is none."""
        if "heating_values" in getattr(self, "_prefetched_objects_cache", {}):
            return next((v for v in self.heating_values.all() if v.unit == unit), None)
        return self.heating_values.filter(unit=unit).first()


class MeasureCategory(ChecksMirroredInClean, NamedInTwoLanguages, models.Model):
    """A category of the funding programme (the Kommunalrichtlinie's investive and
    strategic measures), beside a measure's focus area: what the funder counts by."""

    class Kind(models.TextChoices):
        INVESTIVE = "investive", _("investiv")
        STRATEGIC = "strategic", _("strategisch")

    # Unique: the import finds a category by its name.
    name = models.CharField(
        _("Name"),
        max_length=200,
        unique=True,
        error_messages={"unique": _("Eine Kategorie mit diesem Namen gibt es schon.")},
    )
    name_en = models.CharField(
        _("Name (englisch)"), max_length=200, blank=True, help_text=ENGLISH_NAME_HELP
    )
    code = models.CharField(
        _("Nummer in der Richtlinie"),
        max_length=20,
        blank=True,
        help_text=_("Etwa 4.2.1; leer, wo die Kommunalrichtlinie keine Nummer vergibt."),
    )
    kind = models.CharField(_("Art"), max_length=20, choices=Kind.choices)
    slug = models.SlugField(_("Kurzname (URL)"), max_length=100, unique=True)
    ordering = models.PositiveSmallIntegerField(_("Reihenfolge"), default=0)

    class Meta:
        verbose_name = _("Maßnahmenkategorie")
        verbose_name_plural = _("Maßnahmenkategorien")
        ordering = ["ordering", "name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=["investive", "strategic"]),
                name="measures_measurecategory_kind_valid",
            ),
            models.UniqueConstraint(
                fields=["code"],
                condition=~Q(code=""),
                name="measures_measurecategory_unique_code",
                violation_error_message=_("Eine Kategorie mit dieser Nummer gibt es schon."),
            ),
        ]

    def __str__(self) -> str:
        return self.display_name()

    def label(self) -> str:
        """The name with the guideline's number in front, where it has one."""
        return f"{self.code} {self.display_name()}" if self.code else self.display_name()

    def clean(self) -> None:
        super().clean()
        self.code = (self.code or "").strip()
        if self.kind and self.kind not in self.Kind.values:
            raise ValidationError({"kind": _("Bitte investiv oder strategisch wählen.")})


class EmissionFactorQuerySet(models.QuerySet):
    def applicable(
        self, carrier: EnergyCarrier, year: int, factor_set_id: int
    ) -> "EmissionFactor | None":
        """The set's factor of that year, else its latest of an earlier year, else None."""
        return (
            self.filter(carrier=carrier, factor_set_id=factor_set_id, year__lte=year)
            .order_by("-year")
            .first()
        )


class EmissionFactor(ChecksMirroredInClean, models.Model):
    factor_set = models.ForeignKey(
        FactorSet,
        on_delete=models.PROTECT,
        related_name="factors",
        verbose_name=_("Faktorbasis"),
    )
    carrier = models.ForeignKey(
        EnergyCarrier,
        on_delete=models.PROTECT,
        related_name="emission_factors",
        verbose_name=_("Energieträger"),
    )
    year = models.PositiveSmallIntegerField(_("Bezugsjahr"))
    kg_per_kwh = models.DecimalField(
        _("kg je kWh"),
        max_digits=7,
        decimal_places=4,
        help_text=_("CO₂ oder CO₂-Äquivalente, wie es die Faktorbasis angibt."),
    )
    source = models.TextField(_("Quelle"))

    objects = EmissionFactorQuerySet.as_manager()

    class Meta:
        verbose_name = _("Emissionsfaktor")
        verbose_name_plural = _("Emissionsfaktoren")
        ordering = ["factor_set", "carrier", "-year"]
        constraints = [
            models.UniqueConstraint(
                fields=["factor_set", "carrier", "year"],
                name="measures_emissionfactor_unique_set_carrier_year",
                violation_error_message=_(
                    "Für diesen Energieträger gibt es in dieser Faktorbasis schon einen "
                    "Faktor in diesem Jahr."
                ),
            ),
            models.CheckConstraint(
                condition=Q(kg_per_kwh__gte=0),
                name="measures_emissionfactor_not_negative",
            ),
            models.CheckConstraint(
                condition=Q(year__gte=MIN_YEAR, year__lte=MAX_YEAR),
                name="measures_emissionfactor_year_range",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.carrier} {self.year}: {self.kg_per_kwh} kg/kWh"

    def clean(self) -> None:
        super().clean()
        errors = {}
        if self.kg_per_kwh is not None and self.kg_per_kwh < 0:
            errors["kg_per_kwh"] = _("Ein Emissionsfaktor darf nicht negativ sein.")
        if self.year is not None and not is_sane_year(self.year):
            errors["year"] = _("Das Bezugsjahr muss zwischen %(min)s und %(max)s liegen.") % YEARS
        if not (self.source or "").strip():
            errors["source"] = _("Bitte die Quelle des Faktors angeben.")
        if errors:
            raise ValidationError(errors)


class EnergyUnit(models.TextChoices):
    """The units people have their quantities in: converted to kWh with the carrier's
    heating value (HeatingValue), except kWh and MWh, and km, which needs a
    consumption per 100 km."""

    KWH = "kWh", "kWh"
    MWH = "MWh", "MWh"
    LITRE = "l", "l"
    CUBIC_METRE = "m3", "m³"
    KILOGRAM = "kg", "kg"
    TONNE = "t", "t"
    KILOMETRE = "km", "km"


# The units a heating value is given in; kWh and MWh convert by themselves.
HEATING_VALUE_UNITS = [
    EnergyUnit.LITRE, EnergyUnit.CUBIC_METRE, EnergyUnit.KILOGRAM, EnergyUnit.TONNE
]  # fmt: skip


class ConsumptionUnit(models.TextChoices):
    LITRE = "l", _("l/100 km")
    KWH = "kWh", _("kWh/100 km")


KWH = Decimal("0.01")


class HeatingValue(ChecksMirroredInClean, models.Model):
    """How many kWh (by the net heating value, Hi) a unit of a carrier holds, with its
    source: 1 l of diesel, 1 m³ of natural gas, 1 kg of wood pellets."""

    carrier = models.ForeignKey(
        EnergyCarrier,
        on_delete=models.CASCADE,
        related_name="heating_values",
        verbose_name=_("Energieträger"),
    )
    unit = models.CharField(
        _("Einheit"), max_length=3, choices=[(u.value, u.label) for u in HEATING_VALUE_UNITS]
    )
    kwh_per_unit = models.DecimalField(
        _("kWh je Einheit"),
        max_digits=10,
        decimal_places=4,
        help_text=_("Nach dem Heizwert (Hi), wie die Emissionsfaktoren."),
    )
    source = models.TextField(_("Quelle"))
    year = models.PositiveSmallIntegerField(
        _("Stand (Jahr)"), null=True, blank=True, help_text=_("Leer, wenn die Quelle keinen nennt.")
    )

    class Meta:
        verbose_name = _("Heizwert")
        verbose_name_plural = _("Heizwerte")
        ordering = ["carrier__ordering", "carrier__name", "unit"]
        constraints = [
            models.UniqueConstraint(
                fields=["carrier", "unit"],
                name="measures_heatingvalue_unique_carrier_unit",
                violation_error_message=_(
                    "Für diesen Energieträger gibt es in dieser Einheit schon einen Heizwert."
                ),
            ),
            models.CheckConstraint(
                condition=Q(kwh_per_unit__gt=0), name="measures_heatingvalue_positive"
            ),
            models.CheckConstraint(
                condition=Q(unit__in=[u.value for u in HEATING_VALUE_UNITS]),
                name="measures_heatingvalue_unit_valid",
            ),
            models.CheckConstraint(
                condition=Q(year__isnull=True) | Q(year__gte=MIN_YEAR, year__lte=MAX_YEAR),
                name="measures_heatingvalue_year_range",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.carrier}: {self.kwh_per_unit.normalize()} kWh/{self.get_unit_display()}"

    def clean(self) -> None:
        super().clean()
        errors = {}
        if self.kwh_per_unit is not None and self.kwh_per_unit <= 0:
            errors["kwh_per_unit"] = _("Ein Heizwert muss größer als null sein.")
        if self.unit and self.unit not in HEATING_VALUE_UNITS:
            errors["unit"] = _("Heizwerte gibt es nur je Liter, m³, kg oder t.")
        if self.year is not None and not is_sane_year(self.year):
            errors["year"] = _("Das Jahr muss zwischen %(min)s und %(max)s liegen.") % YEARS
        if not (self.source or "").strip():
            errors["source"] = _("Bitte die Quelle des Heizwerts angeben.")
        if errors:
            raise ValidationError(errors)


def unit_text(unit: str) -> str:
    """A unit as people read it after a number: "l", "m³", "km"."""
    return "m³" if unit == EnergyUnit.CUBIC_METRE else unit


def kwh_from_quantity(
    *,
    carrier: EnergyCarrier,
    quantity: Decimal,
    unit: str,
    consumption: Decimal | None = None,
    consumption_unit: str = "",
) -> Decimal:
    """The kWh of a quantity in a unit, to the hundredth (the column's places): MWh
    times 1,000, km times the consumption per 100 km (in kWh, or in litres times the
    carrier's heating value per litre), other units times the carrier's heating value.
    Raises ValidationError with a German message on the field at fault."""
    if quantity < 0:
        raise ValidationError({"quantity": _("Die Menge darf nicht negativ sein.")})
    if unit == EnergyUnit.KILOMETRE:
        if consumption is None:
            raise ValidationError(
                {"consumption": _("Für gefahrene Kilometer bitte den Verbrauch je 100 km angeben.")}
            )
        if consumption <= 0:
            raise ValidationError(
                {"consumption": _("Der Verbrauch je 100 km muss größer als null sein.")}
            )
        used = quantity * consumption / 100
        if consumption_unit == ConsumptionUnit.KWH:
            return used.quantize(KWH, rounding=ROUND_HALF_UP)
        return _by_heating_value(carrier, used, EnergyUnit.LITRE, field="consumption")
    if consumption is not None:
        raise ValidationError(
            {"consumption": _("Einen Verbrauch je 100 km bitte nur zu gefahrenen Kilometern.")}
        )
    if unit == EnergyUnit.KWH:
        return quantity.quantize(KWH, rounding=ROUND_HALF_UP)
    if unit == EnergyUnit.MWH:
        return (quantity * 1000).quantize(KWH, rounding=ROUND_HALF_UP)
    return _by_heating_value(carrier, quantity, unit, field="unit")


def _by_heating_value(carrier: EnergyCarrier, amount: Decimal, unit: str, *, field: str) -> Decimal:
    value = carrier.heating_value_for(unit)
    if value is None:
        raise ValidationError(
            {
                field: _(
                    "Für %(carrier)s ist kein Heizwert je %(unit)s hinterlegt. Bitte die "
                    "Menge in kWh oder in einer Einheit mit Heizwert angeben."
                )
                % {"carrier": carrier, "unit": unit_text(unit)}
            }
        )
    return (amount * value.kwh_per_unit).quantize(KWH, rounding=ROUND_HALF_UP)


class MeasureSettings(Versioned, ChecksMirroredInClean, models.Model):
    """A network's settings for its measures, one row per network; a network without
    a row has the defaults (for_network). Two pages write it (the network's settings
    and the library sharing switch), so it is Versioned: each form carries the version
    it was loaded with, and a save over a newer change is refused (lib/conflicts.py)."""

    DEFAULT_STALENESS_DAYS = 90
    # Completed measures saving at least this much final energy a year and not saying
    # how it was found are flagged on the compliance page (issue 34): 100 MWh/a is a
    # large saving for one municipal measure (a sports hall's whole heating).
    DEFAULT_EVIDENCE_THRESHOLD_MWH = 100

    network = models.OneToOneField(
        Network,
        primary_key=True,
        on_delete=models.CASCADE,
        related_name="measure_settings",
        verbose_name=_("Netzwerk"),
    )
    staleness_days = models.PositiveSmallIntegerField(
        _("Maßnahmen gelten als veraltet nach (Tagen)"),
        default=DEFAULT_STALENESS_DAYS,
        help_text=_("Nach so vielen Tagen ohne Änderung erscheint eine Maßnahme als veraltet."),
    )

    evidence_threshold_mwh = models.PositiveIntegerField(
        _("Nachweis erwartet ab (MWh/a)"),
        default=DEFAULT_EVIDENCE_THRESHOLD_MWH,
        help_text=_(
            "Abgeschlossene Maßnahmen, die mindestens so viel Endenergie im Jahr einsparen "
            "und nicht angeben, wie die Einsparung ermittelt wurde, erscheinen in der "
            "Prüfung der Programmregeln."
        ),
    )

    # Sharing in the portal-wide library (issue 34): off by default; a network's
    # coordination switches it on, and who did so last and when is kept.
    library_shared = models.BooleanField(
        _("In der portalweiten Bibliothek teilen"),
        default=False,
        help_text=_(
            "Abgeschlossene Maßnahmen erscheinen anonymisiert in der Bibliothek aller "
            "Netzwerke: Kategorie, Größenklasse und Kreis der Kommune, Kennzahlen und "
            "Nachweis, nie Name, Titel, Beschreibung, Personen oder Dokumente."
        ),
    )
    library_contact = models.CharField(
        _("Ansprechperson für die Bibliothek"),
        max_length=200,
        blank=True,
        help_text=_("Optional: Name und E-Mail-Adresse für Nachfragen anderer Netzwerke."),
    )
    library_changed_at = models.DateTimeField(
        _("Teilen zuletzt geändert am"), null=True, blank=True, editable=False
    )
    library_changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
        verbose_name=_("Teilen zuletzt geändert von"),
    )

    updated_at = models.DateTimeField(_("geändert am"), auto_now=True)
    # 0 for a network's defaults before their row is saved (and for the rows that
    # existed before the version did); each save of a row raises it.
    version = models.PositiveIntegerField(_("Version"), default=0, db_default=0, editable=False)

    class Meta:
        verbose_name = _("Einstellungen zu Maßnahmen")
        verbose_name_plural = _("Einstellungen zu Maßnahmen")
        constraints = [
            models.CheckConstraint(
                condition=Q(staleness_days__gte=1),
                name="measures_measuresettings_staleness_positive",
            ),
            models.CheckConstraint(
                condition=Q(evidence_threshold_mwh__gte=1),
                name="measures_measuresettings_evidence_threshold_positive",
            ),
        ]

    def __str__(self) -> str:
        return str(self.network)

    def clean(self) -> None:
        super().clean()
        errors = {}
        if self.staleness_days is not None and self.staleness_days < 1:
            errors["staleness_days"] = _("Bitte mindestens einen Tag angeben.")
        if self.evidence_threshold_mwh is not None and self.evidence_threshold_mwh < 1:
            errors["evidence_threshold_mwh"] = _("Bitte mindestens 1 MWh/a angeben.")
        if errors:
            raise ValidationError(errors)

    @classmethod
    def for_network(cls, network: Network) -> "MeasureSettings":
        """The network's saved row, or an unsaved one with the defaults."""
        try:
            return network.measure_settings
        except cls.DoesNotExist:
            return cls(network=network)

    def lock_for_edit(self, loaded_version: int | None, *, conflict=None) -> "MeasureSettings":
        """Versioned.lock_for_edit for the network's row, which is created with the
        defaults first where the network has none yet (as version 0, the version of
        the defaults a form showed). This object's save then updates the row."""
        current, _created = (
            type(self).objects.select_for_update().get_or_create(network_id=self.network_id)
        )
        self.check_edit(current, loaded_version, conflict=conflict)
        self._state.adding = False
        return current


def has_library_access(user) -> bool:
    """Whether a person may open the library of measures: anybody holding a role in the
    networks (a finance person's role opens the finances only, as for every other page)."""
    if not user.is_authenticated or not user.is_active:
        return False
    if user.is_superuser:
        return True
    return Membership.objects.filter(user=user).exclude(role=Membership.Role.FINANCE).exists()


def _not_updated_for(network_id: int, days: int, now: datetime.datetime) -> Q:
    """A network's measures nobody updated for longer than `days` by `now`: the rule
    of MeasureQuerySet.stale_in, and of stale for the networks of one setting."""
    return Q(participation__network=network_id, updated_at__lt=now - datetime.timedelta(days=days))


class MeasureQuerySet(models.QuerySet):
    def for_user(self, user, *, network_ids: Collection[int] | None = None) -> "MeasureQuerySet":
        """Measures a person may read: the whole network's for its members (shared
        know-how), none for funders, who see only overviews and reports. A caller that
        has read the ids of those networks already (measures.access.readable_network_ids)
        passes them: a list of ids in every query over the measures instead of the
        rule's subqueries."""
        if network_ids is None:
            network_ids = Network.objects.with_readable_measures(user)
        return self.filter(participation__network__in=network_ids)

    def in_library(self, user) -> "MeasureQuerySet":
        """The completed measures of the library of measures (issue 34): those of every
        network whose measures the person reads (annotated `own`, shown in full) and,
        for anybody holding a role, those of networks whose coordination shares them in
        the portal-wide library (shown anonymised). None for people without a role."""
        if not has_library_access(user):
            return self.none()
        # The participations are read first, in one query: a list of ids instead of
        # the rule's subqueries and joins to the networks and their settings in every
        # query over the measures (bench/library.py).
        readable = Network.objects.with_readable_measures(user).values("pk")
        participations = dict(
            Participation.objects.filter(
                Q(network__in=readable) | Q(network__measure_settings__library_shared=True)
            )
            .annotate(own=Case(When(network__in=readable, then=True), default=False))
            .values_list("pk", "own")
        )
        own = [pk for pk, is_own in participations.items() if is_own]
        return self.filter(
            participation__in=list(participations), status=Measure.Status.COMPLETED
        ).annotate(
            own=Case(
                When(participation__in=own, then=True),
                default=False,
                output_field=BooleanField(),
            )
        )

    def editable_by(self, user) -> "MeasureQuerySet":
        """Measures a person may change: coordinators in their networks, climate
        managers those of their own municipality."""
        return self.filter(participation__in=Participation.objects.with_measures_editable_by(user))

    def checkable_by(self, user) -> "MeasureQuerySet":
        """Measures a person may mark as checked against a document, as a funder's
        sample check would: their network's coordination (not its climate managers,
        who keep the figures they would check)."""
        return self.filter(participation__network__in=Network.objects.editable_by(user))

    def with_may_check(self, user) -> "MeasureQuerySet":
        """Annotated `may_check`: whether the person may mark each measure as checked
        (checkable_by), answered in the query that reads the measures."""
        return self.annotate(
            may_check=Exists(Measure.objects.checkable_by(user).filter(pk=OuterRef("pk")))
        )

    def with_evidence(self, code: str) -> "MeasureQuerySet":
        """Those whose savings were found so (a Measure.Evidence value; "" for none)."""
        return self.filter(evidence=code)

    def checked(self, checked: bool = True) -> "MeasureQuerySet":
        return self.filter(checked_at__isnull=not checked)

    def lacking_evidence(self, settings: "MeasureSettings") -> "MeasureQuerySet":
        """A network's completed measures that save at least its threshold of final
        energy a year and do not say how the savings were found."""
        return self.filter(
            participation__network=settings.network_id,
            status=Measure.Status.COMPLETED,
            evidence="",
            energy_savings_kwh__gte=settings.evidence_threshold_mwh * 1000,
        )

    def stale(self, now=None) -> "MeasureQuerySet":
        """Unfinished measures nobody updated for longer than their network's
        staleness setting (a progress note counts as an update)."""
        networks = (
            Network.objects.filter(pk__in=self.values("participation__network"))
            .annotate(
                days=Coalesce(
                    "measure_settings__staleness_days",
                    MeasureSettings.DEFAULT_STALENESS_DAYS,
                    output_field=models.PositiveSmallIntegerField(),
                )
            )
            .values_list("pk", "days")
        )
        return self._stale_by_days(networks, now or timezone.now())

    def stale_among(self, networks, now=None) -> "MeasureQuerySet":
        """stale() within `networks`, whose settings the caller has read already
        (select_related("measure_settings")): no query to find them."""
        pairs = [(n.pk, MeasureSettings.for_network(n).staleness_days) for n in networks]
        return self._stale_by_days(pairs, now or timezone.now())

    def _stale_by_days(self, networks, now) -> "MeasureQuerySet":
        """`networks`: (pk, staleness days) pairs. One condition per setting, not per
        network: most networks keep the default, and a condition per network made a
        coordinator of fifty networks' start page build and compile fifty of them for
        every list it shows."""
        networks_by_days: dict[int, list[int]] = {}
        for network, days in networks:
            networks_by_days.setdefault(days, []).append(network)
        conditions = Q()
        for days, pks in sorted(networks_by_days.items()):
            conditions |= Q(
                participation__network__in=pks, updated_at__lt=now - datetime.timedelta(days=days)
            )
        if not conditions:
            return self.none()
        return self.filter(conditions, status__in=Measure.UNFINISHED)

    def stale_in(self, settings: MeasureSettings, now=None) -> "MeasureQuerySet":
        """stale() within one network whose settings the caller has read already."""
        return self.filter(
            _not_updated_for(settings.network_id, settings.staleness_days, now or timezone.now()),
            status__in=Measure.UNFINISHED,
        )

    def without_category(self) -> "MeasureQuerySet":
        """Measures nobody has given a programme category yet ("noch nicht
        zugeordnet"): a to-do for their climate managers."""
        return self.filter(category__isnull=True)

    def with_year(self) -> "MeasureQuerySet":
        """Annotate `year`, the year a measure counts for (see Measure.reference_year)."""
        return self.annotate(
            year=ExtractYear(
                Coalesce(
                    "completed_on",
                    "planned_end",
                    "started_on",
                    "planned_start",
                    TruncDate("created_at"),
                )
            )
        )


# The evidence behind a measure's savings (issue 34): the database's rules, each
# mirrored with its message in Measure._evidence_errors.
MEASURED = Q(evidence="measured")
NO_READINGS = Q(
    measured_from__isnull=True,
    measured_until__isnull=True,
    consumption_before_kwh__isnull=True,
    consumption_after_kwh__isnull=True,
)
EVIDENCE_CONSTRAINTS = [
    models.CheckConstraint(
        condition=Q(evidence__in=["", "measured", "calculated", "estimated"]),
        name="measures_measure_evidence_valid",
    ),
    *(
        models.CheckConstraint(
            condition=in_sane_range(field, null=True), name=f"measures_measure_{field}_range"
        )
        for field in ("measured_from", "measured_until")
    ),
    models.CheckConstraint(
        condition=Q(measured_from__isnull=True, measured_until__isnull=True)
        | Q(
            measured_from__isnull=False,
            measured_until__isnull=False,
            measured_until__gt=F("measured_from"),
        ),
        name="measures_measure_measured_period_order",
    ),
    models.CheckConstraint(
        condition=(Q(consumption_before_kwh__isnull=True) | Q(consumption_before_kwh__gte=0))
        & (Q(consumption_after_kwh__isnull=True) | Q(consumption_after_kwh__gte=0)),
        name="measures_measure_readings_not_negative",
    ),
    models.CheckConstraint(
        condition=MEASURED | NO_READINGS, name="measures_measure_readings_only_measured"
    ),
    models.CheckConstraint(
        condition=~MEASURED
        | Q(consumption_before_kwh__isnull=False, consumption_after_kwh__isnull=False),
        name="measures_measure_measured_has_readings",
    ),
    models.CheckConstraint(
        condition=~Q(evidence="calculated") | ~Q(evidence_source=""),
        name="measures_measure_calculated_has_source",
    ),
    models.CheckConstraint(
        condition=Q(checked_at__isnull=False)
        | Q(
            checked_by__isnull=True,
            checked_document__isnull=True,
            check_note="",
            checked_energy_kwh__isnull=True,
            checked_co2_t__isnull=True,
        ),
        name="measures_measure_check_has_date",
    ),
]
# What a measure without an evidence method shows (its `evidence` is blank).
EVIDENCE_NOT_STATED = _("nicht angegeben")


def evidence_label(code: str | None) -> str:
    """An evidence method's label in the active language; "nicht angegeben" for none."""
    if not code:
        return str(EVIDENCE_NOT_STATED)
    return str(dict(Measure.Evidence.choices).get(code, code))


class Measure(Versioned, ChecksMirroredInClean, models.Model):
    UNFINISHED = ("planned", "in_progress", "postponed")
    # The history's change reason of a save after the network's term had ended (only
    # the coordination may still correct such a network's data).
    CORRECTION_AFTER_TERM = "correction-after-term"

    class Status(models.TextChoices):
        PLANNED = "planned", _("geplant")
        IN_PROGRESS = "in_progress", _("in Umsetzung")
        COMPLETED = "completed", _("abgeschlossen")
        POSTPONED = "postponed", _("zurückgestellt")
        CANCELLED = "cancelled", _("abgebrochen")

    class Evidence(models.TextChoices):
        MEASURED = "measured", _("gemessen")
        CALCULATED = "calculated", _("berechnet")
        ESTIMATED = "estimated", _("geschätzt")

    participation = models.ForeignKey(
        Participation,
        on_delete=models.PROTECT,
        related_name="measures",
        verbose_name=_("Teilnahme (Kommune im Netzwerk)"),
    )
    focus_area = models.ForeignKey(
        FocusArea,
        on_delete=models.PROTECT,
        related_name="measures",
        verbose_name=_("Themenschwerpunkt"),
    )
    category = models.ForeignKey(
        MeasureCategory,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="measures",
        verbose_name=_("Kategorie"),
        help_text=_(
            "Die Kategorie der Kommunalrichtlinie, nach der Berichte an den Fördermittelgeber "
            "zählen; leer heißt „noch nicht zugeordnet“."
        ),
    )
    title = models.CharField(_("Titel"), max_length=200)
    description = models.TextField(_("Beschreibung"), blank=True)
    status = models.CharField(
        _("Status"), max_length=20, choices=Status.choices, default=Status.PLANNED
    )
    responsible = models.CharField(_("Verantwortlich"), max_length=200, blank=True)
    planned_start = models.DateField(
        _("geplanter Beginn"), null=True, blank=True, validators=[validate_sane_date]
    )
    planned_end = models.DateField(
        _("geplanter Abschluss"), null=True, blank=True, validators=[validate_sane_date]
    )
    started_on = models.DateField(
        _("tatsächlicher Beginn"), null=True, blank=True, validators=[validate_sane_date]
    )
    completed_on = models.DateField(
        _("tatsächlicher Abschluss"), null=True, blank=True, validators=[validate_sane_date]
    )
    investment_eur = models.DecimalField(
        _("Investition (EUR)"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    subsidy_eur = models.DecimalField(
        _("Fördermittel (EUR)"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    # The net effects of the measure's energy lines (MeasureEnergy), stored by
    # save_measure so that lists and reports sum them in SQL. Negative where a
    # measure adds more than it saves.
    energy_savings_kwh = models.DecimalField(
        _("Endenergieeinsparung (kWh/a)"),
        max_digits=14,
        decimal_places=2,
        null=True,
        blank=True,
        help_text=_("Saldo aller Energieträger: eingespart minus zusätzlich bezogen."),
    )
    co2_manual = models.BooleanField(
        _("THG-Einsparung von Hand eingetragen"),
        default=False,
        help_text=_("Nur wenn kein passender Emissionsfaktor vorliegt; dann mit Begründung."),
    )
    co2_manual_reason = models.TextField(_("Begründung der Handeingabe"), blank=True)
    co2_savings_t = models.DecimalField(
        _("THG-Einsparung (t/a)"),
        max_digits=12,
        decimal_places=3,
        null=True,
        blank=True,
        help_text=_("In der Faktorbasis des Netzwerks (t CO₂/a oder t CO₂e/a)."),
    )
    lifetime_years = models.PositiveSmallIntegerField(
        _("Nutzungsdauer (Jahre)"),
        null=True,
        blank=True,
        help_text=_(
            "Wie lange die Maßnahme wirkt, etwa 20 Jahre für LED-Leuchten oder eine "
            "PV-Anlage; daraus folgt die Einsparung über die Nutzungsdauer."
        ),
    )
    # How the savings were found (issue 34): measured with the readings before and
    # after, calculated in a named study or energy audit, or estimated; blank where
    # nobody said.
    evidence = models.CharField(
        _("Nachweis der Einsparung"),
        max_length=10,
        choices=Evidence.choices,
        blank=True,
        help_text=_("Wie die Einsparung ermittelt wurde."),
    )
    measured_from = models.DateField(
        _("Messzeitraum von"), null=True, blank=True, validators=[validate_sane_date]
    )
    measured_until = models.DateField(
        _("Messzeitraum bis"), null=True, blank=True, validators=[validate_sane_date]
    )
    consumption_before_kwh = models.DecimalField(
        _("Verbrauch vorher (kWh)"),
        max_digits=14,
        decimal_places=2,
        null=True,
        blank=True,
        help_text=_(
            "Zählerstand-Differenz in einem gleich langen Zeitraum vor der Maßnahme; "
            "ohne Messzeitraum der Jahresverbrauch."
        ),
    )
    consumption_after_kwh = models.DecimalField(
        _("Verbrauch nachher (kWh)"),
        max_digits=14,
        decimal_places=2,
        null=True,
        blank=True,
        help_text=_(
            "Zählerstand-Differenz im Messzeitraum; ohne Messzeitraum der Jahresverbrauch."
        ),
    )
    evidence_source = models.CharField(
        _("Quelle der Berechnung"),
        max_length=300,
        blank=True,
        help_text=_("Die Studie oder das Energieaudit, mit Verfasser und Jahr."),
    )
    evidence_note = models.TextField(
        _("Methode"), blank=True, help_text=_("Kurz: wie gemessen, gerechnet oder geschätzt wurde.")
    )
    evidence_document = models.ForeignKey(
        "MeasureDocument",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("Nachweisdokument"),
        help_text=_("Eines der Dokumente dieser Maßnahme."),
    )
    # A coordination's check against a document, as a funder's sample check: who, when,
    # against which document, with a note, and the savings as they stood then (a later
    # change of them shows as "geändert nach Prüfung"). Written by
    # measures.services.check_measure only.
    checked_at = models.DateTimeField(_("geprüft am"), null=True, blank=True, editable=False)
    checked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
        verbose_name=_("geprüft von"),
    )
    checked_document = models.ForeignKey(
        "MeasureDocument",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
        verbose_name=_("geprüft anhand"),
    )
    check_note = models.TextField(_("Prüfvermerk"), blank=True, editable=False)
    checked_energy_kwh = models.DecimalField(
        _("Endenergieeinsparung bei der Prüfung (kWh/a)"),
        max_digits=14,
        decimal_places=2,
        null=True,
        blank=True,
        editable=False,
    )
    checked_co2_t = models.DecimalField(
        _("THG-Einsparung bei der Prüfung (t/a)"),
        max_digits=12,
        decimal_places=3,
        null=True,
        blank=True,
        editable=False,
    )
    carried_over_from = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="carried_over_to",
        verbose_name=_("übernommen aus"),
        help_text=_("Die unvollendete Maßnahme des Vorgängernetzwerks, aus der diese hervorging."),
    )
    created_at = models.DateTimeField(_("angelegt am"), auto_now_add=True)
    updated_at = models.DateTimeField(_("geändert am"), auto_now=True)
    # Raised by every save (lib.conflicts.Versioned); an edit based on an older
    # version is refused instead of overwriting somebody else's change.
    version = models.PositiveIntegerField(_("Version"), default=1, editable=False)

    objects = MeasureQuerySet.as_manager()
    history = HistoricalRecords(excluded_fields=["updated_at", "created_at"])

    class Meta:
        verbose_name = _("Maßnahme")
        verbose_name_plural = _("Maßnahmen")
        ordering = ["participation__municipality__name", "title"]
        indexes = [
            # The library of measures (measures/library.py) reads a person's
            # participations' completed measures by category and sorts them by their
            # figures: from this index alone, not the table (bench/library.py: on SQLite
            # the lookups of 20,000 rows through the participation's index took longer
            # than reading the whole table).
            models.Index(
                fields=[
                    "participation", "status", "category", "co2_savings_t", "investment_eur",
                    "lifetime_years", "energy_savings_kwh", "subsidy_eur",
                ],
                name="measures_measure_library",
            ),
        ]  # fmt: skip
        constraints = [
            models.CheckConstraint(
                condition=Q(
                    status__in=["planned", "in_progress", "completed", "postponed", "cancelled"]
                ),
                name="measures_measure_status_valid",
            ),
            *(
                models.CheckConstraint(
                    condition=in_sane_range(field, null=True),
                    name=f"measures_measure_{field}_range",
                )
                for field in ("planned_start", "planned_end", "started_on", "completed_on")
            ),
            models.CheckConstraint(
                condition=Q(planned_start__isnull=True)
                | Q(planned_end__isnull=True)
                | Q(planned_end__gte=F("planned_start")),
                name="measures_measure_planned_dates_order",
            ),
            models.CheckConstraint(
                condition=Q(started_on__isnull=True)
                | Q(completed_on__isnull=True)
                | Q(completed_on__gte=F("started_on")),
                name="measures_measure_actual_dates_order",
            ),
            models.CheckConstraint(
                condition=~Q(status="completed") | Q(completed_on__isnull=False),
                name="measures_measure_completed_has_date",
            ),
            models.CheckConstraint(
                condition=Q(investment_eur__isnull=True) | Q(investment_eur__gte=0),
                name="measures_measure_investment_not_negative",
            ),
            models.CheckConstraint(
                condition=Q(subsidy_eur__isnull=True) | Q(subsidy_eur__gte=0),
                name="measures_measure_subsidy_not_negative",
            ),
            models.CheckConstraint(
                condition=Q(subsidy_eur__isnull=True)
                | Q(investment_eur__isnull=False, subsidy_eur__lte=F("investment_eur")),
                name="measures_measure_subsidy_within_investment",
            ),
            models.CheckConstraint(
                condition=Q(co2_manual=False)
                | (Q(co2_savings_t__isnull=False) & ~Q(co2_manual_reason="")),
                name="measures_measure_manual_co2_has_reason",
            ),
            models.CheckConstraint(
                condition=Q(lifetime_years__isnull=True)
                | Q(
                    lifetime_years__gte=MIN_LIFETIME_YEARS,
                    lifetime_years__lte=MAX_LIFETIME_YEARS,
                ),
                name="measures_measure_lifetime_range",
            ),
            *EVIDENCE_CONSTRAINTS,
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("measure", args=[self.pk])

    def dates_outside_term(self) -> list[str]:
        """Warnings for actual dates outside the network's term: such a start or
        completion is saved (it happened), but the network's reports count only what
        lies within the term."""
        network = self.participation.network
        warnings = []
        for field, label in (
            ("started_on", _("Der tatsächliche Beginn")),
            ("completed_on", _("Der tatsächliche Abschluss")),
        ):
            day = getattr(self, field)
            if day is None or network.term_contains(day):
                continue
            text = (
                _("%(label)s (%(day)s) liegt vor der Laufzeit des Netzwerks (ab %(start)s).")
                if day < network.term_start
                else _("%(label)s (%(day)s) liegt nach der Laufzeit des Netzwerks (bis %(end)s).")
            )
            warnings.append(
                text
                % {
                    "label": label,
                    "day": date_format(day, "SHORT_DATE_FORMAT"),
                    **network.term_for_messages(),
                }
            )
        return warnings

    def counts_for_network(self) -> bool:
        """Whether its savings count for its network (see `achieved`): what the network
        page, the start page and the reports count."""
        network = self.participation.network
        return is_achieved(
            {"status": self.status, "completed_on": self.completed_on},
            term=(network.term_start, network.term_end),
        )

    def reference_year(self) -> int:
        """The year whose emission factor applies: completion, else plan, else creation."""
        for day in (self.completed_on, self.planned_end, self.started_on, self.planned_start):
            if day is not None:
                return day.year
        created = self.created_at or timezone.now()
        return timezone.localtime(created).year

    def energy_lines(self) -> list["MeasureEnergy"]:
        """The lines about to be saved (`pending_energy`, set by the form or an import),
        else the stored ones (prefetched where the caller did)."""
        pending = getattr(self, "pending_energy", None)
        if pending is not None:
            return pending
        if self.pk is None:
            return []
        return list(self.energy.all())

    def network_factor_set_id(self) -> int:
        """The set the measure is counted in: its network's."""
        return self.participation.network.factor_set_id

    def line_factors(
        self, factor_set_id: int | None = None
    ) -> list[tuple["MeasureEnergy", "EmissionFactor | None"]]:
        """Each line with its carrier's factor in the set (the network's unless another
        is named) for the reference year; None where the set has none."""
        set_id = factor_set_id or self.network_factor_set_id()
        year = self.reference_year()
        return [(line, line.carrier.factor_for(year, set_id)) for line in self.energy_lines()]

    def missing_factors(self, factor_set_id: int | None = None) -> list["MeasureEnergy"]:
        """The lines whose carrier has no factor in the set for the reference year."""
        return without_factor(self.line_factors(factor_set_id))

    def ghg_effect(self, factor_set_id: int | None = None) -> Decimal | None:
        """The net greenhouse-gas savings of the energy lines in tonnes a year,
        counted with a set's factors (the network's unless another is named): saved
        energy times its factor minus added energy times its factor. None without
        lines or where a carrier has no factor in the set."""
        set_id = factor_set_id or self.network_factor_set_id()
        lines = self.energy_lines()
        if not lines:
            return None
        year = self.reference_year()
        kilograms = Decimal(0)
        for line in lines:
            factor = line.carrier.factor_for(year, set_id)
            if factor is None:
                return None
            kilograms += line.signed_kwh() * factor.kg_per_kwh
        return co2_tonnes(kilograms, Decimal(1))

    def apply_energy(self) -> None:
        """Store the net final energy of the lines and, unless entered by hand, their
        net greenhouse-gas savings in the network's set; each line keeps the factor
        it was counted with."""
        lines = self.energy_lines()
        self.energy_savings_kwh = (
            sum((line.signed_kwh() for line in lines), Decimal(0)) if lines else None
        )
        set_id = self.network_factor_set_id()
        year = self.reference_year()
        for line in lines:
            line.factor = line.carrier.factor_for(year, set_id)
        if self.co2_manual:
            return
        self.co2_savings_t = self.ghg_effect(set_id)
        self.co2_manual_reason = ""

    def figures_too_large(self) -> dict[str, str]:
        """The figures of the energy lines too large for their columns, by field, each
        with a German message: a line's kWh (`kwh`), else their sum
        (`energy_savings_kwh`) and, unless typed by hand, the greenhouse-gas savings
        in the network's set (`co2_savings_t`). Lines that each fit their column may
        still add up to more than the measure's column holds."""
        lines = self.energy_lines()
        for line in lines:
            if message := line.kwh_too_large():
                return {"kwh": message}
        found = {}
        total = sum((line.signed_kwh() for line in lines), Decimal(0))
        energy_field = self._meta.get_field("energy_savings_kwh")
        if message := too_large_for(energy_field, total, SUM_TOO_LARGE):
            found["energy_savings_kwh"] = message
        if lines and not self.co2_manual and self.participation_id:
            co2_field = self._meta.get_field("co2_savings_t")
            if message := too_large_for(co2_field, self.ghg_effect(), CO2_TOO_LARGE):
                found["co2_savings_t"] = message
        return found

    def ghg_in_sets(self, factor_sets: Iterable[FactorSet]) -> list[dict]:
        """The measure's greenhouse-gas savings in each set, so that both numbers are
        at hand where both sets have factors: `{"set", "co2", "own"}`, the network's
        set first with the stored figure (typed by hand where it was), the others
        computed from the energy lines (None where a carrier has no factor there;
        left out for a figure typed by hand or a measure without energy)."""
        own = self.participation.network.factor_set_id
        figures = []
        for factor_set in sorted(factor_sets, key=lambda s: s.pk != own):
            if factor_set.pk == own:
                figures.append({"set": factor_set, "co2": self.co2_savings_t, "own": True})
            elif not self.co2_manual and self.energy_lines():
                co2 = self.ghg_effect(factor_set.pk)
                figures.append({"set": factor_set, "co2": co2, "own": False})
        return figures

    def savings_over_lifetime(self) -> Decimal | None:
        """The greenhouse-gas savings over the measure's lifetime, in tonnes."""
        return savings_over_lifetime(self.co2_savings_t, self.lifetime_years)

    def clean_fields(self, exclude=None) -> None:
        # The lifetime's range is clean()'s rule, with its message; the column's own
        # range (a positive small integer) lies around it and would only put Django's
        # "≥ 0" before that message for a negative number.
        exclude = set(exclude or ())
        if isinstance(self.lifetime_years, int):
            exclude.add("lifetime_years")
        super().clean_fields(exclude=exclude)

    def clean(self) -> None:
        super().clean()
        errors: dict[str, str | list[str]] = {}
        if self.participation_id and self.focus_area_id:
            network = self.participation.network
            if not network.has_focus_area(self.focus_area_id):
                errors["focus_area"] = _(
                    "Der Themenschwerpunkt gehört nicht zum Netzwerk „%(network)s“."
                ) % {"network": network}
        if self.planned_start and self.planned_end and self.planned_end < self.planned_start:
            errors["planned_end"] = _(
                "Der geplante Abschluss kann nicht vor dem geplanten Beginn liegen."
            )
        if self.started_on and self.completed_on and self.completed_on < self.started_on:
            errors["completed_on"] = _("Der Abschluss kann nicht vor dem Beginn liegen.")
        if self.status == self.Status.COMPLETED and not self.completed_on:
            errors["completed_on"] = _(
                "Für eine abgeschlossene Maßnahme bitte das Abschlussdatum angeben."
            )
        self._money_errors(errors)
        lines = [(line.carrier_id, line.effect) for line in self.energy_lines()]
        if len(lines) != len(set(lines)):
            errors[NON_FIELD_ERRORS] = _(
                "Jeden Energieträger bitte nur einmal als eingespart und einmal als "
                "zusätzlich bezogen eintragen."
            )
        elif too_large := self.figures_too_large():
            # Not on the fields: the measure's form has no field for the computed
            # figures, and one line's kWh is no field of the measure.
            errors[NON_FIELD_ERRORS] = list(too_large.values())
        lifetime = self.lifetime_years
        if lifetime is not None and not MIN_LIFETIME_YEARS <= lifetime <= MAX_LIFETIME_YEARS:
            errors["lifetime_years"] = lifetime_out_of_range_message()
        self._ghg_errors(errors)
        self._evidence_errors(errors)
        if errors:
            raise ValidationError(errors)

    def _evidence_errors(self, errors: dict) -> None:
        """The evidence behind the savings and the coordination's check (part of clean;
        the database's EVIDENCE_CONSTRAINTS)."""
        measured = self.evidence == self.Evidence.MEASURED
        start, end = self.measured_from, self.measured_until
        if (start is None) != (end is None):
            errors["measured_until" if end is None else "measured_from"] = _(
                "Bitte den Messzeitraum mit Beginn und Ende angeben."
            )
        elif start and end and end <= start:
            errors["measured_until"] = _(
                "Das Ende des Messzeitraums muss nach seinem Beginn liegen."
            )
        readings = ("consumption_before_kwh", "consumption_after_kwh")
        for field in readings:
            value = getattr(self, field)
            if value is not None and value < 0:
                errors[field] = _("Ein Verbrauch kann nicht negativ sein.")
            elif value is None and measured:
                errors[field] = _(
                    "Für eine gemessene Einsparung bitte den Verbrauch vorher und nachher angeben."
                )
        periods_and_readings = ("measured_from", "measured_until", *readings)
        given = [f for f in periods_and_readings if getattr(self, f) is not None]
        if given and not measured:
            errors.setdefault(
                given[0],
                _("Messzeitraum und Verbrauch nur bei einer gemessenen Einsparung angeben."),
            )
        if self.evidence == self.Evidence.CALCULATED and not (self.evidence_source or "").strip():
            errors["evidence_source"] = _(
                "Bitte die Studie oder das Energieaudit nennen, aus dem die Berechnung stammt."
            )
        for field in ("evidence_document", "checked_document"):
            document = getattr(self, field)
            if document is not None and document.measure_id != self.pk:
                errors[field] = _("Bitte eines der Dokumente dieser Maßnahme wählen.")
        if self.checked_at is None and (self.checked_document_id or self.check_note):
            errors[NON_FIELD_ERRORS] = _("Eine Prüfung braucht ihr Datum.")

    def changed_after_check(self) -> bool:
        """Whether the savings differ from those the coordination checked."""
        return self.checked_at is not None and (
            self.energy_savings_kwh != self.checked_energy_kwh
            or self.co2_savings_t != self.checked_co2_t
        )

    def evidence_label(self) -> str:
        return evidence_label(self.evidence)

    def measured_savings_kwh(self) -> Decimal | None:
        """The saving the readings show (before minus after), in their period."""
        if self.consumption_before_kwh is None or self.consumption_after_kwh is None:
            return None
        return self.consumption_before_kwh - self.consumption_after_kwh

    def _money_errors(self, errors: dict) -> None:
        """Investment and subsidies (part of clean)."""
        # Whole sentences: "Fördermittel" is plural, so the verb differs.
        for field, message in (
            ("investment_eur", _("Die Investition darf nicht negativ sein.")),
            ("subsidy_eur", _("Die Fördermittel dürfen nicht negativ sein.")),
        ):
            value = getattr(self, field)
            if value is not None and value < 0:
                errors[field] = message
        if self.subsidy_eur is not None and "subsidy_eur" not in errors:
            if self.investment_eur is None:
                errors["investment_eur"] = _(
                    "Bitte die Investition angeben, wenn Fördermittel eingetragen sind."
                )
            elif self.subsidy_eur > self.investment_eur:
                errors["subsidy_eur"] = _(
                    "Die Fördermittel dürfen die Investition nicht übersteigen."
                )

    def _ghg_errors(self, errors: dict) -> None:
        """A hand-entered greenhouse-gas saving needs its figure and a reason; a computed
        one needs a factor for each line (part of clean)."""
        if self.co2_manual:
            if self.co2_savings_t is None:
                errors["co2_savings_t"] = _("Bitte die THG-Einsparung eintragen.")
            if not (self.co2_manual_reason or "").strip():
                errors["co2_manual_reason"] = _(
                    "Bitte begründen, warum die THG-Einsparung von Hand eingetragen wird."
                )
        elif self.participation_id:
            missing = self.missing_factors()
            if missing:
                errors["co2_manual"] = missing_factors_message(
                    [line.carrier for line in missing],
                    self.participation.network.factor_set,
                    self.reference_year(),
                )


# Achieved savings: one definition for everything that counts a network's savings —
# the network page, the start page, the measure's own page (summed in SQL, or asked of
# one measure) and the reports (summed in Python over the measures' history). A
# measure's savings count for its network once it is completed, on a day within the
# network's term; in a period, when it was completed in that period. A measure
# completed before the term (one carried over into a successor and finished before the
# successor began) or after it counts for no network's figures.
ACHIEVED_STATUSES = (Measure.Status.COMPLETED,)
# What is summed: the achieved figure's name and the measure's field it sums.
ACHIEVED_SAVINGS = {"energy_kwh": "energy_savings_kwh", "co2_t": "co2_savings_t"}

Term = tuple[datetime.date, datetime.date]


def achieved(prefix: str = "") -> Q:
    """The measures whose savings count as achieved for their network, reached through
    `prefix` (`"measures__"` from a participation): completed within the term."""
    network = f"{prefix}participation__network__"
    return Q(
        **{
            f"{prefix}status__in": ACHIEVED_STATUSES,
            f"{prefix}completed_on__gte": F(f"{network}term_start"),
            f"{prefix}completed_on__lte": F(f"{network}term_end"),
        }
    )


def achieved_sums(prefix: str = "") -> dict[str, Sum]:
    """Annotations `achieved_energy_kwh` and `achieved_co2_t` (None if nothing is achieved)."""
    return {
        f"achieved_{name}": Sum(f"{prefix}{field}", filter=achieved(prefix))
        for name, field in ACHIEVED_SAVINGS.items()
    }


def _total_sums() -> dict:
    basis = "participation__network__factor_set__basis"
    sums = {
        "count": Count("pk"),
        "investment": Sum("investment_eur"),
        "subsidy": Sum("subsidy_eur"),
        "energy": Sum("energy_savings_kwh"),
    }
    for value in FactorSet.Basis.values:
        sums[f"count_{value}"] = Count("pk", filter=Q(**{basis: value}))
        sums[f"co2_{value}"] = Sum("co2_savings_t", filter=Q(**{basis: value}))
    return sums


def _add(values):
    """The sum of the values given, None if none is (as SQL's SUM)."""
    given = [value for value in values if value is not None]
    return sum(given[1:], given[0]) if given else None


def totals_of(rows: list[dict]) -> tuple[dict, list[dict]]:
    """list_totals' figures from rows of _total_sums' sums (one per part, added up)."""
    totals = {name: _add(row[name] for row in rows) for name in ("investment", "subsidy", "energy")}
    totals = {"count": sum(row["count"] for row in rows), **totals}
    ghg = [
        {"basis": value, "unit": unit_of(value), "co2": _add(row[f"co2_{value}"] for row in rows)}
        for value in sorted(FactorSet.Basis.values)
        if any(row[f"count_{value}"] for row in rows)
    ]
    return totals, ghg


def list_totals(measures: models.QuerySet) -> tuple[dict, list[dict]]:
    """The measures' count and sums (`{"count", "investment", "subsidy", "energy"}`)
    and their greenhouse-gas savings summed per gas, since CO₂ and CO₂ equivalents do
    not add up (`[{"basis", "unit", "co2"}]`, CO₂ first, only gases with measures):
    all in one pass over the rows, which at 20,000 measures costs as much as the page."""
    return totals_of([measures.order_by().aggregate(**_total_sums())])


def ghg_totals(measures: models.QuerySet) -> list[dict]:
    """The measures' greenhouse-gas savings summed per gas, since CO₂ and CO₂
    equivalents do not add up: `[{"basis", "unit", "co2"}]`, CO₂ first."""
    return list_totals(measures)[1]


# The unit of a list that may hold both gases: each figure then names its own.
MIXED_GHG_UNIT = "t CO₂/CO₂e/a"


def ghg_unit_for(networks: models.QuerySet) -> str:
    """The unit of a person's measure list: the gas of every network whose measures
    they may read (`networks`), whatever the filter shows, so the heading does not
    change with it; MIXED_GHG_UNIT where those networks count in both."""
    bases = set(networks.order_by().values_list("factor_set__basis", flat=True).distinct())
    return unit_of(bases.pop()) if len(bases) == 1 else MIXED_GHG_UNIT


def savings_over_lifetime(co2_savings_t, lifetime_years: int | None) -> Decimal | None:
    """Greenhouse-gas savings over a lifetime: the annual savings (t) times its years;
    None without either. For a measure and for its values as a history row alike."""
    if co2_savings_t is None or lifetime_years is None:
        return None
    return Decimal(co2_savings_t) * lifetime_years


def is_achieved(
    measure: Mapping,
    *,
    term: Term,
    start: datetime.date | None = None,
    end: datetime.date | None = None,
) -> bool:
    """The same rule on one measure's values (a dict such as a history row) in a
    network of the given term (start, end): whether its savings count as achieved,
    with `start` and `end` achieved in that period."""
    day = measure["completed_on"]
    if measure["status"] not in ACHIEVED_STATUSES or day is None:
        return False
    if not term[0] <= day <= term[1]:
        return False
    if start is None or end is None:
        return True
    return start <= day <= end


def achieved_totals(
    measures: Iterable[Mapping],
    *,
    term: Term,
    start: datetime.date | None = None,
    end: datetime.date | None = None,
) -> dict[str, Decimal]:
    """The achieved savings of measures' values summed in Python, as `achieved_sums`
    sums them in SQL (with `start` and `end`, those achieved in that period):
    `energy_kwh` and `co2_t`, 0 if there are none."""
    rows = [m for m in measures if is_achieved(m, term=term, start=start, end=end)]
    return {
        name: sum((Decimal(m[field]) for m in rows if m[field] is not None), Decimal(0))
        for name, field in ACHIEVED_SAVINGS.items()
    }


class MeasureEnergy(ChecksMirroredInClean, models.Model):
    """One energy carrier a measure saves or adds, in kWh a year. An oil boiler
    replaced by a heat pump saves heating oil and adds electricity; a PV system on a
    school roof saves electricity from the grid; LED lighting saves electricity."""

    class Effect(models.TextChoices):
        SAVED = "saved", _("eingespart")
        ADDED = "added", _("zusätzlich bezogen")

    measure = models.ForeignKey(
        Measure, on_delete=models.CASCADE, related_name="energy", verbose_name=_("Maßnahme")
    )
    carrier = models.ForeignKey(
        EnergyCarrier,
        on_delete=models.PROTECT,
        related_name="measure_lines",
        verbose_name=_("Energieträger"),
    )
    effect = models.CharField(
        _("Wirkung"), max_length=5, choices=Effect.choices, default=Effect.SAVED
    )
    kwh = models.DecimalField(_("kWh/a"), max_digits=14, decimal_places=2)
    # The quantity as people have it (12,000 l of diesel, 40,000 km driven), kept and
    # shown beside the kWh it was converted to; the kWh is what every figure uses.
    quantity = models.DecimalField(
        _("Menge je Jahr"), max_digits=14, decimal_places=3, null=True, blank=True
    )
    unit = models.CharField(_("Einheit"), max_length=3, choices=EnergyUnit.choices, blank=True)
    consumption = models.DecimalField(
        _("Verbrauch je 100 km"), max_digits=8, decimal_places=2, null=True, blank=True
    )
    consumption_unit = models.CharField(
        _("Einheit des Verbrauchs"), max_length=3, choices=ConsumptionUnit.choices, blank=True
    )
    # The factor of the network's set this line was last counted with.
    factor = models.ForeignKey(
        EmissionFactor,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        editable=False,
        related_name="measure_lines",
        verbose_name=_("verwendeter Emissionsfaktor"),
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("Energieträger der Maßnahme")
        verbose_name_plural = _("Energieträger der Maßnahme")
        ordering = ["measure", "-effect", "carrier__ordering", "pk"]  # saved first
        constraints = [
            models.UniqueConstraint(
                fields=["measure", "carrier", "effect"],
                name="measures_measureenergy_unique_carrier_effect",
                violation_error_message=_(
                    "Jeden Energieträger bitte nur einmal als eingespart und einmal als "
                    "zusätzlich bezogen eintragen."
                ),
            ),
            models.CheckConstraint(
                condition=Q(effect__in=["saved", "added"]),
                name="measures_measureenergy_effect_valid",
            ),
            models.CheckConstraint(
                condition=Q(kwh__gt=0), name="measures_measureenergy_kwh_positive"
            ),
            models.CheckConstraint(
                condition=Q(quantity__isnull=True, unit="")
                | Q(quantity__gt=0, unit__in=EnergyUnit.values),
                name="measures_measureenergy_quantity_with_unit",
            ),
            models.CheckConstraint(
                condition=Q(unit="km", consumption__gt=0, consumption_unit__in=["l", "kWh"])
                | (~Q(unit="km") & Q(consumption__isnull=True, consumption_unit="")),
                name="measures_measureenergy_consumption_for_km",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.carrier}: {self.get_effect_display()} {self.kwh} kWh/a"

    def signed_kwh(self) -> Decimal:
        """Saved energy counts as savings, added energy against them."""
        return self.kwh if self.effect == self.Effect.SAVED else -self.kwh

    def kwh_too_large(self) -> str | None:
        """A German message if the line's kWh is too large for its column, else None."""
        return too_large_for(self._meta.get_field("kwh"), self.kwh, LINE_TOO_LARGE)

    def amount_text(self) -> str:
        """The quantity as it was given, such as "12.000 l" or "40.000 km × 9 l/100 km",
        in the reader's number format; "" without one."""
        if self.quantity is None:
            return ""
        amount = _number(self.quantity)
        if self.unit == EnergyUnit.KILOMETRE and self.consumption is not None:
            return _("%(km)s km × %(consumption)s %(per)s") % {
                "km": amount,
                "consumption": _number(self.consumption),
                "per": self.get_consumption_unit_display(),
            }
        return f"{amount} {unit_text(self.unit)}"

    def quantity_text(self) -> str:
        """The quantity with its carrier: "12.000 l Diesel"; "" without one."""
        return f"{self.amount_text()} {self.carrier}" if self.quantity is not None else ""

    def clean(self) -> None:
        super().clean()
        errors = {}
        if self.kwh is not None and self.kwh <= 0:
            errors["kwh"] = _("Bitte eine Energiemenge größer als null angeben.")
        if self.quantity is not None:
            if self.quantity < 0:
                errors["quantity"] = _("Die Menge darf nicht negativ sein.")
            elif self.quantity == 0:
                errors["quantity"] = _("Bitte eine Menge größer als null angeben.")
            if not self.unit:
                errors["unit"] = _("Bitte die Einheit der Menge angeben.")
        elif self.unit:
            errors["quantity"] = _("Bitte die Menge zur Einheit angeben.")
        if self.unit == EnergyUnit.KILOMETRE:
            if self.consumption is None or not self.consumption_unit:
                errors["consumption"] = _(
                    "Für gefahrene Kilometer bitte den Verbrauch je 100 km angeben."
                )
            elif self.consumption <= 0:
                errors["consumption"] = _("Der Verbrauch je 100 km muss größer als null sein.")
        elif self.consumption is not None or self.consumption_unit:
            errors["consumption"] = _(
                "Einen Verbrauch je 100 km bitte nur zu gefahrenen Kilometern."
            )
        if errors:
            raise ValidationError(errors)


def _number(value: Decimal) -> str:
    """A quantity in the reader's format with grouping and only the places it has."""
    places = max(0, -without_trailing_zeros(value).as_tuple().exponent)
    return number_format(value, places, use_l10n=True, force_grouping=True)


class ProgressNote(ChecksMirroredInClean, models.Model):
    """A dated note on how a measure is getting on, shown as its timeline."""

    measure = models.ForeignKey(
        Measure, on_delete=models.CASCADE, related_name="notes", verbose_name=_("Maßnahme")
    )
    date = models.DateField(_("Datum"), default=timezone.localdate, validators=[validate_sane_date])
    text = models.TextField(_("Notiz"))
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("verfasst von"),
    )
    created_at = models.DateTimeField(_("angelegt am"), auto_now_add=True)

    class Meta:
        verbose_name = _("Fortschrittsnotiz")
        verbose_name_plural = _("Fortschrittsnotizen")
        ordering = ["-date", "-created_at"]
        constraints = [
            models.CheckConstraint(condition=~Q(text=""), name="measures_progressnote_text"),
            models.CheckConstraint(
                condition=in_sane_range("date"), name="measures_progressnote_date_range"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.date}: {self.text[:50]}"

    def clean(self) -> None:
        super().clean()
        if not (self.text or "").strip():
            raise ValidationError({"text": _("Bitte einen Text eingeben.")})


# The name migration 0005 gives the upload path of measure documents.
document_path = upload_path


class MeasureDocument(Document):
    """A document or photo of a measure, downloadable only through a checked view."""

    UPLOAD_FOLDER = "massnahmen"
    OWNER = "measure"
    URL_NAME = "measure_document"

    measure = models.ForeignKey(
        Measure, on_delete=models.CASCADE, related_name="documents", verbose_name=_("Maßnahme")
    )

    class Meta(Document.Meta):
        verbose_name = _("Dokument")
        verbose_name_plural = _("Dokumente")
        ordering = ["-uploaded_at"]


class MeasureImport(models.Model):
    """The record of a spreadsheet import: who brought which file into which network."""

    network = models.ForeignKey(
        Network,
        on_delete=models.PROTECT,
        related_name="measure_imports",
        verbose_name=_("Netzwerk"),
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("importiert von"),
    )
    file_name = models.CharField(_("Dateiname"), max_length=255)
    rows = models.PositiveIntegerField(_("Zeilen"))
    created_at = models.DateTimeField(_("importiert am"), auto_now_add=True)
    measures = models.ManyToManyField(
        Measure, related_name="imports", blank=True, verbose_name=_("Maßnahmen")
    )

    class Meta:
        verbose_name = _("Import")
        verbose_name_plural = _("Importe")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.file_name} ({self.rows})"


class ImportPreview(models.Model):
    """A checked import waiting for its importer's confirmation: the rows as read.

    The rows are kept (not the uploaded file), so confirming does not read the file
    again. Confirming or cancelling marks the preview used and drops its rows, so
    a second confirmation imports nothing; `clean_imports` deletes old previews.
    """

    class State(models.TextChoices):
        PENDING = "pending", _("wartet auf Bestätigung")
        IMPORTED = "imported", _("importiert")
        CANCELLED = "cancelled", _("abgebrochen")

    token = models.CharField(_("Kennung"), max_length=64, unique=True)
    network = models.ForeignKey(
        Network, on_delete=models.CASCADE, related_name="+", verbose_name=_("Netzwerk")
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("hochgeladen von"),
    )
    file_name = models.CharField(_("Dateiname"), max_length=255)
    # [[row number, {header: text}], ...] of the imported columns; empty once used.
    rows = models.JSONField(_("Zeilen"), default=list, blank=True)
    state = models.CharField(
        _("Stand"), max_length=10, choices=State.choices, default=State.PENDING
    )
    created_at = models.DateTimeField(_("hochgeladen am"), default=timezone.now, db_index=True)

    class Meta:
        verbose_name = _("Import-Vorschau")
        verbose_name_plural = _("Import-Vorschauen")
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(state__in=["pending", "imported", "cancelled"]),
                name="measures_importpreview_state_valid",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.file_name} ({self.get_state_display()})"


class StaleDigest(models.Model):
    """A reminder mail about stale measures sent to a person; at most one a week."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="stale_digests",
        verbose_name=_("Person"),
    )
    sent_at = models.DateTimeField(_("gesendet am"), default=timezone.now)
    measure_count = models.PositiveIntegerField(_("Maßnahmen"))

    class Meta:
        verbose_name = _("Erinnerung an ruhende Maßnahmen")
        verbose_name_plural = _("Erinnerungen an ruhende Maßnahmen")
        ordering = ["-sent_at"]
        indexes = [models.Index(fields=["user", "sent_at"])]

    def __str__(self) -> str:
        return f"{self.user} {self.sent_at:%Y-%m-%d}"


class FiguresToken(models.Model):
    """A network's figures token: a random number the database draws anew whenever
    something its figures are summed from changes (its measures, participations, term,
    factor set, measure settings), by triggers on those tables (migration 0022), so no
    write can forget it: not a service, the admin, an import, QuerySet.update, nor SQL.
    measures.figures keeps each network's figures in the cache under its token. Random,
    not counted up: a token drawn in a transaction that was rolled back is never drawn
    again, so figures summed from that transaction's rows are never found."""

    network_id = models.BigIntegerField(primary_key=True)
    token = models.BigIntegerField()

    def __str__(self) -> str:
        return f"{self.network_id}: {self.token}"
