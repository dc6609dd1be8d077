"""The roles people hold; a role with its scope is a membership (memberships.py)."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class Role(models.TextChoices):
    COORDINATOR = "coordinator", _("Koordination")
    SERVICE_PROVIDER = "service_provider", _("Dienstleister")
    CLIMATE_MANAGER = "climate_manager", _("Klimaschutzmanagement")
    FUNDER = "funder", _("Fördermittelgeber")
    FINANCE = "finance", _("Finanzen")


# A role as one person holds it ("Climate manager", not "Climate management"): the
# German words are those of the role, which read for a person too; the context lets
# English say it of one person.
ROLE_OF_A_PERSON = {
    Role.COORDINATOR: pgettext_lazy("role of a person", "Koordination"),
    Role.SERVICE_PROVIDER: pgettext_lazy("role of a person", "Dienstleister"),
    Role.CLIMATE_MANAGER: pgettext_lazy("role of a person", "Klimaschutzmanagement"),
    Role.FUNDER: pgettext_lazy("role of a person", "Fördermittelgeber"),
    Role.FINANCE: pgettext_lazy("role of a person", "Finanzverantwortliche*r"),
}
