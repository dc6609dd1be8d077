"""Invitations of an e-mail address into a role with its scope."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from networks.models.memberships import RoleScope
from networks.models.organisations import Organisation
from networks.models.participations import Participation
from networks.models.roles import Role


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
