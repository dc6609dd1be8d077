"""The library of measures (issue 34): who sees which rows, anonymised where they come
from another organisation's shared network, with euro per tonne as decimals."""

import datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from measures.library import comparable, eur_per_tonne, population_class
from measures.models import Measure, MeasureCategory, MeasureEnergy, MeasureSettings
from measures.services import set_library_sharing
from tests.factories import EnergyCarrierFactory, MeasureFactory
from tests.helpers import with_totp

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("module_personas")]

LIBRARY = reverse("measure_library")


def settings_version(network) -> int:
    """The version of the network's measure settings that a form would show now."""
    stored = MeasureSettings.objects.filter(network=network).values_list("version", flat=True)
    return stored.first() or 0


def completed(participation, title, *, category, investment, co2, lifetime=None, carrier=None):
    measure = MeasureFactory(
        participation=participation,
        title=title,
        category=category,
        status="completed",
        completed_on=datetime.date(2023, 5, 1),
        investment_eur=Decimal(investment) if investment is not None else None,
        subsidy_eur=None,
        co2_savings_t=Decimal(co2) if co2 is not None else None,
        energy_savings_kwh=Decimal("50000"),
        lifetime_years=lifetime,
    )
    if carrier is not None:
        MeasureEnergy.objects.create(measure=measure, carrier=carrier, kwh=Decimal("50000"))
    return measure


@pytest.fixture
def world(personas):
    lighting = MeasureCategory.objects.create(
        name="Testbeleuchtung", slug="testbeleuchtung", kind="investive"
    )
    halls = MeasureCategory.objects.create(name="Testhallen", slug="testhallen", kind="investive")
    power = EnergyCarrierFactory(name="Teststrom", slug="teststrom")
    gas = EnergyCarrierFactory(name="Testgas", slug="testgas")
    a, c = personas.municipality_a, personas.municipality_c
    a.population, a.district = 15_000, "Kreis Paderborn"
    a.save()
    c.population, c.district = 120_000, "Kreis Höxter"
    c.save()
    own = completed(
        personas.participation_a,
        "LED-Straßenbeleuchtung Altenbeken",
        category=lighting,
        investment="100000",
        co2="20",
        lifetime=20,
        carrier=power,
    )
    zero = completed(
        personas.participation_b,
        "Beratung ohne Einsparung",
        category=halls,
        investment="5000",
        co2="0",
        lifetime=10,
    )
    foreign = completed(
        personas.participation_c,
        "Geheime Turnhalle Cappel",
        category=halls,
        investment="30000",
        co2="10",
        lifetime=None,
        carrier=gas,
    )
    MeasureFactory(participation=personas.participation_a, title="Noch geplant", category=lighting)
    return {
        "own": own,
        "zero": zero,
        "foreign": foreign,
        "lighting": lighting,
        "halls": halls,
        "power": power,
        "gas": gas,
    }


def page_of(client, user, query=""):
    client.force_login(with_totp(user))
    return client.get(LIBRARY + query)


def test_euro_per_tonne_is_a_decimal_and_none_without_a_positive_saving():
    assert eur_per_tonne(Decimal("100000"), Decimal("20")) == Decimal("5000")
    assert eur_per_tonne(Decimal("100000"), Decimal("20"), 20) == Decimal("250")
    assert eur_per_tonne(Decimal("100000"), Decimal("0")) is None
    assert eur_per_tonne(Decimal("100000"), Decimal("-3")) is None
    assert eur_per_tonne(None, Decimal("3")) is None
    assert eur_per_tonne(Decimal("100"), Decimal("3"), 0) is None


def test_population_classes_have_inclusive_lower_bounds():
    assert population_class(9_999) == "unter 10.000 Einw."
    assert population_class(10_000) == "10.000–20.000 Einw."
    assert population_class(100_000) == "über 100.000 Einw."
    assert population_class(None) == "Größe unbekannt"


def test_coordinator_sees_own_completed_measures_in_full_and_nothing_of_a_network_not_sharing(
    client, personas, world
):
    response = page_of(client, personas.coordinator)
    html = response.content.decode()
    assert response.status_code == 200
    assert "LED-Straßenbeleuchtung Altenbeken" in html
    assert "Beratung ohne Einsparung" in html
    assert "Noch geplant" not in html
    assert "Geheime Turnhalle" not in html
    assert "Kreis Höxter" not in html
    assert [row["own"] for row in response.context["rows"]] == [True, True]


def test_euro_per_tonne_shows_on_rows_with_savings_and_a_dash_elsewhere(client, personas, world):
    rows = page_of(client, personas.coordinator).context["rows"]
    by_title = {row["measure"].title: row for row in rows}
    led = by_title["LED-Straßenbeleuchtung Altenbeken"]
    assert (led["per_t"], led["per_t_life"]) == (Decimal("5000"), Decimal("250"))
    advice = by_title["Beratung ohne Einsparung"]
    assert (advice["per_t"], advice["per_t_life"]) == (None, None)


