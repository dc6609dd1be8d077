"""Bad input gets a clear 400 or 401 with a message, in JSON and in the request's
language, never a 500; other methods than reading 405; too many requests 429."""

import base64
import csv
import io

import pytest
from django.core.cache import cache
from django.test import override_settings
from django.urls import reverse

from tests.factories import (
    AgendaItemFactory,
    AttendanceFactory,
    BudgetLineFactory,
    GrantFactory,
    MeasureFactory,
    MeetingFactory,
    ReceiptFactory,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("module_personas")]

MEASURES = reverse("api_measure-list")


@pytest.fixture
def api(token_client, personas):
    return token_client(personas.coordinator)


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ({"netzwerk": "x", "foo": "1"}, "Unbekannte Parameter: foo, netzwerk."),
        ({"changed_since": "gestern"}, "changed_since: "),
        ({"changed_since": "0001-01-01T00:00:00+14:00"}, "changed_since: "),
        ({"year": "zwanzig"}, "year: "),
        ({"year": "99999999999999999999"}, "year: "),
        ({"status": "fertig"}, "status: "),
        ({"page_size": "100000"}, "page_size: Die Seitengröße muss eine Zahl von 1 bis 500 sein."),
        ({"page_size": "0"}, "page_size: "),
        ({"page_size": "viele"}, "page_size: "),
        ({"cursor": "kaputt"}, "cursor: Ungültiger Cursor."),
        # Well-formed cursors whose position is no id (a cursor is only base64).
        ({"cursor": base64.b64encode(b"p=abc").decode()}, "cursor: Ungültiger Cursor."),
        ({"cursor": base64.b64encode(b"p=1.5").decode()}, "cursor: Ungültiger Cursor."),
        ({"cursor": base64.b64encode(b"r=1&p=").decode()}, "cursor: Ungültiger Cursor."),
    ],
)
def test_bad_input_is_a_400_with_a_message(api, query, message):
    response = api.get(MEASURES, query)
    assert response.status_code == 400
    assert response["Content-Type"] == "application/json"
    assert response.json()["detail"].startswith(message)


@pytest.mark.parametrize("url", ["api_participation-list", "api_meeting-list", "api_receipt-list"])
def test_other_lists_refuse_unknown_parameters_and_bad_pages(api, url):
    assert api.get(reverse(url), {"gemeinde": "1"}).status_code == 400
    assert api.get(reverse(url), {"page": "999"}).status_code == 400
    assert api.get(reverse(url), {"page_size": "501"}).status_code == 400


@pytest.mark.parametrize("method", ["post", "put", "patch", "delete"])
def test_nothing_is_written_through_the_api(api, client, personas, method):
    measure = MeasureFactory(participation=personas.participation_a)
    for url in (MEASURES, reverse("api_measure-detail", args=[measure.pk])):
        response = getattr(api, method)(url)
        assert response.status_code == 405
        assert "detail" in response.json()
    # With the browser's session too (no CSRF failure first).
    session = type(client)()
    session.force_login(personas.climate_manager_a)
    assert getattr(session, method)(MEASURES).status_code == 405


def test_errors_follow_the_requests_language(client):
    german = client.get(MEASURES, HTTP_ACCEPT_LANGUAGE="de")
    english = client.get(MEASURES, HTTP_ACCEPT_LANGUAGE="en")
    assert german.status_code == english.status_code == 401
    assert german.json() == {"detail": "Anmeldedaten fehlen."}
    assert english.json() == {"detail": "Authentication credentials were not provided."}


def test_unknown_addresses_under_the_api_are_json_404(api):
    response = api.get("/api/v1/massnahmen/")
    assert response.status_code == 404
    assert response.json() == {"detail": "Nicht gefunden."}


@override_settings(API_REQUESTS_PER_MINUTE=2)
def test_too_many_requests_get_429_with_retry_after(api, token_client, personas):
    cache.clear()
    assert api.get(MEASURES).status_code == 200
    assert api.get(MEASURES).status_code == 200
    response = api.get(MEASURES)
    assert response.status_code == 429
    assert 0 < int(response["Retry-After"]) <= 60
    assert "detail" in response.json()
    # Counted per token: another token of another person still gets through.
    other = token_client(personas.climate_manager_a)
    assert other.get(MEASURES).status_code == 200
    cache.clear()


def test_csv_cells_never_run_as_formulas(api, personas):
    measure = MeasureFactory(participation=personas.participation_a, title="=HYPERLINK(1)")
    measure.investment_eur = -5  # not possible on the page; a number stays a number
    response = api.get(MEASURES, {"format": "csv"})
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    assert [row["title"] for row in rows] == ["'=HYPERLINK(1)"]
    assert rows[0]["municipality.ags"] == personas.municipality_a.ags


def test_csv_errors_are_json(api):
    response = api.get(MEASURES, {"format": "csv", "foo": "1"})
    assert response.status_code == 400
    assert response["Content-Type"] == "application/json"


@pytest.mark.parametrize("count", [2, 20])
def test_the_measure_list_costs_the_same_queries_for_2_and_20(
    api, personas, count, django_assert_num_queries
):
    for _ in range(count):
        MeasureFactory(participation=personas.participation_a)
    api.get(MEASURES)  # the last use is written once a minute: not in the count below
    # Token, role check, measures, their energy lines.
    with django_assert_num_queries(4):
        response = api.get(MEASURES)
    assert len(response.json()["results"]) == count


def test_a_later_measure_page_costs_the_same_queries_without_counting(
    api, personas, django_assert_num_queries
):
    """The cursor walks by id: a page further on is one query for the rows (no
    COUNT(*), no OFFSET), whatever the list's length (bench/api.py at 20,000)."""
    for _ in range(5):
        MeasureFactory(participation=personas.participation_a)
    second = api.get(MEASURES, {"page_size": 2}).json()["next"]
    with django_assert_num_queries(4) as queries:
        response = api.get(second)
    assert len(response.json()["results"]) == 2
    sql = " ".join(query["sql"].upper() for query in queries.captured_queries)
    assert "COUNT(" not in sql
    assert "OFFSET" not in sql


@pytest.mark.parametrize("count", [2, 20])
def test_the_other_lists_cost_constant_queries(api, personas, count, django_assert_num_queries):
    grant = GrantFactory(network=personas.network)
    for _ in range(count):
        meeting = MeetingFactory(network=personas.network, moderator=personas.coordinator)
        AgendaItemFactory(meeting=meeting)
        AttendanceFactory(meeting=meeting, municipality=personas.municipality_a)
        ReceiptFactory(grant=grant, budget_line=BudgetLineFactory(grant=grant))
    api.get(MEASURES)
    # Token, role check, the count, the rows, and one per prefetched relation.
    expected = {"api_network-list": 6, "api_participation-list": 4, "api_meeting-list": 6,
                "api_receipt-list": 4}  # fmt: skip
    for name, queries in expected.items():
        with django_assert_num_queries(queries):
            response = api.get(reverse(name))
        assert response.status_code == 200
    assert response.json()["count"] == count
