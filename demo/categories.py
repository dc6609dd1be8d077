"""The demo measures' categories of the funding programme (issue 34), by title. A few
of the running network's measures stay unassigned, so that its climate managers see
the to-do on their start page and the measure list."""

from measures.models import MeasureCategory

# Title → the category's slug (measures.catalogue.CATEGORIES).
DEMO_CATEGORIES = {
    "Heizungsoptimierung in der Sporthalle am Schulzentrum": "sonstige-investive",
    "Machbarkeitsstudie PV-Anlage auf dem Dach der Grundschule": "machbarkeitsstudien",
    "Energetische Sanierung des Kindergartens": "sonstige-investive",
    "Umstellung der Straßenbeleuchtung auf LED": "aussenbeleuchtung",
    "Optimierung der Belüftung in der Kläranlage": "abwasser",
    "Hydraulischer Abgleich im Rathaus": "sonstige-investive",
    "LED-Hallenbeleuchtung in der Dreifachsporthalle": "innenbeleuchtung",
    "Wärmenetz-Konzept für das Quartier am Bahnhof": "klimaschutzkonzepte",
    "Austausch des Ölkessels im Feuerwehrgerätehaus gegen Holzpellets": "sonstige-investive",
    "Elektrofahrzeuge für den Bauhof": "mobilitaet",
    "Sanierung der Heizzentrale im Schwimmbad": "sonstige-investive",
    "Pumpwerke mit drehzahlgeregelten Antrieben": "abwasser",
    # The running network (demo/partner.py).
    "LED-Beleuchtung in der Grundschule": "innenbeleuchtung",
    "Klimaschutzkonzept für das Gewerbegebiet": "klimaschutzkonzepte",
    "PV-Anlage auf dem Dach der Gesamtschule": "sonstige-investive",
}
# In the running network, the first towns' LED lighting is left "noch nicht
# zugeordnet": the to-do of their climate managers.
UNASSIGNED_TITLE = "LED-Beleuchtung in der Grundschule"
UNASSIGNED_TOWNS = 2


def demo_category(title: str, *, town: int | None = None) -> MeasureCategory | None:
    """The category of a demo measure by its title; None for the few left to do."""
    if town is not None and town < UNASSIGNED_TOWNS and title == UNASSIGNED_TITLE:
        return None
    slug = DEMO_CATEGORIES.get(title)
    return MeasureCategory.objects.filter(slug=slug).first() if slug else None
