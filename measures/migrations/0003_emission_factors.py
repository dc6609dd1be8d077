"""Reference energy carriers and emission factors, each with its source and year."""

from django.db import migrations

from measures.catalogue import load_reference_factors


def load(apps, schema_editor):
    load_reference_factors(
        apps.get_model("measures", "EnergyCarrier"), apps.get_model("measures", "EmissionFactor")
    )


class Migration(migrations.Migration):
    dependencies = [("measures", "0002_initial")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
