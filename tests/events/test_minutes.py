import contextlib
import datetime
import io
import re
import threading

import pypdf
import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.urls import reverse

from events import services
from events.models import ActionItem, Minutes
from lib.markup import render_markdown
from measures.models import Measure
from tests.events.test_meetings import login
from tests.factories import AttendanceFactory
from tests.helpers import concurrently, needs_pango, needs_postgresql

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("text", "forbidden"),
    [
        ("<script>alert(1)</script>", "<script"),
        ('<img src=x onerror="alert(1)">', "<img"),
        ("[klick](javascript:alert(1))", 'href="javascript'),
        ("[klick](data:text/html;base64,PHNjcmlwdD4=)", 'href="data'),
        ("![Tracker](https://tracker.example/pixel.png)", "tracker.example"),
        ("![Tracker](//tracker.example/pixel.png)", "tracker.example"),
    ],
)
def test_markdown_is_rendered_without_anything_that_runs_or_reaches_out(text, forbidden):
    assert forbidden not in render_markdown(text)


def test_markdown_keeps_structure_and_ordinary_links():
    html = render_markdown("## TOP 1\n\n- **LED**: [Förderaufruf](https://www.klimaschutz.de)")
    assert html == (
        "<h2>TOP 1</h2>\n<ul>\n<li><strong>LED</strong>: <a "
        'href="https://www.klimaschutz.de" rel="noopener noreferrer nofollow">'
        "Förderaufruf</a></li>\n</ul>\n"
    )


def save(world, text, version, meeting=None):
    return services.save_minutes(
        meeting=meeting or world.past, user=world.service_provider, text=text, base_version=version
    )


def test_every_saved_version_is_kept(world):
    save(world, "Entwurf", 0)
    save(world, "Entwurf, ergänzt", 1)
    minutes = Minutes.objects.get(meeting=world.past)
    assert minutes.version == 2
    assert [v.text for v in minutes.history.order_by("history_id")] == [
        "Entwurf",
        "Entwurf, ergänzt",
    ]


def test_saving_over_a_newer_version_is_refused(client, world):
    save(world, "Erste Fassung", 0)
    login(client, world.coordinator)
    url = reverse("minutes_edit", args=[world.past.pk])
    response = client.post(url, {"text": "Meine Fassung", "version": "0"})
    assert response.status_code == 409
    assert response.context["their_text"] == "Erste Fassung"
    assert Minutes.objects.get(meeting=world.past).text == "Erste Fassung"
    # The re-shown form is based on the current version: saving again is deliberate.
    assert response.context["form"].data["version"] == 1
    assert client.post(url, {"text": "Meine Fassung", "version": "1"}).status_code == 302
    assert Minutes.objects.get(meeting=world.past).text == "Meine Fassung"


def test_final_minutes_are_locked_and_only_a_coordinator_reopens_them(client, world):
    save(world, "# Protokoll", 0)
    login(client, world.service_provider)
    url = reverse("minutes_finalise", args=[world.past.pk])
    assert "<h1>Protokoll endgültig abschließen?</h1>" in client.post(url).content.decode()
    assert not Minutes.objects.get(meeting=world.past).is_final
    assert client.post(url, {"bestaetigt": "1"}).status_code == 302
    minutes = Minutes.objects.get(meeting=world.past)
    assert minutes.is_final and minutes.finalised_at
    with pytest.raises(ValidationError):
        save(world, "Nachträglich", minutes.version)
    with pytest.raises(ValidationError):
        services.add_decision(
            decision=world.past.decisions.model(meeting=world.past, text="x"),
            user=world.coordinator,
        )
    with pytest.raises(PermissionDenied):
        services.reopen_minutes(meeting=world.past, user=world.service_provider)
    assert client.post(reverse("minutes_reopen", args=[world.past.pk])).status_code == 403
    login(client, world.coordinator)
    assert client.post(reverse("minutes_reopen", args=[world.past.pk])).status_code == 302
    history = list(Minutes.objects.get(meeting=world.past).history.order_by("history_id"))
    assert [(h.status, h.history_change_reason, h.history_user) for h in history] == [
        ("draft", None, world.service_provider),
        ("final", "finalised", world.service_provider),
        ("draft", "reopened", world.coordinator),
    ]


def test_empty_minutes_cannot_be_finalised(world):
    with pytest.raises(ValidationError):
        services.finalise_minutes(meeting=world.past, user=world.coordinator)


