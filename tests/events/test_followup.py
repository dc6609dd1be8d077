"""After a meeting: the final minutes by mail, and the weekly overview of tasks."""

import datetime
import io

import pypdf
import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from events import services
from events.models import ActionDigest, ActionItem, Attendance, Decision, Invitee, Minutes
from events.services.followup import record_digests
from networks.models import Role
from tests.factories import AttendanceFactory
from tests.helpers import needs_pango, run_tasks

pytestmark = pytest.mark.django_db


def finalise(world, text="# Protokoll\n\nDie LED-Umrüstung wird **gemeinsam** ausgeschrieben."):
    minutes = Minutes.objects.filter(meeting=world.past).first()
    services.save_minutes(
        meeting=world.past, user=world.service_provider, text=text,
        base_version=minutes.version if minutes else 0,
    )  # fmt: skip
    return services.finalise_minutes(meeting=world.past, user=world.coordinator)


@pytest.fixture
def invited(world):
    """Climate managers A (German) and B (English) invited, and two invited who do not
    belong to the network (any more); the funder recorded as present with an account,
    and a guest without one."""
    world.climate_manager_b.language = "en"
    world.climate_manager_b.save()
    for user, municipality in ((world.climate_manager_a, world.municipality_a),
                               (world.climate_manager_b, world.municipality_b)):  # fmt: skip
        Invitee.objects.create(
            meeting=world.past, user=user, role=Role.CLIMATE_MANAGER, municipality=municipality
        )
    Invitee.objects.create(meeting=world.past, user=world.outsider, role=Role.SERVICE_PROVIDER)
    # Altenbeken's climate manager for the other organisation: not of this network.
    Invitee.objects.create(
        meeting=world.past, user=world.foreign_climate_manager, role=Role.CLIMATE_MANAGER,
        municipality=world.municipality_a,
    )  # fmt: skip
    Attendance.objects.create(meeting=world.past, user=world.funder, name="Frau Förder")
    AttendanceFactory(meeting=world.past, name="Gast ohne Konto", municipality=None)
    Decision.objects.create(meeting=world.past, text="Gemeinsame Ausschreibung LED")
    ActionItem.objects.create(
        meeting=world.past, text="Angebote einholen", responsible_municipality=world.municipality_a,
        due_on=datetime.date(2030, 1, 31),
    )  # fmt: skip
    return world


def pdf_text(content: bytes) -> str:
    return "\n".join(page.extract_text() for page in pypdf.PdfReader(io.BytesIO(content)).pages)


def test_final_minutes_reach_those_invited_and_present_in_their_language_with_the_record(invited):
    needs_pango()
    world = invited
    finalise(world)
    assert mail.outbox == []  # the worker writes and sends them
    run_tasks()
    by_address = {message.to[0]: message for message in mail.outbox}
    # Not the person who left the network, nor the guest without an account, nor the
    # funder present: the record names everybody (tests/events/test_privacy.py).
    assert sorted(by_address) == ["klima.a@example.org", "klima.b@example.org"]
    day = timezone.localtime(world.past.starts_at)
    german, english = by_address["klima.a@example.org"], by_address["klima.b@example.org"]
    assert german.subject == f"Protokoll: 4. Netzwerktreffen am {day:%d.%m.%Y}"
    # Each in its reader's dates: 06 Dec 2026, never 12/06/2026.
    assert english.subject == f"Minutes: 4. Netzwerktreffen on {day:%d %b %Y}"
    assert "Die LED-Umrüstung wird **gemeinsam** ausgeschrieben." in german.body
    assert "- Gemeinsame Ausschreibung LED" in german.body
    assert "Angebote einholen (Altenbeken, fällig am 31.01.2030)" in german.body
    assert "31 Jan 2030)" in english.body
    html = german.alternatives[0][0]
    assert "<strong>gemeinsam</strong>" in html
    ((name, content, content_type),) = german.attachments
    day_iso = timezone.localtime(world.past.starts_at).date().isoformat()
    assert (name, content_type) == (f"{day_iso}-4-netzwerktreffen.pdf", "application/pdf")
    assert "Tagesordnung" in pdf_text(content) and "LED-Umrüstung" in pdf_text(content)
    ((_name, english_pdf, _type),) = english.attachments
    assert "Agenda" in pdf_text(english_pdf) and "Tagesordnung" not in pdf_text(english_pdf)
    assert Minutes.objects.get(meeting=world.past).mailed_at is not None


