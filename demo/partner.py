"""A second coordinator organisation with its own network, for `manage.py seed_demo`.

"Energieagentur Senne (Demo)" is invented: it coordinates the "Klimaschutz-Netzwerk
Senne" of five towns of the Gütersloh district and Hövelhof, which also takes part in
Westfalen Weser's networks. It shows the rule that a role granted by one coordinator
organisation never opens anything of another's: Senne's coordinator and its climate
managers see nothing of Westfalen Weser's networks (and the reverse), while Hövelhof's
climate manager, invited by both, holds one role for each and works in both.

It is the demo's running network: its dates are relative to the day the demo is
loaded (`term_for`), so on that day it is in its third year, with measures under way
and kept up to date, its recruitment's written confirmations, quarterly meetings up to
now and the next one ahead (demo/meetings.py), and its interim reports issued by their
deadlines, the coming one due soon (demo/reports.py).
"""

import datetime
from dataclasses import dataclass
from decimal import Decimal

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

from demo.categories import demo_category
from demo.energy import LIFETIMES, demo_energy
from demo.evidence import give_evidence
from demo.recruitment import sample_letter
from demo.stories import tell_story
from lib.dates import add_months
from measures.models import EnergyCarrier, Measure
from networks.models import (
    FederalState,
    FocusArea,
    Invitation,
    Membership,
    Municipality,
    Network,
    Organisation,
    Participation,
    Prospect,
    User,
)
from networks.recruitment import save_prospect
from networks.services import invite

# A network funded today names the ministry by its name since May 2025 (the demo's
# older networks keep the name their notice gave: demo/data.py).
CURRENT_MINISTRY = "Bundesministerium für Umwelt, Klimaschutz, Naturschutz und nukleare Sicherheit"
CURRENT_NOTICE = (
    f"Gefördert durch das {CURRENT_MINISTRY} aufgrund eines Beschlusses des Deutschen Bundestages."
)

ORGANISATION = "Energieagentur Senne (Demo)"
COORDINATOR_EMAIL = "koordination.senne@example.org"
SLUG = "klimaschutz-netzwerk-senne"
SHARED = "hoevelhof"  # takes part in Westfalen Weser 2 and 3 as well
# (slug, name, AGS); towns of the Gütersloh district after the Destatis directory.
TOWNS = [
    ("harsewinkel", "Harsewinkel", "05754016"),
    ("rietberg", "Rietberg", "05754032"),
    ("schloss-holte-stukenbrock", "Schloß Holte-Stukenbrock", "05754036"),
    ("steinhagen", "Steinhagen", "05754040"),
    ("verl", "Verl", "05754044"),
]
# The programme's 36 months, begun on the first of the month 26 months before the
# day the demo is loaded: two network years are over, the first one's interim report
# is issued and the second one's is due within the next two months.
STARTED_MONTHS_AGO = 26
TERM_MONTHS = 36
# (title, focus area, carrier, kWh/a, investment, subsidy)
MEASURES = [
    ("LED-Beleuchtung in der Grundschule", "beleuchtung", "strom", "38000", "52000", "20800"),
    ("Klimaschutzkonzept für das Gewerbegebiet", "quartier", None, None, "30000", "21000"),
    # Own generation saves electricity from the grid.
    ("PV-Anlage auf dem Dach der Gesamtschule", "energieversorgung", "strom", "95000", "160000",
     "48000"),
]  # fmt: skip

NOTE = "Beispieldaten (Demo): erfundener zweiter Netzwerkträger, keine echten Projektzahlen."


@dataclass(frozen=True)
class Partner:
    network: Network
    coordinator: User
    logins: list[tuple[str, str]]  # (login, role)


def term_for(today: datetime.date) -> tuple[datetime.date, datetime.date]:
    """The running network's term when the demo is loaded on `today`."""
    start = add_months(today.replace(day=1), -STARTED_MONTHS_AGO)
    return start, add_months(start, TERM_MONTHS) - datetime.timedelta(days=1)