def test_members_see_final_minutes_and_compare_versions(client, world):
    save(world, "Zeile eins\nZeile zwei", 0)
    login(client, world.climate_manager_a)
    assert client.get(reverse("meeting", args=[world.past.pk])).context["minutes"] is None
    save(world, "Zeile eins\nZeile drei", 1)
    services.finalise_minutes(meeting=world.past, user=world.coordinator)
    page = client.get(reverse("meeting", args=[world.past.pk]))
    assert "Zeile drei" in page.content.decode()
    response = client.get(reverse("minutes_versions", args=[world.past.pk]) + "?von=1&bis=2")
    assert response.status_code == 200
    assert response.context["diff"] == [
        (" ", " Zeile eins"),
        ("-", " Zeile zwei"),
        ("+", " Zeile drei"),
    ]
    assert len(response.context["versions"]) == 3


@pytest.mark.parametrize("reader", ["funder", "climate_manager_a", "climate_manager_b"])
def test_draft_minutes_versions_are_for_the_moderators_only(client, world, reader):
    share_with_funder(world.past)  # the funder's rule without sharing: test_privacy.py
    save(world, "Entwurf: Kommune A zahlt nicht", 0)
    url = reverse("minutes_versions", args=[world.past.pk])
    login(client, getattr(world, reader))
    assert client.get(url).status_code == 403
    assert client.get(url + "?von=1&bis=1").status_code == 403
    page = client.get(reverse("meeting", args=[world.past.pk])).content.decode()
    assert "Kommune A zahlt nicht" not in page
    assert "Noch kein endgültiges Protokoll." in page
    for moderator in (world.service_provider, world.coordinator):
        login(client, moderator)
        response = client.get(url + "?von=1&bis=1")
        assert response.status_code == 200
        assert response.context["new"].text == "Entwurf: Kommune A zahlt nicht"


def share_with_funder(meeting):
    meeting.shared_with_funder = True
    meeting.save(update_fields=["shared_with_funder"])


def reopened_with_a_new_draft(world):
    """Version 1 saved, 2 final, 3 reopened, 4 a new draft."""
    save(world, "Endgültige Fassung", 0)
    services.finalise_minutes(meeting=world.past, user=world.coordinator)
    services.reopen_minutes(meeting=world.past, user=world.coordinator)
    save(world, "Neuer Entwurf mit Geheimnis", 3)


@pytest.mark.parametrize("reader", ["funder", "climate_manager_a"])
def test_after_a_reopen_members_read_the_last_final_version(client, world, reader):
    share_with_funder(world.past)
    reopened_with_a_new_draft(world)
    login(client, getattr(world, reader))
    url = reverse("minutes_versions", args=[world.past.pk])
    response = client.get(url)
    assert response.status_code == 200
    assert [(v.number, v.text) for v in response.context["versions"]] == [
        (1, "Endgültige Fassung"),
        (2, "Endgültige Fassung"),
    ]
    assert response.context["new"].number == 2
    response = client.get(url + "?von=2&bis=4")
    assert (response.context["new"], response.context["diff"]) == (None, None)
    assert "Geheimnis" not in response.content.decode()
    page = client.get(reverse("meeting", args=[world.past.pk]))
    assert page.context["minutes"].text == "Endgültige Fassung"
    assert page.context["minutes_reopened"] is True
    assert "Geheimnis" not in page.content.decode()
    assert "Hier steht die letzte endgültige Fassung." in page.content.decode()


def test_after_a_reopen_moderators_read_every_version_and_the_draft(client, world):
    reopened_with_a_new_draft(world)
    login(client, world.service_provider)
    response = client.get(reverse("minutes_versions", args=[world.past.pk]) + "?von=2&bis=4")
    assert [v.number for v in response.context["versions"]] == [1, 2, 3, 4]
    assert response.context["diff"] == [
        ("-", " Endgültige Fassung"),
        ("+", " Neuer Entwurf mit Geheimnis"),
    ]
    page = client.get(reverse("meeting", args=[world.past.pk]))
    assert page.context["minutes"].text == "Neuer Entwurf mit Geheimnis"
    assert page.context["minutes_reopened"] is False


def test_meeting_record_pdf_keeps_the_last_final_minutes_after_a_reopen(client, world):
    needs_pango()
    share_with_funder(world.past)
    reopened_with_a_new_draft(world)
    for person in (world.funder, world.coordinator):
        login(client, person)
        response = client.get(reverse("meeting_pdf", args=[world.past.pk]))
        text = " ".join(
            page.extract_text() for page in pypdf.PdfReader(io.BytesIO(response.content)).pages
        )
        assert "Endgültige Fassung" in text
        assert "Geheimnis" not in text


