"""Reminders of the proofs' deadlines (finances.deadlines) to those who keep a
network's finances: the coordinators and finance people of its coordinating
organisation (finances.access.KEEPING_ROLES), in each one's language.

Run daily (`manage.py send_deadline_reminders`); the worker sends the mails. Each
deadline is mailed about four weeks before, one week before and once it has passed,
each step once per person: a DeadlineReminder is recorded with the mail, in one
transaction, and a mail the worker gives up on loses its record, so the next run
writes again.
"""

import datetime
from dataclasses import dataclass, field

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from finances.access import KEEPING_ROLES
from finances.deadlines import Deadline, proof_deadlines, reminder_step
from finances.models import DeadlineReminder, Grant
from lib.mail import mail_recorder, queue_mail_to_each
from networks.models import Membership, User

MAIL = "proof-deadline"
RECORDER = "finances.reminders.record_reminders"


@dataclass
class Pending:
    """One deadline's reminder at one step, and whom it still has to reach."""

    grant: Grant
    deadline: Deadline
    step: str
    people: list[User] = field(default_factory=list)


def pending_reminders(*, today: datetime.date) -> list[Pending]:
    """The reminders due on `today`, in a fixed number of queries however many grants."""
    due = []
    for grant in Grant.objects.select_related("network").order_by("network__name", "pk"):
        for deadline in proof_deadlines(grant, today=today):
            step = reminder_step(deadline, today=today)
            if step is not None:
                due.append(Pending(grant, deadline, step))
    if not due:
        return []
    keepers: dict[int, list[User]] = {}
    memberships = Membership.objects.filter(
        role__in=KEEPING_ROLES,
        organisation__in={p.grant.network.coordinator_id for p in due},
        user__is_active=True,
    ).select_related("user")
    for membership in memberships.order_by("user__name", "user__email", "user__pk"):
        people = keepers.setdefault(membership.organisation_id, [])
        if membership.user not in people:  # coordinator and finance person at once
            people.append(membership.user)
    sent = set(
        DeadlineReminder.objects.filter(grant__in={p.grant.pk for p in due}).values_list(
            "grant", "kind", "year", "step", "user"
        )
    )
    for pending in due:
        d = pending.deadline
        pending.people = [
            person
            for person in keepers.get(pending.grant.network.coordinator_id, [])
            if (pending.grant.pk, d.kind, d.year, pending.step, person.pk) not in sent
        ]
    return [pending for pending in due if pending.people]


def _context(pending: Pending, record: DeadlineReminder) -> dict:
    network = pending.grant.network
    return {
        "name": record.user.get_full_name(),
        "network": network.name,
        "kind": pending.deadline.kind,
        "year": pending.deadline.year,
        "due": pending.deadline.due,
        "step": pending.step,
        "passed": pending.step == DeadlineReminder.Step.PASSED,
        "link": settings.PORTAL_BASE_URL + reverse("finances", args=[network.slug]),
    }


def send_deadline_reminders(*, today: datetime.date | None = None, dry_run: bool = False) -> int:
    """Queue the reminders due on `today`; return how many mails were queued (or, in a
    dry run, would be)."""
    today = today or timezone.localdate()
    pending = pending_reminders(today=today)
    if dry_run:
        return sum(len(p.people) for p in pending)
    now = timezone.now()
    queued = 0
    for item in pending:
        d = item.deadline
        with transaction.atomic():
            # Locked: two runs at once write each person once (the constraint holds too).
            Grant.objects.select_for_update().get(pk=item.grant.pk)
            if DeadlineReminder.objects.filter(
                grant=item.grant, kind=d.kind, year=d.year, step=item.step,
                user__in=item.people,
            ).exists():  # fmt: skip
                continue  # another run got there first
            records = DeadlineReminder.objects.bulk_create(
                DeadlineReminder(grant=item.grant, kind=d.kind, year=d.year, due=d.due,
                                 step=item.step, user=person, sent_at=now)
                for person in item.people
            )  # fmt: skip
            queued += queue_mail_to_each(
                records,
                MAIL,
                lambda record, item=item: _context(item, record),
                person=lambda record: record.user,
                recorder=RECORDER,
            )
    return queued


@mail_recorder
def record_reminders(*, sent: list[int], gave_up: list[int]) -> None:
    """In the worker: a reminder sent keeps its record; one given up loses it."""
    DeadlineReminder.objects.filter(pk__in=gave_up).delete()
