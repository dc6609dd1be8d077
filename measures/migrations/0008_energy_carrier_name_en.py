"""Energy carriers get an English name; the reference ones get theirs filled in."""

from django.db import migrations, models

from measures.catalogue import name_carriers_in_english


def name_in_english(apps, schema_editor):
    name_carriers_in_english(apps.get_model("measures", "EnergyCarrier"))


class Migration(migrations.Migration):

    dependencies = [
        ('measures', '0007_dates_within_sane_range'),
    ]

    operations = [
        migrations.AddField(
            model_name='energycarrier',
            name='name_en',
            field=models.CharField(blank=True, help_text='Für die englische Oberfläche; leer gelassen gilt der deutsche Name.', max_length=100, verbose_name='Name (englisch)'),
        ),
        migrations.RunPython(name_in_english, migrations.RunPython.noop),
    ]
