"""A measure's carrier and factor live in its energy lines now."""

from django.db import migrations

class Migration(migrations.Migration):
    dependencies = [
        ("measures", "0013_carriers_into_lines"),
    ]

    operations = [
        migrations.RemoveField(
            model_name='historicalmeasure',
            name='emission_factor',
        ),
        migrations.RemoveField(
            model_name='historicalmeasure',
            name='energy_carrier',
        ),
        migrations.RemoveField(
            model_name='measure',
            name='emission_factor',
        ),
        migrations.RemoveField(
            model_name='measure',
            name='energy_carrier',
        ),
    ]
