import datetime
import re
from decimal import Decimal

import pytest
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone

from measures.models import Measure
from networks.models import FactorSet
from tests.factories import FocusAreaFactory, NetworkFactory, ParticipationFactory
from tests.measures.listing import Listing, bulk_measures, titles

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.usefixtures("module_personas", "running_networks"),
]

LIST = reverse("measure_list")
THIS_YEAR = timezone.localdate().year


@pytest.fixture
def listing(client, world):
    client.force_login(world.coordinator)
    return Listing(world)


def get_titles(client, query: str = "") -> list[str]:
    response = client.get(f"{LIST}?{query}")
    assert response.status_code == 200
    return titles(response.content.decode())


def test_without_filters_every_readable_measure_is_listed_by_municipality_and_title(
    client, listing
):
    assert get_titles(client) == [
        "Dämmung Schule",
        "Heizungstausch Rathaus",
        "LED in der Turnhalle",
        "Radweg zum Bahnhof",
    ]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("netzwerk=zweites-netzwerk", ["Dämmung Schule"]),
        (
            "netzwerk=netzwerk-test",
            ["Heizungstausch Rathaus", "LED in der Turnhalle", "Radweg zum Bahnhof"],
        ),
        ("kommune=borchen", ["LED in der Turnhalle", "Radweg zum Bahnhof"]),
        ("schwerpunkt=test-gebaeude", ["Dämmung Schule", "Heizungstausch Rathaus"]),
        ("status=completed", ["Heizungstausch Rathaus"]),
        ("status=cancelled", ["Radweg zum Bahnhof"]),
        # The reference year: completion, else planned end, else start, else creation.
        ("jahr=2023", ["Heizungstausch Rathaus"]),
        ("jahr=2024", ["LED in der Turnhalle"]),
        ("jahr=2025", ["Dämmung Schule"]),
        (f"jahr={THIS_YEAR}", ["Radweg zum Bahnhof"]),
        ("q=rathaus", ["Dämmung Schule", "Heizungstausch Rathaus"]),
        ("q=Rathaus+Keller", ["Heizungstausch Rathaus"]),
        ("q=Schule+Keller", []),
        ("q=turnhalle&kommune=borchen&status=planned", ["LED in der Turnhalle"]),
    ],  # fmt: skip
)
def test_filters_narrow_the_list(client, listing, query, expected):
    assert get_titles(client, query) == expected


@pytest.mark.parametrize(
    ("sort", "ascending"),
    [
        ("titel", "XYZ"),
        ("kommune", "ZXY"),
        ("schwerpunkt", "YZX"),
        ("status", "XZY"),  # planned, completed, cancelled: the order of the work
        ("jahr", "YZX"),
        ("investition", "XZY"),
        ("foerderung", "YXZ"),
        ("energie", "ZXY"),
        ("co2", "XYZ"),
        ("geaendert", "YZX"),
    ],
)
def test_each_column_sorts_both_ways(client, world, sort, ascending):
    client.force_login(world.coordinator)
    names = sortable(world)
    assert get_titles(client, f"sortierung={sort}") == [names[c] for c in ascending]
    assert get_titles(client, f"sortierung=-{sort}") == [names[c] for c in reversed(ascending)]


def test_ties_are_sorted_by_title(client, world):
    client.force_login(world.coordinator)
    names = sortable(world)
    assert get_titles(client, "sortierung=netzwerk") == [names["X"], names["Z"], names["Y"]]
    assert get_titles(client, "sortierung=-netzwerk") == [names["Y"], names["X"], names["Z"]]


