import datetime
from pathlib import PurePath

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Count, Exists, F, OuterRef, Q
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import get_language, pgettext_lazy
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from lib.conflicts import Versioned
from lib.constraints import ChecksMirroredInClean
from lib.dates import MAX_YEAR, MIN_YEAR, in_sane_range, validate_sane_date
from lib.uploads import random_name
from networks.catalogue import load_factor_sets
from networks.validators import AGS_REGEX, FUNDING_CODE_REGEX, validate_ags, validate_funding_code


class UserManager(BaseUserManager):
    use_in_migrations = True

    def _create_user(self, email: str, password: str | None, **extra_fields):
        if not email:
            raise ValueError("An e-mail address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **extra_fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email: str, password: str | None = None, **extra_fields):
        extra_fields.setdefault("is_staff", False)
        extra_fields.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra_fields)

    def create_superuser(self, email: str, password: str | None = None, **extra_fields):
        extra_fields["is_staff"] = True
        extra_fields["is_superuser"] = True
        return self._create_user(email, password, **extra_fields)

    def moderators_of(self, network: "Network"):
        """The people who may moderate a network's meetings: its coordinator's staff and
        its service providers' staff (the people for whom Network.objects.moderated_by
        lists it, administrators aside)."""
        return (
            self.filter(is_active=True)
            .filter(
                Q(
                    memberships__role=Role.COORDINATOR,
                    memberships__organisation=network.coordinator_id,
                )
                | Q(memberships__role=Role.SERVICE_PROVIDER, memberships__network=network)
            )
            .distinct()
            .order_by("name", "email")
        )


class User(AbstractBaseUser, PermissionsMixin):
    """A person who signs in with an e-mail address; there are no usernames."""

    email = models.EmailField(_("E-Mail-Adresse"), max_length=254, unique=True)
    name = models.CharField(_("Name"), max_length=150, blank=True)
    language = models.CharField(
        _("Sprache"), max_length=8, choices=settings.LANGUAGES, default="de"
    )
    is_staff = models.BooleanField(
        _("Zugang zur Verwaltung"),
        default=False,
        help_text=_("Darf sich an der Verwaltungsoberfläche anmelden."),
    )
    is_active = models.BooleanField(_("aktiv"), default=True)
    date_joined = models.DateTimeField(_("registriert am"), default=timezone.now)

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS: list[str] = []

    class Meta:
        verbose_name = _("Person")
        verbose_name_plural = _("Personen")
        ordering = ["name", "email"]
        constraints = [
            models.UniqueConstraint(Lower("email"), name="networks_user_unique_email"),
        ]

    def __str__(self) -> str:
        return f"{self.name} <{self.email}>" if self.name else self.email

    def clean(self) -> None:
        super().clean()
        self.email = self.__class__.objects.normalize_email(self.email).lower()
        clash = User.objects.filter(email__iexact=self.email).exclude(pk=self.pk)
        if self.email and clash.exists():
            raise ValidationError(
                {"email": _("Es gibt schon eine Person mit dieser E-Mail-Adresse.")}
            )

    def get_full_name(self) -> str:
        return self.name or self.email

    def must_use_second_factor(self) -> bool:
        """Coordinators and administrators must use a second factor (portal.middleware)."""
        return self.is_superuser or self.memberships.filter(role=Role.COORDINATOR).exists()

    def get_short_name(self) -> str:
        return self.name or self.email


class OrganisationQuerySet(models.QuerySet):
    def coordinated_by(self, user) -> "OrganisationQuerySet":
        """The coordinator organisations a person works for: whatever they grant
        (roles, invitations) and manage is theirs."""
        if not user.is_authenticated or not user.is_active:
            return self.none()
        return self.filter(memberships__user=user, memberships__role=Role.COORDINATOR)


