"""Each measure's single carrier becomes its first line of saved energy."""

from django.db import migrations

def carriers_into_lines(apps, schema_editor):
    """A measure's single carrier becomes its one line of saved energy, with the
    factor its savings were computed with; its figures stay as they were."""
    Measure = apps.get_model("measures", "Measure")
    MeasureEnergy = apps.get_model("measures", "MeasureEnergy")
    measures = Measure.objects.filter(energy_carrier__isnull=False, energy_savings_kwh__gt=0)
    MeasureEnergy.objects.bulk_create(
        MeasureEnergy(
            measure_id=measure.pk,
            carrier_id=measure.energy_carrier_id,
            effect="saved",
            kwh=measure.energy_savings_kwh,
            factor_id=measure.emission_factor_id,
        )
        for measure in measures.iterator()
    )


def lines_into_carriers(apps, schema_editor):
    """Backwards, where a measure has one line of saved energy: its carrier, kWh and
    factor again. Several lines (a fuel switch) have no place in the older schema, so
    going back stops instead of dropping them."""
    Measure = apps.get_model("measures", "Measure")
    MeasureEnergy = apps.get_model("measures", "MeasureEnergy")
    lines = list(MeasureEnergy.objects.order_by("measure_id"))
    measures = [line.measure_id for line in lines]
    several = {pk for pk in measures if measures.count(pk) > 1}
    several |= {line.measure_id for line in lines if line.effect != "saved"}
    if several:
        raise RuntimeError(
            f"{len(several)} measures record more than one energy carrier or added energy; "
            "the schema before measures/0012 cannot hold them."
        )
    for line in lines:
        Measure.objects.filter(pk=line.measure_id).update(
            energy_carrier_id=line.carrier_id,
            energy_savings_kwh=line.kwh,
            emission_factor_id=line.factor_id,
        )


class Migration(migrations.Migration):
    dependencies = [
        ("measures", "0012_energy_lines"),
    ]

    operations = [
        migrations.RunPython(carriers_into_lines, lines_into_carriers),
    ]
