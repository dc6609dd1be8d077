"""Each check of the finances fires where the grant's rule is broken, and only there."""

import datetime
from decimal import Decimal

import pytest

from finances import checks
from finances.models import BudgetLine, PlannedAmount, Receipt
from finances.receipt_rows import ReceiptRows
from tests.factories import (
    BudgetLineFactory,
    CallOffFactory,
    GrantFactory,
    ParticipationFactory,
    ReceiptFactory,
    png_upload,
)

pytestmark = pytest.mark.django_db

D = Decimal
THOUSAND = Decimal(1000)


@pytest.fixture
def grant():
    return GrantFactory(
        period_start=datetime.date(2023, 1, 1),
        period_end=datetime.date(2025, 12, 31),
        funding_rate=D(80),
        maximum_grant=D(100_000),
    )


def expense(grant, *, paid=datetime.date(2023, 3, 1), amount=THOUSAND, line=None, **fields):
    return ReceiptFactory(
        grant=grant, payment_date=paid, net=amount, vat=D(0), gross=amount,
        eligible_amount=amount, budget_line=line or BudgetLineFactory(grant=grant), **fields,
    )  # fmt: skip


def test_a_payment_outside_the_approval_period_is_an_error(grant):
    inside = expense(grant, paid=datetime.date(2025, 12, 31))
    before = expense(grant, paid=datetime.date(2022, 12, 31))
    findings = checks.payments_outside_period(grant=grant, receipts=[inside, before])
    assert [f.link for f in findings] == [
        f"/netzwerke/{grant.network.slug}/finanzen/belege/{before.pk}/"
    ]
    assert findings[0].level == checks.ERROR
    assert findings[0].what == (
        "Zahlung am 31.12.2022 liegt außerhalb des Bewilligungszeitraums (01.01.2023 – 31.12.2025)."
    )


def test_a_payment_outside_the_period_set_to_nothing_eligible_is_settled(grant):
    before = expense(grant, paid=datetime.date(2022, 12, 31))
    before.eligible_amount = D(0)
    assert checks.payments_outside_period(grant=grant, receipts=[before]) == []


def test_a_receipt_without_invoice_or_proof_of_payment_is_named(grant):
    bare = expense(grant)
    half = expense(grant)
    half.invoice.save("r.png", png_upload(), save=False)
    both = expense(grant)
    both.invoice.save("r.png", png_upload(), save=False)
    both.payment_proof.save("z.png", png_upload(), save=False)
    findings = checks.receipts_without_documents(grant=grant, receipts=[bare, half, both])
    assert [f.what for f in findings] == [
        "Es fehlt die Rechnung und der Zahlungsnachweis.",
        "Es fehlt der Zahlungsnachweis.",
    ]


def plan(line, amount):
    return PlannedAmount.objects.create(line=line, year=2023, amount=amount)


def test_a_line_more_than_the_tolerance_over_its_plan_is_a_warning_covered_by_savings(grant):
    travel = BudgetLineFactory(grant=grant, name="Reisen")
    staff = BudgetLineFactory(grant=grant, name="Personal")
    planned = [plan(travel, D(1000)), plan(staff, D(10_000))]
    receipts = [expense(grant, amount=D(1200), line=travel)]  # 20 %: allowed
    assert checks.lines_over_plan(grant=grant, lines=[travel, staff], planned=planned,
                                  receipts=receipts) == []  # fmt: skip
    receipts.append(expense(grant, amount=D(1), line=travel))
    [finding] = checks.lines_over_plan(
        grant=grant, lines=[travel, staff], planned=planned, receipts=receipts
    )
    assert finding.where == "Ausgabenposition „Reisen“"
    assert "(20 %) über dem Plan; erlaubt sind 20 %" in finding.what
    assert "decken die Überschreitung" in finding.todo  # staff saved 10,000


