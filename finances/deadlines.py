"""The deadlines of a grant's proofs and where each stands: an interim proof for every
budget year the approval period runs beyond (ANBest-P 6.1: by 30 April after it, the
grant's `interim_proof_months`), and the proof of use after the approval period
(`final_proof_months`, six by default). The overview marks them, the compliance view
rates them, and the reminders (finances.reminders) mail about them."""

import datetime
from dataclasses import dataclass

from django.utils.formats import date_format
from django.utils.translation import gettext as _

from finances.models import DeadlineReminder, Grant

Kind = DeadlineReminder.Kind
Step = DeadlineReminder.Step

MET, OPEN, APPROACHING, PASSED = "met", "open", "approaching", "passed"
FOUR_WEEKS = datetime.timedelta(weeks=4)
ONE_WEEK = datetime.timedelta(weeks=1)
# A deadline passed longer ago than this is not mailed about any more (the overview
# and the compliance view still show it): a first run over an old grant writes nobody
# about deadlines of years ago.
PASSED_MAILED_FOR = datetime.timedelta(weeks=4)


@dataclass(frozen=True)
class Deadline:
    kind: str
    year: int  # the budget year of an interim proof; the period's last year for the final
    due: datetime.date
    state: str

    @property
    def label(self) -> str:
        if self.kind == Kind.INTERIM:
            return _("Zwischennachweis %(year)s") % {"year": self.year}
        return _("Verwendungsnachweis")

    @property
    def state_label(self) -> str:
        return {
            MET: _("erbracht"),
            OPEN: _("offen"),
            APPROACHING: _("bald fällig"),
            PASSED: _("Frist verstrichen"),
        }[self.state]

    def __str__(self) -> str:
        return _("%(label)s, fällig am %(due)s") % {
            "label": self.label,
            "due": date_format(self.due, "SHORT_DATE_FORMAT"),
        }


def issued_proofs(grant: Grant) -> set[tuple[str, int | None]]:
    """The kinds and years of the proofs issued for the grant (the final one: year None)."""
    return set(grant.proofs.values_list("kind", "year"))


def deadline_met(
    grant: Grant, kind: str, year: int, *, issued: set[tuple[str, int | None]] | None = None
) -> bool:
    """Whether the proof of `kind` (for budget `year`) has been issued: an interim proof
    of that year, or the proof of use. `issued`: issued_proofs(grant), read once."""
    issued = issued_proofs(grant) if issued is None else issued
    return (kind, year if kind == Kind.INTERIM else None) in issued


def interim_years(grant: Grant) -> list[int]:
    """The budget years that need an interim proof: those the approval period runs
    beyond; the proof of use covers the year it ends in."""
    return [year for year in grant.years() if year < grant.period_end.year]


def state_of(due: datetime.date, *, met: bool, today: datetime.date) -> str:
    if met:
        return MET
    if today > due:
        return PASSED
    if today >= due - FOUR_WEEKS:
        return APPROACHING
    return OPEN


def proof_deadlines(grant: Grant, *, today: datetime.date) -> list[Deadline]:
    """Every proof's deadline of the grant, in date order, with its state on `today`."""
    dues = [(Kind.INTERIM, year, grant.interim_proof_due(year)) for year in interim_years(grant)]
    dues.append((Kind.FINAL, grant.period_end.year, grant.final_proof_due()))
    issued = issued_proofs(grant)
    return [
        Deadline(kind, year, due, state_of(
            due, met=deadline_met(grant, kind, year, issued=issued), today=today
        ))
        for kind, year, due in dues
    ]  # fmt: skip


def reminder_step(deadline: Deadline, *, today: datetime.date) -> str | None:
    """The reminder due about a deadline on `today`: four weeks before, one week
    before, or once it has passed (for four weeks); none once the proof is there."""
    if deadline.state == MET:
        return None
    if today > deadline.due:
        return Step.PASSED if today - deadline.due <= PASSED_MAILED_FOR else None
    if today >= deadline.due - ONE_WEEK:
        return Step.ONE_WEEK
    if today >= deadline.due - FOUR_WEEKS:
        return Step.FOUR_WEEKS
    return None
