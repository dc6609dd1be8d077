"""The funding programme's rules at a glance (reports/compliance.py), on the personas'
network: term 01.07.2022 – 30.06.2025, Altenbeken and Borchen taking part."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from events.models import Meeting
from reports.compliance import check_network, report_deadlines
from reports.issuing import issue_report
from reports.models import ReportSettings
from tests.factories import MeasureFactory
from tests.helpers import with_totp

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("module_personas")]

D = datetime.date


def meeting(personas, day: datetime.date, kind=Meeting.Kind.NETWORK_MEETING, **fields):
    start = datetime.datetime.combine(
        day, datetime.time(10), tzinfo=timezone.get_default_timezone()
    )
    return Meeting.objects.create(
        network=personas.network, kind=kind, title=fields.pop("title", f"Treffen {day}"),
        starts_at=start, ends_at=start + datetime.timedelta(hours=3), venue="Rathaus",
        moderator=personas.service_provider, **fields,
    )  # fmt: skip


def rule(personas, text: str, today: datetime.date):
    return next(r for r in check_network(personas.network, today=today) if text in r.rule)


def test_too_few_municipalities_and_missing_targets_are_red(personas):
    personas.participation_a.target_energy_mwh = Decimal("100")
    personas.participation_a.save()
    personas.participation_b.target_energy_mwh = None
    personas.participation_b.save()
    participants = rule(personas, "teilnehmende Kommunen, jede", D(2023, 1, 1))
    assert participants.state == "red"
    assert participants.finding == (
        "2 Kommunen nehmen teil. Ohne schriftliche Zusage in der Gewinnung: Altenbeken, Borchen."
    )
    targets = rule(personas, "Einsparziel", D(2023, 1, 1))
    assert (targets.state, targets.finding) == ("red", "Borchen")


def test_kick_off_and_final_event_are_due_then_held(personas):
    assert rule(personas, "Auftakt", D(2022, 9, 1)).state == "amber"
    assert rule(personas, "Auftakt", D(2022, 11, 1)).finding == (
        "Noch keines eingetragen (fällig bis 01.10.2022)."
    )
    assert rule(personas, "Auftakt", D(2022, 11, 1)).state == "red"
    kick_off = meeting(personas, D(2022, 7, 20), Meeting.Kind.KICK_OFF, title="Auftakt")
    held = rule(personas, "Auftakt", D(2022, 11, 1))
    assert (held.state, held.finding, held.link) == (
        "green",
        "Auftakt am 20.07.2022.",
        kick_off.get_absolute_url(),
    )
    assert rule(personas, "Abschluss", D(2024, 1, 1)).state == "amber"
    assert rule(personas, "Abschluss", D(2025, 7, 1)).state == "red"
    meeting(personas, D(2025, 6, 20), Meeting.Kind.FINAL_EVENT, title="Abschluss")
    assert rule(personas, "Abschluss", D(2025, 7, 1)).state == "green"


def test_each_gap_of_more_than_three_months_between_meetings_is_named(personas):
    meeting(personas, D(2022, 7, 20), Meeting.Kind.KICK_OFF)
    meeting(personas, D(2022, 10, 5))
    meeting(personas, D(2023, 3, 1))
    meeting(personas, D(2023, 4, 1), status=Meeting.Status.CANCELLED)  # does not count
    meeting(personas, D(2022, 12, 1), Meeting.Kind.INFORMATION_EVENT)  # nor does this
    rhythm = rule(personas, "alle drei Monate", D(2022, 12, 1))
    assert (rhythm.state, rhythm.finding) == ("green", "2 Treffen in der Laufzeit bisher, "
                                              "keine Lücke über drei Monate.")  # fmt: skip
    rhythm = rule(personas, "alle drei Monate", D(2023, 8, 1))
    assert rhythm.state == "red"
    assert rhythm.gaps == (
        "05.10.2022 – 01.03.2023: 147 Tage ohne Treffen",
        "01.03.2023 – 01.08.2023: 153 Tage ohne Treffen",
    )


def test_reports_are_due_by_the_networks_own_deadlines(personas):
    network = personas.network
    ReportSettings.objects.create(
        network=network, interim_report_due_months=4, final_report_due_months=6
    )
    assert report_deadlines(network) == [
        ("interim", D(2022, 7, 1), D(2023, 6, 30), D(2023, 10, 30)),
        ("interim", D(2023, 7, 1), D(2024, 6, 30), D(2024, 10, 30)),
        ("final", D(2022, 7, 1), D(2025, 6, 30), D(2025, 12, 30)),
    ]
    reports = [r for r in check_network(network, today=D(2023, 11, 15)) if "fällig am" in r.rule]
    assert [(r.rule, r.state, r.finding) for r in reports] == [
        ("Zwischenbericht 01.07.2022 – 30.06.2023, fällig am 30.10.2023.", "red",
         "Noch nicht ausgestellt."),
    ]  # fmt: skip
    report = issue_report(network=network, user=personas.coordinator, kind="interim",
                          period_start=D(2022, 7, 1), period_end=D(2023, 6, 30),
                          notify=False,
                          now=datetime.datetime(2023, 11, 10, 12, tzinfo=datetime.UTC))  # fmt: skip
    issued = next(r for r in check_network(network, today=D(2023, 11, 15)) if "fällig" in r.rule)
    assert issued.state == "amber"  # issued after its deadline
    assert issued.finding == "Ausgestellt am 10.11.2023. Nach der Frist."
    # As of the day before, it was not issued: a report's annex knows no later one.
    before = next(r for r in check_network(network, today=D(2023, 11, 9)) if "fällig" in r.rule)
    assert (before.state, before.finding) == ("red", "Noch nicht ausgestellt.")
    in_time = datetime.datetime(2023, 10, 2, 12, tzinfo=datetime.UTC)
    type(report).objects.filter(pk=report.pk).update(issued_at=in_time)
    issued = next(r for r in check_network(network, today=D(2023, 11, 15)) if "fällig" in r.rule)
    assert (issued.state, issued.finding) == ("green", "Ausgestellt am 02.10.2023.")
    ReportSettings.objects.filter(network=network).update(
        interim_report_due_months=24
    )  # another grant notice
    # Before the first network year ends, only when the first report is due.
    first = [r for r in check_network(network, today=D(2022, 12, 1)) if "Berichte" in r.rule]
    assert first[0].finding == "Der erste Bericht ist am 30.06.2025 fällig."


def test_measures_not_updated_within_the_staleness_period_are_counted(personas):
    measure = MeasureFactory(participation=personas.participation_a, status="in_progress")
    type(measure).objects.filter(pk=measure.pk).update(
        updated_at=timezone.now() - datetime.timedelta(days=400)
    )
    stale = rule(personas, "aktualisiert", timezone.localdate())
    assert (stale.state, stale.finding) == ("amber", "1 Maßnahme ist länger nicht aktualisiert.")
    # As of a day before it went stale (a report's moment), it was not.
    earlier = timezone.localdate() - datetime.timedelta(days=350)
    assert rule(personas, "aktualisiert", earlier).finding == "Alle aktuell."


def test_the_funders_annex_leaves_out_the_working_signal_of_measures_kept_up_to_date(
    personas,
):
    # A coordination's reminder to itself, not a rule of the programme: the compliance
    # page shows it, the report's annex (what the funder reads) does not.
    measure = MeasureFactory(participation=personas.participation_a, status="in_progress")
    type(measure).objects.filter(pk=measure.pk).update(
        updated_at=timezone.now() - datetime.timedelta(days=400)
    )
    assert rule(personas, "aktualisiert", timezone.localdate()).state == "amber"
    report = issue_report(network=personas.network, user=personas.coordinator, kind="interim",
                          period_start=D(2022, 7, 1), period_end=D(2023, 6, 30),
                          notify=False)  # fmt: skip
    rules = [row["rule"] for row in report.figures["compliance"]]
    assert "Eine Auftaktveranstaltung hat stattgefunden." in rules
    assert not [text for text in rules if "aktualisiert" in text]


def test_the_page_is_for_those_who_oversee_the_network(client, personas):
    url = reverse("compliance", args=[personas.network.slug])
    for person in (personas.coordinator, personas.funder, personas.service_provider):
        client.force_login(with_totp(person))
        page = client.get(url).content.decode()
        assert "Förderregeln auf einen Blick" in page and "verfehlt" in page
    client.force_login(personas.climate_manager_a)
    assert client.get(url).status_code == 403
    for outsider in (personas.other_coordinator, personas.foreign_climate_manager):
        client.force_login(with_totp(outsider))
        assert client.get(url).status_code == 404


def test_an_issued_report_keeps_the_rules_as_of_its_figures(personas):
    meeting(personas, D(2022, 7, 20), Meeting.Kind.KICK_OFF, title="Auftakt")
    report = issue_report(network=personas.network, user=personas.coordinator, kind="interim",
                          period_start=D(2022, 7, 1), period_end=D(2023, 6, 30),
                          notify=False)  # fmt: skip
    rules = {r["rule"]: r for r in report.figures["compliance"]}
    assert rules["Eine Auftaktveranstaltung hat stattgefunden."]["state"] == "green"
    rhythm = rules["Mindestens alle drei Monate ein Netzwerktreffen."]
    assert rhythm["gaps"] == ["20.07.2022 – 30.06.2023: 345 Tage ohne Treffen"]
