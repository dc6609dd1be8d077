"""Forms of the reports pages: issuing, the written sections, a mayor's report and
confirmation requests."""

import datetime
import json
import uuid

from django import forms
from django.core.exceptions import ValidationError
from django.utils import formats
from django.utils.translation import gettext_lazy as _

from lib.dates import DateField
from networks.models import Network
from reports.figures.finances import FinanceLineRow
from reports.issuing import REASON_MAX_CHARS, check_written_sections
from reports.models import (
    RULE_COMMENT_MAX_CHARS,
    WRITTEN_SECTIONS,
    ConfirmationRequest,
    Report,
    ReportDraft,
)
from reports.periods import check_period, default_period, default_periods
from reports.rendering import draft_texts


def _offer_periods(form, network: Network, today: datetime.date) -> None:
    """Preset kind and period with what is most likely reported now, and let the kind
    choice carry each kind's period (static/js/report-period.js fills it in when the
    kind changes; without JavaScript check_period says what does not fit). The
    kinds not possible now are left out of the choice; `periods` is empty before
    the term has begun, when the page offers no form."""
    form.periods = default_periods(network, today)
    kind, start, end = default_period(network, today)
    form.fields["kind"].initial = kind
    form.fields["period_start"].initial = start
    form.fields["period_end"].initial = end
    if form.periods:
        form.fields["kind"].choices = [
            (value, label) for value, label in Report.Kind.choices if value in form.periods
        ]
    form.fields["kind"].widget.attrs["data-periods"] = json.dumps(
        {kind: [start.isoformat(), end.isoformat()] for kind, (start, end) in form.periods.items()}
    )


class ReportForm(forms.ModelForm):
    """Kind, period and language of a report to issue; the period rules are the service's.
    `intent` is the form's one-time token: the same form sent twice issues one report.
    For each section the final report's draft lacks, a box to leave it empty on purpose
    and the reason; whether a final report may be issued is the service's rule
    (reports.issuing.check_written_sections)."""

    intent = forms.UUIDField(
        widget=forms.HiddenInput,
        required=False,
        error_messages={
            "required": _("Bitte laden Sie die Seite neu und stellen Sie den Bericht erneut aus."),
            "invalid": _("Bitte laden Sie die Seite neu und stellen Sie den Bericht erneut aus."),
        },
    )

    class Meta:
        model = Report
        fields = ["kind", "period_start", "period_end", "language", "note"]
        field_classes = {"period_start": DateField, "period_end": DateField}
        widgets = {"note": forms.Textarea(attrs={"rows": 4})}

    def __init__(
        self, *args, network: Network, today: datetime.date, issuing: bool = False, **kwargs
    ):
        super().__init__(*args, **kwargs)
        # Issuing needs the token; the preview (a GET of the same fields) does not.
        self.fields["intent"].required = issuing
        self.fields["intent"].initial = uuid.uuid4()
        self.network = network
        self.today = today
        self.issuing = issuing
        _offer_periods(self, network, today)
        self.final_texts = {}
        self.empty_sections = []
        if Report.Kind.FINAL in self.periods:
            self.final_texts = draft_texts(network=network, kind=Report.Kind.FINAL)
            self._add_decisions()

    def _add_decisions(self) -> None:
        """A box and a reason for each section the final report's draft has no text for."""
        for name, heading, _help in WRITTEN_SECTIONS:
            if self.final_texts.get(name):
                continue
            self.fields[f"left_empty_{name}"] = forms.BooleanField(
                label=_("„%(section)s“ bewusst leer lassen") % {"section": heading},
                required=False,
            )
            self.fields[f"reason_{name}"] = forms.CharField(
                label=_("Grund für „%(section)s“") % {"section": heading},
                required=False,
                max_length=REASON_MAX_CHARS,
            )
            self.empty_sections.append(name)

    def section_decisions(self) -> list:
        """For the page: each section without text, with its box and its reason."""
        return [
            (self[f"left_empty_{name}"], self[f"reason_{name}"]) for name in self.empty_sections
        ]

    def left_empty(self) -> dict[str, str]:
        """The sections ticked to be left empty, with the reasons given."""
        data = self.cleaned_data
        return {
            name: data.get(f"reason_{name}", "")
            for name in self.empty_sections
            if data.get(f"left_empty_{name}")
        }

    def issue_arguments(self) -> dict:
        """What the service reports.issuing.issue_report takes from the form."""
        data = self.cleaned_data
        return {name: data[name] for name in [*self.Meta.fields, "intent"]} | {
            "left_empty": self.left_empty()
        }

    def clean(self):
        data = super().clean()
        if all(data.get(name) for name in ("kind", "period_start", "period_end")):
            try:
                check_period(
                    network=self.network,
                    kind=data["kind"],
                    start=data["period_start"],
                    end=data["period_end"],
                    today=self.today,
                )
            except ValidationError as error:
                for field, messages in error.message_dict.items():
                    for message in messages:
                        self.add_error(field, message)
        if self.issuing and not self.errors:
            # Said before the confirmation is asked; the service checks again on issuing.
            try:
                check_written_sections(
                    kind=data["kind"], texts=self.final_texts, left_empty=self.left_empty()
                )
            except ValidationError as error:
                self.add_error(None, error)
        return data


