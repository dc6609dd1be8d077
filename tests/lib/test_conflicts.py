"""Edit conflicts have one mechanism (lib.conflicts): an integer version the form
was loaded with, compared under a lock, and one exception for every kind of object."""

import pytest
from django import forms
from django.core.exceptions import ValidationError
from django.db import transaction

from events import services as events
from events.models import AgendaItem, Meeting, Minutes
from lib.conflicts import EditConflict, check_version, conflict_response
from measures.forms import MeasureForm
from measures.models import Measure
from measures.services import save_measure, update_measure
from networks.forms import NetworkForm
from networks.models import Network, Prospect
from networks.recruitment import save_prospect
from networks.services import update_network
from tests.events.support import World as MeetingWorld
from tests.measures.support import World as MeasureWorld
from tests.measures.support import form_data
from tests.portal.test_network_edit import form_data as network_form_data

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("module_personas")]


class Thing:
    updated_at = None


def test_check_version_lets_the_loaded_version_pass():
    assert check_version(3, 3, current=Thing()) is None


def test_check_version_refuses_an_older_version_with_the_object_as_it_is_now():
    thing = Thing()
    with pytest.raises(EditConflict) as excinfo:
        check_version(4, 3, current=thing)
    assert isinstance(excinfo.value, ValidationError)
    assert excinfo.value.code == "conflict"
    assert excinfo.value.current is thing
    assert (excinfo.value.base, excinfo.value.changes) == (None, [])
    assert excinfo.value.message.startswith("Jemand hat das inzwischen geändert (")


def test_check_version_builds_an_objects_own_conflict_only_when_there_is_one():
    built = []

    def conflict(current, loaded_version):
        built.append(loaded_version)
        return EditConflict("Anders", current=current)

    check_version(2, 2, current=Thing(), conflict=conflict)
    assert built == []
    with pytest.raises(EditConflict) as excinfo:
        check_version(2, None, current=Thing(), conflict=conflict)
    assert (built, excinfo.value.message) == ([None], "Anders")


@pytest.fixture
def meetings(personas) -> MeetingWorld:
    return MeetingWorld(personas)


def test_a_meeting_edit_conflict(meetings):
    meeting = meetings.upcoming
    events.update_meeting(meeting=meeting, user=meetings.coordinator, base_sequence=0)
    with pytest.raises(EditConflict) as excinfo:
        events.update_meeting(meeting=meeting, user=meetings.coordinator, base_sequence=0)
    assert excinfo.value.current.sequence == 1


def test_an_agenda_item_edit_conflict(meetings):
    item = AgendaItem.objects.create(meeting=meetings.upcoming, position=1, title="Begrüßung")
    with pytest.raises(EditConflict) as excinfo:
        events.update_agenda_item(item=item, user=meetings.coordinator, base_version=0)
    assert excinfo.value.current.version == 1
    assert excinfo.value.message.startswith("Jemand hat diesen Tagesordnungspunkt")


def test_a_minutes_edit_conflict(meetings):
    events.save_minutes(meeting=meetings.past, user=meetings.coordinator, text="A", base_version=0)
    with pytest.raises(EditConflict) as excinfo:
        events.save_minutes(
            meeting=meetings.past, user=meetings.coordinator, text="B", base_version=0
        )
    assert excinfo.value.current == Minutes.objects.get()
    assert excinfo.value.current.version == 1


@pytest.mark.usefixtures("running_networks")
def test_a_measure_edit_conflict(personas):
    world = MeasureWorld(personas)
    measure = world.measure(user=world.climate_manager_a)
    loaded = Measure.objects.get(pk=measure.pk)
    form = MeasureForm(
        form_data(MeasureForm(instance=loaded, user=world.climate_manager_a), title="Meins"),
        instance=loaded,
        user=world.climate_manager_a,
    )
    assert form.is_valid(), form.errors
    Measure.objects.filter(pk=measure.pk).update(version=2)
    with pytest.raises(EditConflict) as excinfo:
        update_measure(
            measure=form.instance,
            user=world.climate_manager_a,
            base_version=form.cleaned_data["version"],
        )
    assert excinfo.value.current.version == 2


