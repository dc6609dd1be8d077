"""Factor sets: the sets of emission factors a network can count its greenhouse-gas
figures in, loaded from the catalogue."""

from django.db import migrations, models

from networks.catalogue import load_factor_sets

def load_sets(apps, schema_editor):
    load_factor_sets(apps.get_model("networks", "FactorSet"))


class Migration(migrations.Migration):
    dependencies = [
        ("networks", "0017_report_deadlines"),
    ]

    operations = [
        migrations.CreateModel(
            name="FactorSet",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("name", models.CharField(max_length=100, verbose_name="Name")),
                ("slug", models.SlugField(unique=True, verbose_name="Kurzname")),
                (
                    "basis",
                    models.CharField(
                        choices=[
                            ("co2", "CO₂ (direkte Emissionen)"),
                            ("co2e", "CO₂-Äquivalente (mit Vorketten)"),
                        ],
                        max_length=4,
                        verbose_name="Bilanzgröße",
                    ),
                ),
                ("source", models.TextField(verbose_name="Quelle")),
                ("year", models.PositiveSmallIntegerField(verbose_name="Stand (Jahr)")),
                ("description", models.TextField(blank=True, verbose_name="Beschreibung")),
                (
                    "ordering",
                    models.PositiveSmallIntegerField(default=0, verbose_name="Reihenfolge"),
                ),
            ],
            options={
                "verbose_name": "Faktorbasis",
                "verbose_name_plural": "Faktorbasen",
                "ordering": ["ordering", "name"],
                "constraints": [
                    models.CheckConstraint(
                        condition=models.Q(("basis__in", ["co2", "co2e"])),
                        name="networks_factorset_basis_valid",
                    ),
                    models.CheckConstraint(
                        condition=models.Q(("year__gte", 1990), ("year__lte", 2100)),
                        name="networks_factorset_year_range",
                    ),
                ],
            },
        ),
        migrations.RunPython(load_sets, migrations.RunPython.noop),
    ]
