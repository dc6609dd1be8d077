"""Each network gets a factor set, still optional.

PostgreSQL does not alter a table (nor add its deferred indexes and keys) in the
transaction that changed its rows, so schema and data steps are migrations of their own."""

import django.db.models.deletion
from django.db import migrations, models

class Migration(migrations.Migration):
    dependencies = [
        ("networks", "0018_factor_sets"),
    ]

    operations = [
        migrations.AddField(
            model_name="network",
            name="factor_set",
            field=models.ForeignKey(
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="networks",
                to="networks.factorset",
                verbose_name="Emissionsfaktoren",
            ),
        ),
        migrations.AddField(
            model_name="historicalnetwork",
            name="factor_set",
            field=models.ForeignKey(
                blank=True,
                db_constraint=False,
                null=True,
                on_delete=django.db.models.deletion.DO_NOTHING,
                related_name="+",
                to="networks.factorset",
                verbose_name="Emissionsfaktoren",
            ),
        ),
    ]
