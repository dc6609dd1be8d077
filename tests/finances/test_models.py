"""The finances' rules as the database keeps them (CheckConstraints) and as people
read them (clean() in German on the field concerned)."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from finances.models import CallOff, Financing, Grant, PlanChange, PlannedAmount, Receipt
from tests.factories import (
    BudgetLineFactory,
    CallOffFactory,
    GrantFactory,
    NetworkFactory,
    ReceiptFactory,
)

pytestmark = pytest.mark.django_db


def refused_by_database(obj, **changes) -> bool:
    for field, value in changes.items():
        setattr(obj, field, value)
    try:
        with transaction.atomic():
            obj.save()
    except IntegrityError:
        return True
    return False


@pytest.mark.parametrize(
    "changes",
    [
        {"net": Decimal(-1), "gross": Decimal(189)},  # negative net
        {"gross": Decimal(1200)},  # gross is not net + VAT
        {"eligible_amount": Decimal(1191)},  # more eligible than paid
        {"payment_date": datetime.date(1989, 12, 31)},
        {"invoice_date": datetime.date(2101, 1, 1)},
        {"number": 0},
        {"budget_line": None},  # an expense without its line
        {"kind": Receipt.Kind.INCOME},  # income with a budget line and no source
        {"party": ""},
    ],
)
def test_the_database_refuses_a_receipt_breaking_a_rule(changes):
    receipt = ReceiptFactory()
    assert refused_by_database(receipt, **changes)


def test_a_valid_receipt_is_saved_and_income_needs_a_source_not_a_line():
    receipt = ReceiptFactory()
    assert not refused_by_database(receipt, eligible_amount=Decimal(0))
    assert not refused_by_database(
        receipt, kind=Receipt.Kind.INCOME, budget_line=None, source="contributions"
    )


def test_a_receipt_number_is_unique_per_grant_only():
    first = ReceiptFactory(number=7)
    with pytest.raises(IntegrityError), transaction.atomic():
        ReceiptFactory(grant=first.grant, number=7)
    ReceiptFactory(number=7)  # another grant's


def clean_errors(obj) -> dict:
    with pytest.raises(ValidationError) as caught:
        obj.full_clean()
    return caught.value.message_dict


def test_clean_says_in_german_what_is_wrong_with_the_amounts():
    receipt = ReceiptFactory.build(grant=GrantFactory(), budget_line=None)
    receipt.budget_line = BudgetLineFactory(grant=receipt.grant)
    receipt.net, receipt.vat, receipt.gross = Decimal(-5), Decimal(0), Decimal(-5)
    assert clean_errors(receipt)["net"] == ["Beträge können nicht negativ sein."]
    receipt.net, receipt.vat, receipt.gross = Decimal(0), Decimal(300), Decimal(200)
    assert clean_errors(receipt)["vat"] == ["Die Umsatzsteuer ist größer als der Bruttobetrag."]
    receipt.net, receipt.vat, receipt.gross = Decimal(100), Decimal(19), Decimal(120)
    assert "netto plus Umsatzsteuer" in clean_errors(receipt)["gross"][0]


def test_the_eligible_amount_needs_a_reason_where_it_differs_from_the_default():
    grant = GrantFactory(deducts_input_vat=True)
    line = BudgetLineFactory(grant=grant)
    receipt = ReceiptFactory.build(grant=grant, budget_line=line, number=1)
    receipt.eligible_amount = receipt.gross  # the net is the default with VAT deduction
    assert "bitte den Grund angeben" in clean_errors(receipt)["eligible_reason"][0]
    receipt.eligible_amount = receipt.net
    receipt.full_clean()
    receipt.eligible_amount = Decimal(500)
    receipt.eligible_reason = "Nur die Hälfte betraf das Netzwerk."
    receipt.full_clean()


def test_a_duplicate_number_is_said_in_german():
    first = ReceiptFactory(number=3)
    second = ReceiptFactory.build(grant=first.grant, budget_line=first.budget_line, number=3)
    assert clean_errors(second)["__all__"] == ["Diese Belegnummer ist schon vergeben."]


@pytest.mark.parametrize(
    "changes",
    [
        {"funding_rate": Decimal("100.01")},
        {"funding_rate": Decimal(-1)},
        {"maximum_grant": Decimal(-1)},
        {"period_end": datetime.date(2022, 6, 30)},  # before the start
        {"tolerance_percent": Decimal(101)},
        {"interim_proof_months": 0},
    ],
)
def test_the_database_refuses_a_grant_breaking_a_rule(changes):
    grant = GrantFactory()
    assert refused_by_database(grant, **changes)
    grant.refresh_from_db()
    assert clean_errors(Grant(**{**_fields(grant), **changes}))


def _fields(grant) -> dict:
    return {f.attname: getattr(grant, f.attname) for f in Grant._meta.concrete_fields
            if f.attname not in ("id",)} | {"network": NetworkFactory()}  # fmt: skip


def test_one_grant_per_network():
    grant = GrantFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        GrantFactory(network=grant.network)


def test_the_grants_deadlines_default_to_30_april_and_six_months_after_the_period():
    grant = GrantFactory.build(
        period_start=datetime.date(2022, 7, 1), period_end=datetime.date(2025, 6, 30)
    )
    assert grant.years() == [2022, 2023, 2024, 2025]
    assert grant.interim_proof_due(2022) == datetime.date(2023, 4, 30)
    assert grant.final_proof_due() == datetime.date(2025, 12, 30)


def test_planned_amounts_financing_and_plan_changes_refuse_what_makes_no_sense():
    line = BudgetLineFactory()
    assert refused_by_database(PlannedAmount(line=line, year=2023, amount=Decimal(-1)))
    assert refused_by_database(PlannedAmount(line=line, year=1900, amount=Decimal(1)))
    assert refused_by_database(
        Financing(grant=line.grant, source="grant", year=2023, amount=Decimal(-1))
    )
    assert refused_by_database(
        PlanChange(grant=line.grant, number=1, changed_on=datetime.date(2023, 1, 1), reason="")
    )


@pytest.mark.parametrize(
    "changes",
    [
        {"amount_asked": Decimal(0)},
        {"received_on": datetime.date(2023, 1, 1)},  # without the amount
        {"amount_received": Decimal(5)},  # without the date
        {"received_on": datetime.date(2022, 6, 1), "amount_received": Decimal(5)},  # before asking
    ],
)
def test_the_database_refuses_a_call_off_breaking_a_rule(changes):
    call_off = CallOffFactory()
    assert refused_by_database(call_off, **changes)
    fresh = CallOff(**{"grant": call_off.grant, "asked_on": call_off.asked_on,
                       "amount_asked": call_off.amount_asked, **changes})  # fmt: skip
    assert clean_errors(fresh)
