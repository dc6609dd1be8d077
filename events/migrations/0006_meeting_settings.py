"""A network's settings for its meetings move from the network to a row of their own
(issue 30), with every network's value."""

import django.db.models.deletion
import lib.constraints
from django.db import migrations, models


FIELDS = ["meeting_reminder_days"]


def copy_from_networks(apps, schema_editor):
    Network = apps.get_model("networks", "Network")
    Settings = apps.get_model("events", "MeetingSettings")
    Settings.objects.bulk_create(
        Settings(network_id=row.pop("pk"), **row)
        for row in Network.objects.values("pk", *FIELDS)
    )


def copy_back_to_networks(apps, schema_editor):
    Network = apps.get_model("networks", "Network")
    for row in apps.get_model("events", "MeetingSettings").objects.values("network_id", *FIELDS):
        Network.objects.filter(pk=row.pop("network_id")).update(**row)


class Migration(migrations.Migration):

    dependencies = [
        ('events', '0005_information_event'),
        ('networks', '0021_network_factor_set_required'),
    ]

    operations = [
        migrations.CreateModel(
            name='MeetingSettings',
            fields=[
                ('network', models.OneToOneField(on_delete=django.db.models.deletion.CASCADE, primary_key=True, related_name='meeting_settings', serialize=False, to='networks.network', verbose_name='Netzwerk')),
                ('meeting_reminder_days', models.PositiveSmallIntegerField(default=3, help_text='So viele Tage vor einem Treffen erinnert das Portal die Eingeladenen.', verbose_name='Erinnerung an Treffen (Tage vorher)')),
            ],
            options={
                'verbose_name': 'Einstellungen zu Treffen',
                'verbose_name_plural': 'Einstellungen zu Treffen',
                'constraints': [models.CheckConstraint(condition=models.Q(('meeting_reminder_days__gte', 1), ('meeting_reminder_days__lte', 60)), name='events_meetingsettings_reminder_days_range')],
            },
            bases=(lib.constraints.ChecksMirroredInClean, models.Model),
        ),
        migrations.RunPython(copy_from_networks, copy_back_to_networks),
    ]
