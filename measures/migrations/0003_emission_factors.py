"""Reference energy carriers and emission factors, each with its source and year.

The loader is written out here as it was then: the catalogue's own loader has since
learnt about factor sets (migration 0009), which these historical models lack.
"""

from decimal import Decimal

from django.db import migrations

from measures.catalogue import CARRIERS


def load(apps, schema_editor):
    EnergyCarrier = apps.get_model("measures", "EnergyCarrier")
    EmissionFactor = apps.get_model("measures", "EmissionFactor")
    for ordering, (slug, name, year, factor, source) in enumerate(CARRIERS, start=1):
        carrier, _ = EnergyCarrier.objects.get_or_create(
            slug=slug, defaults={"name": name, "ordering": ordering * 10}
        )
        EmissionFactor.objects.get_or_create(
            carrier=carrier,
            year=year,
            defaults={"kg_co2e_per_kwh": Decimal(factor), "source": source},
        )


class Migration(migrations.Migration):
    dependencies = [("measures", "0002_initial")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