class Organisation(models.Model):
    class Kind(models.TextChoices):
        COORDINATOR = "coordinator", _("Netzwerkträger")
        SERVICE_PROVIDER = "service_provider", _("Dienstleister")
        FUNDER = "funder", _("Fördermittelgeber")
        OTHER = "other", _("Sonstige")

    name = models.CharField(_("Name"), max_length=200)
    kind = models.CharField(_("Art"), max_length=20, choices=Kind.choices)
    website = models.URLField(_("Website"), blank=True)

    objects = OrganisationQuerySet.as_manager()

    class Meta:
        verbose_name = _("Organisation")
        verbose_name_plural = _("Organisationen")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["name"], name="networks_organisation_unique_name"),
        ]

    def __str__(self) -> str:
        return self.name


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


def name_for_reader(name: str, name_en: str) -> str:
    """The English name of catalogue data for people who use the portal in English,
    where one is set; the German name otherwise."""
    return name_en if name_en and get_language() == "en" else name


class NamedInTwoLanguages:
    """Catalogue data (focus areas, energy carriers) with a German `name` and an
    optional English `name_en`: gettext covers code and templates, not rows. Their
    __str__ is the display name; `name` stays the German key that spreadsheets
    export and import."""

    def display_name(self) -> str:
        return name_for_reader(self.name, self.name_en)


ENGLISH_NAME_HELP = _("Für die englische Oberfläche; leer gelassen gilt der deutsche Name.")


class FocusArea(NamedInTwoLanguages, models.Model):
    name = models.CharField(_("Name"), max_length=200)
    name_en = models.CharField(
        _("Name (englisch)"), max_length=200, blank=True, help_text=ENGLISH_NAME_HELP
    )
    slug = models.SlugField(_("Kurzname (URL)"), max_length=100, unique=True)
    description = models.TextField(_("Beschreibung"), blank=True)
    ordering = models.PositiveSmallIntegerField(_("Reihenfolge"), default=0)

    class Meta:
        verbose_name = _("Themenschwerpunkt")
        verbose_name_plural = _("Themenschwerpunkte")
        ordering = ["ordering", "name"]

    def __str__(self) -> str:
        return self.display_name()


class Role(models.TextChoices):
    COORDINATOR = "coordinator", _("Koordination")
    SERVICE_PROVIDER = "service_provider", _("Dienstleister")
    CLIMATE_MANAGER = "climate_manager", _("Klimaschutzmanagement")
    FUNDER = "funder", _("Fördermittelgeber")


# A role as one person holds it ("Climate manager", not "Climate management"): the
# German words are those of the role, which read for a person too; the context lets
# English say it of one person.
ROLE_OF_A_PERSON = {
    Role.COORDINATOR: pgettext_lazy("role of a person", "Koordination"),
    Role.SERVICE_PROVIDER: pgettext_lazy("role of a person", "Dienstleister"),
    Role.CLIMATE_MANAGER: pgettext_lazy("role of a person", "Klimaschutzmanagement"),
    Role.FUNDER: pgettext_lazy("role of a person", "Fördermittelgeber"),
}


