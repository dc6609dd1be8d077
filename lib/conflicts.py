"""Edit conflicts: one mechanism for every object that two people may edit at once.

Such an object has an integer version (a meeting's iCalendar `sequence`, `version`
elsewhere) that each save raises by one. An edit form carries the version it was
loaded with; the service locks the row, calls `check_version` and saves nothing if
the version moved on meanwhile. Views answer an `EditConflict` with 409 and the
object as it is now, so nobody overwrites a change they have not seen.
"""

from collections.abc import Callable
from typing import Any

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _


class EditConflict(ValidationError):
    """Somebody saved the object after the form was loaded; nothing was saved.
    `current` is the object as it is now; `base` (the object as it was loaded) and
    `changes` (what changed since) are there where the object keeps a history."""

    def __init__(
        self, message: str | None = None, *, current: Any, base: Any = None, changes=()
    ) -> None:
        super().__init__(message or changed_by_someone(current.updated_at), code="conflict")
        self.current = current
        self.base = base
        self.changes = list(changes)


def changed_by_someone(when) -> str:
    return _(
        "Jemand hat das inzwischen geändert (%(when)s). Ihre Änderungen sind noch nicht "
        "gespeichert: Bitte prüfen Sie den aktuellen Stand und speichern Sie erneut."
    ) % {"when": when_text(when)}


def when_text(when) -> str:
    """A change's time as conflict messages show it: local, short date and time."""
    return date_format(timezone.localtime(when), "SHORT_DATETIME_FORMAT")


def check_version(
    current_version: int,
    loaded_version: int | None,
    *,
    current: Any,
    conflict: Callable[[Any, int | None], EditConflict] | None = None,
) -> None:
    """Raise an EditConflict unless the object (locked by the caller) is still at the
    version the form was loaded with. `conflict(current, loaded_version)` builds the
    exception where an object says more than the default message (who changed what);
    it is called only on a conflict."""
    if current_version == loaded_version:
        return
    if conflict is not None:
        raise conflict(current, loaded_version)
    raise EditConflict(current=current)
