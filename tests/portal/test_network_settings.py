"""The settings that measures, meetings and reports keep per network (issue 30): each
row's rules at their boundaries with the exact German message and the database
constraint that says the same (moved from the network's own fields), the defaults of a
network without a row, and the network's settings page that edits them beside it."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from events.models import MeetingSettings
from measures.models import Measure, MeasureSettings
from networks.models import Network
from portal.forms import NetworkSettingsForm
from reports.models import ReportSettings
from tests.factories import MeasureFactory, NetworkFactory, OrganisationFactory
from tests.helpers import refusals, violates
from tests.portal.test_network_edit import form_data

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("module_personas")]

STALENESS = "Bitte mindestens einen Tag angeben."
REMINDER = "Bitte zwischen 1 und 60 Tagen angeben."
MONTHS = "Bitte zwischen 1 und 24 Monaten angeben."
STALENESS_RULE = "measures_measuresettings_staleness_positive"
EVIDENCE = "Bitte mindestens 1 MWh/a angeben."
EVIDENCE_RULE = "measures_measuresettings_evidence_threshold_positive"
REMINDER_RULE = "events_meetingsettings_reminder_days_range"
MONTHS_RULE = "reports_reportsettings_report_deadlines_range"


class TestSettingsRows:
    @pytest.mark.parametrize(
        ("model", "field", "value", "message", "constraint"),
        [
            (MeasureSettings, "staleness_days", 0, STALENESS, STALENESS_RULE),
            (MeasureSettings, "staleness_days", 1, None, None),
            (MeasureSettings, "evidence_threshold_mwh", 0, EVIDENCE, EVIDENCE_RULE),
            (MeasureSettings, "evidence_threshold_mwh", 1, None, None),
            (MeetingSettings, "meeting_reminder_days", 0, REMINDER, REMINDER_RULE),
            (MeetingSettings, "meeting_reminder_days", 1, None, None),
            (MeetingSettings, "meeting_reminder_days", 60, None, None),
            (MeetingSettings, "meeting_reminder_days", 61, REMINDER, REMINDER_RULE),
            (ReportSettings, "interim_report_due_months", 0, MONTHS, MONTHS_RULE),
            (ReportSettings, "interim_report_due_months", 1, None, None),
            (ReportSettings, "interim_report_due_months", 24, None, None),
            (ReportSettings, "interim_report_due_months", 25, MONTHS, MONTHS_RULE),
            (ReportSettings, "final_report_due_months", 0, MONTHS, MONTHS_RULE),
            (ReportSettings, "final_report_due_months", 1, None, None),
            (ReportSettings, "final_report_due_months", 24, None, None),
            (ReportSettings, "final_report_due_months", 25, MONTHS, MONTHS_RULE),
        ],
    )
    def test_each_setting_is_allowed_up_to_its_limit_and_refused_beyond(
        self, model, field, value, message, constraint
    ):
        network = NetworkFactory(coordinator=OrganisationFactory())
        row = model(network=network, **{field: value})
        assert refusals(row.full_clean) == ({field: [message]} if message else {})
        if constraint:
            with violates(constraint):
                row.save()
        else:
            row.save()

    def test_a_network_without_rows_has_the_defaults(self):
        network = NetworkFactory(coordinator=OrganisationFactory())
        network = Network.objects.get(pk=network.pk)
        assert MeasureSettings.for_network(network).staleness_days == 90
        assert MeetingSettings.for_network(network).meeting_reminder_days == 3
        deadlines = ReportSettings.for_network(network)
        assert (deadlines.interim_report_due_months, deadlines.final_report_due_months) == (4, 6)
        assert not MeasureSettings.objects.filter(network=network).exists()

    def test_a_network_with_a_row_has_its_values(self):
        network = NetworkFactory(coordinator=OrganisationFactory())
        MeasureSettings.objects.create(network=network, staleness_days=30)
        network = Network.objects.get(pk=network.pk)
        assert MeasureSettings.for_network(network).staleness_days == 30


def test_a_measure_of_a_network_without_a_row_is_stale_after_the_default_90_days(personas):
    now = timezone.now()
    old, fresh = (
        MeasureFactory(participation=personas.participation_a, title=title, status="planned")
        for title in ("alt", "frisch")
    )
    for measure, days in ((old, 91), (fresh, 89)):
        Measure.objects.filter(pk=measure.pk).update(updated_at=now - datetime.timedelta(days=days))
    in_network = Measure.objects.filter(participation__network=personas.network)
    assert [m.title for m in in_network.stale(now)] == ["alt"]


def test_every_setting_out_of_range_is_named_at_once_on_the_settings_page(client, personas):
    client.force_login(personas.coordinator)
    data = form_data(
        personas.network,
        staleness_days="0",
        meeting_reminder_days="61",
        interim_report_due_months="0",
        final_report_due_months="25",
    )
    response = client.post(reverse("network_edit", args=[personas.network.slug]), data)
    assert response.status_code == 422
    assert response.context["form"].errors == {
        "staleness_days": [STALENESS],
        "meeting_reminder_days": [REMINDER],
        "interim_report_due_months": [MONTHS],
        "final_report_due_months": [MONTHS],
    }
    assert not MeasureSettings.objects.exists()


def test_the_settings_follow_the_factor_set_with_their_labels_and_help(personas):
    form = NetworkSettingsForm(instance=personas.network)
    names = list(form.fields)
    at = names.index("factor_set")
    assert names[at + 1 : at + 7] == [
        "staleness_days", "evidence_threshold_mwh", "meeting_reminder_days",
        "interim_report_due_months", "final_report_due_months", "contact_name",
    ]  # fmt: skip
    field = form.fields["staleness_days"]
    assert (str(field.label), str(field.help_text)) == (
        "Maßnahmen gelten als veraltet nach (Tagen)",
        "Nach so vielen Tagen ohne Änderung erscheint eine Maßnahme als veraltet.",
    )
    assert [form.initial[name] for name in names[at + 1 : at + 6]] == [90, 100, 3, 4, 6]


def test_the_settings_page_saves_every_setting_into_its_row(client, personas):
    client.force_login(personas.coordinator)
    data = form_data(
        personas.network,
        staleness_days="30",
        meeting_reminder_days="7",
        interim_report_due_months="5",
        final_report_due_months="9",
    )
    response = client.post(reverse("network_edit", args=[personas.network.slug]), data)
    assert response.status_code == 302
    network = Network.objects.get(pk=personas.network.pk)
    deadlines = ReportSettings.objects.get(network=network)
    assert (
        MeasureSettings.objects.get(network=network).staleness_days,
        MeetingSettings.objects.get(network=network).meeting_reminder_days,
        deadlines.interim_report_due_months,
        deadlines.final_report_due_months,
        network.version,
    ) == (30, 7, 5, 9, 2)
    form = NetworkSettingsForm(instance=network)
    assert form.initial["staleness_days"] == 30
    assert form.initial["final_report_due_months"] == 9


def test_a_refused_save_leaves_the_settings_rows_as_they_were(client, personas):
    client.force_login(personas.coordinator)
    stale = form_data(personas.network, staleness_days="30")
    Network.objects.get(pk=personas.network.pk).save()  # somebody else saves in between
    response = client.post(reverse("network_edit", args=[personas.network.slug]), stale)
    assert response.status_code == 409
    assert not MeasureSettings.objects.exists()
