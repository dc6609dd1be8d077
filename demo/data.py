"""Demo data from the coordinator's public page (shared/seed), for `manage.py seed_demo`.

Loading is idempotent: every object is looked up by its natural key and only
created when missing, so a second run changes nothing and edits survive.
"""

import datetime
import io
from dataclasses import dataclass
from decimal import Decimal

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.contrib.auth.hashers import make_password
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from PIL import Image, ImageDraw

from demo.api import load_api_token
from demo.categories import demo_category
from demo.energy import LIFETIMES, demo_energy
from demo.evidence import give_evidence, load_checks
from demo.finances import load_finances
from demo.library import load_library
from demo.meetings import load_meetings, load_running_meetings
from demo.opendata import load_open_data
from demo.partner import CURRENT_MINISTRY, CURRENT_NOTICE, load_partner_network
from demo.recruitment import load_recruitment
from demo.reports import load_line_comments, load_reports, load_running_reports
from demo.stories import tell_story
from lib.documents import store_upload
from measures.catalogue import (
    load_categories,
    load_heating_values,
    load_reference_factors,
    name_carriers_in_english,
)
from measures.models import (
    EmissionFactor,
    EnergyCarrier,
    HeatingValue,
    Measure,
    MeasureCategory,
    MeasureDocument,
)
from measures.services import found_successor_network, import_measures
from measures.spreadsheets import validate_rows
from networks.catalogue import load_factor_sets, load_focus_areas, name_focus_areas_in_english
from networks.models import (
    FactorSet,
    FederalState,
    FocusArea,
    Invitation,
    Membership,
    Municipality,
    Network,
    Organisation,
    Participation,
    User,
)
from networks.services import (
    add_network_photo,
    add_organisation_logo,
    invite,
    revoke_invitation,
)

DEMO_PASSWORD = "demo"
SAMPLE_NOTE = "Beispieldaten (Demo): illustrativ, keine echten Projektzahlen."

TERM_START = datetime.date(2022, 7, 1)
# When the coordination entered the first networks in the portal: at the start of their
# acquisition phase (Gewinnungsphase), a year before the term.
ACQUISITION_START = datetime.date(2021, 7, 1)
TERM_END = datetime.date(2025, 6, 30)
FUNDING_CODE = "67K18876"
# The ministry as the seed's notice names it (its name until 2021); the funder
# organisation carries a later name, which the reports no longer print beside it.
FUNDING_MINISTRY = "Bundesministerium für Umwelt, Naturschutz und nukleare Sicherheit"
FUNDING_NOTICE = (
    f"Gefördert vom {FUNDING_MINISTRY} aufgrund eines Beschlusses des Deutschen Bundestages."
)
INTRODUCTION = (
    "Die kommunalen Klimaschutz-Netzwerke möchten von dem gemeinsamen Know-how, "
    "Synergieeffekten und den Förderungen der Kommunalrichtlinien profitieren. Die Kommunen "
    "sind der zentrale Baustein der Netzwerkarbeit, die zunächst auf drei Jahre angelegt ist. "
    "Städte, Kreise und Gemeinden arbeiten hier Hand in Hand."
)

STADT, GEMEINDE, KREIS = (
    Municipality.Kind.STADT,
    Municipality.Kind.GEMEINDE,
    Municipality.Kind.KREIS,
)

