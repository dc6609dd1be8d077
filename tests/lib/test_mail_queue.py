"""Every mail goes through the worker (lib.mail): queued as one job per batch in
the caller's transaction, sent over one connection, and a mail the server refuses is
logged, tried again later and given up only after the last attempt, with its job
kept as failed. Nothing is lost silently."""

import datetime
import logging
import smtplib

import pytest
from django.core import mail
from django.core.mail.backends import locmem
from django.db import transaction
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from events import services as events
from lib.mail import Mail, deliver, mail_recorder, queue_mails, render_mail
from measures.models import StaleDigest
from measures.reminders import send_stale_reminders
from networks.models import Membership, Role
from reports.issuing import issue_report, notify_funders
from tests.events.support import World, at
from tests.factories import LEFT_EMPTY, MeasureFactory, UserFactory
from tests.helpers import run_tasks

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("module_personas")]

REFUSED = "klima.b@example.org"
# The network's climate managers and service provider.
INVITED = ["klima.a@example.org", "klima.b@example.org", "moderation@example.org"]


class CountingBackend(locmem.EmailBackend):
    """The test mailbox, handling connections as the SMTP backend does: sending on a
    closed connection opens one for that call only. Counts the connections opened and
    refuses mail to whoever is in `refused`."""

    opened = 0
    refused: set[str] = set()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.is_open = False

    def open(self):
        if self.is_open:
            return False
        type(self).opened += 1
        self.is_open = True
        return True

    def close(self):
        self.is_open = False

    def send_messages(self, messages):
        opened_here = self.open()
        try:
            for message in messages:
                if set(message.to) & self.refused:
                    raise smtplib.SMTPRecipientsRefused({message.to[0]: (550, b"unknown")})
            return super().send_messages(messages)
        finally:
            if opened_here:
                self.close()


@pytest.fixture
def backend(settings):
    settings.EMAIL_BACKEND = f"{__name__}.CountingBackend"
    CountingBackend.opened = 0
    CountingBackend.refused = set()
    return CountingBackend


@pytest.fixture
def world(personas) -> World:
    return World(personas)


def recipients() -> list[str]:
    return sorted(address for message in mail.outbox for address in message.to)


def logged(caplog, level=logging.WARNING) -> list[str]:
    return [
        record.getMessage()
        for record in caplog.records
        if record.name == "lib.mail" and record.levelno == level
    ]


def jobs() -> list[tuple[str, list[str], int]]:
    """The mail jobs: status, addresses and attempt, oldest first."""
    return [
        (
            job.status,
            sorted(message["to"] for message in job.args_kwargs["args"][0]),
            job.args_kwargs["kwargs"]["attempt"],
        )
        for job in DBTaskResult.objects.filter(task_path="lib.mail.send_mails").order_by(
            "enqueued_at"
        )
    ]


def due_now() -> None:
    """Let the time of the queued retries come (the worker takes only jobs that are due)."""
    DBTaskResult.objects.filter(status="READY").update(run_after=timezone.now())


def test_invitations_are_queued_as_one_job_that_opens_one_connection(world, backend):
    assert events.send_invitations(meeting=world.upcoming, user=world.coordinator) == 3
    assert mail.outbox == []  # the request does not wait for the mail server
    assert jobs() == [("READY", sorted(INVITED), 1)]
    assert run_tasks() == 1
    assert recipients() == INVITED
    assert backend.opened == 1
    assert jobs() == [("SUCCESSFUL", sorted(INVITED), 1)]


def test_a_cancellation_opens_one_connection(world, backend):
    events.send_invitations(meeting=world.upcoming, user=world.coordinator)
    run_tasks()
    backend.opened = 0
    mail.outbox.clear()
    assert events.cancel_meeting(meeting=world.upcoming, user=world.coordinator) == 3
    run_tasks()
    assert recipients() == INVITED
    assert backend.opened == 1


def test_meeting_reminders_open_one_connection(world, backend):
    meeting = world.meeting(starts_at=at(2))
    events.send_invitations(meeting=meeting, user=world.coordinator)
    run_tasks()
    backend.opened = 0
    mail.outbox.clear()
    assert events.send_meeting_reminders() == [(meeting, 3)]
    run_tasks()
    assert recipients() == INVITED
    assert backend.opened == 1


