import datetime
import email
import re

import pytest
import vobject
from django.core import mail
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from events import services
from events.models import Invitee, Meeting, MeetingSettings
from networks.models import Membership, Role
from tests.events.support import at
from tests.events.test_meetings import login, meeting_post
from tests.factories import UserFactory
from tests.helpers import run_tasks

pytestmark = pytest.mark.django_db


def parsed_calendar(message):
    """The .ics attachment of a mail, parsed with vobject (not the library that wrote it)."""
    name, content, mimetype = message.attachments[0]
    assert (name, mimetype) == ("einladung.ics", "application/ics")
    return vobject.readOne(content.decode())


def test_invitation_goes_to_climate_managers_and_service_providers(world):
    sent = services.send_invitations(meeting=world.upcoming, user=world.coordinator)
    run_tasks()
    recipients = sorted(message.to[0] for message in mail.outbox)
    assert sent == 3
    assert recipients == ["klima.a@example.org", "klima.b@example.org", "moderation@example.org"]
    invitees = {i.user.email: (i.role, i.municipality_id) for i in world.upcoming.invitees.all()}
    assert invitees == {
        "klima.a@example.org": (Role.CLIMATE_MANAGER, world.municipality_a.pk),
        "klima.b@example.org": (Role.CLIMATE_MANAGER, world.municipality_b.pk),
        "moderation@example.org": (Role.SERVICE_PROVIDER, None),
    }


def test_invitation_carries_a_calendar_request_outlook_and_thunderbird_accept(world, settings):
    settings.PORTAL_BASE_URL = "https://portal.example.org"
    meeting = world.upcoming
    services.send_invitations(meeting=meeting, user=world.coordinator)
    run_tasks()
    message = next(m for m in mail.outbox if m.to == ["klima.a@example.org"])
    assert message.subject == f"Einladung: 5. Netzwerktreffen am {meeting.starts_at:%d.%m.%Y}"
    calendar = parsed_calendar(message)
    event = calendar.vevent
    assert calendar.method.value == "REQUEST"
    assert event.uid.value == f"{meeting.uid}@portal.example.org"
    assert event.sequence.value == "0"
    assert event.organizer.value == "mailto:moderation@example.org"
    assert event.attendee.value == "mailto:klima.a@example.org"
    assert event.dtstart.value == meeting.starts_at
    assert event.dtend.value == meeting.ends_at
    assert event.summary.value == "5. Netzwerktreffen (Netzwerk Test)"
    assert event.location.value.startswith("Rathaus Altenbeken, Sitzungssaal, Bahnhofstraße 5a")
    # Outlook reads the invitation from a text/calendar part with the method.
    raw = email.message_from_bytes(message.message().as_bytes())
    types = [part.get_content_type() for part in raw.walk()]
    assert "text/calendar" in types
    calendar_part = next(part for part in raw.walk() if part.get_content_type() == "text/calendar")
    assert calendar_part.get_param("method") == "REQUEST"


def test_invitation_mail_is_in_the_persons_language_with_an_answer_link(world):
    world.climate_manager_b.language = "en"
    world.climate_manager_b.save()
    services.send_invitations(meeting=world.upcoming, user=world.coordinator)
    run_tasks()
    english = next(m for m in mail.outbox if m.to == ["klima.b@example.org"])
    german = next(m for m in mail.outbox if m.to == ["klima.a@example.org"])
    assert english.subject.startswith("Invitation: 5. Netzwerktreffen")
    assert german.subject.startswith("Einladung: 5. Netzwerktreffen")
    # The link is read from the mail, not signed again here: the token holds the second it
    # was made, so a token made now may differ from the one sent a moment ago.
    prefix = reverse("meeting_answer_link", args=["TOKEN"]).split("TOKEN")[0]
    token = re.search(re.escape(prefix) + r"([^/\s]+)/", german.body).group(1)
    invitee = world.upcoming.invitees.get(user=world.climate_manager_a)
    assert services.invitee_from_token(token) == invitee


