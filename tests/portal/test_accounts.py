import pytest
from allauth.account.models import EmailAddress
from django.urls import reverse

from tests.factories import PASSWORD
from tests.helpers import run_tasks, with_totp

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("module_personas")]


def verified(user):
    EmailAddress.objects.get_or_create(
        user=user, email=user.email, defaults={"verified": True, "primary": True}
    )
    return user


def log_in(client, email, password=PASSWORD, address="127.0.0.1"):
    return client.post(
        reverse("account_login"), {"login": email, "password": password}, REMOTE_ADDR=address
    )


def test_climate_manager_logs_in_by_email_and_lands_on_the_start_page(client, personas):
    verified(personas.climate_manager_a)
    response = log_in(client, "KLIMA.A@example.org")
    assert response.status_code == 302
    assert response["Location"] == reverse("start")
    page = client.get(reverse("start")).content.decode()
    assert "<strong>Klimaschutzmanagement</strong>: Altenbeken" in page
    assert "Netzwerk Test" in page
    assert "Fremdes Netzwerk" not in page


def test_login_form_is_german_and_offers_remember_me(client):
    html = client.get(reverse("account_login")).content.decode()
    assert "<h1>Anmelden</h1>" in html
    assert 'name="remember"' in html
    assert "Passwort vergessen?" in html


def test_wrong_password_gets_a_german_message(client, personas):
    verified(personas.climate_manager_a)
    response = log_in(client, "klima.a@example.org", "falsch")
    assert response.status_code == 200
    assert (
        "Die E-Mail-Adresse und/oder das Passwort sind leider falsch." in response.content.decode()
    )


def test_failed_logins_are_rate_limited(client, personas):
    verified(personas.climate_manager_a)
    limited = "Zu viele gescheiterte Anmeldeversuche."
    pages = [log_in(client, "klima.a@example.org", "falsch").content.decode() for _ in range(6)]
    assert [limited in page for page in pages] == [False] * 5 + [True]
    # Even the right password is refused while the limit holds.
    response = log_in(client, "klima.a@example.org")
    assert response.status_code == 200
    assert limited in response.content.decode()


LIMITED = "Zu viele gescheiterte Anmeldeversuche."


def test_failed_logins_elsewhere_do_not_lock_the_person_out(client, personas):
    verified(personas.climate_manager_a)
    for _ in range(5):
        log_in(client, "klima.a@example.org", "falsch", address="198.51.100.7")
    refused = log_in(client, "klima.a@example.org", address="198.51.100.7")
    assert LIMITED in refused.content.decode()
    response = log_in(client, "klima.a@example.org", address="203.0.113.20")
    assert response.status_code == 302
    assert response["Location"] == reverse("start")


def test_behind_a_proxy_the_forwarded_address_counts(client, personas, settings):
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 1
    verified(personas.climate_manager_a)
    for _ in range(5):
        client.post(
            reverse("account_login"),
            {"login": "klima.a@example.org", "password": "falsch"},
            REMOTE_ADDR="10.0.0.2",
            HTTP_X_FORWARDED_FOR="198.51.100.7",
        )
    response = client.post(
        reverse("account_login"),
        {"login": "klima.a@example.org", "password": PASSWORD},
        REMOTE_ADDR="10.0.0.2",
        HTTP_X_FORWARDED_FOR="203.0.113.20",
    )
    assert response.status_code == 302


def test_one_ipv6_network_counts_as_one_address(client, personas):
    verified(personas.climate_manager_a)
    for host in range(1, 6):
        log_in(client, "klima.a@example.org", "falsch", address=f"2001:db8:1:2::{host}")
    response = log_in(client, "klima.a@example.org", address="2001:db8:1:2::99")
    assert LIMITED in response.content.decode()


def test_guessing_from_one_address_is_slowed_over_all_accounts(client, personas):
    emails = [f"person{n}@example.org" for n in range(10)]
    pages = [log_in(client, email, "falsch", address="198.51.100.7") for email in emails]
    assert [LIMITED in page.content.decode() for page in pages] == [False] * 10
    verified(personas.climate_manager_a)
    response = log_in(client, "klima.a@example.org", address="198.51.100.7")
    assert LIMITED in response.content.decode()


def test_the_limit_ends_after_five_minutes(client, personas, monkeypatch):
    import time

    from allauth.core.internal import ratelimit

    verified(personas.climate_manager_a)
    start = time.time()
    monkeypatch.setattr(ratelimit.time, "time", lambda: start)
    for _ in range(5):
        log_in(client, "klima.a@example.org", "falsch")
    assert LIMITED in log_in(client, "klima.a@example.org").content.decode()
    monkeypatch.setattr(ratelimit.time, "time", lambda: start + 5 * 60 + 1)
    assert log_in(client, "klima.a@example.org").status_code == 302


def test_there_is_no_open_sign_up(client):
    response = client.get(reverse("account_signup"))
    assert "Registrierung geschlossen" in response.content.decode()
    client.post(
        reverse("account_signup"),
        {"email": "neu@example.org", "password1": "Sehr-Geheim-1", "password2": "Sehr-Geheim-1"},
    )
    from networks.models import User

    assert not User.objects.filter(email="neu@example.org").exists()


