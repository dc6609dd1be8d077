"""A second coordinator organisation with its own network, for `manage.py seed_demo`.

"Energieagentur Senne (Demo)" is invented: it coordinates the "Klimaschutz-Netzwerk
Senne" of five towns of the Gütersloh district and Hövelhof, which also takes part in
Westfalen Weser's networks. It shows the rule that a role granted by one coordinator
organisation never opens anything of another's: Senne's coordinator and its climate
managers see nothing of Westfalen Weser's networks (and the reverse), while Hövelhof's
climate manager, invited by both, holds one role for each and works in both.
"""

import datetime
from decimal import Decimal

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

from demo.energy import LIFETIMES, demo_energy
from measures.models import EnergyCarrier, Measure
from measures.services import save_measure
from networks.models import (
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
from networks.services import invite

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
TERM_START = datetime.date(2024, 4, 1)
TERM_END = datetime.date(2027, 3, 31)
# (title, focus area, carrier, kWh/a, investment, subsidy, status)
MEASURES = [
    ("LED-Beleuchtung in der Grundschule", "beleuchtung", "strom", "38000", "52000", "20800",
     Measure.Status.IN_PROGRESS),
    ("Klimaschutzkonzept für das Gewerbegebiet", "quartier", None, None, "30000", "21000",
     Measure.Status.PLANNED),
    # Own generation saves electricity from the grid.
    ("PV-Anlage auf dem Dach der Gesamtschule", "energieversorgung", "strom", "95000", "160000",
     "48000", Measure.Status.IN_PROGRESS),
]  # fmt: skip

NOTE = "Beispieldaten (Demo): erfundener zweiter Netzwerkträger, keine echten Projektzahlen."


def load_partner_network(
    *, municipalities: dict[str, Municipality], funder: Organisation, password_hash: str
) -> list[tuple[str, str]]:
    """Create what is missing of the second organisation; return its (login, role) rows."""
    organisation, _ = Organisation.objects.get_or_create(
        name=ORGANISATION,
        defaults={"kind": Organisation.Kind.COORDINATOR},
    )
    network = _network(organisation, funder)
    towns = [_town(slug, name, ags) for slug, name, ags in TOWNS]
    members = [*towns, municipalities[SHARED]]
    for index, municipality in enumerate(members):
        Participation.objects.get_or_create(
            network=network,
            municipality=municipality,
            defaults={
                "joined_on": TERM_START,
                "target_energy_mwh": Decimal(250 + 40 * index),
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
    for municipality in members:
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
        _measures(participation, manager)
    _invitation(coordinator, organisation, towns[-1])
    _confirmations(network, coordinator, towns[:2])
    return rows


def _network(organisation: Organisation, funder: Organisation) -> Network:
    """The Senne network, a joint project of its own coordinator."""
    network, created = Network.objects.get_or_create(
        slug=SLUG,
        defaults={
            "name": "Klimaschutz-Netzwerk Senne",
            "description": "Sechs Kommunen rund um die Senne arbeiten gemeinsam an ihrem "
            f"Klimaschutz.\n\n{NOTE}",
            "coordinator": organisation,
            "funder": funder,
            "funding_programme": "Nationale Klimaschutzinitiative – Kommunalrichtlinie",
            "funding_agency": "Zukunft – Umwelt – Gesellschaft (ZUG) gGmbH",
            # A joint project: the coordination's code ends in A, each town's in a
            # letter of its own (B, C, …).
            "funding_code": "67K24105A",
            "term_start": TERM_START,
            "term_end": TERM_END,
            "contact_name": "Netzwerkmanagement Senne (Demo)",
        },
    )
    if created:
        network.full_clean()
        network.focus_areas.set(FocusArea.objects.all())
    return network


def _confirmations(network: Network, coordinator: User, confirming: list[Municipality]) -> None:
    """The coordination has asked for the figures of the coming interim report; two
    towns have confirmed, the others are still missing (their managers see the request
    on their start page). No mail is sent while seeding."""
    from django.utils import timezone

    from reports.confirmations import confirm_figures
    from reports.models import ConfirmationRequest
    from reports.periods import default_period

    kind, start, end = default_period(network, timezone.localdate())
    if end <= start or network.reports.filter(kind=kind, period_start=start, period_end=end):
        return  # nothing to report on yet, or already issued
    # Asked and mailed two days ago: the reports page says from when a reminder goes.
    asked_at = timezone.now() - datetime.timedelta(days=2)
    request, created = ConfirmationRequest.objects.get_or_create(
        network=network, kind=kind, period_start=start, period_end=end,
        defaults={"requested_by": coordinator, "requested_at": asked_at, "mailed_at": asked_at},
    )  # fmt: skip
    if created:
        for municipality in confirming:
            confirm_figures(
                request=request,
                participation=network.participations.get(municipality=municipality),
                user=User.objects.get(email=f"klima.{municipality.slug}@example.org"),
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


def _measures(participation: Participation, author: User) -> None:
    carriers = {carrier.slug: carrier for carrier in EnergyCarrier.objects.all()}
    areas = {area.slug: area for area in FocusArea.objects.all()}
    for number, (title, area, carrier, kwh, investment, subsidy, status) in enumerate(MEASURES):
        if participation.measures.filter(title=title).exists():
            continue
        start = TERM_START + datetime.timedelta(days=120 + 45 * number)
        measure = Measure(
            participation=participation,
            focus_area=areas[area],
            title=title,
            description=f"{title} in {participation.municipality.name}. {NOTE}",
            responsible=f"Klimaschutzmanagement {participation.municipality.name}",
            planned_start=start,
            planned_end=start + datetime.timedelta(days=300),
            investment_eur=Decimal(investment),
            subsidy_eur=Decimal(subsidy),
            lifetime_years=LIFETIMES.get(title),
        )
        measure.pending_energy = demo_energy(carriers, title, carrier, kwh)
        save_measure(measure=measure, user=author)
        if status == Measure.Status.IN_PROGRESS:
            measure.status, measure.started_on = status, start
            save_measure(measure=measure, user=author)


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
