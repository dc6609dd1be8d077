"""One mail to each of several people (lib.mail.queue_mail_to_each), each in the
language `recipient_language` gives: the person's own where the portal speaks it,
else the portal's first, with dates as that language writes them."""

import datetime
from types import SimpleNamespace

import pytest
from django.core import mail
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage

from lib.mail import mail_recorder, queue_mail_to_each, recipient_language
from tests.factories import UserFactory
from tests.helpers import run_tasks

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("note_trio")]

DAY = datetime.date(2030, 1, 31)
RECORDED: list[tuple[list, list]] = []


@mail_recorder
def remember(*, sent: list, gave_up: list) -> None:
    RECORDED.append((sorted(sent), sorted(gave_up)))


@pytest.fixture(autouse=True)
def _nothing_recorded():
    RECORDED.clear()


def html_of(message) -> str:
    return next(content for content, mimetype in message.alternatives if mimetype == "text/html")


@pytest.mark.parametrize("language", ["de", "en"])
def test_a_person_is_written_in_their_own_language(language):
    assert recipient_language(SimpleNamespace(language=language)) == language


@pytest.mark.parametrize("language", ["", None, "fr", "EN"])
def test_a_language_the_portal_does_not_speak_falls_back_to_german(language):
    assert recipient_language(SimpleNamespace(language=language)) == "de"


def test_an_address_without_an_account_is_written_in_german():
    assert recipient_language(None) == "de"


def test_the_fallback_is_the_portals_first_language(settings):
    settings.LANGUAGE_CODE = "en"
    assert recipient_language(None) == "en"
    assert recipient_language(SimpleNamespace(language="fr")) == "en"
    assert recipient_language(SimpleNamespace(language="de")) == "de"


def test_each_person_reads_the_mail_and_its_dates_in_their_language():
    german = UserFactory(email="deutsch@example.org", name="Dora", language="de")
    english = UserFactory(email="english@example.org", name="Emma", language="en")

    queued = queue_mail_to_each(
        [german, english], "note", lambda person: {"name": person.name, "day": DAY}
    )
    run_tasks()

    assert queued == 2
    by_address = {message.to[0]: message for message in mail.outbox}
    assert by_address["deutsch@example.org"].subject == "Aufgaben 31.01.2030"
    assert by_address["deutsch@example.org"].body == "Hallo Dora, fällig 31.01.2030"
    assert html_of(by_address["deutsch@example.org"]) == (
        '<html lang="de"><p>Dora: 31.01.2030</p></html>'
    )
    assert by_address["english@example.org"].subject == "Action items 31 Jan 2030"
    assert by_address["english@example.org"].body == "Hallo Emma, fällig 31 Jan 2030"
    assert html_of(by_address["english@example.org"]) == (
        '<html lang="en"><p>Emma: 31 Jan 2030</p></html>'
    )


def test_a_person_whose_language_the_portal_does_not_speak_reads_german():
    person = UserFactory(email="fr@example.org", name="Franz")
    person.language = "fr"  # not saved: no form would accept it

    queue_mail_to_each([person], "note", lambda person: {"name": person.name, "day": DAY})
    run_tasks()

    (message,) = mail.outbox
    assert message.subject == "Aufgaben 31.01.2030"


def test_recipients_stand_for_their_person_and_the_recorder_hears_their_keys():
    english = UserFactory(email="english@example.org", name="Emma", language="en")
    invitees = [
        SimpleNamespace(pk=7, user=english, address=None),
        SimpleNamespace(pk=8, user=None, address="ohne.konto@example.org"),
    ]

    queue_mail_to_each(
        invitees,
        "note",
        lambda invitee: {"name": invitee.pk, "day": DAY},
        person=lambda invitee: invitee.user,
        to=lambda invitee: invitee.address or invitee.user.email,
        recorder="tests.lib.test_mail_recipients.remember",
    )
    run_tasks()

    assert sorted((message.to[0], message.subject) for message in mail.outbox) == [
        ("english@example.org", "Action items 31 Jan 2030"),
        ("ohne.konto@example.org", "Aufgaben 31.01.2030"),
    ]
    assert RECORDED == [([7, 8], [])]


def test_each_recipient_gets_their_own_calendar_and_attachments():
    stored = default_storage.save("notiz.txt", ContentFile(b"Notiz"))
    people = [UserFactory(email=f"person{n}@example.org", name=f"P{n}") for n in (1, 2)]

    queue_mail_to_each(
        people,
        "note",
        lambda person: {"name": person.name, "day": DAY},
        key=lambda person: person.email,
        calendar=lambda person: (f"BEGIN:VCALENDAR\r\nX-FOR:{person.name}\r\n".encode(), "REQUEST"),
        attachments=lambda person: ((f"{person.name}.txt", "text/plain", stored),),
    )
    run_tasks()

    for message in mail.outbox:
        name = {"person1@example.org": "P1", "person2@example.org": "P2"}[message.to[0]]
        (_html, (ics, mimetype)) = message.alternatives
        assert mimetype == "text/calendar; method=REQUEST"
        assert f"X-FOR:{name}\r\n" in ics
        assert [attachment[0] for attachment in message.attachments] == [
            "einladung.ics",
            f"{name}.txt",
        ]
    assert len(mail.outbox) == 2


def test_no_recipients_queue_nothing():
    assert queue_mail_to_each([], "note", lambda person: {}) == 0
    assert run_tasks() == 0