def sortable(world) -> dict[str, str]:
    """Three measures X, Y, Z with every sorted column filled in."""
    second = NetworkFactory(name="Zweites Netzwerk", coordinator=world.coordinator_org)
    cappel = ParticipationFactory(network=second, municipality=world.municipality_c)
    mobility = FocusAreaFactory(name="Mobilität")
    world.network.focus_areas.add(mobility)
    second.focus_areas.add(world.lighting)
    x = world.measure(
        participation=world.participation_b, focus_area=mobility, title="Anton",
        planned_end=datetime.date(2024, 6, 30), investment_eur=Decimal(100),
        subsidy_eur=Decimal(100), energy_savings_kwh=Decimal(5000), energy_carrier=world.gas,
    )  # fmt: skip
    y = world.measure(
        participation=cappel, focus_area=world.lighting, title="Berta", status="cancelled",
        planned_end=datetime.date(2022, 12, 31), investment_eur=Decimal(300),
        subsidy_eur=Decimal(50), energy_savings_kwh=Decimal(20000), energy_carrier=world.gas,
    )  # fmt: skip
    z = world.measure(
        title="Cäsar", status="completed", completed_on=datetime.date(2023, 5, 31),
        investment_eur=Decimal(200), subsidy_eur=Decimal(150),
        energy_savings_kwh=Decimal(1000), energy_carrier=world.gas, co2_manual=True,
        co2_savings_t=Decimal(9), co2_manual_reason="Messung",
    )  # fmt: skip
    assert [m.co2_savings_t for m in (x, y, z)] == [Decimal("1.005"), Decimal("4.020"), 9]
    now = timezone.now()
    for measure, days_ago in ((y, 3), (z, 2), (x, 1)):
        Measure.objects.filter(pk=measure.pk).update(
            updated_at=now - datetime.timedelta(days=days_ago)
        )
    return {"X": "Anton", "Y": "Berta", "Z": "Cäsar"}


def test_sorting_by_co2_descending_puts_the_biggest_first_and_empty_last(client, listing):
    response = client.get(f"{LIST}?sortierung=-co2")
    html = response.content.decode()
    assert titles(html) == [
        "Heizungstausch Rathaus",
        "LED in der Turnhalle",
        "Dämmung Schule",
        "Radweg zum Bahnhof",
    ]
    assert (
        '<th scope="col" class="num" aria-sort="descending"><a href="/massnahmen/?sortierung=co2"'
        in html
    )
    assert '<input type="hidden" name="sortierung" value="-co2" form="filter-form">' in html


def test_sorting_by_co2_ascending_also_puts_empty_last(client, listing):
    assert get_titles(client, "sortierung=co2") == [
        "LED in der Turnhalle",
        "Heizungstausch Rathaus",
        "Dämmung Schule",  # no CO2 figure: last, ties by title
        "Radweg zum Bahnhof",
    ]


def test_an_unknown_sort_falls_back_to_the_default_order(client, listing):
    assert get_titles(client, "sortierung=-passwort") == get_titles(client)


def test_the_totals_are_those_of_the_filtered_measures_in_german(client, listing):
    html = client.get(f"{LIST}?netzwerk=netzwerk-test").content.decode()
    foot = html[html.index("<tfoot>") : html.index("</tfoot>")]
    # Investment (with its subsidy below), energy, CO₂.
    assert re.findall(r'(?:<td class="num">|<span class="muted">)([^<]*)<', foot) == [
        "1.319.568",
        "275.500",
        "120.000",
        "27,6",
    ]
    assert '<p role="status" class="result-count">3 Maßnahmen</p>' in html


def test_totals_of_an_empty_result_are_zero(client, listing):
    html = client.get(f"{LIST}?q=gibtesnicht").content.decode()
    foot = html[html.index("<tfoot>") : html.index("</tfoot>")]
    # Investment (with its subsidy below), energy, CO₂.
    assert re.findall(r'(?:<td class="num">|<span class="muted">)([^<]*)<', foot) == [
        "0",
        "0",
        "0",
        "0",
    ]
    assert "Keine Maßnahmen passen zu diesen Filtern." in html
    assert '<p role="status" class="result-count">0 Maßnahmen</p>' in html


