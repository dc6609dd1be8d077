"""Reference energy carriers and emission factors, each with its source and year.

Loaded by a data migration and by the demo seed; administrators edit them afterwards
in the admin site, so they are data, never constants of the computation.
"""

from decimal import Decimal

from django.db import models

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
    "diesel": "Diesel",
    "benzin": "Petrol",
    "fahrstrom": "Electricity for vehicles (charging)",
    "holzhackschnitzel": "Wood chips",
    "scheitholz": "Firewood (logs)",
    "steinkohle": "Hard coal",
    "braunkohle": "Lignite",
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
    load_more_carriers(EnergyCarrier, EmissionFactor, FactorSet)


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


# Carriers added for issue 34: fuels and vehicle electricity of municipal fleets, wood
# and coal of older heating. Kept apart from CARRIERS, which migration 0003 reads as
# it was then. (slug, German name)
MORE_CARRIERS = [
    ("diesel", "Diesel"),
    ("benzin", "Benzin"),
    ("fahrstrom", "Fahrstrom (Ladestrom für Fahrzeuge)"),
    ("holzhackschnitzel", "Holzhackschnitzel"),
    ("scheitholz", "Scheitholz"),
    ("steinkohle", "Steinkohle"),
    ("braunkohle", "Braunkohle"),
]

UBA_FUELS = (
    "Umweltbundesamt, CO2-Emissionsfaktoren für fossile Brennstoffe (Climate Change "
    "27/2016), wiedergegeben vom Landesamt für Umwelt Brandenburg: Dieselkraftstoff "
    "0,266, Ottokraftstoff 0,259 kg CO2/kWh (Heizwert)"
)
BAFA_2021_WOOD = (
    BAFA_2021 + ", Version 1.1 vom 15.11.2021: „Biomasse Holz“ (Mittelwert der Holzarten "
    "nach UBA, Emissionsbilanz erneuerbarer Energieträger, 2019)"
)
BAFA_2021_COAL = BAFA_2021 + ", Version 1.1 vom 15.11.2021 (nach UBA, 15.04.2020)"
UBA_2023_VEHICLES = (
    UBA_2023 + "; Ladestrom wie aller Strom mit dem Bundesstrommix (BISKO), da weder "
    "BAFA noch UBA einen eigenen Faktor für Fahrstrom angeben"
)
KEA_GEMIS = (
    "KEA Klimaschutz- und Energieagentur Baden-Württemberg, CO2-Emissionsfaktoren aus "
    "GEMIS 4.95 (IINAS, Stand 11/2016), CO2-Äquivalente mit Vorketten: Holz-HS-Hzg. "
    "(Hackschnitzel) 0,024, Holz-Stücke-Hzg. (Stückholz) 0,019 kg/kWh"
)

# (carrier, factor set, year, kg per kWh, source). Only what a source gives: when these
# were loaded no CO2e factor was known here for diesel, petrol, vehicle electricity or
# coal (FUEL_CO2E_FACTORS adds the fuels' later); the BISKO set still lacks vehicle
# electricity and coal, and a measure counted there asks for a figure by hand.
MORE_FACTORS = [
    ("diesel", "bafa-2021", 2016, "0.266", UBA_FUELS),
    ("benzin", "bafa-2021", 2016, "0.259", UBA_FUELS),
    ("fahrstrom", "bafa-2021", 2023, "0.380", UBA_2023_VEHICLES),
    ("holzhackschnitzel", "bafa-2021", 2021, "0.027", BAFA_2021_WOOD),
    ("scheitholz", "bafa-2021", 2021, "0.027", BAFA_2021_WOOD),
    ("steinkohle", "bafa-2021", 2021, "0.335", BAFA_2021_COAL),
    ("braunkohle", "bafa-2021", 2021, "0.383", BAFA_2021_COAL),
    ("holzhackschnitzel", "bisko-gemis", 2016, "0.024", KEA_GEMIS),
    ("scheitholz", "bisko-gemis", 2016, "0.019", KEA_GEMIS),
]

