"""Permission rules that lived in forms and views have their home in the querysets."""

import datetime

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import translation

from lib.dates import YEARS, is_sane_year
from networks.access import require_network_editor
from networks.models import FactorSet, Network, Participation, User, programme_factor_set

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("module_personas")]


def test_moderators_of_a_network_are_its_coordinators_and_service_providers(personas):
    assert list(User.objects.moderators_of(personas.network)) == [
        personas.coordinator,
        personas.service_provider,
    ]
    assert list(User.objects.moderators_of(personas.other_network)) == [personas.other_coordinator]


def test_an_inactive_person_moderates_nothing(personas):
    personas.service_provider.is_active = False
    personas.service_provider.save()
    assert list(User.objects.moderators_of(personas.network)) == [personas.coordinator]


@pytest.mark.usefixtures("running_networks")
def test_new_measures_go_into_current_participations_the_person_works_in(personas):
    open_for = Participation.objects.open_for_new_measures_by
    assert list(open_for(personas.climate_manager_a)) == [personas.participation_a]
    assert list(open_for(personas.coordinator)) == [
        personas.participation_a,
        personas.participation_b,
    ]
    assert list(open_for(personas.funder)) == []
    assert list(open_for(personas.service_provider)) == []

    personas.participation_a.left_on = personas.network.term_start + datetime.timedelta(days=30)
    personas.participation_a.save()
    assert list(open_for(personas.climate_manager_a)) == []


def test_who_may_send_an_invitation_is_decided_by_the_invitation(personas):
    from networks.models import Invitation

    ours = Invitation(
        role="climate_manager",
        municipality=personas.municipality_a,
        organisation=personas.coordinator_org,
    )
    into_their_network = Invitation(role="funder", network=personas.other_network)
    assert ours.may_be_sent_by(personas.coordinator)
    assert not ours.may_be_sent_by(personas.other_coordinator)
    assert not ours.may_be_sent_by(personas.climate_manager_a)
    assert into_their_network.may_be_sent_by(personas.other_coordinator)
    assert not into_their_network.may_be_sent_by(personas.coordinator)
    assert into_their_network.may_be_sent_by(personas.superuser)
    # B takes part in none of the other organisation's networks.
    theirs_for_b = Invitation(
        role="climate_manager",
        municipality=personas.municipality_b,
        organisation=personas.other_org,
    )
    assert not theirs_for_b.may_be_sent_by(personas.other_coordinator)


def test_coordinators_and_administrators_must_use_a_second_factor(personas):
    assert personas.coordinator.must_use_second_factor()
    assert personas.superuser.must_use_second_factor()
    assert not personas.climate_manager_a.must_use_second_factor()
    assert not personas.funder.must_use_second_factor()


# "May this person edit this network?" has one home: Network.objects.is_editable_by,
# and for services networks.access.require_network_editor (issue 30).


def test_who_may_edit_a_network_is_its_coordination_and_the_administrators(personas):
    editable = Network.objects.is_editable_by
    network, other = personas.network, personas.other_network
    assert editable(personas.coordinator, network.pk) is True
    assert editable(personas.coordinator, other.pk) is False
    assert editable(personas.other_coordinator, other.pk) is True
    assert editable(personas.other_coordinator, network.pk) is False
    assert editable(personas.superuser, network.pk) is True
    assert editable(personas.superuser, other.pk) is True
    for persona in ("climate_manager_a", "service_provider", "funder", "outsider"):
        assert editable(getattr(personas, persona), network.pk) is False, persona
    assert editable(AnonymousUser(), network.pk) is False


def test_a_deactivated_coordinator_edits_no_network(personas):
    personas.coordinator.is_active = False
    personas.coordinator.save()
    assert Network.objects.is_editable_by(personas.coordinator, personas.network.pk) is False


def test_services_refuse_everybody_but_the_networks_coordination(personas):
    require_network_editor(personas.coordinator, personas.network.pk)  # no exception
    require_network_editor(personas.superuser, personas.network.pk)
    for persona in ("other_coordinator", "service_provider", "funder", "climate_manager_a"):
        with pytest.raises(PermissionDenied):
            require_network_editor(getattr(personas, persona), personas.network.pk)


