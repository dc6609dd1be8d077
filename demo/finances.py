"""Demo data: the finances of two networks, made deterministically.

Westfalen Weser 1 and 2 (ended): a grant each under the seed's funding code, a
financing plan changed once by a change notice, about 150 (and 130) receipts over the
three years, each with a small invoice (PDF) and proof of payment (PNG) drawn in code,
and call-offs every six weeks each spent within six weeks: networks whose finances
pass every check.

Their interim proofs (2022, 2023, 2024) and the final proof are issued at their past
dates, the interim ones with the coordination's comment on the warning that the
December call-off, for January's payments, stood above the year's share. Their
PDFs are made on the first download: rendering three while seeding took about 6 s.

Senne (running): a grant, a plan, receipts up to today and a call-off, with a few
open warnings so a newcomer sees the checks working: a receipt without its proof of
payment, the events line more than 20 % over its plan, public relations above their
cap per participant, and a call-off for a poster campaign whose money lay unspent
beyond six weeks (with the interest it may cost).
"""

import datetime
import io
import secrets
from decimal import Decimal

from django.core.files.base import ContentFile
from django.utils import timezone
from PIL import Image

from events.models import Meeting
from finances.deadlines import interim_years
from finances.models import (
    CENT,
    BudgetLine,
    CallOff,
    Financing,
    Grant,
    PlanChange,
    PlannedAmount,
    Proof,
    Receipt,
    ReceiptImport,
)
from finances.proofs.figures import findings_of, read_scope
from finances.proofs.issuing import identified, issue_proof
from finances.services import plan_snapshot
from networks.models import Network, User

RATE = Decimal(80)
Kind = BudgetLine.Kind
LINES = [
    # kind, name, share of the receipts (of 20), base amount net (EUR), payees
    (Kind.STAFF, "Netzwerkmanagement (Personal)", 6, Decimal(2400),
     ["Gehaltsabrechnung Netzwerkmanagement"]),
    (Kind.EXTERNAL, "Moderation und Fachberatung", 5, Decimal(1450),
     ["Green Navigation GmbH", "Ingenieurbüro Lippe"]),
    (Kind.TRAVEL, "Reisekosten", 3, Decimal(85), ["Deutsche Bahn", "Reisekostenabrechnung"]),
    (Kind.EVENTS, "Veranstaltungen und Material", 3, Decimal(420),
     ["Stadthalle Brakel", "Tagungshaus Paderborn", "Catering Weserbergland"]),
    (Kind.PUBLIC_RELATIONS, "Öffentlichkeitsarbeit", 2, Decimal(640),
     ["Druckerei Höxter", "Agentur Weserblick"]),
    (Kind.OTHER, "Sonstiges", 1, Decimal(60), ["Bürobedarf Paderborn"]),
]  # fmt: skip
ORDER = [kind for kind, _n, share, _a, _p in LINES for _ in range(share)]  # 20 slots


