"""The checks of a network's finances against the grant's rules (ANBest-P): pure
functions over rows already read, each returning findings that say what is wrong,
where, and what to do, in a treasurer's words. None blocks saving anything: the
overview shows them where the coordinator works.

Every check takes its rows keyword-only, so a page reads each table once and hands
the same rows to every check (constant queries however many receipts there are).
A check's receipts may be sums of receipts (finances.receipt_rows): a check that
names receipts gets single ones, a check that compares totals gets sums per kind,
line, source and year, a check that counts days gets the expenses per day.
"""

import datetime
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.urls import reverse
from django.utils.formats import date_format, number_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from finances.models import CENT, BudgetLine, CallOff, Grant, PlannedAmount, Receipt
from finances.receipt_rows import ReceiptRows

ERROR, WARNING = "error", "warning"
SIX_WEEKS = datetime.timedelta(weeks=6)


@dataclass(frozen=True)
class Finding:
    level: str  # ERROR: to be corrected before a proof; WARNING: to be looked at
    what: str
    where: str
    todo: str
    link: str = ""
    key: str = ""  # names the check steadily; its text carries amounts and dates


def eur(amount: Decimal) -> str:
    return f"{number_format(amount.quantize(CENT), 2, force_grouping=True)} EUR"


def day(value: datetime.date) -> str:
    return date_format(value, "SHORT_DATE_FORMAT")


def _receipt_links(slug: str) -> Callable[[Receipt], str]:
    """The address of each receipt's page in the network `slug` by one `reverse` for
    all (a check may name 200 receipts): the receipt's key is its last part."""
    head = reverse("receipt_edit", args=[slug, 0]).removesuffix("0/")
    return lambda receipt: f"{head}{receipt.pk}/"


def payments_outside_period(*, grant: Grant, receipts: Iterable[Receipt]) -> list[Finding]:
    """Expenses paid before or after the approval period are not eligible."""
    link = _receipt_links(grant.network.slug)
    return [
        Finding(
            level=ERROR,
            what=_(
                "Zahlung am %(date)s liegt außerhalb des Bewilligungszeitraums "
                "(%(start)s – %(end)s)."
            )
            % {"date": day(r.payment_date), "start": day(grant.period_start),
               "end": day(grant.period_end)},
            where=_("Beleg %(number)s: %(party)s") % {"number": r.number, "party": r.party},
            todo=_(
                "Zahlungsdatum prüfen; stimmt es, ist die Ausgabe nicht zuwendungsfähig: "
                "zuwendungsfähigen Betrag auf 0 setzen und den Grund nennen."
            ),
            link=link(r),
            key="payment_outside_period",
        )
        for r in receipts
        if r.kind == Receipt.Kind.EXPENSE
        and r.eligible_amount > 0
        and not grant.contains(r.payment_date)
    ]  # fmt: skip


def receipts_without_documents(*, grant: Grant, receipts: Iterable[Receipt]) -> list[Finding]:
    """Every payment needs its invoice and its proof of payment (kept five years)."""
    link = _receipt_links(grant.network.slug)
    # Translated once, not once per receipt (a network may have 200 without a file).
    invoice, payment_proof = _("die Rechnung"), _("der Zahlungsnachweis")
    missing = _("Es fehlt %(missing)s.")
    what = {  # by (invoice there, proof of payment there)
        (False, False): missing % {"missing": _(" und ").join([invoice, payment_proof])},
        (False, True): missing % {"missing": invoice},
        (True, False): missing % {"missing": payment_proof},
    }
    where, todo = _("Beleg %(number)s: %(party)s"), _("Beleg als Datei hochladen (PDF oder Bild).")
    return [
        Finding(
            level=WARNING,
            what=what[bool(r.invoice), bool(r.payment_proof)],
            where=where % {"number": r.number, "party": r.party},
            todo=todo,
            link=link(r),
            key="receipt_without_documents",
        )
        for r in receipts
        if not (r.invoice and r.payment_proof)
    ]