# (slug, name, kind, AGS, district); AGS after the Destatis municipality directory.
NETWORK_1 = [
    ("kreis-hoexter", "Kreis Höxter", KREIS, "05762000", ""),
    ("bad-driburg", "Bad Driburg", STADT, "05762004", "Kreis Höxter"),
    ("beverungen", "Beverungen", STADT, "05762008", "Kreis Höxter"),
    ("borgentreich", "Borgentreich", STADT, "05762012", "Kreis Höxter"),
    ("brakel", "Brakel", STADT, "05762016", "Kreis Höxter"),
    ("hoexter", "Höxter", STADT, "05762020", "Kreis Höxter"),
    ("nieheim", "Nieheim", STADT, "05762028", "Kreis Höxter"),
    ("steinheim", "Steinheim", STADT, "05762032", "Kreis Höxter"),
    ("warburg", "Warburg", STADT, "05762036", "Kreis Höxter"),
    ("willebadessen", "Willebadessen", STADT, "05762040", "Kreis Höxter"),
]
NETWORK_2 = [
    ("kreis-paderborn", "Kreis Paderborn", KREIS, "05774000", ""),
    ("altenbeken", "Altenbeken", GEMEINDE, "05774004", "Kreis Paderborn"),
    ("bad-lippspringe", "Bad Lippspringe", STADT, "05774008", "Kreis Paderborn"),
    ("borchen", "Borchen", GEMEINDE, "05774012", "Kreis Paderborn"),
    ("bueren", "Büren", STADT, "05774016", "Kreis Paderborn"),
    ("delbrueck", "Delbrück", STADT, "05774020", "Kreis Paderborn"),
    ("hoevelhof", "Hövelhof", GEMEINDE, "05774024", "Kreis Paderborn"),
    ("lichtenau", "Lichtenau", STADT, "05774028", "Kreis Paderborn"),
    ("salzkotten", "Salzkotten", STADT, "05774036", "Kreis Paderborn"),
    ("bad-wuennenberg", "Bad Wünnenberg", STADT, "05774040", "Kreis Paderborn"),
]
# The 14 of 20 that continue in the successor network.
CONTINUING = [
    "kreis-hoexter", "bad-driburg", "brakel", "hoexter", "steinheim", "warburg",
    "willebadessen", "kreis-paderborn", "altenbeken", "bad-lippspringe", "borchen",
    "delbrueck", "hoevelhof", "salzkotten",
]  # fmt: skip

# (title, focus area, carrier or None, kWh/a, investment EUR, subsidy EUR)
MEASURE_TEMPLATES = [
    (
        "Heizungsoptimierung in der Sporthalle am Schulzentrum",
        "energieversorgung",
        "erdgas",
        "120000",
        "48000",
        "19200",
    ),
    (
        "Machbarkeitsstudie PV-Anlage auf dem Dach der Grundschule",
        "energieversorgung",
        None,
        None,
        "9500",
        "6650",
    ),
    (
        "Energetische Sanierung des Kindergartens",
        "quartier",
        "heizoel",
        "85000",
        "640000",
        "256000",
    ),
    (
        "Umstellung der Straßenbeleuchtung auf LED",
        "beleuchtung",
        "strom",
        "210000",
        "380000",
        "95000",
    ),
    (
        "Optimierung der Belüftung in der Kläranlage",
        "abwasser",
        "strom",
        "160000",
        "125000",
        "50000",
    ),
    ("Hydraulischer Abgleich im Rathaus", "energieversorgung", "erdgas", "35000", "14000", "5600"),
    (
        "LED-Hallenbeleuchtung in der Dreifachsporthalle",
        "beleuchtung",
        "strom",
        "42000",
        "88000",
        "22000",
    ),
    ("Wärmenetz-Konzept für das Quartier am Bahnhof", "quartier", None, None, "60000", "42000"),
    (
        "Austausch des Ölkessels im Feuerwehrgerätehaus gegen Holzpellets",
        "energieversorgung",
        "heizoel",
        "48000",
        "95000",
        "38000",
    ),
    ("Elektrofahrzeuge für den Bauhof", "mobilitaet", None, None, "140000", "56000"),
    (
        "Sanierung der Heizzentrale im Schwimmbad",
        "energieversorgung",
        "erdgas",
        "260000",
        "410000",
        "164000",
    ),
    ("Pumpwerke mit drehzahlgeregelten Antrieben", "abwasser", "strom", "70000", "65000", "26000"),
]
# Statuses cycle through this list; the networks have ended, so most measures are done.
STATUS_CYCLE = [
    Measure.Status.COMPLETED,
    Measure.Status.COMPLETED,
    Measure.Status.IN_PROGRESS,
    Measure.Status.COMPLETED,
    Measure.Status.PLANNED,
    Measure.Status.COMPLETED,
    Measure.Status.POSTPONED,
    Measure.Status.COMPLETED,
    Measure.Status.IN_PROGRESS,
    Measure.Status.CANCELLED,
]
# Measures whose greenhouse-gas figure is typed by hand, with its reason (none now:
# the fleet's diesel and charging electricity have factors since issue 34).
MANUAL_CO2: dict[str, tuple[Decimal, str]] = {}


