"""Reference energy carriers and emission factors, each with its source and year.

Loaded by a data migration and by the demo seed; administrators edit them afterwards
in the admin site, so they are data, never constants of the computation.
"""

from decimal import Decimal

BAFA_2021 = (
    "BAFA, Informationsblatt CO2-Faktoren (Bundesförderung für Energie- und "
    "Ressourceneffizienz in der Wirtschaft), Stand 2021"
)
UBA_2023 = (
    "Umweltbundesamt, CO2-Emissionsfaktor des deutschen Strommix, Bezugsjahr 2023 "
    "(gerundet auf etwa 0,38 kg/kWh)"
)

CARRIERS = [
    ("erdgas", "Erdgas", 2021, "0.201", BAFA_2021),
    ("heizoel", "Heizöl", 2021, "0.266", BAFA_2021),
    ("fluessiggas", "Flüssiggas", 2021, "0.239", BAFA_2021),
    ("fernwaerme", "Fernwärme", 2021, "0.280", BAFA_2021),
    ("holzpellets", "Holzpellets", 2021, "0.036", BAFA_2021),
    ("biogas", "Biogas", 2021, "0.152", BAFA_2021),
    ("strom", "Strom (Netzbezug)", 2023, "0.380", UBA_2023),
]

# For people who use the portal in English (EnergyCarrier.name_en).
ENGLISH_NAMES = {
    "erdgas": "Natural gas",
    "heizoel": "Heating oil",
    "fluessiggas": "Liquefied petroleum gas",
    "fernwaerme": "District heating",
    "holzpellets": "Wood pellets",
    "biogas": "Biogas",
    "strom": "Electricity (from the grid)",
}


def load_reference_factors(EnergyCarrier, EmissionFactor) -> None:
    """Create the carriers and factors that are missing; existing ones stay as edited."""
    for ordering, (slug, name, year, factor, source) in enumerate(CARRIERS, start=1):
        carrier, _ = EnergyCarrier.objects.get_or_create(
            slug=slug, defaults={"name": name, "ordering": ordering * 10}
        )
        EmissionFactor.objects.get_or_create(
            carrier=carrier,
            year=year,
            defaults={"kg_co2e_per_kwh": Decimal(factor), "source": source},
        )


def name_carriers_in_english(EnergyCarrier) -> None:
    """Give the reference carriers their English names where they have none yet."""
    for slug, name_en in ENGLISH_NAMES.items():
        EnergyCarrier.objects.filter(slug=slug, name_en="").update(name_en=name_en)
