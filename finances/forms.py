"""Forms of the finances pages. The services check the whole object (finances.services);
the views report what they find on the fields."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from events.models import Meeting
from finances.models import BudgetLine, CallOff, Grant, Receipt, Source
from lib.dates import DateField
from lib.intents import IntentFormMixin
from lib.numbers import LocalizedDecimalField


class VersionedForm(forms.ModelForm):
    """A form carrying the version it was loaded with (lib.conflicts); the service
    validates the whole object, so _post_clean only fills the instance."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial["version"] = self.instance.version

    def _post_clean(self):
        opts = self._meta
        self.instance = forms.models.construct_instance(
            self, self.instance, opts.fields, opts.exclude
        )


AMOUNT = {"max_digits": 12, "decimal_places": 2}


class GrantForm(VersionedForm):
    class Meta:
        model = Grant
        fields = [
            "period_start", "period_end", "notice_date", "notice_number", "funding_rate",
            "maximum_grant", "deducts_input_vat", "interim_proof_months", "final_proof_months",
            "tolerance_percent",
        ]  # fmt: skip
        localized_fields = ["funding_rate", "maximum_grant", "tolerance_percent"]
        field_classes = {
            "period_start": DateField,
            "period_end": DateField,
            "notice_date": DateField,
            "funding_rate": LocalizedDecimalField,
            "maximum_grant": LocalizedDecimalField,
            "tolerance_percent": LocalizedDecimalField,
        }


class ReceiptForm(VersionedForm):
    invoice_upload = forms.FileField(
        label=_("Rechnung hochladen"),
        required=False,
        help_text=_("PDF, Bild oder Office-Dokument; eine neue Datei ersetzt die alte."),
    )
    payment_proof_upload = forms.FileField(
        label=_("Zahlungsnachweis hochladen"),
        required=False,
        help_text=_("Kontoauszug oder Überweisungsbeleg, als PDF oder Bild."),
    )

    class Meta:
        model = Receipt
        fields = [
            "number", "kind", "invoice_date", "payment_date", "party", "reason", "net", "vat",
            "gross", "budget_line", "source", "eligible_amount", "eligible_reason", "meeting",
            "participation",
        ]  # fmt: skip
        localized_fields = ["net", "vat", "gross", "eligible_amount"]
        field_classes = {
            "invoice_date": DateField,
            "payment_date": DateField,
            "net": LocalizedDecimalField,
            "vat": LocalizedDecimalField,
            "gross": LocalizedDecimalField,
            "eligible_amount": LocalizedDecimalField,
        }
        widgets = {"eligible_reason": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, grant: Grant, **kwargs):
        super().__init__(*args, **kwargs)
        self.grant = grant
        self.fields["budget_line"].queryset = grant.budget_lines.all()
        self.fields["meeting"].queryset = Meeting.objects.filter(network=grant.network_id).order_by(
            "-starts_at"
        )
        self.fields["participation"].queryset = grant.network.participations.select_related(
            "municipality"
        )
        self.fields["source"].choices = [("", "---------"), *Source.choices]
        self.fields["eligible_amount"].required = False
        self.fields["eligible_amount"].help_text = (
            _("Leer lassen: der Nettobetrag (Vorsteuerabzug).")
            if grant.deducts_input_vat
            else _("Leer lassen: der Bruttobetrag.")
        )
        self.fields["gross"].required = False
        self.fields["gross"].help_text = _("Leer lassen: netto plus Umsatzsteuer.")

    def clean(self):
        cleaned = super().clean()
        net, vat = cleaned.get("net"), cleaned.get("vat")
        if cleaned.get("gross") is None and net is not None and vat is not None:
            cleaned["gross"] = net + vat
        if (
            cleaned.get("eligible_amount") is None
            and net is not None
            and cleaned.get("gross") is not None
        ):
            cleaned["eligible_amount"] = self.grant.eligible_default(
                net=net, gross=cleaned["gross"]
            )
        return cleaned


class CallOffForm(VersionedForm):
    class Meta:
        model = CallOff
        fields = [
            "asked_on", "amount_asked", "expected_amount", "expected_payments", "received_on",
            "amount_received",
        ]  # fmt: skip
        localized_fields = ["amount_asked", "expected_amount", "amount_received"]
        field_classes = {
            "asked_on": DateField,
            "received_on": DateField,
            "amount_asked": LocalizedDecimalField,
            "expected_amount": LocalizedDecimalField,
            "amount_received": LocalizedDecimalField,
        }
        widgets = {"expected_payments": forms.Textarea(attrs={"rows": 3})}