@dataclass(frozen=True)
class DemoLogin:
    email: str
    role: str


def load_demo_data(*, today: datetime.date) -> list[DemoLogin]:
    """Create whatever of the demo data is missing; return the demo logins."""
    with transaction.atomic():
        load_focus_areas(FocusArea)
        load_factor_sets(FactorSet)
        load_reference_factors(EnergyCarrier, EmissionFactor, FactorSet)
        name_focus_areas_in_english(FocusArea)
        name_carriers_in_english(EnergyCarrier)
        load_heating_values(EnergyCarrier, HeatingValue)
        load_categories(MeasureCategory)
        organisations = _organisations()
        _funder_logo(organisations["funder"])
        focus_areas = list(FocusArea.objects.order_by("ordering"))
        municipalities = {
            slug: _municipality(slug, name, kind, ags, district)
            for slug, name, kind, ags, district in NETWORK_1 + NETWORK_2
        }
        networks = []
        logged = []
        for number, members in ((1, NETWORK_1), (2, NETWORK_2)):
            network = _network(
                slug=f"klimaschutz-netzwerk-westfalen-weser-{number}",
                name=f"Klimaschutz-Netzwerk Westfalen Weser {number}",
                description=f"{INTRODUCTION}\n\n{SAMPLE_NOTE}",
                term_start=TERM_START,
                term_end=TERM_END,
                funding_code=FUNDING_CODE,
                is_public=True,
                predecessor=None,
                organisations=organisations,
                focus_areas=focus_areas,
            )
            networks.append(network)
            for index, (slug, *_rest) in enumerate(members):
                participation = _participation(network, municipalities[slug], index, TERM_START)
                logged.append((participation, index + 10 * (number - 1)))
        logins = _accounts(municipalities, organisations, networks)
        for participation, seq in logged:
            _measures(participation, seq)
        load_checks(
            network_names=[network.name for network in networks],
            coordinator=User.objects.get(email="koordination@example.org"),
        )
        successor = _successor(networks, municipalities, today)
        _network_memberships(successor, organisations)
        for network in networks:
            _photo(network)
        _invitations(successor, organisations)
        partner = load_partner_network(
            municipalities=municipalities,
            funder=organisations["funder"],
            password_hash=make_password(DEMO_PASSWORD),
            today=today,
        )
        logins += [DemoLogin(email=email, role=role) for email, role in partner.logins]
        _import(successor)
        load_meetings(networks=networks, successor=successor, today=today)
        load_running_meetings(network=partner.network, moderator=partner.coordinator, today=today)
        load_recruitment(network=successor, today=today)
        # The finances before the reports: the final report has a chapter on them.
        load_finances(
            ended=networks,
            finance=User.objects.get(email="finanzen@example.org"),
            running=partner.network,
            running_coordinator=partner.coordinator,
            today=today,
        )
        load_reports(networks=networks)
        load_running_reports(network=partner.network, user=partner.coordinator, today=today)
        load_line_comments(network=partner.network, user=partner.coordinator)
        load_open_data(network=networks[0])
        load_library(
            network=networks[0], coordinator=User.objects.get(email="koordination@example.org")
        )
        load_api_token(today=today)
        return logins


