import datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from measures.services import save_measure
from tests.factories import (
    EmissionFactorFactory,
    MeasureFactory,
    ParticipationFactory,
    ReportFactory,
    energy,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("module_personas")]


def completed_measure(participation, kwh, factor, **fields):
    measure = MeasureFactory(participation=participation, **fields)
    measure.status = "completed"
    measure.completed_on = datetime.date(2024, 6, 30)
    measure.pending_energy = [energy(factor.carrier, kwh)]
    return save_measure(measure=measure)


def test_network_page_shows_facts_participants_and_results(client, personas):
    network = personas.network
    personas.participation_a.target_energy_mwh = Decimal("1500")
    personas.participation_a.target_co2_t = Decimal("300")
    personas.participation_a.save()
    factor = EmissionFactorFactory(year=2021, kg_per_kwh=Decimal("0.201"))
    completed_measure(personas.participation_a, "1234500", factor, investment_eur=Decimal("48000"))
    MeasureFactory(participation=personas.participation_b)  # planned: counts, saves nothing yet
    client.force_login(personas.climate_manager_b)
    response = client.get(reverse("network", args=[network.slug]))
    assert response.status_code == 200
    html = response.content.decode()
    assert "<h1>Netzwerk Test</h1>" in html
    assert "01.07.2022 – 30.06.2025" in html
    assert "67K18876" in html
    # 1,234,500 kWh/a = 1.234,5 MWh/a; 1,234,500 × 0.201 kg = 248,1 t (German formats)
    assert "1.234,5 / 1.500 MWh/a" in html
    assert "248,1 / 300 t CO₂/a" in html
    assert '<a href="/netzwerke/netzwerk-test/altenbeken/">Altenbeken</a><br>' in html
    assert "48.000" in html
    # Each municipality's row: when it joined, the share of its target reached (82 %
    # of the energy, 83 % of the CO₂), and its measures by state in one cell.
    participants = html[html.index('id="participants"') :]
    row = participants[participants.index(">Altenbeken</a>") :]
    row = row[: row.index("</tr>")]
    assert "seit 01.07.2022" in row
    assert '1.234,5<br><span class="muted">82&nbsp;%</span>' in row
    assert '248,1<br><span class="muted">83&nbsp;%</span>' in row
    assert '<strong>1</strong> <span class="muted">(1 abgeschlossen)</span>' in row
    row = participants[participants.index(">Borchen</a>") :]
    assert '<strong>1</strong> <span class="muted">(1 geplant)</span>' in row[: row.index("</tr>")]


def test_funder_sees_the_overview(client, personas):
    client.force_login(personas.funder)
    assert client.get(reverse("network", args=["netzwerk-test"])).status_code == 200


def test_outsider_gets_404_and_anonymous_is_sent_to_login(client, personas):
    client.force_login(personas.outsider)
    assert client.get(reverse("network", args=["netzwerk-test"])).status_code == 404
    client.logout()
    response = client.get(reverse("network", args=["netzwerk-test"]))
    assert response["Location"].startswith(reverse("account_login"))


@pytest.mark.parametrize("extra", [0, 12])
def test_network_page_runs_a_constant_number_of_queries(
    client, personas, django_assert_max_num_queries, extra
):
    for participation in ParticipationFactory.create_batch(extra, network=personas.network):
        MeasureFactory.create_batch(2, participation=participation)
    ReportFactory.create_batch(extra // 4, network=personas.network, issued_by=personas.coordinator)
    client.force_login(personas.climate_manager_a)
    # session, user, MFA check, network, can-edit, participants, two groupings,
    # focus areas, service providers, successors, add-form choices, invitation link,
    # measures per year for the chart, photos
    # incl. the navigation's measures and meetings links, attendance per municipality,
    # the next meeting and the latest reports, the focus areas' chart colours, whether
    # the person reads the network's finances, the person's roles for the header's
    # link to the guide
    with django_assert_max_num_queries(25):
        response = client.get(reverse("network", args=["netzwerk-test"]))
    html = response.content.decode()
    assert html.count('<th scope="row">') >= 2 + extra
    assert html.count("(Fassung 3)") == (1 if extra else 0)


def test_participants_sort_by_a_column_and_back(client, personas):
    personas.participation_a.target_energy_mwh = Decimal("100")
    personas.participation_a.save()
    personas.participation_b.target_energy_mwh = Decimal("900")
    personas.participation_b.save()
    client.force_login(personas.coordinator)
    url = reverse("network", args=["netzwerk-test"])

    html = client.get(url, {"sortierung": "-ziel-energie"}).content.decode()
    assert html.index(">Borchen</a>") < html.index(">Altenbeken</a>")
    assert 'aria-sort="descending"><a href="?sortierung=ziel-energie#participants">' in html
    html = client.get(url, {"sortierung": "ziel-energie"}).content.decode()
    assert html.index(">Altenbeken</a>") < html.index(">Borchen</a>")
    html = client.get(url, {"sortierung": "unsinn"}).content.decode()
    assert 'aria-sort="ascending"><a href="?sortierung=-kommune#participants">' in html
