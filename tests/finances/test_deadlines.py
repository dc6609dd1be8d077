"""The proofs' deadlines (finances.deadlines), marked on the overview, and the reminders
about them to those who keep the finances (finances.reminders), once per step."""

import datetime
from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format

from finances import deadlines, reminders
from finances.models import DeadlineReminder
from finances.proofs.issuing import issue_proof
from tests.factories import GrantFactory
from tests.helpers import run_tasks, with_totp

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("module_personas")]

D = datetime.date


@pytest.fixture(autouse=True)
def _base_url(settings):
    settings.PORTAL_BASE_URL = "http://testserver"


@pytest.fixture
def on_day(monkeypatch):
    """Make `timezone.localdate()` (today, as the command and the views ask) a given day."""
    real = timezone.localdate

    def move_to(day: datetime.date) -> None:
        monkeypatch.setattr(
            timezone, "localdate", lambda value=None, tz=None: day if value is None else real(value)
        )

    return move_to


@pytest.fixture
def grant(personas):
    # 1 July 2022 – 30 June 2025: interim proofs for 2022, 2023 and 2024, each by
    # 30 April after it; the proof of use by 30 December 2025.
    return GrantFactory(network=personas.network)


def states(grant, today):
    return [(d.kind, d.year, d.due, d.state) for d in deadlines.proof_deadlines(grant, today=today)]


def test_each_deadline_is_open_approaching_or_passed(grant):
    assert states(grant, D(2024, 4, 5)) == [
        ("interim", 2022, D(2023, 4, 30), "passed"),
        ("interim", 2023, D(2024, 4, 30), "approaching"),
        ("interim", 2024, D(2025, 4, 30), "open"),
        ("final", 2025, D(2025, 12, 30), "open"),
    ]
    # Four weeks before is approaching, the day itself too, the day after passed.
    assert states(grant, D(2024, 4, 1))[1][3] == "open"
    assert states(grant, D(2024, 4, 2))[1][3] == "approaching"
    assert states(grant, D(2024, 4, 30))[1][3] == "approaching"
    assert states(grant, D(2024, 5, 1))[1][3] == "passed"


def test_a_proof_of_use_in_the_year_the_period_ends_needs_no_interim_proof_for_it(grant):
    grant.period_end = D(2024, 12, 31)
    assert [(k, y) for k, y, _d, _s in states(grant, D(2024, 1, 1))] == [
        ("interim", 2022), ("interim", 2023), ("final", 2024),
    ]  # fmt: skip


def issue(grant, user, kind, year, day):
    """A proof issued on `day` (the grant has no receipts: nothing to confirm)."""
    now = timezone.make_aware(datetime.datetime.combine(day, datetime.time(10)))
    return issue_proof(grant=grant, kind=kind, year=year, user=user, confirmations={},
                       token=None, notify=False, now=now, make_pdf=False)  # fmt: skip


def test_a_deadline_is_met_once_its_proof_is_issued(personas, grant):
    assert deadlines.deadline_met(grant, "interim", 2022) is False
    issue(grant, personas.finance, "interim", 2022, D(2023, 4, 20))
    assert deadlines.deadline_met(grant, "interim", 2022) is True
    assert deadlines.deadline_met(grant, "interim", 2023) is False
    assert deadlines.deadline_met(grant, "final", 2025) is False
    assert [s for *_rest, s in states(grant, D(2024, 4, 5))] == [
        "met",
        "approaching",
        "open",
        "open",
    ]
    issue(grant, personas.finance, "final", None, D(2025, 9, 1))
    assert states(grant, D(2025, 9, 2))[3][3] == "met"
    # The proof of use does not stand in for a missing interim proof.
    assert states(grant, D(2025, 9, 2))[1][3] == "passed"


@pytest.mark.parametrize(
    ("today", "step"),
    [(D(2024, 4, 1), None), (D(2024, 4, 2), "4w"), (D(2024, 4, 22), "4w"),
     (D(2024, 4, 23), "1w"), (D(2024, 4, 30), "1w"), (D(2024, 5, 1), "passed"),
     (D(2024, 5, 28), "passed"), (D(2024, 5, 29), None)],
)  # fmt: skip
def test_the_reminder_steps_around_a_deadline(grant, today, step):
    interim_2023 = deadlines.proof_deadlines(grant, today=today)[1]
    assert deadlines.reminder_step(interim_2023, today=today) == step


