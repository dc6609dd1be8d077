"""One-time form tokens (intents): the same form sent twice (a double click, two tabs,
the back button and send again) does its work once. Imports no app.

The form carries a fresh UUID in a hidden field (`IntentFormMixin`); the model keeps
it in a nullable, unique field (`intent_field`, with a UniqueConstraint named by the
app); the service, in its transaction and after locking what it writes to, asks
`done_before(queryset, intent)` and raises `AlreadyDone` with the object the first
sending made, which the view answers with that object and a note instead of a second
one. Two sendings at the very same moment meet the unique constraint: the service
turns its IntegrityError into `AlreadyDone` too (`repeat_of`). Issuing a report
(reports.issuing) keeps the same token in its own words.
"""

import uuid
from typing import Any

from django import forms
from django.db import models
from django.utils.translation import gettext_lazy as _

RELOAD = _("Bitte laden Sie die Seite neu und senden Sie das Formular erneut.")


class AlreadyDone(Exception):
    """The form with this token has done its work already; `done` is what it made."""

    def __init__(self, done: Any):
        super().__init__(done)
        self.done = done


def intent_field() -> models.UUIDField:
    """The model's field for the token of the form that made the object."""
    return models.UUIDField(_("Formular-Kennung"), null=True, blank=True, editable=False)


class IntentFormMixin(forms.Form):
    """A hidden, required token, fresh on every form shown: `cleaned_data["intent"]`."""

    intent = forms.UUIDField(
        widget=forms.HiddenInput,
        error_messages={"required": RELOAD, "invalid": RELOAD},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["intent"].initial = uuid.uuid4()


def done_before(queryset: models.QuerySet, intent: uuid.UUID | None) -> Any:
    """The object made by the form with this token, or None (also without a token)."""
    if intent is None:
        return None
    return queryset.filter(intent=intent).first()


def repeat_of(queryset: models.QuerySet, intent: uuid.UUID | None) -> AlreadyDone | None:
    """After an IntegrityError: AlreadyDone if the token's object exists by now."""
    done = done_before(queryset, intent)
    return AlreadyDone(done) if done is not None else None