def test_change_after_invitation_sends_an_update_with_a_higher_sequence(client, world):
    meeting = world.upcoming
    services.send_invitations(meeting=meeting, user=world.coordinator)
    run_tasks()
    mail.outbox.clear()
    login(client, world.coordinator)
    day = (meeting.starts_at + datetime.timedelta(days=1)).date().isoformat()
    data = meeting_post(world, title=meeting.title, starts_at_0=day, ends_at_0=day, version=0)
    assert client.post(reverse("meeting_edit", args=[meeting.pk]), data).status_code == 302
    run_tasks()
    assert len(mail.outbox) == 3
    message = mail.outbox[0]
    assert message.subject.startswith("Geändert: 5. Netzwerktreffen")
    event = parsed_calendar(message).vevent
    assert event.sequence.value == "1"
    assert event.uid.value.startswith(str(meeting.uid))


def test_cancellation_sends_method_cancel_with_the_same_uid(client, world):
    meeting = world.upcoming
    services.send_invitations(meeting=meeting, user=world.coordinator)
    run_tasks()
    mail.outbox.clear()
    login(client, world.service_provider)
    # The moderator is told what will happen first, and nothing happens yet.
    asked = client.post(reverse("meeting_cancel", args=[meeting.pk]))
    assert asked.status_code == 200
    html = asked.content.decode()
    assert "<h1>Treffen absagen?</h1>" in html
    assert "3 Eingeladene erhalten eine Absage; ihr Kalender entfernt den Termin." in html
    assert '<input type="hidden" name="bestaetigt" value="1">' in html
    meeting.refresh_from_db()
    assert meeting.status == Meeting.Status.PLANNED
    confirmed = client.post(reverse("meeting_cancel", args=[meeting.pk]), {"bestaetigt": "1"})
    assert confirmed.status_code == 302
    meeting.refresh_from_db()
    assert meeting.status == Meeting.Status.CANCELLED
    run_tasks()
    assert len(mail.outbox) == 3
    calendar = parsed_calendar(mail.outbox[0])
    assert calendar.method.value == "CANCEL"
    assert calendar.vevent.status.value == "CANCELLED"
    assert calendar.vevent.sequence.value == "1"
    assert mail.outbox[0].subject.startswith("Abgesagt: 5. Netzwerktreffen")


def test_climate_manager_answers_yes_on_the_meeting_page(client, world):
    services.send_invitations(meeting=world.upcoming, user=world.coordinator)
    run_tasks()
    login(client, world.climate_manager_a)
    url = reverse("meeting_answer", args=[world.upcoming.pk])
    response = client.post(
        url, {"answer": "yes", "comment": "mit Kollegin"}, HTTP_HX_REQUEST="true"
    )
    assert response.status_code == 200
    assert "Danke, Ihre Antwort ist gespeichert." in response.content.decode()
    invitee = world.upcoming.invitees.get(user=world.climate_manager_a)
    assert (invitee.answer, invitee.comment) == (Invitee.Answer.YES, "mit Kollegin")


def test_substitute_must_come_from_the_own_municipality(client, world):
    colleague = UserFactory(email="kollegin.a@example.org", name="Kollegin A")
    Membership.objects.create(
        user=colleague,
        role=Role.CLIMATE_MANAGER,
        municipality=world.municipality_a,
        organisation=world.coordinator_org,
    )
    services.send_invitations(meeting=world.upcoming, user=world.coordinator)
    run_tasks()
    login(client, world.climate_manager_b)
    url = reverse("meeting_answer", args=[world.upcoming.pk])
    response = client.post(url, {"answer": "no", "substitute": colleague.pk})
    assert response.status_code == 422
    assert "substitute" in response.context["answer_form"].errors
    login(client, world.climate_manager_a)
    assert client.post(url, {"answer": "no", "substitute": colleague.pk}).status_code == 302
    invitee = world.upcoming.invitees.get(user=world.climate_manager_a)
    assert (invitee.answer, invitee.substitute) == (Invitee.Answer.NO, colleague)