def test_coordinator_without_mfa_is_sent_to_set_it_up_first(client, personas):
    from allauth.mfa.models import Authenticator

    Authenticator.objects.filter(user=personas.coordinator).delete()
    client.force_login(personas.coordinator)
    for url in (reverse("start"), reverse("invitations"), reverse("home")):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"] == reverse("mfa_activate_totp")
    htmx = client.get(reverse("start"), HTTP_HX_REQUEST="true")
    assert htmx["HX-Redirect"] == reverse("mfa_activate_totp")
    # Setting up TOTP first confirms the password (allauth's reauthentication).
    setup = client.get(reverse("mfa_activate_totp"), follow=True)
    assert setup.status_code == 200
    assert setup.redirect_chain[-1][0].startswith(reverse("account_reauthenticate"))


def test_superuser_without_mfa_is_sent_to_set_it_up_even_for_the_admin(client, personas):
    from allauth.mfa.models import Authenticator

    Authenticator.objects.filter(user=personas.superuser).delete()
    client.force_login(personas.superuser)
    response = client.get(reverse("admin:index"))
    assert response["Location"] == reverse("mfa_activate_totp")


def test_climate_manager_needs_no_mfa(client, personas):
    client.force_login(personas.climate_manager_a)
    assert client.get(reverse("start")).status_code == 200


def test_coordinator_with_mfa_is_asked_for_the_code_at_login(client, personas):
    verified(with_totp(personas.coordinator))
    response = log_in(client, "koordination@example.org")
    assert response.status_code == 302
    assert response["Location"] == reverse("mfa_authenticate")


def test_account_page_changes_name_and_language(client, personas):
    client.force_login(personas.climate_manager_a)
    page = client.get(reverse("account")).content.decode()
    assert "klima.a@example.org" in page
    assert reverse("mfa_index") in page and reverse("usersessions_list") in page
    response = client.post(reverse("account"), {"name": "Anna Altenbeken", "language": "en"})
    assert response.status_code == 302
    personas.climate_manager_a.refresh_from_db()
    assert personas.climate_manager_a.name == "Anna Altenbeken"
    assert '<html lang="en">' in client.get(reverse("start")).content.decode()


def test_preferred_language_applies_on_login(client, personas):
    user = verified(personas.climate_manager_a)
    user.language = "en"
    user.save()
    log_in(client, "klima.a@example.org")
    html = client.get(reverse("start")).content.decode()
    assert '<html lang="en">' in html
    assert "Your roles" in html


def test_language_switch_is_remembered_in_the_account(client, personas):
    client.force_login(personas.climate_manager_a)
    client.post(reverse("set_language"), {"language": "en", "next": "/start/"})
    personas.climate_manager_a.refresh_from_db()
    assert personas.climate_manager_a.language == "en"


def test_admin_login_goes_through_allauth(client):
    response = client.get(reverse("admin:login"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


def test_logout_is_a_post(client, personas):
    client.force_login(personas.climate_manager_a)
    response = client.post(reverse("account_logout"))
    assert response.status_code == 302
    assert client.get(reverse("start"))["Location"].startswith(reverse("account_login"))


def test_anonymous_visitors_are_sent_to_login_and_htmx_requests_get_hx_redirect(client):
    response = client.get(reverse("start"))
    assert response.status_code == 302
    assert response["Location"] == f"{reverse('account_login')}?next=/start/"
    htmx = client.get(reverse("start"), HTTP_HX_REQUEST="true")
    assert htmx.status_code == 204
    assert htmx["HX-Redirect"] == f"{reverse('account_login')}?next=/start/"


def test_only_those_who_may_invite_see_the_invitations_link(client, personas):
    client.force_login(personas.climate_manager_a)
    assert 'href="/einladungen/"' not in client.get(reverse("start")).content.decode()
    client.force_login(personas.coordinator)
    assert 'href="/einladungen/"' in client.get(reverse("start")).content.decode()


def test_password_reset_is_mailed_in_german(client, personas, django_capture_on_commit_callbacks):
    from django.core import mail

    verified(personas.climate_manager_a)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("account_reset_password"), {"email": "klima.a@example.org"})
    assert response.status_code == 302
    assert mail.outbox == []  # queued for the worker, like every mail of the portal
    run_tasks()
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["klima.a@example.org"]
    assert mail.outbox[0].subject.startswith("[Klimaschutz-Netzwerkportal] ")
    assert "/accounts/password/reset/key/" in mail.outbox[0].body


def test_email_change_is_confirmed_by_mail(client, personas, django_capture_on_commit_callbacks):
    from django.core import mail

    verified(personas.climate_manager_a)
    client.force_login(personas.climate_manager_a)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("account_email"), {"action_add": "", "email": "anna.neu@example.org"}
        )
    assert response.status_code == 302
    run_tasks()
    assert [m.to for m in mail.outbox] == [["anna.neu@example.org"]]
    assert "/accounts/confirm-email/" in mail.outbox[0].body
    address = EmailAddress.objects.get(email="anna.neu@example.org")
    assert not address.verified
