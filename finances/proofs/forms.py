"""The form that issues a proof: a comment for each warning of the checks, the
language of the documents, and the form's one-time token."""

import uuid

from django import forms
from django.conf import settings
from django.forms import BoundField
from django.utils.translation import gettext_lazy as _

from finances.proofs.issuing import COMMENT_MAX_CHARS, ProofWarning

AGAIN = _("Bitte laden Sie die Seite neu und stellen Sie den Nachweis erneut aus.")


class WarningComment(BoundField):
    """A comment field described by the warning it answers (the paragraph above it,
    `<auto_id>_hinweis` on the page), then by its errors: every field has the same
    label, and a screen reader tells them apart by the warning."""

    @property
    def aria_describedby(self) -> str:
        return " ".join(filter(None, [f"{self.auto_id}_hinweis", super().aria_describedby]))


class ProofForm(forms.Form):
    language = forms.ChoiceField(
        label=_("Sprache der Dokumente"), choices=settings.LANGUAGES, initial="de"
    )
    intent = forms.UUIDField(
        widget=forms.HiddenInput, error_messages={"required": AGAIN, "invalid": AGAIN}
    )

    def __init__(self, *args, warnings: list[ProofWarning], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["intent"].initial = uuid.uuid4()
        self.warnings = warnings
        for warning in warnings:
            self.fields[f"comment_{warning.id}"] = forms.CharField(
                label=_("Kommentar der Koordination"),
                widget=forms.Textarea(attrs={"rows": 2}),
                max_length=COMMENT_MAX_CHARS,
                bound_field_class=WarningComment,
                error_messages={
                    "required": _("Bitte diesen Hinweis mit einem Kommentar bestätigen.")
                },
            )

    def warning_fields(self) -> list:
        """For the page: each warning with its comment field."""
        return [(warning.finding, self[f"comment_{warning.id}"]) for warning in self.warnings]

    def confirmations(self) -> dict[str, str]:
        return {w.id: self.cleaned_data.get(f"comment_{w.id}", "") for w in self.warnings}