def line_totals(
    *, lines: Iterable[BudgetLine], planned: Iterable[PlannedAmount], receipts: Iterable[Receipt]
) -> dict[int, tuple[Decimal, Decimal]]:
    """Per budget line: (planned in total, spent: the eligible amounts of its expenses)."""
    plan: dict[int, Decimal] = defaultdict(Decimal)
    for amount in planned:
        plan[amount.line_id] += amount.amount
    spent: dict[int, Decimal] = defaultdict(Decimal)
    for r in receipts:
        if r.kind == Receipt.Kind.EXPENSE and r.budget_line_id:
            spent[r.budget_line_id] += r.eligible_amount
    return {line.pk: (plan[line.pk], spent[line.pk]) for line in lines}


def lines_over_plan(
    *,
    grant: Grant,
    lines: Iterable[BudgetLine],
    planned: Iterable[PlannedAmount],
    receipts: Iterable[Receipt],
) -> list[Finding]:
    """A line spent more than the tolerance (20 %) over its plan, and whether savings
    on the other lines cover the excess (the plan binds in its total, ANBest-P 1.2)."""
    lines = list(lines)
    totals = line_totals(lines=lines, planned=planned, receipts=receipts)
    savings = sum((max(p - s, Decimal(0)) for p, s in totals.values()), Decimal(0))
    findings = []
    for line in lines:
        plan, spent = totals[line.pk]
        if spent <= plan * (1 + grant.tolerance_percent / 100):
            continue
        over = spent - plan
        percent = number_format((over / plan * 100).quantize(Decimal(1)), 0) if plan else "∞"
        covered = savings - max(plan - spent, Decimal(0))
        todo = (
            _(
                "Einsparungen bei anderen Positionen (%(savings)s) decken die Überschreitung: "
                "im nächsten Nachweis begründen."
            )
            if covered >= over
            else _(
                "Einsparungen bei anderen Positionen (%(savings)s) decken sie nicht: eine "
                "Änderung des Finanzierungsplans beim Fördermittelgeber beantragen."
            )
        ) % {"savings": eur(covered)}
        findings.append(
            Finding(
                level=WARNING,
                what=_(
                    "%(spent)s ausgegeben, geplant %(plan)s: %(over)s (%(percent)s %%) über dem "
                    "Plan; erlaubt sind %(tolerance)s %%."
                )
                % {"spent": eur(spent), "plan": eur(plan), "over": eur(over),
                   "percent": percent,
                   "tolerance": number_format(grant.tolerance_percent.normalize(), 0)},
                where=_("Ausgabenposition „%(line)s“") % {"line": line.name},
                todo=todo,
                link=reverse("finances", args=[grant.network.slug]) + "#plan-heading",
                key="line_over_plan",
            )
        )  # fmt: skip
    return findings


def grant_above_entitlement(
    *, grant: Grant, receipts: Iterable[Receipt], call_offs: Iterable[CallOff]
) -> list[Finding]:
    """The grant asked for or received above the maximum grant, or received above the
    funding rate times the eligible expenses paid so far."""
    call_offs = list(call_offs)
    eligible = sum(
        (r.eligible_amount for r in receipts if r.kind == Receipt.Kind.EXPENSE), Decimal(0)
    )
    share = (eligible * grant.funding_rate / 100).quantize(CENT)
    asked = sum((c.amount_asked for c in call_offs), Decimal(0))
    received = sum((c.amount_received or 0 for c in call_offs), Decimal(0))
    where = _("Mittelabrufe")
    link = reverse("call_offs", args=[grant.network.slug])
    findings = []
    for total, what in (
        (asked, _("Abgerufen sind %(total)s, mehr als der Höchstbetrag von %(maximum)s.")),
        (received, _("Eingegangen sind %(total)s, mehr als der Höchstbetrag von %(maximum)s.")),
    ):
        if total > grant.maximum_grant:
            findings.append(
                Finding(
                    level=ERROR,
                    what=what % {"total": eur(total), "maximum": eur(grant.maximum_grant)},
                    where=where,
                    todo=_("Den zu viel erhaltenen Betrag zurückzahlen oder die Abrufe prüfen."),
                    link=link,
                    key="grant_above_maximum",
                )
            )
    if received > share:
        findings.append(
            Finding(
                level=WARNING,
                what=_(
                    "Eingegangen sind %(received)s; die Förderquote von %(rate)s %% der "
                    "zuwendungsfähigen Ausgaben (%(eligible)s) ergibt erst %(share)s."
                )
                % {"received": eur(received),
                   "rate": number_format(grant.funding_rate.normalize()),
                   "eligible": eur(eligible), "share": eur(share)},
                where=where,
                todo=_(
                    "Fehlende Belege erfassen; sonst den Überschuss mit dem nächsten Abruf "
                    "verrechnen oder zurückzahlen."
                ),
                link=link,
                key="grant_above_rate",
            )
        )  # fmt: skip
    return findings