def test_every_save_of_a_network_raises_its_version(personas):
    network = Network.objects.get(pk=personas.network.pk)
    assert network.version == 1
    network.contact_name = "Zweite Person"
    network.save()
    network.save(update_fields=["contact_name", "updated_at"])
    assert Network.objects.get(pk=network.pk).version == 3
    # A save of some fields without the change time leaves the version, as it left
    # updated_at (the demo data's description, for example).
    network.save(update_fields=["description"])
    assert Network.objects.get(pk=network.pk).version == 3


def test_the_network_form_carries_the_version(personas):
    network = Network.objects.get(pk=personas.network.pk)
    network.save()
    assert NetworkForm(instance=network).initial["version"] == 2


def test_a_network_edit_conflict(personas):
    loaded = Network.objects.get(pk=personas.network.pk)
    form = NetworkForm(network_form_data(loaded, contact_name="Erste Person"), instance=loaded)
    assert form.is_valid(), form.errors
    Network.objects.get(pk=loaded.pk).save()
    with pytest.raises(EditConflict) as excinfo:
        save_network_form(form, personas.coordinator)
    assert excinfo.value.current.version == 2
    assert excinfo.value.message.startswith("Das Netzwerk wurde inzwischen geändert (")
    assert Network.objects.get(pk=loaded.pk).contact_name == ""


def test_a_network_edit_on_the_current_version_saves_and_raises_it(personas):
    loaded = Network.objects.get(pk=personas.network.pk)
    form = NetworkForm(network_form_data(loaded, contact_name="Erste Person"), instance=loaded)
    assert form.is_valid(), form.errors
    save_network_form(form, personas.coordinator)
    network = Network.objects.get(pk=loaded.pk)
    assert (network.contact_name, network.version) == ("Erste Person", 2)


def save_network_form(form, user):
    return update_network(
        network=form.instance,
        user=user,
        base_version=form.cleaned_data["version"],
        focus_areas=form.cleaned_data["focus_areas"],
        service_providers=form.cleaned_data["service_providers"],
    )


# Every kind of object two people may edit at once, through its own service: `make`
# gives its pk, `edit` saves `value` from a fresh load based on `version`, `stored`
# reads the value and the version back.


class Kind:
    user = "coordinator"

    def __init__(self, world):
        self.world = world

    def edit(self, pk: int, value: str, version: int) -> None:
        raise NotImplementedError


class NetworkKind(Kind):
    def make(self) -> int:
        return self.world.network.pk

    def edit(self, pk, value, version):
        network = Network.objects.get(pk=pk)
        network.contact_name = value
        update_network(
            network=network,
            user=self.world.coordinator,
            base_version=version,
            focus_areas=list(network.focus_areas.all()),
            service_providers=list(network.service_providers.all()),
        )

    def stored(self, pk):
        network = Network.objects.get(pk=pk)
        return network.contact_name, network.version


class MeasureKind(Kind):
    def make(self):
        measure = Measure(
            participation=self.world.participation_a,
            focus_area=self.world.buildings,
            title="Heizungstausch Rathaus",
        )
        return save_measure(measure=measure, user=self.world.climate_manager_a).pk

    def edit(self, pk, value, version):
        measure = Measure.objects.get(pk=pk)
        measure.title = value
        update_measure(measure=measure, user=self.world.climate_manager_a, base_version=version)

    def stored(self, pk):
        measure = Measure.objects.get(pk=pk)
        return measure.title, measure.version


class MeetingKind(Kind):
    def make(self):
        return self.world.upcoming.pk

    def edit(self, pk, value, version):
        meeting = Meeting.objects.get(pk=pk)
        meeting.title = value
        events.update_meeting(meeting=meeting, user=self.world.coordinator, base_sequence=version)

    def stored(self, pk):
        meeting = Meeting.objects.get(pk=pk)
        return meeting.title, meeting.sequence


