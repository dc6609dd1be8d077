"""Mails to many people go out over one connection (portal.lib.mail.send_batch), and a
recipient whose mail fails is logged while the others still get theirs."""

import datetime
import logging
import smtplib

import pytest
from django.core import mail
from django.core.mail.backends import locmem

from events import services as events
from measures.models import StaleDigest
from measures.reminders import send_stale_reminders
from networks.models import Membership, Role
from portal.lib.mail import Mail, send_batch
from portal.services import issue_report, notify_funders
from tests.events.support import World, at
from tests.factories import MeasureFactory, UserFactory

pytestmark = pytest.mark.django_db

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


def failures(caplog) -> list[str]:
    return [
        record.getMessage()
        for record in caplog.records
        if record.name == "portal.lib.mail" and record.levelno == logging.ERROR
    ]


def test_invitations_to_three_people_open_one_connection(world, backend):
    assert events.send_invitations(meeting=world.upcoming, user=world.coordinator) == 3
    assert recipients() == INVITED
    assert backend.opened == 1


def test_a_cancellation_opens_one_connection(world, backend):
    events.send_invitations(meeting=world.upcoming, user=world.coordinator)
    backend.opened = 0
    mail.outbox.clear()
    assert events.cancel_meeting(meeting=world.upcoming, user=world.coordinator) == 3
    assert backend.opened == 1


def test_meeting_reminders_open_one_connection(world, backend):
    meeting = world.meeting(starts_at=at(2))
    events.send_invitations(meeting=meeting, user=world.coordinator)
    backend.opened = 0
    mail.outbox.clear()
    assert events.send_meeting_reminders() == [(meeting, 3)]
    assert recipients() == INVITED
    assert backend.opened == 1


def test_report_notices_open_one_connection(personas, backend, report):
    assert notify_funders(report) == 2
    assert recipients() == ["foerderung.zwei@example.org", "foerderung@example.org"]
    assert backend.opened == 1


def test_stale_digests_open_one_connection(personas, backend):
    now = stale_measures(personas)
    assert send_stale_reminders(now=now) == 2
    assert recipients() == ["klima.a@example.org", "klima.b@example.org"]
    assert backend.opened == 1


def test_send_batch_returns_the_keys_of_the_mails_that_went(backend, report, caplog):
    backend.refused = {"zwei@example.org"}
    mails = [
        (key, Mail(name="report-issued", to=to, context={"report": report, "link": "/"}))
        for key, to in [(1, "eins@example.org"), (2, "zwei@example.org"), (3, "drei@example.org")]
    ]
    assert send_batch(mails) == [1, 3]
    assert recipients() == ["drei@example.org", "eins@example.org"]
    assert failures(caplog) == ["Mail report-issued to zwei@example.org failed"]
    # The connection is opened afresh after the failure, in case the server dropped it.
    assert backend.opened == 2


def test_an_empty_batch_opens_no_connection(backend):
    assert send_batch([]) == []
    assert backend.opened == 0


def test_a_refused_invitation_is_logged_and_the_others_go(world, backend, caplog):
    backend.refused = {REFUSED}
    assert events.send_invitations(meeting=world.upcoming, user=world.coordinator) == 2
    assert recipients() == ["klima.a@example.org", "moderation@example.org"]
    sent = dict(world.upcoming.invitees.values_list("user__email", "sent_at"))
    assert sent[REFUSED] is None
    assert sent["klima.a@example.org"] is not None
    assert sent["moderation@example.org"] is not None
    assert failures(caplog) == [f"Mail meeting-invitation to {REFUSED} failed"]


def test_a_refused_reminder_is_logged_and_the_others_go(world, backend, caplog):
    meeting = world.meeting(starts_at=at(2))
    events.send_invitations(meeting=meeting, user=world.coordinator)
    mail.outbox.clear()
    backend.refused = {REFUSED}
    assert events.send_meeting_reminders() == [(meeting, 2)]
    assert recipients() == ["klima.a@example.org", "moderation@example.org"]
    assert failures(caplog) == [f"Mail meeting-reminder to {REFUSED} failed"]


def test_a_refused_report_notice_is_logged_and_the_others_go(personas, backend, report, caplog):
    backend.refused = {"foerderung@example.org"}
    assert notify_funders(report) == 1
    assert recipients() == ["foerderung.zwei@example.org"]
    assert failures(caplog) == ["Mail report-issued to foerderung@example.org failed"]


def test_a_refused_digest_is_logged_and_leaves_no_record(personas, backend, caplog):
    now = stale_measures(personas)
    backend.refused = {REFUSED}
    assert send_stale_reminders(now=now) == 1
    assert recipients() == ["klima.a@example.org"]
    assert list(StaleDigest.objects.values_list("user__email", "measure_count")) == [
        ("klima.a@example.org", 1)
    ]
    assert failures(caplog) == [f"Mail stale-measures to {REFUSED} failed"]

    backend.refused = set()
    assert send_stale_reminders(now=now + datetime.timedelta(hours=1)) == 1
    assert StaleDigest.objects.get(user=personas.climate_manager_b).measure_count == 1


def stale_measures(personas) -> datetime.datetime:
    """One measure in A and one in B, both untouched for 200 days at the returned time."""
    first = MeasureFactory(participation=personas.participation_a)
    MeasureFactory(participation=personas.participation_b)
    return first.updated_at + datetime.timedelta(days=200)


@pytest.fixture
def report(personas, django_capture_on_commit_callbacks):
    Membership.objects.create(
        user=UserFactory(email="foerderung.zwei@example.org"),
        role=Role.FUNDER,
        network=personas.network,
        organisation=Membership.objects.get(user=personas.funder).organisation,
    )
    network = personas.network
    with django_capture_on_commit_callbacks(execute=False):
        report = issue_report(
            network=network, user=personas.coordinator, kind="final",
            period_start=network.term_start, period_end=network.term_end,
        )  # fmt: skip
    mail.outbox.clear()
    return report
