"""Shared set-up for the view tests of the measure pages."""

import datetime
import re
from decimal import Decimal

from django import forms
from django.utils import timezone, translation

from measures.forms import MeasureForm
from measures.models import Measure
from measures.services import save_measure
from tests.factories import (
    EmissionFactorFactory,
    EnergyCarrierFactory,
    FocusAreaFactory,
    energy,
)


class World:
    """The personas plus a carrier with a factor and focus areas of the test network."""

    def __init__(self, personas):
        self.personas = personas
        self.gas = EnergyCarrierFactory(name="Testgas", slug="testgas")
        EmissionFactorFactory(carrier=self.gas, year=2021, kg_per_kwh=Decimal("0.201"))
        self.buildings = FocusAreaFactory(name="Gebäude", slug="test-gebaeude", ordering=1)
        self.lighting = FocusAreaFactory(name="Beleuchtung", slug="test-beleuchtung", ordering=2)
        self.foreign_area = FocusAreaFactory(name="Fremder Schwerpunkt", slug="fremd")
        personas.network.focus_areas.add(self.buildings, self.lighting)
        personas.other_network.focus_areas.add(self.foreign_area)

    def __getattr__(self, name):
        return getattr(self.personas, name)

    def measure(self, user=None, **fields) -> Measure:
        """A measure of municipality A in the test network, saved through the service."""
        values = {
            "participation": self.personas.participation_a,
            "focus_area": self.buildings,
            "title": "Heizungstausch Rathaus",
            "responsible": "Bauamt",
            **fields,
        }
        lines = values.pop("energy", [])
        if "energy_carrier" in values:  # the common case of one saved carrier
            lines.append(energy(values.pop("energy_carrier"), values.pop("energy_savings_kwh")))
        measure = Measure(**values)
        measure.pending_energy = lines
        return save_measure(measure=measure, user=user)


def form_data(form: MeasureForm, **changes) -> dict:
    """What the browser would send for the form as rendered, with some fields changed
    (None leaves a field out, like an unticked checkbox)."""
    data = {}
    with translation.override("de"):
        for name, field in form.fields.items():
            value = form[name].value()
            widget = field.widget
            if isinstance(widget, forms.CheckboxInput):
                if value:
                    data[name] = "on"
                continue
            formatted = widget.format_value(value)
            if isinstance(formatted, list):
                formatted = formatted[0] if formatted else ""
            data[name] = "" if formatted is None else str(formatted)
    data.update(energy_rows(form))
    data.update(_energy_changes(changes))
    return {name: value for name, value in data.items() if value is not None}


def energy_rows(form: MeasureForm) -> dict:
    """The energy rows of the form as rendered (its lines and blank rows)."""
    formset = form.energy
    data = {
        formset.management_form[name].html_name: str(formset.management_form[name].value())
        for name in ("TOTAL_FORMS", "INITIAL_FORMS", "MIN_NUM_FORMS", "MAX_NUM_FORMS")
    }
    with translation.override("de"):
        for row in formset:
            for field in row:
                value = field.value()
                formatted = field.field.widget.format_value(value)
                if isinstance(formatted, list):
                    formatted = formatted[0] if formatted else ""
                data[field.html_name] = "" if formatted is None else str(formatted)
    return data


def _energy_changes(changes: dict) -> dict:
    """`energy_savings_kwh` and `energy_carrier` stand for the first energy row."""
    renamed = {"energy_savings_kwh": "energie-0-kwh", "energy_carrier": "energie-0-carrier"}
    return {renamed.get(name, name): value for name, value in changes.items()}


def new_measure_data(world, **changes) -> dict:
    """A complete, valid POST of the "log a measure" form for municipality A."""
    data = {
        "participation": str(world.participation_a.pk),
        "focus_area": str(world.buildings.pk),
        "title": "Heizungstausch Rathaus",
        "description": "Brennwertkessel statt Ölheizung",
        "status": "completed",
        "responsible": "Bauamt",
        "planned_start": "2023-03-01",
        "planned_end": "2023-12-31",
        "started_on": "2023-03-01",
        "completed_on": "2023-11-30",
        "investment_eur": "1.234.567,50",
        "subsidy_eur": "250.000",
        "energie-TOTAL_FORMS": "3",
        "energie-INITIAL_FORMS": "0",
        "energie-0-carrier": str(world.gas.pk),
        "energie-0-effect": "saved",
        "energie-0-kwh": "120.000",
        "energie-1-effect": "saved",
        "energie-2-effect": "saved",
        "co2_savings_t": "",
        "co2_manual_reason": "",
        "version": "",
    }
    data.update(_energy_changes(changes))
    return {name: value for name, value in data.items() if value is not None}


def row_ids(html: str) -> list[int]:
    """The measure ids of the list's table rows, in order."""
    return [int(pk) for pk in re.findall(r'<tr id="measure-(\d+)"', html)]


def today() -> datetime.date:
    return timezone.localdate()
