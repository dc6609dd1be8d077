"""Digests: one mail a person at most once in an interval, listing what concerns them;
imports no app of the project.

Two apps write them: the stale measures to climate managers
(`measures.reminders`) and the tasks from meetings to the people responsible
(`events.services.followup`). Each keeps its own query (who is due, what to list
for them) and its own template; the shape they share lives here: who was written
within the interval (`Digests.recently_written`), the items grouped per person
(`digests_for`), and the queueing, one record per digest in the same transaction as
its mail, so that a daily run writes nobody twice while the worker sends, and a mail
the worker gives up on loses its record (`Digests.forget`, from the app's recorder),
so the person is written again on the next run.
"""

import datetime
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any, Generic, TypeVar

from django.db import models, transaction

from lib.mail import queue_mail_to_each, recipient_language

Item = TypeVar("Item")

WEEK = datetime.timedelta(days=7)


@dataclass
class Digest(Generic[Item]):
    """One person's pending digest: whom to write and what to list."""

    user: Any
    items: list[Item] = field(default_factory=list)


def digests_for(people: Iterable[Any], items_of: Callable[[Any], Iterable[Item]]) -> list[Digest]:
    """A digest for each person, in the order given, who has something to read:
    `items_of(person)` lists it; a person with nothing listed gets none."""
    digests = []
    for person in people:
        items = list(items_of(person))
        if items:
            digests.append(Digest(user=person, items=items))
    return digests


def listing(digests: list[Digest], line: Callable[[Any], str]) -> Iterator[str]:
    """The digests as a dry run shows them on the console: each person's address and
    the language they are written in, then one `line(item)` for each item."""
    for digest in digests:
        yield f"{digest.user.email} ({recipient_language(digest.user)}):"
        for item in digest.items:
            yield f"  - {line(item)}"


@dataclass(frozen=True)
class Digests:
    """One kind of digest: the template trio `mail`, the `record` model (a row per
    digest queued, with `user`, `sent_at` and the number of items in `count_field`),
    and the dotted path of the app's `@mail_recorder`, which calls `forget`."""

    mail: str
    record: type[models.Model]
    count_field: str
    recorder: str
    interval: datetime.timedelta = WEEK

    def recently_written(self, now: datetime.datetime) -> models.QuerySet:
        """The people written within the interval before `now`, as a subquery."""
        return self.record.objects.filter(sent_at__gt=now - self.interval).values("user")

    def send(
        self,
        digests: list[Digest],
        *,
        now: datetime.datetime,
        context: Callable[[Digest], dict],
        dry_run: bool = False,
    ) -> int:
        """Queue a mail for each digest, with `context(digest)`, each recorded as sent
        at `now` in the same transaction; return how many were queued (or, in a dry
        run, would be: then nothing is queued or recorded)."""
        if dry_run or not digests:
            return len(digests)
        with transaction.atomic():
            records = self.record.objects.bulk_create(
                self.record(user=digest.user, sent_at=now, **{self.count_field: len(digest.items)})
                for digest in digests
            )
            return queue_mail_to_each(
                zip(records, digests, strict=True),
                self.mail,
                lambda pair: context(pair[1]),
                person=lambda pair: pair[1].user,
                key=lambda pair: pair[0].pk,
                recorder=self.recorder,
            )

    def forget(self, gave_up: list[int]) -> None:
        """In the worker: the records of digests given up go, so their people are
        written again on the next run; those sent stay."""
        self.record.objects.filter(pk__in=gave_up).delete()
