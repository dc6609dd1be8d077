"""Factor sets: each network counts its greenhouse-gas figures in one set of emission
factors, the programme's BAFA set unless it chooses another."""

import django.db.models.deletion
from django.db import migrations, models

import networks.models
from networks.catalogue import load_factor_sets


def load_sets(apps, schema_editor):
    load_factor_sets(apps.get_model("networks", "FactorSet"))


def count_in_programme_set(apps, schema_editor):
    FactorSet = apps.get_model("networks", "FactorSet")
    programme = FactorSet.objects.get(slug=networks.models.PROGRAMME_FACTOR_SET)
    apps.get_model("networks", "Network").objects.update(factor_set=programme)
    apps.get_model("networks", "HistoricalNetwork").objects.update(factor_set=programme)


class Migration(migrations.Migration):
    dependencies = [("networks", "0017_report_deadlines")]

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
        migrations.AddField(
            model_name="network",
            name="factor_set",
            field=models.ForeignKey(
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="networks",
                to="networks.factorset",
                verbose_name="Emissionsfaktoren",
            ),
        ),
        migrations.AddField(
            model_name="historicalnetwork",
            name="factor_set",
            field=models.ForeignKey(
                blank=True,
                db_constraint=False,
                null=True,
                on_delete=django.db.models.deletion.DO_NOTHING,
                related_name="+",
                to="networks.factorset",
                verbose_name="Emissionsfaktoren",
            ),
        ),
        migrations.RunPython(count_in_programme_set, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="network",
            name="factor_set",
            field=models.ForeignKey(
                default=networks.models.programme_factor_set,
                help_text="Die Faktorbasis, mit der die Treibhausgas-Einsparungen des Netzwerks gerechnet werden; das Förderprogramm verlangt die BAFA-Faktoren.",
                on_delete=django.db.models.deletion.PROTECT,
                related_name="networks",
                to="networks.factorset",
                verbose_name="Emissionsfaktoren",
            ),
        ),
        migrations.AlterField(
            model_name="historicalnetwork",
            name="factor_set",
            field=models.ForeignKey(
                blank=True,
                db_constraint=False,
                default=networks.models.programme_factor_set,
                help_text="Die Faktorbasis, mit der die Treibhausgas-Einsparungen des Netzwerks gerechnet werden; das Förderprogramm verlangt die BAFA-Faktoren.",
                null=True,
                on_delete=django.db.models.deletion.DO_NOTHING,
                related_name="+",
                to="networks.factorset",
                verbose_name="Emissionsfaktoren",
            ),
        ),
        migrations.AlterField(
            model_name="historicalparticipation",
            name="target_co2_t",
            field=models.DecimalField(
                blank=True,
                decimal_places=3,
                help_text="In der Faktorbasis des Netzwerks: t CO₂/a oder t CO₂e/a.",
                max_digits=12,
                null=True,
                verbose_name="Einsparziel Treibhausgase (t/a)",
            ),
        ),
        migrations.AlterField(
            model_name="historicalprospect",
            name="target_co2_t",
            field=models.DecimalField(
                blank=True,
                decimal_places=3,
                help_text="In der Faktorbasis des Netzwerks: t CO₂/a oder t CO₂e/a.",
                max_digits=12,
                null=True,
                verbose_name="Einsparziel Treibhausgase (t/a)",
            ),
        ),
        migrations.AlterField(
            model_name="participation",
            name="target_co2_t",
            field=models.DecimalField(
                blank=True,
                decimal_places=3,
                help_text="In der Faktorbasis des Netzwerks: t CO₂/a oder t CO₂e/a.",
                max_digits=12,
                null=True,
                verbose_name="Einsparziel Treibhausgase (t/a)",
            ),
        ),
        migrations.AlterField(
            model_name="prospect",
            name="target_co2_t",
            field=models.DecimalField(
                blank=True,
                decimal_places=3,
                help_text="In der Faktorbasis des Netzwerks: t CO₂/a oder t CO₂e/a.",
                max_digits=12,
                null=True,
                verbose_name="Einsparziel Treibhausgase (t/a)",
            ),
        ),
    ]
