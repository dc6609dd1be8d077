"""Networks: their term and phase, settings, and who may see, edit and moderate them."""

import datetime

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Count, Exists, F, OuterRef, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from lib.conflicts import Versioned
from lib.constraints import ChecksMirroredInClean
from lib.dates import in_sane_range, validate_sane_date
from networks.models.factors import FactorSet, programme_factor_set
from networks.models.focus_areas import FocusArea
from networks.models.memberships import Membership
from networks.models.organisations import Organisation
from networks.models.roles import Role
from networks.validators import FUNDING_CODE_REGEX, validate_funding_code


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
        # Participations build on networks (their module imports this one): their rule
        # is reached through the relation.
        participations = self.model.participations.rel.related_model.objects
        return self.filter(
            Q(coordinator__in=memberships.filter(role=Role.COORDINATOR).values("organisation"))
            | Q(pk__in=memberships.filter(role__in=network_roles).values("network"))
            | Q(pk__in=participations.managed_by(user).values("network"))
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

    def with_editable(self, user) -> "NetworkQuerySet":
        """Annotated `editable`: whether the person manages each network (editable_by),
        answered in the query that reads the networks, not in a query of its own."""
        return self.annotate(
            editable=Exists(Network.objects.editable_by(user).filter(pk=OuterRef("pk")))
        )

    def is_editable_by(self, user, network_id: int) -> bool:
        """Whether a person manages this one network (see editable_by): the check of
        every service and page that acts on a network in its coordination's name."""
        return self.editable_by(user).filter(pk=network_id).exists()

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
    # The grant's names as its notice gives them: the report's cover, the mayor's
    # report, the public page and the meeting records print them (networks.funding).
    funding_ministry = models.CharField(
        _("Förderndes Ministerium"),
        max_length=200,
        blank=True,
        help_text=_(
            "So, wie der Förderhinweis es nennt, z. B. „Bundesministerium für Umwelt, "
            "Naturschutz und nukleare Sicherheit“. Leer: der Name des Fördermittelgebers."
        ),
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
                condition=Q(funding_ministry="")
                | Q(funding_notice="")
                | Q(funding_notice__contains=F("funding_ministry")),
                name="networks_network_notice_names_ministry",
            ),
            models.CheckConstraint(
                condition=Q(predecessor__isnull=True) | ~Q(predecessor=F("pk")),
                name="networks_network_not_own_predecessor",
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
        if not self.notice_names_ministry():
            errors["funding_notice"] = _(
                "Der Förderhinweis muss das Ministerium so nennen, wie es im Feld "
                "„Förderndes Ministerium“ steht: „%(ministry)s“."
            ) % {"ministry": self.funding_ministry}
        if errors:
            raise ValidationError(errors)

    def notice_names_ministry(self) -> bool:
        """Whether the notice names the ministry as given (or either is left empty): a
        cover naming one ministry above a notice naming another contradicts itself."""
        ministry, notice = self.funding_ministry.strip(), self.funding_notice.strip()
        return not ministry or not notice or ministry in notice

    def has_focus_area(self, pk: int) -> bool:
        """Whether a focus area is one of the network's: from the prefetched focus
        areas where the caller prefetched them (an import checks thousands of rows),
        else with one query."""
        if "focus_areas" in getattr(self, "_prefetched_objects_cache", {}):
            return any(area.pk == pk for area in self.focus_areas.all())
        return self.focus_areas.filter(pk=pk).exists()

    def term_contains(self, day: datetime.date) -> bool:
        """Whether a day lies in the term, its first and last day included: the one
        rule for dates that must lie in it (participations, measures, meetings)."""
        return self.term_start <= day <= self.term_end

    def term_for_messages(self) -> dict[str, str]:
        """The term's first and last day as messages name them (`%(start)s`,
        `%(end)s`), in the reader's short date format."""
        return {
            "start": date_format(self.term_start, "SHORT_DATE_FORMAT"),
            "end": date_format(self.term_end, "SHORT_DATE_FORMAT"),
        }

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