# CO2 equivalents of the fuels with their upstream chain (well-to-wheel), as BISKO's
# life-cycle factors count them, from DIN EN 16258 per litre; per kWh by the heating
# values of this catalogue (HEATING_VALUES: diesel 9.8611, petrol 8.8333 kWh/l), so a
# quantity in litres comes back to the standard's figure: 3.24 / 9.8611 = 0.329 and
# 2.88 / 8.8333 = 0.326 kg/kWh. Loaded by migration 0024, apart from MORE_FACTORS,
# which migration 0017 reads as it was then.
EN_16258 = (
    "DIN EN 16258:2012, Treibhausgasemissionen im Transport, Well-to-Wheel "
    "(CO2-Äquivalente mit Vorkette): Dieselkraftstoff 3,24, Ottokraftstoff 2,88 kg CO2e/l "
    "(wiedergegeben u. a. von VerkehrsRundschau, 2012); je kWh mit dem Heizwert des "
    "Portals (Diesel 9,8611, Benzin 8,8333 kWh/l)"
)
FUEL_CO2E_FACTORS = [
    ("diesel", "bisko-gemis", 2012, "0.329", EN_16258),
    ("benzin", "bisko-gemis", 2012, "0.326", EN_16258),
]

# Heating values: the kWh a unit of a carrier holds, all by the net heating value (Hi,
# Heizwert), since BAFA's factors are per kWh Hi ("Die Faktoren beziehen sich auf den
# Heizwert", Informationsblatt CO2-Faktoren) and GEMIS counts final energy by Hi too.
# Gas bills give kWh by the gross value (Hs, Brennwert): such kWh are about 10 % more.
EED_ANNEX_IV = (
    "Richtlinie 2012/27/EU (Energieeffizienz), Anhang IV, Energiegehalt ausgewählter "
    "Brennstoffe (Eurostat), Nettowärmeinhalt"
)
KERNGAS = (
    "Kerngas, Verbraucherinfo Verbrauch/Umrechnung: Heiz- und Brennwerte der wichtigsten "
    "Energieträger (Heizwert)"
)
DPA_FUELS = (
    "dpa, „Der Energiegehalt im Kraftstoff“, 14.04.2011: Heizwert Diesel (mit 7 % "
    "Biodiesel) etwa 35,5 MJ/l, Superbenzin (E5) etwa 31,8 MJ/l; 1 kWh = 3,6 MJ"
)
AGEB = (
    "AG Energiebilanzen, Heizwerte der Energieträger zur Energiebilanz 2012 "
    "(wiedergegeben von energiestatistik-nrw.de): Steinkohlen 30.103 kJ/kg; 1 kWh = 3.600 kJ"
)

# (carrier, unit, kWh per unit, year of the source or None where it gives none,
# source); kWh and MWh need none, km with a
# consumption in l per 100 km uses the carrier's value per litre.
HEATING_VALUES = [
    ("diesel", "l", "9.8611", 2011, DPA_FUELS),
    ("benzin", "l", "8.8333", 2011, DPA_FUELS),
    ("heizoel", "l", "10.0", None, KERNGAS),
    ("fluessiggas", "l", "6.57", None, KERNGAS),
    ("fluessiggas", "kg", "12.91", None, KERNGAS),
    ("erdgas", "m3", "10.5", None, KERNGAS + ": Erdgas H"),
    ("holzpellets", "kg", "4.667", 2012, EED_ANNEX_IV + ": Pellets/Holzbriketts"),
    ("holzpellets", "t", "4667", 2012, EED_ANNEX_IV + ": Pellets/Holzbriketts"),
    ("holzhackschnitzel", "kg", "3.8", None, KERNGAS),
    ("holzhackschnitzel", "t", "3800", None, KERNGAS),
    ("scheitholz", "kg", "3.833", 2012, EED_ANNEX_IV + ": Holz (25 % Feuchte)"),
    ("scheitholz", "t", "3833", 2012, EED_ANNEX_IV + ": Holz (25 % Feuchte)"),
    ("steinkohle", "kg", "8.3619", 2012, AGEB),
    ("steinkohle", "t", "8361.9", 2012, AGEB),
]


