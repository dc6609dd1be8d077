"""Before issuing, the coordination asks the municipalities to confirm their figures;
climate managers confirm on their start page; the reports and report pages show who
confirmed what and when, and who is missing (reports.confirmations)."""

import datetime
from decimal import Decimal

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import timezone

from measures.models import Measure
from reports import confirmations
from reports.models import Confirmation, ConfirmationRequest
from tests.factories import MeasureFactory, ReportFactory
from tests.helpers import concurrently, needs_postgresql, run_tasks, with_totp

pytestmark = pytest.mark.django_db

FINAL = {"kind": "final", "period_start": "2022-07-01", "period_end": "2025-06-30"}


def ask(client, personas):
    client.force_login(with_totp(personas.coordinator))
    return client.post(reverse("confirmation_request", args=[personas.network.slug]), FINAL)


@pytest.fixture
def measure(personas):
    made = MeasureFactory(
        participation=personas.participation_a, title="LED im Rathaus",
        status=Measure.Status.COMPLETED, completed_on=datetime.date(2024, 5, 2),
        energy_savings_kwh=12000, co2_savings_t=3,
        co2_manual=True, co2_manual_reason="Audit",
    )  # fmt: skip
    Measure.history.update(history_date=datetime.datetime(2024, 5, 2, 12, tzinfo=datetime.UTC))
    return made


def a_while_ago(asked: ConfirmationRequest, hours: int = 73) -> None:
    """The request's last mailing moved back by `hours` (the interval is 72)."""
    ConfirmationRequest.objects.filter(pk=asked.pk).update(
        mailed_at=timezone.now() - datetime.timedelta(hours=hours)
    )


def test_the_coordinator_asks_and_the_climate_managers_are_mailed(client, personas):
    response = ask(client, personas)
    assert response.status_code == 302
    asked = ConfirmationRequest.objects.get()
    assert (asked.kind, asked.requested_by) == ("final", personas.coordinator)
    # Both municipalities' climate managers, not the one whose role another organisation gave.
    run_tasks()
    assert sorted(m.to[0] for m in mail.outbox) == ["klima.a@example.org", "klima.b@example.org"]
    assert mail.outbox[0].subject.startswith(
        "Bitte bestätigen Sie Ihre Zahlen für den Schlussbericht"
    )
    assert "/start/" in mail.outbox[0].body


def test_the_climate_manager_confirms_on_the_start_page_what_they_see(client, personas, measure):
    ask(client, personas)
    asked = ConfirmationRequest.objects.get()
    client.force_login(personas.climate_manager_a)
    html = client.get(reverse("start")).content.decode()
    assert "Bitte um Bestätigung Ihrer Zahlen" in html
    assert "12,0 / –" in html  # achieved against (no) target, MWh/a
    url = reverse("confirm_figures", args=[asked.pk, personas.municipality_a.slug])
    assert f'action="{url}"' in html
    response = client.post(url, follow=True)
    assert "Danke: die Zahlen von Altenbeken sind bestätigt." in response.content.decode()
    confirmation = Confirmation.objects.get()
    assert confirmation.participation == personas.participation_a
    assert confirmation.confirmed_by == personas.climate_manager_a
    confirmed = confirmations.confirmed_figures(confirmation)
    assert (confirmed.achieved.energy_mwh, confirmed.measure_count) == (Decimal(12), 1)
    assert "Erneut bestätigen" in response.content.decode()

    # The coordination sees who confirmed and who is missing.
    client.force_login(with_totp(personas.coordinator))
    html = client.get(reverse("report_list", args=[personas.network.slug])).content.decode()
    assert "Altenbeken</th><td>" in html and confirmation.confirmed_by_name in html
    assert "Borchen</th><td><strong>fehlt noch</strong>" in html

    # Asking again, once the reminder interval is over, reminds only the municipality
    # still missing.
    run_tasks()
    mail.outbox.clear()
    a_while_ago(asked)
    ask(client, personas)
    run_tasks()
    assert [m.to[0] for m in mail.outbox] == ["klima.b@example.org"]
    assert ConfirmationRequest.objects.count() == 1


