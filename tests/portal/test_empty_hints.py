"""Empty pages say what to do first (issue 36), and to whom: whoever can make the first
entry is told how, readers are told who does it, and every hint links to the guide's
section for the person's role."""

import pytest
from django.urls import reverse

from networks.models import Membership
from tests.factories import (
    GrantFactory,
    MeasureFactory,
    MeetingFactory,
    NetworkFactory,
    ReceiptFactory,
)
from tests.helpers import keep_running, with_totp

pytestmark = pytest.mark.django_db

HANDBOOK = "Schritt für Schritt im Handbuch</a>"
MEASURES_COORDINATOR = (
    "Noch keine Maßnahmen. Die Klimaschutzmanager*innen der Kommunen erfassen sie"
)
MEASURES_CLIMATE_MANAGER = "Noch keine Maßnahmen. Erfassen Sie die erste Maßnahme Ihrer Kommune"
MEASURES_READER = "Noch keine Maßnahmen. Sobald die Kommunen Ihrer Netzwerke Maßnahmen erfassen"
MEETINGS_MODERATOR = "Noch keine Treffen. Legen Sie das erste an"
MEETINGS_CHOOSE = "Noch keine Treffen. Wählen Sie oben das Netzwerk"
MEETINGS_READER = "Noch keine Treffen. Sobald die Koordination ein Treffen anlegt"
REPORTS_ISSUER = "Noch kein Bericht ausgestellt. Wählen Sie unten Art und Zeitraum"
REPORTS_READER = "Noch kein Bericht ausgestellt. Sobald die Koordination einen Bericht ausstellt"
RECEIPTS_KEEPER = "Noch keine Belege. Erfassen Sie jede Zahlung als Beleg"
RECEIPTS_READER = "Noch keine Belege. Sobald die Finanzverantwortlichen Belege erfassen"
PARTICIPANTS_EDITOR = "Noch keine teilnehmenden Kommunen. Nehmen Sie die Kommunen auf"
PARTICIPANTS_READER = "Noch keine teilnehmenden Kommunen. Die Koordination nimmt"
HINTS = [
    MEASURES_COORDINATOR, MEASURES_CLIMATE_MANAGER, MEASURES_READER, MEETINGS_MODERATOR,
    MEETINGS_CHOOSE, MEETINGS_READER, REPORTS_ISSUER, REPORTS_READER, RECEIPTS_KEEPER,
    RECEIPTS_READER, PARTICIPANTS_EDITOR, PARTICIPANTS_READER,
]  # fmt: skip


def page_of(client, user, url: str) -> str:
    client.force_login(with_totp(user))
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def hints_in(html: str) -> list[str]:
    return [hint for hint in HINTS if hint in html]


def help_link(section: str) -> str:
    return f'<a href="/hilfe/{section}">{HANDBOOK}'


ALL_MEASURES = reverse("measure_list") + "?kommune="


@pytest.mark.parametrize(
    ("persona", "hint", "section"),
    [
        ("coordinator", MEASURES_COORDINATOR, "rollen/koordination/#massnahmen"),
        ("climate_manager_a", MEASURES_CLIMATE_MANAGER,
         "rollen/klimaschutzmanagement/#massnahmen-finden"),
        ("service_provider", MEASURES_READER, "rollen/klimaschutzmanagement/#massnahmen-finden"),
    ],
)  # fmt: skip
def test_the_empty_measure_list_says_what_to_do_first(client, personas, persona, hint, section):
    keep_running(personas.network, personas.other_network)
    html = page_of(client, getattr(personas, persona), ALL_MEASURES)
    assert hints_in(html) == [hint]
    assert help_link(section) in html


def test_a_measure_list_empty_only_by_its_filters_gives_no_hint(client, personas):
    MeasureFactory(participation=personas.participation_b)
    html = page_of(client, personas.climate_manager_a, ALL_MEASURES + "&q=nichtvorhanden")
    assert "Keine Maßnahmen passen zu diesen Filtern." in html
    assert hints_in(html) == []


def test_the_meeting_list_tells_moderators_to_choose_a_network_and_readers_who_invites(
    client, personas
):
    network_meetings = reverse("network_meetings", args=[personas.network.slug])
    assert hints_in(page_of(client, personas.coordinator, network_meetings)) == [MEETINGS_MODERATOR]
    meetings = reverse("meeting_list")
    assert hints_in(page_of(client, personas.coordinator, meetings)) == [MEETINGS_CHOOSE]
    html = page_of(client, personas.climate_manager_a, meetings)
    assert hints_in(html) == [MEETINGS_READER]
    assert help_link("rollen/klimaschutzmanagement/#treffen") in html


def test_a_meeting_list_with_a_meeting_gives_no_hint(client, personas):
    MeetingFactory(network=personas.network, moderator=personas.coordinator)
    assert hints_in(page_of(client, personas.climate_manager_a, reverse("meeting_list"))) == []


@pytest.mark.parametrize(
    ("persona", "hint", "section"),
    [
        ("coordinator", REPORTS_ISSUER, "rollen/koordination/#berichte"),
        ("funder", REPORTS_READER, "rollen/foerdermittelgeber/#berichte"),
        ("climate_manager_a", REPORTS_READER, "rollen/klimaschutzmanagement/#zahlen-bestaetigen"),
    ],
)
def test_the_empty_reports_page_says_what_to_do_first(client, personas, persona, hint, section):
    url = reverse("report_list", args=[personas.network.slug])
    html = page_of(client, getattr(personas, persona), url)
    assert hints_in(html) == [hint]
    assert help_link(section) in html


@pytest.mark.parametrize(
    ("persona", "hint", "section"),
    [
        ("finance", RECEIPTS_KEEPER, "rollen/finanzen/#uebersicht"),
        ("funder", RECEIPTS_READER, "rollen/foerdermittelgeber/#finanzen"),
    ],
)
def test_finances_without_receipts_say_what_to_do_first(client, personas, persona, hint, section):
    GrantFactory(network=personas.network)
    url = reverse("finances", args=[personas.network.slug])
    html = page_of(client, getattr(personas, persona), url)
    assert hints_in(html) == [hint]
    assert help_link(section) in html


def test_finances_with_a_receipt_give_no_hint(client, personas):
    grant = GrantFactory(network=personas.network)
    ReceiptFactory(grant=grant)
    url = reverse("finances", args=[personas.network.slug])
    assert hints_in(page_of(client, personas.finance, url)) == []


def test_a_network_without_participants_says_what_to_do_first(client, personas):
    empty = NetworkFactory(coordinator=personas.coordinator_org)
    Membership.objects.create(user=personas.funder, role=Membership.Role.FUNDER, network=empty)
    url = reverse("network", args=[empty.slug])
    html = page_of(client, personas.coordinator, url)
    assert hints_in(html) == [PARTICIPANTS_EDITOR]
    assert help_link("rollen/koordination/#kommunen") in html
    assert hints_in(page_of(client, personas.funder, url)) == [PARTICIPANTS_READER]
    # The personas' network has its municipalities.
    other = reverse("network", args=[personas.network.slug])
    assert hints_in(page_of(client, personas.coordinator, other)) == []
