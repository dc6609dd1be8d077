"""A regional energy agency of many networks, for `manage.py seed_demo`: its
coordinator's start page shows the compact table of networks (more than
portal.network_table.MANY_NETWORKS), sorted with the networks needing attention
first, filterable by phase and paged.

"Landesenergieagentur (Demo)" is invented. It coordinates eight small networks of
the demo's municipalities: two still recruiting, five running (one with planned
measures past their start, one with a measure nobody has updated for months, some
with a meeting ahead) and one that has ended. Its networks are not public, and a
role granted by Westfalen Weser opens nothing of them (nor the reverse).
"""

import datetime
from decimal import Decimal

from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.contrib.auth.hashers import make_password
from django.utils import timezone

from demo.data import DEMO_PASSWORD
from demo.partner import CURRENT_MINISTRY, CURRENT_NOTICE, _person
from events.models import Meeting
from lib.dates import add_months
from measures.models import Measure, MeasureCategory
from networks.models import (
    FocusArea,
    Membership,
    Municipality,
    Network,
    Organisation,
    Participation,
)

ORGANISATION = "Landesenergieagentur (Demo)"
COORDINATOR_EMAIL = "koordination.land@example.org"
REGIONS = ["Lippe", "Paderborner Land", "Hellweg", "Sauerland", "Münsterland", "Ruhr-Lippe",
           "Siegerland", "Emscher"]  # fmt: skip
PER_NETWORK = 6


def load_regional_networks(*, today: datetime.date) -> list[tuple[str, str]]:
    """Create what is missing of the agency, its eight networks and its coordinator,
    among the demo data's municipalities (load_demo_data first); the coordinator's
    login as (email, role label)."""
    funder = Organisation.objects.get(kind=Organisation.Kind.FUNDER)
    password_hash = make_password(DEMO_PASSWORD)
    organisation, _ = Organisation.objects.get_or_create(
        name=ORGANISATION, defaults={"kind": Organisation.Kind.COORDINATOR}
    )
    coordinator = _person(COORDINATOR_EMAIL, "Netzwerkmanagement Land (Demo)", password_hash)
    Membership.objects.get_or_create(
        user=coordinator, role=Membership.Role.COORDINATOR, organisation=organisation
    )
    if not Authenticator.objects.filter(user=coordinator, type=Authenticator.Type.TOTP).exists():
        TOTP.activate(coordinator, generate_totp_secret())
    towns = list(Municipality.objects.order_by("ags"))
    area = FocusArea.objects.order_by("ordering").first()
    for number, region in enumerate(REGIONS):
        network = _network(organisation, funder, number, region, today)
        members = [towns[(number * 3 + k) % len(towns)] for k in range(PER_NETWORK)]
        for index, municipality in enumerate(members):
            participation, created = Participation.objects.get_or_create(
                network=network,
                municipality=municipality,
                defaults={
                    "joined_on": network.term_start,
                    "target_energy_mwh": Decimal(200 + 30 * index),
                    "target_co2_t": Decimal(50 + 8 * index),
                },
            )
            if created and network.term_start <= today:
                _measure(participation, area, number, index, today)
        if network.term_start <= today <= network.term_end and number % 2 == 0:
            _meeting(network, coordinator, number, today)
    return [(COORDINATOR_EMAIL, f"Koordination ({ORGANISATION}, {len(REGIONS)} Netzwerke)")]


def _network(organisation, funder, number: int, region: str, today) -> Network:
    # Two recruiting (start ahead), five running, the last ended.
    if number < 2:
        start = add_months(today.replace(day=1), 3 + 2 * number)
    elif number < 7:
        start = add_months(today.replace(day=1), -(6 + 5 * number))
    else:
        start = add_months(today.replace(day=1), -44)
    network, created = Network.objects.get_or_create(
        slug=f"klimaschutz-netzwerk-{region.lower().replace(' ', '-').replace('ü', 'ue')}",
        defaults={
            "name": f"Klimaschutz-Netzwerk {region}",
            "description": f"Ein Netzwerk der Landesenergieagentur im Raum {region} (Demo).",
            "coordinator": organisation,
            "funder": funder,
            "funding_ministry": CURRENT_MINISTRY,
            "funding_programme": "Nationale Klimaschutzinitiative – Kommunalrichtlinie",
            "funding_agency": "Zukunft – Umwelt – Gesellschaft (ZUG) gGmbH",
            "funding_notice": CURRENT_NOTICE,
            "term_start": start,
            "term_end": add_months(start, 36) - datetime.timedelta(days=1),
            "funding_code": f"67K25{300 + number}",
        },
    )
    if created:
        network.full_clean()
    return network


def _measure(participation, area, number: int, index: int, today) -> None:
    """One measure per municipality: a completed one, one under way; in the fourth
    network planned ones past their start, in the fifth one forgotten for months."""
    overdue = number == 3 and index < 3
    measure = Measure.objects.create(
        participation=participation,
        focus_area=area,
        title=f"LED-Straßenbeleuchtung {participation.municipality.name}",
        category=MeasureCategory.objects.get(slug="aussenbeleuchtung"),
        responsible=f"Klimaschutzmanagement {participation.municipality.name}",
        status=Measure.Status.PLANNED if overdue else Measure.Status.IN_PROGRESS,
        planned_start=today - datetime.timedelta(days=40 if overdue else 200),
        planned_end=today + datetime.timedelta(days=300),
    )
    if number == 4 and index == 0:
        Measure.objects.filter(pk=measure.pk).update(
            updated_at=timezone.now() - datetime.timedelta(days=150)
        )


def _meeting(network: Network, coordinator, number: int, today) -> None:
    if network.meetings.exists():
        return
    starts = timezone.make_aware(
        datetime.datetime.combine(
            today + datetime.timedelta(days=10 + 7 * number), datetime.time(10)
        )  # fmt: skip
    )
    Meeting.objects.create(
        network=network,
        kind=Meeting.Kind.NETWORK_MEETING,
        title=f"Netzwerktreffen {network.name}",
        starts_at=starts,
        ends_at=starts + datetime.timedelta(hours=3),
        venue="Kreishaus",
        moderator=coordinator,
    )
