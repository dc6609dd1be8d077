"""Every emission factor belongs to a factor set: the existing ones, BAFA's direct CO₂
factors (with UBA's electricity), to the programme's set; BISKO's life-cycle factors in
CO₂ equivalents (GEMIS) are added as a second set."""

import django.db.models.deletion
from django.db import migrations, models

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
        ("measures", "0008_energy_carrier_name_en"),
        ("networks", "0018_factor_sets"),
    ]

    operations = [
        migrations.RemoveConstraint(
            model_name="emissionfactor", name="measures_emissionfactor_unique_carrier_year"
        ),
        migrations.RemoveConstraint(
            model_name="emissionfactor", name="measures_emissionfactor_not_negative"
        ),
        migrations.RenameField(
            model_name="emissionfactor", old_name="kg_co2e_per_kwh", new_name="kg_per_kwh"
        ),
        migrations.AddField(
            model_name="emissionfactor",
            name="factor_set",
            field=models.ForeignKey(
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="factors",
                to="networks.factorset",
                verbose_name="Faktorbasis",
            ),
        ),
        migrations.RunPython(sort_into_sets, keep_the_programme_set_only),
        migrations.AlterField(
            model_name="emissionfactor",
            name="factor_set",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT,
                related_name="factors",
                to="networks.factorset",
                verbose_name="Faktorbasis",
            ),
        ),
        migrations.AlterField(
            model_name="emissionfactor",
            name="kg_per_kwh",
            field=models.DecimalField(
                decimal_places=4,
                help_text="CO₂ oder CO₂-Äquivalente, wie es die Faktorbasis angibt.",
                max_digits=7,
                verbose_name="kg je kWh",
            ),
        ),
        migrations.AlterModelOptions(
            name="emissionfactor",
            options={
                "ordering": ["factor_set", "carrier", "-year"],
                "verbose_name": "Emissionsfaktor",
                "verbose_name_plural": "Emissionsfaktoren",
            },
        ),
        migrations.AddConstraint(
            model_name="emissionfactor",
            constraint=models.UniqueConstraint(
                fields=("factor_set", "carrier", "year"),
                name="measures_emissionfactor_unique_set_carrier_year",
                violation_error_message=(
                    "Für diesen Energieträger gibt es in dieser Faktorbasis schon einen "
                    "Faktor in diesem Jahr."
                ),
            ),
        ),
        migrations.AddConstraint(
            model_name="emissionfactor",
            constraint=models.CheckConstraint(
                condition=models.Q(("kg_per_kwh__gte", 0)),
                name="measures_emissionfactor_not_negative",
            ),
        ),
    ]
