"""Climate managers invited to meetings that their role no longer opens are taken off
the invitee lists of meetings that have not begun.

Since networks 0010/0011 a climate-manager role opens only the networks of the
coordinator organisation that granted it. Invitee rows made before, for people whose
role came from another organisation, would otherwise keep them on the meeting's
list, among the attendance candidates and on the cancellation's distribution.
Meetings that have begun keep their rows: they are the record of who was invited.
"""

from django.db import migrations
from django.utils import timezone


def remove(apps, schema_editor):
    Invitee = apps.get_model("events", "Invitee")
    Membership = apps.get_model("networks", "Membership")
    stale = []
    for invitee in Invitee.objects.filter(
        role="climate_manager", meeting__starts_at__gt=timezone.now()
    ).select_related("meeting__network"):
        granted = Membership.objects.filter(
            user_id=invitee.user_id,
            role="climate_manager",
            municipality_id=invitee.municipality_id,
            organisation_id=invitee.meeting.network.coordinator_id,
        )
        if not granted.exists():
            stale.append(invitee.pk)
    Invitee.objects.filter(pk__in=stale).delete()


class Migration(migrations.Migration):

    dependencies = [
        ("events", "0002_dates_within_sane_range"),
        ("networks", "0011_climate_manager_scope_close"),
    ]

    operations = [migrations.RunPython(remove, migrations.RunPython.noop)]