class NetworkQuerySet(models.QuerySet):
    def for_user(self, user) -> "NetworkQuerySet":
        """The networks a person may see: those of their memberships (see RoleScope)."""
        return self._of_members(user, network_roles=[Role.SERVICE_PROVIDER, Role.FUNDER])

    def with_readable_measures(self, user) -> "NetworkQuerySet":
        """The networks whose measures a person may read: as for_user, but not through
        a funder's membership (funders see overviews and reports only)."""
        return self._of_members(user, network_roles=[Role.SERVICE_PROVIDER])

    def _of_members(self, user, *, network_roles: list[str]) -> "NetworkQuerySet":
        if not user.is_authenticated or not user.is_active:
            return self.none()
        if user.is_superuser:
            return self.all()
        memberships = Membership.objects.filter(user=user)
        return self.filter(
            Q(coordinator__in=memberships.filter(role=Role.COORDINATOR).values("organisation"))
            | Q(pk__in=memberships.filter(role__in=network_roles).values("network"))
            | Q(pk__in=Participation.objects.managed_by(user).values("network"))
        )

    def editable_by(self, user) -> "NetworkQuerySet":
        """The networks whose settings, participants and invitations a person manages."""
        if not user.is_authenticated or not user.is_active:
            return self.none()
        if user.is_superuser:
            return self.all()
        return self.filter(
            coordinator__in=Membership.objects.filter(user=user, role=Role.COORDINATOR).values(
                "organisation"
            )
        )

    def moderated_by(self, user) -> "NetworkQuerySet":
        """The networks whose meetings and minutes a person runs: coordinators and
        the network's service providers."""
        if not user.is_authenticated or not user.is_active:
            return self.none()
        return self.editable_by(user) | self.filter(
            pk__in=Membership.objects.filter(user=user, role=Role.SERVICE_PROVIDER).values(
                "network"
            )
        )

    def overseen_by(self, user) -> "NetworkQuerySet":
        """The networks a person oversees: the coordination, the network's service
        providers and funders; not the climate managers of its municipalities. They
        read its recruitment (contacts, answers, reasons for refusing) and how it keeps
        the funding programme's rules."""
        if not user.is_authenticated or not user.is_active:
            return self.none()
        if user.is_superuser:
            return self.all()
        return self.editable_by(user) | self.filter(
            pk__in=Membership.objects.filter(
                user=user, role__in=[Role.SERVICE_PROVIDER, Role.FUNDER]
            ).values("network")
        )

    def listed_for(self, user) -> "NetworkQuerySet":
        """The home page's list: public networks for visitors, one's own when signed in."""
        return self.for_user(user) if user.is_authenticated else self.public()

    def shown_to(self, user) -> "NetworkQuerySet":
        """Networks whose public parts (photos) a person may see: public ones, and their own."""
        return self.public() | self.for_user(user)

    def public(self) -> "NetworkQuerySet":
        return self.filter(is_public=True)

    def with_participant_count(self) -> "NetworkQuerySet":
        # Django leaves Meta.ordering out of GROUP BY queries; keep the usual order.
        return self.annotate(
            participant_count=Count(
                "participations", filter=Q(participations__left_on__isnull=True)
            )
        ).order_by(*Network._meta.ordering)

    def in_phase(self, phase: str, today: datetime.date | None = None) -> "NetworkQuerySet":
        today = today or timezone.localdate()
        if phase == Network.Phase.ACQUISITION:
            return self.filter(term_start__gt=today)
        if phase == Network.Phase.ACTIVE:
            return self.filter(term_start__lte=today, term_end__gte=today)
        if phase == Network.Phase.COMPLETED:
            return self.filter(term_end__lt=today)
        raise ValueError(f"Unknown phase {phase!r}")


# The programme's own set: the funding agency counts savings with BAFA's factors.
PROGRAMME_FACTOR_SET = "bafa-2021"


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
        if self.year is not None and not MIN_YEAR <= self.year <= MAX_YEAR:
            errors["year"] = _("Das Jahr muss zwischen 1990 und 2100 liegen.")
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
    """The default set of a new network: the programme's (see PROGRAMME_FACTOR_SET),
    loaded from the catalogue if a flushed database lacks it."""
    found = FactorSet.objects.filter(slug=PROGRAMME_FACTOR_SET).values_list("pk", flat=True)
    if not found:
        load_factor_sets(FactorSet)
    return found.get()