def call_offs_above_expected(*, grant: Grant, call_offs: Iterable[CallOff]) -> list[Finding]:
    """Only what will be paid out within six weeks of receipt may be called off."""
    slug = grant.network.slug
    return [
        Finding(
            level=WARNING,
            what=_(
                "Abgerufen %(asked)s, in den nächsten sechs Wochen erwartet waren nur "
                "%(expected)s an Zahlungen."
            )
            % {"asked": eur(c.amount_asked), "expected": eur(c.expected_amount)},
            where=_("Mittelabruf vom %(date)s") % {"date": day(c.asked_on)},
            todo=_(
                "Nur abrufen, was binnen sechs Wochen ausgezahlt wird; die erwarteten "
                "Zahlungen ergänzen oder den Abruf verringern."
            ),
            link=reverse("call_off_edit", args=[slug, c.pk]),
            key="call_off_above_expected",
        )
        for c in call_offs
        if c.amount_asked > c.expected_amount
    ]


def money_not_spent(
    *,
    grant: Grant,
    call_offs: Iterable[CallOff],
    receipts: Iterable[Receipt],
    today: datetime.date,
    interest_rate: Decimal,
) -> list[Finding]:
    """Money received and not spent within six weeks: the funder may charge interest
    (`interest_rate` percent a year) from its receipt until it is spent. Call-offs are
    spent in the order received: by six weeks after each receipt, all the grant
    received up to it must be covered by the grant's share of the eligible expenses
    paid until then."""
    expenses = sorted(
        (r for r in receipts if r.kind == Receipt.Kind.EXPENSE), key=lambda r: r.payment_date
    )
    received_so_far = spent = Decimal(0)
    paid = 0  # the expenses paid by the deadline, counted into `spent`: deadlines only grow
    findings = []
    for c in sorted((c for c in call_offs if c.received_on), key=lambda c: c.received_on):
        received_so_far += c.amount_received
        deadline = c.received_on + SIX_WEEKS
        if deadline > today:
            continue
        while paid < len(expenses) and expenses[paid].payment_date <= deadline:
            spent += expenses[paid].eligible_amount
            paid += 1
        share = (spent * grant.funding_rate / 100).quantize(CENT)
        left = min(received_so_far - share, c.amount_received)
        if left > 0:
            interest, days = interest_estimate(
                grant=grant,
                left=left,
                received_so_far=received_so_far,
                spent=spent,
                since=c.received_on,
                after=deadline,
                expenses=expenses,
                today=today,
                rate=interest_rate,
            )
            findings.append(
                _not_spent_finding(c, grant, deadline, left, interest, days, interest_rate)
            )
    return findings


def _not_spent_finding(
    c: CallOff, grant: Grant, deadline, left: Decimal, interest: Decimal, days: int, rate
) -> Finding:
    return Finding(
        level=WARNING,
        what=_(
            "Von %(received)s, eingegangen am %(date)s, waren sechs Wochen später "
            "(%(deadline)s) %(left)s nicht ausgegeben."
        )
        % {"received": eur(c.amount_received), "date": day(c.received_on),
           "deadline": day(deadline), "left": eur(left)}
        + " "
        + ngettext(
            "Geschätzte Zinsen: %(interest)s (%(rate)s %% im Jahr vom Eingang "
            "bis zur Verwendung, %(days)s Tag).",
            "Geschätzte Zinsen: %(interest)s (%(rate)s %% im Jahr vom Eingang "
            "bis zur Verwendung, %(days)s Tage).",
            days,
        )
        % {"interest": eur(interest), "rate": number_format(rate, 2), "days": days},
        where=_("Mittelabruf vom %(date)s") % {"date": day(c.asked_on)},
        todo=_(
            "Der Fördermittelgeber kann dafür Zinsen verlangen: fehlende Belege "
            "erfassen, sonst künftig kleiner abrufen."
        ),
        link=reverse("call_off_edit", args=[grant.network.slug, c.pk]),
        key="money_not_spent",
    )  # fmt: skip