def test_meeting_record_names_who_was_not_represented_and_the_address(client, world):
    needs_pango()
    meeting = world.past
    # The moderator attends for no municipality; that must not empty the list.
    AttendanceFactory(
        meeting=meeting, user=world.service_provider, name="Moderation", municipality=None
    )
    AttendanceFactory(meeting=meeting, name="Anna Altenbeken", municipality=world.municipality_a)
    assert list(meeting.not_represented()) == [world.municipality_b]
    login(client, world.coordinator)
    response = client.get(reverse("meeting_pdf", args=[meeting.pk]))
    pages = pypdf.PdfReader(io.BytesIO(response.content)).pages
    text = " ".join(" ".join(page.extract_text().split()) for page in pages)
    # Every municipality of the network has its row; Borchen's says nobody came.
    assert "Altenbeken Anna Altenbeken Borchen Nicht vertreten ohne Kommune Moderation" in text
    assert "Adresse: Bahnhofstraße 5a, 33184 Altenbeken" in text


def test_open_action_items_appear_on_the_responsible_start_page(client, world):
    item = ActionItem.objects.create(
        meeting=world.past, text="Angebote für LED einholen",
        responsible_municipality=world.municipality_a, due_on=datetime.date(2030, 1, 31),
    )  # fmt: skip
    ActionItem.objects.create(
        meeting=world.past, text="Bericht schreiben", responsible_person=world.service_provider,
        due_on=datetime.date(2030, 1, 31),
    )  # fmt: skip
    login(client, world.climate_manager_a)
    assert [i.text for i in client.get(reverse("start")).context["action_items"]] == [item.text]
    response = client.post(
        reverse("action_done", args=[world.past.pk, item.pk]), {"done": "1", "next": "start"}
    )
    assert response.status_code == 302
    assert list(client.get(reverse("start")).context["action_items"]) == []
    login(client, world.climate_manager_b)
    assert (
        client.post(
            reverse("action_done", args=[world.past.pk, item.pk]), {"done": "0"}
        ).status_code
        == 403
    )


def test_coordinator_turns_an_action_item_into_a_linked_measure(client, world):
    save(world, "# Protokoll", 0)
    services.finalise_minutes(meeting=world.past, user=world.coordinator)
    item = ActionItem.objects.create(
        meeting=world.past, text="Machbarkeitsstudie PV Grundschule",
        responsible_municipality=world.municipality_a, due_on=datetime.date(2030, 3, 1),
    )  # fmt: skip
    login(client, world.coordinator)
    response = client.post(
        reverse("action_measure", args=[world.past.pk, item.pk]), {"focus_area": world.buildings.pk}
    )
    measure = Measure.objects.get(title="Machbarkeitsstudie PV Grundschule")
    assert response.status_code == 302
    assert response["Location"] == reverse("measure_edit", args=[measure.pk])
    assert (measure.participation, measure.status, measure.planned_end) == (
        world.participation_a,
        Measure.Status.PLANNED,
        datetime.date(2030, 3, 1),
    )
    item.refresh_from_db()
    assert item.measure == measure
    with pytest.raises(ValidationError):
        services.action_item_to_measure(
            item=item, user=world.coordinator, focus_area=world.buildings
        )


def action_item(world):
    return ActionItem.objects.create(
        meeting=world.past, text="Machbarkeitsstudie PV Grundschule",
        responsible_municipality=world.municipality_a, due_on=datetime.date(2030, 3, 1),
    )  # fmt: skip


def test_an_action_item_read_before_it_became_a_measure_does_not_become_a_second(world):
    item = action_item(world)
    read_earlier = ActionItem.objects.get(pk=item.pk)  # as a second request read it
    measure = services.action_item_to_measure(
        item=item, user=world.coordinator, focus_area=world.buildings
    )
    with pytest.raises(ValidationError) as excinfo:
        services.action_item_to_measure(
            item=read_earlier, user=world.coordinator, focus_area=world.buildings
        )
    assert excinfo.value.messages == ["Aus dieser Aufgabe ist schon eine Maßnahme entstanden."]
    assert list(Measure.objects.all()) == [measure]
    assert ActionItem.objects.get(pk=item.pk).measure == measure


def test_posting_an_action_item_as_measure_twice_creates_one_measure(client, world):
    item = action_item(world)
    login(client, world.coordinator)
    url = reverse("action_measure", args=[world.past.pk, item.pk])
    first = client.post(url, {"focus_area": world.buildings.pk})
    second = client.post(url, {"focus_area": world.buildings.pk}, follow=True)
    measure = Measure.objects.get()
    assert first["Location"] == reverse("measure_edit", args=[measure.pk])
    assert second.redirect_chain == [
        (reverse("minutes_edit", args=[world.past.pk]) + "#aufgaben", 302)
    ]
    assert [str(m) for m in second.context["messages"]] == [
        "Die Maßnahme ist angelegt (geplant). Bitte ergänzen Sie die Angaben.",  # the first's
        "Aus dieser Aufgabe ist schon eine Maßnahme entstanden.",
    ]


