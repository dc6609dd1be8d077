"""Logos of an organisation: a funder's are printed with the funding notice."""

from pathlib import PurePath

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from lib.uploads import random_name
from networks.models.organisations import Organisation

LOGO_FOLDER = "organisationen/logos"


def logo_path(instance, filename: str) -> str:
    """Logos are stored under a random name; only the (checked) extension is kept."""
    return random_name(LOGO_FOLDER, PurePath(filename).suffix.lower().lstrip(".") or "bin")


class OrganisationLogo(models.Model):
    """A logo the administrator uploads for an organisation (a PNG or JPEG, checked
    and stripped of its metadata on upload: networks.admin). Its text alternative is
    the organisation's name."""

    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        related_name="logos",
        verbose_name=_("Organisation"),
    )
    image = models.FileField(
        _("Logo"),
        upload_to=logo_path,
        max_length=200,
        help_text=_("PNG oder JPEG, höchstens 2 MB; SVG geht nicht."),
    )
    ordering = models.PositiveSmallIntegerField(_("Reihenfolge"), default=0)
    created_at = models.DateTimeField(_("angelegt am"), auto_now_add=True)

    class Meta:
        verbose_name = _("Logo")
        verbose_name_plural = _("Logos")
        ordering = ["ordering", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(image__regex=r"\.(png|jpg)$"),
                name="networks_organisationlogo_png_or_jpeg",
            ),
        ]

    def __str__(self) -> str:
        return self.alt_text

    @property
    def alt_text(self) -> str:
        return self.organisation.name