def interest_estimate(
    *,
    grant: Grant,
    left: Decimal,
    received_so_far: Decimal,
    spent: Decimal,
    since: datetime.date,
    after: datetime.date,
    expenses: list[Receipt],
    today: datetime.date,
    rate: Decimal,
) -> tuple[Decimal, int]:
    """The interest a funder may charge on money not spent in time (ANBest-P 8.5, VwVfG
    § 49a (4)): `rate` percent a year, day by day, on what of it was still unspent,
    from its receipt (`since`) until the grant's share of the expenses paid after
    `after` covered it, or until `today`. Returns the interest and the days counted.
    `left` stayed unspent through the first six weeks; each expense paid later
    lowers it by the grant's share of it."""
    outstanding, start, euro_days = left, since, Decimal(0)
    for r in expenses:
        if r.payment_date <= after:
            continue
        if r.payment_date > today or outstanding <= 0:
            break
        euro_days += outstanding * (r.payment_date - start).days
        start = r.payment_date
        spent += r.eligible_amount
        share = (spent * grant.funding_rate / 100).quantize(CENT)
        outstanding = min(left, max(received_so_far - share, Decimal(0)))
    if outstanding > 0:
        euro_days += outstanding * (today - start).days
        start = today
    interest = (euro_days * rate / 100 / 365).quantize(CENT)
    return interest, (start - since).days


def public_relations_above_cap(
    *,
    grant: Grant,
    lines: Iterable[BudgetLine],
    receipts: Iterable[Receipt],
    participants: int,
    cap_per_participant: Decimal,
) -> list[Finding]:
    """Public relations are eligible only up to a cap per participating municipality."""
    lines = [line for line in lines if line.kind == BudgetLine.Kind.PUBLIC_RELATIONS]
    ids = {line.pk for line in lines}
    spent = sum(
        (r.eligible_amount for r in receipts
         if r.kind == Receipt.Kind.EXPENSE and r.budget_line_id in ids),
        Decimal(0),
    )  # fmt: skip
    cap = cap_per_participant * participants
    if not lines or spent <= cap:
        return []
    return [
        Finding(
            level=WARNING,
            what=ngettext(
                "Für Öffentlichkeitsarbeit sind %(spent)s zuwendungsfähig gebucht, mehr als "
                "die Obergrenze von %(cap)s (%(per)s je teilnehmender Kommune, %(count)s "
                "Kommune).",
                "Für Öffentlichkeitsarbeit sind %(spent)s zuwendungsfähig gebucht, mehr als "
                "die Obergrenze von %(cap)s (%(per)s je teilnehmender Kommune, %(count)s "
                "Kommunen).",
                participants,
            )
            % {"spent": eur(spent), "cap": eur(cap), "per": eur(cap_per_participant),
               "count": participants},
            where=", ".join(
                _("Ausgabenposition „%(line)s“") % {"line": line.name} for line in lines
            ),
            todo=_(
                "Die %(over)s über der Obergrenze sind nicht zuwendungsfähig: bei Belegen "
                "der Öffentlichkeitsarbeit den zuwendungsfähigen Betrag kürzen und den Grund "
                "nennen, oder klären, ob der Zuwendungsbescheid eine andere Grenze nennt."
            )
            % {"over": eur(spent - cap)},
            link=reverse("finances", args=[grant.network.slug]) + "#plan-heading",
            key="public_relations_above_cap",
        )
    ]  # fmt: skip


def _party(receipt: Receipt) -> str:
    return " ".join(receipt.party.casefold().split())


