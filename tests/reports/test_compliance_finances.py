"""The finances' rules in the compliance view (finances/rules.py through
reports/compliance.py): one per family of checks and one for the proofs' deadlines,
shown only to those who read the network's finances, never in a report's annex."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from finances.models import BudgetLine
from reports.compliance import check_network, programme_rules
from tests.factories import BudgetLineFactory, CallOffFactory, GrantFactory, ReceiptFactory
from tests.helpers import with_totp

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("module_personas")]

D = datetime.date
KEYS = [
    "finances-period", "finances-twice", "finances-documents", "finances-lines",
    "finances-grant", "finances-call-offs", "finances-spent", "finances-public-relations",
    "finances-deadlines",
]  # fmt: skip


@pytest.fixture
def grant(personas):
    return GrantFactory(network=personas.network)


def finance_rules(personas, today):
    rules = check_network(personas.network, today=today, finances=True)
    return {r.key: r for r in rules if r.key.startswith("finances-")}


def test_a_network_with_a_grant_gains_one_rule_per_family_each_kept_when_nothing_is_found(
    personas, grant
):
    rules = finance_rules(personas, D(2022, 8, 1))
    assert list(rules) == KEYS
    assert {r.state for r in rules.values()} == {"green"}
    assert rules["finances-period"].finding == "Keine Auffälligkeiten."
    assert rules["finances-period"].link == "/netzwerke/netzwerk-test/finanzen/"
    assert rules["finances-public-relations"].rule == (
        "Öffentlichkeitsarbeit höchstens 1.500,00 EUR je teilnehmender Kommune."
    )
    assert rules["finances-deadlines"].finding == (
        "Als Nächstes: Zwischennachweis 2022, fällig am 30.04.2023."
    )


def test_without_a_grant_or_without_asking_there_are_no_finance_rules(personas):
    assert finance_rules(personas, D(2022, 8, 1)) == {}
    GrantFactory(network=personas.network)
    plain = check_network(personas.network, today=D(2022, 8, 1))
    assert not [r for r in plain if r.key.startswith("finances-")]


def test_errors_are_red_warnings_amber_and_each_finding_is_listed(personas, grant):
    line = BudgetLineFactory(grant=grant, kind=BudgetLine.Kind.PUBLIC_RELATIONS)
    outside = ReceiptFactory(grant=grant, budget_line=line, payment_date=D(2022, 6, 1),
                             party="Druckerei")  # fmt: skip
    CallOffFactory(grant=grant, amount_asked=Decimal(500), expected_amount=Decimal(100))
    rules = finance_rules(personas, D(2023, 4, 10))
    assert rules["finances-period"].state == "red"
    assert rules["finances-period"].finding == "1 Fehler."
    assert rules["finances-period"].gaps == (
        f"Beleg {outside.number}: Druckerei: Zahlung am 01.06.2022 liegt außerhalb des "
        "Bewilligungszeitraums (01.07.2022 – 30.06.2025).",
    )
    assert rules["finances-documents"].state == "amber"
    assert rules["finances-call-offs"].state == "amber"
    assert rules["finances-call-offs"].finding == "1 Hinweis."
    assert rules["finances-twice"].state == "green"
    # 1,190 EUR of public relations for two municipalities is within 3,000 EUR.
    assert rules["finances-public-relations"].state == "green"
    # The interim proof of 2022 is due on 30 April 2023.
    assert rules["finances-deadlines"].state == "amber"
    assert rules["finances-deadlines"].gaps == (
        "Zwischennachweis 2022, fällig am 30.04.2023: bald fällig",
    )
    assert finance_rules(personas, D(2023, 5, 1))["finances-deadlines"].state == "red"


def test_a_rule_lists_at_most_ten_findings(personas, grant):
    line = BudgetLineFactory(grant=grant)
    for day in range(1, 13):
        ReceiptFactory(grant=grant, budget_line=line, payment_date=D(2022, 6, day))
    gaps = finance_rules(personas, D(2022, 8, 1))["finances-period"].gaps
    assert len(gaps) == 11 and gaps[-1] == "… und 2 weitere"


def test_the_reports_annex_holds_no_finance_rule(personas, grant):
    ReceiptFactory(grant=grant, payment_date=D(2022, 6, 1))
    assert not [
        r for r in programme_rules(personas.network, today=D(2023, 1, 1)) if "finances" in r.key
    ]


@pytest.mark.parametrize(
    ("persona", "sees"),
    [("coordinator", True), ("funder", True), ("superuser", True),
     ("service_provider", False)],
)  # fmt: skip
def test_only_who_reads_the_finances_sees_their_rules_on_the_page(
    client, personas, grant, persona, sees
):
    ReceiptFactory(grant=grant, payment_date=D(2022, 6, 1))
    client.force_login(with_totp(getattr(personas, persona)))
    response = client.get(reverse("compliance", args=[personas.network.slug]))
    assert response.status_code == 200
    page = response.content.decode()
    assert ("Alle Zahlungen liegen im Bewilligungszeitraum." in page) is sees
    assert ("/netzwerke/netzwerk-test/finanzen/" in page) is sees
    assert ("außerhalb des Bewilligungszeitraums" in page) is sees


def test_the_climate_manager_and_the_finance_person_of_another_organisation_see_no_page(
    client, personas, grant
):
    url = reverse("compliance", args=[personas.network.slug])
    client.force_login(personas.climate_manager_a)
    assert client.get(url).status_code == 403
    client.force_login(personas.other_finance)
    assert client.get(url).status_code == 404
