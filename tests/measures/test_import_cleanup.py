import datetime
import io
import os

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import timezone

from measures.models import ImportPreview

pytestmark = pytest.mark.django_db


def preview(world, hours_ago: float, state: str = "pending") -> ImportPreview:
    return ImportPreview.objects.create(
        token=f"{state}-{hours_ago}",
        network=world.network,
        user=world.climate_manager_a,
        file_name="liste.csv",
        rows=[[2, {"Titel": "Dach"}]] if state == "pending" else [],
        state=state,
        created_at=timezone.now() - datetime.timedelta(hours=hours_ago),
    )


def old_file(settings, name: str, hours_ago: float):
    """A file an earlier version of the portal kept for a preview and never deleted."""
    folder = settings.MEDIA_ROOT / "importe"
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_bytes(b"Kommune;Titel\r\n")
    moment = (timezone.now() - datetime.timedelta(hours=hours_ago)).timestamp()
    os.utime(path, (moment, moment))
    return path


def clean(*args) -> str:
    out = io.StringIO()
    call_command("clean_imports", *args, stdout=out)
    return out.getvalue()


def test_previews_and_files_older_than_a_day_are_deleted(world, settings):
    preview(world, 25)
    preview(world, 30, "imported")
    preview(world, 48, "cancelled")
    fresh = preview(world, 1)
    stale_file = old_file(settings, "abc.csv", 25)
    fresh_file = old_file(settings, "def.xlsx", 1)

    assert clean() == "3 Import-Vorschauen und 1 Dateien gelöscht.\n"

    assert list(ImportPreview.objects.all()) == [fresh]
    assert (stale_file.exists(), fresh_file.exists()) == (False, True)


def test_a_dry_run_only_counts(world, settings):
    preview(world, 25)
    stale_file = old_file(settings, "abc.csv", 25)

    assert clean("--dry-run") == ("Probelauf: 1 Import-Vorschauen und 1 Dateien würden gelöscht.\n")

    assert ImportPreview.objects.count() == 1
    assert stale_file.exists()


def test_the_age_is_an_option(world, settings):
    preview(world, 3)
    kept = preview(world, 1)
    assert clean("--older-than-hours", "2") == "1 Import-Vorschauen und 0 Dateien gelöscht.\n"
    assert list(ImportPreview.objects.all()) == [kept]


def test_the_age_must_be_at_least_an_hour(world):
    with pytest.raises(CommandError, match="--older-than-hours muss mindestens 1 sein."):
        clean("--older-than-hours", "0")
