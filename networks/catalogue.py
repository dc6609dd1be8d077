"""The catalogue of focus areas from the source page.

Loaded by a data migration and by the demo seed; administrators edit it afterwards.
`load_focus_areas` takes the model class so the migration can pass its historical one.
"""

FOCUS_AREAS = [
    (
        "abwasser",
        "Energieeffiziente Abwasseraufbereitung",
        "Kläranlagen, Pumpwerke und Faulgasnutzung energieeffizient betreiben.",
    ),
    (
        "energieversorgung",
        "Umweltfreundliche Energieversorgung",
        "Wärme und Strom für kommunale Gebäude sparsam und erneuerbar bereitstellen.",
    ),
    (
        "beleuchtung",
        "Innovative Beleuchtung",
        "Straßen-, Hallen- und Gebäudebeleuchtung auf effiziente Technik umstellen.",
    ),
    (
        "quartier",
        "Quartierslösungen",
        "Wärmenetze, Sanierung und Energiekonzepte für ganze Quartiere.",
    ),
    (
        "mobilitaet",
        "Klimafreundliche Mobilität",
        "Fuhrpark, Radverkehr und Mobilitätsangebote der Kommune klimafreundlich gestalten.",
    ),
]

# For people who use the portal in English (FocusArea.name_en).
ENGLISH_NAMES = {
    "abwasser": "Energy-efficient wastewater treatment",
    "energieversorgung": "Environmentally friendly energy supply",
    "beleuchtung": "Innovative lighting",
    "quartier": "Neighbourhood solutions",
    "mobilitaet": "Climate-friendly mobility",
}


def load_focus_areas(FocusArea) -> None:
    """Create the focus areas that are missing; existing ones stay as edited."""
    for ordering, (slug, name, description) in enumerate(FOCUS_AREAS, start=1):
        FocusArea.objects.get_or_create(
            slug=slug,
            defaults={"name": name, "description": description, "ordering": ordering * 10},
        )


def name_focus_areas_in_english(FocusArea) -> None:
    """Give the reference focus areas their English names where they have none yet."""
    for slug, name_en in ENGLISH_NAMES.items():
        FocusArea.objects.filter(slug=slug, name_en="").update(name_en=name_en)


# The sets of emission factors a network can count its greenhouse-gas figures in.
# The first is the programme's own (networks.models.PROGRAMME_FACTOR_SET).
FACTOR_SETS = [
    (
        "bafa-2021",
        "BAFA 2021 (CO₂)",
        "co2",
        2021,
        "BAFA, Informationsblatt CO2-Faktoren, Version 1.1, 15.11.2021; Strom: "
        "Umweltbundesamt, Strommix",
        "Direkte CO₂-Emissionen je kWh (Heizwert), wie sie das Förderprogramm verlangt.",
    ),
    (
        "bisko-gemis",
        "BISKO/GEMIS (CO₂e)",
        "co2e",
        2021,
        "BISKO-Bilanzierungsstandard (ifeu), Lebenszyklusfaktoren aus GEMIS",
        "CO₂-Äquivalente mit Vorketten, wie sie kommunale Treibhausgasbilanzen nach "
        "BISKO verwenden.",
    ),
]


def load_factor_sets(FactorSet) -> None:
    """Create the factor sets that are missing; existing ones stay as edited."""
    for ordering, (slug, name, basis, year, source, description) in enumerate(FACTOR_SETS, start=1):
        FactorSet.objects.get_or_create(
            slug=slug,
            defaults={
                "name": name,
                "basis": basis,
                "year": year,
                "source": source,
                "description": description,
                "ordering": ordering * 10,
            },
        )