@pytest.mark.parametrize(
    "persona", ["coordinator", "climate_manager_b", "funder", "service_provider"]
)
def test_shared_rows_of_another_organisation_are_anonymised(client, personas, world, persona):
    set_library_sharing(
        network=personas.other_network,
        base_version=settings_version(personas.other_network),
        user=personas.other_coordinator,
        shared=True,
        contact="Frau Beispiel, beispiel@example.org",
    )
    response = page_of(client, getattr(personas, persona))
    html = response.content.decode()
    assert "Geheime Turnhalle" not in html
    assert "Cappel" not in html
    assert "über 100.000 Einw., Kreis Höxter" in html
    assert "Frau Beispiel, beispiel@example.org" in html
    assert f"/massnahmen/{world['foreign'].pk}/" not in html
    shared = [row for row in response.context["rows"] if not row["own"]]
    assert [(row["per_t"], row["per_t_life"]) for row in shared] == [(Decimal("3000"), None)]


@pytest.mark.parametrize("persona", ["other_coordinator", "foreign_climate_manager"])
def test_other_organisations_see_nothing_of_a_network_that_does_not_share(
    client, personas, world, persona
):
    html = page_of(client, getattr(personas, persona)).content.decode()
    assert "Altenbeken" not in html.replace("klima.a.andere", "")
    assert "Kreis Paderborn" not in html
    assert "LED-Straßenbeleuchtung" not in html


@pytest.mark.parametrize("persona", ["other_coordinator", "foreign_climate_manager"])
def test_other_organisations_see_a_sharing_network_anonymised(client, personas, world, persona):
    set_library_sharing(
        network=personas.network,
        base_version=settings_version(personas.network),
        user=personas.coordinator,
        shared=True,
    )
    response = page_of(client, getattr(personas, persona))
    html = response.content.decode()
    assert "LED-Straßenbeleuchtung" not in html
    assert "Beratung ohne Einsparung" not in html
    assert "10.000–20.000 Einw., Kreis Paderborn" in html
    anonymised = [row for row in response.context["rows"] if not row["own"]]
    assert len(anonymised) == 2


def test_outsiders_get_404_and_visitors_the_login(client, personas, world):
    assert page_of(client, personas.outsider).status_code == 404
    # A finance person's role opens the finances only.
    assert page_of(client, personas.finance).status_code == 404
    client.logout()
    response = client.get(LIBRARY)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


@pytest.mark.parametrize(
    ("query", "titles"),
    [
        ("?kategorie=testbeleuchtung", ["LED-Straßenbeleuchtung Altenbeken"]),
        ("?energietraeger=teststrom", ["LED-Straßenbeleuchtung Altenbeken"]),
        ("?energietraeger=testgas", []),
        ("?groesse=10000-20000", ["LED-Straßenbeleuchtung Altenbeken"]),
        ("?groesse=ab-100000", []),
    ],
)
def test_filters_narrow_the_library(client, personas, world, query, titles):
    rows = page_of(client, personas.coordinator, query).context["rows"]
    assert [row["measure"].title for row in rows] == titles


def test_a_value_not_offered_is_named_and_the_other_filters_still_apply(client, personas, world):
    response = page_of(client, personas.coordinator, "?kategorie=gibtsnicht&groesse=ab-100000")
    assert response.context["form"].errors.keys() == {"kategorie"}
    assert "Bitte eine gültige Auswahl treffen." in response.content.decode()
    assert response.context["rows"] == []  # the size class still filters


def test_sorting_by_euro_per_tonne_puts_rows_without_a_figure_last_both_ways(
    client, personas, world
):
    set_library_sharing(
        network=personas.other_network,
        base_version=settings_version(personas.other_network),
        user=personas.other_coordinator,
        shared=True,
    )
    for sort, expected in (("eur-je-t", ["5000", "3000"]), ("-eur-je-t", ["5000", "3000"])):
        rows = page_of(client, personas.coordinator, f"?sort={sort}").context["rows"]
        figures = [row["per_t"] for row in rows]
        assert figures[-1] is None
        assert sorted(figures[:2]) == [Decimal(e) for e in sorted(expected)]
    ascending = page_of(client, personas.coordinator, "?sort=eur-je-t").context["rows"]
    assert [row["per_t"] for row in ascending] == [Decimal("3000"), Decimal("5000"), None]
    descending = page_of(client, personas.coordinator, "?sort=-eur-je-t").context["rows"]
    assert [row["per_t"] for row in descending] == [Decimal("5000"), Decimal("3000"), None]


def test_summary_gives_the_median_per_category(client, personas, world):
    for investment in ("20000", "40000", "160000"):
        completed(
            personas.participation_a,
            "weitere Leuchten",
            category=world["lighting"],
            investment=investment,
            co2="20",
        )
    summary = page_of(client, personas.coordinator).context["summary"]
    by_category = {str(item.category): (item.count, item.median) for item in summary}
    # 1000, 2000, 5000 and 8000 per tonne: the median of four is the mean of the middle two.
    assert by_category["Testbeleuchtung"] == (4, Decimal("3500"))
    assert by_category["Testhallen"] == (1, None)


