"""A measure's lifetime is 1 to 100 whole years (issue 31): the form's input offers
that range and answers any value outside it with the rule itself, in German, not
with Django's "≥ 0" of a positive integer; the model and the import say the same."""

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse

from measures.models import Measure
from tests.factories import MeasureFactory
from tests.helpers import refusals
from tests.measures.support import new_measure_data

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.usefixtures("module_personas", "running_networks"),
]

NEW = reverse("measure_new")
OUT_OF_RANGE = "Die Nutzungsdauer muss zwischen 1 und 100 Jahren liegen."


@pytest.fixture
def manager_a(client, world):
    client.force_login(world.climate_manager_a)
    return client


def test_the_lifetime_input_offers_1_to_100_years(manager_a):
    html = manager_a.get(NEW).content.decode()
    assert 'name="lifetime_years" min="1" max="100"' in html


@pytest.mark.parametrize("years", ["-3", "0", "101", "32768"])
def test_a_lifetime_outside_1_to_100_years_is_refused_with_the_rule(manager_a, world, years):
    response = manager_a.post(NEW, new_measure_data(world, lifetime_years=years))
    assert response.status_code == 422
    assert response.context["form"].errors["lifetime_years"] == [OUT_OF_RANGE]
    assert OUT_OF_RANGE in response.content.decode()
    assert not Measure.objects.exists()


@pytest.mark.parametrize("years", ["1", "100"])
def test_a_lifetime_of_1_to_100_years_is_saved(manager_a, world, years):
    response = manager_a.post(NEW, new_measure_data(world, lifetime_years=years))
    assert response.status_code == 302
    assert Measure.objects.get().lifetime_years == int(years)


@pytest.mark.parametrize("years", [0, 101])
def test_the_model_and_the_database_keep_the_same_rule(world, years):
    measure = MeasureFactory(participation=world.participation_a)
    measure.lifetime_years = years
    assert refusals(measure.clean) == {"lifetime_years": [OUT_OF_RANGE]}
    with pytest.raises(IntegrityError), transaction.atomic():
        Measure.objects.filter(pk=measure.pk).update(lifetime_years=years)
