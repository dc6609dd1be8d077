"""The weekly digest of stale measures to climate managers (measures.reminders)."""

import datetime

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from measures.models import Measure, MeasureSettings, StaleDigest
from measures.reminders import send_stale_reminders
from networks.models import Membership
from tests.factories import MeasureFactory, UserFactory
from tests.helpers import run_tasks

SUBJECT_ONE = "Erinnerung: 1 Maßnahme wurde lange nicht aktualisiert"


@pytest.fixture(autouse=True)
def _base_url(settings):
    settings.PORTAL_BASE_URL = "http://testserver"


@pytest.fixture
def now():
    return timezone.now()


def measure(participation, *, days_old: int, now, **fields) -> Measure:
    """A measure last updated `days_old` days before `now` (auto_now is bypassed)."""
    created = MeasureFactory(participation=participation, **fields)
    Measure.objects.filter(pk=created.pk).update(updated_at=now - datetime.timedelta(days=days_old))
    created.refresh_from_db()
    return created


def mails_to(outbox, email):
    return [mail for mail in outbox if mail.to == [email]]


def html_of(mail) -> str:
    (content, mimetype), *_ = mail.alternatives
    assert mimetype == "text/html"
    return content


def test_climate_manager_gets_one_mail_listing_their_stale_measure(personas, mailoutbox, now):
    stale = measure(personas.participation_a, days_old=100, now=now, title="Heizung Rathaus")
    measure(personas.participation_a, days_old=10, now=now, title="Frische Maßnahme")
    measure(personas.participation_b, days_old=100, now=now, title="Borchener Maßnahme")
    measure(personas.participation_c, days_old=100, now=now, title="Cappeler Maßnahme")

    send_stale_reminders(now=now)
    run_tasks()

    mails = mails_to(mailoutbox, personas.climate_manager_a.email)
    assert len(mails) == 1
    mail = mails[0]
    assert mail.subject == SUBJECT_ONE
    for body in (mail.body, html_of(mail)):
        assert f"http://testserver/massnahmen/{stale.pk}/" in body
        assert "Heizung Rathaus" in body
        assert "Altenbeken" in body
        assert "Netzwerk Test" in body
        assert timezone.localtime(stale.updated_at).strftime("%d.%m.%Y") in body
        assert "Frische Maßnahme" not in body
        assert "Borchener Maßnahme" not in body
        assert "Cappeler Maßnahme" not in body
    assert personas.climate_manager_a.name in mail.body
    assert "Fortschrittsvermerk" in mail.body
    record = StaleDigest.objects.get(user=personas.climate_manager_a)
    assert record.measure_count == 1
    assert record.sent_at == now


def test_link_is_absolute(personas, mailoutbox, now):
    stale = measure(personas.participation_a, days_old=100, now=now)
    send_stale_reminders(now=now)
    run_tasks()
    (mail,) = mailoutbox
    url = "http://testserver" + reverse("measure", args=[stale.pk])
    assert url in mail.body
    assert f'href="{url}"' in html_of(mail)


def test_plural_subject_for_several_measures(personas, mailoutbox, now):
    measure(personas.participation_a, days_old=100, now=now)
    measure(personas.participation_a, days_old=200, now=now)
    send_stale_reminders(now=now)
    run_tasks()
    (mail,) = mailoutbox
    assert mail.subject == "Erinnerung: 2 Maßnahmen wurden lange nicht aktualisiert"


def test_at_most_one_digest_a_week(personas, mailoutbox, now):
    measure(personas.participation_a, days_old=100, now=now)

    assert send_stale_reminders(now=now) == 1
    run_tasks()
    assert send_stale_reminders(now=now + datetime.timedelta(days=1)) == 0
    run_tasks()
    assert send_stale_reminders(now=now + datetime.timedelta(days=6, hours=23)) == 0
    run_tasks()
    assert len(mailoutbox) == 1

    assert send_stale_reminders(now=now + datetime.timedelta(days=8)) == 1
    run_tasks()
    assert len(mailoutbox) == 2
    assert StaleDigest.objects.filter(user=personas.climate_manager_a).count() == 2