def _organisations() -> dict[str, Organisation]:
    kinds = Organisation.Kind
    rows = {
        "coordinator": ("Westfalen Weser", kinds.COORDINATOR),
        "green": ("Green Navigation GmbH", kinds.SERVICE_PROVIDER),
        "target": ("target GmbH", kinds.SERVICE_PROVIDER),
        "funder": (
            "Bundesministerium für Umwelt, Naturschutz, nukleare Sicherheit und "
            "Verbraucherschutz (BMUV)",
            kinds.FUNDER,
        ),
    }
    return {
        key: Organisation.objects.get_or_create(name=name, defaults={"kind": kind})[0]
        for key, (name, kind) in rows.items()
    }


def _municipality(slug: str, name: str, kind: str, ags: str, district: str) -> Municipality:
    municipality, _ = Municipality.objects.get_or_create(
        ags=ags,
        defaults={
            "slug": slug,
            "name": name,
            "kind": kind,
            "district": district,
            "federal_state": FederalState.NORDRHEIN_WESTFALEN,
        },
    )
    return municipality


def _network(*, slug, organisations, focus_areas, **fields) -> Network:
    network, created = Network.objects.get_or_create(
        slug=slug,
        defaults={
            **fields,
            "coordinator": organisations["coordinator"],
            "funder": organisations["funder"],
            "funding_programme": "Nationale Klimaschutzinitiative – Kommunalrichtlinie, "
            "Förderschwerpunkt Kommunale Netzwerke (Klimaschutzinitiative Kommunen)",
            "funding_agency": "Zukunft – Umwelt – Gesellschaft (ZUG) gGmbH",
            "funding_ministry": FUNDING_MINISTRY,
            "funding_notice": FUNDING_NOTICE,
            "contact_name": "Sebastian Wöhler",
            "contact_role": "Kommunalbetreuung",
        },
    )
    if created:
        network.full_clean()
        network.service_providers.set([organisations["green"], organisations["target"]])
        network.focus_areas.set(focus_areas)
        # Entered when its acquisition began: the reports issued in its past know it
        # (and that the two networks share their funding code), as they would have.
        founded = timezone.make_aware(
            datetime.datetime.combine(ACQUISITION_START, datetime.time(9))
        )
        network.history.all().update(history_date=founded)
    return network


def _participation(
    network: Network, municipality: Municipality, index: int, joined_on: datetime.date
) -> Participation:
    # Targets are illustrative: districts and larger towns aim higher.
    energy = Decimal(300 + 45 * index) if municipality.kind != KREIS else Decimal(900)
    participation, created = Participation.objects.get_or_create(
        network=network,
        municipality=municipality,
        defaults={
            "joined_on": joined_on,
            "target_energy_mwh": energy,
            "target_co2_t": (energy * Decimal("0.25")).quantize(Decimal("0.1")),
        },
    )
    if created:
        participation.full_clean()
    return participation


def _measures(participation: Participation, seq: int) -> None:
    carriers = {carrier.slug: carrier for carrier in EnergyCarrier.objects.all()}
    focus_areas = {area.slug: area for area in FocusArea.objects.all()}
    author = User.objects.get(email=f"klima.{participation.municipality.slug}@example.org")
    for k in range(3):
        n = seq * 3 + k
        title, area, carrier, kwh, investment, subsidy = MEASURE_TEMPLATES[
            (seq * 5 + k * 4) % len(MEASURE_TEMPLATES)
        ]
        if participation.measures.filter(title=title).exists():
            continue
        status = STATUS_CYCLE[n % len(STATUS_CYCLE)]
        planned_start = datetime.date(2022, 9, 1) + datetime.timedelta(days=(n * 37) % 540)
        planned_end = max(
            planned_start + datetime.timedelta(days=180 + (n * 53) % 360),
            datetime.date(2023, 3, 1),
        )
        started = status in (Measure.Status.IN_PROGRESS, Measure.Status.COMPLETED)
        measure = Measure(
            participation=participation,
            focus_area=focus_areas[area],
            category=demo_category(title),
            title=title,
            description=f"{title} in {participation.municipality.name}. {SAMPLE_NOTE}",
            status=Measure.Status.PLANNED,
            responsible=f"Klimaschutzmanagement {participation.municipality.name}",
            planned_start=planned_start,
            planned_end=planned_end,
            investment_eur=Decimal(investment),
            subsidy_eur=Decimal(subsidy),
            lifetime_years=LIFETIMES.get(title),
        )
        measure.pending_energy = demo_energy(carriers, title, carrier, kwh)
        if title in MANUAL_CO2:
            measure.co2_manual = True
            measure.co2_savings_t, measure.co2_manual_reason = MANUAL_CO2[title]
        give_evidence(measure, status, n, completed=planned_end)
        _story(measure, author, status, started=planned_start + datetime.timedelta(days=14)
               if started else None, completed=planned_end)  # fmt: skip