def load_partner_network(
    *,
    municipalities: dict[str, Municipality],
    funder: Organisation,
    password_hash: str,
    today: datetime.date,
) -> Partner:
    """Create what is missing of the second organisation and its network (a network
    loaded on an earlier day keeps its term and everything in it)."""
    organisation, _ = Organisation.objects.get_or_create(
        name=ORGANISATION,
        defaults={"kind": Organisation.Kind.COORDINATOR},
    )
    network = _network(organisation, funder, today)
    towns = [_town(slug, name, ags) for slug, name, ags in TOWNS]
    members = [*towns, municipalities[SHARED]]
    for index, municipality in enumerate(members):
        Participation.objects.get_or_create(
            network=network,
            municipality=municipality,
            defaults={
                "joined_on": network.term_start,
                "target_energy_mwh": Decimal(250 + 40 * index),
                "target_co2_t": Decimal(250 + 40 * index) * Decimal("0.25"),
                "funding_code": f"67K24105{chr(ord('B') + index)}",
            },
        )

    coordinator = _person(COORDINATOR_EMAIL, "Netzwerkmanagement Senne (Demo)", password_hash)
    Membership.objects.get_or_create(
        user=coordinator, role=Membership.Role.COORDINATOR, organisation=organisation
    )
    if not Authenticator.objects.filter(user=coordinator, type=Authenticator.Type.TOTP).exists():
        TOTP.activate(coordinator, generate_totp_secret())
    rows = [(COORDINATOR_EMAIL, f"Koordination ({ORGANISATION})")]
    for index, municipality in enumerate(members):
        manager = _person(
            f"klima.{municipality.slug}@example.org",
            f"Klimaschutzmanagement {municipality.name} (Demo)",
            password_hash,
        )
        Membership.objects.get_or_create(
            user=manager,
            role=Membership.Role.CLIMATE_MANAGER,
            municipality=municipality,
            organisation=organisation,
        )
        if municipality.slug != SHARED:  # Hövelhof's manager is listed with Westfalen Weser
            rows.append((manager.email, f"Klimaschutzmanager*in {municipality.name} (Senne)"))
        participation = network.participations.get(municipality=municipality)
        _measures(participation, manager, index, today)
    _recruitment(network, coordinator)
    _invitation(coordinator, organisation, towns[-1])
    return Partner(network=network, coordinator=coordinator, logins=rows)


def _network(organisation: Organisation, funder: Organisation, today: datetime.date) -> Network:
    """The Senne network, a joint project of its own coordinator."""
    term_start, term_end = term_for(today)
    network, created = Network.objects.get_or_create(
        slug=SLUG,
        defaults={
            "name": "Klimaschutz-Netzwerk Senne",
            "description": "Sechs Kommunen rund um die Senne arbeiten gemeinsam an ihrem "
            f"Klimaschutz.\n\n{NOTE}",
            "coordinator": organisation,
            "funder": funder,
            "funding_ministry": CURRENT_MINISTRY,
            "funding_programme": "Nationale Klimaschutzinitiative – Kommunalrichtlinie",
            "funding_agency": "Zukunft – Umwelt – Gesellschaft (ZUG) gGmbH",
            "funding_notice": CURRENT_NOTICE,
            # A joint project: the coordination's code ends in A, each town's in a
            # letter of its own (B, C, …).
            "funding_code": "67K24105A",
            "term_start": term_start,
            "term_end": term_end,
            "contact_name": "Netzwerkmanagement Senne (Demo)",
        },
    )
    if created:
        network.full_clean()
        network.focus_areas.set(FocusArea.objects.all())
    return network


def _recruitment(network: Network, coordinator: User) -> None:
    """The written confirmations of the Gewinnungsphase before the term, each town's
    letter of intent on file (the programme asks for them)."""
    if network.prospects.exists():
        return
    participations = network.participations.select_related("municipality").order_by("pk")
    for index, participation in enumerate(participations):
        approached = network.term_start - datetime.timedelta(days=240 - 5 * index)
        save_prospect(
            prospect=Prospect(
                network=network,
                municipality=participation.municipality,
                status=Prospect.Status.CONFIRMED,
                contact_name=f"Klimaschutzmanagement {participation.municipality.name} (Demo)",
                approached_on=approached,
                interested_on=approached + datetime.timedelta(days=14),
                answered_on=approached + datetime.timedelta(days=90),
                target_energy_mwh=participation.target_energy_mwh,
                target_co2_t=participation.target_co2_t,
                participation=participation,
            ),
            user=coordinator,
            letter=sample_letter(network, participation.municipality, "Absichtserklärung"),
        )