def test_the_keepers_of_the_finances_are_reminded_once_per_step(personas, grant, mailoutbox):
    assert reminders.send_deadline_reminders(today=D(2024, 4, 5)) == 2
    run_tasks()
    assert sorted(m.to[0] for m in mailoutbox) == ["finanzen@example.org",
                                                   "koordination@example.org"]  # fmt: skip
    mail = mailoutbox[0]
    assert (
        mail.subject == "Erinnerung: Zwischennachweis 2023 für Netzwerk Test fällig am 30.04.2024"
    )
    assert "http://testserver/netzwerke/netzwerk-test/finanzen/" in mail.body
    assert "http://testserver/netzwerke/netzwerk-test/finanzen/" in mail.alternatives[0][0]
    # Interim 2022 passed nearly a year ago: too long to mail about.
    assert not any("2022" in m.subject for m in mailoutbox)
    # Again the same day, and again within the same step: nothing.
    assert reminders.send_deadline_reminders(today=D(2024, 4, 5)) == 0
    assert reminders.send_deadline_reminders(today=D(2024, 4, 20)) == 0
    # A week before: the next step.
    assert reminders.send_deadline_reminders(today=D(2024, 4, 24)) == 2
    # The day after: that it has passed.
    assert reminders.send_deadline_reminders(today=D(2024, 5, 1)) == 2
    run_tasks()
    assert mailoutbox[-1].subject == "Frist verstrichen: Zwischennachweis 2023 für Netzwerk Test"
    assert sorted(DeadlineReminder.objects.values_list("step", flat=True)) == [
        "1w", "1w", "4w", "4w", "passed", "passed",
    ]  # fmt: skip


def test_nobody_else_is_reminded_and_each_in_their_language(personas, grant, mailoutbox):
    personas.finance.language = "en"
    personas.finance.save()
    personas.coordinator.is_active = False
    personas.coordinator.save()
    GrantFactory(network=personas.other_network)
    reminders.send_deadline_reminders(today=D(2025, 12, 10))
    run_tasks()
    # The proof of use of both networks; the other organisation's keepers get theirs.
    assert sorted(m.to[0] for m in mailoutbox) == [
        "andere.finanzen@example.org", "andere.koordination@example.org",
        "finanzen@example.org",
    ]  # fmt: skip
    [english] = [m for m in mailoutbox if m.to == ["finanzen@example.org"]]
    with translation.override("en"):
        written = date_format(D(2025, 12, 30), "SHORT_DATE_FORMAT")
    assert written != "30.12.2025"
    assert written in english.subject and "Netzwerk Test" in english.subject


def test_a_reminder_the_worker_gave_up_on_is_written_again(personas, grant):
    reminders.send_deadline_reminders(today=D(2024, 4, 5))
    record = DeadlineReminder.objects.get(user=personas.finance)
    reminders.record_reminders(sent=[], gave_up=[record.pk])
    assert reminders.send_deadline_reminders(today=D(2024, 4, 6)) == 1


def test_a_met_deadline_is_not_reminded(personas, grant):
    issue(grant, personas.finance, "interim", 2023, D(2024, 4, 3))
    assert reminders.send_deadline_reminders(today=D(2024, 4, 5)) == 0


def test_the_command_lists_in_a_dry_run_and_sends_nothing(personas, grant, on_day):
    on_day(D(2024, 4, 5))
    out = StringIO()
    call_command("send_deadline_reminders", "--dry-run", stdout=out)
    assert "Netzwerk Test: Zwischennachweis 2023, fällig am 30.04.2024 (4w)" in out.getvalue()
    assert "finanzen@example.org (de)" in out.getvalue()
    assert "Probelauf: 2 Erinnerungen würden verschickt." in out.getvalue()
    assert not DeadlineReminder.objects.exists()
    call_command("send_deadline_reminders", stdout=out)
    assert DeadlineReminder.objects.count() == 2


def test_the_overview_marks_each_deadline(client, personas, grant, on_day):
    on_day(D(2024, 4, 5))
    client.force_login(with_totp(personas.finance))
    page = client.get(reverse("finances", args=[grant.network.slug])).content.decode()
    section = page[page.index('id="deadlines-heading"') :]
    assert '<span class="badge badge--red">Frist verstrichen</span>' in section
    assert '<span class="badge badge--amber">bald fällig</span>' in section
    assert section.count('<span class="badge badge--open">offen</span>') == 2
    assert "Zwischennachweis 2023</span>: fällig am 30.04.2024" in section