def test_a_line_over_plan_without_savings_elsewhere_asks_for_a_plan_change(grant):
    travel = BudgetLineFactory(grant=grant, name="Reisen")
    staff = BudgetLineFactory(grant=grant, name="Personal")
    planned = [plan(travel, D(1000)), plan(staff, D(100))]
    receipts = [expense(grant, amount=D(2000), line=travel),
                expense(grant, amount=D(100), line=staff)]  # fmt: skip
    [finding] = checks.lines_over_plan(
        grant=grant, lines=[travel, staff], planned=planned, receipts=receipts
    )
    assert "Änderung des Finanzierungsplans" in finding.todo


def test_the_tolerance_is_the_grants_setting(grant):
    travel = BudgetLineFactory(grant=grant)
    planned = [plan(travel, D(1000))]
    receipts = [expense(grant, amount=D(1100), line=travel)]
    assert checks.lines_over_plan(grant=grant, lines=[travel], planned=planned,
                                  receipts=receipts) == []  # fmt: skip
    grant.tolerance_percent = D(5)
    assert len(checks.lines_over_plan(grant=grant, lines=[travel], planned=planned,
                                      receipts=receipts)) == 1  # fmt: skip


def test_the_grant_received_above_the_rate_or_asked_above_the_maximum(grant):
    receipts = [expense(grant, amount=D(10_000))]  # 80 %: 8,000 due
    fine = CallOffFactory(grant=grant, amount_asked=D(8000), received_on=datetime.date(2023, 3, 1),
                          amount_received=D(8000))  # fmt: skip
    assert checks.grant_above_entitlement(grant=grant, receipts=receipts, call_offs=[fine]) == []
    more = CallOffFactory(grant=grant, amount_asked=D(95_000),
                          received_on=datetime.date(2023, 4, 1), amount_received=D(1))  # fmt: skip
    findings = checks.grant_above_entitlement(
        grant=grant, receipts=receipts, call_offs=[fine, more]
    )
    assert [(f.level, f.key) for f in findings] == [
        (checks.ERROR, "grant_above_maximum"),
        (checks.WARNING, "grant_above_rate"),
    ]
    assert (
        findings[0].what
        == "Abgerufen sind 103.000,00 EUR, mehr als der Höchstbetrag von 100.000,00 EUR."
    )


def test_a_call_off_larger_than_the_payments_expected_in_six_weeks(grant):
    justified = CallOffFactory(grant=grant, amount_asked=D(5000), expected_amount=D(5000))
    too_much = CallOffFactory(grant=grant, amount_asked=D(5000), expected_amount=D(3000))
    findings = checks.call_offs_above_expected(grant=grant, call_offs=[justified, too_much])
    assert [f.link for f in findings] == [too_much.get_absolute_url()]


RATE = D("6.27")


def not_spent(grant, call_off, receipts, today):
    return checks.money_not_spent(
        grant=grant, call_offs=[call_off], receipts=receipts, today=today, interest_rate=RATE
    )


def test_money_not_spent_six_weeks_after_it_came_in(grant):
    received = datetime.date(2023, 3, 1)
    call_off = CallOffFactory(grant=grant, amount_asked=D(8000), received_on=received,
                              amount_received=D(8000))  # fmt: skip
    in_time = [expense(grant, paid=received + datetime.timedelta(days=42), amount=D(10_000))]
    late = [expense(grant, paid=received + datetime.timedelta(days=43), amount=D(10_000))]
    today = datetime.date(2024, 1, 1)
    assert not_spent(grant, call_off, in_time, today) == []
    [finding] = not_spent(grant, call_off, late, today)
    assert "8.000,00 EUR nicht ausgegeben" in finding.what
    # Before the six weeks are over nothing is said yet.
    assert not_spent(grant, call_off, late, received + datetime.timedelta(days=41)) == []


