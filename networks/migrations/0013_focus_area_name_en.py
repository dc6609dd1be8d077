"""Focus areas get an English name; the five reference ones get theirs filled in."""

from django.db import migrations, models

from networks.catalogue import name_focus_areas_in_english


def name_in_english(apps, schema_editor):
    name_focus_areas_in_english(apps.get_model("networks", "FocusArea"))


class Migration(migrations.Migration):

    dependencies = [
        ('networks', '0012_dates_within_sane_range'),
    ]

    operations = [
        migrations.AddField(
            model_name='focusarea',
            name='name_en',
            field=models.CharField(blank=True, help_text='Für die englische Oberfläche; leer gelassen gilt der deutsche Name.', max_length=200, verbose_name='Name (englisch)'),
        ),
        migrations.RunPython(name_in_english, migrations.RunPython.noop),
    ]
