"""The demo data as a test process's later modules get it: copied back from the first
seeding (`seeded_once` in tests/conftest.py, tests/browser/demo.py), on SQLite as on
PostgreSQL: the same rows, and new ids after the copied ones."""

import pytest
from django.utils import timezone

from networks.models import User
from tests.browser import demo
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_a_copy_put_back_undoes_every_change(demo_seed, settings):
    settings.MEDIA_ROOT.mkdir(parents=True)  # the seed's files are elsewhere; rows here
    copied = demo.take(timezone.localdate())
    assert copied.tables["networks_network"], "the seed wrote networks"
    UserFactory(email="nicht.im.demo@example.org")
    User.objects.filter(email__endswith="@example.org").update(language="en")
    demo.restore(copied)
    assert demo.take(timezone.localdate()).tables == copied.tables
    assert not User.objects.filter(email="nicht.im.demo@example.org").exists()
    # New ids go on after the copied ones (SQLite's after every id it ever gave).
    highest = max(User.objects.values_list("pk", flat=True))
    assert UserFactory().pk > highest
