"""Services that write a meeting's record check who calls them, not only the views.

Each is called as people who may read the meeting but not moderate it (a climate
manager, the funder), and as the other organisation's coordinator: every call is
refused and nothing changes. The moderators' own calls are covered by the tests of
each feature.
"""

import datetime

import pytest
from django.core.exceptions import PermissionDenied

from events import services
from events.models import ActionItem, AgendaItem, Decision, Meeting, Minutes
from tests.factories import png_upload

# The personas are made once for this module (see `module_personas` in tests/conftest.py).
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("module_personas")]

NOT_MODERATORS = ["climate_manager_a", "funder", "other_coordinator", "foreign_climate_manager"]


def calls(world):
    """(name, call) for every writing service, with objects of the world's meetings."""
    past, upcoming = world.past, world.upcoming
    item = AgendaItem.objects.create(meeting=upcoming, position=1, title="Begrüßung")
    decision = Decision.objects.create(meeting=past, text="Nächstes Treffen im Mai")
    action = ActionItem.objects.create(
        meeting=past, text="Angebote einholen", responsible_municipality=world.municipality_a,
        due_on=datetime.date(2030, 1, 1),
    )  # fmt: skip
    document = services.add_meeting_document(
        meeting=past, user=world.coordinator, upload=png_upload()
    )
    return {
        "update_meeting": lambda user: services.update_meeting(
            meeting=upcoming, user=user, base_sequence=upcoming.sequence
        ),
        "cancel_meeting": lambda user: services.cancel_meeting(meeting=upcoming, user=user),
        "add_agenda_item": lambda user: services.add_agenda_item(
            item=AgendaItem(meeting=upcoming, title="Neu"), user=user
        ),
        "update_agenda_item": lambda user: services.update_agenda_item(
            item=item, user=user, base_version=item.version
        ),
        "remove_agenda_item": lambda user: services.remove_agenda_item(item=item, user=user),
        "move_agenda_item": lambda user: services.move_agenda_item(item=item, user=user, up=True),
        "record_attendance": lambda user: services.record_attendance(
            meeting=past, user=user, attended=[], guests=[("Gast", None)]
        ),
        "save_minutes": lambda user: services.save_minutes(
            meeting=past, user=user, text="Entwurf", base_version=0
        ),
        "finalise_minutes": lambda user: services.finalise_minutes(meeting=past, user=user),
        "add_decision": lambda user: services.add_decision(
            decision=Decision(meeting=past, text="Neu"), user=user
        ),
        "delete_decision": lambda user: services.delete_decision(decision=decision, user=user),
        "add_action_item": lambda user: services.add_action_item(
            item=ActionItem(
                meeting=past, text="Neu", responsible_person=user, due_on=datetime.date(2030, 1, 1)
            ),
            user=user,
        ),
        "delete_action_item": lambda user: services.delete_action_item(item=action, user=user),
        "add_meeting_document": lambda user: services.add_meeting_document(
            meeting=past, user=user, upload=png_upload()
        ),
        "delete_meeting_document": lambda user: services.delete_meeting_document(
            document=document, user=user
        ),
    }


def record(world) -> dict:
    """What the services above could change, to compare before and after."""
    return {
        "meetings": sorted(Meeting.objects.values_list("pk", "status", "sequence", "title")),
        "agenda": sorted(AgendaItem.objects.values_list("pk", "position", "title", "version")),
        "attendance": world.past.attendances.count(),
        "minutes": Minutes.objects.count(),
        "decisions": sorted(Decision.objects.values_list("pk", "text")),
        "actions": sorted(ActionItem.objects.values_list("pk", "text")),
        "documents": world.past.documents.count(),
    }


SERVICES = [
    "update_meeting", "cancel_meeting", "add_agenda_item", "update_agenda_item",
    "remove_agenda_item", "move_agenda_item", "record_attendance", "save_minutes",
    "finalise_minutes", "add_decision", "delete_decision", "add_action_item",
    "delete_action_item", "add_meeting_document", "delete_meeting_document",
]  # fmt: skip


@pytest.mark.parametrize("persona", NOT_MODERATORS)
@pytest.mark.parametrize("service", SERVICES)
def test_a_writing_service_refuses_people_who_do_not_moderate(world, service, persona):
    call = calls(world)[service]
    before = record(world)
    with pytest.raises(PermissionDenied):
        call(getattr(world, persona))
    assert record(world) == before


def test_every_writing_service_is_listed(world):
    assert sorted(calls(world)) == sorted(SERVICES)
