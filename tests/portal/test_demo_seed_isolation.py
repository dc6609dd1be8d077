"""The demo data loaded once per module (`demo_seed` in tests/conftest.py) is the same
for every test: what one test writes is rolled back before the next one runs."""

import pytest

from measures.models import Measure
from networks.models import Organisation

pytestmark = pytest.mark.django_db

# The demo's measures in all its networks.
DEMO_MEASURES = 83


def test_a_test_changes_the_demo_data(demo_seed):
    assert Measure.objects.count() == DEMO_MEASURES
    Measure.objects.all().delete()
    Organisation.objects.create(name="Nur in diesem Test")
    assert Measure.objects.count() == 0


def test_the_next_test_finds_the_demo_data_as_loaded(demo_seed):
    assert Measure.objects.count() == DEMO_MEASURES
    assert not Organisation.objects.filter(name="Nur in diesem Test").exists()