def _story(measure: Measure, author: User, status: str, *, started, completed) -> None:
    """The measure's dated story (demo/stories.py); two municipalities keep the
    acceptance record of what they completed."""
    tell_story(measure, author, status, started=started, completed=completed)
    if status == Measure.Status.COMPLETED and measure.participation.municipality.slug in (
        "altenbeken",
        "bad-driburg",
    ):
        _document(measure, author)


def _document(measure: Measure, author: User) -> None:
    """A drawn one-page acceptance record as PDF (made with Pillow, no real document)."""
    page = Image.new("RGB", (595, 842), "white")
    draw = ImageDraw.Draw(page)
    draw.rectangle((40, 40, 555, 110), fill=(11, 61, 44))
    draw.text((60, 65), "Abnahmeprotokoll (Beispieldaten)", fill="white")
    draw.text((60, 140), measure.title, fill="black")
    draw.text(
        (60, 170),
        f"{measure.participation.municipality.name}, {measure.completed_on:%d.%m.%Y}",
        fill="black",
    )
    for line in range(8):
        draw.line((60, 220 + line * 40, 535, 220 + line * 40), fill=(200, 200, 200), width=2)
    buffer = io.BytesIO()
    page.save(buffer, "PDF")
    # Stored as uploaded at the time (the network may have ended since, when only its
    # coordination may add documents).
    store_upload(
        MeasureDocument(measure=measure, uploaded_by=author),
        ContentFile(buffer.getvalue(), name="Abnahmeprotokoll.pdf"),
    )


def _import(network: Network) -> None:
    """New plans of the successor network, brought in through the spreadsheet import."""
    if network.measure_imports.exists():
        return
    coordinator = User.objects.get(email="koordination@example.org")
    rows = [
        {"Kommune": "Brakel", "Themenschwerpunkt": "Klimafreundliche Mobilität",
         "Kategorie": "Klimafreundliche Mobilität",
         "Titel": "Dienstfahrräder für die Verwaltung", "Status": "geplant",
         "Geplanter Beginn": f"01.03.{network.term_start.year}",
         "Geplanter Abschluss": f"30.09.{network.term_start.year}",
         "Investition (EUR)": "18.000", "Fördermittel (EUR)": "7.200"},
        {"Kommune": "Warburg", "Themenschwerpunkt": "Umweltfreundliche Energieversorgung",
         "Kategorie": "Sonstige investive Maßnahmen",
         "Titel": "PV-Anlage auf dem Bauhof", "Status": "geplant",
         "Geplanter Beginn": f"01.04.{network.term_start.year}",
         "Geplanter Abschluss": f"31.10.{network.term_start.year}",
         "Investition (EUR)": "96.000", "Fördermittel (EUR)": "0",
         "Endenergieeinsparung (kWh/a)": "85.000", "Energieträger": "Strom (Netzbezug)"},
    ]  # fmt: skip
    checked = validate_rows(rows, network=network, user=coordinator)
    import_measures(
        network=network, user=coordinator, file_name="Planung Netzwerk 3.xlsx", rows=checked
    )


