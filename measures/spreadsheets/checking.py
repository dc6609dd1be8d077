"""Checking the rows of an import: each row through a form, the whole file for duplicates.

`ImportRowForm` reads one row's cells as its fields, finds the municipality from
"Kommune" and "AGS", and then checks the unsaved measure by the model's own rules.
Every message starts with the header of its column, so that people find the cell.
"""

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django import forms
from django.conf import settings
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import models
from django.utils import translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from lib.cells import (
    BAD_DATE,
    BAD_NUMBER,
    CellField,
    KnownField,
    parse_bool,
    parse_date,
    parse_decimal,
    read_cell,
)
from measures.models import EnergyCarrier, Measure, MeasureCategory, MeasureEnergy
from measures.spreadsheets.columns import (
    COLUMNS,
    DATE,
    DECIMAL,
    HEADER_OF_FIELD,
    MUNICIPALITY_HEADERS,
    column_order,
)
from networks.models import Network, Participation

BAD_FLAG = gettext_lazy("„%(value)s“ ist weder „ja“ noch „nein“.")
BAD_YEARS = gettext_lazy("„%(value)s“ ist keine ganze Zahl von Jahren.")
# The energy columns become the measure's lines, not fields of its own.
_ENERGY = ("energy_savings_kwh", "energy_carrier", "added_kwh", "added_carrier")
_EVIDENCE_DETAILS = (
    "measured_from",
    "measured_until",
    "consumption_before_kwh",
    "consumption_after_kwh",
    "evidence_source",
)
_DATES_AND_NUMBERS = [
    column.field
    for column in COLUMNS
    if column.imported and column.kind in (DATE, DECIMAL) and column.field not in _ENERGY
]


def parse_years(text: str) -> int | None:
    number = parse_decimal(text)
    if number is None:
        return None
    if number != number.to_integral_value():
        raise ValueError(text)
    return int(number)


@dataclass
class ImportRow:
    """One data row of an import: its spreadsheet row number, the raw values, the
    unsaved measure (None if the row has errors) and German error messages."""

    number: int
    values: dict[str, str]
    measure: Measure | None = None
    errors: list[str] = field(default_factory=list)

    @property
    def is_valid(self) -> bool:
        return not self.errors and self.measure is not None


def _choice_values(choices: type[models.TextChoices]) -> dict[str, str]:
    """A choice by value and by label in every interface language."""
    found = {value.casefold(): value for value in choices.values}
    for language, _name in settings.LANGUAGES:
        with translation.override(language):
            for value, label in choices.choices:
                found.setdefault(str(label).casefold(), value)
    return found


class Lookups:
    """Everything the check of a row needs from the database, loaded once per file."""

    def __init__(self, network: Network, user) -> None:
        # A copy of its own with its focus areas (the caller's object stays as it was).
        network = Network.objects.prefetch_related("focus_areas").get(pk=network.pk)
        self.network = network
        self.editable = set(
            Participation.objects.with_measures_editable_by(user)
            .filter(network=network)
            .values_list("pk", flat=True)
        )
        # One network object with its focus areas, and the carriers with their
        # factors, serve every row: the model's rules read them, not the database.
        participations = list(
            network.participations.select_related("municipality").order_by("municipality__name")
        )
        for participation in participations:
            participation.network = network
        self.by_ags = {p.municipality.ags: p for p in participations}
        self.by_name: dict[str, list] = {}
        for participation in participations:
            key = participation.municipality.name.casefold()
            self.by_name.setdefault(key, []).append(participation)
        areas = list(network.focus_areas.all())
        self.focus_areas = {area.slug.casefold(): area for area in areas}
        self.focus_areas.update({area.name.strip().casefold(): area for area in areas})
        self.carriers = {}
        for carrier in EnergyCarrier.objects.prefetch_related("emission_factors"):
            self.carriers.setdefault(carrier.slug.casefold(), carrier)
            self.carriers[carrier.name.strip().casefold()] = carrier
        self.statuses = _choice_values(Measure.Status)
        self.evidence = _choice_values(Measure.Evidence)
        self.categories: dict[str, MeasureCategory] = {}
        self.category_names = []
        for category in MeasureCategory.objects.all():
            self.category_names.append(category.label())
            for key in (category.name, category.name_en, category.code, category.label()):
                if key.strip():
                    self.categories.setdefault(key.strip().casefold(), category)


