"""A network's settings for its measures move from the network to a row of their own
(issue 30), with every network's value."""

import django.db.models.deletion
import lib.constraints
from django.db import migrations, models


FIELDS = ["staleness_days"]


def copy_from_networks(apps, schema_editor):
    Network = apps.get_model("networks", "Network")
    Settings = apps.get_model("measures", "MeasureSettings")
    Settings.objects.bulk_create(
        Settings(network_id=row.pop("pk"), **row)
        for row in Network.objects.values("pk", *FIELDS)
    )


def copy_back_to_networks(apps, schema_editor):
    Network = apps.get_model("networks", "Network")
    for row in apps.get_model("measures", "MeasureSettings").objects.values("network_id", *FIELDS):
        Network.objects.filter(pk=row.pop("network_id")).update(**row)


class Migration(migrations.Migration):

    dependencies = [
        ('measures', '0014_single_carrier_removed'),
        ('networks', '0021_network_factor_set_required'),
    ]

    operations = [
        migrations.CreateModel(
            name='MeasureSettings',
            fields=[
                ('network', models.OneToOneField(on_delete=django.db.models.deletion.CASCADE, primary_key=True, related_name='measure_settings', serialize=False, to='networks.network', verbose_name='Netzwerk')),
                ('staleness_days', models.PositiveSmallIntegerField(default=90, help_text='Nach so vielen Tagen ohne Änderung erscheint eine Maßnahme als veraltet.', verbose_name='Maßnahmen gelten als veraltet nach (Tagen)')),
            ],
            options={
                'verbose_name': 'Einstellungen zu Maßnahmen',
                'verbose_name_plural': 'Einstellungen zu Maßnahmen',
                'constraints': [models.CheckConstraint(condition=models.Q(('staleness_days__gte', 1)), name='measures_measuresettings_staleness_positive')],
            },
            bases=(lib.constraints.ChecksMirroredInClean, models.Model),
        ),
        migrations.RunPython(copy_from_networks, copy_back_to_networks),
    ]
