"""Organisations: coordinators (Netzwerkträger), service providers, funders."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from networks.models.roles import Role


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
