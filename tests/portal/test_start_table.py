"""The start page of a person with many networks: a table instead of cards."""

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from measures.models import Measure
from portal.network_table import MANY_NETWORKS, PER_PAGE
from tests.factories import (
    ActionItemFactory,
    MeasureFactory,
    MeetingFactory,
    NetworkFactory,
    ParticipationFactory,
    ReportFactory,
)
from tests.portal import test_html_validity as html_validity

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("module_personas")]

vnu = html_validity.vnu  # the Nu HTML Checker's fixture, for the table's pages


def networks_of(organisation, count: int, *, start: int = 0) -> list:
    """`count` running networks named "Netz 00", "Netz 01", …, each with two
    participants and a measure."""
    today = timezone.localdate()
    networks = []
    for n in range(start, start + count):
        network = NetworkFactory(
            name=f"Netz {n:02d}", slug=f"netz-{n:02d}", coordinator=organisation,
            term_start=today - datetime.timedelta(days=400),
            term_end=today + datetime.timedelta(days=700),
        )  # fmt: skip
        for participation in ParticipationFactory.create_batch(2, network=network):
            MeasureFactory(participation=participation, status=Measure.Status.IN_PROGRESS)
        networks.append(network)
    return networks


def names_in_table(html: str) -> list[str]:
    table = html[html.index('<table class="network-table">') : html.index("</table>")]
    return re.findall(r'<th scope="row"><a href="[^"]*">([^<]*)</a>', table)


def test_few_networks_come_as_cards_many_as_a_table(client, personas):
    client.force_login(personas.coordinator)
    networks_of(personas.coordinator_org, MANY_NETWORKS - 1)  # with the personas' own: 6
    html = client.get(reverse("start")).content.decode()
    assert "network-table" not in html
    assert html.count("<progress") == MANY_NETWORKS
    networks_of(personas.coordinator_org, 1, start=50)
    html = client.get(reverse("start")).content.decode()
    assert html.count("<progress") == 0
    assert len(names_in_table(html)) == MANY_NETWORKS + 1


def test_the_networks_that_need_attention_come_first(client, personas):
    networks = networks_of(personas.coordinator_org, 8)
    stale = MeasureFactory(participation=networks[5].participations.first(),
                           status=Measure.Status.IN_PROGRESS)  # fmt: skip
    Measure.objects.filter(pk=stale.pk).update(
        updated_at=timezone.now() - datetime.timedelta(days=400)
    )
    for _ in range(2):
        MeasureFactory(
            participation=networks[2].participations.first(),
            status=Measure.Status.PLANNED,
            planned_start=timezone.localdate() - datetime.timedelta(days=10),
        )
    client.force_login(personas.coordinator)
    response = client.get(reverse("start"))
    names = [n for n in names_in_table(response.content.decode()) if n.startswith("Netz ")]
    assert names[:2] == ["Netz 02", "Netz 05"]  # two warnings, then one
    rows = {n.name: n for n in response.context["network_table"]}
    assert (rows["Netz 02"].overdue, rows["Netz 02"].stale, rows["Netz 02"].warnings) == (2, 0, 2)
    assert (rows["Netz 05"].overdue, rows["Netz 05"].stale, rows["Netz 05"].warnings) == (0, 1, 1)
    assert rows["Netz 00"].warnings == 0


def test_the_next_deadline_is_the_first_report_not_issued(client, personas):
    today = timezone.localdate()
    (network, *_others) = networks_of(personas.coordinator_org, 7)
    client.force_login(personas.coordinator)
    row = {n.pk: n for n in client.get(reverse("start")).context["network_table"]}[network.pk]
    # the first network year ended 35 days ago; its interim report is due 3 months later
    first_year_end = network.term_start + datetime.timedelta(days=364)
    assert row.next_deadline.kind_label == "Zwischenbericht"
    assert row.next_deadline.due > first_year_end
    assert row.next_deadline.due > today
    assert not row.next_deadline.passed
    ReportFactory(network=network, kind="interim", period_start=network.term_start,
                  period_end=first_year_end, issued_by=personas.coordinator)  # fmt: skip
    row = {n.pk: n for n in client.get(reverse("start")).context["network_table"]}[network.pk]
    assert row.next_deadline.due > today + datetime.timedelta(days=300)


