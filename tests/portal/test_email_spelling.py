"""German pages write "E-Mail-Adresse", never "Email-Adresse" or "Email ändern"
(allauth's German catalogue does, so our templates of its pages use msgids of ours)."""

import re

import pytest
from allauth.account.models import EmailAddress
from django.urls import reverse

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("module_personas")]

# "Email" as a German word: not the attributes type="email", name="email", id="id_email".
GERMAN_EMAIL_SLIP = re.compile(r"\bEmail\b")


def visible_text(html: str) -> str:
    return " ".join(re.sub(r"<[^>]*>", " ", html).split())


def visible_slips(html: str) -> list[str]:
    return GERMAN_EMAIL_SLIP.findall(visible_text(html))


def test_email_change_page_writes_e_mail_adresse(client, personas):
    user = personas.climate_manager_a
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    client.force_login(user)
    html = client.get(reverse("account_email")).content.decode()
    assert re.search(r"<h1>\s*E-Mail-Adresse\s*</h1>", html)
    text = visible_text(html)
    assert "Aktuelle E-Mail-Adresse:" in text
    assert "Neue E-Mail-Adresse:" in text
    assert "E-Mail-Adresse ändern" in text
    assert visible_slips(html) == []


def test_email_change_page_with_a_pending_change_writes_e_mail_adresse(client, personas):
    user = personas.climate_manager_a
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    EmailAddress.objects.create(user=user, email="anna.neu@example.org", verified=False)
    client.force_login(user)
    html = client.get(reverse("account_email")).content.decode()
    text = visible_text(html)
    assert "Wird geändert in:" in text
    assert "Die neue Adresse ist noch nicht bestätigt." in text
    assert visible_slips(html) == []


@pytest.mark.parametrize(
    ("url_name", "logged_in"),
    [
        ("account_login", False),
        ("account_reset_password", False),
        ("account", True),
        ("account_change_password", True),
    ],
)
def test_account_pages_write_no_email_as_a_german_word(client, personas, url_name, logged_in):
    if logged_in:
        client.force_login(personas.climate_manager_a)
    response = client.get(reverse(url_name))
    assert response.status_code == 200
    assert visible_slips(response.content.decode()) == []
