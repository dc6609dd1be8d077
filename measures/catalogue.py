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

# Each carrier with its factor in the programme's set (BAFA; electricity from UBA).
CARRIERS = [
    ("erdgas", "Erdgas", 2021, "0.201", BAFA_2021),
    ("heizoel", "Heizöl", 2021, "0.266", BAFA_2021),
    ("fluessiggas", "Flüssiggas", 2021, "0.239", BAFA_2021),
    ("fernwaerme", "Fernwärme", 2021, "0.280", BAFA_2021),
    ("holzpellets", "Holzpellets", 2021, "0.036", BAFA_2021),
    ("biogas", "Biogas", 2021, "0.152", BAFA_2021),
    ("strom", "Strom (Netzbezug)", 2023, "0.380", UBA_2023),
]

# Life-cycle factors in CO2 equivalents for BISKO balances (GEMIS), as far as the
# portal knows them; the administrator adds the rest (electricity, district heating).
GEMIS = (
    "BISKO-Bilanzierungsstandard, Lebenszyklusfaktoren (CO2-Äquivalente) aus GEMIS, Bezugsjahr 2021"
)
BISKO_FACTORS = [
    ("erdgas", 2021, "0.250", GEMIS),
    ("heizoel", 2021, "0.319", GEMIS),
    ("fluessiggas", 2021, "0.277", GEMIS),
    ("holzpellets", 2021, "0.027", GEMIS),
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


def load_reference_factors(EnergyCarrier, EmissionFactor, FactorSet) -> None:
    """Create the carriers and factors that are missing; existing ones stay as edited.
    The factor sets exist already (networks.catalogue.load_factor_sets)."""
    programme = FactorSet.objects.get(slug="bafa-2021")
    bisko = FactorSet.objects.get(slug="bisko-gemis")
    for ordering, (slug, name, year, factor, source) in enumerate(CARRIERS, start=1):
        carrier, _ = EnergyCarrier.objects.get_or_create(
            slug=slug, defaults={"name": name, "ordering": ordering * 10}
        )
        EmissionFactor.objects.get_or_create(
            factor_set=programme,
            carrier=carrier,
            year=year,
            defaults={"kg_per_kwh": Decimal(factor), "source": source},
        )
    load_bisko_factors(EnergyCarrier, EmissionFactor, bisko)


def load_bisko_factors(EnergyCarrier, EmissionFactor, bisko) -> None:
    for slug, year, factor, source in BISKO_FACTORS:
        carrier = EnergyCarrier.objects.filter(slug=slug).first()
        if carrier is not None:
            EmissionFactor.objects.get_or_create(
                factor_set=bisko,
                carrier=carrier,
                year=year,
                defaults={"kg_per_kwh": Decimal(factor), "source": source},
            )


def name_carriers_in_english(EnergyCarrier) -> None:
    """Give the reference carriers their English names where they have none yet."""
    for slug, name_en in ENGLISH_NAMES.items():
        EnergyCarrier.objects.filter(slug=slug, name_en="").update(name_en=name_en)
