"""The Kommunalrichtlinie's categories as data, and existing measures get the one
their title points to where it is plain (issue 34); the rest stay "noch nicht
zugeordnet", a to-do for their climate managers."""

from django.db import migrations

from measures.catalogue import assign_categories, load_categories


def load_and_assign(apps, schema_editor):
    MeasureCategory = apps.get_model("measures", "MeasureCategory")
    load_categories(MeasureCategory)
    assign_categories(apps.get_model("measures", "Measure"), MeasureCategory)


def unassign(apps, schema_editor):
    apps.get_model("measures", "Measure").objects.update(category=None)


class Migration(migrations.Migration):

    dependencies = [
        ("measures", "0018_measure_categories"),
    ]

    operations = [
        migrations.RunPython(load_and_assign, unassign),
    ]