class Network(Versioned, ChecksMirroredInClean, models.Model):
    class Phase(models.TextChoices):
        ACQUISITION = "acquisition", _("Gewinnungsphase")
        ACTIVE = "active", _("Netzwerkphase")
        COMPLETED = "completed", _("Abgeschlossen")

    name = models.CharField(_("Name"), max_length=200)
    slug = models.SlugField(_("Kurzname (URL)"), max_length=100, unique=True)
    description = models.TextField(_("Beschreibung"), blank=True)
    coordinator = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="coordinated_networks",
        limit_choices_to={"kind": Organisation.Kind.COORDINATOR},
        verbose_name=_("Netzwerkträger"),
    )
    service_providers = models.ManyToManyField(
        Organisation,
        blank=True,
        related_name="served_networks",
        limit_choices_to={"kind": Organisation.Kind.SERVICE_PROVIDER},
        verbose_name=_("Dienstleister"),
    )
    funding_programme = models.CharField(_("Förderprogramm"), max_length=200, blank=True)
    funding_agency = models.CharField(_("Projektträger"), max_length=200, blank=True)
    funder = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="funded_networks",
        limit_choices_to={"kind": Organisation.Kind.FUNDER},
        verbose_name=_("Fördermittelgeber"),
    )
    funding_code = models.CharField(
        _("Förderkennzeichen"),
        max_length=20,
        blank=True,
        validators=[validate_funding_code],
        help_text=_("Z. B. 67K18876. Darf in der Gewinnungsphase leer bleiben."),
    )
    funding_notice = models.TextField(
        _("Förderhinweis"),
        blank=True,
        help_text=_("Der vorgeschriebene Hinweis auf die Förderung, wie er veröffentlicht wird."),
    )
    term_start = models.DateField(_("Laufzeit von"), validators=[validate_sane_date])
    term_end = models.DateField(_("Laufzeit bis"), validators=[validate_sane_date])
    focus_areas = models.ManyToManyField(
        FocusArea, blank=True, related_name="networks", verbose_name=_("Themenschwerpunkte")
    )
    predecessor = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="successors",
        verbose_name=_("Vorgängernetzwerk"),
    )
    is_public = models.BooleanField(
        _("öffentlich"),
        default=False,
        help_text=_("Das Netzwerk erscheint mit seinen Eckdaten auf einer öffentlichen Seite."),
    )
    staleness_days = models.PositiveSmallIntegerField(
        _("Maßnahmen gelten als veraltet nach (Tagen)"),
        default=90,
        help_text=_("Nach so vielen Tagen ohne Änderung erscheint eine Maßnahme als veraltet."),
    )
    meeting_reminder_days = models.PositiveSmallIntegerField(
        _("Erinnerung an Treffen (Tage vorher)"),
        default=3,
        help_text=_("So viele Tage vor einem Treffen erinnert das Portal die Eingeladenen."),
    )
    # Deadlines of the grant notice (Zuwendungsbescheid), which differ between notices.
    interim_report_due_months = models.PositiveSmallIntegerField(
        _("Zwischenbericht fällig (Monate nach jedem Netzwerkjahr)"),
        default=4,
        db_default=4,
        help_text=_("Laut Zuwendungsbescheid; meist 4 Monate nach dem Ende jedes Jahres."),
    )
    final_report_due_months = models.PositiveSmallIntegerField(
        _("Schlussbericht fällig (Monate nach Laufzeitende)"),
        default=6,
        db_default=6,
        help_text=_("Laut Zuwendungsbescheid."),
    )
    factor_set = models.ForeignKey(
        FactorSet,
        on_delete=models.PROTECT,
        default=programme_factor_set,
        related_name="networks",
        verbose_name=_("Emissionsfaktoren"),
        help_text=_(
            "Die Faktorbasis, mit der die Treibhausgas-Einsparungen des Netzwerks "
            "gerechnet werden; das Förderprogramm verlangt die BAFA-Faktoren."
        ),
    )
    contact_name = models.CharField(_("Ansprechperson"), max_length=200, blank=True)
    contact_role = models.CharField(_("Funktion der Ansprechperson"), max_length=200, blank=True)
    contact_email = models.EmailField(_("E-Mail der Ansprechperson"), blank=True)
    contact_phone = models.CharField(_("Telefon der Ansprechperson"), max_length=50, blank=True)
    updated_at = models.DateTimeField(_("geändert am"), auto_now=True)
    # Raised by every save, as updated_at moves; an edit form based on an older
    # version is refused (lib.conflicts). The database default lets rows be
    # written by code that predates the field (older migrations' data steps).
    version = models.PositiveIntegerField(_("Version"), default=1, db_default=1, editable=False)

    objects = NetworkQuerySet.as_manager()
    history = HistoricalRecords(excluded_fields=["updated_at", "version"])

    class Meta:
        verbose_name = _("Netzwerk")
        verbose_name_plural = _("Netzwerke")
        ordering = ["-term_start", "name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(term_end__gt=F("term_start")), name="networks_network_term_order"
            ),
            models.CheckConstraint(
                condition=in_sane_range("term_start"), name="networks_network_term_start_range"
            ),
            models.CheckConstraint(
                condition=in_sane_range("term_end"), name="networks_network_term_end_range"
            ),
            models.CheckConstraint(
                condition=Q(funding_code="") | Q(funding_code__regex=FUNDING_CODE_REGEX),
                name="networks_network_funding_code_format",
            ),
            models.CheckConstraint(
                condition=Q(predecessor__isnull=True) | ~Q(predecessor=F("pk")),
                name="networks_network_not_own_predecessor",
            ),
            models.CheckConstraint(
                condition=Q(staleness_days__gte=1), name="networks_network_staleness_positive"
            ),
            models.CheckConstraint(
                condition=Q(interim_report_due_months__gte=1, interim_report_due_months__lte=24)
                & Q(final_report_due_months__gte=1, final_report_due_months__lte=24),
                name="networks_network_report_deadlines_range",
            ),
            models.CheckConstraint(
                condition=Q(meeting_reminder_days__gte=1, meeting_reminder_days__lte=60),
                name="networks_network_reminder_days_range",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("network", args=[self.slug])

    def clean(self) -> None:
        super().clean()
        errors = {}
        if self.term_start and self.term_end and self.term_end <= self.term_start:
            errors["term_end"] = _("Das Ende der Laufzeit muss nach ihrem Beginn liegen.")
        if self.staleness_days is not None and self.staleness_days < 1:
            errors["staleness_days"] = _("Bitte mindestens einen Tag angeben.")
        if self.meeting_reminder_days is not None and not 1 <= self.meeting_reminder_days <= 60:
            errors["meeting_reminder_days"] = _("Bitte zwischen 1 und 60 Tagen angeben.")
        for field in ("interim_report_due_months", "final_report_due_months"):
            value = getattr(self, field)
            if value is not None and not 1 <= value <= 24:
                errors[field] = _("Bitte zwischen 1 und 24 Monaten angeben.")
        if self.pk and self.predecessor_id == self.pk:
            errors["predecessor"] = _("Ein Netzwerk kann nicht sein eigener Vorgänger sein.")
        if self.coordinator_id and self.coordinator.kind != Organisation.Kind.COORDINATOR:
            errors["coordinator"] = _(
                "Der Netzwerkträger muss eine Organisation der Art „Netzwerkträger“ sein."
            )
        if self.funder_id and self.funder.kind != Organisation.Kind.FUNDER:
            errors["funder"] = _(
                "Der Fördermittelgeber muss eine Organisation der Art „Fördermittelgeber“ sein."
            )
        if errors:
            raise ValidationError(errors)

    def has_focus_area(self, pk: int) -> bool:
        """Whether a focus area is one of the network's: from the prefetched focus
        areas where the caller prefetched them (an import checks thousands of rows),
        else with one query."""
        if "focus_areas" in getattr(self, "_prefetched_objects_cache", {}):
            return any(area.pk == pk for area in self.focus_areas.all())
        return self.focus_areas.filter(pk=pk).exists()

    def phase_on(self, day: datetime.date) -> str:
        if day < self.term_start:
            return self.Phase.ACQUISITION
        if day <= self.term_end:
            return self.Phase.ACTIVE
        return self.Phase.COMPLETED

    @property
    def phase(self) -> str:
        return self.phase_on(timezone.localdate())

    def get_phase_display(self) -> str:
        return self.Phase(self.phase).label

    def term_progress(self, today: datetime.date | None = None) -> int:
        """How much of the term has passed, in percent (0 before, 100 after)."""
        today = today or timezone.localdate()
        total = (self.term_end - self.term_start).days
        passed = (min(max(today, self.term_start), self.term_end) - self.term_start).days
        return round(100 * passed / total)


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
                if (
                    day
                    and not network.term_start <= day <= network.term_end
                    and field not in errors
                ):
                    errors[field] = _(
                        "Das Datum muss in der Laufzeit des Netzwerks liegen (%(start)s – %(end)s)."
                    ) % {
                        "start": date_format(network.term_start, "SHORT_DATE_FORMAT"),
                        "end": date_format(network.term_end, "SHORT_DATE_FORMAT"),
                    }
        if errors:
            raise ValidationError(errors)

    def takes_part_on(self, day: datetime.date) -> bool:
        """Joined by the day and not yet left (as ParticipationQuerySet.taking_part_on)."""
        return self.joined_on <= day and (self.left_on is None or self.left_on >= day)

    def takes_part_between(self, start: datetime.date, end: datetime.date) -> bool:
        """Taking part on some day of the period (as ParticipationQuerySet.taking_part_between)."""
        return self.joined_on <= end and (self.left_on is None or self.left_on >= start)


class RoleScope(ChecksMirroredInClean, models.Model):
    """A role with its scope, shared by memberships and invitations.

    - coordinator of an organisation of kind coordinator: manages its networks;
    - service provider staff in a network: moderates meetings, reads the network;
    - climate manager of a municipality, granted by a coordinator organisation:
      edits the municipality's measures in that organisation's networks the
      municipality takes part in, and reads those networks. A municipality may
      take part in networks of several coordinators; a role granted by one never
      opens another's networks (a climate manager working in both holds two
      memberships);
    - funder for a network: reads the overview and issued reports.
    Administrators are superusers and need no membership.
    """

    Role = Role

    role = models.CharField(_("Rolle"), max_length=20, choices=Role.choices)
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="%(class)ss",
        verbose_name=_("Organisation"),
        help_text=_(
            "Für Koordination und Klimaschutzmanagement: der Netzwerkträger, in dessen "
            "Netzwerken die Rolle gilt. Für Dienstleister und Fördermittelgeber optional die Firma."
        ),
    )
    network = models.ForeignKey(
        Network,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="%(class)ss",
        verbose_name=_("Netzwerk"),
        help_text=_("Für Dienstleister und Fördermittelgeber."),
    )
    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="%(class)ss",
        verbose_name=_("Kommune"),
        help_text=_("Für das Klimaschutzmanagement."),
    )

    class Meta:
        abstract = True
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(role="coordinator", organisation__isnull=False, network__isnull=True,
                      municipality__isnull=True)
                    | Q(role__in=["service_provider", "funder"], network__isnull=False,
                        municipality__isnull=True)
                    | Q(role="climate_manager", municipality__isnull=False,
                        network__isnull=True, organisation__isnull=False)
                ),
                name="%(app_label)s_%(class)s_scope_matches_role",
            ),
        ]  # fmt: skip

    def scope(self):
        if self.role == Role.COORDINATOR:
            return self.organisation
        return self.municipality or self.network

    def role_of_a_person(self) -> str:
        """The role as the one person who holds it (start page, invitations); the
        role's own label (get_role_display) names the role itself."""
        return str(ROLE_OF_A_PERSON[self.role])

    def scope_label(self) -> str:
        """The scope as people read it; a climate manager's names the granting organisation."""
        if self.role == Role.CLIMATE_MANAGER and self.organisation_id:
            return _("%(municipality)s in den Netzwerken von %(organisation)s") % {
                "municipality": self.municipality,
                "organisation": self.organisation,
            }
        return str(self.scope() or "")

    # Per role: the scope fields it needs (which also identify a membership, see
    # Membership's constraints), and the scope fields it may fill at all.
    SCOPES = {
        Role.COORDINATOR: (("organisation",), {"organisation"}),
        Role.SERVICE_PROVIDER: (("network",), {"network", "organisation"}),
        Role.FUNDER: (("network",), {"network", "organisation"}),
        Role.CLIMATE_MANAGER: (("municipality", "organisation"), {"municipality", "organisation"}),
    }
    # Roles whose organisation is the coordinator organisation whose networks they open.
    GRANTED_BY_COORDINATOR = (Role.COORDINATOR, Role.CLIMATE_MANAGER)

    def unique_scope(self) -> dict:
        """The fields that identify a membership of this role (see Membership's constraints)."""
        return {"role": self.role, **{key: getattr(self, key) for key in self.SCOPES[self.role][0]}}

    def scope_fields(self) -> dict:
        return {
            "role": self.role,
            "organisation": self.organisation,
            "network": self.network,
            "municipality": self.municipality,
        }

    def clean(self) -> None:
        super().clean()
        if self.role not in self.SCOPES:
            return
        errors = {}
        required, allowed = self.SCOPES[self.role]
        for field in required:
            if getattr(self, f"{field}_id") is None:
                errors[field] = _("Für die Rolle „%(role)s“ bitte angeben.") % {
                    "role": self.get_role_display()
                }
        for other in sorted({"organisation", "network", "municipality"} - allowed):
            if getattr(self, f"{other}_id") is not None:
                errors[other] = _("Passt nicht zur Rolle „%(role)s“; bitte leer lassen.") % {
                    "role": self.get_role_display()
                }
        if (
            self.role in self.GRANTED_BY_COORDINATOR
            and self.organisation_id
            and self.organisation.kind != Organisation.Kind.COORDINATOR
        ):
            errors["organisation"] = (
                _("Koordinieren kann nur eine Organisation der Art „Netzwerkträger“.")
                if self.role == Role.COORDINATOR
                else _(
                    "Das Klimaschutzmanagement gilt in den Netzwerken eines Netzwerkträgers: "
                    "bitte eine Organisation der Art „Netzwerkträger“ wählen."
                )
            )
        if errors:
            raise ValidationError(errors)


