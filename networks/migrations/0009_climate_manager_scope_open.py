"""Climate-manager roles get the coordinator organisation that granted them (step 1 of 3).

The old scope rules and the one-role-per-municipality constraint go first, so that
step 2 can bind each existing role to organisations (one row per organisation).
Schema and data changes are separate migrations: PostgreSQL refuses to alter a table
with pending (deferred) foreign-key checks from rows written in the same transaction.
"""

import django.db.models.deletion
from django.db import migrations, models

HELP = (
    "Für Koordination und Klimaschutzmanagement: der Netzwerkträger, in dessen "
    "Netzwerken die Rolle gilt. Für Dienstleister und Fördermittelgeber optional die Firma."
)


class Migration(migrations.Migration):

    dependencies = [
        ("networks", "0008_meeting_reminder_days"),
    ]

    operations = [
        migrations.RemoveConstraint(
            model_name="membership", name="networks_membership_scope_matches_role"
        ),
        migrations.RemoveConstraint(
            model_name="membership", name="networks_membership_unique_climate_manager"
        ),
        migrations.RemoveConstraint(
            model_name="invitation", name="networks_invitation_scope_matches_role"
        ),
        *[
            migrations.AlterField(
                model_name=model_name,
                name="organisation",
                field=models.ForeignKey(
                    blank=True,
                    help_text=HELP,
                    null=True,
                    on_delete=django.db.models.deletion.CASCADE,
                    related_name="%(class)ss",
                    to="networks.organisation",
                    verbose_name="Organisation",
                ),
            )
            for model_name in ("invitation", "membership")
        ],
    ]
