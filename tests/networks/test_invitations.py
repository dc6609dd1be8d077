import datetime
import re

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from networks.models import Invitation, Membership, Organisation, User
from networks.services import invite
from tests.helpers import run_tasks

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("module_personas")]

LINK = re.compile(r"http://127\.0\.0\.1:8000/einladung/([\w-]+)/")


@pytest.fixture
def mails_on_commit(django_capture_on_commit_callbacks):
    """Invitation mails leave after the transaction commits, as in production."""

    def capture():
        return django_capture_on_commit_callbacks(execute=True)

    return capture


def invite_climate_manager(client, personas, capture, email="neu.altenbeken@example.org"):
    client.force_login(personas.coordinator)
    with capture():
        response = client.post(
            reverse("invitations"),
            {"email": email, "role": "climate_manager", "municipality": personas.municipality_a.pk},
        )
    assert response.status_code == 302, response.content.decode()
    client.logout()
    run_tasks()
    return LINK.search(mail.outbox[-1].body).group(1)


def test_coordinator_invites_and_the_invited_person_sets_up_the_account(
    client, personas, mails_on_commit
):
    token = invite_climate_manager(client, personas, mails_on_commit)
    run_tasks()
    message = mail.outbox[0]
    assert message.to == ["neu.altenbeken@example.org"]
    assert message.subject == ("Einladung ins Klimaschutz-Netzwerkportal (Klimaschutzmanagement)")
    inviter = personas.coordinator.name
    assert (
        f"{inviter} lädt Sie als Klimaschutzmanagement (Altenbeken in den Netzwerken von "
        "Westfalen Weser (Test)) in das" in message.body
    )
    assert "gilt 7 Tage und nur einmal" in message.body
    html = message.alternatives[0][0]
    assert f'href="http://127.0.0.1:8000/einladung/{token}/"' in html

    page = client.get(reverse("accept_invitation", args=[token]))
    assert page.status_code == 200
    assert (
        "<strong>Klimaschutzmanagement</strong> (Altenbeken in den Netzwerken von "
        "Westfalen Weser (Test))" in page.content.decode()
    )

    response = client.post(
        reverse("accept_invitation", args=[token]),
        {"name": "Nina Neu", "password1": "Klimaschutz-2026!", "password2": "Klimaschutz-2026!"},
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("start")
    user = User.objects.get(email="neu.altenbeken@example.org")
    assert user.name == "Nina Neu"
    assert user.check_password("Klimaschutz-2026!")
    assert list(user.memberships.values_list("role", "municipality__name")) == [
        ("climate_manager", "Altenbeken")
    ]
    assert EmailAddress.objects.get(user=user).verified
    assert client.get(reverse("start")).status_code == 200  # signed in
    invitation = Invitation.objects.get()
    assert invitation.state() == "accepted"
    assert invitation.accepted_by == user


def test_a_used_link_gets_a_clear_german_page(client, personas, mails_on_commit):
    token = invite_climate_manager(client, personas, mails_on_commit)
    data = {"name": "Nina", "password1": "Klimaschutz-2026!", "password2": "Klimaschutz-2026!"}
    client.post(reverse("accept_invitation", args=[token]), data)
    client.logout()
    again = client.get(reverse("accept_invitation", args=[token]))
    assert again.status_code == 410
    assert "Diese Einladung wurde schon angenommen." in again.content.decode()
    assert client.post(reverse("accept_invitation", args=[token]), data).status_code == 410
    assert User.objects.filter(email="neu.altenbeken@example.org").count() == 1


def test_an_expired_link_gets_a_clear_german_page(client, personas, mails_on_commit):
    token = invite_climate_manager(client, personas, mails_on_commit)
    now = timezone.now()
    Invitation.objects.update(
        sent_at=now - datetime.timedelta(days=7, seconds=1),
        expires_at=now - datetime.timedelta(seconds=1),
    )
    response = client.get(reverse("accept_invitation", args=[token]))
    assert response.status_code == 410
    assert "Der Link ist abgelaufen." in response.content.decode()


def test_a_forged_link_gets_a_clear_german_page(client, personas, mails_on_commit):
    invite_climate_manager(client, personas, mails_on_commit)
    response = client.get(reverse("accept_invitation", args=["erfunden-123"]))
    assert response.status_code == 404
    assert "Der Link ist ungültig." in response.content.decode()


def test_invitations_are_valid_for_seven_days(client, personas, mails_on_commit):
    before = timezone.now()
    invite_climate_manager(client, personas, mails_on_commit)
    invitation = Invitation.objects.get()
    assert invitation.expires_at - invitation.sent_at == datetime.timedelta(days=7)
    assert invitation.sent_at >= before
    assert len(invitation.token_hash) == 64  # only the hash is stored


def test_passwords_must_match_and_be_strong(client, personas, mails_on_commit):
    token = invite_climate_manager(client, personas, mails_on_commit)
    url = reverse("accept_invitation", args=[token])
    response = client.post(url, {"name": "N", "password1": "abcdefgh1!", "password2": "x"})
    assert "Die beiden Passwörter stimmen nicht überein." in response.content.decode()
    response = client.post(url, {"name": "N", "password1": "123", "password2": "123"})
    assert "Dieses Passwort ist zu kurz." in response.content.decode()
    assert not User.objects.filter(email="neu.altenbeken@example.org").exists()


def test_revoked_invitation_stops_working(client, personas, mails_on_commit):
    token = invite_climate_manager(client, personas, mails_on_commit)
    invitation = Invitation.objects.get()
    client.force_login(personas.coordinator)
    response = client.post(reverse("invitation_revoke", args=[invitation.pk]))
    assert response.status_code == 302
    client.logout()
    response = client.get(reverse("accept_invitation", args=[token]))
    assert response.status_code == 410
    assert "zurückgezogen" in response.content.decode()


def test_resending_mails_a_new_link_and_the_old_one_stops_working(
    client, personas, mails_on_commit
):
    old = invite_climate_manager(client, personas, mails_on_commit)
    invitation = Invitation.objects.get()
    client.force_login(personas.coordinator)
    with mails_on_commit():
        response = client.post(
            reverse("invitation_resend", args=[invitation.pk]), HTTP_HX_REQUEST="true"
        )
    assert response.status_code == 200
    assert f'<tr id="invitation-{invitation.pk}">' in response.content.decode()
    run_tasks()
    assert len(mail.outbox) == 2
    new = LINK.search(mail.outbox[1].body).group(1)
    assert new != old
    client.logout()
    assert client.get(reverse("accept_invitation", args=[old])).status_code == 404
    assert client.get(reverse("accept_invitation", args=[new])).status_code == 200


def test_existing_account_gets_the_new_role_without_a_new_password(
    client, personas, mails_on_commit
):
    token = invite_climate_manager(client, personas, mails_on_commit, email="KLIMA.B@example.org")
    response = client.post(reverse("accept_invitation", args=[token]))
    assert response.status_code == 302
    assert response["Location"] == reverse("account_login")
    assert set(
        personas.climate_manager_b.memberships.values_list("municipality__name", flat=True)
    ) == {"Altenbeken", "Borchen"}


def test_invitation_page_lists_invitations_with_their_state(client, personas, mails_on_commit):
    invite_climate_manager(client, personas, mails_on_commit)
    client.force_login(personas.coordinator)
    html = client.get(reverse("invitations")).content.decode()
    assert "neu.altenbeken@example.org" in html
    assert '<span class="badge badge--pending">offen</span>' in html


def test_coordinator_cannot_invite_into_another_coordinators_network(
    client, personas, mails_on_commit
):
    client.force_login(personas.coordinator)
    response = client.post(
        reverse("invitations"),
        {"email": "x@example.org", "role": "funder", "network": personas.other_network.pk},
    )
    assert response.status_code == 200
    assert "Bitte eine gültige Auswahl treffen." in response.content.decode()
    assert not Invitation.objects.exists()
    run_tasks()
    assert mail.outbox == []


def test_invitation_needs_the_scope_of_its_role(client, personas, mails_on_commit):
    client.force_login(personas.coordinator)
    response = client.post(
        reverse("invitations"), {"email": "x@example.org", "role": "climate_manager"}
    )
    assert "Für die Rolle „Klimaschutzmanagement“ bitte angeben." in response.content.decode()


def test_the_form_says_which_roles_each_scope_field_serves(client, personas):
    # Issue 31, item 9: static/js/invitation-form.js shows only the chosen role's fields.
    client.force_login(personas.coordinator)
    html = client.get(reverse("invitations")).content.decode()
    roles = dict(re.findall(r'<select name="(\w+)" data-roles="([\w ]*)"', html))
    # The coordinator grants the climate-manager role for their one organisation.
    assert roles == {
        "organisation": "coordinator service_provider funder",
        "network": "service_provider funder",
        "municipality": "climate_manager",
    }
    assert '<script src="/static/js/invitation-form.js" defer></script>' in html


def test_fields_of_other_roles_are_ignored_without_javascript(client, personas, mails_on_commit):
    # Without JavaScript every field is shown; what another role would use is no error.
    provider = Organisation.objects.filter(kind=Organisation.Kind.SERVICE_PROVIDER).first()
    client.force_login(personas.coordinator)
    with mails_on_commit():
        response = client.post(
            reverse("invitations"),
            {"email": "neu@example.org", "role": "climate_manager",
             "municipality": personas.municipality_a.pk, "network": personas.network.pk,
             "organisation": provider.pk},
        )  # fmt: skip
    assert response.status_code == 302, response.content.decode()
    invitation = Invitation.objects.get()
    assert invitation.municipality == personas.municipality_a
    assert invitation.network is None
    assert invitation.organisation == personas.coordinator_org


def test_a_coordinator_invites_a_finance_person_for_their_own_organisation(
    client, personas, mails_on_commit
):
    # Issue 32: the finance role keeps the organisation's finances; like a climate
    # manager's, its organisation is the inviter's own: the form does not ask for it.
    client.force_login(personas.coordinator)
    with mails_on_commit():
        response = client.post(
            reverse("invitations"),
            {"email": "kasse@example.org", "role": "finance"},
        )  # fmt: skip
    assert response.status_code == 302, response.content.decode()
    invitation = Invitation.objects.get()
    assert (invitation.role, invitation.organisation) == ("finance", personas.coordinator_org)


def test_a_missing_field_of_the_chosen_role_is_named_in_german(client, personas):
    client.force_login(personas.coordinator)
    response = client.post(
        reverse("invitations"),
        {"email": "x@example.org", "role": "service_provider",
         "municipality": personas.municipality_a.pk},
    )  # fmt: skip
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert errors == {"network": ["Für die Rolle „Dienstleister“ bitte angeben."]}
    assert not Invitation.objects.exists()


def test_only_coordinators_invite(client, personas, mails_on_commit):
    client.force_login(personas.climate_manager_a)
    assert client.get(reverse("invitations")).status_code == 403


def test_others_cannot_revoke_an_invitation(client, personas, mails_on_commit):
    invite_climate_manager(client, personas, mails_on_commit)
    invitation = Invitation.objects.get()
    client.force_login(personas.other_coordinator)
    assert client.post(reverse("invitation_revoke", args=[invitation.pk])).status_code == 404
    assert Invitation.objects.get().revoked_at is None


def test_service_invite_refuses_a_scope_outside_the_inviters_organisation(personas):
    from django.core.exceptions import PermissionDenied

    invitation = Invitation(
        email="x@example.org", role=Membership.Role.FUNDER, network=personas.other_network
    )
    with pytest.raises(PermissionDenied):
        invite(inviter=personas.coordinator, invitation=invitation)


def test_invitation_to_an_english_speaking_account_is_in_english(client, personas, mails_on_commit):
    personas.climate_manager_b.language = "en"
    personas.climate_manager_b.save()
    invite_climate_manager(client, personas, mails_on_commit, email="klima.b@example.org")
    run_tasks()
    message = mail.outbox[0]
    assert message.subject == "Invitation to the climate network portal (Climate management)"
    assert "is valid for 7 days and only once" in message.body


def test_an_english_invitation_names_the_role_of_one_person(client, personas, mails_on_commit):
    personas.climate_manager_b.language = "en"
    personas.climate_manager_b.save()
    token = invite_climate_manager(client, personas, mails_on_commit, email="klima.b@example.org")
    run_tasks()
    body = " ".join(mail.outbox[0].body.split())
    assert (
        f"{personas.coordinator.name} invites you to the climate network portal as Climate "
        "manager (Altenbeken in the networks of Westfalen Weser (Test))." in body
    )
    assert "as Climate management" not in body
    page = client.get(reverse("accept_invitation", args=[token]), HTTP_ACCEPT_LANGUAGE="en")
    assert "as <strong>Climate manager</strong>" in page.content.decode()
