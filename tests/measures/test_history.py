from decimal import Decimal

import pytest
from django.urls import reverse

from measures import history
from measures.models import Measure
from measures.services import save_measure
from networks.models import Network, Participation
from tests.measures.support import form_data, new_measure_data, today
from tests.portal.test_network_edit import form_data as network_form_data

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.usefixtures("module_personas", "running_networks"),
]


@pytest.fixture
def measure(client, world):
    """Created by climate manager A, retitled by the coordinator, completed by A."""
    client.force_login(world.climate_manager_a)
    data = new_measure_data(
        world, status="planned", started_on="", completed_on="", planned_end="2024-06-30"
    )
    assert client.post(reverse("measure_new"), data).status_code == 302
    measure = Measure.objects.get()

    client.force_login(world.coordinator)
    form = client.get(reverse("measure_edit", args=[measure.pk])).context["form"]
    response = client.post(
        reverse("measure_edit", args=[measure.pk]), form_data(form, title="Neue Heizung Rathaus")
    )
    assert response.status_code == 302

    client.force_login(world.climate_manager_a)
    client.post(reverse("measure_status", args=[measure.pk]), {"status": "completed"})
    return Measure.objects.get(pk=measure.pk)


def test_the_timeline_lists_every_save_newest_first_with_its_author(world, measure):
    day = today().strftime("%d.%m.%Y")
    entries = history.timeline(measure)
    assert [(e.record.history_user, e.created) for e in entries] == [
        (world.climate_manager_a, False),
        (world.coordinator, False),
        (world.climate_manager_a, True),
    ]
    assert [[(c.label, c.old, c.new) for c in e.changes] for e in entries] == [
        [("Status", "geplant", "abgeschlossen"), ("tatsächlicher Abschluss", "–", day)],
        [("Titel", "Heizungstausch Rathaus", "Neue Heizung Rathaus")],
        [],
    ]
    assert measure.version == 3


def test_the_measure_page_shows_the_history(client, world, measure):
    html = client.get(reverse("measure", args=[measure.pk])).content.decode()
    section = html[html.index('<section id="history"') :]
    assert "<li><strong>Status:</strong> <del>geplant</del> → <ins>abgeschlossen</ins></li>" in (
        section
    )
    assert (
        "<li><strong>Titel:</strong> <del>Heizungstausch Rathaus</del> → "
        "<ins>Neue Heizung Rathaus</ins></li>"
    ) in section
    assert section.index("Status:") < section.index("Titel:") < section.index("angelegt")
    assert f"· {world.coordinator.name}</p>" in section


def test_changed_figures_are_shown_in_german(world):
    measure = world.measure(investment_eur=Decimal("1000"))
    measure.investment_eur = Decimal("1234567.50")
    save_measure(measure=measure)
    latest, first = history.timeline(measure)
    assert first.created
    assert [(c.label, c.old, c.new) for c in latest.changes] == [
        ("Investition (EUR)", "1.000,00", "1.234.567,50")
    ]


def test_participations_get_history_records_when_changed(client, world):
    participation = world.participation_a
    before = participation.history.count()
    client.force_login(world.coordinator)
    response = client.post(
        reverse("participant_edit", args=["netzwerk-test", "altenbeken"]),
        {"joined_on": "2022-07-01", "left_on": "", "target_energy_mwh": "1.234,5",
         "target_co2_t": "310"},
    )  # fmt: skip
    assert response.status_code == 302
    assert participation.history.count() == before + 1
    latest = Participation.objects.get(pk=participation.pk).history.first()
    assert (latest.history_user, str(latest.target_energy_mwh)) == (world.coordinator, "1234.500")


def test_networks_get_history_records_when_changed(client, world):
    network = world.network
    before = network.history.count()
    client.force_login(world.coordinator)
    response = client.post(
        reverse("network_edit", args=["netzwerk-test"]),
        network_form_data(network, funding_code="67K99999"),
    )
    assert response.status_code == 302
    assert network.history.count() == before + 1
    latest = Network.objects.get(pk=network.pk).history.first()
    assert (latest.history_user, latest.funding_code) == (world.coordinator, "67K99999")
