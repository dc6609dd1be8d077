"""Diesel and petrol in the BISKO set (CO2 equivalents with their upstream chain, DIN
EN 16258), so that a mobility measure of a BISKO network computes its greenhouse-gas
figure from litres or kilometres instead of asking for one by hand (issue 34). Rows
that exist already stay as edited."""

from django.db import migrations

from measures.catalogue import FUEL_CO2E_FACTORS, load_factors


def load(apps, schema_editor):
    load_factors(
        apps.get_model("measures", "EnergyCarrier"),
        apps.get_model("measures", "EmissionFactor"),
        apps.get_model("networks", "FactorSet"),
        FUEL_CO2E_FACTORS,
    )


class Migration(migrations.Migration):
    dependencies = [
        ("measures", "0023_measure_library_index"),
        ("networks", "0018_factor_sets"),
    ]

    # Backwards leaves the rows: measures may have been counted with them by then.
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
