"""The five focus areas of the source page, as catalogue data the administrator may edit."""

from django.db import migrations

FOCUS_AREAS = [
    (
        "abwasser",
        "Energieeffiziente Abwasseraufbereitung",
        "Kläranlagen, Pumpwerke und Faulgasnutzung energieeffizient betreiben.",
    ),
    (
        "energieversorgung",
        "Umweltfreundliche Energieversorgung",
        "Wärme und Strom für kommunale Gebäude sparsam und erneuerbar bereitstellen.",
    ),
    (
        "beleuchtung",
        "Innovative Beleuchtung",
        "Straßen-, Hallen- und Gebäudebeleuchtung auf effiziente Technik umstellen.",
    ),
    (
        "quartier",
        "Quartierslösungen",
        "Wärmenetze, Sanierung und Energiekonzepte für ganze Quartiere.",
    ),
    (
        "mobilitaet",
        "Klimafreundliche Mobilität",
        "Fuhrpark, Radverkehr und Mobilitätsangebote der Kommune klimafreundlich gestalten.",
    ),
]


def load(apps, schema_editor):
    FocusArea = apps.get_model("networks", "FocusArea")
    for ordering, (slug, name, description) in enumerate(FOCUS_AREAS, start=1):
        FocusArea.objects.get_or_create(
            slug=slug,
            defaults={"name": name, "description": description, "ordering": ordering * 10},
        )


class Migration(migrations.Migration):
    dependencies = [("networks", "0001_initial")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