def test_htmx_gets_only_the_results_section(client, listing):
    response = client.get(f"{LIST}?status=completed", HTTP_HX_REQUEST="true")
    html = response.content.decode().strip()
    assert "<html" not in html
    assert html.startswith('<section id="results"')
    assert html.endswith("</section>")
    assert titles(html) == ["Heizungstausch Rathaus"]


def test_a_bad_filter_value_is_reported_and_the_others_still_apply(client, listing):
    response = client.get(f"{LIST}?netzwerk=gibtsnicht&jahr=1999&status=completed")
    form = response.context["form"]
    assert response.status_code == 200
    assert form.errors == {
        "netzwerk": ["Bitte eine gültige Auswahl treffen. Dies ist keine gültige Auswahl."],
        "jahr": ["Bitte eine gültige Auswahl treffen. 1999 ist keine gültige Auswahl."],
    }
    html = response.content.decode()
    assert "Dies ist keine gültige Auswahl." in html
    assert titles(html) == ["Heizungstausch Rathaus"]


def test_a_bad_filter_value_alone_still_lists_everything(client, listing):
    assert len(get_titles(client, "kommune=gibtsnicht")) == 4


def test_a_climate_manager_sees_the_whole_network_but_edits_only_their_own(client, world):
    listing = Listing(world)
    client.force_login(world.climate_manager_b)
    html = client.get(LIST, {"kommune": ""}).content.decode()  # every municipality
    # B takes part in the test network only.
    assert titles(html) == ["Heizungstausch Rathaus", "LED in der Turnhalle", "Radweg zum Bahnhof"]
    assert f'action="/massnahmen/{listing.lamps.pk}/status/"' in html
    assert f'action="/massnahmen/{listing.heating.pk}/status/"' not in html


def test_a_climate_manager_starts_with_their_municipality_and_one_click_shows_all(client, world):
    Listing(world)
    client.force_login(world.climate_manager_b)
    response = client.get(LIST)
    assert response.status_code == 302
    assert response["Location"] == f"{LIST}?kommune=borchen"
    html = client.get(response["Location"]).content.decode()
    assert set(titles(html)) < {"Heizungstausch Rathaus", "LED in der Turnhalle",
                                "Radweg zum Bahnhof"}  # fmt: skip
    rows = html.split("<tbody>")[1].split("</tbody>")[0].split("</tr>")[:-1]
    assert rows and all("Borchen" in row for row in rows)
    assert '<a href="?kommune=">alle Kommunen anzeigen</a>' in html
    html = client.get(LIST, {"kommune": ""}).content.decode()
    assert len(titles(html)) == 3
    assert "alle Kommunen anzeigen" not in html

    # A coordinator opens the whole list, as before.
    client.force_login(world.coordinator)
    assert client.get(LIST).status_code == 200


def test_the_list_pages_by_fifty(client, world):
    client.force_login(world.coordinator)
    bulk_measures(world, 55)
    first = client.get(LIST).content.decode()
    second = client.get(f"{LIST}?seite=2&status=").content.decode()
    assert len(titles(first)) == 50
    assert titles(second) == [f"Massenmaßnahme {n:04d}" for n in (45, 47, 49, 51, 53)]
    assert "Seite 1 von 2" in first
    assert 'href="?status=&amp;seite=1"' in second
    assert 'rel="next"' not in second
    assert '<p role="status" class="result-count">55 Maßnahmen</p>' in second


def test_funders_may_not_see_the_list_and_outsiders_do_not_find_it(client, world):
    client.force_login(world.funder)
    assert client.get(LIST).status_code == 403
    client.force_login(world.outsider)
    assert client.get(LIST).status_code == 404


@pytest.mark.parametrize("count", [10, 1000])
def test_the_list_needs_the_same_queries_for_10_and_1000_measures(
    client, world, count, django_assert_max_num_queries
):
    client.force_login(world.coordinator)
    bulk_measures(world, count)
    # incl. the navigation's links, the categories of the filter, the measures without
    # one (the to-do) and the person's own municipality for the to-do's link; the
    # networks' kept figures for the years (their tokens and, not kept yet, their sums
    # in three queries); the totals of the completed ones summed
    with django_assert_max_num_queries(23):  # with the help link's roles
        response = client.get(f"{LIST}?sortierung=-co2&status=completed")
    assert response.status_code == 200
    with django_assert_max_num_queries(20):  # kept
        response = client.get(f"{LIST}?sortierung=-co2&status=completed")
    assert response.status_code == 200


