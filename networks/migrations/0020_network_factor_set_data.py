"""The existing networks count in the programme's factor set."""

from django.db import migrations

import networks.models

def count_in_programme_set(apps, schema_editor):
    FactorSet = apps.get_model("networks", "FactorSet")
    programme = FactorSet.objects.get(slug=networks.models.PROGRAMME_FACTOR_SET)
    apps.get_model("networks", "Network").objects.update(factor_set=programme)
    apps.get_model("networks", "HistoricalNetwork").objects.update(factor_set=programme)


class Migration(migrations.Migration):
    dependencies = [
        ("networks", "0019_network_factor_set"),
    ]

    operations = [
        migrations.RunPython(count_in_programme_set, migrations.RunPython.noop),
    ]
