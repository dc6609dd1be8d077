"""The shell's writes that span the apps: a network's settings page saves the network
and the settings that measures, meetings and reports keep for it."""

from collections.abc import Iterable

from django.db import transaction
from django.utils.translation import gettext as _

from events.models import MeetingSettings
from lib.conflicts import EditConflict, when_text
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
    measure_settings_version: int | None,
) -> Network:
    """Save a coordinator's edit of a network (measures.services.update_network_settings,
    which checks the person and the version the edit was based on) and its settings
    rows: all or nothing. The measure settings are also written by the library sharing
    page, so their row is checked against `measure_settings_version`, the version the
    page was loaded with (EditConflict if somebody saved them since). The other rows
    are written here and in the admin only, under the network's lock."""
    with transaction.atomic():
        update_network_settings(
            network=network,
            user=user,
            base_version=base_version,
            focus_areas=focus_areas,
            service_providers=service_providers,
        )
        measure_settings.network = network
        measure_settings.lock_for_edit(measure_settings_version, conflict=_settings_conflict)
        for row in (measure_settings, meeting_settings, report_settings):
            row.network = network
            row.full_clean(exclude=["network"], validate_unique=False)
            row.save()
    return network


def _settings_conflict(current: MeasureSettings, loaded_version: int | None) -> EditConflict:
    return EditConflict(
        _(
            "Die Einstellungen zu Maßnahmen (etwa das Teilen in der Bibliothek) wurden "
            "inzwischen geändert (%(when)s). Ihre Änderungen sind nicht gespeichert: bitte "
            "die Seite neu laden und erneut eintragen."
        )
        % {"when": when_text(current.updated_at)},
        current=current,
    )