def test_mail_in_the_persons_language(personas, mailoutbox, now):
    personas.climate_manager_a.language = "en"
    personas.climate_manager_a.save()
    measure(personas.participation_a, days_old=100, now=now)
    measure(personas.participation_b, days_old=100, now=now)

    send_stale_reminders(now=now)
    run_tasks()

    subjects = {mail.to[0]: mail.subject for mail in mailoutbox}
    assert subjects == {
        personas.climate_manager_a.email: "Reminder: 1 measure has not been updated for long",
        personas.climate_manager_b.email: SUBJECT_ONE,
    }


def test_the_day_of_the_last_change_is_written_as_the_persons_language_writes_it(
    personas, mailoutbox, now
):
    personas.climate_manager_a.language = "en"
    personas.climate_manager_a.save()
    english = measure(personas.participation_a, days_old=100, now=now)
    german = measure(personas.participation_b, days_old=200, now=now)

    send_stale_reminders(now=now)
    run_tasks()

    english_day = timezone.localtime(english.updated_at).date()
    german_day = timezone.localtime(german.updated_at).date()
    (to_english,) = mails_to(mailoutbox, personas.climate_manager_a.email)
    (to_german,) = mails_to(mailoutbox, personas.climate_manager_b.email)
    assert f"Last changed: {english_day:%d %b %Y}\n" in to_english.body
    assert f"<td>{english_day:%d %b %Y}</td>" in html_of(to_english)
    assert f"Zuletzt geändert: {german_day:%d.%m.%Y}\n" in to_german.body
    assert f"<td>{german_day:%d.%m.%Y}</td>" in html_of(to_german)


@pytest.mark.parametrize("status", ["completed", "cancelled"])
def test_finished_measures_are_never_listed(personas, mailoutbox, now, status):
    measure(
        personas.participation_a,
        days_old=400,
        now=now,
        status=status,
        completed_on=datetime.date(2023, 1, 1) if status == "completed" else None,
    )
    assert send_stale_reminders(now=now) == 0
    run_tasks()
    assert mailoutbox == []
    assert not StaleDigest.objects.exists()


def test_postponed_and_in_progress_measures_are_listed(personas, mailoutbox, now):
    measure(personas.participation_a, days_old=100, now=now, status="postponed", title="Später")
    measure(personas.participation_a, days_old=100, now=now, status="in_progress", title="Läuft")
    send_stale_reminders(now=now)
    run_tasks()
    (mail,) = mailoutbox
    assert "Später" in mail.body
    assert "Läuft" in mail.body


def test_the_networks_staleness_setting_applies(personas, mailoutbox, now):
    MeasureSettings.objects.create(network=personas.network, staleness_days=90)
    MeasureSettings.objects.create(network=personas.other_network, staleness_days=30)
    strict = personas.participation_a_other
    measure(personas.participation_a, days_old=45, now=now, title="Im 90-Tage-Netzwerk")
    measure(strict, days_old=45, now=now, title="Im 30-Tage-Netzwerk")
    measure(strict, days_old=20, now=now, title="Noch frisch")

    send_stale_reminders(now=now)
    run_tasks()

    (mail,) = mailoutbox
    # To A's climate manager of the other organisation: its network's measure only.
    assert mail.to == [personas.foreign_climate_manager.email]
    assert "Im 30-Tage-Netzwerk" in mail.body
    assert "Im 90-Tage-Netzwerk" not in mail.body
    assert "Noch frisch" not in mail.body


def test_measures_of_a_participation_that_ended_are_not_listed(personas, mailoutbox, now):
    personas.participation_a.left_on = datetime.date(2024, 1, 31)
    personas.participation_a.save()
    measure(personas.participation_a, days_old=100, now=now)
    assert send_stale_reminders(now=now) == 0
    run_tasks()
    assert mailoutbox == []


def test_only_active_climate_managers_are_reminded(personas, mailoutbox, now):
    personas.climate_manager_a.is_active = False
    personas.climate_manager_a.save()
    measure(personas.participation_a, days_old=100, now=now)
    measure(personas.participation_c, days_old=100, now=now)  # no climate manager at all

    assert send_stale_reminders(now=now) == 0
    run_tasks()
    assert mailoutbox == []


