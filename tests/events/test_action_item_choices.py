"""Who an action item may be given to: the network's climate managers and the people
who may moderate its meetings (User.objects.moderators_of, the one home of that rule;
issue 30)."""

import pytest

from events.forms import ActionItemForm

pytestmark = pytest.mark.django_db


def choices(world) -> list[str]:
    form = ActionItemForm(meeting=world.upcoming)
    return [person.email for person in form.fields["responsible_person"].queryset]


def by_name(*people) -> list[str]:
    return [person.email for person in sorted(people, key=lambda p: (p.name, p.email))]


def test_action_items_go_to_climate_managers_coordinators_and_service_providers(world):
    assert choices(world) == by_name(
        world.climate_manager_a, world.climate_manager_b, world.coordinator,
        world.service_provider,
    )  # fmt: skip


def test_a_deactivated_moderator_gets_no_action_item(world):
    world.service_provider.is_active = False
    world.service_provider.save()
    assert choices(world) == by_name(
        world.climate_manager_a, world.climate_manager_b, world.coordinator
    )
