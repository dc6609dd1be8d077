import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from measures.models import Measure
from tests.factories import (
    ActionItemFactory,
    MeasureFactory,
    MeetingFactory,
    NetworkFactory,
    ParticipationFactory,
    ReportFactory,
)

pytestmark = pytest.mark.django_db


def age(measure, days):
    Measure.objects.filter(pk=measure.pk).update(
        updated_at=timezone.now() - datetime.timedelta(days=days)
    )


def still_running(network):
    """The personas' network ended in 2025; these tests want one that runs today."""
    network.term_end = timezone.localdate() + datetime.timedelta(days=365)
    network.save(update_fields=["term_end"])


def test_climate_manager_sees_own_stale_and_overdue_measures(client, personas):
    still_running(personas.network)
    stale = MeasureFactory(participation=personas.participation_a, title="Alte LED-Planung")
    fresh = MeasureFactory(participation=personas.participation_a, title="Frisch")
    others = MeasureFactory(participation=personas.participation_b, title="Fremd und alt")
    done = MeasureFactory(
        participation=personas.participation_a,
        title="Fertig und alt",
        status="completed",
        completed_on=datetime.date(2024, 1, 1),
    )
    MeasureFactory(
        participation=personas.participation_a,
        title="Überfällig",
        planned_start=datetime.date(2020, 1, 1),
    )
    for measure in (stale, others, done):
        age(measure, 91)
    age(fresh, 89)
    client.force_login(personas.climate_manager_a)
    html = client.get(reverse("start")).content.decode()
    attention = html.split('id="attention-heading"')[1].split('id="networks-heading"')[0]
    assert "Alte LED-Planung" in attention
    assert "Überfällig" in attention
    for title in ("Frisch", "Fremd und alt", "Fertig und alt"):
        assert title not in attention


def test_the_networks_staleness_setting_decides(client, personas):
    still_running(personas.network)
    personas.network.staleness_days = 30
    personas.network.save()
    measure = MeasureFactory(participation=personas.participation_a, title="Seit 31 Tagen")
    age(measure, 31)
    client.force_login(personas.climate_manager_a)
    assert "Seit 31 Tagen" in client.get(reverse("start")).content.decode()


def test_an_ended_networks_measures_are_summed_up_not_listed(client, personas):
    stale = MeasureFactory(participation=personas.participation_a, title="Alt im beendeten Netz")
    age(stale, 91)
    MeasureFactory(participation=personas.participation_a, title="Nie begonnen",
                   planned_start=datetime.date(2024, 1, 1))  # fmt: skip
    age(MeasureFactory(participation=personas.participation_b, title="Borchen, alt"), 91)
    client.force_login(personas.coordinator)
    html = client.get(reverse("start")).content.decode()
    attention = html.split('id="attention-heading"')[1].split('id="networks-heading"')[0]
    for title in ("Alt im beendeten Netz", "Nie begonnen", "Borchen, alt"):
        assert title not in attention
    assert "In beendeten Netzwerken, nur zum Nachtragen und Berichtigen:" in attention
    link = f'<a href="{reverse("measure_list")}?netzwerk=netzwerk-test">Netzwerk Test</a>'
    assert f"{link}: 2 lange nicht aktualisiert, 1 mit überschrittenem Beginn" in attention

    # While the network runs, the same measures are listed one by one.
    still_running(personas.network)
    html = client.get(reverse("start")).content.decode()
    attention = html.split('id="attention-heading"')[1].split('id="networks-heading"')[0]
    for title in ("Alt im beendeten Netz", "Nie begonnen", "Borchen, alt"):
        assert title in attention
    assert "In beendeten Netzwerken" not in attention


def test_coordinator_sees_network_figures_and_term_progress(client, personas):
    client.force_login(personas.coordinator)
    html = client.get(reverse("start")).content.decode()
    assert '<a href="/netzwerke/netzwerk-test/">Netzwerk Test</a>' in html
    assert '<progress id="term-' in html and 'value="100"' in html
    assert "100 % der Laufzeit vergangen" in html


def test_term_progress_is_measured_in_days():
    network = NetworkFactory.build(
        term_start=datetime.date(2022, 7, 1), term_end=datetime.date(2025, 6, 30)
    )
    assert network.term_progress(datetime.date(2022, 6, 1)) == 0
    assert network.term_progress(datetime.date(2024, 1, 1)) == 50
    assert network.term_progress(datetime.date(2026, 1, 1)) == 100


@pytest.mark.parametrize("extra", [0, 6])
def test_start_page_runs_a_constant_number_of_queries(
    client, personas, django_assert_max_num_queries, extra
):
    soon = timezone.now() + datetime.timedelta(days=7)
    for _ in range(extra):
        network = NetworkFactory(coordinator=personas.coordinator_org)
        for participation in ParticipationFactory.create_batch(2, network=network):
            MeasureFactory.create_batch(2, participation=participation)
        meeting = MeetingFactory(
            network=network, title="Treffen", starts_at=soon,
            ends_at=soon + datetime.timedelta(hours=2), venue="Rathaus",
            moderator=personas.coordinator,
        )  # fmt: skip
        ActionItemFactory(
            meeting=meeting, text="Aufgabe", responsible_person=personas.coordinator,
            responsible_municipality=None, due_on=datetime.date(2030, 1, 1),
        )  # fmt: skip
        ReportFactory.create_batch(2, network=network, issued_by=personas.coordinator)
    client.force_login(personas.coordinator)
    # ... plus the next meetings, the person's open action items and issued reports
    # ... and two summing up what needs attention in ended networks
    with django_assert_max_num_queries(19):  # incl. the navigation's meetings link
        response = client.get(reverse("start"))
    html = response.content.decode()
    assert html.count("<progress") == 1 + extra
    assert html.count("Schlussbericht 01.07.2022 – 30.06.2025</a> (Fassung 2)") == extra
    assert html.count("Nächstes Treffen:") == extra


def test_network_cards_come_newest_term_first_then_by_name(client, personas):
    # Django drops Meta.ordering from aggregating queries; the order must be explicit.
    for name, year in (("Zeta", 2022), ("Alpha", 2022), ("Neu", 2024)):
        NetworkFactory(name=name, coordinator=personas.coordinator_org,
                       term_start=datetime.date(year, 7, 1),
                       term_end=datetime.date(year + 3, 6, 30))  # fmt: skip
    client.force_login(personas.coordinator)
    html = client.get(reverse("start")).content.decode()
    positions = [
        html.index(f">{name}</a></h3>") for name in ("Neu", "Alpha", "Netzwerk Test", "Zeta")
    ]
    assert positions == sorted(positions)


@pytest.mark.parametrize(
    ("persona", "german", "english"),
    [
        ("climate_manager_a", "Klimaschutzmanagement", "Climate manager"),
        ("service_provider", "Dienstleister", "Service provider"),
    ],
)
def test_the_start_page_names_each_role_as_one_persons(client, personas, persona, german, english):
    user = getattr(personas, persona)
    client.force_login(user)
    assert f"<li><strong>{german}</strong>: " in client.get(reverse("start")).content.decode()
    user.language = "en"
    user.save(update_fields=["language"])
    assert f"<li><strong>{english}</strong>: " in client.get(reverse("start")).content.decode()
