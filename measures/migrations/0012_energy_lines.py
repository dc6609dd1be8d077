"""A measure records energy saved and added per carrier (MeasureEnergy) and its
lifetime; its net figures may be negative."""

import django.db.models.deletion
import simple_history.models
from django.conf import settings
from django.db import migrations, models

import lib.constraints

class Migration(migrations.Migration):
    dependencies = [
        ("measures", "0011_factor_set_required"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='HistoricalMeasureEnergy',
            fields=[
                ('id', models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name='ID')),
                ('effect', models.CharField(choices=[('saved', 'eingespart'), ('added', 'zusätzlich bezogen')], default='saved', max_length=5, verbose_name='Wirkung')),
                ('kwh', models.DecimalField(decimal_places=2, max_digits=14, verbose_name='kWh/a')),
                ('history_id', models.AutoField(primary_key=True, serialize=False)),
                ('history_date', models.DateTimeField(db_index=True)),
                ('history_change_reason', models.CharField(max_length=100, null=True)),
                ('history_type', models.CharField(choices=[('+', 'Created'), ('~', 'Changed'), ('-', 'Deleted')], max_length=1)),
            ],
            options={
                'verbose_name': 'historical Energieträger der Maßnahme',
                'verbose_name_plural': 'historical Energieträger der Maßnahme',
                'ordering': ('-history_date', '-history_id'),
                'get_latest_by': ('history_date', 'history_id'),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name='MeasureEnergy',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('effect', models.CharField(choices=[('saved', 'eingespart'), ('added', 'zusätzlich bezogen')], default='saved', max_length=5, verbose_name='Wirkung')),
                ('kwh', models.DecimalField(decimal_places=2, max_digits=14, verbose_name='kWh/a')),
            ],
            options={
                'verbose_name': 'Energieträger der Maßnahme',
                'verbose_name_plural': 'Energieträger der Maßnahme',
                'ordering': ['measure', '-effect', 'carrier__ordering', 'pk'],
            },
            bases=(lib.constraints.ChecksMirroredInClean, models.Model),
        ),
        migrations.RemoveConstraint(
            model_name='measure',
            name='measures_measure_energy_savings_not_negative',
        ),
        migrations.RemoveConstraint(
            model_name='measure',
            name='measures_measure_energy_savings_has_carrier',
        ),
        migrations.RemoveConstraint(
            model_name='measure',
            name='measures_measure_co2_not_negative',
        ),
        migrations.RemoveConstraint(
            model_name='measure',
            name='measures_measure_computed_co2_has_factor',
        ),
        migrations.AddField(
            model_name='historicalmeasure',
            name='lifetime_years',
            field=models.PositiveSmallIntegerField(blank=True, help_text='Wie lange die Maßnahme wirkt, etwa 20 Jahre für LED-Leuchten oder eine PV-Anlage; daraus folgt die Einsparung über die Nutzungsdauer.', null=True, verbose_name='Nutzungsdauer (Jahre)'),
        ),
        migrations.AddField(
            model_name='measure',
            name='lifetime_years',
            field=models.PositiveSmallIntegerField(blank=True, help_text='Wie lange die Maßnahme wirkt, etwa 20 Jahre für LED-Leuchten oder eine PV-Anlage; daraus folgt die Einsparung über die Nutzungsdauer.', null=True, verbose_name='Nutzungsdauer (Jahre)'),
        ),
        migrations.AlterField(
            model_name='historicalmeasure',
            name='co2_savings_t',
            field=models.DecimalField(blank=True, decimal_places=3, help_text='In der Faktorbasis des Netzwerks (t CO₂/a oder t CO₂e/a).', max_digits=12, null=True, verbose_name='THG-Einsparung (t/a)'),
        ),
        migrations.AlterField(
            model_name='historicalmeasure',
            name='energy_savings_kwh',
            field=models.DecimalField(blank=True, decimal_places=2, help_text='Saldo aller Energieträger: eingespart minus zusätzlich bezogen.', max_digits=14, null=True, verbose_name='Endenergieeinsparung (kWh/a)'),
        ),
        migrations.AlterField(
            model_name='measure',
            name='co2_savings_t',
            field=models.DecimalField(blank=True, decimal_places=3, help_text='In der Faktorbasis des Netzwerks (t CO₂/a oder t CO₂e/a).', max_digits=12, null=True, verbose_name='THG-Einsparung (t/a)'),
        ),
        migrations.AlterField(
            model_name='measure',
            name='energy_savings_kwh',
            field=models.DecimalField(blank=True, decimal_places=2, help_text='Saldo aller Energieträger: eingespart minus zusätzlich bezogen.', max_digits=14, null=True, verbose_name='Endenergieeinsparung (kWh/a)'),
        ),
        migrations.AddConstraint(
            model_name='measure',
            constraint=models.CheckConstraint(condition=models.Q(('lifetime_years__isnull', True), models.Q(('lifetime_years__gte', 1), ('lifetime_years__lte', 100)), _connector='OR'), name='measures_measure_lifetime_range'),
        ),
        migrations.AddField(
            model_name='historicalmeasureenergy',
            name='carrier',
            field=models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='measures.energycarrier', verbose_name='Energieträger'),
        ),
        migrations.AddField(
            model_name='historicalmeasureenergy',
            name='factor',
            field=models.ForeignKey(blank=True, db_constraint=False, editable=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='measures.emissionfactor', verbose_name='verwendeter Emissionsfaktor'),
        ),
        migrations.AddField(
            model_name='historicalmeasureenergy',
            name='history_user',
            field=models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL),
        ),
        migrations.AddField(
            model_name='historicalmeasureenergy',
            name='measure',
            field=models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='measures.measure', verbose_name='Maßnahme'),
        ),
        migrations.AddField(
            model_name='measureenergy',
            name='carrier',
            field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='measure_lines', to='measures.energycarrier', verbose_name='Energieträger'),
        ),
        migrations.AddField(
            model_name='measureenergy',
            name='factor',
            field=models.ForeignKey(blank=True, editable=False, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='measure_lines', to='measures.emissionfactor', verbose_name='verwendeter Emissionsfaktor'),
        ),
        migrations.AddField(
            model_name='measureenergy',
            name='measure',
            field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='energy', to='measures.measure', verbose_name='Maßnahme'),
        ),
        migrations.AddConstraint(
            model_name='measureenergy',
            constraint=models.UniqueConstraint(fields=('measure', 'carrier', 'effect'), name='measures_measureenergy_unique_carrier_effect', violation_error_message='Jeden Energieträger bitte nur einmal als eingespart und einmal als zusätzlich bezogen eintragen.'),
        ),
        migrations.AddConstraint(
            model_name='measureenergy',
            constraint=models.CheckConstraint(condition=models.Q(('effect__in', ['saved', 'added'])), name='measures_measureenergy_effect_valid'),
        ),
        migrations.AddConstraint(
            model_name='measureenergy',
            constraint=models.CheckConstraint(condition=models.Q(('kwh__gt', 0)), name='measures_measureenergy_kwh_positive'),
        ),
    ]
