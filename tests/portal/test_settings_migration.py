"""The settings of measures, meetings and reports moved from the network to a row per
network in their apps (measures 0015, events 0006, reports 0003, networks 0022; issue
30): a network's values, defaults or not, come through the move and back."""

import pytest

from events.models import MeetingSettings
from measures.models import MeasureSettings
from reports.models import ReportSettings
from tests.factories import NetworkFactory, OrganisationFactory
from tests.helpers import migrate, migrate_to_latest

BEFORE = [
    ("networks", "0021_network_factor_set_required"),
    ("measures", "0014_single_carrier_removed"),
    ("events", "0005_information_event"),
    ("reports", "0001_initial"),
]
FIELDS = [
    "staleness_days", "meeting_reminder_days", "interim_report_due_months",
    "final_report_due_months",
]  # fmt: skip


def _settings(network_id: int) -> tuple[int, int, int, int]:
    deadlines = ReportSettings.objects.get(network_id=network_id)
    return (
        MeasureSettings.objects.get(network_id=network_id).staleness_days,
        MeetingSettings.objects.get(network_id=network_id).meeting_reminder_days,
        deadlines.interim_report_due_months,
        deadlines.final_report_due_months,
    )


@pytest.mark.django_db(transaction=True)
def test_each_networks_settings_come_through_the_move_and_back():
    own, plain = (NetworkFactory(coordinator=OrganisationFactory()) for _ in range(2))
    MeasureSettings.objects.create(network=own, staleness_days=45)
    MeetingSettings.objects.create(network=own, meeting_reminder_days=10)
    ReportSettings.objects.create(
        network=own, interim_report_due_months=2, final_report_due_months=12
    )

    old = migrate(BEFORE)
    OldNetwork = old.get_model("networks", "Network")
    assert {
        row["pk"]: tuple(row[field] for field in FIELDS)
        for row in OldNetwork.objects.values("pk", *FIELDS)
    } == {own.pk: (45, 10, 2, 12), plain.pk: (90, 3, 4, 6)}
    # Another grant notice, entered before the move.
    OldNetwork.objects.filter(pk=plain.pk).update(
        staleness_days=60, meeting_reminder_days=1, interim_report_due_months=24,
        final_report_due_months=1,
    )  # fmt: skip

    migrate_to_latest()
    assert _settings(own.pk) == (45, 10, 2, 12)
    assert _settings(plain.pk) == (60, 1, 24, 1)
