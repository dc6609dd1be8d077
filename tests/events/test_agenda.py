import pytest
from django.urls import reverse

from events.models import AgendaItem
from tests.events.test_meetings import login

pytestmark = pytest.mark.django_db


def titles(meeting):
    return list(meeting.agenda_items.order_by("position").values_list("title", flat=True))


@pytest.fixture
def agenda(world):
    meeting = world.upcoming
    for position, title in enumerate(["Begrüßung", "Berichte", "Verschiedenes"], 1):
        AgendaItem.objects.create(meeting=meeting, position=position, title=title)
    return meeting


def test_moderator_adds_items_with_htmx_and_sees_start_times(client, world):
    login(client, world.service_provider)
    url = reverse("agenda_add", args=[world.upcoming.pk])
    data = {"title": "Begrüßung", "duration_minutes": "15", "presenter": "Frau Moderatorin"}
    response = client.post(url, data, HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    assert response["HX-Retarget"] == "#agenda"
    html = response.content.decode()
    assert html.lstrip().startswith('<section id="agenda"')
    client.post(url, {"title": "Berichte", "duration_minutes": "45"}, HTTP_HX_REQUEST="true")
    response = client.get(reverse("meeting", args=[world.upcoming.pk]))
    times = [(item.title, start.strftime("%H:%M")) for item, start in response.context["agenda"]]
    assert times == [("Begrüßung", "10:00"), ("Berichte", "10:15")]


def test_agenda_form_errors_come_back_in_german(client, world):
    login(client, world.coordinator)
    url = reverse("agenda_add", args=[world.upcoming.pk])
    response = client.post(url, {"title": "", "duration_minutes": "0"})
    assert response.status_code == 422
    errors = response.context["agenda_form"].errors
    assert errors["title"] == ["Dieses Feld ist zwingend erforderlich."]
    assert "duration_minutes" in errors


def test_items_move_up_and_down_without_javascript(client, world, agenda):
    login(client, world.coordinator)
    last = agenda.agenda_items.get(title="Verschiedenes")
    url = reverse("agenda_move", args=[agenda.pk, last.pk])
    response = client.post(url, {"direction": "up"})
    assert response.status_code == 302
    assert response["Location"].endswith("#agenda")
    assert titles(agenda) == ["Begrüßung", "Verschiedenes", "Berichte"]
    client.post(url, {"direction": "up"})
    client.post(url, {"direction": "up"})  # already first: nothing happens
    assert titles(agenda) == ["Verschiedenes", "Begrüßung", "Berichte"]
    client.post(url, {"direction": "down"})
    assert titles(agenda) == ["Begrüßung", "Verschiedenes", "Berichte"]


def test_removing_an_item_closes_the_gap(client, world, agenda):
    login(client, world.coordinator)
    middle = agenda.agenda_items.get(title="Berichte")
    # Asked first (a dialog, or without JavaScript this page); nothing is removed yet.
    asked = client.post(reverse("agenda_delete", args=[agenda.pk, middle.pk]))
    assert "„Berichte“ wird aus der Tagesordnung entfernt." in asked.content.decode()
    assert agenda.agenda_items.count() == 3
    client.post(reverse("agenda_delete", args=[agenda.pk, middle.pk]), {"bestaetigt": "1"})
    assert list(agenda.agenda_items.values_list("position", "title")) == [
        (1, "Begrüßung"),
        (2, "Verschiedenes"),
    ]


def test_editing_an_item_over_a_newer_change_is_refused(client, world, agenda):
    login(client, world.coordinator)
    item = agenda.agenda_items.get(title="Berichte")
    url = reverse("agenda_edit", args=[agenda.pk, item.pk])
    data = {"title": "Berichte der Kommunen", "duration_minutes": "60", "version": "1"}
    assert client.post(url, data).status_code == 302
    response = client.post(url, {**data, "title": "Anderer Titel"})
    assert response.status_code == 409
    item.refresh_from_db()
    assert (item.title, item.version) == ("Berichte der Kommunen", 2)


def test_an_htmx_edit_over_a_newer_change_gets_only_the_item_with_409(client, world, agenda):
    login(client, world.coordinator)
    item = agenda.agenda_items.get(title="Berichte")
    url = reverse("agenda_edit", args=[agenda.pk, item.pk])
    data = {"title": "Berichte der Kommunen", "duration_minutes": "60", "version": "1"}
    client.post(url, data, HTTP_HX_REQUEST="true")
    response = client.post(url, {**data, "title": "Anderer Titel"}, HTTP_HX_REQUEST="true")
    html = response.content.decode().strip()
    assert response.status_code == 409
    assert html.startswith(f'<li id="top-{item.pk}"') and "<html" not in html
    assert "Jemand hat diesen Tagesordnungspunkt inzwischen geändert." in html
    assert 'name="version" value="2"' in html  # saving again is deliberate
    item.refresh_from_db()
    assert (item.title, item.version) == ("Berichte der Kommunen", 2)


def test_htmx_edit_form_replaces_only_the_item(client, world, agenda):
    login(client, world.coordinator)
    item = agenda.agenda_items.get(title="Berichte")
    response = client.get(reverse("agenda_edit", args=[agenda.pk, item.pk]), HTTP_HX_REQUEST="true")
    html = response.content.decode().strip()
    assert html.startswith(f'<li id="top-{item.pk}"')
    assert "<html" not in html


def test_final_minutes_lock_the_agenda_until_they_are_reopened(client, world, agenda):
    from events import services

    meeting = agenda
    services.save_minutes(meeting=meeting, user=world.coordinator, text="Protokoll", base_version=0)
    services.finalise_minutes(meeting=meeting, user=world.coordinator)
    item = meeting.agenda_items.get(title="Berichte")
    login(client, world.service_provider)
    page = client.get(reverse("meeting", args=[meeting.pk])).content.decode()
    assert reverse("agenda_edit", args=[meeting.pk, item.pk]) not in page
    assert reverse("agenda_add", args=[meeting.pk]) not in page
    locked = "Das Protokoll ist endgültig; damit sind Tagesordnung und Anwesenheit gesperrt."
    attempts = [
        ("agenda_add", [meeting.pk], {"title": "Neu", "duration_minutes": "10"}),
        ("agenda_edit", [meeting.pk, item.pk], {"title": "Anders", "duration_minutes": "10",
                                                "version": "1"}),
        ("agenda_delete", [meeting.pk, item.pk], {"bestaetigt": "1"}),
        ("agenda_move", [meeting.pk, item.pk], {"direction": "up"}),
    ]  # fmt: skip
    for name, args, data in attempts:
        response = client.post(reverse(name, args=args), data, follow=True)
        assert locked in response.content.decode(), name
        response = client.post(reverse(name, args=args), data, HTTP_HX_REQUEST="true")
        assert response["HX-Redirect"] == reverse("meeting", args=[meeting.pk]) + "#agenda"
    assert titles(meeting) == ["Begrüßung", "Berichte", "Verschiedenes"]
    services.reopen_minutes(meeting=meeting, user=world.coordinator)
    response = client.post(reverse("agenda_move", args=[meeting.pk, item.pk]), {"direction": "up"})
    assert response.status_code == 302
    assert titles(meeting) == ["Berichte", "Begrüßung", "Verschiedenes"]
