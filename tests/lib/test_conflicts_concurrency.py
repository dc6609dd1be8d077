"""Two saves of one object at the same moment, both from the version the form was
loaded with (two people, or one double click): the first saves, the second waits for
the row lock the first holds, then finds the version raised and is refused.

Needs PostgreSQL: SQLite runs one writer at a time, so the race cannot happen there
(the same two saves one after the other are tested in test_conflicts.py).
"""

import threading

import pytest
from django.db import connection

from lib.conflicts import EditConflict, Versioned
from tests.events.support import World
from tests.lib.test_conflicts import KINDS
from tests.measures.test_import_concurrency import someone_waits_for_a_lock

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="concurrent saves need PostgreSQL (set DATABASE_URL); SQLite serialises them",
    ),
]


@pytest.mark.parametrize("kind", KINDS, ids=lambda kind: kind.__name__)
def test_two_saves_at_once_from_the_same_version_one_is_refused(personas, monkeypatch, kind):
    kind = kind(World(personas))
    pk = kind.make()
    _value, loaded = kind.stored(pk)

    # The first save pauses with the row locked, just before it writes, until the
    # second one waits for that lock.
    locked, go_on = threading.Event(), threading.Event()
    save = Versioned.save

    def slow_save(self, *args, **kwargs):
        if threading.current_thread().name == "first" and not locked.is_set():
            locked.set()
            go_on.wait(timeout=10)
        return save(self, *args, **kwargs)

    monkeypatch.setattr(Versioned, "save", slow_save)
    outcomes = {}

    def edit(value: str) -> None:
        name = threading.current_thread().name
        try:
            kind.edit(pk, value, loaded)
            outcomes[name] = "saved"
        except EditConflict as conflict:
            outcomes[name] = ("refused", conflict.version)
        finally:
            connection.close()

    first = threading.Thread(target=edit, args=("Von der ersten",), name="first")
    first.start()
    assert locked.wait(timeout=10)
    second = threading.Thread(target=edit, args=("Von der zweiten",), name="second")
    second.start()
    waited = someone_waits_for_a_lock()
    go_on.set()
    first.join(timeout=30)
    second.join(timeout=30)

    assert outcomes == {"first": "saved", "second": ("refused", loaded + 1)}
    assert kind.stored(pk) == ("Von der ersten", loaded + 1)
    assert waited  # the second save really came while the first held the lock