class AgendaItemKind(Kind):
    def make(self):
        return AgendaItem.objects.create(meeting=self.world.upcoming, position=1, title="Start").pk

    def edit(self, pk, value, version):
        item = AgendaItem.objects.get(pk=pk)
        item.title = value
        events.update_agenda_item(item=item, user=self.world.coordinator, base_version=version)

    def stored(self, pk):
        item = AgendaItem.objects.get(pk=pk)
        return item.title, item.version


class MinutesKind(Kind):
    def make(self):
        meeting = self.world.past
        events.save_minutes(meeting=meeting, user=self.world.coordinator, text="A", base_version=0)
        return meeting.pk

    def edit(self, pk, value, version):
        meeting = Meeting.objects.get(pk=pk)
        events.save_minutes(
            meeting=meeting, user=self.world.coordinator, text=value, base_version=version
        )

    def stored(self, pk):
        minutes = Minutes.objects.get(meeting=pk)
        return minutes.text, minutes.version


class ProspectKind(Kind):
    def make(self):
        prospect = Prospect(
            network=self.world.network,
            municipality=self.world.municipality_c,
            approached_on=self.world.network.term_start,
        )
        return save_prospect(prospect=prospect, user=self.world.coordinator).pk

    def edit(self, pk, value, version):
        prospect = Prospect.objects.get(pk=pk)
        prospect.notes = value
        save_prospect(prospect=prospect, user=self.world.coordinator, base_version=version)

    def stored(self, pk):
        prospect = Prospect.objects.get(pk=pk)
        return prospect.notes, prospect.version


KINDS = [NetworkKind, MeasureKind, MeetingKind, AgendaItemKind, MinutesKind, ProspectKind]


@pytest.mark.parametrize("kind", KINDS, ids=lambda kind: kind.__name__)
def test_two_saves_from_the_same_version_the_second_is_refused_and_nothing_is_overwritten(
    meetings, kind
):
    kind = kind(meetings)
    pk = kind.make()
    _value, loaded = kind.stored(pk)
    kind.edit(pk, "Von der ersten", loaded)
    with pytest.raises(EditConflict) as excinfo:
        kind.edit(pk, "Von der zweiten", loaded)
    assert kind.stored(pk) == ("Von der ersten", loaded + 1)
    assert excinfo.value.version == loaded + 1  # what a form shown again is based on
    # Based on the version the refusal named, the second save goes through.
    kind.edit(pk, "Von der zweiten, bewusst", excinfo.value.version)
    assert kind.stored(pk) == ("Von der zweiten, bewusst", loaded + 2)


# The model side: Versioned raises the version on save.


def test_every_save_of_a_meeting_raises_its_sequence(meetings):
    meeting = Meeting.objects.get(pk=meetings.upcoming.pk)
    assert meeting.sequence == 0
    meeting.save()
    meeting.save(update_fields=["title", "updated_at"])
    assert Meeting.objects.get(pk=meeting.pk).sequence == 2
    # Bookkeeping without the change time leaves it, as it leaves updated_at.
    meeting.save(update_fields=["reminded_at"])
    assert Meeting.objects.get(pk=meeting.pk).sequence == 2


def test_a_save_naming_the_version_raises_it_and_writes_only_the_fields_named(meetings):
    item = AgendaItem.objects.create(meeting=meetings.upcoming, position=1, title="Start")
    assert item.version == 1  # a new object is saved at its first version
    AgendaItem.objects.filter(pk=item.pk).update(title="Anders")  # not seen by `item`
    item.position = 2
    item.save(update_fields=["position", "version"])
    stored = AgendaItem.objects.get(pk=item.pk)
    assert (stored.position, stored.title, stored.version) == (2, "Anders", 2)
    item.position = 3
    item.save(update_fields=["position"])
    stored = AgendaItem.objects.get(pk=item.pk)
    assert (stored.position, stored.version) == (3, 2)


