"""Two confirmations of one import at the same moment (a double click, two tabs).

Needs PostgreSQL: SQLite runs one writer at a time, so the race cannot happen there
(the sequential double confirmation is tested in test_import_views.py).
"""

import threading
import time

import pytest
from django.db import connection
from django.test import Client

from measures import spreadsheets
from measures.models import ImportPreview, Measure, MeasureImport
from tests.measures.test_import_views import CONFIRM, GOOD, IMPORT, csv_file, upload

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("running_networks"),
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="concurrent requests need PostgreSQL (set DATABASE_URL); SQLite serialises them",
    ),
]


def someone_waits_for_a_lock() -> bool:
    """True once another connection waits for a row lock (polls up to 10 s)."""
    for _attempt in range(200):
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT count(*) FROM pg_stat_activity "
                "WHERE wait_event_type = 'Lock' AND datname = current_database()"
            )
            if cursor.fetchone()[0]:
                return True
        time.sleep(0.05)
    return False


def test_two_simultaneous_confirmations_import_every_measure_once(world, monkeypatch):
    browser = Client()
    browser.force_login(world.climate_manager_a)
    token = upload(browser, world, csv_file(GOOD)).context["token"]

    # The first confirmation pauses while it checks the rows, until the second one
    # has arrived and waits for the lock the first one holds.
    second_arrived = threading.Event()
    paused = []
    check_rows = spreadsheets.validate_rows

    def slow_check(*args, **kwargs):
        if not paused:
            paused.append(True)
            second_arrived.wait(timeout=10)
        return check_rows(*args, **kwargs)

    monkeypatch.setattr(spreadsheets, "validate_rows", slow_check)
    answers = {}

    def confirm(name: str) -> None:
        tab = Client()
        tab.cookies = browser.cookies  # the same session, as a double click sends
        try:
            answers[name] = tab.post(CONFIRM, {"token": token})["Location"]
        finally:
            connection.close()

    first = threading.Thread(target=confirm, args=("first",))
    first.start()
    while not paused:
        time.sleep(0.01)
    second = threading.Thread(target=confirm, args=("second",))
    second.start()
    waited = someone_waits_for_a_lock()
    second_arrived.set()
    first.join(timeout=30)
    second.join(timeout=30)

    assert Measure.objects.count() == 2
    assert answers == {
        "first": "/massnahmen/?netzwerk=netzwerk-test&sortierung=-geaendert",
        "second": IMPORT,
    }
    assert MeasureImport.objects.get().rows == 2
    assert ImportPreview.objects.get(token=token).state == "imported"
    assert waited  # the second confirmation really came while the first held the lock
