"""Photos of a network for its public page."""

from pathlib import PurePath

from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from lib.uploads import random_name
from networks.models.networks import Network


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