def invoices_booked_twice(*, grant: Grant, receipts: Iterable[Receipt]) -> list[Finding]:
    """The same invoice booked twice: expenses to the same payee with the same invoice
    date (else payment date) and gross. The running number is unique by itself
    (finances_receipt_unique_number) and receipts keep no number of the payee's, so
    this is how a receipt entered twice shows. With the same reason too it is an
    error; with different reasons (two tickets bought the same day) a warning, which
    the coordinator confirms with a comment."""
    link = _receipt_links(grant.network.slug)
    groups: dict[tuple, list[Receipt]] = defaultdict(list)
    for r in receipts:
        if r.kind == Receipt.Kind.EXPENSE and r.eligible_amount > 0:
            groups[(_party(r), r.invoice_date or r.payment_date, r.gross)].append(r)
    findings = []
    for group in groups.values():
        first, *others = sorted(group, key=lambda r: r.number)
        for r in others:
            same = " ".join(r.reason.casefold().split()) == " ".join(
                first.reason.casefold().split()
            )
            findings.append(
                Finding(
                    level=ERROR if same else WARNING,
                    what=(
                        _("Dieselbe Rechnung ist zweimal gebucht: %(party)s vom %(date)s über "
                          "%(gross)s steht schon als Beleg %(first)s.")
                        if same else
                        _("Vielleicht dieselbe Rechnung zweimal: %(party)s vom %(date)s über "
                          "%(gross)s steht schon als Beleg %(first)s, mit anderem Grund.")
                    ) % {"party": r.party, "date": day(r.invoice_date or r.payment_date),
                         "gross": eur(r.gross), "first": first.number},
                    where=_("Beleg %(number)s: %(party)s") % {"number": r.number, "party": r.party},
                    todo=(
                        _("Den doppelten Beleg löschen oder seinen zuwendungsfähigen Betrag "
                          "auf 0 setzen und den Grund nennen; sind es zwei Rechnungen, den "
                          "Grund der Zahlung unterscheiden (z. B. die Rechnungsnummer nennen).")
                        if same else
                        _("Prüfen, ob es zwei Rechnungen sind; dann im Nachweis bestätigen, "
                          "sonst den doppelten Beleg löschen.")
                    ),
                    link=link(r),
                    key="invoice_booked_twice" if same else "invoice_maybe_twice",
                )
            )  # fmt: skip
    return findings


def participants_of(grant: Grant) -> int:
    """The municipalities taking part in the network on some day of the approval period."""
    return grant.network.participations.taking_part_between(
        grant.period_start, grant.period_end
    ).count()


def check_finances(
    *,
    grant: Grant,
    lines: list[BudgetLine],
    planned: list[PlannedAmount],
    receipts: ReceiptRows,
    call_offs: list[CallOff],
    today: datetime.date,
    participants: int | None = None,
) -> list[Finding]:
    """Every check over the grant's rows, errors first. `participants` (the public
    relations' cap counts them) is read when not given. Each check gets the receipts
    as finely as it reads them (finances.receipt_rows): those that name receipts the
    named ones, those that compare totals the sums per year, those that count days
    the expenses per day."""
    if participants is None:
        participants = participants_of(grant)
    named, per_year, per_day = receipts.named, receipts.per_year(), receipts.per_day()
    findings = [
        *payments_outside_period(grant=grant, receipts=named),
        *invoices_booked_twice(grant=grant, receipts=named),
        *grant_above_entitlement(grant=grant, receipts=per_year, call_offs=call_offs),
        *lines_over_plan(grant=grant, lines=lines, planned=planned, receipts=per_year),
        *public_relations_above_cap(
            grant=grant, lines=lines, receipts=per_year, participants=participants,
            cap_per_participant=settings.FINANCES_PR_CAP_PER_PARTICIPANT,
        ),
        *call_offs_above_expected(grant=grant, call_offs=call_offs),
        *money_not_spent(
            grant=grant, call_offs=call_offs, receipts=per_day, today=today,
            interest_rate=settings.FINANCES_INTEREST_RATE_PERCENT,
        ),
        *receipts_without_documents(grant=grant, receipts=named),
    ]  # fmt: skip
    return sorted(findings, key=lambda f: f.level != ERROR)