class ImportRowForm(forms.Form):
    """One data row of an import, keyed by header, as a form.

    Each cell is read by its field (numbers and dates as `parse_decimal` and
    `parse_date` read them, the focus area by name or slug among the network's, the
    status by label or value, the energy carrier by name or slug). `clean` finds the
    municipality, builds the unsaved `measure`, computes its CO2 savings and checks
    every rule of the model on the fields that were read. Every error message starts
    with its column's header; `messages()` lists them in the order of the columns.
    """

    municipality = CellField(MUNICIPALITY_HEADERS[0])
    ags = CellField(MUNICIPALITY_HEADERS[1])
    focus_area = KnownField(
        HEADER_OF_FIELD["focus_area"],
        gettext_lazy(
            "Themenschwerpunkt: Unbekannter Themenschwerpunkt „%(name)s“ "
            "(nicht im Netzwerk „%(network)s“)."
        ),
        required=True,
        error_messages={
            "required": gettext_lazy("Themenschwerpunkt: Bitte den Themenschwerpunkt angeben.")
        },
    )
    category = KnownField(
        HEADER_OF_FIELD["category"],
        gettext_lazy("Kategorie: Unbekannte Kategorie „%(value)s“ (bekannt sind: %(allowed)s)."),
    )
    title = CellField(HEADER_OF_FIELD["title"])
    description = CellField(HEADER_OF_FIELD["description"])
    status = KnownField(
        HEADER_OF_FIELD["status"],
        gettext_lazy("Status: Unbekannter Status „%(value)s“ (erlaubt: %(allowed)s)."),
    )
    responsible = CellField(HEADER_OF_FIELD["responsible"])
    planned_start = CellField(HEADER_OF_FIELD["planned_start"], parse_date, BAD_DATE)
    planned_end = CellField(HEADER_OF_FIELD["planned_end"], parse_date, BAD_DATE)
    started_on = CellField(HEADER_OF_FIELD["started_on"], parse_date, BAD_DATE)
    completed_on = CellField(HEADER_OF_FIELD["completed_on"], parse_date, BAD_DATE)
    investment_eur = CellField(HEADER_OF_FIELD["investment_eur"], parse_decimal, BAD_NUMBER)
    subsidy_eur = CellField(HEADER_OF_FIELD["subsidy_eur"], parse_decimal, BAD_NUMBER)
    energy_savings_kwh = CellField(HEADER_OF_FIELD["energy_savings_kwh"], parse_decimal, BAD_NUMBER)
    energy_carrier = KnownField(
        HEADER_OF_FIELD["energy_carrier"],
        gettext_lazy("Energieträger: Unbekannter Energieträger „%(value)s“."),
    )
    added_kwh = CellField(HEADER_OF_FIELD["added_kwh"], parse_decimal, BAD_NUMBER)
    added_carrier = KnownField(
        HEADER_OF_FIELD["added_carrier"],
        gettext_lazy("Zusätzlicher Energieträger: Unbekannter Energieträger „%(value)s“."),
    )
    lifetime_years = CellField(HEADER_OF_FIELD["lifetime_years"], parse_years, BAD_YEARS)
    # Before co2_savings_t, whose clean method depends on it.
    co2_manual = CellField(HEADER_OF_FIELD["co2_manual"], parse_bool, BAD_FLAG)
    co2_savings_t = CellField(HEADER_OF_FIELD["co2_savings_t"])
    co2_manual_reason = CellField(HEADER_OF_FIELD["co2_manual_reason"])
    # How the savings were found; whether period, readings and source fit the method is
    # the model's rule (Measure._evidence_errors), reported under these headers.
    evidence = KnownField(
        HEADER_OF_FIELD["evidence"],
        gettext_lazy("Nachweis: Unbekannter Nachweis „%(value)s“ (erlaubt: %(allowed)s)."),
    )
    measured_from = CellField(HEADER_OF_FIELD["measured_from"], parse_date, BAD_DATE)
    measured_until = CellField(HEADER_OF_FIELD["measured_until"], parse_date, BAD_DATE)
    consumption_before_kwh = CellField(
        HEADER_OF_FIELD["consumption_before_kwh"], parse_decimal, BAD_NUMBER
    )
    consumption_after_kwh = CellField(
        HEADER_OF_FIELD["consumption_after_kwh"], parse_decimal, BAD_NUMBER
    )
    evidence_source = CellField(HEADER_OF_FIELD["evidence_source"])
    evidence_note = CellField(HEADER_OF_FIELD["evidence_note"])

    def __init__(self, values: dict[str, str], *, lookups: Lookups) -> None:
        super().__init__(
            data={name: values.get(f.label, "") for name, f in self.base_fields.items()}
        )
        self.lookups = lookups
        self.participation: Participation | None = None
        self.measure: Measure | None = None
        self.fields["focus_area"].known = lookups.focus_areas
        self.fields["focus_area"].params = {"network": lookups.network.name}
        self.fields["status"].known = lookups.statuses
        self.fields["status"].params = {
            "allowed": ", ".join(str(label) for label in Measure.Status.labels)
        }
        self.fields["energy_carrier"].known = lookups.carriers
        self.fields["added_carrier"].known = lookups.carriers
        self.fields["category"].known = lookups.categories
        self.fields["category"].params = {"allowed": "; ".join(lookups.category_names)}
        self.fields["evidence"].known = lookups.evidence
        self.fields["evidence"].params = {
            "allowed": ", ".join(str(label) for label in Measure.Evidence.labels)
        }

    def clean_co2_savings_t(self):
        # The savings in t CO2e are computed unless entered by hand; only then is the cell read.
        if not self.cleaned_data.get("co2_manual"):
            return None
        text = self.cleaned_data["co2_savings_t"]
        return read_cell(self.fields["co2_savings_t"].label, parse_decimal, BAD_NUMBER, text)

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        self.participation = self._participation(data["municipality"], data["ags"])
        failed = {
            "participation" if name in ("municipality", "ags") else name for name in self.errors
        }
        if self.participation is None:
            failed.add("participation")
        if "evidence" in failed:
            # Whether period, readings and source belong depends on the method; with an
            # unknown method that question waits until it is corrected.
            failed.update(_EVIDENCE_DETAILS)
        manual = bool(data.get("co2_manual"))
        self.measure = Measure(
            participation=self.participation,
            focus_area=data.get("focus_area"),
            category=data.get("category"),
            title=data["title"],
            description=data["description"],
            status=data.get("status") or Measure.Status.PLANNED,
            responsible=data["responsible"],
            co2_manual=manual,
            co2_manual_reason=data["co2_manual_reason"] if manual else "",
            lifetime_years=data.get("lifetime_years"),
            evidence=data.get("evidence") or "",
            evidence_source=data["evidence_source"],
            evidence_note=data["evidence_note"],
            **{name: data.get(name) for name in _DATES_AND_NUMBERS},
        )
        self.measure.pending_energy = self._energy_lines(data, failed)
        # Figures too large for their columns are reported on their cells, and not
        # computed into the measure (nor reported once more by its rules).
        too_large = self.measure.figures_too_large()
        for name, message in too_large.items():
            self._cell_error(name, message)
        if self.participation is not None and not too_large:
            self.measure.apply_energy()
        self._check_measure(failed, reported=set(too_large.values()))
        return data

    def _energy_lines(self, data: dict, failed: set[str]) -> list[MeasureEnergy]:
        """The saved and the added carrier of the row as the measure's lines; a
        quantity without its carrier (or the other way round) is an error."""
        lines = []
        for kwh_name, carrier_name, effect in (
            ("energy_savings_kwh", "energy_carrier", MeasureEnergy.Effect.SAVED),
            ("added_kwh", "added_carrier", MeasureEnergy.Effect.ADDED),
        ):
            if kwh_name in failed or carrier_name in failed:
                continue
            kwh, carrier = data.get(kwh_name), data.get(carrier_name)
            if kwh is None and carrier is None:
                continue
            if carrier is None:
                self._cell_error(carrier_name, _("Bitte den Energieträger angeben."))
            elif kwh is None or kwh <= 0:
                self._cell_error(kwh_name, _("Bitte eine Energiemenge größer als null angeben."))
            else:
                line = MeasureEnergy(carrier=carrier, effect=effect, kwh=kwh)
                if message := line.kwh_too_large():
                    self._cell_error(kwh_name, message)
                else:
                    lines.append(line)
        if len(lines) == 2 and lines[0].carrier == lines[1].carrier:
            self._cell_error(
                "added_carrier",
                _("Derselbe Energieträger kann nicht eingespart und zusätzlich bezogen werden."),
            )
        return lines

    def _cell_error(self, name: str, message: str) -> None:
        self.add_error(name, f"{HEADER_OF_FIELD[name]}: {message}")

    def _check_measure(self, failed: set[str], reported: set[str]) -> None:
        """The model's rules, on the fields that were read; the related objects were
        just looked up in the database, so they are not checked again. Messages
        already `reported` on a cell are left out."""
        try:
            self.measure.full_clean(exclude=["participation", "focus_area", *failed])
        except ValidationError as error:
            for name, messages in error.message_dict.items():
                if name in failed:
                    continue
                header = HEADER_OF_FIELD.get(name) if name != NON_FIELD_ERRORS else None
                target = "municipality" if name == "participation" else name
                for message in messages:
                    if message in reported:
                        continue
                    self.add_error(
                        target if header and target in self.fields else None,
                        f"{header}: {message}" if header else message,
                    )

    def _participation(self, name: str, ags: str) -> Participation | None:
        """The participation the row is for, by AGS if given, else by name; None after
        adding the error if there is none or the person may not log measures for it."""
        ags = _ags(ags)
        if not name and not ags:
            self.add_error("municipality", _("Kommune: Bitte die Kommune (Name oder AGS) angeben."))
            return None
        participation = self._by_ags(name, ags) if ags else self._by_name(name)
        if participation is None:
            return None
        if participation.left_on is not None:
            self.add_error(
                "municipality",
                _("Kommune: „%(name)s“ ist am %(date)s aus dem Netzwerk ausgeschieden.")
                % {
                    "name": participation.municipality.name,
                    "date": date_format(participation.left_on, "SHORT_DATE_FORMAT"),
                },
            )
            return None
        if participation.pk not in self.lookups.editable:
            self.add_error(
                "municipality",
                _("Kommune: Sie dürfen keine Maßnahmen für „%(name)s“ in diesem Netzwerk anlegen.")
                % {"name": participation.municipality.name},
            )
            return None
        return participation

    def _by_ags(self, name: str, ags: str) -> Participation | None:
        participation = self.lookups.by_ags.get(ags)
        if participation is None:
            self.add_error(
                "ags",
                _("AGS: Unbekannte Kommune „%(ags)s“ (nicht im Netzwerk „%(network)s“).")
                % {"ags": ags, "network": self.lookups.network.name},
            )
            return None
        if name and name.casefold() != participation.municipality.name.casefold():
            self.add_error(
                "ags",
                _("AGS: Der AGS %(ags)s gehört zu „%(municipality)s“, nicht zu „%(name)s“.")
                % {"ags": ags, "municipality": participation.municipality.name, "name": name},
            )
            return None
        return participation

    def _by_name(self, name: str) -> Participation | None:
        found = self.lookups.by_name.get(name.casefold(), [])
        if not found:
            self.add_error(
                "municipality",
                _("Kommune: Unbekannte Kommune „%(name)s“ (nicht im Netzwerk „%(network)s“).")
                % {"name": name, "network": self.lookups.network.name},
            )
            return None
        if len(found) > 1:
            self.add_error(
                "municipality",
                _("Kommune: Es gibt mehrere Kommunen „%(name)s“; bitte den AGS angeben.")
                % {"name": name},
            )
            return None
        return found[0]

    def messages(self) -> list[str]:
        """The error messages in the order of the columns (stable within a column)."""
        return sorted((m for errors in self.errors.values() for m in errors), key=column_order)


