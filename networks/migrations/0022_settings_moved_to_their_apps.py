"""The settings of measures, meetings and reports live in their apps now (issue 30):
measures 0015, events 0006 and reports 0003 copied every network's values first."""

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('networks', '0021_network_factor_set_required'),
        ('measures', '0015_measure_settings'),
        ('events', '0006_meeting_settings'),
        ('reports', '0002_report_settings'),
    ]

    operations = [
        migrations.RemoveConstraint(
            model_name='network',
            name='networks_network_staleness_positive',
        ),
        migrations.RemoveConstraint(
            model_name='network',
            name='networks_network_reminder_days_range',
        ),
        migrations.RemoveConstraint(
            model_name='network',
            name='networks_network_report_deadlines_range',
        ),
        migrations.RemoveField(
            model_name='historicalnetwork',
            name='final_report_due_months',
        ),
        migrations.RemoveField(
            model_name='historicalnetwork',
            name='interim_report_due_months',
        ),
        migrations.RemoveField(
            model_name='historicalnetwork',
            name='meeting_reminder_days',
        ),
        migrations.RemoveField(
            model_name='historicalnetwork',
            name='staleness_days',
        ),
        migrations.RemoveField(
            model_name='network',
            name='final_report_due_months',
        ),
        migrations.RemoveField(
            model_name='network',
            name='interim_report_due_months',
        ),
        migrations.RemoveField(
            model_name='network',
            name='meeting_reminder_days',
        ),
        migrations.RemoveField(
            model_name='network',
            name='staleness_days',
        ),
    ]
