"""The existing factors, BAFA's direct CO₂ factors (with UBA's electricity), go into the
programme's set; BISKO's life-cycle factors in CO₂ equivalents (GEMIS) are added as a
second set."""

from django.db import migrations

from measures.catalogue import load_bisko_factors

def sort_into_sets(apps, schema_editor):
    FactorSet = apps.get_model("networks", "FactorSet")
    EmissionFactor = apps.get_model("measures", "EmissionFactor")
    sets = FactorSet.objects.in_bulk(["bafa-2021", "bisko-gemis"], field_name="slug")
    if not sets:
        # A database emptied after networks 0018 loaded the sets (a test's, between
        # two tests of migrations): no factors to sort, and no set to load into.
        return
    EmissionFactor.objects.update(factor_set=sets["bafa-2021"])
    load_bisko_factors(
        apps.get_model("measures", "EnergyCarrier"), EmissionFactor, sets["bisko-gemis"]
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
