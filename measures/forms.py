from decimal import Decimal

from django import forms
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils.formats import number_format
from django.utils.translation import gettext_lazy as _

from lib.dates import DateField
from lib.numbers import LocalizedDecimalField
from measures.access import WITHOUT_CATEGORY
from measures.models import (
    EVIDENCE_NOT_STATED,
    MAX_LIFETIME_YEARS,
    MIN_LIFETIME_YEARS,
    ConsumptionUnit,
    EnergyCarrier,
    EnergyUnit,
    Measure,
    MeasureCategory,
    MeasureDocument,
    MeasureEnergy,
    MeasureSettings,
    ProgressNote,
    kwh_from_quantity,
    lifetime_out_of_range_message,
)
from networks.forms import MunicipalityField
from networks.models import FocusArea, Municipality, Network, Participation, name_for_reader

DATE_FIELDS = [
    "planned_start", "planned_end", "started_on", "completed_on", "measured_from",
    "measured_until",
]  # fmt: skip
DECIMAL_FIELDS = [
    "investment_eur", "subsidy_eur", "co2_savings_t", "consumption_before_kwh",
    "consumption_after_kwh",
]  # fmt: skip
# The fieldset "Nachweis der Einsparung" (issue 34).
EVIDENCE_FIELDS = [
    "evidence", "measured_from", "measured_until", "consumption_before_kwh",
    "consumption_after_kwh", "evidence_source", "evidence_note", "evidence_document",
]  # fmt: skip
# The blank energy rows a form offers below the measure's lines.
BLANK_ENERGY_ROWS = 2
# A kWh typed beside a quantity agrees with it if it is off by less than this (a
# figure copied rounded to the kWh).
KWH_TOLERANCE = Decimal(1)


class ParticipationChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Participation) -> str:
        if obj.network.phase == Network.Phase.COMPLETED:
            # Only the coordination is offered ended networks, for corrections.
            return _("%(municipality)s (%(network)s, beendet: Korrektur)") % {
                "municipality": obj.municipality.name,
                "network": obj.network.name,
            }
        return f"{obj.municipality.name} ({obj.network.name})"