@pytest.mark.parametrize(
    ("sort", "first", "state"),
    [
        ("name", "Netz 00", "ascending"),
        ("-name", "Netzwerk Test", "descending"),
        ("laufzeit", "Netzwerk Test", "ascending"),  # it ended first
        ("-laufzeit", "Netz 00", "descending"),  # the same term each: by name
    ],
)
def test_the_table_sorts_by_the_column_asked_for(client, personas, sort, first, state):
    networks_of(personas.coordinator_org, 7)
    client.force_login(personas.coordinator)
    html = client.get(reverse("start"), {"sortierung": sort}).content.decode()
    assert names_in_table(html)[0] == first
    column = sort.removeprefix("-")
    header = re.search(rf'aria-sort="(\w+)"><a href="[^"]*sortierung=-?{column}[^"]*"', html)
    assert header.group(1) == state
    assert html.count('aria-sort="none"') == 7


def test_the_table_filters_by_phase_and_pages(client, personas):
    networks_of(personas.coordinator_org, PER_PAGE + 3)
    NetworkFactory(name="Künftig", coordinator=personas.coordinator_org,
                   term_start=timezone.localdate() + datetime.timedelta(days=30),
                   term_end=timezone.localdate() + datetime.timedelta(days=1000))  # fmt: skip
    client.force_login(personas.coordinator)
    html = client.get(reverse("start"), {"phase": "acquisition"}).content.decode()
    assert names_in_table(html) == ["Künftig"]
    html = client.get(reverse("start"), {"phase": "completed"}).content.decode()
    assert names_in_table(html) == ["Netzwerk Test"]  # the personas' ended in 2025
    response = client.get(reverse("start"), {"phase": "active", "sortierung": "name"})
    html = response.content.decode()
    assert len(names_in_table(html)) == PER_PAGE
    assert response.context["network_table"].paginator.count == PER_PAGE + 3
    assert 'href="?phase=active&amp;sortierung=name&amp;seite=2#netzwerke"' in html
    html = client.get(
        reverse("start"), {"phase": "active", "sortierung": "name", "seite": 2}
    ).content.decode()
    assert names_in_table(html) == ["Netz 20", "Netz 21", "Netz 22"]
    html = client.get(reverse("start"), {"phase": "unsinn"}).content.decode()
    assert len(names_in_table(html)) == PER_PAGE  # an unknown phase: all of them


def test_the_table_shows_only_the_networks_the_person_sees(client, personas):
    networks_of(personas.coordinator_org, 7)
    networks_of(personas.other_org, 3, start=80)
    client.force_login(personas.other_coordinator)
    html = client.get(reverse("start")).content.decode()
    assert "network-table" not in html  # 4 networks: cards
    networks_of(personas.other_org, 4, start=90)
    html = client.get(reverse("start"), {"sortierung": "name"}).content.decode()
    assert names_in_table(html) == [
        "Fremdes Netzwerk",
        *(f"Netz {n}" for n in (80, 81, 82, 90, 91, 92, 93)),
    ]


