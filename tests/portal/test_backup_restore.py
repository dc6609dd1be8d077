"""Backups as docs/operations/backups.md describes them (deploy/backup.sh,
deploy/restore.sh): the database with pg_dump and the stored files, restored into an
empty database and an empty folder, give the same portal: the same networks, measures
and meetings, and issued reports whose PDFs are byte for byte those that were issued.

Needs PostgreSQL (pg_dump reads a real server; set DATABASE_URL) and Pango."""

import hashlib
import json
import os
import subprocess
import sys
from pathlib import Path

import psycopg
import pytest
from django.db import connection

from events.models import Meeting
from measures.models import Measure
from networks.models import Network
from reports.models import Report
from tests.factories import FocusAreaFactory, MeasureFactory, MeetingFactory, ReportFactory
from tests.helpers import needs_pango, run_tasks

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="pg_dump and pg_restore need PostgreSQL (set DATABASE_URL)",
    ),
]
ROOT = Path(__file__).resolve().parents[2]

# What the restored portal reads back, in a process of its own.
READ_BACK = """
import hashlib, json
from events.models import Meeting
from measures.models import Measure
from networks.models import Network
from reports.models import Report
print(json.dumps({
    "networks": sorted(Network.objects.values_list("slug", flat=True)),
    "measures": sorted(Measure.objects.values_list("title", flat=True)),
    "meetings": sorted(Meeting.objects.values_list("title", flat=True)),
    "reports": {r.pk: hashlib.sha256(r.pdf.open("rb").read()).hexdigest()
                for r in Report.objects.exclude(pdf="")},
}))
"""


def url_of(name: str) -> str:
    db = connection.settings_dict
    password = f":{db['PASSWORD']}" if db["PASSWORD"] else ""
    return f"postgres://{db['USER']}{password}@{db['HOST']}:{db['PORT'] or 5432}/{name}"


def test_a_backup_restored_into_an_empty_database_is_the_same_portal(personas, tmp_path, settings):
    needs_pango()
    settings.MEDIA_ROOT = tmp_path / "media"
    area = FocusAreaFactory()
    personas.network.focus_areas.add(area)
    MeasureFactory(participation=personas.participation_a, focus_area=area, title="LED Rathaus")
    MeetingFactory(network=personas.network, title="Auftakt")
    report = ReportFactory(network=personas.network, issued_by=personas.coordinator)
    run_tasks()  # the worker makes the report's PDF
    report.refresh_from_db()
    issued = report.pdf.open("rb").read()
    assert hashlib.sha256(issued).hexdigest() == report.pdf_sha256

    name = connection.settings_dict["NAME"]
    restored = f"{name}_restored"
    admin = psycopg.connect(url_of("postgres"), autocommit=True)
    admin.execute(f'DROP DATABASE IF EXISTS "{restored}"')
    admin.execute(f'CREATE DATABASE "{restored}"')
    environ = {"PATH": os.environ["PATH"]}
    try:
        backup = subprocess.run(  # noqa: S603 (our own script)
            [str(ROOT / "deploy" / "backup.sh"), str(tmp_path / "backups")],
            env={**environ, "DATABASE_URL": url_of(name), "MEDIA_ROOT": str(tmp_path / "media")},
            capture_output=True, text=True, check=True,
        )  # fmt: skip
        folder = Path(backup.stdout.strip())
        assert {p.name for p in folder.iterdir()} == {"database.dump", "media.tar.gz"}
        restored_env = {
            **environ,
            "DATABASE_URL": url_of(restored),
            "MEDIA_ROOT": str(tmp_path / "restored-media"),
        }
        subprocess.run(  # noqa: S603 (our own script)
            [str(ROOT / "deploy" / "restore.sh"), str(folder)],
            env=restored_env, capture_output=True, text=True, check=True,
        )  # fmt: skip
        read = subprocess.run(  # noqa: S603 (our own command line)
            [sys.executable, "manage.py", "shell", "--verbosity", "0", "-c", READ_BACK],
            cwd=ROOT, env={**restored_env, "DJANGO_SETTINGS_MODULE": "portal.settings"},
            capture_output=True, text=True, check=True,
        )  # fmt: skip
    finally:
        admin.execute(f'DROP DATABASE IF EXISTS "{restored}" WITH (FORCE)')
        admin.close()
    portal = json.loads(read.stdout.strip().splitlines()[-1])
    assert portal["networks"] == sorted(Network.objects.values_list("slug", flat=True))
    assert portal["measures"] == ["LED Rathaus"]
    assert portal["meetings"] == sorted(Meeting.objects.values_list("title", flat=True))
    assert "Auftakt" in portal["meetings"]
    assert portal["reports"] == {str(report.pk): hashlib.sha256(issued).hexdigest()}
    assert Measure.objects.count() == 1 and Report.objects.count() == 1
