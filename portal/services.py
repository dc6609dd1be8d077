"""The shell's writes that span the apps: a network's settings page saves the network
and the settings that measures, meetings and reports keep for it."""

from collections.abc import Iterable

from django.db import transaction

from events.models import MeetingSettings
from measures.models import MeasureSettings
from measures.services import update_network_settings
from networks.models import FocusArea, Network, Organisation, User
from reports.models import ReportSettings


def save_network_settings(
    *,
    network: Network,
    user: User,
    base_version: int,
    focus_areas: Iterable[FocusArea],
    service_providers: Iterable[Organisation],
    measure_settings: MeasureSettings,
    meeting_settings: MeetingSettings,
    report_settings: ReportSettings,
) -> Network:
    """Save a coordinator's edit of a network (measures.services.update_network_settings,
    which checks the person and the version the edit was based on) and its settings
    rows: all or nothing."""
    with transaction.atomic():
        update_network_settings(
            network=network,
            user=user,
            base_version=base_version,
            focus_areas=focus_areas,
            service_providers=service_providers,
        )
        for row in (measure_settings, meeting_settings, report_settings):
            row.network = network
            row.full_clean(exclude=["network"], validate_unique=False)
            row.save()
    return network
