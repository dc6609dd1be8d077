"""Edit conflicts: one mechanism for every object that two people may edit at once.

Such an object has an integer version (a meeting's iCalendar `sequence`, `version`
elsewhere) that each save raises by one. Its model takes `Versioned`, whose `save`
raises the version, so no service counts it up by hand. An edit form carries the
version it was loaded with; the service, in a transaction, locks the row and checks
that version (`Versioned.lock_for_edit`, or `check_edit` where it has locked the row
itself) before it saves: a save based on a version that moved on meanwhile raises
`EditConflict` and saves nothing. As the check and the save happen under one row lock,
two saves from the same version never both succeed: the second waits for the first
and then finds the version raised. Views answer an `EditConflict` with
`conflict_response`: 409 and the refused form with the object as it is now, so nobody
overwrites a change they have not seen.
"""

from collections.abc import Callable
from typing import Any, ClassVar, Self

from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _


class EditConflict(ValidationError):
    """Somebody saved the object after the form was loaded; nothing was saved.
    `current` is the object as it is now and `version` its version, which a form shown
    again is based on; `base` (the object as it was loaded) and `changes` (what changed
    since) are there where the object keeps a history."""

    def __init__(
        self, message: str | None = None, *, current: Any, base: Any = None, changes=()
    ) -> None:
        super().__init__(message or changed_by_someone(current.updated_at), code="conflict")
        self.current = current
        self.base = base
        self.changes = list(changes)
        self.version: int | None = None  # set by check_version


def changed_by_someone(when) -> str:
    return _(
        "Jemand hat das inzwischen geändert (%(when)s). Ihre Änderungen sind noch nicht "
        "gespeichert: Bitte prüfen Sie den aktuellen Stand und speichern Sie erneut."
    ) % {"when": when_text(when)}


def when_text(when) -> str:
    """A change's time as conflict messages show it: local, short date and time."""
    return date_format(timezone.localtime(when), "SHORT_DATETIME_FORMAT")


Conflict = Callable[[Any, int | None], EditConflict]


def check_version(
    current_version: int,
    loaded_version: int | None,
    *,
    current: Any,
    conflict: Conflict | None = None,
) -> None:
    """Raise an EditConflict unless the object (locked by the caller) is still at the
    version the form was loaded with. `conflict(current, loaded_version)` builds the
    exception where an object says more than the default message (who changed what);
    it is called only on a conflict."""
    if current_version == loaded_version:
        return
    if conflict is not None:
        error = conflict(current, loaded_version)
    else:
        error = EditConflict(current=current)
    error.version = current_version
    raise error


class Versioned:
    """For a model that two people may edit at once: every save raises its version
    (the integer field `version_field`) by one, except a save of chosen fields that
    leaves out both the change time and the version (the demo's description, an agenda
    item moved one place to close a gap): such a save is bookkeeping, not an edit.

    The raise counts on the version the object holds, so an edit saves an object
    based on the locked row (`lock_for_edit`, `check_edit`) and other writes save the
    row they locked and read, in the caller's transaction."""

    version_field: ClassVar[str] = "version"

    def save(self, *args, **kwargs) -> None:
        update_fields = kwargs.get("update_fields")
        if not self._state.adding and (
            update_fields is None or {"updated_at", self.version_field} & set(update_fields)
        ):
            setattr(self, self.version_field, getattr(self, self.version_field) + 1)
            if update_fields is not None:
                kwargs["update_fields"] = {*update_fields, self.version_field}
        super().save(*args, **kwargs)

    def lock_for_edit(self, loaded_version: int | None, *, conflict: Conflict | None = None):
        """Lock this object's row (the caller holds a transaction), refuse the edit with
        an EditConflict unless the row is still at `loaded_version`, the version the
        form was loaded with, and base this object's save on it. Returns the row as
        stored."""
        current = type(self)._default_manager.select_for_update().get(pk=self.pk)
        self.check_edit(current, loaded_version, conflict=conflict)
        return current

    def check_edit(
        self, current: Self, loaded_version: int | None, *, conflict: Conflict | None = None
    ) -> None:
        """`lock_for_edit` for a caller that locked and read the row (`current`) itself,
        to check who may edit before telling them about somebody else's change."""
        stored = getattr(current, self.version_field)
        check_version(stored, loaded_version, current=current, conflict=conflict)
        setattr(self, self.version_field, stored)


def conflict_response(
    request,
    template: str,
    context: dict,
    *,
    conflict: EditConflict,
    form=None,
    keep_loaded_version: bool = False,
) -> HttpResponse:
    """The page of an edit refused for a conflict, with 409 Conflict; `conflict` is in
    the context (the object as it is now, and what changed where it keeps a history).
    `form`, the refused form if given, shows the conflict's message and is based on
    the current version, so that saving it again is a deliberate choice over the state
    the page now shows; with `keep_loaded_version` it stays on the version it was
    loaded with, where the message asks to load the page again instead. A view that
    builds the form again from the current state (measures take over the other
    person's changes) passes that form in the context and no `form`."""
    if form is not None:
        form.add_error(None, conflict)
        if not keep_loaded_version:
            form.data = form.data.copy()
            form.data["version"] = conflict.version
    return render(request, template, {**context, "conflict": conflict}, status=409)