def _photo(network: Network) -> None:
    """A drawn placeholder for the group photo of the source page (no real photo is shipped)."""
    if network.photos.exists():
        return
    image = Image.new("RGB", (1200, 600), (11, 61, 44))
    draw = ImageDraw.Draw(image)
    for i in range(12):  # rows of stylised people in front of an entrance
        x = 110 + i * 85
        draw.ellipse((x, 300, x + 50, 350), fill=(229, 242, 234))
        draw.rounded_rectangle((x - 10, 355, x + 60, 520), radius=20, fill=(127, 209, 161))
    draw.rectangle((480, 80, 720, 290), outline=(229, 242, 234), width=8)
    buffer = io.BytesIO()
    image.save(buffer, "PNG")
    add_network_photo(
        network=network,
        user=User.objects.filter(is_superuser=True).first(),
        upload=ContentFile(buffer.getvalue(), name="gruppenfoto.png"),
        alt_text="Gezeichneter Platzhalter für das Gruppenfoto der Partner vor einem Eingang "
        "(Beispieldaten)",
        caption="Gruppenbild der Netzwerkpartner (Platzhalter, Demo)",
    )


def _funder_logo(funder: Organisation) -> None:
    """A drawn placeholder for the funder's logo (no real logo is shipped): the black,
    red and gold bar of the federal ministries' logos beside a plain mark."""
    if funder.logos.exists():
        return
    image = Image.new("RGB", (480, 160), (255, 255, 255))
    draw = ImageDraw.Draw(image)
    for index, colour in enumerate([(0, 0, 0), (221, 0, 0), (255, 206, 0)]):
        draw.rectangle((24, 24 + index * 38, 40, 62 + index * 38), fill=colour)
    draw.rectangle((64, 40, 440, 60), fill=(20, 69, 47))
    draw.rectangle((64, 76, 380, 90), fill=(120, 120, 120))
    draw.rectangle((64, 102, 320, 116), fill=(120, 120, 120))
    buffer = io.BytesIO()
    image.save(buffer, "PNG")
    add_organisation_logo(
        organisation=funder, upload=ContentFile(buffer.getvalue(), name="logo.png")
    )


def _successor(networks, municipalities, today) -> Network:
    """Network 3, founded from network 1 with the service a coordinator uses (its
    continuing municipalities bring their unfinished measures); those of network 2
    join it as ordinary participants."""
    slug = "klimaschutz-netzwerk-westfalen-weser-3"
    existing = Network.objects.filter(slug=slug).first()
    if existing:
        return existing
    first, second = networks
    in_first = set(first.participations.values_list("municipality__slug", flat=True))
    # Always in its acquisition phase when seeded: the term starts next January.
    start = datetime.date(today.year + 1, 1, 1)
    network = found_successor_network(
        predecessor=first,
        user=User.objects.filter(is_superuser=True).first(),
        name="Klimaschutz-Netzwerk Westfalen Weser 3",
        slug=slug,
        term_start=start,
        term_end=datetime.date(start.year + 3, 1, 1) - datetime.timedelta(days=1),
        funding_code="",
        municipalities=[municipalities[s] for s in CONTINUING if s in in_first],
    )
    network.description = (
        "Nachfolgenetzwerk der Klimaschutz-Netzwerke Westfalen Weser 1 und 2: 14 der 20 "
        f"Kommunen setzen die gemeinsame Arbeit fort.\n\n{SAMPLE_NOTE}"
    )
    # A new grant: the ministry by its current name.
    network.funding_ministry = CURRENT_MINISTRY
    network.funding_notice = CURRENT_NOTICE
    network.save(update_fields=["description", "funding_ministry", "funding_notice"])
    for index, slug in enumerate(CONTINUING):
        if slug not in in_first:
            _participation(network, municipalities[slug], index, network.term_start)
    return network


