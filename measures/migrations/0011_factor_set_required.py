"""An emission factor's set is required; one factor per set, carrier and year."""

import django.db.models.deletion
from django.db import migrations, models

class Migration(migrations.Migration):
    dependencies = [
        ("measures", "0010_factor_sets_data"),
    ]

    operations = [
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
