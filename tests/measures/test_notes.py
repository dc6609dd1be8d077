import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from measures.models import Measure

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.usefixtures("module_personas", "running_networks"),
]


@pytest.fixture
def measure(client, world):
    client.force_login(world.climate_manager_a)
    return world.measure(user=world.climate_manager_a)


def note_url(measure):
    return reverse("measure_note_add", args=[measure.pk])


def test_a_note_is_saved_with_author_and_date(client, world, measure):
    response = client.post(note_url(measure), {"date": "2024-03-01", "text": " Angebote da. "})
    assert response.status_code == 302
    assert response["Location"] == reverse("measure", args=[measure.pk])
    note = measure.notes.get()
    assert (note.author, note.date, note.text) == (
        world.climate_manager_a,
        datetime.date(2024, 3, 1),
        "Angebote da.",
    )


def test_notes_are_shown_newest_first(client, world, measure):
    client.post(note_url(measure), {"date": "2024-03-01", "text": "Angebote eingeholt."})
    client.post(note_url(measure), {"date": "2024-05-15", "text": "Auftrag vergeben."})
    client.post(note_url(measure), {"date": "2024-01-10", "text": "Planung begonnen."})
    html = client.get(reverse("measure", args=[measure.pk])).content.decode()
    positions = [
        html.index(text)
        for text in ("Auftrag vergeben.", "Angebote eingeholt.", "Planung begonnen.")
    ]
    assert positions == sorted(positions)
    assert f'<time datetime="2024-05-15">15.05.2024</time> · {world.climate_manager_a.name}' in html


def test_an_empty_note_is_refused_in_german(client, measure):
    response = client.post(note_url(measure), {"date": "2024-03-01", "text": "   "})
    assert response.status_code == 422
    assert response.context["note_form"].errors["text"] == ["Bitte einen Text eingeben."]
    assert measure.notes.count() == 0


def test_an_empty_note_by_htmx_returns_the_notes_section_with_the_error(client, measure):
    response = client.post(
        note_url(measure), {"date": "2024-03-01", "text": ""}, HTTP_HX_REQUEST="true"
    )
    html = response.content.decode().strip()
    assert response.status_code == 422
    assert html.startswith('<section id="notes"')
    assert "Bitte einen Text eingeben." in html
    assert "zwingend erforderlich" not in html


def test_a_note_counts_as_an_update_so_the_measure_is_no_longer_stale(client, world, measure):
    long_ago = timezone.now() - datetime.timedelta(days=400)
    Measure.objects.filter(pk=measure.pk).update(updated_at=long_ago)
    now = timezone.now()
    assert list(Measure.objects.stale(now)) == [measure]

    client.post(note_url(measure), {"date": "2024-03-01", "text": "Weiter geht's."})

    assert Measure.objects.get(pk=measure.pk).updated_at > long_ago + datetime.timedelta(days=399)
    assert list(Measure.objects.stale(timezone.now())) == []
