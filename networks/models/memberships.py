"""Memberships: a person's role with its scope (an organisation, a network or a
municipality), and what the scope of a role opens."""

from django.apps import apps
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import BooleanField, Case, Exists, OuterRef, Q, Value, When
from django.utils.translation import gettext_lazy as _

from lib.constraints import ChecksMirroredInClean
from networks.models.organisations import Organisation
from networks.models.roles import ROLE_OF_A_PERSON, Role


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
    - funder for a network: reads the overview and issued reports (and its finances);
    - finance of an organisation of kind coordinator: keeps the finances (grant,
      financing plan, receipts, call-offs) of its networks without managing them, and
      sees nothing else of them (finances/access.py).
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
        "networks.Network",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="%(class)ss",
        verbose_name=_("Netzwerk"),
        help_text=_("Für Dienstleister und Fördermittelgeber."),
    )
    municipality = models.ForeignKey(
        "networks.Municipality",
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
                    Q(role__in=["coordinator", "finance"], organisation__isnull=False,
                      network__isnull=True, municipality__isnull=True)
                    | Q(role__in=["service_provider", "funder"], network__isnull=False,
                        municipality__isnull=True)
                    | Q(role="climate_manager", municipality__isnull=False,
                        network__isnull=True, organisation__isnull=False)
                ),
                name="%(app_label)s_%(class)s_scope_matches_role",
            ),
        ]  # fmt: skip

    def scope(self):
        if self.role in (Role.COORDINATOR, Role.FINANCE):
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
        Role.FINANCE: (("organisation",), {"organisation"}),
        Role.SERVICE_PROVIDER: (("network",), {"network", "organisation"}),
        Role.FUNDER: (("network",), {"network", "organisation"}),
        Role.CLIMATE_MANAGER: (("municipality", "organisation"), {"municipality", "organisation"}),
    }
    # Roles whose organisation is the coordinator organisation whose networks they open.
    GRANTED_BY_COORDINATOR = (Role.COORDINATOR, Role.CLIMATE_MANAGER, Role.FINANCE)

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
                else _("Finanzen führt nur eine Organisation der Art „Netzwerkträger“.")
                if self.role == Role.FINANCE
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

    def with_reach(self) -> "MembershipQuerySet":
        """Each membership with `opens_network`: whether its scope opens at least one
        network, as Network.objects.for_user reads the scopes (RoleScope): a
        coordinator's organisation coordinates one; a service provider's or funder's
        network (which the scope requires) exists; a climate manager's municipality
        takes part in one of the granting organisation's networks. A finance role
        opens none (finances/access.py). For the header's navigation, which asks
        this of a person's few memberships in one query (networks/access.py);
        tests/networks/test_navigation.py holds it to Network.objects.for_user."""
        Network = self.model._meta.get_field("network").related_model
        Participation = apps.get_model("networks", "Participation")
        return self.annotate(
            opens_network=Case(
                When(
                    role=Role.COORDINATOR,
                    then=Exists(Network.objects.filter(coordinator=OuterRef("organisation"))),
                ),
                When(role__in=[Role.SERVICE_PROVIDER, Role.FUNDER], then=Value(True)),
                When(
                    role=Role.CLIMATE_MANAGER,
                    then=Exists(
                        Participation.objects.filter(
                            municipality=OuterRef("municipality"),
                            network__coordinator=OuterRef("organisation"),
                        )
                    ),
                ),
                default=Value(False),
                output_field=BooleanField(),
            )
        )

    def climate_managers_in(self, network, municipalities=None) -> "MembershipQuerySet":
        """The climate-manager memberships that work in a network: granted by its
        coordinator organisation, for municipalities taking part in it (or for the
        given ones among them), held by active people."""
        participations = network.participations.all()
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
                fields=["user", "organisation"],
                condition=Q(role="finance"),
                name="networks_membership_unique_finance",
                violation_error_message=_(
                    "Diese Person führt die Finanzen dieser Organisation schon."
                ),
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
