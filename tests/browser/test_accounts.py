import re

import pytest
from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator

from tests.browser.conftest import assert_accessible, screenshot, sign_in
from tests.factories import PASSWORD
from tests.helpers import with_totp

pytestmark = pytest.mark.django_db(transaction=True)


def test_climate_manager_logs_in_through_the_login_page_and_lands_on_the_start_page(page, personas):
    user = personas.climate_manager_a
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    page.goto("/")
    page.get_by_role("link", name="Anmelden").click()
    assert page.get_by_role("heading", level=1).inner_text() == "Anmelden"
    assert_accessible(page)
    screenshot(page, "login")
    page.get_by_label("E-Mail").fill("klima.a@example.org")
    page.get_by_label("Passwort").fill(PASSWORD)
    page.get_by_role("button", name="Anmelden").click()
    page.wait_for_url("**/start/")
    assert page.get_by_role("heading", level=1).inner_text() == f"Willkommen, {user.name}"
    assert "Klimaschutzmanagement: Altenbeken" in page.locator("main").inner_text()
    assert_accessible(page)
    screenshot(page, "start-climate-manager")


def test_coordinator_invites_a_climate_manager(page, personas, live_server):
    sign_in(page, with_totp(personas.coordinator), live_server=live_server)
    page.goto("/einladungen/")
    assert_accessible(page)
    page.get_by_label("E-Mail-Adresse").fill("neu@example.org")
    page.get_by_label("Rolle").select_option(label="Klimaschutzmanagement")
    page.get_by_label("Kommune").select_option(label="Borchen")
    page.get_by_role("button", name="Einladen").click()
    assert "Die Einladung an neu@example.org wird verschickt." in page.locator("main").inner_text()
    row = page.locator("tbody tr", has_text="neu@example.org")
    assert "offen" in row.inner_text()
    row.get_by_role("button", name="Widerrufen").click()
    page.locator("tbody tr", has_text="widerrufen").wait_for()
    assert_accessible(page)
    screenshot(page, "invitations")


def test_account_and_mfa_pages_are_accessible(page, personas, live_server):
    sign_in(page, personas.climate_manager_b, live_server=live_server)
    page.goto("/konto/")
    assert page.get_by_role("heading", level=1).inner_text() == "Ihr Konto"
    assert_accessible(page)
    screenshot(page, "account")
    page.get_by_role("link", name="Zwei-Faktor-Authentifizierung").click()
    assert_accessible(page)
    screenshot(page, "mfa")


def test_coordinator_without_mfa_must_set_it_up_first(page, personas, live_server):
    sign_in(page, personas.coordinator, live_server=live_server)
    Authenticator.objects.filter(user=personas.coordinator).delete()
    page.goto("/start/")
    # allauth first confirms the password, then shows the authenticator set-up.
    page.wait_for_url(re.compile(r"/accounts/reauthenticate/\?next="))
    assert_accessible(page)
    page.get_by_label("Passwort").fill(PASSWORD)
    page.get_by_role("button", name="Bestätigen").click()
    page.wait_for_url("**/accounts/2fa/totp/activate/")
    assert page.get_by_role("heading", level=1).inner_text() == "Authenticator-App aktivieren"
    assert_accessible(page)
    screenshot(page, "mfa-activate")
