"""The demo's finances: Westfalen Weser 1 and 2 kept in full and passing every check; the
running Senne network with a few open warnings; the finance person's view."""

import datetime
from dataclasses import replace

import pytest
from django.urls import reverse
from django.utils import timezone

from finances.deadlines import proof_deadlines
from finances.figures import overview, overview_of, read_rows
from finances.models import Grant
from finances.plan_versions import version_table
from finances.receipt_rows import ReceiptRows
from networks.models import User

pytestmark = pytest.mark.django_db

WW1 = "klimaschutz-netzwerk-westfalen-weser-1"
WW2 = "klimaschutz-netzwerk-westfalen-weser-2"
SENNE = "klimaschutz-netzwerk-senne"


@pytest.fixture(autouse=True)
def seeded(demo_seed):
    return demo_seed


@pytest.mark.parametrize("slug", [WW1, WW2])
def test_both_seed_networks_keep_their_money_in_the_portal_and_pass_every_check(slug):
    grant = Grant.objects.get(network__slug=slug)
    receipts = grant.receipts.all()
    assert 120 <= receipts.count() <= 160
    assert {r.payment_date.year for r in receipts} >= {2022, 2023, 2024, 2025}
    assert not receipts.filter(invoice="").exists()
    assert not receipts.filter(payment_proof="").exists()
    assert receipts.exclude(meeting=None).exists()
    assert grant.plan_changes.count() == 2
    assert grant.call_offs.filter(received_on__isnull=False).count() >= 20
    figures = overview(grant, today=timezone.localdate())
    assert figures["findings"] == []
    assert figures["received"] <= grant.maximum_grant
    proofs = sorted((p.kind, p.year or 0) for p in grant.proofs.all())
    assert proofs == [("final", 0), ("interim", 2022), ("interim", 2023), ("interim", 2024)]
    assert all(d.state == "met" for d in proof_deadlines(grant, today=timezone.localdate()))
    assert grant.notice_number == grant.network.funding_code == "67K18876"


def test_each_seed_networks_final_report_prints_its_own_finances():
    from reports.models import Report

    chapters = {}
    for slug in (WW1, WW2):
        final = Report.objects.filter(network__slug=slug, kind="final").latest("issued_at")
        chapters[slug] = final.figures["finances"]
    assert chapters[WW1] and chapters[WW2]
    assert chapters[WW1] != chapters[WW2]


def test_the_change_notice_is_a_second_version_of_the_plan_with_its_changes():
    grant = Grant.objects.get(network__slug=WW1)
    first, second = grant.plan_changes.order_by("number")
    assert second.reason.startswith("Änderungsbescheid")
    table = version_table(second, first)
    changed = {row.name for row in table["lines"] if row.changed}
    assert changed == {"Reisekosten", "Öffentlichkeitsarbeit"}
    totals = [c.amount for c in version_table(first, None)["lines_total"].cells]
    assert [c.amount for c in table["lines_total"].cells] == totals  # moved, not added
    assert not any(c.changed for c in table["lines_total"].cells)


def test_the_running_network_shows_a_newcomer_the_checks_working():
    grant = Grant.objects.get(network__slug=SENNE)
    findings = overview(grant, today=timezone.localdate())["findings"]
    assert sorted(f.key for f in findings) == [
        "call_off_above_expected", "grant_above_rate", "invoice_booked_twice",
        "line_over_plan", "money_not_spent", "payment_outside_period",
        "public_relations_above_cap", "receipt_without_documents",
    ]  # fmt: skip
    # The two errors were booked after the last interim proof: the interim proofs of
    # the ended budget years are issued, no deadline has passed.
    deadlines = proof_deadlines(grant, today=timezone.localdate())
    assert any(d.state == "met" for d in deadlines)
    assert not any(d.state == "passed" for d in deadlines)
    assert deadlines[-1].state != "met"  # the proof of use is years away
    [unspent] = [f for f in findings if f.key == "money_not_spent"]
    assert "Geschätzte Zinsen: " in unspent.what and "60 Tage" in unspent.what
    [cap] = [f for f in findings if f.key == "public_relations_above_cap"]
    assert "Obergrenze von 9.000,00 EUR (1.500,00 EUR je teilnehmender Kommune, 6 Kommunen)" in (
        cap.what
    )


def test_the_finance_person_keeps_westfalen_wesers_finances_and_sees_no_other(client):
    client.force_login(User.objects.get(email="finanzen@example.org"))
    assert client.get(reverse("finances", args=[WW1])).status_code == 200
    assert client.get(reverse("receipts", args=[WW1])).status_code == 200
    assert client.get(reverse("finances", args=[SENNE])).status_code == 404
    assert client.get(reverse("network", args=[WW1])).status_code == 404
    start = client.get(reverse("start")).content.decode()
    assert reverse("finances", args=[WW1]) in start


@pytest.mark.parametrize("slug", [WW1, WW2, SENNE])
def test_the_summed_receipts_give_the_overview_of_the_single_ones(slug):
    """finances.receipt_rows sums the receipts no check names; over the demo's receipts
    one by one the overview (its figures and findings) is the same, today and at the
    end of each year of the term (a report's cut-off)."""
    grant = Grant.objects.get(network__slug=slug)
    today = timezone.localdate()
    for until in [*(datetime.date(year, 12, 31) for year in grant.years()), None]:
        read = read_rows(grant, until=until)
        receipts = grant.receipts.all()
        if until is not None:
            receipts = receipts.filter(payment_date__lte=until)
        single = replace(read, receipts=ReceiptRows.single(receipts))
        summed = overview_of(grant, read, today=until or today)
        assert summed == overview_of(grant, single, today=until or today)
        assert summed["receipt_count"] == receipts.count()
    assert len(read.receipts.named) < receipts.count()  # sums in use (the last, today)