def test_answer_link_shows_a_form_and_only_the_post_saves(client, world):
    services.send_invitations(meeting=world.upcoming, user=world.coordinator)
    run_tasks()
    invitee = world.upcoming.invitees.get(user=world.climate_manager_b)
    url = reverse("meeting_answer_link", args=[services.rsvp_token(invitee)])
    response = client.get(url + "?antwort=yes")
    assert response.status_code == 200
    invitee.refresh_from_db()
    assert invitee.answer == Invitee.Answer.PENDING  # link scanners change nothing
    response = client.post(url, {"answer": "maybe", "substitute_name": "Frau Vertretung"})
    assert response.status_code == 200
    invitee.refresh_from_db()
    assert (invitee.answer, invitee.substitute_name) == (Invitee.Answer.MAYBE, "Frau Vertretung")


def test_forged_answer_link_is_refused(client, world):
    services.send_invitations(meeting=world.upcoming, user=world.coordinator)
    run_tasks()
    invitee = world.upcoming.invitees.get(user=world.climate_manager_b)
    token = services.rsvp_token(invitee)
    response = client.post(
        reverse("meeting_answer_link", args=[token[:-2] + "xx"]), {"answer": "yes"}
    )
    assert response.status_code == 404
    invitee.refresh_from_db()
    assert invitee.answer == Invitee.Answer.PENDING


CLOSED = "Sie gehören nicht mehr zum Netzwerk dieses Treffens (oder Ihr Konto ist gesperrt)"


def leave(world, how):
    """Climate manager B stops belonging to the network: membership ended or account
    deactivated."""
    if how == "membership_ended":
        Membership.objects.filter(user=world.climate_manager_b).delete()
    else:
        world.climate_manager_b.is_active = False
        world.climate_manager_b.save()


@pytest.mark.parametrize("how", ["membership_ended", "deactivated"])
def test_answer_link_stops_working_when_the_person_no_longer_belongs(client, world, how):
    services.send_invitations(meeting=world.upcoming, user=world.coordinator)
    run_tasks()
    invitee = world.upcoming.invitees.get(user=world.climate_manager_b)
    url = reverse("meeting_answer_link", args=[services.rsvp_token(invitee)])
    leave(world, how)
    for response in (client.get(url + "?antwort=yes"), client.post(url, {"answer": "yes"})):
        assert response.status_code == 410
        page = response.content.decode()
        assert CLOSED in page
        assert "5. Netzwerktreffen" not in page
        assert 'name="answer"' not in page
    invitee.refresh_from_db()
    assert (invitee.answer, invitee.answered_at) == (Invitee.Answer.PENDING, None)
    with pytest.raises(PermissionDenied) as excinfo:
        services.answer_invitation(invitee=invitee, answer="yes")
    assert str(excinfo.value).startswith(CLOSED)


def test_former_members_get_no_updates_or_reminders_but_the_cancellation(client, world):
    meeting = world.meeting(title="Bald", starts_at=at(2))
    services.send_invitations(meeting=meeting, user=world.coordinator)
    run_tasks()
    leave(world, "membership_ended")
    mail.outbox.clear()
    assert services.send_meeting_reminders() == [(meeting, 2)]
    run_tasks()
    services.send_invitations(meeting=meeting, user=world.coordinator)  # an update
    run_tasks()
    assert "klima.b@example.org" not in [m.to[0] for m in mail.outbox]
    assert len(mail.outbox) == 4
    mail.outbox.clear()
    assert services.cancel_meeting(meeting=meeting, user=world.coordinator) == 3
    run_tasks()
    assert sorted(m.to[0] for m in mail.outbox) == [
        "klima.a@example.org", "klima.b@example.org", "moderation@example.org",
    ]  # fmt: skip


def test_moderator_sees_answers_per_municipality(client, world):
    services.send_invitations(meeting=world.upcoming, user=world.coordinator)
    run_tasks()
    invitee = world.upcoming.invitees.get(user=world.climate_manager_a)
    services.answer_invitation(invitee=invitee, answer="yes")
    login(client, world.service_provider)
    response = client.get(reverse("meeting", args=[world.upcoming.pk]))
    answers = {
        label: [(i.user.email, i.answer) for i in group]
        for label, group in response.context["answers"]
    }
    assert answers == {
        "Altenbeken": [("klima.a@example.org", "yes")],
        "Borchen": [("klima.b@example.org", "pending")],
        "Dienstleister": [("moderation@example.org", "pending")],
    }
    login(client, world.climate_manager_b)
    assert client.get(reverse("meeting", args=[world.upcoming.pk])).context["answers"] == []


