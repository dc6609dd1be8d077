"""A network's factor set is required (the programme's by default); targets count in it."""

import django.db.models.deletion
from django.db import migrations, models

import networks.models

class Migration(migrations.Migration):
    dependencies = [
        ("networks", "0020_network_factor_set_data"),
    ]

    operations = [
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
