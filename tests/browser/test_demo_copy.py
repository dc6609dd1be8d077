"""The browser tests' demo data, copied back from the first seeding of a process
(tests/browser/demo.py), is the demo data: the same rows, files and sequences."""

import pytest
from django.apps import apps
from django.conf import settings

from demo.data import load_demo_data
from networks.models import User
from tests.browser import demo
from tests.factories import UserFactory
from tests.helpers import needs_postgresql

pytestmark = pytest.mark.django_db(transaction=True)


def rows_per_table() -> dict[str, int]:
    models = apps.get_models(include_auto_created=True)
    return {model._meta.db_table: model._base_manager.count() for model in models}


def stored_files() -> list[tuple[str, int]]:
    """Folder and size of each stored file (the names are random)."""
    root = settings.MEDIA_ROOT
    files = (path for path in root.rglob("*") if path.is_file())
    return sorted((str(path.parent.relative_to(root)), path.stat().st_size) for path in files)


def test_the_copy_is_what_the_seed_writes(settings, tmp_path):
    needs_postgresql()
    demo.load_demo()
    copied = demo.take(demo.DEMO_DAY)
    counts, files = rows_per_table(), stored_files()
    # A change is undone by the next copy, byte for byte.
    UserFactory(email="nicht.im.demo@example.org")
    User.objects.filter(email__endswith="@example.org").update(language="en")
    demo.load_demo()
    assert demo.take(demo.DEMO_DAY).tables == copied.tables
    assert not User.objects.filter(email="nicht.im.demo@example.org").exists()
    # Each id sequence goes on after the copied ids.
    highest = max(User.objects.values_list("pk", flat=True))
    assert UserFactory().pk == highest + 1
    # A seeding from scratch writes as many rows into each table, and the same files.
    demo.empty(demo.seeded_tables())
    settings.MEDIA_ROOT = tmp_path / "fresh"
    load_demo_data(today=demo.DEMO_DAY)
    assert rows_per_table() == counts
    assert stored_files() == files
    assert sum(counts.values()) > 1000
    assert len(files) > 5
    # Every table of a model is copied but those Django fills after each flush.
    assert set(copied.tables) == set(counts) - demo.NOT_SEEDED
