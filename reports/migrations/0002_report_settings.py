"""A network's report deadlines move from the network to a row of their own (issue 30),
with every network's values."""

import django.db.models.deletion
import lib.constraints
from django.db import migrations, models


FIELDS = ["interim_report_due_months", "final_report_due_months"]


def copy_from_networks(apps, schema_editor):
    Network = apps.get_model("networks", "Network")
    Settings = apps.get_model("reports", "ReportSettings")
    Settings.objects.bulk_create(
        Settings(network_id=row.pop("pk"), **row)
        for row in Network.objects.values("pk", *FIELDS)
    )


def copy_back_to_networks(apps, schema_editor):
    Network = apps.get_model("networks", "Network")
    for row in apps.get_model("reports", "ReportSettings").objects.values("network_id", *FIELDS):
        Network.objects.filter(pk=row.pop("network_id")).update(**row)


class Migration(migrations.Migration):

    dependencies = [
        ('networks', '0021_network_factor_set_required'),
        ('reports', '0001_initial'),
    ]

    operations = [
        migrations.CreateModel(
            name='ReportSettings',
            fields=[
                ('network', models.OneToOneField(on_delete=django.db.models.deletion.CASCADE, primary_key=True, related_name='report_settings', serialize=False, to='networks.network', verbose_name='Netzwerk')),
                ('interim_report_due_months', models.PositiveSmallIntegerField(db_default=4, default=4, help_text='Laut Zuwendungsbescheid; meist 4 Monate nach dem Ende jedes Jahres.', verbose_name='Zwischenbericht fällig (Monate nach jedem Netzwerkjahr)')),
                ('final_report_due_months', models.PositiveSmallIntegerField(db_default=6, default=6, help_text='Laut Zuwendungsbescheid.', verbose_name='Schlussbericht fällig (Monate nach Laufzeitende)')),
            ],
            options={
                'verbose_name': 'Berichtsfristen',
                'verbose_name_plural': 'Berichtsfristen',
                'constraints': [models.CheckConstraint(condition=models.Q(('interim_report_due_months__gte', 1), ('interim_report_due_months__lte', 24), ('final_report_due_months__gte', 1), ('final_report_due_months__lte', 24)), name='reports_reportsettings_report_deadlines_range')],
            },
            bases=(lib.constraints.ChecksMirroredInClean, models.Model),
        ),
        migrations.RunPython(copy_from_networks, copy_back_to_networks),
    ]