@pytest.mark.parametrize("persona", ["climate_manager_b", "foreign_climate_manager",
                                     "coordinator", "funder", "service_provider"])  # fmt: skip
def test_only_the_municipalitys_own_climate_manager_confirms(client, personas, persona):
    asked = ConfirmationRequest.objects.create(
        network=personas.network, kind="final", period_start=personas.network.term_start,
        period_end=personas.network.term_end,
    )  # fmt: skip
    with pytest.raises(PermissionDenied):
        confirmations.confirm_figures(
            request=asked, participation=personas.participation_a, user=getattr(personas, persona)
        )
    client.force_login(with_totp(getattr(personas, persona)))
    url = reverse("confirm_figures", args=[asked.pk, personas.municipality_a.slug])
    assert client.post(url).status_code in (403, 404)
    assert not Confirmation.objects.exists()


def test_another_organisations_coordinator_cannot_ask(client, personas):
    client.force_login(with_totp(personas.other_coordinator))
    url = reverse("confirmation_request", args=[personas.network.slug])
    assert client.post(url, FINAL).status_code == 404
    with pytest.raises(PermissionDenied):
        confirmations.request_confirmations(
            network=personas.network, user=personas.other_coordinator, kind="final",
            start=personas.network.term_start, end=personas.network.term_end,
        )  # fmt: skip
    assert not ConfirmationRequest.objects.exists()
    run_tasks()
    assert not mail.outbox


def test_a_wrong_period_is_refused_in_german(client, personas):
    client.force_login(with_totp(personas.coordinator))
    url = reverse("confirmation_request", args=[personas.network.slug])
    response = client.post(url, FINAL | {"period_start": "2023-01-01"})
    assert response.status_code == 422
    assert "Der Schlussbericht umfasst die ganze Laufzeit" in response.content.decode()
    assert not ConfirmationRequest.objects.exists()


def test_issuing_without_every_confirmation_says_so_to_the_coordination_only(
    client, personas, measure
):
    ask(client, personas)
    asked = ConfirmationRequest.objects.get()
    confirmations.confirm_figures(
        request=asked, participation=personas.participation_a, user=personas.climate_manager_a
    )
    report = ReportFactory(network=personas.network)
    client.force_login(with_totp(personas.coordinator))
    html = client.get(report.get_absolute_url()).content.decode()
    assert "Ausgestellt ohne Bestätigung von Borchen." in html
    assert "bestätigt am" in html
    client.force_login(personas.funder)
    assert "Bestätigung" not in client.get(report.get_absolute_url()).content.decode()
    # Once issued, nothing is left to confirm, and the start page asks no more.
    client.force_login(personas.climate_manager_b)
    assert "Bitte um Bestätigung" not in client.get(reverse("start")).content.decode()
    url = reverse("confirm_figures", args=[asked.pk, personas.municipality_b.slug])
    response = client.post(url, follow=True)
    assert "Der Bericht ist bereits ausgestellt" in response.content.decode()
    assert Confirmation.objects.count() == 1


def test_asking_again_before_a_correction_asks_every_municipality_again(client, personas, measure):
    ask(client, personas)
    asked = ConfirmationRequest.objects.get()
    confirmations.confirm_figures(
        request=asked, participation=personas.participation_a, user=personas.climate_manager_a
    )
    ReportFactory(network=personas.network)  # version 1, issued
    run_tasks()
    mail.outbox.clear()

    ask(client, personas)  # before issuing a corrected version
    run_tasks()
    assert sorted(m.to[0] for m in mail.outbox) == ["klima.a@example.org", "klima.b@example.org"]
    assert ConfirmationRequest.objects.count() == 1
    client.force_login(personas.climate_manager_a)
    html = client.get(reverse("start")).content.decode()
    assert "Bitte um Bestätigung Ihrer Zahlen" in html
    assert "Erneut bestätigen" in html  # their earlier confirmation is shown
    url = reverse("confirm_figures", args=[asked.pk, personas.municipality_a.slug])
    response = client.post(url, follow=True)
    assert "Danke: die Zahlen von Altenbeken sind bestätigt." in response.content.decode()