def test_the_participations_a_person_works_in_are_none_for_an_administrator(personas):
    worked_in = Participation.objects.worked_in_by
    assert list(worked_in(personas.climate_manager_a)) == [personas.participation_a]
    assert list(worked_in(personas.foreign_climate_manager)) == [personas.participation_a_other]
    assert list(worked_in(personas.superuser)) == []
    assert list(worked_in(personas.coordinator)) == []
    assert list(worked_in(AnonymousUser())) == []
    # managed_by lets an administrator act for anyone: every participation.
    assert Participation.objects.managed_by(personas.superuser).count() == 4


# A date within the network's term, the years a person may enter, and the programme's
# factor set: one home each (issue 30).


def term_of_2022_to_2024(network) -> Network:
    network.term_start, network.term_end = datetime.date(2022, 1, 1), datetime.date(2024, 12, 31)
    return network


def test_a_term_contains_its_first_and_last_day_and_nothing_beyond(personas):
    network = term_of_2022_to_2024(personas.network)
    assert network.term_contains(datetime.date(2022, 1, 1)) is True
    assert network.term_contains(datetime.date(2024, 12, 31)) is True
    assert network.term_contains(datetime.date(2021, 12, 31)) is False
    assert network.term_contains(datetime.date(2025, 1, 1)) is False


def test_messages_name_the_term_in_the_readers_date_format(personas):
    network = term_of_2022_to_2024(personas.network)
    with translation.override("de"):
        assert network.term_for_messages() == {"start": "01.01.2022", "end": "31.12.2024"}
    with translation.override("en"):
        assert network.term_for_messages() == {"start": "01 Jan 2022", "end": "31 Dec 2024"}


def test_a_participation_outside_the_term_is_refused_with_the_term_named(personas):
    network = term_of_2022_to_2024(personas.network)
    network.save()
    participation = personas.participation_a
    participation.joined_on = datetime.date(2025, 1, 1)
    with pytest.raises(ValidationError) as refused:
        participation.full_clean()
    assert refused.value.message_dict["joined_on"] == [
        "Das Datum muss in der Laufzeit des Netzwerks liegen (01.01.2022 – 31.12.2024)."
    ]


def test_the_years_a_person_may_enter_are_1990_to_2100():
    assert YEARS == {"min": 1990, "max": 2100}
    assert [is_sane_year(year) for year in (1989, 1990, 2100, 2101)] == [False, True, True, False]


def test_a_factor_sets_year_message_takes_its_bounds_from_lib_dates(monkeypatch):
    factor_set = FactorSet(name="Satz", slug="satz", basis="co2", source="Quelle", year=1989)
    with pytest.raises(ValidationError) as refused:
        factor_set.clean()
    assert refused.value.message_dict["year"] == ["Das Jahr muss zwischen 1990 und 2100 liegen."]
    monkeypatch.setitem(YEARS, "min", 1995)  # a message that typed the years would not follow
    with pytest.raises(ValidationError) as refused:
        factor_set.clean()
    assert refused.value.message_dict["year"] == ["Das Jahr muss zwischen 1995 und 2100 liegen."]


def test_the_programmes_factor_set_is_a_new_networks_default(personas):
    programme = FactorSet.objects.programme()
    assert (programme.slug, programme.name) == ("bafa-2021", "BAFA 2021 (CO₂)")
    assert programme_factor_set() == programme.pk
    assert Network(name="Neu").factor_set_id == programme.pk


def test_a_programme_set_the_database_lacks_is_loaded_from_the_catalogue(db):
    FactorSet.objects.filter(slug="bafa-2021").update(slug="bafa-2021-alt")
    count = FactorSet.objects.count()
    programme = FactorSet.objects.programme()
    assert (programme.slug, programme.year) == ("bafa-2021", 2021)
    assert programme.name == "BAFA 2021 (CO₂)"
    assert FactorSet.objects.count() == count + 1
    assert FactorSet.objects.programme() == programme
