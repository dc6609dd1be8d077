"""The API shows each persona exactly what the pages show them: every list is
compared with the queryset its page uses (for_user, finances.access), and the
measures also with what each persona is known to read."""

import pytest
from django.urls import reverse

from events.models import Meeting
from finances.access import networks_readable_by
from finances.models import Proof, Receipt
from measures.models import Measure
from networks.models import Network, Participation
from reports.models import Report
from tests.helpers import with_totp
from tests.portal.test_permission_matrix import PERSONAS

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("module_personas")]

SIGNED_IN = [persona for persona in PERSONAS if persona != "anonymous"]


def page_ids(resource: str, user) -> set:
    """What the pages list for the person: the querysets the pages are built on."""
    finance_networks = networks_readable_by(user)
    return {
        "networks": set(Network.objects.for_user(user).values_list("slug", flat=True)),
        "participations": set(Participation.objects.for_user(user).values_list("pk", flat=True)),
        "measures": set(Measure.objects.for_user(user).values_list("pk", flat=True)),
        "meetings": set(Meeting.objects.for_user(user).values_list("pk", flat=True)),
        "reports": set(Report.objects.for_user(user).values_list("pk", flat=True)),
        "receipts": set(
            Receipt.objects.filter(grant__network__in=finance_networks).values_list("pk", flat=True)
        ),
        "proofs": set(
            Proof.objects.filter(grant__network__in=finance_networks).values_list("pk", flat=True)
        ),
    }[resource]


def api_ids(client, resource: str) -> set:
    ids, url = set(), reverse(f"api_{resource[:-1]}-list")
    while url:
        response = client.get(url)
        assert response.status_code == 200, response.content
        body = response.json()
        ids |= {item["slug"] if resource == "networks" else item["id"] for item in body["results"]}
        url = body["next"]
    return ids


RESOURCES = ["networks", "participations", "measures", "meetings", "reports", "receipts",
             "proofs"]  # fmt: skip


@pytest.mark.parametrize("persona", SIGNED_IN)
def test_the_api_lists_what_the_pages_show_each_persona(client, personas, world, persona):
    user = with_totp(getattr(personas, persona))
    client.force_login(user)
    for resource in RESOURCES:
        assert api_ids(client, resource) == page_ids(resource, user), resource


@pytest.mark.parametrize("persona", [p for p in SIGNED_IN if p not in ("outsider", "superuser")])
def test_a_token_sees_what_its_person_sees(token_client, personas, world, persona):
    user = getattr(personas, persona)
    client = token_client(user)
    for resource in RESOURCES:
        assert api_ids(client, resource) == page_ids(resource, user), resource


# What each persona reads of the four measures (one per participation).
MEASURES = {
    "outsider": set(),
    "climate_manager_a": {"participation_a", "participation_b"},
    "climate_manager_b": {"participation_a", "participation_b"},
    "service_provider": {"participation_a", "participation_b"},
    "funder": set(),
    "coordinator": {"participation_a", "participation_b"},
    "other_coordinator": {"participation_c", "participation_a_other"},
    # A's climate manager granted by the other organisation: only that one's network.
    "foreign_climate_manager": {"participation_c", "participation_a_other"},
    "finance": set(),
    "other_finance": set(),
    "superuser": {"participation_a", "participation_b", "participation_c",
                  "participation_a_other"},
}  # fmt: skip


@pytest.mark.parametrize("persona", SIGNED_IN)
def test_each_persona_reads_the_measures_of_their_networks_only(client, personas, world, persona):
    client.force_login(with_totp(getattr(personas, persona)))
    expected = {world.measures[name].pk for name in MEASURES[persona]}
    assert api_ids(client, "measures") == expected


def test_single_objects_outside_are_404_not_403(client, personas, world):
    client.force_login(with_totp(personas.other_coordinator))
    measure = world.measures["participation_a"]
    meeting = world.meetings[personas.network.slug]
    for url in (
        reverse("api_measure-detail", args=[measure.pk]),
        reverse("api_meeting-detail", args=[meeting.pk]),
        reverse("api_network-detail", args=[personas.network.slug]),
        reverse("api_participation-detail", args=[personas.participation_a.pk]),
        reverse("api_receipt-detail", args=[Receipt.objects.filter(
            grant__network=personas.network).get().pk]),
    ):  # fmt: skip
        response = client.get(url)
        assert response.status_code == 404, url
        assert response.json() == {"detail": "Nicht gefunden."}


def test_the_funder_reads_finances_and_reports_but_no_measures(client, personas, world):
    client.force_login(personas.funder)
    assert api_ids(client, "measures") == set()
    assert api_ids(client, "receipts") == set(
        Receipt.objects.filter(grant__network=personas.network).values_list("pk", flat=True)
    )
    report = client.get(reverse("api_report-list")).json()["results"][0]
    assert report["pdf"].endswith(reverse("report_pdf", args=[report["id"]]))
    assert report["pdf_sha256"] == "a" * 64


def test_meetings_show_attendance_counted_per_municipality(client, personas, world):
    client.force_login(personas.funder)
    meeting = world.meetings[personas.network.slug]
    body = client.get(reverse("api_meeting-detail", args=[meeting.pk])).json()
    assert body["attendance"] == [
        {
            "municipality": {
                "ags": personas.municipality_a.ags,
                "name": "Altenbeken",
                "slug": "altenbeken",
                "kind": personas.municipality_a.kind,
                "federal_state": personas.municipality_a.federal_state,
            },
            "present": 1,
        }
    ]
    assert "name" not in str(body["attendance"][0].keys())
