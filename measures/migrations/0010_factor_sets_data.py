"""The existing factors, BAFA's direct CO₂ factors (with UBA's electricity), go into the
programme's set; BISKO's life-cycle factors in CO₂ equivalents (GEMIS) are added as a
second set."""

from django.db import migrations

from measures.catalogue import load_bisko_factors

def sort_into_sets(apps, schema_editor):
    FactorSet = apps.get_model("networks", "FactorSet")
    EmissionFactor = apps.get_model("measures", "EmissionFactor")
    EmissionFactor.objects.update(factor_set=FactorSet.objects.get(slug="bafa-2021"))
    load_bisko_factors(
        apps.get_model("measures", "EnergyCarrier"),
        EmissionFactor,
        FactorSet.objects.get(slug="bisko-gemis"),
    )


def keep_the_programme_set_only(apps, schema_editor):
    """Backwards: without sets, a carrier has one factor a year again."""
    EmissionFactor = apps.get_model("measures", "EmissionFactor")
    EmissionFactor.objects.exclude(factor_set__slug="bafa-2021").delete()


class Migration(migrations.Migration):
    dependencies = [
        ("measures", "0009_factor_sets"),
    ]

    operations = [
        migrations.RunPython(sort_into_sets, keep_the_programme_set_only),
    ]