def test_one_digest_for_several_municipalities(personas, mailoutbox, now):
    Membership.objects.create(
        user=personas.climate_manager_a,
        role=Membership.Role.CLIMATE_MANAGER,
        municipality=personas.municipality_c,
        organisation=personas.other_org,
    )
    measure(personas.participation_a, days_old=100, now=now, title="In Altenbeken")
    measure(personas.participation_c, days_old=100, now=now, title="In Cappel")

    send_stale_reminders(now=now)
    run_tasks()

    (mail,) = mails_to(mailoutbox, personas.climate_manager_a.email)
    assert "In Altenbeken" in mail.body
    assert "In Cappel" in mail.body
    assert "Fremdes Netzwerk" in mail.body
    assert StaleDigest.objects.get(user=personas.climate_manager_a).measure_count == 2


def test_dry_run_sends_and_records_nothing(personas, mailoutbox, capsys, now):
    measure(personas.participation_a, days_old=100, now=now, title="Heizung Rathaus")

    call_command("send_stale_reminders", "--dry-run")

    assert mailoutbox == []
    assert not StaleDigest.objects.exists()
    out = capsys.readouterr().out
    assert personas.climate_manager_a.email in out
    assert "Heizung Rathaus" in out
    assert "1 Erinnerungen würden verschickt" in out


def test_dry_run_writes_the_day_of_the_last_change_the_german_way(personas, capsys, now):
    stale = measure(personas.participation_a, days_old=100, now=now, title="Heizung Rathaus")
    call_command("send_stale_reminders", "--dry-run")
    day = timezone.localtime(stale.updated_at)
    assert (
        f"  - Heizung Rathaus (Altenbeken, Netzwerk Test), zuletzt geändert {day:%d.%m.%Y}\n"
        in capsys.readouterr().out
    )


def test_command_sends_and_reports(personas, mailoutbox, capsys, now):
    measure(personas.participation_a, days_old=100, now=now)
    measure(personas.participation_b, days_old=100, now=now)

    call_command("send_stale_reminders")
    run_tasks()

    assert len(mailoutbox) == 2
    assert StaleDigest.objects.count() == 2
    assert "2 Erinnerungen zum Versand eingereiht." in capsys.readouterr().out


def test_a_digest_the_worker_gives_up_on_leaves_no_record(
    personas, settings, monkeypatch, mailoutbox, now
):
    measure(personas.participation_a, days_old=100, now=now)
    settings.EMAIL_BACKEND = "tests.helpers.MailServerDown"
    monkeypatch.setattr("lib.mail.RETRY_DELAYS", (0, 0))  # three attempts, at once

    assert send_stale_reminders(now=now) == 1
    # Queued and recorded together, so the next run does not write again meanwhile.
    assert StaleDigest.objects.count() == 1
    assert send_stale_reminders(now=now) == 0
    assert run_tasks() == 3
    assert not StaleDigest.objects.exists()

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    assert send_stale_reminders(now=now) == 1
    run_tasks()
    assert len(mailoutbox) == 1
    assert StaleDigest.objects.count() == 1


def test_html_body_escapes_titles(personas, mailoutbox, now):
    measure(personas.participation_a, days_old=100, now=now, title="<script>alert(1)</script>")

    send_stale_reminders(now=now)
    run_tasks()

    (mail,) = mailoutbox
    html = html_of(mail)
    assert "<script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    # The plain-text part is not HTML: the title appears as it is.
    assert "<script>alert(1)</script>" in mail.body


def test_html_body_is_self_contained_with_table_headers(personas, mailoutbox, now):
    measure(personas.participation_a, days_old=100, now=now)
    send_stale_reminders(now=now)
    run_tasks()
    html = html_of(mailoutbox[0])
    assert '<th scope="col">' in html
    assert '<html lang="de">' in html
    for external in ("<img", "<link", "<script", "src="):
        assert external not in html


def test_query_count_does_not_grow_with_the_number_of_measures(personas, mailoutbox, now):
    def queries_for_one_run() -> int:
        StaleDigest.objects.all().delete()
        with CaptureQueriesContext(connection) as context:
            assert send_stale_reminders(now=now) == 1
        run_tasks()
        return len(context.captured_queries)

    measure(personas.participation_a, days_old=100, now=now)
    with_one = queries_for_one_run()
    for _ in range(4):
        measure(personas.participation_a, days_old=100, now=now)
    with_five = queries_for_one_run()

    assert with_five == with_one
    assert "5 Maßnahmen" in mailoutbox[-1].subject


def test_no_candidates_cost_a_single_query(db, mailoutbox, now):
    UserFactory()
    with CaptureQueriesContext(connection) as context:
        assert send_stale_reminders(now=now) == 0
    assert len(context.captured_queries) == 1