def _ags(text: str) -> str:
    """An AGS as typed; Excel drops the leading zero of "05774032", so it is restored."""
    cleaned = text.strip()
    if cleaned.isdigit() and len(cleaned) < 8:
        return cleaned.zfill(8)
    return cleaned


def validate_rows(rows: Iterable[dict[str, str]], *, network: Network, user) -> list[ImportRow]:
    """Check every row of an import into `network` by `user` and build unsaved measures.

    A row's municipality is found by AGS if given, else by name, among the network's
    participants; the person must be allowed to edit its measures there. The other
    cells are read and the measure checked by `ImportRowForm`; the messages are
    prefixed with the column header. The same title twice for one municipality in
    the file is reported too. Lookups are loaded once per file.
    """
    lookups = Lookups(network, user)
    checked: list[ImportRow] = []
    first_row: dict[tuple[int, str], int] = {}
    for index, values in enumerate(rows):
        row = ImportRow(number=getattr(values, "number", index + 2), values=dict(values))
        form = ImportRowForm(row.values, lookups=lookups)
        form.is_valid()
        row.errors = form.messages()
        participation = form.participation
        title = (row.values.get("Titel") or "").strip()
        if participation is not None and title:
            key = (participation.pk, title.casefold())
            if key in first_row:
                row.errors.append(
                    _(
                        "Titel: Die Maßnahme „%(title)s“ für %(municipality)s steht schon "
                        "in Zeile %(row)s."
                    )
                    % {
                        "title": title,
                        "municipality": participation.municipality.name,
                        "row": first_row[key],
                    }
                )
            else:
                first_row[key] = row.number
        row.measure = None if row.errors else form.measure
        checked.append(row)
    return checked