def test_money_not_spent_is_estimated_the_interest_from_its_receipt_until_spent(grant):
    received = datetime.date(2023, 3, 1)
    call_off = CallOffFactory(grant=grant, amount_asked=D(8000), received_on=received,
                              amount_received=D(8000))  # fmt: skip
    # Spent on day 43: 8,000 EUR for 43 days at 6.27 % a year.
    late = [expense(grant, paid=received + datetime.timedelta(days=43), amount=D(10_000))]
    [finding] = not_spent(grant, call_off, late, datetime.date(2024, 1, 1))
    assert finding.what.endswith(
        "Geschätzte Zinsen: 59,09 EUR (6,27 % im Jahr vom Eingang bis zur Verwendung, 43 Tage)."
    )
    # Never spent: 8,000 EUR from 1 March 2023 until today, 306 days.
    [finding] = not_spent(grant, call_off, [], datetime.date(2024, 1, 1))
    assert "Geschätzte Zinsen: 420,52 EUR" in finding.what and "306 Tage" in finding.what
    # Half spent on day 50 (the grant's share of 5,000 EUR is 4,000 EUR): 8,000 EUR for
    # 50 days, then 4,000 EUR for the remaining 256.
    half = [expense(grant, paid=received + datetime.timedelta(days=50), amount=D(5000))]
    [finding] = not_spent(grant, call_off, half, datetime.date(2024, 1, 1))
    assert "Geschätzte Zinsen: 244,62 EUR" in finding.what


def test_the_interest_rate_is_a_setting(grant, settings):
    received = datetime.date(2023, 3, 1)
    CallOffFactory(grant=grant, amount_asked=D(8000), received_on=received,
                   amount_received=D(8000))  # fmt: skip
    settings.FINANCES_INTEREST_RATE_PERCENT = D("3.65")
    findings = checks.check_finances(grant=grant, lines=[], planned=[],
                                     receipts=ReceiptRows.single([]),
                                     call_offs=list(grant.call_offs.all()),
                                     today=datetime.date(2023, 4, 12))  # fmt: skip
    [finding] = [f for f in findings if f.key == "money_not_spent"]
    # 8,000 EUR × 3.65 % / 365 = 0.80 EUR a day, 42 days.
    assert "Geschätzte Zinsen: 33,60 EUR (3,65 % im Jahr" in finding.what


def pr_line(grant):
    return BudgetLineFactory(grant=grant, kind=BudgetLine.Kind.PUBLIC_RELATIONS,
                             name="Öffentlichkeitsarbeit")  # fmt: skip


def test_public_relations_above_the_cap_per_participant_is_a_warning(grant):
    line = pr_line(grant)
    other = BudgetLineFactory(grant=grant)
    receipts = [expense(grant, amount=D(4000), line=line), expense(grant, amount=D(9000),
                                                                   line=other)]  # fmt: skip

    def check(participants):
        return checks.public_relations_above_cap(
            grant=grant, lines=[line, other], receipts=receipts, participants=participants,
            cap_per_participant=D(1500),
        )  # fmt: skip

    assert check(3) == []  # 4,500 EUR allowed
    [finding] = check(2)
    assert finding.level == checks.WARNING and finding.key == "public_relations_above_cap"
    assert finding.what == (
        "Für Öffentlichkeitsarbeit sind 4.000,00 EUR zuwendungsfähig gebucht, mehr als die "
        "Obergrenze von 3.000,00 EUR (1.500,00 EUR je teilnehmender Kommune, 2 Kommunen)."
    )
    assert finding.where == "Ausgabenposition „Öffentlichkeitsarbeit“"
    assert finding.todo.startswith("Die 1.000,00 EUR über der Obergrenze sind nicht")