def test_reminders_go_once_to_invitees_who_did_not_decline(world):
    meeting = world.meeting(title="Bald", starts_at=at(2))
    services.send_invitations(meeting=meeting, user=world.coordinator)
    run_tasks()
    services.answer_invitation(
        invitee=meeting.invitees.get(user=world.climate_manager_b), answer="no"
    )
    mail.outbox.clear()
    done = services.send_meeting_reminders()
    run_tasks()
    assert [(m.title, sent) for m, sent in done] == [("Bald", 2)]
    assert sorted(m.to[0] for m in mail.outbox) == ["klima.a@example.org", "moderation@example.org"]
    assert mail.outbox[0].subject.startswith("Erinnerung: Bald")
    assert services.send_meeting_reminders() == []
    run_tasks()
    assert len(mail.outbox) == 2


def test_reminder_waits_for_the_networks_setting(world):
    MeetingSettings.objects.create(network=world.network, meeting_reminder_days=1)
    meeting = world.meeting(title="Übermorgen", starts_at=at(2))
    services.send_invitations(meeting=meeting, user=world.coordinator)
    run_tasks()
    assert services.send_meeting_reminders() == []
    run_tasks()
    later = meeting.starts_at - datetime.timedelta(hours=20)
    assert [m.title for m, _ in services.send_meeting_reminders(now=later)] == ["Übermorgen"]
    run_tasks()


def test_reminder_command_writes_the_meetings_start_the_german_way(world):
    from io import StringIO

    from django.core.management import call_command
    from django.utils import timezone

    meeting = world.meeting(title="Bald", starts_at=at(1))
    services.send_invitations(meeting=meeting, user=world.coordinator)
    out = StringIO()
    call_command("send_meeting_reminders", "--dry-run", stdout=out)
    start = timezone.localtime(meeting.starts_at)
    assert f"Bald (Netzwerk Test, {start:%d.%m.%Y %H:%M}): 3\n" in out.getvalue()


def test_reminder_command_reports_and_dry_run_sends_nothing(world):
    from io import StringIO

    from django.core.management import call_command

    meeting = world.meeting(title="Bald", starts_at=at(1))
    services.send_invitations(meeting=meeting, user=world.coordinator)
    run_tasks()
    mail.outbox.clear()
    out = StringIO()
    call_command("send_meeting_reminders", "--dry-run", stdout=out)
    run_tasks()
    assert "Bald (Netzwerk Test" in out.getvalue()
    assert "1 Treffen würden erinnert." in out.getvalue()
    assert mail.outbox == []
    call_command("send_meeting_reminders", stdout=StringIO())
    run_tasks()
    assert len(mail.outbox) == 3
    meeting.refresh_from_db()
    assert meeting.reminded_at is not None


def test_the_plain_text_mail_and_the_calendar_keep_the_address_lines_apart(world):
    services.send_invitations(meeting=world.upcoming, user=world.coordinator)
    run_tasks()
    message = next(m for m in mail.outbox if m.to == ["klima.a@example.org"])
    where = "Rathaus Altenbeken, Sitzungssaal, Bahnhofstraße 5a, 33184 Altenbeken"
    assert f"Wo: {where}" in message.body
    calendar = vobject.readOne(message.attachments[0][1].decode())
    assert calendar.vevent.location.value == where


@pytest.mark.parametrize("persona", ["outsider", "other_coordinator", "climate_manager_a"])
def test_the_question_before_cancelling_tells_nothing_to_those_who_may_not_cancel(
    client, world, persona
):
    services.send_invitations(meeting=world.upcoming, user=world.coordinator)
    client.force_login(getattr(world, persona))
    response = client.post(reverse("meeting_cancel", args=[world.upcoming.pk]))
    assert response.status_code in (403, 404)
    assert "Eingeladene" not in response.content.decode()