def load_more_carriers(EnergyCarrier, EmissionFactor, FactorSet) -> None:
    """Create the carriers of MORE_CARRIERS and their factors that are missing;
    existing ones stay as edited."""
    start = EnergyCarrier.objects.aggregate(models.Max("ordering"))["ordering__max"] or 0
    for ordering, (slug, name) in enumerate(MORE_CARRIERS, start=1):
        EnergyCarrier.objects.get_or_create(
            slug=slug,
            defaults={
                "name": name,
                "name_en": ENGLISH_NAMES[slug],
                "ordering": start + ordering * 10,
            },
        )
    load_factors(EnergyCarrier, EmissionFactor, FactorSet, MORE_FACTORS)


def load_factors(EnergyCarrier, EmissionFactor, FactorSet, rows) -> None:
    """Create the factors of `rows` (carrier, factor set, year, kg per kWh, source)
    that are missing; existing ones stay as edited, deleted carriers and sets are not
    brought back."""
    sets = {factor_set.slug: factor_set for factor_set in FactorSet.objects.all()}
    for slug, set_slug, year, factor, source in rows:
        carrier = EnergyCarrier.objects.filter(slug=slug).first()
        if carrier is None or set_slug not in sets:
            continue  # deleted by an administrator: not brought back
        EmissionFactor.objects.get_or_create(
            factor_set=sets[set_slug],
            carrier=carrier,
            year=year,
            defaults={"kg_per_kwh": Decimal(factor), "source": source},
        )


def load_heating_values(EnergyCarrier, HeatingValue) -> None:
    """Create the heating values that are missing; existing ones stay as edited."""
    carriers = {carrier.slug: carrier for carrier in EnergyCarrier.objects.all()}
    for slug, unit, kwh, year, source in HEATING_VALUES:
        if slug in carriers:
            HeatingValue.objects.get_or_create(
                carrier=carriers[slug],
                unit=unit,
                defaults={"kwh_per_unit": Decimal(kwh), "year": year, "source": source},
            )


# The measure categories of the Kommunalrichtlinie (the federal funding guideline for
# municipal climate protection), investive first, then strategic: (slug, code, kind,
# German name, English name). A code only where a public source gives the guideline's
# number: 4.2.1 (outdoor and street lighting) from the funding finder of Saxony on the
# current guideline, 4.1.6 (feasibility studies) from klimaschutz.de. The others stay
# blank until somebody checks them against the guideline; administrators fill them in.
INVESTIVE = "investive"
STRATEGIC = "strategic"
CATEGORIES = [
    ("aussenbeleuchtung", "4.2.1", INVESTIVE, "Außen- und Straßenbeleuchtung",
     "Outdoor and street lighting"),
    ("lichtsignalanlagen", "", INVESTIVE, "Lichtsignalanlagen", "Traffic lights"),
    ("innenbeleuchtung", "", INVESTIVE, "Innen- und Hallenbeleuchtung",
     "Indoor and hall lighting"),
    ("raumlufttechnik", "", INVESTIVE, "Raumlufttechnische Anlagen", "Ventilation systems"),
    ("mobilitaet", "", INVESTIVE, "Klimafreundliche Mobilität", "Climate-friendly mobility"),
    ("abfall", "", INVESTIVE, "Abfall", "Waste"),
    ("abwasser", "", INVESTIVE, "Abwasser", "Wastewater"),
    ("trinkwasser", "", INVESTIVE, "Trinkwasser", "Drinking water"),
    ("sonstige-investive", "", INVESTIVE, "Sonstige investive Maßnahmen",
     "Other investments"),
    ("energiemanagement", "", STRATEGIC, "Energiemanagement", "Energy management"),
    ("klimaschutzkonzepte", "", STRATEGIC, "Klimaschutzkonzepte und Teilkonzepte",
     "Climate-protection concepts and sub-concepts"),
    ("machbarkeitsstudien", "4.1.6", STRATEGIC, "Machbarkeitsstudien", "Feasibility studies"),
    ("beratung", "", STRATEGIC, "Beratung", "Advice"),
    ("oeffentlichkeitsarbeit", "", STRATEGIC, "Öffentlichkeitsarbeit", "Public relations"),
    ("sonstige-strategische", "", STRATEGIC, "Sonstige strategische Maßnahmen",
     "Other strategic measures"),
]  # fmt: skip


