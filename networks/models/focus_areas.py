"""Focus areas of the networks, and names of catalogue data in two languages."""

from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from lib.palette import focus_area_colour


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


def focus_area_colours() -> dict[str, str]:
    """Each focus area's chart colour, by its German name and by its English one: the
    same in every chart and report, chosen by the area's place in the catalogue in the
    order the areas were created (lib.palette), so adding one changes no other's."""
    colours = {}
    for rank, (name, name_en) in enumerate(
        FocusArea.objects.order_by("pk").values_list("name", "name_en")
    ):
        colours[name] = focus_area_colour(rank)
        if name_en:
            colours.setdefault(name_en, focus_area_colour(rank))
    return colours