class EnergyLineForm(forms.Form):
    """One row of a measure's energy: a carrier it saves or adds, in kWh a year, or as a
    quantity in a unit (litres, m³, kg, t, MWh, or km with a consumption per 100 km)
    that the carrier's heating value turns into kWh. A row left empty is no line."""

    carrier = forms.ModelChoiceField(
        label=_("Energieträger"), queryset=EnergyCarrier.objects.all(), required=False
    )
    # Not required: a blank row is no line whatever its effect says.
    effect = forms.ChoiceField(
        label=_("Wirkung"),
        choices=MeasureEnergy.Effect.choices,
        initial=MeasureEnergy.Effect.SAVED,
        required=False,
    )
    quantity = LocalizedDecimalField(
        label=_("Menge je Jahr"), required=False, max_digits=14, decimal_places=3, localize=True
    )
    unit = forms.ChoiceField(
        label=_("Einheit"), choices=[("", "–"), *EnergyUnit.choices], required=False
    )
    consumption = LocalizedDecimalField(
        label=_("Verbrauch je 100 km"),
        required=False,
        max_digits=8,
        decimal_places=2,
        localize=True,
        help_text=_("Nur bei km"),
    )
    consumption_unit = forms.ChoiceField(
        label=_("Einheit des Verbrauchs"),
        # The column's heading says "per 100 km".
        choices=[(ConsumptionUnit.LITRE, "l"), (ConsumptionUnit.KWH, "kWh")],
        initial=ConsumptionUnit.LITRE,
        required=False,
    )
    kwh = LocalizedDecimalField(
        label=_("kWh/a"), required=False, max_digits=14, decimal_places=2, localize=True
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["carrier"].empty_label = "–"
        for name in ("quantity", "consumption", "kwh"):
            self.fields[name].widget.attrs.update({"inputmode": "decimal", "autocomplete": "off"})

    def clean(self):
        cleaned = super().clean()
        if any(name in self.errors for name in ("kwh", "quantity", "consumption")):
            return cleaned
        carrier, kwh, quantity = (cleaned.get(name) for name in ("carrier", "kwh", "quantity"))
        if carrier is None:
            if kwh is not None or quantity is not None:
                self.add_error("carrier", _("Bitte den Energieträger angeben."))
            return cleaned
        if quantity is not None:
            self._convert(cleaned, carrier, kwh, quantity)
        elif kwh is None:
            self.add_error(
                "kwh", _("Bitte die Energiemenge in kWh/a oder eine Menge mit Einheit angeben.")
            )
        elif cleaned.get("unit"):
            self.add_error("quantity", _("Bitte die Menge zur Einheit angeben."))
        elif kwh <= 0:
            self.add_error(
                "kwh",
                _(
                    "Bitte eine Energiemenge größer als null angeben; was die Maßnahme "
                    "zusätzlich verbraucht, als „zusätzlich bezogen“."
                ),
            )
        return cleaned

    def _convert(self, cleaned: dict, carrier, kwh, quantity) -> None:
        """The row's kWh from its quantity; a kWh typed beside it must agree."""
        unit = cleaned.get("unit")
        if not unit:
            self.add_error("unit", _("Bitte die Einheit der Menge angeben."))
            return
        if quantity == 0:
            self.add_error("quantity", _("Bitte eine Menge größer als null angeben."))
            return
        try:
            computed = kwh_from_quantity(
                carrier=carrier,
                quantity=quantity,
                unit=unit,
                consumption=cleaned.get("consumption"),
                consumption_unit=cleaned.get("consumption_unit") or ConsumptionUnit.LITRE,
            )
        except ValidationError as error:
            for field, messages in error.message_dict.items():
                self.add_error(field, messages)
            return
        if computed <= 0:
            self.add_error("quantity", _("Bitte eine Menge größer als null angeben."))
        elif kwh is not None and abs(kwh - computed) >= KWH_TOLERANCE:
            self.add_error(
                "kwh",
                _(
                    "%(kwh)s kWh/a passen nicht zur Menge (%(quantity)s = %(computed)s kWh/a). "
                    "Bitte nur die Menge oder nur die kWh angeben."
                )
                % {
                    "kwh": number_format(kwh, 2, use_l10n=True, force_grouping=True),
                    "quantity": MeasureEnergy(
                        carrier=carrier, quantity=quantity, unit=unit, **self._consumption()
                    ).quantity_text(),
                    "computed": number_format(computed, 2, use_l10n=True, force_grouping=True),
                },
            )
        else:
            cleaned["kwh"] = computed

    def _consumption(self) -> dict:
        """The row's consumption per 100 km, for a line in km only."""
        data = self.cleaned_data
        if data.get("unit") != EnergyUnit.KILOMETRE:
            return {}
        return {
            "consumption": data.get("consumption"),
            "consumption_unit": data.get("consumption_unit") or ConsumptionUnit.LITRE,
        }

    def line(self) -> MeasureEnergy | None:
        data = self.cleaned_data
        if data.get("carrier") is None or data.get("kwh") is None:
            return None
        effect = data.get("effect") or MeasureEnergy.Effect.SAVED
        line = MeasureEnergy(carrier=data["carrier"], effect=effect, kwh=data["kwh"])
        if data.get("quantity") is not None:
            line.quantity, line.unit = data["quantity"], data["unit"]
            for name, value in self._consumption().items():
                setattr(line, name, value)
        return line


class BaseEnergyFormSet(forms.BaseFormSet):
    def clean(self):
        if any(self.errors):
            return
        seen = set()
        for form in self.forms:
            line = form.line()
            if line is None:
                continue
            key = (line.carrier.pk, line.effect)
            if key in seen:
                raise forms.ValidationError(
                    _(
                        "Jeden Energieträger bitte nur einmal als eingespart und einmal als "
                        "zusätzlich bezogen eintragen."
                    )
                )
            seen.add(key)

    def lines(self) -> list[MeasureEnergy]:
        return [line for form in self.forms if (line := form.line()) is not None]


EnergyFormSet = forms.formset_factory(
    EnergyLineForm,
    formset=BaseEnergyFormSet,
    extra=BLANK_ENERGY_ROWS,
    max_num=20,
    validate_max=True,
)


def energy_formset(data=None, *, measure: Measure | None = None) -> BaseEnergyFormSet:
    """The energy rows of a measure's form: its lines and blank rows below them."""
    initial = [
        {
            "carrier": line.carrier_id,
            "effect": line.effect,
            "quantity": line.quantity,
            "unit": line.unit,
            "consumption": line.consumption,
            "consumption_unit": line.consumption_unit or ConsumptionUnit.LITRE,
            "kwh": line.kwh,
        }
        for line in (measure.energy.all() if measure is not None and measure.pk else [])
    ]
    return EnergyFormSet(data, initial=initial, prefix="energie")


class MeasureForm(forms.ModelForm):
    """Log or edit a measure. Only the person's own municipalities are offered, the
    focus areas grouped by network; `version` is the measure's version the form was
    loaded with, so a save over somebody else's newer change is refused."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    # The model's field would offer 0 to 32767 (a positive small integer) and answer -3
    # with "≥ 0"; the input and its message take the model's rule instead.
    lifetime_years = forms.IntegerField(
        label=Measure._meta.get_field("lifetime_years").verbose_name,
        help_text=Measure._meta.get_field("lifetime_years").help_text,
        required=False,
        min_value=MIN_LIFETIME_YEARS,
        max_value=MAX_LIFETIME_YEARS,
    )

    class Meta:
        model = Measure
        fields = [
            "participation", "focus_area", "category", "title", "description", "status",
            "responsible",
            "planned_start", "planned_end", "started_on", "completed_on",
            "investment_eur", "subsidy_eur", "lifetime_years",
            "co2_manual", "co2_savings_t", "co2_manual_reason", *EVIDENCE_FIELDS,
        ]  # fmt: skip
        field_classes = {
            "participation": ParticipationChoiceField,
            **dict.fromkeys(DATE_FIELDS, DateField),
            **dict.fromkeys(DECIMAL_FIELDS, LocalizedDecimalField),
        }
        localized_fields = DECIMAL_FIELDS
        labels = {"participation": _("Kommune im Netzwerk")}
        widgets = {
            "description": forms.Textarea(attrs={"rows": 4}),
            "co2_manual_reason": forms.Textarea(attrs={"rows": 2}),
            "evidence_note": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        participations = Participation.objects.open_for_new_measures_by(user)
        if self.instance.pk:
            # A measure stays in its network (another network may belong to another
            # coordinator organisation, which must not get its history), and where it
            # is even if its municipality has left since.
            participations = participations.filter(
                network=self.instance.participation.network_id
            ) | Participation.objects.filter(pk=self.instance.participation_id).select_related(
                "network", "municipality"
            )
        self.fields["participation"].queryset = participations
        lifetime_message = lifetime_out_of_range_message()
        self.fields["lifetime_years"].error_messages.update(
            min_value=lifetime_message, max_value=lifetime_message
        )
        self.fields["participation"].empty_label = _("Bitte wählen")
        self.fields["evidence"].choices = [("", EVIDENCE_NOT_STATED), *Measure.Evidence.choices]
        self.fields["evidence"].help_text = ""  # the fieldset's hint says it
        # Only the measure's own documents (a new measure has none yet).
        self.fields["evidence_document"].queryset = (
            self.instance.documents.all() if self.instance.pk else MeasureDocument.objects.none()
        )
        self.fields["evidence_document"].empty_label = "–"
        self.fields["category"].empty_label = _("noch nicht zugeordnet")
        self.fields["category"].help_text = _(
            "Die Kategorie der Kommunalrichtlinie (investiv oder strategisch), nach der "
            "die Berichte an den Fördermittelgeber zählen."
        )
        self._group_categories()
        self._group_focus_areas(participations)
        self.energy = energy_formset(self.data if self.is_bound else None, measure=self.instance)
        for name in DECIMAL_FIELDS:
            self.fields[name].widget.attrs.update({"inputmode": "decimal", "autocomplete": "off"})
        if not self.is_bound:
            self.initial["version"] = self.instance.version
            choices = list(participations[:2])
            if not self.instance.pk and len(choices) == 1:
                self.initial.setdefault("participation", choices[0].pk)

    def _group_categories(self) -> None:
        """The categories grouped by kind, investive first, each with its number."""
        groups: dict[str, list] = {}
        for category in MeasureCategory.objects.all():
            groups.setdefault(category.get_kind_display(), []).append(
                (category.pk, category.label())
            )
        self.fields["category"].choices = [("", _("noch nicht zugeordnet")), *groups.items()]

    def _group_focus_areas(self, participations) -> None:
        networks = Network.objects.filter(pk__in=participations.values("network")).order_by("name")
        areas = FocusArea.objects.filter(networks__in=networks).values_list(
            "networks__name", "pk", "name", "name_en"
        )
        groups: dict[str, list] = {}
        for network, pk, name, name_en in areas.order_by("networks__name", "ordering", "name"):
            groups.setdefault(network, []).append((pk, name_for_reader(name, name_en)))
        field = self.fields["focus_area"]
        field.queryset = FocusArea.objects.filter(networks__in=networks).distinct()
        field.choices = [("", _("Bitte wählen")), *groups.items()]

    def full_clean(self):
        # The energy rows are read first: the measure's model rules (run by the
        # ModelForm) check their factors.
        if self.is_bound and self.energy.is_valid():
            self.instance.pending_energy = self.energy.lines()
        super().full_clean()

    def clean(self):
        cleaned = super().clean()
        if self.is_bound and not self.energy.is_valid():
            self.add_error(None, _("Bitte die Angaben zu den Energieträgern prüfen."))
        if not cleaned.get("co2_manual"):
            # Computed from kWh and carrier on save; a typed value would be ignored.
            cleaned["co2_savings_t"] = None
            cleaned["co2_manual_reason"] = ""
            self.instance.co2_savings_t = None
            self.instance.co2_manual_reason = ""
        return cleaned


class StatusForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=Measure.Status.choices)


class NoteForm(forms.ModelForm):
    class Meta:
        model = ProgressNote
        fields = ["date", "text"]
        field_classes = {"date": DateField}
        widgets = {"text": forms.Textarea(attrs={"rows": 3, "required": True})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # ProgressNote.clean says in German that the text is missing; the form's own
        # "required" would report the same mistake a second time.
        self.fields["text"].required = False


class CheckForm(forms.Form):
    """The coordination's check of a measure against one of its documents; `version`
    is the measure's version the page showed."""

    document = forms.ModelChoiceField(
        label=_("geprüft anhand"), queryset=MeasureDocument.objects.none(), required=False
    )
    note = forms.CharField(
        label=_("Prüfvermerk"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, measure: Measure, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["document"].queryset = measure.documents.all()
        self.fields["document"].empty_label = _("Bitte wählen")
        self.fields["document"].widget.attrs["required"] = True
        if not self.is_bound:
            self.initial["version"] = measure.version


class DocumentForm(forms.Form):
    file = forms.FileField(
        label=_("Datei"),
        help_text=_("PDF, Bilder (JPEG, PNG, WebP) oder Office-Dokumente."),
    )


# The list filter's value for measures that do not say how their savings were found.
NO_EVIDENCE = "keiner"


def filter_municipalities(networks):
    """The municipalities the measure list can be narrowed to: those of the networks."""
    return Municipality.objects.filter(participations__network__in=networks).distinct()


class MeasureFilterForm(forms.Form):
    """The filters of the measure list; every value is optional and read from GET."""

    q = forms.CharField(label=_("Suche"), required=False, max_length=200)
    netzwerk = forms.ModelChoiceField(
        label=_("Netzwerk"), queryset=Network.objects.none(), required=False, to_field_name="slug"
    )
    kommune = MunicipalityField(label=_("Kommune"), required=False)
    schwerpunkt = forms.ModelChoiceField(
        label=_("Themenschwerpunkt"),
        queryset=FocusArea.objects.none(),
        required=False,
        to_field_name="slug",
    )
    kategorie = forms.ChoiceField(label=_("Kategorie"), required=False)
    status = forms.ChoiceField(label=_("Status"), required=False)
    jahr = forms.TypedChoiceField(label=_("Jahr"), required=False, coerce=int, empty_value=None)
    nachweis = forms.ChoiceField(
        label=_("Nachweis"),
        required=False,
        choices=[("", _("alle")), *Measure.Evidence.choices, (NO_EVIDENCE, EVIDENCE_NOT_STATED)],
    )
    geprueft = forms.ChoiceField(
        label=_("Geprüft"),
        required=False,
        choices=[("", _("alle")), ("ja", _("geprüft")), ("nein", _("nicht geprüft"))],
    )

    def __init__(self, *args, networks, years: list[int], **kwargs):
        super().__init__(*args, **kwargs)
        # Names and slugs only: the select shows nothing else of up to 50 networks.
        self.fields["netzwerk"].queryset = networks.only("name", "slug").order_by("name")
        self.fields["kommune"].queryset = filter_municipalities(networks)
        self.fields["kommune"].widget.suggestions_url = reverse("measure_municipality_suggestions")
        self.fields["kommune"].widget.attrs["placeholder"] = _("alle")
        self.fields["schwerpunkt"].queryset = FocusArea.objects.filter(
            networks__in=networks
        ).distinct()
        self.fields["kategorie"].choices = [
            ("", _("alle")),
            (WITHOUT_CATEGORY, _("ohne Kategorie")),
            *((category.slug, category.label()) for category in MeasureCategory.objects.all()),
        ]
        self.fields["status"].choices = [("", _("alle")), *Measure.Status.choices]
        self.fields["jahr"].choices = [("", _("alle")), *((y, str(y)) for y in years)]
        for name in ("netzwerk", "schwerpunkt"):
            self.fields[name].empty_label = _("alle")
        self.fields["q"].widget = forms.TextInput(attrs={"type": "search"})


class ImportForm(forms.Form):
    network = forms.ModelChoiceField(label=_("Netzwerk"), queryset=Network.objects.none())
    file = forms.FileField(
        label=_("Datei"),
        help_text=_("XLSX oder CSV (Semikolon, UTF-8) im Spaltenaufbau der Vorlage."),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx,.csv"}),
    )

    def __init__(self, *args, networks, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["network"].queryset = networks.order_by("name")
        self.fields["network"].empty_label = _("Bitte wählen")


class LibraryFilterForm(forms.Form):
    """The library's filters, a plain GET form: by slug, so a link carries them."""

    kategorie = forms.ModelChoiceField(
        label=_("Kategorie"), required=False, empty_label=_("alle"),
        queryset=MeasureCategory.objects.all(), to_field_name="slug",
    )  # fmt: skip
    schwerpunkt = forms.ModelChoiceField(
        label=_("Themenschwerpunkt"), required=False, empty_label=_("alle"),
        queryset=FocusArea.objects.all(), to_field_name="slug",
    )  # fmt: skip
    energietraeger = forms.ModelChoiceField(
        label=_("Energieträger"), required=False, empty_label=_("alle"),
        queryset=EnergyCarrier.objects.all(), to_field_name="slug",
    )  # fmt: skip
    groesse = forms.ChoiceField(label=_("Größe der Kommune"), required=False)

    def __init__(self, *args, population_classes=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["groesse"].choices = [
            ("", _("alle")),
            *((c.slug, c.label) for c in population_classes),
        ]


class LibrarySharingForm(forms.ModelForm):
    """`version` is the version of the network's measure settings the page showed: a
    save based on settings somebody else changed meanwhile is refused (a conflict)."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = MeasureSettings
        fields = ["library_shared", "library_contact"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial["version"] = self.instance.version