@pytest.mark.django_db(transaction=True)
def test_two_simultaneous_posts_turn_an_action_item_into_one_measure(world, monkeypatch):
    needs_postgresql()
    item = action_item(world)
    url = reverse("action_measure", args=[world.past.pk, item.pk])
    clients = [login(Client(), world.coordinator) for _ in range(2)]
    # Both requests meet just before saving a measure, if both get that far: without a
    # lock each has read the item unlinked and saves its own measure.
    both_there = threading.Barrier(2)
    save_measure = services.actions.save_measure

    def slow_save_measure(**kwargs):
        # A broken barrier: the other request waits for the lock, as it should.
        with contextlib.suppress(threading.BrokenBarrierError):
            both_there.wait(timeout=2)
        return save_measure(**kwargs)

    monkeypatch.setattr(services.actions, "save_measure", slow_save_measure)
    responses = concurrently(
        *(lambda c=c: c.post(url, {"focus_area": world.buildings.pk}) for c in clients)
    )
    measure = Measure.objects.get()
    assert ActionItem.objects.get(pk=item.pk).measure == measure
    assert sorted(response["Location"] for response in responses) == sorted(
        [
            reverse("measure_edit", args=[measure.pk]),
            reverse("minutes_edit", args=[world.past.pk]) + "#aufgaben",
        ]
    )


def test_meeting_record_pdf_has_agenda_attendance_and_final_minutes(client, world):
    needs_pango()
    meeting = world.past
    meeting.agenda_items.create(position=1, title="Begrüßung und Protokoll", duration_minutes=15)
    services.record_attendance(
        meeting=meeting, user=world.coordinator, attended=[],
        guests=[("Anna Beispiel", world.municipality_a.pk)],
    )  # fmt: skip
    save(world, "## Ergebnisse\n\nDie Kommunen <script>x</script> berichten.", 0)
    services.finalise_minutes(meeting=meeting, user=world.coordinator)
    login(client, world.climate_manager_b)  # a funder's record: tests/events/test_privacy.py
    response = client.get(reverse("meeting_pdf", args=[meeting.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    text = " ".join(
        page.extract_text() for page in pypdf.PdfReader(io.BytesIO(response.content)).pages
    )
    for expected in (
        "4. Netzwerktreffen", "Begrüßung und Protokoll", "Altenbeken", "Anna Beispiel",
        "Ergebnisse", "Die Kommunen <script>x</script> berichten.", "Nicht vertreten", "Borchen",
    ):  # fmt: skip
        assert expected in text, expected


def test_the_versions_page_names_each_step_in_the_readers_language(client, world):
    reopened_with_a_new_draft(world)
    world.service_provider.language = "en"
    world.service_provider.save(update_fields=["language"])
    login(client, world.service_provider)
    html = client.get(reverse("minutes_versions", args=[world.past.pk])).content.decode()
    steps = re.findall(
        r"<td>(saved|finalised|reopened|gespeichert|abgeschlossen|[^<]*geöffnet)</td>", html
    )
    assert steps == ["saved", "finalised", "reopened", "saved"]


def test_the_minutes_page_gives_each_field_its_own_id_and_label(client, world):
    import re
    from collections import Counter

    login(client, world.service_provider)
    html = client.get(reverse("minutes_edit", args=[world.past.pk])).content.decode()
    ids = Counter(re.findall(r'\sid="([^"]+)"', html))
    assert [name for name, count in ids.items() if count > 1] == []
    for field, label in [("id_text", "Protokoll"), ("id_beschluss-text", "Beschluss"),
                         ("id_aufgabe-text", "Aufgabe")]:  # fmt: skip
        assert f'<label for="{field}">{label}:</label>' in html


def test_the_writers_headings_fit_under_the_pages_own_without_skipping_a_level():
    text = "## TOP 1\n\nText\n\n#### Unterpunkt\n\n## TOP 2"
    html = render_markdown(text, top_heading=3)
    assert html == ("<h3>TOP 1</h3>\n<p>Text</p>\n<h4>Unterpunkt</h4>\n<h3>TOP 2</h3>\n")
    assert render_markdown("# Protokoll", top_heading=3) == "<h3>Protokoll</h3>\n"
    assert render_markdown("# Protokoll") == "<h1>Protokoll</h1>\n"
    deep = render_markdown("# 1\n## 2\n### 3\n#### 4\n##### 5", top_heading=4)
    assert [tag for tag in ("h4", "h5", "h6") if f"<{tag}>" in deep] == ["h4", "h5", "h6"]
    assert deep.count("<h6>") == 3  # h6 is the lowest
