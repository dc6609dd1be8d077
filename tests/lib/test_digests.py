"""The shape both digests share (lib.digests): items grouped per person, one mail
each in their language, recorded when queued, and the record dropped when the worker
gives up on the mail. The stale measures' record model stands in for any."""

import datetime
from types import SimpleNamespace

import pytest
from django.core import mail
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from lib.digests import Digest, Digests, digests_for, listing
from lib.mail import mail_recorder
from measures.models import StaleDigest
from tests.factories import UserFactory
from tests.helpers import run_tasks

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("note_trio")]

NOTES = Digests(
    mail="note",
    record=StaleDigest,
    count_field="measure_count",
    recorder="tests.lib.test_digests.record_notes",
)
DAY = datetime.date(2030, 1, 31)


@mail_recorder
def record_notes(*, sent: list[int], gave_up: list[int]) -> None:
    NOTES.forget(gave_up)


def context(digest: Digest) -> dict:
    return {"name": f"{digest.user.name} ({len(digest.items)})", "day": DAY}


@pytest.fixture
def people():
    return (
        UserFactory(email="deutsch@example.org", name="Dora", language="de"),
        UserFactory(email="english@example.org", name="Emma", language="en"),
    )


def test_each_person_with_something_to_read_gets_a_digest_in_the_order_given():
    items = {"a": [1, 2], "b": [], "c": iter([3])}
    digests = digests_for(["c", "b", "a"], lambda person: items[person])
    assert [(digest.user, digest.items) for digest in digests] == [("c", [3]), ("a", [1, 2])]


def test_nobody_with_nothing_to_read_means_no_digests():
    assert digests_for([], lambda person: [1]) == []
    assert digests_for(["a"], lambda person: []) == []


def test_a_digest_is_recorded_with_its_count_and_mailed_in_the_persons_language(people):
    german, english = people
    now = timezone.now()

    queued = NOTES.send(
        [Digest(user=german, items=["x", "y"]), Digest(user=english, items=["z"])],
        now=now,
        context=context,
    )

    assert queued == 2
    assert sorted(StaleDigest.objects.values_list("user__email", "sent_at", "measure_count")) == [
        ("deutsch@example.org", now, 2),
        ("english@example.org", now, 1),
    ]
    run_tasks()
    assert sorted((m.to[0], m.subject, m.body) for m in mail.outbox) == [
        ("deutsch@example.org", "Aufgaben 31.01.2030", "Hallo Dora (2), fällig 31.01.2030"),
        ("english@example.org", "Action items 31 Jan 2030", "Hallo Emma (1), fällig 31 Jan 2030"),
    ]
    assert StaleDigest.objects.count() == 2  # sent: the records stay


def test_a_dry_run_counts_and_neither_records_nor_queues(people):
    german, _english = people
    digests = [Digest(user=german, items=["x"])]
    assert NOTES.send(digests, now=timezone.now(), context=context, dry_run=True) == 1
    assert not StaleDigest.objects.exists()
    assert not DBTaskResult.objects.exists()


def test_no_digests_record_and_queue_nothing():
    assert NOTES.send([], now=timezone.now(), context=context) == 0
    assert not StaleDigest.objects.exists()
    assert not DBTaskResult.objects.exists()


def test_a_digest_the_worker_gives_up_on_loses_its_record(people, settings, monkeypatch):
    german, english = people
    settings.EMAIL_BACKEND = "tests.helpers.MailServerDown"
    monkeypatch.setattr("lib.mail.RETRY_DELAYS", ())  # one attempt only
    NOTES.send([Digest(user=german, items=["x"])], now=timezone.now(), context=context)
    kept = StaleDigest.objects.create(user=english, measure_count=1)

    run_tasks()

    assert list(StaleDigest.objects.all()) == [kept]


def test_people_written_within_the_interval_are_recent(people):
    german, english = people
    now = timezone.now()
    StaleDigest.objects.create(
        user=german, sent_at=now - datetime.timedelta(days=6, hours=23), measure_count=1
    )
    StaleDigest.objects.create(
        user=english, sent_at=now - datetime.timedelta(days=7), measure_count=1
    )
    assert list(NOTES.recently_written(now)) == [{"user": german.pk}]
    assert list(NOTES.recently_written(now + datetime.timedelta(hours=1))) == []


def test_the_dry_run_listing_names_each_person_their_language_and_items():
    digests = [
        Digest(user=SimpleNamespace(email="a@example.org", language="en"), items=[1, 2]),
        Digest(user=SimpleNamespace(email="b@example.org", language=""), items=[3]),
    ]
    assert list(listing(digests, lambda item: f"Nr. {item}")) == [
        "a@example.org (en):",
        "  - Nr. 1",
        "  - Nr. 2",
        "b@example.org (de):",
        "  - Nr. 3",
    ]
