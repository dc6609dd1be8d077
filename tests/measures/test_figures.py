"""The networks' kept figures (measures.figures) are those of the rows now after every
kind of write: each test reads them (so they are kept), writes one way, and finds
them as summed from the rows again. The triggers of migration measures 0025 draw
the network's token on every write; without them each test finds the old figures."""

import datetime
from decimal import Decimal

import pytest
from django.db import connection, transaction
from django.urls import reverse
from django.utils import timezone

from measures import figures
from measures.models import FiguresToken, Measure, MeasureSettings
from measures.services import add_progress_note, change_status, import_measures
from measures.spreadsheets import read_rows, validate_rows
from networks.models import FactorSet, Network
from reports.results import network_summaries
from tests.factories import MeasureFactory
from tests.helpers import keep_running, with_totp
from tests.measures.test_spreadsheets import IMPORT_HEADER, upload

pytestmark = pytest.mark.django_db


def kept(network, now=None) -> dict:
    return figures.of_networks([network.pk], now=now)[network.pk]


def summed(network, now=None) -> dict:
    now = now or timezone.now()
    return figures._summed([network.pk], now=now, today=timezone.localdate(now))[network.pk]


def assert_changed_and_kept_right(network, before: dict, now=None) -> dict:
    after = kept(network, now)
    assert figures_only(after) == figures_only(summed(network, now))
    assert figures_only(after) != figures_only(before)
    return after


def figures_only(entry: dict) -> dict:
    """Without the moment they were summed."""
    return {name: value for name, value in entry.items() if name != "summed_at"}


@pytest.fixture
def network(personas):
    keep_running(personas.network)
    return personas.network


@pytest.fixture
def measure(network, personas):
    return MeasureFactory(participation=personas.participation_a)


def test_the_figures_are_summed_once_then_kept(network, measure, django_assert_num_queries):
    with django_assert_num_queries(4):  # the token, then the sums in three queries
        first = kept(network)
    with django_assert_num_queries(1):  # the token
        assert kept(network) == first
    assert first["status_counts"]["planned"] == 1
    assert first["totals"]["count"] == 1


def test_a_status_changed_through_the_service_counts_at_once(network, measure, personas):
    before = kept(network)
    change_status(measure=measure, user=personas.coordinator, status=Measure.Status.COMPLETED)
    after = assert_changed_and_kept_right(network, before)
    assert after["status_counts"]["completed"] == 1


def test_a_measure_deleted_in_the_admin_no_longer_counts(client, network, measure, personas):
    before = kept(network)
    client.force_login(with_totp(personas.superuser))
    response = client.post(
        reverse("admin:measures_measure_delete", args=[measure.pk]), {"post": "yes"}
    )
    assert response.status_code == 302
    after = assert_changed_and_kept_right(network, before)
    assert after["totals"]["count"] == 0


def test_an_imported_spreadsheet_counts_at_once(world, network):
    before = kept(network)
    content = "\r\n".join(
        [
            IMPORT_HEADER,
            f"Altenbeken;Gebäude;Importiert;abgeschlossen;{timezone.localdate():%d.%m.%Y};;;1000;Testgas",
        ]
    )
    rows = validate_rows(read_rows(upload(content)), network=network, user=world.coordinator)
    import_measures(network=network, user=world.coordinator, file_name="x.csv", rows=rows)
    after = assert_changed_and_kept_right(network, before)
    assert after["achieved_energy_kwh"] == Decimal(1000)


def test_a_queryset_update_counts_at_once(network, measure):
    before = kept(network)
    Measure.objects.filter(pk=measure.pk).update(
        status=Measure.Status.COMPLETED, completed_on=timezone.localdate(), co2_savings_t=2
    )
    after = assert_changed_and_kept_right(network, before)
    assert after["achieved_co2_t"] == Decimal(2)


def test_measures_made_by_bulk_create_count_at_once(network, measure, personas):
    before = kept(network)
    Measure.objects.bulk_create(
        [Measure(participation=personas.participation_b, focus_area=measure.focus_area,
                 title=f"Neu {n}", investment_eur=100) for n in range(3)]
    )  # fmt: skip
    after = assert_changed_and_kept_right(network, before)
    assert after["totals"]["investment"] == Decimal(300)


def test_measures_deleted_by_a_queryset_no_longer_count(network, measure):
    before = kept(network)
    Measure.objects.filter(pk=measure.pk).delete()
    assert assert_changed_and_kept_right(network, before)["totals"]["count"] == 0


def test_a_measure_moved_to_another_network_counts_there_and_no_longer_here(
    network, measure, personas
):
    before, before_there = kept(network), kept(personas.other_network)
    Measure.objects.filter(pk=measure.pk).update(participation=personas.participation_c)
    assert assert_changed_and_kept_right(network, before)["totals"]["count"] == 0
    there = assert_changed_and_kept_right(personas.other_network, before_there)
    assert there["totals"]["count"] == 1


def test_sql_as_a_data_migration_writes_it_counts_at_once(network, measure):
    before = kept(network)
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE measures_measure SET investment_eur = 500 WHERE id = %s", [measure.pk]
        )
    assert assert_changed_and_kept_right(network, before)["totals"]["investment"] == 500


def test_a_progress_note_makes_a_stale_measure_fresh_at_once(network, measure, personas):
    long_ago = timezone.now() - datetime.timedelta(days=400)
    Measure.objects.filter(pk=measure.pk).update(updated_at=long_ago)
    before = kept(network)
    assert (before["stale"], before["stale_all"]) == (1, 1)
    add_progress_note(
        measure=measure, user=personas.coordinator, date=timezone.localdate(), text="Weiter"
    )
    assert assert_changed_and_kept_right(network, before)["stale"] == 0