def test_report_notices_open_one_connection(personas, backend, report):
    assert notify_funders(report) == 2
    run_tasks()
    assert recipients() == ["foerderung.zwei@example.org", "foerderung@example.org"]
    assert backend.opened == 1


def test_stale_digests_open_one_connection(personas, backend):
    now = stale_measures(personas)
    assert send_stale_reminders(now=now) == 2
    run_tasks()
    assert recipients() == ["klima.a@example.org", "klima.b@example.org"]
    assert backend.opened == 1


def test_an_empty_batch_queues_nothing(backend):
    assert queue_mails([]) == 0
    assert jobs() == []


def test_what_is_rolled_back_sends_nothing(world, backend):
    with pytest.raises(RuntimeError), transaction.atomic():
        events.send_invitations(meeting=world.upcoming, user=world.coordinator)
        raise RuntimeError("the request failed after inviting")
    assert jobs() == []
    run_tasks()
    assert mail.outbox == []


def test_a_mail_says_what_was_true_when_it_was_written(world, backend):
    events.send_invitations(meeting=world.upcoming, user=world.coordinator)
    title = world.upcoming.title
    world.upcoming.title = "Später umbenannt"
    world.upcoming.save()
    run_tasks()
    assert all(title in message.subject for message in mail.outbox)


def test_a_refused_mail_is_logged_and_tried_again_later_while_the_others_go(world, backend, caplog):
    backend.refused = {REFUSED}
    assert events.send_invitations(meeting=world.upcoming, user=world.coordinator) == 3
    run_tasks()
    assert recipients() == ["klima.a@example.org", "moderation@example.org"]
    sent = dict(world.upcoming.invitees.values_list("user__email", "sent_at"))
    assert sent[REFUSED] is None
    assert sent["klima.a@example.org"] is not None
    assert sent["moderation@example.org"] is not None
    assert logged(caplog) == [
        f"Mail meeting-invitation to {REFUSED} failed",
        f"Mail meeting-invitation to {REFUSED} is tried again in 0:01:00 (attempt 2 of 5)",
    ]
    assert jobs() == [("SUCCESSFUL", sorted(INVITED), 1), ("READY", [REFUSED], 2)]
    retry = DBTaskResult.objects.get(status="READY")
    wait = retry.run_after - retry.enqueued_at
    assert datetime.timedelta(seconds=59) < wait <= datetime.timedelta(minutes=1)
    assert run_tasks() == 0  # not due yet

    backend.refused = set()  # the server takes it now
    mail.outbox.clear()
    due_now()
    assert run_tasks() == 1
    assert recipients() == [REFUSED]
    assert world.upcoming.invitees.get(user__email=REFUSED).sent_at is not None


def test_after_the_last_attempt_a_mail_is_given_up_logged_and_its_job_kept_failed(
    world, backend, caplog, monkeypatch
):
    monkeypatch.setattr("lib.mail.RETRY_DELAYS", (60, 600))
    backend.refused = {REFUSED}
    events.send_invitations(meeting=world.upcoming, user=world.coordinator)
    for _ in range(3):
        due_now()
        assert run_tasks() == 1
    assert jobs() == [
        ("SUCCESSFUL", sorted(INVITED), 1),
        ("SUCCESSFUL", [REFUSED], 2),
        ("FAILED", [REFUSED], 3),
    ]
    assert logged(caplog, logging.ERROR)[-1] == (
        f"Mail meeting-invitation to {REFUSED} not sent after 3 attempts"
    )
    failed = DBTaskResult.objects.get(status="FAILED")
    assert f"meeting-invitation an {REFUSED}" in failed.traceback
    assert world.upcoming.invitees.get(user__email=REFUSED).sent_at is None
    # Inviting the people not yet invited sends theirs again.
    backend.refused = set()
    mail.outbox.clear()
    assert (
        events.send_invitations(meeting=world.upcoming, user=world.coordinator, new_only=True) == 1
    )
    run_tasks()
    assert recipients() == [REFUSED]