def _accounts(
    municipalities: dict[str, Municipality],
    organisations: dict[str, Organisation],
    networks: list[Network],
) -> list[DemoLogin]:
    password = make_password(DEMO_PASSWORD)  # hashed once: hashing is slow on purpose
    Role = Membership.Role
    funded = [network for network in networks if network.funding_code]
    rows = [
        ("admin@example.org", "Administration (Demo)", "Administrator*in", []),
        ("koordination@example.org", "Netzwerkmanagement Westfalen Weser (Demo)",
         "Koordination (Netzwerkträger)",
         [{"role": Role.COORDINATOR, "organisation": organisations["coordinator"]}]),
        ("moderation@example.org", "Moderation Green Navigation (Demo)",
         "Dienstleister (Moderation)",
         [{"role": Role.SERVICE_PROVIDER, "network": network,
           "organisation": organisations["green"]} for network in networks]),
        ("foerderung@example.org", "Fördermittelgeber (Demo)", "Fördermittelgeber",
         [{"role": Role.FUNDER, "network": network, "organisation": organisations["funder"]}
          for network in funded]),
        ("finanzen@example.org", "Finanzen Westfalen Weser (Demo)",
         "Finanzen (Netzwerkträger)",
         [{"role": Role.FINANCE, "organisation": organisations["coordinator"]}]),
    ]  # fmt: skip
    rows += [
        (
            f"klima.{slug}@example.org",
            f"Klimaschutzmanagement {municipality.name} (Demo)",
            f"Klimaschutzmanager*in {municipality.name}",
            [
                {
                    "role": Role.CLIMATE_MANAGER,
                    "municipality": municipality,
                    "organisation": organisations["coordinator"],
                }
            ],
        )
        for slug, municipality in municipalities.items()
    ]
    for email, name, _role, memberships in rows:
        _account(email, name=name, password=password, memberships=memberships)
    return [DemoLogin(email=email, role=role) for email, _name, role, _m in rows]


def _account(email: str, *, name: str, password: str, memberships: list[dict]) -> None:
    """The demo person with their memberships, a verified address and, for the
    administrator and the coordinator, a second factor."""
    superuser = email == "admin@example.org"
    user, _ = User.objects.get_or_create(
        email=email,
        defaults={
            "name": name,
            "password": password,
            "is_staff": superuser,
            "is_superuser": superuser,
        },
    )
    for scope in memberships:
        Membership.objects.get_or_create(user=user, **scope)
    # Demo addresses count as verified; invited people verify by accepting.
    EmailAddress.objects.get_or_create(
        user=user, email=email, defaults={"verified": True, "primary": True}
    )
    if (superuser or email == "koordination@example.org") and not Authenticator.objects.filter(
        user=user, type=Authenticator.Type.TOTP
    ).exists():
        # MFA is mandatory for these roles; `make run` accepts the demo code (DEBUG only).
        TOTP.activate(user, generate_totp_secret())


def _network_memberships(network: Network, organisations: dict[str, Organisation]) -> None:
    """The moderator serves the successor network too."""
    Membership.objects.get_or_create(
        user=User.objects.get(email="moderation@example.org"),
        role=Membership.Role.SERVICE_PROVIDER,
        network=network,
        defaults={"organisation": organisations["green"]},
    )


def _invitations(successor: Network, organisations: dict[str, Organisation]) -> None:
    """A pending and a revoked invitation, so the invitation page shows both states."""
    if Invitation.objects.exists():
        return
    coordinator = User.objects.get(email="koordination@example.org")
    pending = Invitation(
        email="beratung@example.org",
        role=Membership.Role.SERVICE_PROVIDER,
        network=successor,
        organisation=organisations["target"],
    )
    invite(inviter=coordinator, invitation=pending, notify=False)
    revoked = Invitation(
        email="vertretung.brakel@example.org",
        role=Membership.Role.CLIMATE_MANAGER,
        municipality=Municipality.objects.get(slug="brakel"),
        organisation=organisations["coordinator"],
    )
    revoke_invitation(
        invitation=invite(inviter=coordinator, invitation=revoked, notify=False), user=coordinator
    )
