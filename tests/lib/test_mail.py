"""Mails from lib/mail.py: plain-text parts and subjects show names as written,
the HTML part escapes them, and no text can add a header."""

import datetime

import pytest
from django.core import mail

from events import services as events
from events.models import AgendaItem
from measures.reminders import send_stale_reminders
from networks.models import Invitation, Role
from networks.services import invite
from reports.issuing import issue_report
from tests.events.support import World, at
from tests.factories import LEFT_EMPTY, MeasureFactory
from tests.helpers import run_tasks

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("module_personas")]

NAME = 'Müller & "Söhne" <b>fett</b> O\'Brien'
ESCAPED = "Müller &amp; &quot;Söhne&quot; &lt;b&gt;fett&lt;/b&gt; O&#x27;Brien"
ENTITIES = ("&amp;", "&quot;", "&#x27;", "&#39;", "&lt;", "&gt;")


def html_of(message) -> str:
    return next(content for content, mimetype in message.alternatives if mimetype == "text/html")


def assert_written_as_is(message, *, in_subject: bool = True) -> None:
    """The name appears unescaped in subject and text body, escaped in the HTML part."""
    if in_subject:
        assert NAME in message.subject
    assert NAME in message.body
    for entity in ENTITIES:
        assert entity not in message.subject
        assert entity not in message.body
    assert ESCAPED in html_of(message)
    assert "<b>fett</b>" not in html_of(message)


@pytest.fixture
def world(personas) -> World:
    return World(personas)


def test_invitation_to_the_portal(personas, django_capture_on_commit_callbacks):
    personas.coordinator.name = NAME
    personas.coordinator.save()
    personas.network.name = NAME
    personas.network.save()
    invitation = Invitation(email="neu@example.org", role=Role.FUNDER, network=personas.network)
    with django_capture_on_commit_callbacks(execute=True):
        invite(inviter=personas.coordinator, invitation=invitation)
    run_tasks()
    (message,) = mail.outbox
    assert message.subject == "Einladung ins Klimaschutz-Netzwerkportal (Fördermittelgeber)"
    assert_written_as_is(message, in_subject=False)


def nasty_meeting(world, **fields):
    world.network.name = NAME
    world.network.save()
    world.service_provider.name = NAME
    world.service_provider.save()
    meeting = world.meeting(title=NAME, venue=NAME, address=f"{NAME}\n33184 Altenbeken", **fields)
    AgendaItem.objects.create(meeting=meeting, position=1, title=NAME, presenter=NAME)
    return meeting


def test_meeting_invitation(world):
    meeting = nasty_meeting(world)
    events.send_invitations(meeting=meeting, user=world.coordinator)
    run_tasks()
    message = next(m for m in mail.outbox if m.to == ["klima.a@example.org"])
    assert message.subject.startswith(f"Einladung: {NAME} am ")
    assert_written_as_is(message)
    assert f"Wo: {NAME}, {NAME}, 33184 Altenbeken\n" in message.body
    assert f"Moderation: {NAME}\n" in message.body


def test_meeting_update_and_cancellation(world):
    meeting = nasty_meeting(world)
    events.send_invitations(meeting=meeting, user=world.coordinator)
    run_tasks()
    mail.outbox.clear()
    events.send_invitations(meeting=meeting, user=world.coordinator)
    run_tasks()
    assert mail.outbox[0].subject.startswith(f"Geändert: {NAME} am ")
    assert_written_as_is(mail.outbox[0])
    mail.outbox.clear()
    events.cancel_meeting(meeting=meeting, user=world.coordinator)
    run_tasks()
    assert mail.outbox[0].subject.startswith(f"Abgesagt: {NAME} am ")
    assert_written_as_is(mail.outbox[0])


def test_meeting_reminder(world):
    meeting = nasty_meeting(world, starts_at=at(2))
    events.send_invitations(meeting=meeting, user=world.coordinator)
    run_tasks()
    mail.outbox.clear()
    events.send_meeting_reminders()
    run_tasks()
    assert mail.outbox[0].subject.startswith(f"Erinnerung: {NAME} am ")
    assert_written_as_is(mail.outbox[0])


def test_report_notice(personas, django_capture_on_commit_callbacks):
    network = personas.network
    network.name = NAME
    network.save()
    personas.coordinator.name = NAME
    personas.coordinator.save()
    with django_capture_on_commit_callbacks(execute=True):
        issue_report(
            network=network, user=personas.coordinator, kind="final",
            period_start=network.term_start, period_end=network.term_end,
            left_empty=LEFT_EMPTY,
        )  # fmt: skip
    run_tasks()
    (message,) = mail.outbox
    assert message.subject == f"Schlussbericht ausgestellt: {NAME}"
    assert_written_as_is(message)


def test_stale_measures_digest(personas):
    personas.climate_manager_a.name = NAME
    personas.climate_manager_a.save()
    measure = MeasureFactory(participation=personas.participation_a, title=NAME)
    send_stale_reminders(now=measure.updated_at + datetime.timedelta(days=200))
    run_tasks()
    (message,) = (m for m in mail.outbox if m.to == [personas.climate_manager_a.email])
    assert message.subject == "Erinnerung: 1 Maßnahme wurde lange nicht aktualisiert"
    assert_written_as_is(message, in_subject=False)


@pytest.mark.parametrize("title", ["Treffen\r\nBcc: boese@example.org", "Treffen\nX-Kopf: 1"])
def test_no_text_adds_a_header_through_the_subject(world, title):
    meeting = world.meeting(title=title)
    events.send_invitations(meeting=meeting, user=world.coordinator)
    run_tasks()
    for message in mail.outbox:
        assert "\n" not in message.subject
        assert "\r" not in message.subject
        assert message.subject.startswith(f"Einladung: {' '.join(title.split())} am ")
        raw = message.message()
        assert (raw["Bcc"], raw["X-Kopf"]) == (None, None)
        assert message.recipients() == message.to