def test_a_report_issued_without_asking_says_so(client, personas):
    report = ReportFactory(network=personas.network)
    client.force_login(with_totp(personas.coordinator))
    html = client.get(report.get_absolute_url()).content.decode()
    assert "Vor dem Ausstellen wurden die Kommunen nicht um Bestätigung gebeten." in html


def test_a_role_from_another_organisation_is_not_asked(client, personas):
    """Altenbeken's climate manager whose role the other organisation granted sees no
    request of this network's coordination on their start page."""
    ask(client, personas)
    client.force_login(personas.foreign_climate_manager)
    assert "Bitte um Bestätigung" not in client.get(reverse("start")).content.decode()
    assert confirmations.open_requests_for(personas.foreign_climate_manager) == []
    assert len(confirmations.open_requests_for(personas.climate_manager_a)) == 1


def test_asking_again_within_the_interval_mails_nobody_and_says_when_it_may(
    client, personas, settings
):
    settings.CONFIRMATION_REMINDER_HOURS = 72
    ask(client, personas)
    run_tasks()
    assert len(mail.outbox) == 2
    for _ in range(30):
        response = ask(client, personas)
    run_tasks()
    assert len(mail.outbox) == 2  # one mail per person and intent, not 62
    asked = ConfirmationRequest.objects.get()
    page = client.get(response["Location"]).content.decode()
    moment = timezone.localtime(asked.mailed_at)
    again = moment + datetime.timedelta(hours=72)
    assert f"Die Kommunen wurden am {moment:%d.%m.%Y %H:%M} per E-Mail gebeten" in page
    assert f"eine Erinnerung ist ab {again:%d.%m.%Y %H:%M} möglich" in page
    assert f"Zuletzt per E-Mail gebeten am {moment:%d.%m.%Y %H:%M}." in page
    # Once the interval is over, asking again reminds.
    a_while_ago(asked)
    ask(client, personas)
    run_tasks()
    assert len(mail.outbox) == 4


def test_asking_for_other_periods_leaves_one_open_request_and_one_mailing(client, personas):
    client.force_login(with_totp(personas.coordinator))
    url = reverse("confirmation_request", args=[personas.network.slug])
    periods = [(datetime.date(2022, 7, 1), datetime.date(2022, 7, 1) + datetime.timedelta(days=d))
               for d in range(200, 212)]  # fmt: skip
    for start, end in periods:
        response = client.post(url, {"kind": "interim", "period_start": start.isoformat(),
                                     "period_end": end.isoformat()})  # fmt: skip
        assert response.status_code == 302
    client.post(url, FINAL)
    run_tasks()
    open_requests = ConfirmationRequest.objects.awaiting_report()
    assert sorted((r.kind, r.period_end) for r in open_requests) == [
        ("final", datetime.date(2025, 6, 30)), ("interim", periods[-1][1]),
    ]  # fmt: skip
    # Each climate manager got one mail for the interim report and one for the final.
    assert sorted(m.to[0] for m in mail.outbox) == [
        "klima.a@example.org", "klima.a@example.org", "klima.b@example.org",
        "klima.b@example.org",
    ]  # fmt: skip
    client.force_login(personas.climate_manager_a)
    html = client.get(reverse("start")).content.decode()
    assert html.count('action="/bestaetigungen/') == 2, html
    # Asking for the first period again opens it again in place of the other.
    client.force_login(with_totp(personas.coordinator))
    start, end = periods[0]
    client.post(url, {"kind": "interim", "period_start": start.isoformat(),
                      "period_end": end.isoformat()})  # fmt: skip
    interim = ConfirmationRequest.objects.awaiting_report().get(kind="interim")
    assert interim.period_end == end


@pytest.mark.django_db(transaction=True)
def test_two_requests_at_once_mail_each_climate_manager_once(personas):
    needs_postgresql()
    start, end = datetime.date(2022, 7, 1), datetime.date(2025, 6, 30)

    def request():
        return confirmations.request_confirmations(
            network=personas.network, user=personas.coordinator, kind="final", start=start,
            end=end,
        )[1]  # fmt: skip

    mailed = concurrently(request, request)
    assert sorted(mailed) == [0, 2]
    run_tasks()
    assert sorted(m.to[0] for m in mail.outbox) == ["klima.a@example.org", "klima.b@example.org"]