def test_lock_for_edit_bases_the_save_on_the_stored_version(meetings):
    loaded = Meeting.objects.get(pk=meetings.upcoming.pk)
    Meeting.objects.filter(pk=loaded.pk).update(sequence=5, title="Inzwischen")
    with transaction.atomic():
        current = loaded.lock_for_edit(5)
        loaded.save()
    assert (current.title, current.sequence) == ("Inzwischen", 5)
    stored = Meeting.objects.get(pk=loaded.pk)
    assert (stored.title, stored.sequence) == ("5. Netzwerktreffen", 6)


def test_lock_for_edit_refuses_another_version_and_leaves_the_object_as_it_was(meetings):
    loaded = Meeting.objects.get(pk=meetings.upcoming.pk)
    Meeting.objects.filter(pk=loaded.pk).update(sequence=5, title="Inzwischen")
    with pytest.raises(EditConflict) as excinfo, transaction.atomic():
        loaded.lock_for_edit(4)
    assert (excinfo.value.current.title, excinfo.value.version) == ("Inzwischen", 5)
    assert loaded.sequence == 0
    assert Meeting.objects.get(pk=loaded.pk).sequence == 5


def test_check_version_names_the_current_version_on_the_conflict():
    with pytest.raises(EditConflict) as excinfo:
        check_version(4, 3, current=Thing())
    assert excinfo.value.version == 4


def test_minutes_not_yet_written_are_at_version_0(meetings):
    with pytest.raises(EditConflict) as excinfo:
        events.save_minutes(
            meeting=meetings.past, user=meetings.coordinator, text="A", base_version=1
        )
    assert (excinfo.value.version, Minutes.objects.count()) == (0, 0)
    minutes = events.save_minutes(
        meeting=meetings.past, user=meetings.coordinator, text="A", base_version=0
    )
    assert minutes.version == 1


# The view side: conflict_response.


class TitleForm(forms.Form):
    title = forms.CharField()
    version = forms.IntegerField(widget=forms.HiddenInput)


@pytest.fixture
def conflict_page(settings):
    template = "{{ form.non_field_errors.0 }}|{{ form.data.title }}|{{ form.data.version }}|"
    template += "{{ conflict.current.title }}|{{ shown }}"
    settings.TEMPLATES = [
        {
            "BACKEND": "django.template.backends.django.DjangoTemplates",
            "OPTIONS": {
                "loaders": [("django.template.loaders.locmem.Loader", {"page.html": template})]
            },
        }
    ]
    return "page.html"


def refused(request, current, **kwargs):
    form = TitleForm(request.POST)
    assert form.is_valid()
    conflict = EditConflict("Anders gespeichert", current=current)
    conflict.version = 7
    context = {"form": form, "shown": "Seite"}
    return conflict_response(request, "page.html", context, form=form, conflict=conflict, **kwargs)


def test_the_refused_form_answers_409_with_the_current_state_on_the_current_version(
    rf, conflict_page
):
    current = Thing()
    current.title = "Ihr Titel"
    response = refused(rf.post("/", {"title": "Mein Titel", "version": "6"}), current)
    assert response.status_code == 409
    assert response.content.decode() == "Anders gespeichert|Mein Titel|7|Ihr Titel|Seite"


def test_the_refused_form_may_keep_the_version_it_was_loaded_with(rf, conflict_page):
    current = Thing()
    current.title = "Ihr Titel"
    request = rf.post("/", {"title": "Mein Titel", "version": "6"})
    response = refused(request, current, keep_loaded_version=True)
    assert response.status_code == 409
    assert response.content.decode() == "Anders gespeichert|Mein Titel|6|Ihr Titel|Seite"


def test_a_form_built_again_by_the_view_is_shown_as_it_is(rf, conflict_page):
    current = Thing()
    current.title = "Ihr Titel"
    form = TitleForm({"title": "Zusammengeführt", "version": "7"})
    conflict = EditConflict("Anders gespeichert", current=current)
    response = conflict_response(
        rf.post("/"), "page.html", {"form": form, "shown": "Seite"}, conflict=conflict
    )
    assert response.status_code == 409
    assert response.content.decode() == "|Zusammengeführt|7|Ihr Titel|Seite"