def test_the_public_relations_cap_counts_the_municipalities_taking_part_and_is_a_setting(
    grant, settings
):
    line = pr_line(grant)
    receipts = [expense(grant, amount=D(2000), line=line)]
    ParticipationFactory(network=grant.network, joined_on=grant.period_start)
    ParticipationFactory(network=grant.network,
                         joined_on=grant.period_start - datetime.timedelta(days=60),
                         left_on=grant.period_start - datetime.timedelta(days=1))  # fmt: skip

    def keys():
        return [f.key for f in checks.check_finances(
            grant=grant, lines=[line], planned=[], receipts=ReceiptRows.single(receipts),
            call_offs=[],
            today=datetime.date(2024, 1, 1),
        )]  # fmt: skip

    settings.FINANCES_PR_CAP_PER_PARTICIPANT = D(2000)
    assert "public_relations_above_cap" not in keys()  # one participant, 2,000 EUR
    settings.FINANCES_PR_CAP_PER_PARTICIPANT = D("1999.99")
    assert "public_relations_above_cap" in keys()


def test_the_same_invoice_booked_twice_is_an_error_and_with_another_reason_a_warning(grant):
    line = BudgetLineFactory(grant=grant)
    day = datetime.date(2023, 2, 1)
    first = expense(grant, line=line, invoice_date=day, party="Druckerei Höxter",
                    reason="Flyer")  # fmt: skip
    twice = expense(grant, line=line, invoice_date=day, party=" druckerei  HÖXTER",
                    reason="flyer")  # fmt: skip
    other_reason = expense(grant, line=line, invoice_date=day, party="Druckerei Höxter",
                           reason="Plakate")  # fmt: skip
    other_day = expense(grant, line=line, invoice_date=day + datetime.timedelta(days=1),
                        party="Druckerei Höxter", reason="Flyer")  # fmt: skip
    other_amount = expense(grant, line=line, invoice_date=day, party="Druckerei Höxter",
                           reason="Flyer", amount=D(999))  # fmt: skip
    findings = checks.invoices_booked_twice(
        grant=grant, receipts=[first, twice, other_reason, other_day, other_amount]
    )
    assert [(f.level, f.key, f.link) for f in findings] == [
        (checks.ERROR, "invoice_booked_twice", twice.get_absolute_url()),
        (checks.WARNING, "invoice_maybe_twice", other_reason.get_absolute_url()),
    ]
    assert findings[0].what == (
        "Dieselbe Rechnung ist zweimal gebucht:  druckerei  HÖXTER vom 01.02.2023 über "
        f"1.000,00 EUR steht schon als Beleg {first.number}."
    )
    # Set to nothing eligible, the double is settled.
    twice.eligible_amount = D(0)
    other_reason.eligible_amount = D(0)
    assert checks.invoices_booked_twice(grant=grant, receipts=[first, twice, other_reason]) == []


def test_a_double_booking_blocks_like_an_error_in_check_finances(grant):
    line = BudgetLineFactory(grant=grant)
    receipts = [expense(grant, line=line, invoice_date=datetime.date(2023, 2, 1))
                for _ in range(2)]  # fmt: skip
    findings = checks.check_finances(grant=grant, lines=[line], planned=[],
                                     receipts=ReceiptRows.single(receipts), call_offs=[],
                                     today=datetime.date(2024, 1, 1))  # fmt: skip
    assert findings[0].key == "invoice_booked_twice" and findings[0].level == checks.ERROR


def test_income_counts_for_no_check_of_expenses(grant):
    income = expense(grant, paid=datetime.date(2022, 1, 1))
    income.kind, income.budget_line, income.source = Receipt.Kind.INCOME, None, "contributions"
    assert checks.payments_outside_period(grant=grant, receipts=[income]) == []


def test_check_finances_puts_errors_first(grant):
    line = BudgetLineFactory(grant=grant)
    receipts = [
        expense(grant, line=line),
        expense(grant, paid=datetime.date(2030, 1, 1), line=line),
    ]
    findings = checks.check_finances(grant=grant, lines=[line], planned=[],
                                     receipts=ReceiptRows.single(receipts), call_offs=[],
                                     today=datetime.date(2024, 1, 1))  # fmt: skip
    levels = [f.level for f in findings]
    assert levels[0] == checks.ERROR and checks.WARNING in levels
    assert levels == sorted(levels, key=lambda level: level != checks.ERROR)