class MembershipQuerySet(models.QuerySet):
    def for_user(self, user) -> "MembershipQuerySet":
        return self.filter(user=user) if user.is_authenticated else self.none()

    def climate_managers_in(self, network, municipalities=None) -> "MembershipQuerySet":
        """The climate-manager memberships that work in a network: granted by its
        coordinator organisation, for municipalities taking part in it (or for the
        given ones among them), held by active people."""
        participations = Participation.objects.filter(network=network)
        if municipalities is not None:
            participations = participations.filter(municipality__in=municipalities)
        return self.filter(
            role=Role.CLIMATE_MANAGER,
            organisation=network.coordinator_id,
            municipality__in=participations.values("municipality"),
            user__is_active=True,
        )


class Membership(RoleScope):
    """A person's role and its scope. A person may hold several memberships."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="memberships",
        verbose_name=_("Person"),
    )
    created_at = models.DateTimeField(_("angelegt am"), auto_now_add=True)

    objects = MembershipQuerySet.as_manager()

    class Meta:
        verbose_name = _("Mitgliedschaft")
        verbose_name_plural = _("Mitgliedschaften")
        ordering = ["user", "role"]
        constraints = [
            *RoleScope.Meta.constraints,
            models.UniqueConstraint(
                fields=["user", "organisation"],
                condition=Q(role="coordinator"),
                name="networks_membership_unique_coordinator",
                violation_error_message=_("Diese Person koordiniert diese Organisation schon."),
            ),
            models.UniqueConstraint(
                fields=["user", "role", "network"],
                condition=Q(role__in=["service_provider", "funder"]),
                name="networks_membership_unique_network_role",
                violation_error_message=_("Diese Person hat diese Rolle im Netzwerk schon."),
            ),
            models.UniqueConstraint(
                fields=["user", "municipality", "organisation"],
                condition=Q(role="climate_manager"),
                name="networks_membership_unique_climate_manager",
                violation_error_message=_(
                    "Diese Person ist schon Klimaschutzmanager*in dieser Kommune in den "
                    "Netzwerken dieses Netzwerkträgers."
                ),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} – {self.get_role_display()}: {self.scope_label()}"


class InvitationQuerySet(models.QuerySet):
    def managed_by(self, user) -> "InvitationQuerySet":
        """Invitations a person may list, revoke and re-send: those of the coordinator
        organisations they belong to (into the organisation itself, as climate manager
        granted by it, or into one of its networks). Nobody else sees them, not even
        another organisation coordinating a network the same municipality takes part in."""
        if not user.is_authenticated or not user.is_active:
            return self.none()
        if user.is_superuser:
            return self.all()
        organisations = Organisation.objects.coordinated_by(user).values("pk")
        return self.filter(
            Q(role__in=RoleScope.GRANTED_BY_COORDINATOR, organisation__in=organisations)
            | Q(network__coordinator__in=organisations)
        )


class Invitation(RoleScope):
    """An invitation of an e-mail address into a role; the link is valid for some days.

    Only a hash of the link's token is stored, so the database cannot be used to
    accept an invitation.
    """

    class State(models.TextChoices):
        PENDING = "pending", _("offen")
        ACCEPTED = "accepted", _("angenommen")
        EXPIRED = "expired", _("abgelaufen")
        REVOKED = "revoked", _("widerrufen")

    email = models.EmailField(_("E-Mail-Adresse"))
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("eingeladen von"),
    )
    created_at = models.DateTimeField(_("angelegt am"), auto_now_add=True)
    sent_at = models.DateTimeField(_("zuletzt versandt am"))
    expires_at = models.DateTimeField(_("gültig bis"))
    accepted_at = models.DateTimeField(_("angenommen am"), null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("angenommen von"),
    )
    revoked_at = models.DateTimeField(_("widerrufen am"), null=True, blank=True)

    objects = InvitationQuerySet.as_manager()

    class Meta:
        verbose_name = _("Einladung")
        verbose_name_plural = _("Einladungen")
        ordering = ["-created_at"]
        constraints = [
            *RoleScope.Meta.constraints,
            models.CheckConstraint(
                condition=Q(accepted_at__isnull=True) | Q(revoked_at__isnull=True),
                name="networks_invitation_not_accepted_and_revoked",
            ),
            models.CheckConstraint(
                condition=Q(expires_at__gt=F("sent_at")),
                name="networks_invitation_expires_after_sending",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.email} – {self.get_role_display()}: {self.scope_label()}"

    def granting_organisation_id(self) -> int | None:
        """The coordinator organisation this invitation comes from: the organisation
        itself for coordinators and climate managers, the network's coordinator for
        service providers and funders (see InvitationQuerySet.managed_by)."""
        if self.role in RoleScope.GRANTED_BY_COORDINATOR:
            return self.organisation_id
        return self.network.coordinator_id if self.network_id else None

    def may_be_sent_by(self, user) -> bool:
        """Coordinators invite into the scopes of their organisation: the organisation
        itself, its networks, and climate managers granted by it for municipalities taking
        part in its networks. Administrators invite anywhere."""
        if not user.is_authenticated or not user.is_active:
            return False
        if user.is_superuser:
            return True
        granting = self.granting_organisation_id()
        if not Organisation.objects.coordinated_by(user).filter(pk=granting).exists():
            return False
        if self.role != Role.CLIMATE_MANAGER:
            return True
        return Participation.objects.filter(
            municipality=self.municipality_id, network__coordinator=granting
        ).exists()

    def state(self, now=None) -> str:
        if self.accepted_at:
            return self.State.ACCEPTED
        if self.revoked_at:
            return self.State.REVOKED
        if (now or timezone.now()) >= self.expires_at:
            return self.State.EXPIRED
        return self.State.PENDING

    def get_state_display(self) -> str:
        return self.State(self.state()).label


def photo_path(instance, filename: str) -> str:
    """Photos are stored under a random name; only the (checked) extension is kept."""
    return random_name("netzwerke/fotos", PurePath(filename).suffix.lower().lstrip(".") or "bin")


class NetworkPhoto(models.Model):
    """A photo of the network for its public page, always with a text alternative."""

    network = models.ForeignKey(
        Network, on_delete=models.CASCADE, related_name="photos", verbose_name=_("Netzwerk")
    )
    image = models.FileField(_("Bild"), upload_to=photo_path, max_length=200)
    alt_text = models.CharField(
        _("Alternativtext"),
        max_length=300,
        help_text=_("Beschreibt das Bild für Menschen, die es nicht sehen können."),
    )
    caption = models.CharField(_("Bildunterschrift"), max_length=300, blank=True)
    ordering = models.PositiveSmallIntegerField(_("Reihenfolge"), default=0)
    created_at = models.DateTimeField(_("angelegt am"), auto_now_add=True)

    class Meta:
        verbose_name = _("Foto")
        verbose_name_plural = _("Fotos")
        ordering = ["ordering", "created_at"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(alt_text=""), name="networks_networkphoto_alt_text_required"
            ),
        ]

    def __str__(self) -> str:
        return self.alt_text

    def get_absolute_url(self) -> str:
        return reverse("network_photo", args=[self.network.slug, self.pk])


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