def tiny_pdf(text: str) -> ContentFile:
    """A one-page PDF of a few hundred bytes, written by hand (no real invoice)."""
    stream = f"BT /F1 12 Tf 40 780 Td ({text}) Tj ET".encode("latin-1", "replace")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = io.BytesIO(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n" % number + body + b"\nendobj\n")
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    for offset in offsets:
        out.write(b"%010d 00000 n \n" % offset)
    out.write(b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n"
              % (len(objects) + 1, xref))  # fmt: skip
    return ContentFile(out.getvalue(), name="rechnung.pdf")


def tiny_png(seed: int) -> ContentFile:
    """A small image standing in for a bank statement."""
    buffer = io.BytesIO()
    Image.new("RGB", (60, 40), (200 - seed % 50, 220, 200)).save(buffer, "PNG")
    return ContentFile(buffer.getvalue(), name="zahlung.png")


def load_finances(
    *,
    ended: list[Network],
    finance: User,
    running: Network,
    running_coordinator: User,
    today: datetime.date,
) -> None:
    """Create the finances of the ended networks and the running one unless they have a
    grant already; each plan's versions are recorded by a person of the network's own
    organisation."""
    for network, shape in zip(ended, ENDED, strict=True):
        if not Grant.objects.filter(network=network).exists():
            _ended(network, finance, **shape)
    if not Grant.objects.filter(network=running).exists():
        _running(running, running_coordinator, today)


def _grant(network: Network, **fields) -> tuple[Grant, dict[str, BudgetLine]]:
    grant = Grant.objects.create(
        network=network,
        period_start=network.term_start,
        period_end=network.term_end,
        funding_rate=RATE,
        **fields,
    )
    lines = {
        kind: BudgetLine.objects.create(grant=grant, kind=kind, name=name, position=index)
        for index, (kind, name, *_rest) in enumerate(LINES, 1)
    }
    return grant, lines


def _receipt(grant, line, number, paid, net, party, *, files=True, meeting=None) -> Receipt:
    vat = (net * Decimal("0.19")).quantize(CENT) if line.kind != Kind.STAFF else Decimal(0)
    receipt = Receipt(
        grant=grant, number=number, kind=Receipt.Kind.EXPENSE, budget_line=line,
        invoice_date=paid - datetime.timedelta(days=12 + number % 9), payment_date=paid,
        party=party, reason=f"{line.name}: {paid:%m/%Y}", net=net, vat=vat, gross=net + vat,
        eligible_amount=net + vat, meeting=meeting,
    )  # fmt: skip
    if files:
        receipt.invoice.save("rechnung.pdf", tiny_pdf(f"Rechnung {number}: {party}"), save=False)
        receipt.invoice_name, receipt.invoice_content_type = (
            f"Rechnung {number}.pdf",
            "application/pdf",
        )
        receipt.payment_proof.save("zahlung.png", tiny_png(number), save=False)
        receipt.payment_proof_name = f"Zahlung {number}.png"
        receipt.payment_proof_content_type = "image/png"
    receipt.save()
    return receipt


def _expenses(
    grant, lines, *, start, count, step_days, meetings, files_missing=(), shift=0
) -> list:
    receipts = []
    for n in range(count):
        kind, _name, _share, base, payees = next(row for row in LINES if row[0] == ORDER[n % 20])
        paid = start + datetime.timedelta(days=3 + n * step_days)
        net = base + Decimal(((n + shift) * 37) % 200)
        meeting = meetings[n % len(meetings)] if kind == Kind.EVENTS and meetings else None
        receipts.append(
            _receipt(grant, lines[kind], n + 1, paid, net, payees[n % len(payees)],
                     files=n + 1 not in files_missing, meeting=meeting)
        )  # fmt: skip
    return receipts


def _plan(
    grant, lines, receipts, *, margin: Decimal, user: User, changes: list, spread=None
) -> None:
    """Planned amounts from what was spent, with a margin (a running network's: what
    was spent a year, over `spread` years so far, planned for every year of its term);
    the financing to match; and the plan's versions (date, reason)."""
    spent: dict[tuple, Decimal] = {}
    for r in receipts:
        key = (r.budget_line_id, None if spread else r.payment_date.year)
        spent[key] = spent.get(key, Decimal(0)) + r.eligible_amount
    for line in lines.values():
        for year in grant.years():
            amount = (
                spent.get((line.pk, None), Decimal(0)) / spread
                if spread
                else spent.get((line.pk, year), Decimal(0))
            )
            amount = (amount * margin).quantize(Decimal(1))
            if amount:
                PlannedAmount.objects.create(line=line, year=year, amount=amount)
    for year in grant.years():
        year_total = sum(
            (a.amount for a in PlannedAmount.objects.filter(line__grant=grant, year=year)),
            Decimal(0),
        )
        share = (year_total * RATE / 100).quantize(CENT)
        for source, amount in (
            (Financing.Source.GRANT, share),
            (Financing.Source.OWN_SHARE, (year_total - share) * Decimal("0.6")),
            (Financing.Source.CONTRIBUTIONS, (year_total - share) * Decimal("0.4")),
        ):
            if amount:
                Financing.objects.create(grant=grant, source=source, year=year,
                                         amount=amount.quantize(CENT))  # fmt: skip
    for number, (changed_on, reason) in enumerate(changes, 1):
        PlanChange.objects.create(
            grant=grant, number=number, changed_on=changed_on, reason=reason,
            plan=plan_snapshot(grant), recorded_by=user,
        )  # fmt: skip


def _call_offs(grant, receipts, *, until: datetime.date) -> None:
    """A call-off every six weeks, each for the grant's share of the payments in the six
    weeks after the money comes in: spent in time, never above the rate."""
    asked_on = grant.period_start
    while asked_on <= min(until, grant.period_end):
        received = asked_on + datetime.timedelta(days=10)
        until_paid = received + datetime.timedelta(weeks=6)
        window = [r for r in receipts if received < r.payment_date <= until_paid]
        due = sum((r.eligible_amount for r in window), Decimal(0))
        amount = (due * RATE / 100).quantize(CENT)
        if amount:
            done = received <= until
            CallOff.objects.create(
                grant=grant, asked_on=asked_on, amount_asked=amount, expected_amount=due,
                expected_payments="; ".join(sorted({r.party for r in window}))[:500],
                received_on=received if done else None, amount_received=amount if done else None,
            )  # fmt: skip
        asked_on += datetime.timedelta(weeks=6)


# The ended networks' grants: receipts, days between them, amounts shifted, maximum.
ENDED = [
    {"count": 150, "step_days": 7, "shift": 0, "maximum": Decimal(195_000)},
    {"count": 130, "step_days": 8, "shift": 11, "maximum": Decimal(180_000)},
]


def _ended(
    network: Network, finance: User, *, count: int, step_days: int, shift: int, maximum: Decimal
) -> None:
    grant, lines = _grant(
        network,
        notice_date=network.term_start - datetime.timedelta(days=21),
        notice_number=network.funding_code,
        maximum_grant=maximum,
    )
    meetings = list(network.meetings.exclude(status=Meeting.Status.CANCELLED).order_by("starts_at"))
    receipts = _expenses(grant, lines, start=grant.period_start, count=count,
                         step_days=step_days, meetings=meetings, shift=shift)  # fmt: skip
    _plan(grant, lines, receipts, margin=Decimal("1.08"), user=finance, changes=[
        (grant.period_start - datetime.timedelta(days=21),
         "Finanzierungsplan laut Zuwendungsbescheid"),
        (datetime.date(2024, 3, 4), "Änderungsbescheid: Mittel von den Reisekosten zur "
                                    "Öffentlichkeitsarbeit umgeschichtet"),
    ])  # fmt: skip
    _before_the_change_notice(grant)
    _call_offs(grant, receipts, until=grant.period_end)
    _contributions(grant, number=len(receipts))
    _proofs(grant, finance)


# The demo's proofs: kind, budget year, the day issued, the comment on any warning.
PROOFS = [
    ("interim", 2022, datetime.date(2023, 4, 18),
     "Der Abruf vom Dezember deckte die Zahlungen im Januar; sie sind im Januar "
     "ausgegeben worden (Belege im Zwischennachweis des Folgejahres)."),
    ("interim", 2023, datetime.date(2024, 4, 22),
     "Wie im Vorjahr: Der Abruf zum Jahresende deckte die Zahlungen im Januar."),
    ("interim", 2024, datetime.date(2025, 4, 24),
     "Wie in den Vorjahren: Der Abruf zum Jahresende deckte die Zahlungen im Januar."),
    ("final", None, datetime.date(2025, 11, 28), ""),
]  # fmt: skip


def _proofs(grant: Grant, user: User) -> None:
    """Issued as the finance person did, at their dates, with no mail; the PDFs are
    made on the first download."""
    for kind, year, day, comment in PROOFS:
        now = timezone.make_aware(datetime.datetime.combine(day, datetime.time(10)))
        warnings = identified(findings_of(read_scope(grant, kind=kind, year=year), today=day))
        issue_proof(
            grant=grant, kind=kind, year=year, user=user, token=None, now=now, notify=False,
            make_pdf=False, confirmations={w.id: comment for w in warnings},
        )  # fmt: skip


def _before_the_change_notice(grant: Grant) -> None:
    """The plan's first version as the grant notice had it: more for travel, less for
    public relations in 2023 and 2024, until the change notice moved it (version 2)."""
    first = grant.plan_changes.get(number=1)
    lines = {line["kind"]: line["planned"] for line in first.plan["lines"]}
    travel, publicity = lines[Kind.TRAVEL], lines[Kind.PUBLIC_RELATIONS]
    for year in ("2023", "2024"):
        moved = min(Decimal(800), Decimal(publicity.get(year, "0")))
        if moved:
            publicity[year] = str(Decimal(publicity[year]) - moved)
            travel[year] = str(Decimal(travel.get(year, "0")) + moved)
    first.save()


def _contributions(grant: Grant, *, number: int) -> None:
    """The participants' contributions as planned, booked as income once a year."""
    for financing in grant.financings.filter(source=Financing.Source.CONTRIBUTIONS):
        number += 1
        paid = max(grant.period_start + datetime.timedelta(days=30),
                   datetime.date(financing.year, 3, 15))  # fmt: skip
        receipt = Receipt(
            grant=grant, number=number, kind=Receipt.Kind.INCOME,
            source=Financing.Source.CONTRIBUTIONS, invoice_date=paid - datetime.timedelta(days=30),
            payment_date=paid, party="Teilnehmende Kommunen (Sammelbuchung)",
            reason=f"Beiträge der Teilnehmenden {financing.year}", net=financing.amount,
            vat=Decimal(0), gross=financing.amount, eligible_amount=financing.amount,
            invoice_name=f"Beitragsbescheide {financing.year}.pdf",
            invoice_content_type="application/pdf",
            payment_proof_name=f"Zahlungseingänge {financing.year}.png",
            payment_proof_content_type="image/png",
        )  # fmt: skip
        receipt.invoice.save("rechnung.pdf", tiny_pdf(receipt.reason), save=False)
        receipt.payment_proof.save("zahlung.png", tiny_png(number), save=False)
        receipt.save()


def _running(network: Network, finance: User, today: datetime.date) -> None:
    grant, lines = _grant(network, notice_date=network.term_start - datetime.timedelta(days=30),
                          notice_number="67K24110", maximum_grant=Decimal(150_000))  # fmt: skip
    days = max((today - grant.period_start).days - 10, 30)
    count = 24
    receipts = _expenses(grant, lines, start=grant.period_start, count=count,
                         step_days=max(days // count, 1), meetings=[],
                         files_missing=(count,))  # fmt: skip
    # The coordination started mid-term: the receipts came from its spreadsheet.
    ReceiptImport.objects.create(
        grant=grant,
        user=finance,
        token=secrets.token_hex(16),
        file_name="Belege Senne.xlsx",
        state=ReceiptImport.State.IMPORTED,
        receipts=count,
    )
    # The latest receipt has its invoice; its proof of payment is missing.
    last = receipts[-1]
    last.invoice.save("rechnung.pdf", tiny_pdf(f"Rechnung {last.number}"), save=False)
    last.invoice_name, last.invoice_content_type = f"Rechnung {last.number}.pdf", "application/pdf"
    last.save()
    # A poster campaign, planned, yet above the cap for public relations of EUR 1,500
    # per participating municipality (six: EUR 9,000); paid 40 days ago with money
    # called off for it long before, so that money lay unspent beyond six weeks.
    campaign = _receipt(grant, lines[Kind.PUBLIC_RELATIONS], count + 1,
                        today - datetime.timedelta(days=40), Decimal(9000),
                        "Agentur Weserblick")  # fmt: skip
    _plan(grant, lines, [*receipts, campaign], margin=Decimal("1.1"), user=finance,
          spread=Decimal(max(days, 30)) / Decimal(365),
          changes=[(grant.period_start - datetime.timedelta(days=30),
                    "Finanzierungsplan laut Zuwendungsbescheid")])  # fmt: skip
    # A bigger event than planned: the events line runs more than 20 % over its plan.
    events = lines[Kind.EVENTS]
    _receipt(grant, events, count + 2, today - datetime.timedelta(days=5), Decimal(3800),
             "Stadthalle Rietberg")  # fmt: skip
    _call_offs(grant, receipts, until=today)
    asked_on = today - datetime.timedelta(days=110)
    CallOff.objects.create(
        grant=grant, asked_on=asked_on, amount_asked=Decimal(6800),
        expected_amount=Decimal(8500), expected_payments="Plakatkampagne Agentur Weserblick",
        received_on=asked_on + datetime.timedelta(days=10), amount_received=Decimal(6800),
    )  # fmt: skip
    _running_proofs(grant, finance, today)
    _open_findings(grant, lines, count + 3, today)


def _running_proofs(grant: Grant, user: User, today: datetime.date) -> None:
    """The interim proofs of the budget years that have ended, issued a week before
    their deadline (or yesterday), the warnings of the day confirmed."""
    for year in interim_years(grant):
        day = min(grant.interim_proof_due(year) - datetime.timedelta(days=7),
                  today - datetime.timedelta(days=1))  # fmt: skip
        if day <= datetime.date(year, 12, 31):
            continue
        now = timezone.make_aware(datetime.datetime.combine(day, datetime.time(9)))
        scope = read_scope(grant, kind=Proof.Kind.INTERIM, year=year)
        warnings = identified(findings_of(scope, today=day))
        issue_proof(
            grant=grant, kind=Proof.Kind.INTERIM, year=year, user=user, token=None, now=now,
            notify=False, make_pdf=False,
            confirmations={w.id: "Im Folgejahr ausgeglichen; siehe Belegliste." for w in warnings},
        )  # fmt: skip


def _open_findings(grant: Grant, lines: dict, number: int, today: datetime.date) -> None:
    """Booked since the last interim proof, for the coordination to settle: the hall's
    invoice a second time (an error), the kick-off's moderation paid before the approval
    period (an error), and a call-off above the payments it expects (a warning), its
    money in, so more is received than the funding rate gives for the expenses so far."""
    hall = grant.receipts.get(party="Stadthalle Rietberg")
    hall.pk, hall.number, hall.id = None, number, None
    hall.save()
    _receipt(grant, lines[Kind.EXTERNAL], number + 1,
             grant.period_start - datetime.timedelta(days=9), Decimal(1450),
             "Moderation Lippe-Senne GbR")  # fmt: skip
    asked_on = today - datetime.timedelta(days=20)
    CallOff.objects.create(
        grant=grant, asked_on=asked_on, amount_asked=Decimal(18000),
        expected_amount=Decimal(4500), expected_payments="Zweites Netzwerktreffen, Moderation",
        received_on=asked_on + datetime.timedelta(days=8), amount_received=Decimal(18000),
    )  # fmt: skip
