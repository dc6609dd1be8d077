"""The invitation form in a browser (issue 31, item 9): static/js/invitation-form.js
shows only the fields the chosen role needs, under the page's Content Security Policy
(a script file, no inline script). Without JavaScript the form shows every field and
the server ignores the others (tests/networks/test_invitations.py)."""

import pytest

from networks.models import Invitation
from tests.browser.conftest import assert_accessible, screenshot, sign_in

pytestmark = pytest.mark.django_db(transaction=True)


def shown(form) -> list[str]:
    return [label.inner_text() for label in form.locator("label").all() if label.is_visible()]


def test_the_invitation_form_shows_the_fields_of_the_chosen_role(page, live_server, personas):
    sign_in(page, personas.coordinator, live_server=live_server)
    page.goto("/einladungen/")
    form = page.locator("form", has=page.get_by_label("Rolle"))
    assert shown(form) == ["E-Mail-Adresse:", "Rolle:"]
    form.get_by_label("Rolle").select_option(label="Dienstleister")
    assert shown(form) == ["E-Mail-Adresse:", "Rolle:", "Organisation:", "Netzwerk:"]
    form.get_by_label("Rolle").select_option(label="Koordination")
    assert shown(form) == ["E-Mail-Adresse:", "Rolle:", "Organisation:"]
    form.get_by_label("Rolle").select_option(label="Klimaschutzmanagement")
    assert shown(form) == ["E-Mail-Adresse:", "Rolle:", "Kommune:"]
    assert_accessible(page)
    screenshot(page, "invitation-form-climate-manager")
    form.get_by_label("E-Mail-Adresse").fill("neu.altenbeken@example.org")
    form.get_by_label("Kommune").select_option(label="Altenbeken")
    form.get_by_role("button", name="Einladen").click()
    page.get_by_text("Die Einladung an neu.altenbeken@example.org wird verschickt.").wait_for()
    invitation = Invitation.objects.get()
    assert (invitation.municipality, invitation.organisation) == (
        personas.municipality_a,
        personas.coordinator_org,
    )