@pytest.mark.parametrize("count", [10, 1000])
def test_the_csv_export_needs_the_same_queries_for_10_and_1000_measures(
    client, world, count, django_assert_max_num_queries
):
    client.force_login(world.coordinator)
    bulk_measures(world, count)
    # and the energy lines with their carriers, the categories of the filter and the
    # years it offers (the networks' kept figures: their ids, their tokens and, not
    # kept yet, their sums in three queries)
    with django_assert_max_num_queries(13):
        response = client.get(reverse("measure_export", args=["csv"]))
    assert response.content.decode("utf-8-sig").count("\r\n") == count + 1
    with django_assert_max_num_queries(10):  # kept
        response = client.get(reverse("measure_export", args=["csv"]))
    assert response.content.decode("utf-8-sig").count("\r\n") == count + 1


def test_the_year_filter_reads_the_years_once_grouped_not_one_row_per_measure(client, listing):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    for _ in range(2):
        with CaptureQueriesContext(connection) as queries:
            html = client.get(reverse("measure_list"), {"kommune": ""}).content.decode()
        assert '<option value="2024">2024</option>' in html
    # The second view finds the years kept (measures.figures), the first sums them with
    # the networks' figures, grouped, without the default ordering that made every
    # measure a row (20,000 measures gave 7,304 rows for 7 years).
    assert not [query for query in queries if grouped_by_year(query["sql"])]
    with CaptureQueriesContext(connection) as queries:
        cache.clear()
        client.get(reverse("measure_list"), {"kommune": ""})
    years = [query["sql"] for query in queries if grouped_by_year(query["sql"])]
    assert len(years) == 1
    assert "ORDER BY" not in years[0]


def grouped_by_year(sql: str) -> bool:
    return 'AS "year"' in sql and "GROUP BY" in sql


def savings_heading(html: str) -> str:
    return re.search(r'<a href="[^"]*sortierung=co2[^"]*"[^>]*>([^<]*)</a>', html)[1]


@pytest.mark.parametrize("query", ["", "netzwerk=zweites-netzwerk", "q=nichts+passt+hierzu"])
def test_the_savings_heading_names_the_one_gas_of_all_ones_networks_whatever_the_filter(
    client, listing, query
):
    # Issue 31, item 6: it read "t THG/a" for an empty result, "t CO₂/a" otherwise.
    html = client.get(f"{LIST}?{query}").content.decode()
    assert savings_heading(html) == "t CO₂/a"
    assert "3,5 CO₂" not in html  # one gas: the figures need not name it


@pytest.mark.parametrize(
    ("query", "sums"),
    [
        ("", '27,6 t CO₂/a</span><br><span class="nowrap">0 t CO₂e/a'),
        ("netzwerk=netzwerk-test", "27,6 t CO₂/a"),
        ("netzwerk=zweites-netzwerk", "0 t CO₂e/a"),
    ],
)
def test_networks_counting_in_both_gases_give_one_neutral_heading_and_a_gas_per_figure(
    client, listing, query, sums
):
    listing.second_network.factor_set = FactorSet.objects.get(slug="bisko-gemis")
    listing.second_network.save()
    html = client.get(f"{LIST}?{query}").content.decode()
    # The same heading for either network alone as for both: it does not jump with the
    # filter, and each figure and sum says which gas it counts.
    assert savings_heading(html) == "t CO₂/CO₂e/a"
    assert f'<td class="num"><span class="nowrap">{sums}</span></td>' in html
    if query != "netzwerk=zweites-netzwerk":
        assert '<td class="num">3,5 CO₂</td>' in html
