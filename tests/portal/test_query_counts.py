"""Every list page runs the same number of queries for one row as for many, so an
N+1 query (one more query per row) fails here. One test per page and persona: the
personas' world grows to one and then to four rows of everything the pages list."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from measures.services import add_document, add_progress_note
from networks.models import Invitation, Membership
from networks.services import invite
from tests.factories import (
    ActionItemFactory,
    AgendaItemFactory,
    InviteeFactory,
    MeasureFactory,
    MeetingFactory,
    MinutesFactory,
    NetworkFactory,
    ParticipationFactory,
    ReportFactory,
    png_upload,
)

# The personas are made once for this module (see `module_personas` in tests/conftest.py).
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("module_personas")]

Role = Membership.Role


def days_from_now(days: int) -> datetime.datetime:
    return timezone.now() + datetime.timedelta(days=days)


def grow(personas, rows: int, start: int = 0) -> None:
    """Add `rows` of each listed thing (numbered from `start`).

    In the personas' network: a coming and a past meeting (agenda, the climate manager
    of A invited, final minutes of the past one, an open action item for A), a
    municipality taking part with a measure, a version of the final report and an
    invitation. Besides: a network of the coordinator's organisation in which A and B
    take part with a measure each, with the service provider and the funder as
    members, a coming meeting and an open action item for A, and its final report.
    """
    network = personas.network
    provider_org = (
        Membership.objects.filter(user=personas.service_provider).earliest("pk").organisation
    )
    funder_org = Membership.objects.filter(user=personas.funder).earliest("pk").organisation
    for n in range(start, start + rows):
        for days in (7 + n, -7 - n):
            meeting = MeetingFactory(
                network=network,
                moderator=personas.service_provider,
                starts_at=days_from_now(days),
                ends_at=days_from_now(days) + datetime.timedelta(hours=2),
                outside_term_confirmed=True,
            )
            AgendaItemFactory(meeting=meeting, position=1)
            InviteeFactory(
                meeting=meeting,
                user=personas.climate_manager_a,
                municipality=personas.municipality_a,
            )
            ActionItemFactory(meeting=meeting, responsible_municipality=personas.municipality_a)
            if days < 0:
                MinutesFactory(meeting=meeting, final=True, updated_by=personas.service_provider)
        joined = ParticipationFactory(network=network)
        MeasureFactory(participation=joined)
        ReportFactory(network=network, issued_by=personas.coordinator)
        invite(
            inviter=personas.coordinator,
            invitation=Invitation(
                email=f"neu{n}@example.org",
                role=Role.CLIMATE_MANAGER,
                municipality=joined.municipality,
                organisation=personas.coordinator_org,
            ),
            notify=False,
        )
        other = NetworkFactory(coordinator=personas.coordinator_org)
        for municipality in (personas.municipality_a, personas.municipality_b):
            MeasureFactory(
                participation=ParticipationFactory(network=other, municipality=municipality)
            )
        Membership.objects.create(
            user=personas.service_provider, role=Role.SERVICE_PROVIDER, network=other,
            organisation=provider_org,
        )  # fmt: skip
        Membership.objects.create(
            user=personas.funder, role=Role.FUNDER, network=other, organisation=funder_org
        )
        meeting = MeetingFactory(
            network=other, moderator=personas.coordinator, outside_term_confirmed=True
        )
        ActionItemFactory(meeting=meeting, responsible_municipality=personas.municipality_a)
        ReportFactory(network=other, issued_by=personas.coordinator)


def network_url(name):
    return lambda personas: reverse(name, args=[personas.network.slug])


def meetings(response) -> tuple[int, int]:
    return len(response.context["upcoming"]), len(response.context["past"])


# Per page: its address, and what of it grows with the rows (shown, expected).
PAGES = {
    "meeting_list": (
        lambda personas: reverse("meeting_list"),
        lambda response, rows: (meetings(response), (2 * rows, rows)),
    ),
    "network_meetings": (
        network_url("network_meetings"),
        lambda response, rows: (meetings(response), (rows, rows)),
    ),
    "network": (
        network_url("network"),
        # the participants, in two tables
        lambda response, rows: (response.content.decode().count('<th scope="row">'), 4 + 2 * rows),
    ),
    "report_list": (
        network_url("report_list"),
        lambda response, rows: (response.content.decode().count("PDF öffnen"), rows),
    ),
    "start": (
        lambda personas: reverse("start"),
        # the personas' network and one more per row; the superuser sees other_network too
        lambda response, rows: (
            len(response.context["networks"]),
            rows + (2 if response.context["user"].is_superuser else 1),
        ),
    ),
    "measure_list": (
        lambda personas: reverse("measure_list") + "?kommune=",  # all, not one's own
        # the personas' world has none; each row adds one in the personas' network and
        # one each of A and B in another
        lambda response, rows: (response.context["page"].paginator.count, 3 * rows),
    ),
    "invitations": (
        lambda personas: reverse("invitations"),
        lambda response, rows: (len(response.context["invitations"]), rows),
    ),
}

# The queries each page takes, whatever the number of rows: the session, the person
# and the MFA check first, then the page's own, and one for the header: the person's
# memberships, which give the navigation's links and the roles the link to the guide
# follows (networks.access.navigation_of; an administrator's adds whether any network
# exists).
QUERIES = {
    # + the two pages' counts (upcoming and past meetings are paged)
    ("meeting_list", "coordinator"): 11,
    ("meeting_list", "climate_manager_a"): 10,
    ("meeting_list", "service_provider"): 10,
    ("meeting_list", "funder"): 10,
    ("meeting_list", "superuser"): 11,
    ("network_meetings", "coordinator"): 11,
    ("network_meetings", "climate_manager_a"): 10,
    ("network_meetings", "service_provider"): 10,
    ("network_meetings", "funder"): 10,
    ("network_meetings", "superuser"): 11,
    # no <option> per municipality: the add form suggests them as one types; + whether
    # the person reads the network's recruitment (its link); + for those who do not
    # keep it, whether they read its finances (their link)
    ("network", "coordinator"): 22,
    ("network", "climate_manager_a"): 22,
    ("network", "service_provider"): 22,
    ("network", "funder"): 22,
    ("network", "superuser"): 22,
    # + for those who issue: the confirmation requests, the final report's draft (its
    # sections without text) and the funders issuing mails
    ("report_list", "coordinator"): 11,
    ("report_list", "climate_manager_a"): 7,
    ("report_list", "service_provider"): 7,
    ("report_list", "funder"): 7,
    ("report_list", "superuser"): 11,
    # + what the person is asked to confirm, which ended networks' measures the person
    # edits (summed up), their invitations to the next meetings and a climate manager's
    # own municipalities, the measures without a category (issue 34); the networks'
    # figures (measures.figures): their tokens and, not kept after the write, their sums
    # in three queries; the stale measures' networks are those read for the cards.
    # Which ended networks' measures the person edits is read with the networks
    # (NetworkQuerySet.with_editable), and a climate manager's municipality for the
    # to-do's link with what they are asked to confirm, and the person's invitations
    # with the next meetings: two queries fewer than before, and none that only runs
    # when there are ended networks, measures to do or meetings. What a climate manager
    # is asked to confirm is read only for people with that role: one fewer for others
    ("start", "coordinator"): 17,
    ("start", "climate_manager_a"): 19,  # no attention list: their network has ended
    ("start", "service_provider"): 16,
    ("start", "funder"): 16,
    ("start", "superuser"): 17,  # asked to confirm nothing, without a query before too
    # the page's count comes with the totals and the greenhouse-gas savings summed per
    # gas (CO₂ apart from CO₂e), kept with the years of the year filter as the figures
    # of the networks one reads (measures.figures: their ids, their tokens and, not kept
    # after the write, their sums in three queries); the gases of the networks one reads,
    # for the column's unit; + the categories of the filter and the measures without
    # one (the to-do); on both pages the help link's section by the person's roles
    ("measure_list", "coordinator"): 19,
    ("measure_list", "climate_manager_a"): 17,
    ("measure_list", "superuser"): 18,
    # the form asks once whose organisation grants a climate manager's role, to know
    # whether the role needs the organisation field
    ("invitations", "coordinator"): 11,
    ("invitations", "superuser"): 10,
}


# The pages whose figures are kept, viewed again with nothing written: three queries
# fewer, the figures' sums.
KEPT = {key: count - 3 for key, count in QUERIES.items() if key[0] in ("start", "measure_list")}


@pytest.mark.parametrize(("page", "persona"), list(QUERIES))
def test_a_list_page_runs_the_same_queries_for_one_and_for_many_rows(
    client, personas, django_assert_num_queries, page, persona
):
    url, shown = PAGES[page]
    client.force_login(getattr(personas, persona))
    for added, rows in ((1, 1), (3, 4)):
        grow(personas, added, start=rows - added)
        with django_assert_num_queries(QUERIES[page, persona]):
            response = client.get(url(personas))
        assert response.status_code == 200
        actual, expected = shown(response, rows)
        assert actual == expected
        if (page, persona) in KEPT:
            with django_assert_num_queries(KEPT[page, persona]):
                response = client.get(url(personas))
            assert shown(response, rows) == (expected, expected)


# The measure page (not a list, but it lists the measure's notes and documents): the
# queries it takes per person, whatever the number of notes and documents. Whether the
# person may mark it as checked is read with the measure (measures.access); the
# header reads the person's memberships once (networks.access.navigation_of).
MEASURE_QUERIES = {
    "coordinator": 16,
    "climate_manager_a": 13,
    "service_provider": 13,
    "superuser": 16,
}


@pytest.mark.parametrize("persona", list(MEASURE_QUERIES))
def test_the_measure_page_runs_the_same_queries_for_one_and_for_many_notes_and_documents(
    client, personas, django_assert_num_queries, persona
):
    measure = MeasureFactory(participation=personas.participation_a)
    client.force_login(getattr(personas, persona))
    url = reverse("measure", args=[measure.pk])
    for added, rows in ((1, 1), (3, 4)):
        for n in range(rows - added, rows):
            add_progress_note(
                measure=measure,
                user=personas.coordinator,
                date=datetime.date(2024, 1, 1 + n),
                text=f"Notiz {n}",
            )
            add_document(measure=measure, user=personas.coordinator, upload=png_upload())
        with django_assert_num_queries(MEASURE_QUERIES[persona]):
            response = client.get(url)
        assert response.status_code == 200
        assert (len(response.context["notes"]), len(response.context["documents"])) == (rows, rows)