def test_a_refused_reminder_is_tried_again(world, backend, caplog):
    meeting = world.meeting(starts_at=at(2))
    events.send_invitations(meeting=meeting, user=world.coordinator)
    run_tasks()
    mail.outbox.clear()
    backend.refused = {REFUSED}
    assert events.send_meeting_reminders() == [(meeting, 3)]
    run_tasks()
    assert recipients() == ["klima.a@example.org", "moderation@example.org"]
    assert logged(caplog)[0] == f"Mail meeting-reminder to {REFUSED} failed"
    backend.refused = set()
    due_now()
    run_tasks()
    assert [m.to[0] for m in mail.outbox][-1] == REFUSED


def test_a_refused_report_notice_is_tried_again(personas, backend, report, caplog):
    backend.refused = {"foerderung@example.org"}
    assert notify_funders(report) == 2
    run_tasks()
    assert recipients() == ["foerderung.zwei@example.org"]
    assert jobs()[-1] == ("READY", ["foerderung@example.org"], 2)


def test_a_digest_keeps_its_record_while_tried_again_and_loses_it_when_given_up(
    personas, backend, caplog, monkeypatch
):
    monkeypatch.setattr("lib.mail.RETRY_DELAYS", (0,))
    now = stale_measures(personas)
    backend.refused = {REFUSED}
    assert send_stale_reminders(now=now) == 2
    assert run_tasks() == 2  # the first attempt and the one retry, due at once
    assert recipients() == ["klima.a@example.org"]
    assert list(StaleDigest.objects.values_list("user__email", "measure_count")) == [
        ("klima.a@example.org", 1)
    ]
    assert logged(caplog, logging.ERROR) == [
        f"Mail stale-measures to {REFUSED} not sent after 2 attempts"
    ]

    backend.refused = set()
    assert send_stale_reminders(now=now + datetime.timedelta(hours=1)) == 1
    run_tasks()
    assert StaleDigest.objects.get(user=personas.climate_manager_b).measure_count == 1


def test_after_a_failure_the_connection_is_opened_afresh(backend, report, caplog):
    backend.refused = {"zwei@example.org"}
    messages = [
        render_mail(Mail(name="report-issued", to=to, context={"report": report, "link": "/"}))
        for to in ["eins@example.org", "zwei@example.org", "drei@example.org"]
    ]
    sent, failed = deliver(messages)
    assert [data["to"] for data in sent] == ["eins@example.org", "drei@example.org"]
    assert [data["to"] for data in failed] == ["zwei@example.org"]
    # In case the server dropped it.
    assert backend.opened == 2


@mail_recorder
def note_keys(*, sent, gave_up):
    NOTED.append((sent, gave_up))


NOTED: list = []


def test_the_worker_calls_only_functions_marked_as_recorders(backend, report):
    mails = [(1, Mail(name="report-issued", to="eins@example.org", context={"report": report}))]
    with pytest.raises(ValueError, match="is not a mail recorder"):
        queue_mails(mails, recorder="os.remove")
    assert jobs() == []

    NOTED.clear()
    queue_mails(mails, recorder=f"{__name__}.note_keys")
    run_tasks()
    assert NOTED == [([1], [])]


def stale_measures(personas) -> datetime.datetime:
    """One measure in A and one in B, both untouched for 200 days at the returned time."""
    first = MeasureFactory(participation=personas.participation_a)
    MeasureFactory(participation=personas.participation_b)
    return first.updated_at + datetime.timedelta(days=200)


@pytest.fixture
def report(personas):
    Membership.objects.create(
        user=UserFactory(email="foerderung.zwei@example.org"),
        role=Role.FUNDER,
        network=personas.network,
        organisation=Membership.objects.get(user=personas.funder).organisation,
    )
    network = personas.network
    return issue_report(
        network=network, user=personas.coordinator, kind="final",
        period_start=network.term_start, period_end=network.term_end, notify=False,
        left_empty=LEFT_EMPTY,
    )  # fmt: skip
