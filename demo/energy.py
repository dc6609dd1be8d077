"""The demo measures' energy: what they save and, for a fuel switch, what they add,
and how long they work."""

from decimal import Decimal

from measures.models import MeasureEnergy

# Measures that switch fuel add a carrier besides the one they save (see MeasureEnergy).
ADDED_ENERGY = {
    "Energetische Sanierung des Kindergartens": ("strom", "17000"),  # heat pump
    "Austausch des Ölkessels im Feuerwehrgerätehaus gegen Holzpellets": ("holzpellets", "45000"),
}
# How long measures work, in years, for the savings over their lifetime.
LIFETIMES = {
    "LED-Beleuchtung in der Grundschule": 20,
    "PV-Anlage auf dem Dach der Gesamtschule": 25,
    "Heizungsoptimierung in der Sporthalle am Schulzentrum": 15,
    "Energetische Sanierung des Kindergartens": 30,
    "Umstellung der Straßenbeleuchtung auf LED": 20,
    "Optimierung der Belüftung in der Kläranlage": 15,
    "Hydraulischer Abgleich im Rathaus": 10,
    "LED-Hallenbeleuchtung in der Dreifachsporthalle": 20,
    "Austausch des Ölkessels im Feuerwehrgerätehaus gegen Holzpellets": 20,
    "Elektrofahrzeuge für den Bauhof": 8,
    "Sanierung der Heizzentrale im Schwimmbad": 20,
    "Pumpwerke mit drehzahlgeregelten Antrieben": 15,
}


def demo_energy(carriers: dict, title: str, carrier: str | None, kwh: str | None) -> list:
    """A demo measure's energy lines: its saved carrier, and what a fuel switch adds."""
    lines = []
    if carrier:
        lines.append(MeasureEnergy(carrier=carriers[carrier], kwh=Decimal(kwh)))
    if title in ADDED_ENERGY:
        added, added_kwh = ADDED_ENERGY[title]
        lines.append(
            MeasureEnergy(
                carrier=carriers[added], effect=MeasureEnergy.Effect.ADDED, kwh=Decimal(added_kwh)
            )
        )
    return lines
