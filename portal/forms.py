"""Forms of the shell's own pages: a person's account settings and the network's
settings page, which composes the network with the settings the apps above it keep."""

from django import forms
from django.core.exceptions import ValidationError
from django.db import models

from events.models import MeetingSettings
from measures.models import MeasureSettings
from networks.forms import NetworkForm
from networks.models import User
from reports.models import ReportSettings


class AccountForm(forms.ModelForm):
    class Meta:
        model = User
        fields = ["name", "language"]


# The settings a network's page edits beside the network, by the row that keeps them.
SETTINGS = {
    "measure_settings": (MeasureSettings, ["staleness_days", "evidence_threshold_mwh"]),
    "meeting_settings": (MeetingSettings, ["meeting_reminder_days"]),
    "report_settings": (ReportSettings, ["interim_report_due_months", "final_report_due_months"]),
}
SETTING_NAMES = [name for _model, names in SETTINGS.values() for name in names]


def _setting_field(model: type[models.Model], name: str) -> forms.Field:
    """The form field the setting's model field makes: its label, help text, default
    and bounds, as a ModelForm of that model would show it."""
    return model._meta.get_field(name).formfield()


def _after_factor_set(fields: list[str]) -> list[str]:
    at = fields.index("factor_set") + 1
    return [*fields[:at], *SETTING_NAMES, *fields[at:]]


class NetworkSettingsForm(NetworkForm):
    """A coordinator's edit of a network with the settings that measures, meetings and
    reports keep for it, shown after its factor set. Each setting is checked by its
    row's own clean(); portal.services.save_network_settings saves the network and the
    rows (the attributes named as in SETTINGS) together. `measure_settings_version` is
    the version of the measure settings the page was loaded with, as the library
    sharing page writes that row too."""

    staleness_days = _setting_field(MeasureSettings, "staleness_days")
    evidence_threshold_mwh = _setting_field(MeasureSettings, "evidence_threshold_mwh")
    meeting_reminder_days = _setting_field(MeetingSettings, "meeting_reminder_days")
    interim_report_due_months = _setting_field(ReportSettings, "interim_report_due_months")
    final_report_due_months = _setting_field(ReportSettings, "final_report_due_months")
    # The measure settings' own version: the library sharing page writes them too.
    measure_settings_version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta(NetworkForm.Meta):
        fields = _after_factor_set(NetworkForm.Meta.fields)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for attribute, (model, names) in SETTINGS.items():
            row = model.for_network(self.instance)
            setattr(self, attribute, row)
            for name in names:
                self.initial.setdefault(name, getattr(row, name))
        if not self.is_bound:
            self.initial["measure_settings_version"] = self.measure_settings.version

    def _post_clean(self):
        super()._post_clean()
        for attribute, (_model, names) in SETTINGS.items():
            row = getattr(self, attribute)
            given = [name for name in names if name in self.cleaned_data]
            for name in given:
                setattr(row, name, self.cleaned_data[name])
            others = [field.name for field in row._meta.fields if field.name not in given]
            try:
                row.full_clean(exclude=others, validate_unique=False)
            except ValidationError as error:
                self._update_errors(error)
