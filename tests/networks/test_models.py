import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from networks.models import FocusArea, Municipality, Network, Organisation, User
from tests.factories import (
    MunicipalityFactory,
    NetworkFactory,
    OrganisationFactory,
    ParticipationFactory,
)
from tests.helpers import messages_of, violates

pytestmark = pytest.mark.django_db


class TestMunicipality:
    @pytest.mark.parametrize("ags", ["0577403", "0577403X", "05774O32"])
    def test_malformed_ags_gets_a_german_message(self, ags):
        municipality = MunicipalityFactory.build(ags=ags)
        with pytest.raises(ValidationError) as excinfo:
            municipality.full_clean()
        assert messages_of(excinfo)["ags"] == [
            "Der Amtliche Gemeindeschlüssel (AGS) besteht aus genau 8 Ziffern, z. B. 05774032."
        ]

    @pytest.mark.parametrize("ags", ["0577403", "0577403X", "        "])
    def test_database_refuses_malformed_ags(self, ags):
        with violates("networks_municipality_ags_format"):
            MunicipalityFactory(ags=ags)

    def test_ags_must_start_with_the_federal_state_code(self):
        municipality = MunicipalityFactory.build(ags="03241001", federal_state="05")
        with pytest.raises(ValidationError) as excinfo:
            municipality.full_clean()
        assert messages_of(excinfo)["ags"] == [
            "Der AGS muss mit der Kennziffer des Bundeslands beginnen (Nordrhein-Westfalen: 05)."
        ]
        with violates("networks_municipality_ags_matches_state"):
            municipality.save()

    def test_ags_is_unique(self):
        MunicipalityFactory(ags="05774032")
        with violates("networks_municipality_ags", sqlite_says="networks_municipality.ags"):
            MunicipalityFactory(ags="05774032")

    def test_valid_municipality_passes_validation(self):
        municipality = MunicipalityFactory.build(
            name="Paderborn", slug="paderborn", kind=Municipality.Kind.STADT, ags="05774032"
        )
        municipality.full_clean()
        assert str(municipality) == "Paderborn"


class TestNetwork:
    def test_term_end_must_be_after_start(self):
        network = NetworkFactory.build(
            coordinator=OrganisationFactory(),
            term_start=datetime.date(2025, 6, 30),
            term_end=datetime.date(2025, 6, 30),
        )
        with pytest.raises(ValidationError) as excinfo:
            network.full_clean()
        assert messages_of(excinfo)["term_end"] == [
            "Das Ende der Laufzeit muss nach ihrem Beginn liegen."
        ]
        with violates("networks_network_term_order"):
            network.save()

    @pytest.mark.parametrize("code", ["67K18876", "03K12345", "67KS1234", "03KF0069A", ""])
    def test_funding_code_accepts_programme_format_or_empty(self, code):
        network = NetworkFactory.build(coordinator=OrganisationFactory(), funding_code=code)
        network.full_clean()
        network.save()
        assert Network.objects.get(pk=network.pk).funding_code == code

    @pytest.mark.parametrize(
        "code", ["67k18876", "K18876", "67K18", "67-K-18876", "03KF0069AB", "03KF0069a"]
    )
    def test_malformed_funding_code_is_refused(self, code):
        network = NetworkFactory.build(coordinator=OrganisationFactory(), funding_code=code)
        with pytest.raises(ValidationError) as excinfo:
            network.full_clean()
        assert "z. B. 67K18876" in messages_of(excinfo)["funding_code"][0]
        with violates("networks_network_funding_code_format"):
            network.save()

    def test_funding_code_is_not_unique(self):
        first = NetworkFactory(funding_code="67K18876")
        second = NetworkFactory(funding_code="67K18876", coordinator=first.coordinator)
        second.full_clean()
        assert Network.objects.filter(funding_code="67K18876").count() == 2

    def test_coordinator_must_be_a_coordinator_organisation(self):
        provider = OrganisationFactory(kind=Organisation.Kind.SERVICE_PROVIDER)
        network = NetworkFactory.build(coordinator=provider)
        with pytest.raises(ValidationError) as excinfo:
            network.full_clean()
        assert list(messages_of(excinfo)) == ["coordinator"]

    def test_network_cannot_be_its_own_predecessor(self):
        network = NetworkFactory()
        network.predecessor = network
        with pytest.raises(ValidationError) as excinfo:
            network.full_clean()
        assert messages_of(excinfo)["predecessor"] == [
            "Ein Netzwerk kann nicht sein eigener Vorgänger sein."
        ]
        with violates("networks_network_not_own_predecessor"):
            network.save()

    @pytest.mark.parametrize(
        ("day", "phase"),
        [
            (datetime.date(2022, 6, 30), Network.Phase.ACQUISITION),
            (datetime.date(2022, 7, 1), Network.Phase.ACTIVE),
            (datetime.date(2025, 6, 30), Network.Phase.ACTIVE),
            (datetime.date(2025, 7, 1), Network.Phase.COMPLETED),
        ],
    )
    def test_phase_follows_from_the_term_and_is_exactly_one_on_each_day(self, day, phase):
        network = NetworkFactory()  # 01.07.2022 – 30.06.2025
        assert network.phase_on(day) == phase
        assert {
            each: list(Network.objects.in_phase(each, today=day)) for each in Network.Phase
        } == {each: [network] if each == phase else [] for each in Network.Phase}


