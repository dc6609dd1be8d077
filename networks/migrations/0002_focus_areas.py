"""The five focus areas of the source page, as catalogue data the administrator may edit."""

from django.db import migrations

from networks.catalogue import load_focus_areas


def load(apps, schema_editor):
    load_focus_areas(apps.get_model("networks", "FocusArea"))


class Migration(migrations.Migration):
    dependencies = [("networks", "0001_initial")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