def test_a_measure_grows_stale_with_time_alone(network, measure):
    now = timezone.now()
    almost = now - datetime.timedelta(days=MeasureSettings.DEFAULT_STALENESS_DAYS, seconds=-60)
    Measure.objects.filter(pk=measure.pk).update(updated_at=almost)
    before = kept(network, now)
    assert before["stale"] == 0
    assert kept(network, now + datetime.timedelta(seconds=30))["stale"] == 0
    later = now + datetime.timedelta(seconds=90)
    assert assert_changed_and_kept_right(network, before, later)["stale"] == 1


def test_figures_summed_later_are_not_those_of_an_earlier_moment(network, measure):
    now = timezone.now()
    almost = now - datetime.timedelta(days=MeasureSettings.DEFAULT_STALENESS_DAYS, seconds=-60)
    Measure.objects.filter(pk=measure.pk).update(updated_at=almost)
    assert kept(network, now + datetime.timedelta(seconds=90))["stale"] == 1
    assert kept(network, now)["stale"] == 0


def test_a_planned_measure_is_overdue_from_the_day_after_its_planned_start(network, measure):
    today = timezone.localdate()
    Measure.objects.filter(pk=measure.pk).update(planned_start=today)
    now = timezone.now()
    assert kept(network, now)["overdue"] == 0
    tomorrow = now + datetime.timedelta(days=1)
    assert kept(network, tomorrow)["overdue"] == 1


def test_the_staleness_setting_counts_at_once(network, measure):
    Measure.objects.filter(pk=measure.pk).update(
        updated_at=timezone.now() - datetime.timedelta(days=30)
    )
    before = kept(network)
    MeasureSettings.objects.create(network=network, staleness_days=10)
    assert assert_changed_and_kept_right(network, before)["stale"] == 1


def test_a_participant_who_left_no_longer_counts_as_current(network, measure, personas):
    Measure.objects.filter(pk=measure.pk).update(
        updated_at=timezone.now() - datetime.timedelta(days=400)
    )
    before = kept(network)
    personas.participation_a.left_on = timezone.localdate()
    personas.participation_a.save()
    after = assert_changed_and_kept_right(network, before)
    assert (after["stale"], after["stale_all"]) == (0, 1)


def test_a_changed_term_counts_the_savings_achieved_within_it(network, measure):
    Measure.objects.filter(pk=measure.pk).update(
        status=Measure.Status.COMPLETED, completed_on=network.term_start - datetime.timedelta(1),
        energy_savings_kwh=700,
    )  # fmt: skip
    before = kept(network)
    assert before["achieved_energy_kwh"] is None
    network.term_start -= datetime.timedelta(days=30)
    network.save()
    assert assert_changed_and_kept_right(network, before)["achieved_energy_kwh"] == 700


def test_another_factor_set_counts_the_savings_in_its_gas(network, measure):
    Measure.objects.filter(pk=measure.pk).update(co2_savings_t=3)
    before = kept(network)
    other = FactorSet.objects.exclude(basis=network.factor_set.basis).first()
    Network.objects.filter(pk=network.pk).update(factor_set=other)
    after = assert_changed_and_kept_right(network, before)
    assert after["totals"]["basis"] == other.basis


def test_a_factor_set_of_another_gas_counts_its_networks_savings_in_it(network, measure):
    Measure.objects.filter(pk=measure.pk).update(co2_savings_t=3)
    before = kept(network)
    basis = network.factor_set.basis
    other = next(value for value in FactorSet.Basis.values if value != basis)
    FactorSet.objects.filter(pk=network.factor_set_id).update(basis=other)
    assert assert_changed_and_kept_right(network, before)["totals"]["basis"] == other


def test_a_network_target_shows_at_once(network, personas):
    personas.participation_a.target_energy_mwh = 10
    personas.participation_a.save()
    MeasureFactory(participation=personas.participation_a, status=Measure.Status.COMPLETED,
                   completed_on=timezone.localdate(), energy_savings_kwh=5000)  # fmt: skip
    assert network_summaries(Network.objects.filter(pk=network.pk))[0].energy_share == 50
    personas.participation_a.target_energy_mwh = 20
    personas.participation_a.save()
    assert network_summaries(Network.objects.filter(pk=network.pk))[0].energy_share == 25


def test_figures_of_a_write_rolled_back_are_never_found(network, measure):
    before = kept(network)
    with pytest.raises(RuntimeError), transaction.atomic():
        Measure.objects.filter(pk=measure.pk).update(investment_eur=1)
        assert kept(network)["totals"]["investment"] == 1  # kept under the new token
        raise RuntimeError
    assert kept(network) == before
    # A token is drawn, not counted: the next write's is not the rolled-back one's.
    Measure.objects.filter(pk=measure.pk).update(investment_eur=2)
    assert kept(network)["totals"]["investment"] == 2


def test_every_network_has_a_token_from_the_start(personas):
    assert set(FiguresToken.objects.values_list("network_id", flat=True)) == set(
        Network.objects.values_list("pk", flat=True)
    )
    Network.objects.filter(pk=personas.other_network.pk).delete()
    assert not FiguresToken.objects.filter(network_id=personas.other_network.pk).exists()


def test_another_networks_write_keeps_a_networks_figures(network, measure, personas):
    kept(network)
    token = FiguresToken.objects.get(network_id=network.pk).token
    MeasureFactory(participation=personas.participation_c)
    assert FiguresToken.objects.get(network_id=network.pk).token == token
