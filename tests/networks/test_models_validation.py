"""The clean() rules of networks/models/ at their boundaries (issue 29): the last
allowed and the first refused value of each rule, with its exact German message on
its field, and the database constraint that says the same."""

import datetime
from decimal import Decimal

import pytest

from networks.models import FactorSet, Organisation, Prospect, User
from tests.factories import (
    MunicipalityFactory,
    NetworkFactory,
    OrganisationFactory,
    ParticipationFactory,
)
from tests.helpers import refusals, violates

pytestmark = pytest.mark.django_db


def factor_set(**fields) -> FactorSet:
    return FactorSet(
        **{
            "name": "Testfaktoren",
            "slug": "testfaktoren",
            "basis": FactorSet.Basis.CO2,
            "source": "Umweltbundesamt 2024",
            "year": 2024,
            **fields,
        }
    )


YEAR = "Das Jahr muss zwischen 1990 und 2100 liegen."
SOURCE = "Bitte die Quelle der Faktoren angeben."


class TestFactorSet:
    @pytest.mark.parametrize(
        ("fields", "expected"),
        [
            ({"year": 1989}, {"year": [YEAR]}),
            ({"year": 1990}, {}),
            ({"year": 2100}, {}),
            ({"year": 2101}, {"year": [YEAR]}),
            ({"year": None}, {}),
            ({"source": ""}, {"source": [SOURCE]}),
            ({"source": None}, {"source": [SOURCE]}),
            ({"source": " \n\t"}, {"source": [SOURCE]}),
            ({"source": "x"}, {}),
            ({"year": 1989, "source": " "}, {"year": [YEAR], "source": [SOURCE]}),
        ],
    )
    def test_the_year_lies_in_1990_to_2100_and_the_source_is_named(self, fields, expected):
        assert refusals(factor_set(**fields).clean) == expected

    def test_a_complete_factor_set_passes_the_whole_validation_and_is_stored(self):
        complete = factor_set(year=2100)
        complete.full_clean()
        complete.save()
        assert FactorSet.objects.get(slug="testfaktoren").year == 2100

    @pytest.mark.parametrize("year", [1989, 2101])
    def test_the_database_refuses_a_year_clean_refuses(self, year):
        with violates("networks_factorset_year_range"):
            factor_set(year=year).save()


class TestNetworkOrganisations:
    @pytest.mark.parametrize(
        ("coordinator_kind", "funder_kind", "expected"),
        [
            (Organisation.Kind.COORDINATOR, Organisation.Kind.FUNDER, {}),
            (Organisation.Kind.COORDINATOR, None, {}),
            (
                Organisation.Kind.SERVICE_PROVIDER,
                Organisation.Kind.FUNDER,
                {
                    "coordinator": [
                        "Der Netzwerkträger muss eine Organisation der Art „Netzwerkträger“ sein."
                    ]
                },
            ),
            (
                Organisation.Kind.COORDINATOR,
                Organisation.Kind.COORDINATOR,
                {
                    "funder": [
                        "Der Fördermittelgeber muss eine Organisation der Art "
                        "„Fördermittelgeber“ sein."
                    ]
                },
            ),
        ],
    )
    def test_the_coordinator_and_the_funder_are_organisations_of_their_kind(
        self, coordinator_kind, funder_kind, expected
    ):
        network = NetworkFactory.build(
            coordinator=OrganisationFactory(kind=coordinator_kind),
            funder=OrganisationFactory(kind=funder_kind) if funder_kind else None,
        )
        # clean() alone: full_clean() adds Django's own "not a valid choice" from the
        # fields' limit_choices_to to the same field.
        assert refusals(network.clean) == expected


def test_a_municipality_may_leave_on_the_day_it_joined():
    participation = ParticipationFactory.build(
        network=NetworkFactory(),
        municipality=MunicipalityFactory(),
        joined_on=datetime.date(2023, 3, 1),
        left_on=datetime.date(2023, 3, 1),
    )
    assert refusals(participation.full_clean) == {}
    participation.save()


def test_a_refusal_without_its_date_is_refused_on_the_date():
    prospect = Prospect(
        network=NetworkFactory(),
        municipality=MunicipalityFactory(),
        status=Prospect.Status.DECLINED,
        approached_on=datetime.date(2022, 1, 10),
        decline_reason="Kein Personal",
    )
    assert refusals(prospect.full_clean) == {"answered_on": ["Bitte das Datum der Absage angeben."]}
    with violates("networks_prospect_declined_with_reason"):
        prospect.save()


NEGATIVE = "Ein Einsparziel darf nicht negativ sein."


@pytest.mark.parametrize("field", ["target_energy_mwh", "target_co2_t"])
@pytest.mark.parametrize(
    ("value", "expected"), [("-0.001", [NEGATIVE]), ("0", None), ("0.5", None)]
)
def test_a_target_of_zero_is_allowed_and_any_below_refused(field, value, expected):
    network = NetworkFactory()
    participation = ParticipationFactory.build(
        network=network, municipality=MunicipalityFactory(), **{field: Decimal(value)}
    )
    prospect = Prospect(
        network=network, municipality=MunicipalityFactory(), approached_on=network.term_start,
        **{field: Decimal(value)},
    )  # fmt: skip
    for instance in (participation, prospect):
        assert refusals(instance.full_clean) == ({field: expected} if expected else {}), instance


class TestUser:
    def test_a_new_person_is_neither_staff_nor_administrator(self):
        user = User.objects.create_user("neu@example.org", "x")
        assert (user.is_staff, user.is_superuser) == (False, False)

    def test_an_administrator_is_staff_and_signs_in_with_the_password_given(self):
        user = User.objects.create_superuser("admin@example.org", "geheim-2026")
        assert (user.is_staff, user.is_superuser) == (True, True)
        assert user.check_password("geheim-2026")

    @pytest.mark.parametrize("create", ["create_user", "create_superuser"])
    def test_a_person_needs_an_email_address(self, create):
        with pytest.raises(ValueError, match=r"^An e-mail address is required\.$"):
            getattr(User.objects, create)("", "x")
        assert not User.objects.filter(email="").exists()

    def test_validation_stores_the_email_address_in_lower_case(self):
        user = User(email="Nina.Neu@Example.ORG")
        assert refusals(lambda: user.full_clean(exclude=["password"])) == {}
        assert user.email == "nina.neu@example.org"

    @pytest.mark.parametrize(
        ("name", "shown", "named"),
        [
            ("Nina Neu", "Nina Neu <nina@example.org>", "Nina Neu"),
            ("", "nina@example.org", "nina@example.org"),
        ],
    )
    def test_a_person_is_named_by_their_name_or_else_their_address(self, name, shown, named):
        person = User(name=name, email="nina@example.org")
        assert (str(person), person.get_full_name(), person.get_short_name()) == (
            shown, named, named,
        )  # fmt: skip