def test_minutes_of_a_meeting_nobody_with_an_account_attended_are_not_marked_sent(world):
    finalise(world)
    run_tasks()
    assert mail.outbox == []
    assert Minutes.objects.get(meeting=world.past).mailed_at is None


def test_a_second_run_of_the_same_job_sends_nothing_twice(invited):
    needs_pango()
    minutes = finalise(invited)
    run_tasks()
    sent = len(mail.outbox)
    assert sent == 2
    assert services.send_final_minutes(meeting_id=invited.past.pk, version=minutes.version) == 0
    run_tasks()
    assert len(mail.outbox) == sent


def test_minutes_reopened_before_the_worker_came_are_not_sent(invited):
    world = invited
    finalise(world)
    services.reopen_minutes(meeting=world.past, user=world.coordinator)
    run_tasks()
    assert mail.outbox == []
    assert Minutes.objects.get(meeting=world.past).mailed_at is None


def an_hour_passed(world, minutes: int = 61) -> None:
    """The last mailing of the minutes moved back (the correction interval is 60)."""
    Minutes.objects.filter(meeting=world.past).update(
        mailed_at=timezone.now() - datetime.timedelta(minutes=minutes)
    )


def test_corrected_minutes_go_out_again_as_a_correction(invited):
    needs_pango()
    world = invited
    finalise(world)
    run_tasks()
    mail.outbox.clear()
    an_hour_passed(world)
    services.reopen_minutes(meeting=world.past, user=world.coordinator)
    finalise(world, "# Protokoll\n\nBerichtigt: die Ausschreibung übernimmt der Kreis.")
    run_tasks()
    german = next(m for m in mail.outbox if m.to == ["klima.a@example.org"])
    assert german.subject.startswith("Berichtigtes Protokoll: 4. Netzwerktreffen")
    assert "Berichtigt: die Ausschreibung übernimmt der Kreis." in german.body


def test_the_recipients_are_the_networks_members_only(invited):
    world = invited
    world.climate_manager_a.is_active = False  # deactivated accounts get nothing either
    world.climate_manager_a.save()
    recipients = services.minutes_recipients(world.past)
    assert sorted(person.email for person in recipients) == ["klima.b@example.org"]


# -- the weekly overview of tasks ------------------------------------------------------


@pytest.fixture
def tasks(world):
    """Due soon for Altenbeken, overdue for the service provider; not listed: due in a
    month (Borchen), done, or from a cancelled meeting."""
    today = timezone.localdate()
    item = ActionItem.objects.create
    soon = item(meeting=world.past, text="Angebote LED einholen",
                responsible_municipality=world.municipality_a,
                due_on=today + datetime.timedelta(days=3))  # fmt: skip
    late = item(meeting=world.past, text="Protokoll der Exkursion schreiben",
                responsible_person=world.service_provider,
                due_on=today - datetime.timedelta(days=2))  # fmt: skip
    item(meeting=world.past, text="Später", responsible_municipality=world.municipality_b,
         due_on=today + datetime.timedelta(days=30))  # fmt: skip
    item(meeting=world.past, text="Schon erledigt", responsible_municipality=world.municipality_a,
         due_on=today, done=True, done_at=timezone.now())  # fmt: skip
    cancelled = world.meeting(title="Abgesagtes Treffen", status="cancelled")
    item(meeting=cancelled, text="Entfällt", responsible_municipality=world.municipality_a,
         due_on=today)  # fmt: skip
    return soon, late


def test_the_responsible_get_their_due_and_overdue_tasks_once_a_week(world, tasks):
    soon, late = tasks
    now = timezone.now()
    assert services.send_action_digests(now=now) == 2
    run_tasks()
    by_address = {message.to[0]: message for message in mail.outbox}
    # Not Altenbeken's climate manager of the other organisation: her role is for its
    # networks, and this task is from one of Westfalen Weser's.
    assert sorted(by_address) == ["klima.a@example.org", "moderation@example.org"]
    altenbeken = by_address["klima.a@example.org"]
    assert altenbeken.subject == "Ihre Aufgabe aus den Netzwerktreffen"
    assert "Angebote LED einholen" in altenbeken.body
    assert "Später" not in altenbeken.body and "Schon erledigt" not in altenbeken.body
    assert "Entfällt" not in altenbeken.body
    assert f"überfällig seit {late.due_on:%d.%m.%Y}" in by_address["moderation@example.org"].body
    # A daily run writes nobody again within the week; after it, again.
    assert services.send_action_digests(now=now + datetime.timedelta(days=1)) == 0
    assert services.send_action_digests(now=now + datetime.timedelta(days=8)) == 2


