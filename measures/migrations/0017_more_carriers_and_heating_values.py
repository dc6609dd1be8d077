"""Diesel, petrol, vehicle electricity, wood chips, firewood and coal with the factors
their sources give, and the heating values that turn litres, cubic metres, kilograms
and tonnes into kWh (issue 34). Rows that exist already stay as edited."""

from django.db import migrations

from measures.catalogue import load_heating_values, load_more_carriers


def load(apps, schema_editor):
    EnergyCarrier = apps.get_model("measures", "EnergyCarrier")
    load_more_carriers(
        EnergyCarrier,
        apps.get_model("measures", "EmissionFactor"),
        apps.get_model("networks", "FactorSet"),
    )
    load_heating_values(EnergyCarrier, apps.get_model("measures", "HeatingValue"))


class Migration(migrations.Migration):
    dependencies = [
        ("measures", "0016_heating_values_and_quantities"),
        ("networks", "0018_factor_sets"),
    ]

    # Backwards leaves the rows: lines of measures may use the carriers by then.
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