def load_categories(MeasureCategory) -> None:
    """Create the categories that are missing; existing ones stay as edited."""
    for ordering, (slug, code, kind, name, name_en) in enumerate(CATEGORIES, start=1):
        MeasureCategory.objects.get_or_create(
            slug=slug,
            defaults={
                "code": code,
                "kind": kind,
                "name": name,
                "name_en": name_en,
                "ordering": ordering * 10,
            },
        )


# Which category a measure's title (and focus area) points to, where it is plain:
# each rule is a slug with word groups that must all occur (any word of a group).
# German glues nouns together (Straßenbeleuchtung, Hallenlüftung), so a word matches
# inside a compound; a space marks a word's edge (" led " only as a word of its own,
# " innen" not in "Schülerinnen"). A title that two rules match stays unassigned, as
# does one that no rule matches.
LIGHTING_WORDS = ("beleuchtung", " led ", "leuchte", "leuchten")
CATEGORY_RULES = [
    ("aussenbeleuchtung", [LIGHTING_WORDS, ("straße", "strasse", " außen", " aussen")]),
    ("innenbeleuchtung", [LIGHTING_WORDS, ("halle", " innen")]),
    ("lichtsignalanlagen", [("lichtsignal", "ampel")]),
    ("raumlufttechnik", [("lüftung", "lueftung", "raumluft", " rlt ")]),
    ("energiemanagement", [("energiemanagement",)]),
    ("klimaschutzkonzepte", [("konzept",)]),
    ("machbarkeitsstudien", [("machbarkeit",)]),
]


def _words(text: str) -> str:
    """The text in lower case, words apart by single spaces, a space at either end."""
    return " " + " ".join("".join(c if c.isalnum() else " " for c in text.casefold()).split()) + " "


def category_for(title: str, focus_area: str = "") -> str | None:
    """The slug of the one category the title and focus area point to, else None.
    Lighting needs the place (street or hall) from the title or the focus area; a
    title that fits two categories is left to a person."""
    text = _words(f"{title} {focus_area}")
    title_text = _words(title)
    found = set()
    for slug, groups in CATEGORY_RULES:
        # The lighting rules may take the place from the focus area; the others
        # must be named in the title itself.
        haystack = text if slug.endswith("beleuchtung") else title_text
        if all(any(word in haystack for word in group) for group in groups):
            found.add(slug)
    return found.pop() if len(found) == 1 else None


def assign_categories(Measure, MeasureCategory) -> int:
    """Give measures without a category the one their title points to; the number
    assigned. Used by the data migration (with historical models)."""
    by_slug = {category.slug: category for category in MeasureCategory.objects.all()}
    assigned = 0
    measures = Measure.objects.filter(category__isnull=True).select_related("focus_area")
    for measure in measures.iterator():
        slug = category_for(measure.title, measure.focus_area.name)
        if slug in by_slug:
            Measure.objects.filter(pk=measure.pk).update(category=by_slug[slug])
            assigned += 1
    return assigned