def _town(slug: str, name: str, ags: str) -> Municipality:
    municipality, _ = Municipality.objects.get_or_create(
        ags=ags,
        defaults={
            "slug": slug,
            "name": name,
            "kind": Municipality.Kind.STADT,
            "district": "Kreis Gütersloh",
            "federal_state": FederalState.NORDRHEIN_WESTFALEN,
        },
    )
    return municipality


def _person(email: str, name: str, password_hash: str) -> User:
    user, _ = User.objects.get_or_create(
        email=email, defaults={"name": name, "password": password_hash}
    )
    EmailAddress.objects.get_or_create(
        user=user, email=email, defaults={"verified": True, "primary": True}
    )
    return user


def measure_plan(term_start: datetime.date, today: datetime.date, town: int, number: int) -> dict:
    """Status and days of a town's measure (`number` in MEASURES) on `today`: the
    lighting was finished in the first network year, the solar systems in the second
    or are being built, the concepts are under way or planned. Whatever is unfinished
    was updated in the last two and a half months."""
    day = datetime.timedelta(days=1)
    if number == 0:
        start = term_start + (60 + 15 * town) * day
        return {
            "status": Measure.Status.COMPLETED,
            "planned_start": start,
            "planned_end": start + 150 * day,
            "started": start + 14 * day,
        }
    if number == 1 and town % 2:
        start = today + (30 + 10 * town) * day
        return {
            "status": Measure.Status.PLANNED,
            "planned_start": start,
            "planned_end": start + 240 * day,
            "created": today - (50 + 5 * town) * day,
        }
    if number == 1:
        start = term_start + (400 + 20 * town) * day
        return {
            "status": Measure.Status.IN_PROGRESS,
            "planned_start": start,
            "planned_end": start + 420 * day,
            "started": start + 14 * day,
            "latest_note": today - (10 + 5 * town) * day,
        }
    start = term_start + (200 + 30 * town) * day
    plan = {"planned_start": start, "planned_end": start + 330 * day, "started": start + 30 * day}
    if town % 2:
        return {
            **plan,
            "status": Measure.Status.IN_PROGRESS,
            "latest_note": today - (20 + 3 * town) * day,
        }
    return {**plan, "status": Measure.Status.COMPLETED}


def _measures(participation: Participation, author: User, town: int, today: datetime.date) -> None:
    carriers = {carrier.slug: carrier for carrier in EnergyCarrier.objects.all()}
    areas = {area.slug: area for area in FocusArea.objects.all()}
    for number, (title, area, carrier, kwh, investment, subsidy) in enumerate(MEASURES):
        if participation.measures.filter(title=title).exists():
            continue
        plan = measure_plan(participation.network.term_start, today, town, number)
        measure = Measure(
            participation=participation,
            focus_area=areas[area],
            category=demo_category(title, town=town),
            title=title,
            description=f"{title} in {participation.municipality.name}. {NOTE}",
            responsible=f"Klimaschutzmanagement {participation.municipality.name}",
            planned_start=plan["planned_start"],
            planned_end=plan["planned_end"],
            investment_eur=Decimal(investment),
            subsidy_eur=Decimal(subsidy),
            lifetime_years=LIFETIMES.get(title),
        )
        measure.pending_energy = demo_energy(carriers, title, carrier, kwh)
        give_evidence(measure, plan["status"], town + number, completed=plan["planned_end"])
        tell_story(
            measure,
            author,
            plan["status"],
            started=plan.get("started"),
            completed=plan["planned_end"],
            created=plan.get("created"),
            latest_note=plan.get("latest_note"),
        )


def _invitation(coordinator: User, organisation: Organisation, town: Municipality) -> None:
    """A pending invitation of Senne's, which Westfalen Weser's coordinators never see."""
    email = f"vertretung.{town.slug}@example.org"
    if Invitation.objects.filter(email=email).exists():
        return
    invitation = Invitation(
        email=email,
        role=Membership.Role.CLIMATE_MANAGER,
        municipality=town,
        organisation=organisation,
    )
    invite(inviter=coordinator, invitation=invitation, notify=False)