def test_queries_do_not_grow_with_the_rows(client, personas, world, django_assert_num_queries):
    set_library_sharing(
        network=personas.other_network,
        base_version=settings_version(personas.other_network),
        user=personas.other_coordinator,
        shared=True,
    )
    client.force_login(with_totp(personas.coordinator))
    query = "?kategorie=testbeleuchtung&sort=-thg"
    client.get(LIBRARY + query)
    with CaptureQueriesContext(connection) as few:
        client.get(LIBRARY + query)
    for n in range(12):
        completed(
            personas.participation_c if n % 2 else personas.participation_b,
            f"M {n}",
            category=world["lighting"],
            investment="1000",
            co2=str(n + 1),
            lifetime=5,
        )
    with django_assert_num_queries(len(few.captured_queries)):
        response = client.get(LIBRARY + query)
    assert len(response.context["rows"]) == 13


def test_switching_sharing_records_who_and_when(personas):
    set_library_sharing(
        network=personas.network,
        base_version=settings_version(personas.network),
        user=personas.coordinator,
        shared=True,
        contact="  Herr Kontakt ",
    )
    row = MeasureSettings.objects.get(network=personas.network)
    assert (row.library_shared, row.library_contact) == (True, "Herr Kontakt")
    assert row.library_changed_by == personas.coordinator
    first = row.library_changed_at
    assert first is not None
    set_library_sharing(
        network=personas.network,
        base_version=settings_version(personas.network),
        user=personas.coordinator,
        shared=True,
    )
    row.refresh_from_db()
    assert row.library_changed_at == first  # unchanged switch, unchanged record


def test_sharing_page_saves_the_setting_for_the_coordination_only(client, personas):
    url = reverse("measure_library_sharing", args=[personas.network.slug])
    data = {"library_shared": "on", "library_contact": "x@example.org", "version": 0}
    client.force_login(with_totp(personas.climate_manager_a))
    assert client.post(url, data).status_code == 403
    client.force_login(with_totp(personas.other_coordinator))
    assert client.post(url, data).status_code == 404
    client.force_login(with_totp(personas.coordinator))
    response = client.post(url, data)
    assert response.status_code == 302
    assert MeasureSettings.objects.get(network=personas.network).library_shared is True
    page = client.get(url).content.decode()
    assert "Zuletzt umgeschaltet" in page
    # The page says what the anonymisation cannot hide before anyone switches it on.
    assert "lässt sie sich aus Kreis und Größenklasse erkennen" in page


def test_a_measure_page_shows_comparable_measures_with_a_shared_carrier_in_constant_queries(
    client, personas, world, django_assert_num_queries
):
    set_library_sharing(
        network=personas.other_network,
        base_version=settings_version(personas.other_network),
        user=personas.other_coordinator,
        shared=True,
    )
    planned = MeasureFactory(
        participation=personas.participation_b, title="Hallen planen", category=world["halls"]
    )
    MeasureEnergy.objects.create(measure=planned, carrier=world["gas"], kwh=Decimal("1000"))
    client.force_login(with_totp(personas.climate_manager_b))
    url = reverse("measure", args=[planned.pk])
    client.get(url)
    with CaptureQueriesContext(connection) as one:
        response = client.get(url)
    html = response.content.decode()
    rows = response.context["comparable"]()["rows"]
    # The shared hall (gas) counts; the advice of the same category has no gas line.
    assert [(row["own"], row["per_t"]) for row in rows] == [(False, Decimal("3000"))]
    assert "Geheime Turnhalle" not in html
    assert "?kategorie=testhallen&amp;energietraeger=testgas" in html
    for n in range(4):
        more = completed(personas.participation_c, f"Halle {n}", category=world["halls"],
                         investment="1000", co2="1", carrier=world["gas"])  # fmt: skip
        assert more.pk
    with django_assert_num_queries(len(one.captured_queries)):
        response = client.get(url)
    assert "Halle 3" not in response.content.decode()


def test_the_link_to_all_comparable_measures_names_a_carrier_only_where_there_is_one(
    personas, world
):
    measure = MeasureFactory(
        participation=personas.participation_b, title="Halle", category=world["halls"]
    )
    MeasureEnergy.objects.create(measure=measure, carrier=world["gas"], kwh=Decimal("1000"))
    assert comparable(measure, personas.coordinator)["query"] == (
        "kategorie=testhallen&energietraeger=testgas"
    )
    # The library filters by one carrier: with two, by the category alone.
    MeasureEnergy.objects.create(measure=measure, carrier=world["power"], kwh=Decimal("500"))
    measure = Measure.objects.prefetch_related("energy").get(pk=measure.pk)
    assert comparable(measure, personas.coordinator)["query"] == "kategorie=testhallen"
