"""Documents of measures and meetings share one abstract model, one way to store and
delete them (lib.documents) and one template for their list."""

import re

import pytest
from django.conf import settings
from django.core.files.storage import default_storage
from django.db import IntegrityError, transaction
from django.urls import reverse

from events import services as events
from events.models import MeetingDocument
from lib.documents import Document
from measures.models import MeasureDocument
from measures.services import add_document, delete_document
from tests.events.support import World as MeetingWorld
from tests.factories import png_upload
from tests.measures.support import World as MeasureWorld

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("module_personas")]


def stored_files(folder: str) -> list[str]:
    root = settings.MEDIA_ROOT / folder
    return sorted(p.name for p in root.iterdir()) if root.exists() else []


@pytest.fixture
def measure(personas):
    world = MeasureWorld(personas)
    return world.measure(user=world.climate_manager_a)


@pytest.fixture
def meetings(personas) -> MeetingWorld:
    return MeetingWorld(personas)


def add_to_measure(personas, measure) -> MeasureDocument:
    return add_document(measure=measure, user=personas.climate_manager_a, upload=png_upload())


def add_to_meeting(meetings) -> MeetingDocument:
    return events.add_meeting_document(
        meeting=meetings.past, user=meetings.coordinator, upload=png_upload()
    )


def test_both_kinds_are_one_abstract_model():
    assert issubclass(MeasureDocument, Document)
    assert issubclass(MeetingDocument, Document)
    fields = ["file", "name", "content_type", "size", "uploaded_by", "uploaded_at"]
    for model in (MeasureDocument, MeetingDocument):
        assert [f.name for f in model._meta.fields if f.name in fields] == fields
    assert [c.name for c in MeasureDocument._meta.constraints] == ["measures_measuredocument_name"]
    assert [c.name for c in MeetingDocument._meta.constraints] == ["events_meetingdocument_name"]


def test_each_kind_is_stored_in_its_own_folder_under_a_random_name(personas, measure, meetings):
    for document, folder in (
        (add_to_measure(personas, measure), "massnahmen"),
        (add_to_meeting(meetings), "treffen"),
    ):
        assert re.fullmatch(rf"{folder}/[0-9a-f]{{32}}\.png", document.file.name)
        assert (document.name, document.content_type) == ("foto.png", "image/png")
        assert stored_files(folder) == [document.file.name.removeprefix(f"{folder}/")]


def test_each_kind_links_to_its_download_and_delete_views(personas, measure, meetings):
    document = add_to_measure(personas, measure)
    assert document.get_absolute_url() == reverse(
        "measure_document", args=[measure.pk, document.pk]
    )
    assert document.get_delete_url() == reverse(
        "measure_document_delete", args=[measure.pk, document.pk]
    )
    attachment = add_to_meeting(meetings)
    assert attachment.get_delete_url() == reverse(
        "meeting_document_delete", args=[meetings.past.pk, attachment.pk]
    )


@pytest.mark.parametrize("kind", ["measure", "meeting"])
def test_a_row_that_cannot_be_saved_leaves_no_file(personas, measure, meetings, kind, monkeypatch):
    model, folder = {
        "measure": (MeasureDocument, "massnahmen"),
        "meeting": (MeetingDocument, "treffen"),
    }[kind]

    def refuse(self, *args, **kwargs):
        raise IntegrityError("refused")

    monkeypatch.setattr(model, "save", refuse)
    with pytest.raises(IntegrityError):
        if kind == "measure":
            add_to_measure(personas, measure)
        else:
            add_to_meeting(meetings)
    assert stored_files(folder) == []


@pytest.mark.parametrize("kind", ["measure", "meeting"])
def test_the_file_goes_only_once_the_deletion_is_committed(
    personas, measure, meetings, kind, django_capture_on_commit_callbacks
):
    document = add_to_measure(personas, measure) if kind == "measure" else add_to_meeting(meetings)
    model, pk, name = type(document), document.pk, document.file.name

    def delete():
        fresh = model.objects.get(pk=pk)
        if kind == "measure":
            delete_document(document=fresh, user=personas.climate_manager_a)
        else:
            events.delete_meeting_document(document=fresh, user=meetings.coordinator)

    # A deletion rolled back keeps the row and its file.
    with pytest.raises(RuntimeError), transaction.atomic():
        delete()
        raise RuntimeError("rolled back")
    assert model.objects.filter(pk=pk).exists()
    assert default_storage.exists(name)

    with django_capture_on_commit_callbacks(execute=True):
        delete()
    assert not model.objects.filter(pk=pk).exists()
    assert not default_storage.exists(name)


def test_both_pages_list_documents_with_the_same_template(client, personas, measure, meetings):
    add_to_measure(personas, measure)
    attachment = add_to_meeting(meetings)
    client.force_login(personas.coordinator)
    for url in (measure.get_absolute_url(), meetings.past.get_absolute_url()):
        response = client.get(url)
        assert "includes/documents.html" in [t.name for t in response.templates]
    html = client.get(meetings.past.get_absolute_url()).content.decode()
    assert f'action="{attachment.get_delete_url()}"' in html
