"""The demo measures' energy: what they save and, for a fuel switch, what they add,
and how long they work."""

from decimal import Decimal

from measures.models import MeasureEnergy, kwh_from_quantity

# Measures that switch fuel add a carrier besides the one they save (see MeasureEnergy).
ADDED_ENERGY = {
    "Energetische Sanierung des Kindergartens": ("strom", "17000"),  # heat pump
}
# Measures whose lines are given as people have them, converted with the heating
# values: (carrier, effect, quantity, unit, consumption per 100 km, its unit).
QUANTITIES = {
    # Four diesel vans of the building yard (60,000 km a year at 10 l/100 km) replaced
    # by electric ones that take 25 kWh/100 km from the charging points.
    "Elektrofahrzeuge für den Bauhof": [
        ("diesel", "saved", "60000", "km", "10", "l"),
        ("fahrstrom", "added", "60000", "km", "25", "kWh"),
    ],
    # 4,800 l of heating oil a year replaced by 9.6 t of wood pellets.
    "Austausch des Ölkessels im Feuerwehrgerätehaus gegen Holzpellets": [
        ("heizoel", "saved", "4800", "l", None, ""),
        ("holzpellets", "added", "9.6", "t", None, ""),
    ],
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
    """A demo measure's energy lines: its saved carrier, and what a fuel switch adds;
    or the quantities it is given in."""
    if title in QUANTITIES:
        return [_line(carriers[slug], *values) for slug, *values in QUANTITIES[title]]
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


def _line(carrier, effect, quantity, unit, consumption, consumption_unit) -> MeasureEnergy:
    values = {
        "quantity": Decimal(quantity),
        "unit": unit,
        "consumption": None if consumption is None else Decimal(consumption),
        "consumption_unit": consumption_unit,
    }
    kwh = kwh_from_quantity(carrier=carrier, **values)
    return MeasureEnergy(carrier=carrier, effect=effect, kwh=kwh, **values)
