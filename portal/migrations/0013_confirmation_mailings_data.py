"""Requests asked before mailings were recorded were mailed when asked; of several
open requests of one network and kind, the latest stays open and the others count as
replaced by it (one open request per network and kind from now on)."""

from django.db import migrations
from django.db.models import F


def forwards(apps, schema_editor):
    ConfirmationRequest = apps.get_model("portal", "ConfirmationRequest")
    Report = apps.get_model("portal", "Report")
    ConfirmationRequest.objects.filter(mailed_at__isnull=True).update(mailed_at=F("requested_at"))
    latest = {}
    for request in ConfirmationRequest.objects.filter(withdrawn_at__isnull=True).order_by(
        "requested_at", "pk"
    ):
        answered = Report.objects.filter(
            network_id=request.network_id, kind=request.kind,
            period_start=request.period_start, period_end=request.period_end,
            issued_at__gte=request.requested_at,
        ).exists()  # fmt: skip
        if answered:
            continue
        key = (request.network_id, request.kind)
        earlier = latest.get(key)
        if earlier is not None:
            ConfirmationRequest.objects.filter(pk=earlier.pk).update(
                withdrawn_at=request.requested_at
            )
        latest[key] = request


class Migration(migrations.Migration):
    dependencies = [("portal", "0012_confirmation_mailings")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