@pytest.mark.parametrize("count", [7, 30])
def test_the_table_runs_a_constant_number_of_queries(
    client, personas, django_assert_num_queries, count
):
    soon = timezone.now() + datetime.timedelta(days=7)
    for network in networks_of(personas.coordinator_org, count):
        MeetingFactory(
            network=network, starts_at=soon, ends_at=soon + datetime.timedelta(hours=2),
            moderator=personas.coordinator,
        )  # fmt: skip
        ReportFactory.create_batch(
            2, network=network, issued_by=personas.coordinator, kind="interim",
            period_start=network.term_start,
            period_end=network.term_start + datetime.timedelta(days=364),
        )  # fmt: skip
    client.force_login(personas.coordinator)
    # the cards' queries (see test_query_counts), the invitations to the next meetings
    # read with them; the networks' figures (measures.figures) with their stale and overdue
    # measures: their tokens, and, not kept yet, summed in three; the header's one read
    # of the person's memberships (navigation and help link). Which ended networks'
    # measures the person edits comes with the networks (NetworkQuerySet.with_editable)
    # and the municipality of the to-do's link with what they are asked to confirm,
    # which is read only for climate managers: four queries fewer than before
    with django_assert_num_queries(17):
        response = client.get(reverse("start"), {"sortierung": "-frist"})
    assert len(names_in_table(response.content.decode())) == min(count + 1, PER_PAGE)
    with django_assert_num_queries(14):  # kept: the tokens only
        response = client.get(reverse("start"), {"sortierung": "-frist"})
    assert len(names_in_table(response.content.decode())) == min(count + 1, PER_PAGE)


def test_lists_across_networks_show_five_and_link_to_all(client, personas):
    today = timezone.localdate()
    network = networks_of(personas.coordinator_org, 1)[0]
    participation = network.participations.first()
    for n in range(6):
        MeasureFactory(participation=participation, title=f"Überfällig {n}",
                       status=Measure.Status.PLANNED,
                       planned_start=today - datetime.timedelta(days=10 + n))  # fmt: skip
    meeting = MeetingFactory(network=network, moderator=personas.coordinator)
    for n in range(7):
        ActionItemFactory(
            meeting=meeting, text=f"Aufgabe {n}", responsible_person=personas.coordinator,
            responsible_municipality=None, due_on=today,
        )  # fmt: skip
    client.force_login(personas.coordinator)
    html = client.get(reverse("start")).content.decode()
    assert html.count(">Überfällig ") == 5
    assert f'href="{reverse("measure_list")}?status=planned">alle anzeigen' in html
    assert html.count('<span class="prewrap">Aufgabe ') == 5
    assert 'href="?aufgaben=alle#actions-heading">alle anzeigen' in html
    html = client.get(reverse("start"), {"aufgaben": "alle"}).content.decode()
    assert html.count('<span class="prewrap">Aufgabe ') == 7
    assert "?aufgaben=alle#" not in html


def test_the_table_page_is_valid_html(vnu, client, personas):
    networks_of(personas.coordinator_org, PER_PAGE + 1)
    client.force_login(personas.coordinator)
    documents = {
        "start": client.get(reverse("start")).content,
        "start-sorted-page-2": client.get(
            reverse("start"), {"sortierung": "-ziel", "phase": "active", "seite": 2}
        ).content,
    }
    assert html_validity.check(vnu, documents) == []


def test_ended_networks_are_summed_up_five_with_a_link_to_all(client, personas):
    today = timezone.localdate()
    for n in range(7):
        network = NetworkFactory(
            name=f"Beendet {n}", slug=f"beendet-{n}", coordinator=personas.coordinator_org,
            term_start=datetime.date(2022, 7, 1), term_end=datetime.date(2025, 6, 30 - n),
        )  # fmt: skip
        MeasureFactory(participation=ParticipationFactory(network=network),
                       planned_start=today - datetime.timedelta(days=400))  # fmt: skip
    client.force_login(personas.coordinator)
    html = client.get(reverse("start")).content.decode()
    assert re.findall(r"<li>(Beendet \d):", html) == [f"Beendet {n}" for n in range(5)]
    assert 'href="?beendete=alle#attention-heading"' in html
    html = client.get(reverse("start"), {"beendete": "alle"}).content.decode()
    assert re.findall(r"<li>(Beendet \d):", html) == [f"Beendet {n}" for n in range(7)]
    assert 'href="?beendete=alle' not in html
