"""The existing networks count in the programme's factor set."""

from django.db import migrations

import networks.models

def count_in_programme_set(apps, schema_editor):
    FactorSet = apps.get_model("networks", "FactorSet")
    programme = FactorSet.objects.filter(slug=networks.models.PROGRAMME_FACTOR_SET).first()
    if programme is None:
        # A database emptied after 0018 loaded the sets (a test's, between two tests
        # of migrations) has no networks to count either; 0021 refuses any left over.
        return
    apps.get_model("networks", "Network").objects.update(factor_set=programme)
    apps.get_model("networks", "HistoricalNetwork").objects.update(factor_set=programme)


class Migration(migrations.Migration):
    dependencies = [
        ("networks", "0019_network_factor_set"),
    ]

    operations = [
        migrations.RunPython(count_in_programme_set, migrations.RunPython.noop),
    ]
