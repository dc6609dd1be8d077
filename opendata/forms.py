from django import forms
from django.utils.translation import gettext_lazy as _

from opendata.models import Licence


class PublicationForm(forms.Form):
    """Publish (or withdraw) a network's measures. `version` is the publication's
    version the page was loaded with (0 before the first), so that two coordinators'
    decisions do not silently overwrite each other."""

    PUBLISH, WITHDRAW = "publish", "withdraw"

    licence = forms.ChoiceField(
        label=_("Lizenz"),
        choices=Licence.choices,
        initial=Licence.DL_BY_DE_2,
        help_text=_(
            "Unter dieser Lizenz darf jede und jeder die Daten nutzen. Die Datenlizenz "
            "Deutschland – Namensnennung verlangt, dass Nutzende den Netzwerkträger nennen."
        ),
    )
    action = forms.ChoiceField(
        choices=[(PUBLISH, PUBLISH), (WITHDRAW, WITHDRAW)], widget=forms.HiddenInput
    )
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)

    def publishes(self) -> bool:
        return self.cleaned_data["action"] == self.PUBLISH
