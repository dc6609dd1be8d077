"""Every emission factor belongs to a factor set (filled in 0010, required from 0011).

PostgreSQL does not alter a table (nor add its deferred indexes and keys) in the
transaction that changed its rows, so schema and data steps are migrations of their own."""

import django.db.models.deletion
from django.db import migrations, models

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
    ]