class ReportDraftForm(forms.ModelForm):
    """The written sections of a report, in Markdown; `version` is the draft's version
    the form was loaded with (an edit conflict is refused, lib.conflicts)."""

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)

    class Meta:
        model = ReportDraft
        fields = [name for name, _heading, _help in WRITTEN_SECTIONS]
        widgets = {name: forms.Textarea(attrs={"rows": 6}) for name in fields}

    def __init__(self, *args, municipalities=(), rules=(), finances=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["version"].initial = self.instance.version
        for name, _heading, help_text in WRITTEN_SECTIONS:
            self.fields[name].help_text = help_text
        # A short text for each municipality taking part, optional.
        for municipality in municipalities:
            self.fields[f"municipality_{municipality.ags}"] = forms.CharField(
                label=_("Kurztext zu %(name)s") % {"name": municipality.name},
                required=False,
                widget=forms.Textarea(attrs={"rows": 3}),
                initial=self.instance.municipality_texts.get(municipality.ags, ""),
            )
        # A short comment on each rule of the annex (lib.rules.Rule with its key),
        # optional, plain text.
        self.rule_names = []
        for rule in rules:
            name = f"rule_{rule.key}"
            self.fields[name] = forms.CharField(
                label=_("Anmerkung zu: %(rule)s") % {"rule": rule.rule},
                help_text=_("Befund heute: %(finding)s") % {"finding": rule.finding},
                required=False,
                max_length=RULE_COMMENT_MAX_CHARS,
                widget=forms.Textarea(attrs={"rows": 2}),
                initial=self.instance.rule_comments.get(rule.key, ""),
            )
            self.rule_names.append(name)
        # A short comment on each budget line deviating beyond the tolerance (the final
        # report's chapter on the finances, reports.figures.finances), optional.
        self.line_names: dict[str, str] = {}
        for line in finances.lines_beyond_tolerance if finances else ():
            name = f"finance_{line.key}"
            self.fields[name] = forms.CharField(
                label=_("Anmerkung zur Abweichung: %(line)s") % {"line": line.name},
                help_text=deviation_summary(line, finances.cut_off),
                required=False,
                max_length=RULE_COMMENT_MAX_CHARS,
                widget=forms.Textarea(attrs={"rows": 2}),
                initial=self.instance.line_comments.get(line.key, ""),
            )
            self.line_names[name] = line.key

    def municipality_texts(self) -> dict[str, str]:
        return {
            name.removeprefix("municipality_"): value
            for name, value in self.cleaned_data.items()
            if name.startswith("municipality_")
        }

    def rule_comments(self) -> dict[str, str]:
        """The comments on the rules shown, by rule key; the draft's comments on rules
        not shown now (a report rule of another period) are kept."""
        return self.instance.rule_comments | {
            name.removeprefix("rule_"): self.cleaned_data[name] for name in self.rule_names
        }

    def line_comments(self) -> dict[str, str]:
        """The comments on the deviations shown, by line key; the draft's comments on
        lines not shown now (back within the tolerance) are kept."""
        return self.instance.line_comments | {
            key: self.cleaned_data[name] for name, key in self.line_names.items()
        }

    def text_fields(self) -> list:
        """For the page: the sections and the texts per municipality, before the
        comments on the rules and the deviations."""
        return [
            field
            for field in self.visible_fields()
            if field.name not in self.rule_names and field.name not in self.line_names
        ]

    def rule_fields(self) -> list:
        return [self[name] for name in self.rule_names]

    def line_fields(self) -> list:
        return [self[name] for name in self.line_names]


def deviation_summary(line: FinanceLineRow, cut_off: datetime.date) -> str:
    """A budget line's plan, spending and deviation in a sentence, for its comment."""
    percent = line.deviation_percent
    return _(
        "Stand %(day)s: geplant %(planned)s EUR, ausgegeben %(actual)s EUR, Abweichung "
        "%(deviation)s EUR (%(percent)s %%)."
    ) % {
        "day": formats.date_format(cut_off, "SHORT_DATE_FORMAT"),
        "planned": _euros(line.planned),
        "actual": _euros(line.actual),
        "deviation": _euros(line.deviation),
        "percent": "–" if percent is None else formats.number_format(percent, 1),
    }


def _euros(amount) -> str:
    return formats.number_format(amount, 2, force_grouping=True)


class MayorsReportForm(forms.Form):
    """The period of a municipality's report for its mayor and council."""

    period_start = DateField(label=_("von"))
    period_end = DateField(label=_("bis"))


class ConfirmationRequestForm(forms.ModelForm):
    """Which report the municipalities are asked to confirm their figures for; the
    period rules are the reports' (reports.periods.check_period)."""

    class Meta:
        model = ConfirmationRequest
        fields = ["kind", "period_start", "period_end"]
        field_classes = {"period_start": DateField, "period_end": DateField}

    def __init__(self, *args, network: Network, today: datetime.date, **kwargs):
        # Its fields' ids differ from the report form's on the same page.
        kwargs.setdefault("auto_id", "id_bestaetigung_%s")
        super().__init__(*args, **kwargs)
        _offer_periods(self, network, today)
        self.network = network
        self.today = today

    def clean(self):
        data = super().clean()
        if all(data.get(name) for name in ("kind", "period_start", "period_end")):
            try:
                check_period(network=self.network, kind=data["kind"], start=data["period_start"],
                             end=data["period_end"], today=self.today)  # fmt: skip
            except ValidationError as error:
                self.add_error(None, error)
        return data

    def validate_unique(self):
        pass  # asking again for the same report is a reminder, not an error