class TestParticipation:
    def test_municipality_takes_part_once_per_network(self):
        participation = ParticipationFactory()
        duplicate = ParticipationFactory.build(
            network=participation.network, municipality=participation.municipality
        )
        with pytest.raises(ValidationError) as excinfo:
            duplicate.full_clean()
        assert messages_of(excinfo)["__all__"] == [
            "Diese Kommune nimmt an dem Netzwerk bereits teil."
        ]
        with violates(
            "networks_participation_unique_municipality",
            sqlite_says="networks_participation.network_id, networks_participation.municipality_id",
        ):
            duplicate.save()

    def test_dates_must_lie_within_the_term(self):
        participation = ParticipationFactory.build(
            network=NetworkFactory(),
            municipality=MunicipalityFactory(),
            joined_on=datetime.date(2022, 6, 1),
            left_on=datetime.date(2025, 7, 1),
        )
        with pytest.raises(ValidationError) as excinfo:
            participation.full_clean()
        message = "Das Datum muss in der Laufzeit des Netzwerks liegen (01.07.2022 – 30.06.2025)."
        assert messages_of(excinfo) == {"joined_on": [message], "left_on": [message]}

    def test_leaving_before_joining_is_refused(self):
        participation = ParticipationFactory.build(
            network=NetworkFactory(),
            municipality=MunicipalityFactory(),
            joined_on=datetime.date(2023, 1, 1),
            left_on=datetime.date(2022, 12, 31),
        )
        with pytest.raises(ValidationError) as excinfo:
            participation.full_clean()
        assert messages_of(excinfo)["left_on"] == [
            "Das Ausscheiden kann nicht vor dem Beitritt liegen."
        ]
        with violates("networks_participation_left_after_joined"):
            participation.save()

    @pytest.mark.parametrize(
        ("field", "constraint"),
        [
            ("target_energy_mwh", "networks_participation_target_energy_not_negative"),
            ("target_co2_t", "networks_participation_target_co2_not_negative"),
        ],
    )
    def test_negative_targets_are_refused(self, field, constraint):
        participation = ParticipationFactory.build(
            network=NetworkFactory(), municipality=MunicipalityFactory(), **{field: Decimal("-1")}
        )
        with pytest.raises(ValidationError) as excinfo:
            participation.full_clean()
        assert messages_of(excinfo)[field] == ["Ein Einsparziel darf nicht negativ sein."]
        with violates(constraint):
            participation.save()

    def test_a_partner_in_a_joint_project_has_its_own_funding_code(self):
        network = NetworkFactory(funding_code="03KF0069A")
        own = ParticipationFactory(network=network, funding_code="03KF0069B")
        plain = ParticipationFactory(network=network)
        own.full_clean()
        assert (own.effective_funding_code, plain.effective_funding_code) == (
            "03KF0069B",
            "03KF0069A",
        )

    def test_a_malformed_funding_code_of_a_municipality_is_refused(self):
        participation = ParticipationFactory.build(
            network=NetworkFactory(), municipality=MunicipalityFactory(), funding_code="03KF-69"
        )
        with pytest.raises(ValidationError) as excinfo:
            participation.full_clean()
        assert "z. B. 67K18876 oder 03KF0069A" in messages_of(excinfo)["funding_code"][0]
        with violates("networks_participation_funding_code_format"):
            participation.save()

    def test_participant_count_leaves_out_those_who_left(self):
        network = NetworkFactory()
        ParticipationFactory.create_batch(3, network=network)
        ParticipationFactory(network=network, left_on=datetime.date(2024, 1, 31))
        assert Network.objects.with_participant_count().get().participant_count == 3


class TestUser:
    def test_email_is_stored_in_lower_case_and_unique_regardless_of_case(self):
        user = User.objects.create_user("Klima.Paderborn@Example.ORG", "x")
        assert user.email == "klima.paderborn@example.org"
        clash = User(email="KLIMA.paderborn@example.org")
        with pytest.raises(ValidationError) as excinfo:
            clash.full_clean(exclude=["password"])
        assert messages_of(excinfo)["email"] == [
            "Es gibt schon eine Person mit dieser E-Mail-Adresse."
        ]
        with violates("networks_user_unique_email"):
            User.objects.bulk_create([User(email="KLIMA.PADERBORN@example.org")])


def test_the_five_focus_areas_of_the_source_page_are_loaded_as_data():
    assert list(FocusArea.objects.values_list("name", flat=True)) == [
        "Energieeffiziente Abwasseraufbereitung",
        "Umweltfreundliche Energieversorgung",
        "Innovative Beleuchtung",
        "Quartierslösungen",
        "Klimafreundliche Mobilität",
    ]
