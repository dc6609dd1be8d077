"""The financing plan's old versions: the list (number, date, reason, who) and one
version as a table with the changes against the version before marked in words, for
those who keep the finances and the funder; 404 for everybody else."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from finances import services
from finances.models import Financing
from finances.plan_versions import version_table
from tests.factories import BudgetLineFactory, GrantFactory
from tests.helpers import with_totp

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("module_personas")]


@pytest.fixture
def versions(personas):
    """Version 1 as the grant notice had it; version 2 moves 500 EUR of 2023 from
    travel to moderation, adds a line for events and the own share of 2024."""
    grant = GrantFactory(network=personas.network)
    travel = BudgetLineFactory(grant=grant, kind="travel", name="Reisekosten")
    moderation = BudgetLineFactory(grant=grant, kind="external", name="Moderation")

    def save(reason, **plan):
        return services.save_plan(
            grant=grant, user=personas.finance, changed_on=datetime.date(2023, 1, 5),
            reason=reason, new_line=plan.pop("new_line", None),
            new_line_planned=plan.pop("new_line_planned", {}), **plan,
        )  # fmt: skip

    first = save(
        "Zuwendungsbescheid",
        planned={(travel.pk, 2023): Decimal(1500), (moderation.pk, 2023): Decimal(4000)},
        financing={("grant", 2023): Decimal(4400)},
    )
    second = save(
        "Änderungsbescheid vom 02.03.2024",
        planned={(travel.pk, 2023): Decimal(1000), (moderation.pk, 2023): Decimal(4500)},
        financing={("own_share", 2024): Decimal(300)},
        new_line=("events", "Veranstaltungen"),
        new_line_planned={2024: Decimal(700)},
    )
    return grant, first, second


def test_the_list_names_each_version_with_date_reason_and_who(client, personas, versions):
    grant, _first, _second = versions
    client.force_login(with_totp(personas.funder))
    html = client.get(reverse("plan_versions", args=[grant.network.slug])).content.decode()
    assert html.index("Fassung 2") < html.index("Fassung 1")  # the newest first
    assert "Änderungsbescheid vom 02.03.2024" in html
    assert personas.finance.name in html
    assert reverse("plan_version", args=[grant.network.slug, 1]) in html
    assert "Finanzierungsplan bearbeiten" not in html  # the funder reads only


def test_a_version_marks_each_changed_amount_with_the_old_one_in_words(client, personas, versions):
    grant, _first, _second = versions
    client.force_login(with_totp(personas.coordinator))
    response = client.get(reverse("plan_version", args=[grant.network.slug, 2]))
    assert response.status_code == 200
    lines = {row.name: row for row in response.context["lines"]}
    travel_2023 = lines["Reisekosten"].cells[0]
    assert (travel_2023.amount, travel_2023.previous, travel_2023.changed) == (
        Decimal(1000), Decimal(1500), True)  # fmt: skip
    assert lines["Veranstaltungen"].status == "new"
    assert response.context["years"] == [2023, 2024]
    assert not lines["Reisekosten"].cells[1].changed  # 2024: nothing before, nothing now
    html = response.content.decode()
    assert "vorher 1.500,00" in html and "vorher 4.000,00" in html
    assert response.context["change_count"] == 4  # travel, moderation, events, own share
    assert "Gegenüber Fassung 1 sind 4 Beträge geändert" in html
    assert "Änderungsbescheid vom 02.03.2024" in html


def test_the_first_version_has_nothing_to_compare(client, personas, versions):
    grant, _first, _second = versions
    client.force_login(with_totp(personas.finance))
    response = client.get(reverse("plan_version", args=[grant.network.slug, 1]))
    assert response.context["compare"] is False
    assert "vorher" not in response.content.decode()
    assert "Die erste Fassung des Finanzierungsplans." in response.content.decode()
    assert response.context["lines_total"].cells[0].amount == Decimal(5500)


def test_a_line_dropped_from_the_plan_shows_as_removed(versions):
    _grant, first, second = versions
    second.plan["lines"] = [line for line in second.plan["lines"] if line["name"] != "Moderation"]
    second.plan["financing"] = []
    table = version_table(second, first)
    removed = next(row for row in table["lines"] if row.name == "Moderation")
    assert removed.status == "removed"
    assert removed.cells[0] == type(removed.cells[0])(None, Decimal(4000), changed=True)
    grant_row = next(
        row for row in table["sources"] if row.name == str(Financing.Source.GRANT.label)
    )
    assert grant_row.cells[0].previous == Decimal(4400) and grant_row.cells[0].amount is None


def test_an_unknown_version_or_a_network_without_grant_is_404(client, personas, versions):
    grant, _first, _second = versions
    client.force_login(with_totp(personas.coordinator))
    assert client.get(reverse("plan_version", args=[grant.network.slug, 3])).status_code == 404
    grant.delete()
    assert client.get(reverse("plan_versions", args=[grant.network.slug])).status_code == 404


@pytest.mark.parametrize(
    ("persona", "status"),
    [
        ("coordinator", 200),
        ("finance", 200),
        ("funder", 200),
        ("other_coordinator", 404),
        ("other_finance", 404),
        ("climate_manager_a", 404),
        ("foreign_climate_manager", 404),
        ("service_provider", 404),
        ("outsider", 404),
    ],
)
def test_who_reads_the_versions(client, personas, versions, persona, status):
    grant, _first, _second = versions
    client.force_login(with_totp(getattr(personas, persona)))
    for url in (reverse("plan_versions", args=[grant.network.slug]),
                reverse("plan_version", args=[grant.network.slug, 2])):  # fmt: skip
        assert client.get(url).status_code == status
        assert client.post(url).status_code == 405  # read only, for everybody


def test_the_overview_links_the_versions(client, personas, versions):
    grant, _first, _second = versions
    client.force_login(with_totp(personas.funder))
    html = client.get(reverse("finances", args=[grant.network.slug])).content.decode()
    assert reverse("plan_versions", args=[grant.network.slug]) in html
    assert reverse("plan_version", args=[grant.network.slug, 2]) in html
