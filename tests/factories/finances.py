"""Factories of the finances app: a grant over its network's term, budget lines,
receipts and call-offs."""

import datetime
from decimal import Decimal

import factory
from factory.django import DjangoModelFactory

from finances.models import BudgetLine, CallOff, Grant, Receipt
from tests.factories.networks import NetworkFactory


class GrantFactory(DjangoModelFactory):
    """A grant over its network's term: 80 % of the eligible expenses, at most
    EUR 200,000, no input-VAT deduction (gross amounts are eligible)."""

    class Meta:
        model = Grant

    network = factory.SubFactory(NetworkFactory)
    period_start = factory.LazyAttribute(lambda o: o.network.term_start)
    period_end = factory.LazyAttribute(lambda o: o.network.term_end)
    funding_rate = Decimal(80)
    maximum_grant = Decimal(200_000)


class BudgetLineFactory(DjangoModelFactory):
    class Meta:
        model = BudgetLine

    grant = factory.SubFactory(GrantFactory)
    kind = BudgetLine.Kind.EXTERNAL
    name = factory.Sequence(lambda n: f"Moderation {n}")


class ReceiptFactory(DjangoModelFactory):
    """An expense of EUR 1,190 (1,000 net + 190 VAT), paid in the grant's first month,
    on a budget line of its grant, eligible in full (gross), without files."""

    class Meta:
        model = Receipt

    grant = factory.SubFactory(GrantFactory)
    number = factory.Sequence(lambda n: n + 1)
    kind = Receipt.Kind.EXPENSE
    invoice_date = factory.LazyAttribute(lambda o: o.grant.period_start)
    payment_date = factory.LazyAttribute(
        lambda o: o.grant.period_start + datetime.timedelta(days=14)
    )
    party = "Moderation GmbH"
    reason = "Moderation des Netzwerktreffens"
    net = Decimal(1000)
    vat = Decimal(190)
    gross = Decimal(1190)
    eligible_amount = factory.LazyAttribute(lambda o: o.gross)
    budget_line = factory.LazyAttribute(lambda o: BudgetLineFactory(grant=o.grant))


class CallOffFactory(DjangoModelFactory):
    """A call-off of EUR 10,000 justified by as much in expected payments, not yet received."""

    class Meta:
        model = CallOff

    grant = factory.SubFactory(GrantFactory)
    asked_on = factory.LazyAttribute(lambda o: o.grant.period_start)
    amount_asked = Decimal(10_000)
    expected_amount = Decimal(10_000)
    expected_payments = "Rechnung der Moderation"