def test_the_overview_writes_due_days_as_the_persons_language_writes_them(world, tasks):
    soon, late = tasks
    world.service_provider.language = "en"
    world.service_provider.save()
    services.send_action_digests(now=timezone.now())
    run_tasks()
    by_address = {message.to[0]: message for message in mail.outbox}
    english, german = by_address["moderation@example.org"], by_address["klima.a@example.org"]
    assert f"overdue since {late.due_on:%d %b %Y} · " in english.body
    assert f"<td>{late.due_on:%d %b %Y} (overdue)</td>" in english.alternatives[0][0]
    assert f"fällig am {soon.due_on:%d.%m.%Y} · " in german.body
    assert f"<td>{soon.due_on:%d.%m.%Y}</td>" in german.alternatives[0][0]


def test_a_digest_given_up_by_the_worker_is_written_again_next_run(world, tasks):
    now = timezone.now()
    services.send_action_digests(now=now)
    record = ActionDigest.objects.get(user=world.climate_manager_a)
    record_digests(sent=[], gave_up=[record.pk])
    assert [d.user for d in services.pending_action_digests(now=now)] == [world.climate_manager_a]


def test_the_dry_run_lists_and_sends_nothing(world, tasks, capsys):
    call_command("send_action_digests", "--dry-run")
    output = capsys.readouterr().out
    assert "klima.a@example.org (de):" in output
    assert "Angebote LED einholen" in output
    assert "Probelauf: 2 Übersichten würden verschickt." in output
    assert not ActionDigest.objects.exists()
    call_command("send_action_digests")
    assert ActionDigest.objects.count() == 2


def test_the_dry_run_writes_due_days_the_german_way(world, tasks, capsys):
    soon, _late = tasks
    call_command("send_action_digests", "--dry-run")
    assert (
        f"  - Angebote LED einholen (fällig {soon.due_on:%d.%m.%Y}, 4. Netzwerktreffen, "
        "Netzwerk Test)\n" in capsys.readouterr().out
    )


def test_five_quick_corrections_send_one_corrected_mail_of_the_last_version(
    invited, client, settings, tmp_path
):
    needs_pango()
    settings.MEDIA_ROOT = tmp_path
    settings.MINUTES_CORRECTION_MINUTES = 60
    world = invited
    finalise(world)
    run_tasks()
    first_mailing = Minutes.objects.get(meeting=world.past).mailed_at
    assert len(mail.outbox) == 2
    mail.outbox.clear()
    for number in range(1, 6):
        services.reopen_minutes(meeting=world.past, user=world.coordinator)
        finalise(world, f"# Protokoll\n\nBerichtigung Nr. {number}.")
        run_tasks()
    assert mail.outbox == []  # the corrections wait for the interval
    minutes = Minutes.objects.get(meeting=world.past)
    assert minutes.correction_pending
    due = first_mailing + datetime.timedelta(minutes=60)
    assert minutes.next_mailing_at() == due
    # The minutes page says when the corrected version goes out.
    client.force_login(world.coordinator)
    page = client.get(f"/treffen/{world.past.pk}/protokoll/").content.decode()
    moment = timezone.localtime(due).strftime("%d.%m.%Y %H:%M")
    assert f"Die berichtigte Fassung geht am {moment} an die Eingeladenen" in page

    # The interval is over: one corrected mail to each, with the last version only.
    DBTaskResult.objects.filter(status="READY").update(run_after=timezone.now())
    run_tasks()
    assert sorted(m.to[0] for m in mail.outbox) == ["klima.a@example.org", "klima.b@example.org"]
    german = next(m for m in mail.outbox if m.to == ["klima.a@example.org"])
    assert german.subject.startswith("Berichtigtes Protokoll")
    assert "Berichtigung Nr. 5." in german.body
    # One record's PDFs are kept (one per language), not one per version mailed.
    kept = sorted(path.name for path in (tmp_path / "protokolle" / str(world.past.pk)).iterdir())
    assert kept == [f"{minutes.version}-de.pdf", f"{minutes.version}-en.pdf"]