class NewCallOffForm(IntentFormMixin, CallOffForm):
    """A new call-off, with the form's one-time token (lib.intents): sent twice, it
    makes one call-off."""


class PlanForm(forms.Form):
    """The financing plan as one grid: a planned amount per line and year, the financing
    per source and year, a new line, and the change's date and reason (required: every
    change of the plan is a version)."""

    changed_on = DateField(label=_("Änderung vom"))
    reason = forms.CharField(
        label=_("Grund der Änderung"),
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Zum Beispiel: Änderungsbescheid vom …, oder: Plan laut Zuwendungsbescheid."),
    )
    new_line_kind = forms.ChoiceField(
        label=_("Neue Position: Art"),
        choices=[("", "---------"), *BudgetLine.Kind.choices],
        required=False,
    )
    new_line_name = forms.CharField(label=_("Neue Position: Bezeichnung"), max_length=200,
                                    required=False)  # fmt: skip

    def __init__(self, *args, grant: Grant, **kwargs):
        super().__init__(*args, **kwargs)
        self.grant = grant
        self.years = grant.years()
        self.lines = list(grant.budget_lines.prefetch_related("planned_amounts"))
        if not self.is_bound:
            self.initial["changed_on"] = timezone.localdate()
        self.grid = []  # (label, [field names per year])
        for line in self.lines:
            amounts = {a.year: a.amount for a in line.planned_amounts.all()}
            self.grid.append(
                (line.name, self._amount_fields(f"line_{line.pk}", amounts, line.name))
            )
        financing = {(f.source, f.year): f.amount for f in grant.financings.all()}
        self.financing_grid = [
            (label, self._amount_fields(
                f"source_{value}", {y: financing.get((value, y)) for y in self.years}, label))
            for value, label in Source.choices
        ]  # fmt: skip
        self.new_line_fields = self._amount_fields("new", {}, _("Neue Position"))

    def line_rows(self):
        return [(label, [self[name] for name in names]) for label, names in self.grid]

    def financing_rows(self):
        return [(label, [self[name] for name in names]) for label, names in self.financing_grid]

    def new_line_row(self):
        return [self[name] for name in self.new_line_fields]

    def _amount_fields(self, prefix: str, amounts: dict, label) -> list[str]:
        names = []
        for year in self.years:
            name = f"{prefix}_{year}"
            self.fields[name] = LocalizedDecimalField(
                label=f"{label} {year}", required=False, min_value=0, localize=True, **AMOUNT
            )
            self.fields[name].error_messages["min_value"] = _("Beträge können nicht negativ sein.")
            if amounts.get(year) is not None:
                self.initial[name] = amounts[year]
            names.append(name)
        return names

    def clean(self):
        cleaned = super().clean()
        has_amounts = any(cleaned.get(name) is not None for name in self.new_line_fields)
        if (cleaned.get("new_line_kind") or has_amounts) and not cleaned.get("new_line_name"):
            self.add_error("new_line_name", _("Bitte die neue Position benennen."))
        if cleaned.get("new_line_name") and not cleaned.get("new_line_kind"):
            self.add_error("new_line_kind", _("Bitte die Art der neuen Position wählen."))
        return cleaned

    def plan(self) -> dict:
        """The arguments of finances.services.save_plan."""
        data = self.cleaned_data
        return {
            "planned": {
                (line.pk, year): data.get(f"line_{line.pk}_{year}")
                for line in self.lines
                for year in self.years
            },
            "financing": {
                (value, year): data.get(f"source_{value}_{year}")
                for value, _label in Source.choices
                for year in self.years
            },
            "new_line": (data["new_line_kind"], data["new_line_name"])
            if data.get("new_line_name")
            else None,
            "new_line_planned": {year: data.get(f"new_{year}") for year in self.years},
            "changed_on": data["changed_on"],
            "reason": data["reason"],
        }


class ReceiptImportForm(forms.Form):
    file = forms.FileField(
        label=_("Datei"),
        help_text=_("XLSX oder CSV (Semikolon, UTF-8) mit den Spalten der Belegliste."),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx,.csv"}),
    )
