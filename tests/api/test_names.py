"""Field by field, the API shows a persona no person's name that their pages hide:
each field that may hold a name gets one, in both networks, and every name found in
a persona's API answers must be on a page the persona opens. The objects themselves
are compared in test_visibility.py."""

from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from events.models import Meeting
from finances.models import Proof, Receipt
from measures.models import Measure
from networks.models import Network, Participation
from reports.models import Report
from tests.factories import (
    AgendaItemFactory,
    AttendanceFactory,
    BudgetLineFactory,
    GrantFactory,
    MeasureFactory,
    MeetingFactory,
    ReceiptFactory,
)
from tests.helpers import with_totp
from tests.portal.test_permission_matrix import PERSONAS

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("module_personas")]

# Where the portal keeps names of people (or text about them) that the API may show,
# and the network's contact person, whom only its public page shows. Not here: the
# network's description, the text for its public page, which no member's page shows
# while the network is not public.
FIELDS = ["contact", "responsible", "description", "manual_reason", "presenter",
          "attendee", "meeting_description", "report_issuer", "proof_issuer", "party",
          "reason", "eligible_reason"]  # fmt: skip
RESOURCES = ["network", "participation", "measure", "meeting", "report", "receipt", "proof"]
CSV_LISTS = ["participation", "measure", "meeting", "receipt"]


def name(field: str, network) -> str:
    return f"Person {field} {network.slug}"


@pytest.fixture
def named(personas):
    """In each network: a measure, a meeting, a report, a receipt and a proof with a
    name in every field of FIELDS."""
    for network, participation in ((personas.network, personas.participation_a),
                                   (personas.other_network, personas.participation_c)):  # fmt: skip
        network.contact_name = name("contact", network)
        network.save()
        MeasureFactory(
            participation=participation,
            responsible=name("responsible", network),
            description=name("description", network),
            co2_manual=True,
            co2_savings_t=Decimal("1.000"),
            co2_manual_reason=name("manual_reason", network),
        )
        meeting = MeetingFactory(
            network=network,
            moderator=personas.coordinator
            if network == personas.network
            else personas.other_coordinator,
            description=name("meeting_description", network),
        )
        AgendaItemFactory(meeting=meeting, presenter=name("presenter", network))
        AttendanceFactory(
            meeting=meeting, municipality=participation.municipality, name=name("attendee", network)
        )
        Report.objects.create(
            network=network, kind="interim", period_start=network.term_start,
            period_end=network.term_start, figures={}, issued_at=timezone.now(),
            issued_by_name=name("report_issuer", network), pdf_sha256="a" * 64,
        )  # fmt: skip
        grant = GrantFactory(network=network)
        ReceiptFactory(
            grant=grant,
            budget_line=BudgetLineFactory(grant=grant),
            party=name("party", network),
            reason=name("reason", network),
            eligible_reason=name("eligible_reason", network),
        )
        Proof.objects.create(
            grant=grant, kind="final", figures={}, issued_at=timezone.now(),
            issued_by_name=name("proof_issuer", network), xlsx="a.xlsx", xlsx_sha256="0" * 64,
            belegliste="b.xlsx", belegliste_sha256="0" * 64,
        )  # fmt: skip
    return personas


def all_names(personas) -> set[str]:
    return {name(field, network) for field in FIELDS
            for network in (personas.network, personas.other_network)}  # fmt: skip


def page_addresses(personas) -> list[str]:
    """Every page that shows one of the objects above; a persona sees those that
    answer 200."""
    addresses = []
    for network in (personas.network, personas.other_network):
        slug = network.slug
        addresses += [network.get_absolute_url(), reverse("network_meetings", args=[slug]),
                      reverse("report_list", args=[slug]), reverse("receipts", args=[slug]),
                      reverse("proofs", args=[slug])]  # fmt: skip
    addresses += [
        reverse("measure", args=[pk]) for pk in Measure.objects.values_list("pk", flat=True)
    ]
    addresses += [m.get_absolute_url() for m in Meeting.objects.all()]
    addresses += [
        reverse("receipt_edit", args=[r.grant.network.slug, r.pk])
        for r in Receipt.objects.select_related("grant__network")
    ]
    return addresses


def api_addresses() -> list[str]:
    """Every list (JSON, and CSV where there is one) and every object's own address."""
    ids = {
        "network": list(Network.objects.values_list("slug", flat=True)),
        "participation": list(Participation.objects.values_list("pk", flat=True)),
        "measure": list(Measure.objects.values_list("pk", flat=True)),
        "meeting": list(Meeting.objects.values_list("pk", flat=True)),
        "report": list(Report.objects.values_list("pk", flat=True)),
        "receipt": list(Receipt.objects.values_list("pk", flat=True)),
        "proof": list(Proof.objects.values_list("pk", flat=True)),
    }
    addresses = [reverse(f"api_{resource}-list") for resource in RESOURCES]
    addresses += [reverse(f"api_{resource}-list") + "?format=csv" for resource in CSV_LISTS]
    for resource, keys in ids.items():
        addresses += [reverse(f"api_{resource}-detail", args=[key]) for key in keys]
    return addresses


def text_of(client, addresses) -> str:
    texts = []
    for address in addresses:
        response = client.get(address)
        if response.status_code == 200:
            texts.append(response.content.decode())
    return "\n".join(texts)


def signed_in(personas, persona: str) -> Client:
    client = Client()
    if persona != "anonymous":
        client.force_login(with_totp(getattr(personas, persona)))
    return client


@pytest.mark.parametrize("persona", PERSONAS)
def test_the_api_shows_no_name_the_personas_pages_hide(named, persona, token_client):
    names = all_names(named)
    client = signed_in(named, persona)
    pages, api = text_of(client, page_addresses(named)), text_of(client, api_addresses())
    on_pages = {n for n in names if n in pages}
    in_api = {n for n in names if n in api}
    assert in_api <= on_pages, sorted(in_api - on_pages)
    if persona not in ("anonymous", "outsider", "superuser"):
        # A token acts as its person: the same names, no more.
        token = text_of(token_client(getattr(named, persona)), api_addresses())
        assert {n for n in names if n in token} == in_api


def test_the_network_coordination_reads_every_name_through_the_api(named):
    """The check above is not empty: those who see the names on the pages get them."""
    client = signed_in(named, "coordinator")
    api = text_of(client, api_addresses())
    network = named.network
    shown = {field for field in FIELDS if name(field, network) in api}
    # Attendees are counted per municipality in the API, never named; the contact
    # person is for the public page.
    assert shown == set(FIELDS) - {"attendee", "contact"}


def test_the_funder_reads_the_agenda_without_its_presenters(named):
    client = signed_in(named, "funder")
    meeting = Meeting.objects.get(network=named.network)
    page = client.get(meeting.get_absolute_url())
    assert page.status_code == 200
    assert name("presenter", named.network) not in page.content.decode()
    (item,) = client.get(reverse("api_meeting-detail", args=[meeting.pk])).json()["agenda"]
    assert item["title"] == meeting.agenda_items.get().title
    assert item["presenter"] is None
