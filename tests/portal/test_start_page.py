import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from measures.models import Measure, MeasureSettings
from measures.services import found_successor_network
from tests.factories import (
    ActionItemFactory,
    MeasureFactory,
    MeetingFactory,
    NetworkFactory,
    ParticipationFactory,
    ReportFactory,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("module_personas")]


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
    MeasureSettings.objects.create(network=personas.network, staleness_days=30)
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
    assert "Netzwerk Test: 2 lange nicht aktualisiert, 1 mit überschrittenem Beginn" in attention
    assert (
        f'<a href="{reverse("measure_list")}?netzwerk=netzwerk-test">Maßnahmen ansehen' in attention
    )

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


def without_tokens(html: str) -> str:
    """A page without what differs from request to request: CSRF tokens, CSP nonces,
    the signatures of links to files."""
    return re.sub(r"[\w%+/=:-]{30,}", "", html)


@pytest.mark.parametrize("extra", [0, 5])  # six networks: still cards
def test_start_page_runs_a_constant_number_of_queries(
    client, personas, django_assert_num_queries, extra
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
    # ... the person's invitations read with the next meetings; which ended networks'
    # measures the person edits read with the networks (NetworkQuerySet.with_editable)
    # ... and the measures without a category (a to-do), counted; the climate
    # manager's municipality of its link is read with what they are asked to confirm,
    # which a coordinator without that role is not
    # ... and the networks' figures (measures.figures): their tokens, and, not kept
    # yet, summed in three
    with django_assert_num_queries(17):  # incl. the header's read of the memberships
        response = client.get(reverse("start"))
    with django_assert_num_queries(14):  # kept: the tokens only
        again = client.get(reverse("start"))
    assert without_tokens(again.content.decode()) == without_tokens(response.content.decode())
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


def test_a_climate_manager_sees_their_municipalitys_target_and_what_it_achieved(client, personas):
    still_running(personas.network)
    personas.participation_a.target_energy_mwh = 200
    personas.participation_a.target_co2_t = 40
    personas.participation_a.save()
    MeasureFactory(participation=personas.participation_a, status="completed",
                   completed_on=datetime.date(2024, 1, 1), energy_savings_kwh=50_000,
                   co2_savings_t=10, co2_manual=True,
                   co2_manual_reason="Audit")  # fmt: skip
    MeasureFactory(participation=personas.participation_a)  # planned
    client.force_login(personas.climate_manager_a)
    html = client.get(reverse("start")).content.decode()
    own = html.split('id="own-heading"')[1].split("</section>")[0]
    assert ">Ihre Kommune</h2>" in own
    assert '<a href="/netzwerke/netzwerk-test/altenbeken/">Altenbeken</a>' in own
    assert "50,0 / 200 MWh/a (25&nbsp;%)" in own
    assert "10,0 / 40 t CO₂/a (25&nbsp;%)" in own
    assert "2 (1 geplant, 1 abgeschlossen)" in own
    assert "Borchen" not in own  # another municipality's figures are not theirs

    # Altenbeken's climate manager whose role another organisation granted works in
    # that organisation's networks, not in this one.
    client.force_login(personas.foreign_climate_manager)
    assert (
        "Netzwerk Test"
        not in client.get(reverse("start"))
        .content.decode()
        .split('id="own-heading"')[-1]
        .split("</section>")[0]
    )

    # The coordinator manages no municipality: no such section.
    client.force_login(personas.coordinator)
    assert 'id="own-heading"' not in client.get(reverse("start")).content.decode()


def test_a_climate_manager_answers_the_next_meeting_on_the_start_page(client, personas):
    from events import services
    from events.models import Invitee, Meeting

    still_running(personas.network)
    soon = timezone.now() + datetime.timedelta(days=7)
    meeting = Meeting.objects.create(
        network=personas.network, title="Netzwerktreffen", starts_at=soon,
        ends_at=soon + datetime.timedelta(hours=2), venue="Rathaus",
        moderator=personas.service_provider,
    )  # fmt: skip
    services.send_invitations(meeting=meeting, user=personas.coordinator)
    mine = Invitee.objects.get(meeting=meeting, user=personas.climate_manager_a)
    mine.substitute_name, mine.comment = "Frau Vertretung", "Komme später"
    mine.save()
    client.force_login(personas.climate_manager_a)
    html = client.get(reverse("start")).content.decode()
    assert "Noch nicht beantwortet:" in html
    assert f'action="{reverse("meeting_answer", args=[meeting.pk])}"' in html

    response = client.post(reverse("meeting_answer", args=[meeting.pk]), {
        "answer": "yes", "zurueck": "start", "substitute_name": "Frau Vertretung",
        "comment": "Komme später",
    })  # fmt: skip
    assert response.status_code == 302
    assert response["Location"] == reverse("start") + "#meetings-heading"
    mine.refresh_from_db()
    assert (mine.answer, mine.substitute_name, mine.comment) == (
        "yes",
        "Frau Vertretung",
        "Komme später",
    )
    html = client.get(reverse("start")).content.decode()
    assert "Ihre Antwort: <strong>Zusage</strong>" in html
    assert 'value="yes" class="button button--small" aria-pressed="true"' in html
    # What the start page sends keeps the substitute and comment given before.
    assert 'name="substitute_name" value="Frau Vertretung"' in html
    assert 'name="comment" value="Komme später"' in html


def test_carried_over_measures_need_attention_only_once_the_successor_has_begun(client, personas):
    """A successor founded now, its term starting in a month: the measures carried
    over keep their planned start (long past) but stay out of the coordinator's list
    until the term begins; from its first day a planned one is overdue."""
    today = timezone.localdate()
    MeasureFactory(
        participation=personas.participation_a, title="Mitgenommen",
        planned_start=datetime.date(2024, 3, 1),
    )  # fmt: skip
    successor = found_successor_network(
        predecessor=personas.network, user=personas.coordinator, name="Nachfolger",
        slug="nachfolger", term_start=today + datetime.timedelta(days=30),
        term_end=today + datetime.timedelta(days=1125),
        municipalities=[personas.municipality_a],
    )  # fmt: skip
    carried = Measure.objects.get(participation__network=successor)
    age(carried, 400)
    client.force_login(personas.coordinator)

    def attention() -> str:
        html = client.get(reverse("start")).content.decode()
        return html.split('id="attention-heading"')[1].split('id="networks-heading"')[0]

    assert carried.get_absolute_url() not in attention()
    type(successor).objects.filter(pk=successor.pk).update(term_start=today)
    assert attention().count(carried.get_absolute_url()) == 2  # stale and overdue
