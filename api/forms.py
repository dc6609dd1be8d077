import datetime

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from api.models import ApiToken, expiry_errors
from lib.dates import DateField


class TokenForm(forms.Form):
    name = forms.CharField(
        label=_("Name"),
        max_length=ApiToken._meta.get_field("name").max_length,
        help_text=_("Wofür der Schlüssel ist, z. B. „Dashboard der Stadt“."),
    )
    expires_on = DateField(label=_("gültig bis"), help_text=_("Höchstens ein Jahr ab heute."))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        today = timezone.localdate()
        self.fields["expires_on"].initial = today + datetime.timedelta(days=90)

    def clean_name(self) -> str:
        name = self.cleaned_data["name"].strip()
        if not name:
            raise forms.ValidationError(_("Bitte einen Namen angeben."))
        return name

    def clean_expires_on(self) -> datetime.date:
        day = self.cleaned_data["expires_on"]
        errors = expiry_errors(day, timezone.localdate())
        if errors:
            raise forms.ValidationError(errors["expires_on"])
        return day
