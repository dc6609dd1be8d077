"""The programme rules at their boundaries (reports/compliance.py): exactly six
municipalities, a due day itself, a gap of exactly 92 days, a report issued on its due
day or covering only part of its period, and municipalities that left (issue 29).
The personas' network runs 01.07.2022 – 30.06.2025."""

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from events.models import Meeting
from networks.models import Participation, Prospect
from reports.compliance import MAX_GAP_DAYS, check_network
from reports.issuing import issue_report
from reports.models import Report, ReportSettings
from tests.factories import MeasureFactory, MunicipalityFactory, ParticipationFactory
from tests.networks.test_recruitment import confirmed
from tests.reports.test_compliance import meeting, rule

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("module_personas")]

D = datetime.date


def six_confirmed(personas, *, with_letters: int = 6) -> list[Participation]:
    """Six municipalities taking part, the first `with_letters` of them with their
    written confirmation on file (the personas' two are replaced)."""
    personas.participation_a.delete()
    personas.participation_b.delete()
    participations = []
    for number in range(6):
        participation = ParticipationFactory(
            network=personas.network, municipality=MunicipalityFactory(name=f"Gemeinde {number}"),
            target_energy_mwh=Decimal("100"),
        )  # fmt: skip
        if number < with_letters:
            prospect = confirmed(personas, participation.municipality)
            Prospect.objects.filter(pk=prospect.pk).update(participation=participation)
        participations.append(participation)
    return participations


@pytest.mark.parametrize(
    ("with_letters", "state", "missing"),
    [(6, "green", ""), (5, "amber", " Ohne schriftliche Zusage in der Gewinnung: Gemeinde 5.")],
)
def test_exactly_six_municipalities_are_green_with_every_letter_amber_with_one_missing(
    personas, with_letters, state, missing
):
    six_confirmed(personas, with_letters=with_letters)
    participants = rule(personas, "teilnehmende Kommunen, jede", D(2023, 1, 1))
    assert (participants.state, participants.finding) == (
        state, "6 Kommunen nehmen teil." + missing,
    )  # fmt: skip


def test_six_with_one_that_left_before_the_day_are_five_and_red(personas):
    participations = six_confirmed(personas)
    Participation.objects.filter(pk=participations[0].pk).update(left_on=D(2022, 12, 31))
    participants = rule(personas, "teilnehmende Kommunen, jede", D(2023, 1, 1))
    assert (participants.state, participants.finding) == ("red", "5 Kommunen nehmen teil.")
    # On its last day it still took part.
    on_the_day = rule(personas, "teilnehmende Kommunen, jede", D(2022, 12, 31))
    assert (on_the_day.state, on_the_day.finding) == ("green", "6 Kommunen nehmen teil.")


def test_before_the_term_the_participants_are_counted_on_its_first_day(personas):
    participations = six_confirmed(personas)
    Participation.objects.filter(pk=participations[0].pk).update(joined_on=D(2022, 7, 2))
    before = rule(personas, "teilnehmende Kommunen, jede", D(2022, 1, 1))
    assert (before.state, before.finding) == ("red", "5 Kommunen nehmen teil.")
    after = rule(personas, "teilnehmende Kommunen, jede", D(2026, 1, 1))
    assert (after.state, after.finding) == ("green", "6 Kommunen nehmen teil.")


def test_missing_targets_are_amber_before_the_term_and_red_from_its_first_day(personas):
    Participation.objects.filter(pk=personas.participation_b.pk).update(target_energy_mwh=None)
    Participation.objects.filter(pk=personas.participation_a.pk).update(
        target_energy_mwh=Decimal("100")
    )
    assert rule(personas, "Einsparziel", D(2022, 6, 30)).state == "amber"
    first_day = rule(personas, "Einsparziel", D(2022, 7, 1))
    assert (first_day.state, first_day.finding) == ("red", "Borchen")
    Participation.objects.filter(pk=personas.participation_b.pk).update(
        target_energy_mwh=Decimal("0")
    )
    assert rule(personas, "Einsparziel", D(2022, 7, 1)).finding == "Alle mit Ziel."


def test_a_kick_off_is_amber_on_its_due_day_and_red_the_day_after(personas):
    due = D(2022, 7, 1) + datetime.timedelta(days=MAX_GAP_DAYS)
    assert due == D(2022, 10, 1)
    assert rule(personas, "Auftakt", due).state == "amber"
    assert rule(personas, "Auftakt", due + datetime.timedelta(days=1)).state == "red"


def test_a_kick_off_planned_for_later_is_amber_and_held_on_the_day_is_green(personas):
    kick_off = meeting(personas, D(2022, 9, 1), Meeting.Kind.KICK_OFF, title="Auftakt")
    planned = rule(personas, "Auftakt", D(2022, 8, 31))
    assert (planned.state, planned.finding, planned.link) == (
        "amber", "Geplant: Auftakt am 01.09.2022.", kick_off.get_absolute_url(),
    )  # fmt: skip
    assert rule(personas, "Auftakt", D(2022, 9, 1)).state == "green"


def test_a_final_event_is_amber_on_the_terms_last_day_and_red_the_day_after(personas):
    assert rule(personas, "Abschluss", D(2025, 6, 30)).state == "amber"
    assert rule(personas, "Abschluss", D(2025, 7, 1)).state == "red"
    assert rule(personas, "Abschluss", D(2025, 7, 1)).finding == (
        "Noch keines eingetragen (fällig bis 30.06.2025)."
    )


@pytest.mark.parametrize(("gap", "state"), [(MAX_GAP_DAYS, "green"), (MAX_GAP_DAYS + 1, "red")])
def test_a_gap_of_exactly_92_days_is_kept_and_93_are_not(personas, gap, state):
    first = D(2022, 7, 1)
    meeting(personas, first, Meeting.Kind.KICK_OFF)
    second = first + datetime.timedelta(days=gap)
    meeting(personas, second)
    rhythm = rule(personas, "alle drei Monate", second)
    assert rhythm.state == state
    if state == "red":
        assert rhythm.gaps == ("01.07.2022 – 02.10.2022: 93 Tage ohne Treffen",)


def test_on_the_terms_first_day_the_rhythm_is_kept_though_no_meeting_was_held(personas):
    first_day = rule(personas, "alle drei Monate", D(2022, 7, 1))
    assert (first_day.state, first_day.finding) == (
        "green", "0 Treffen in der Laufzeit bisher, keine Lücke über drei Monate.",
    )  # fmt: skip


def test_the_gap_from_the_terms_start_to_the_first_meeting_counts(personas):
    meeting(personas, D(2022, 7, 1) + datetime.timedelta(days=MAX_GAP_DAYS + 1))
    rhythm = rule(personas, "alle drei Monate", D(2022, 10, 3))
    assert rhythm.gaps == ("01.07.2022 – 02.10.2022: 93 Tage ohne Treffen",)


def test_before_the_term_the_rhythm_is_amber_and_after_it_no_gap_runs_on(personas):
    before = rule(personas, "alle drei Monate", D(2022, 6, 30))
    assert (before.state, before.finding) == ("amber", "Die Laufzeit hat noch nicht begonnen.")
    # Meetings every 90 days to the term's last day, and one after it that does not count.
    day = D(2022, 7, 1)
    while day <= D(2025, 6, 30):
        meeting(personas, day)
        day += datetime.timedelta(days=90)
    meeting(personas, D(2025, 6, 30))
    meeting(personas, D(2025, 9, 1))  # after the term
    after = rule(personas, "alle drei Monate", D(2026, 6, 30))
    assert (after.state, after.finding) == (
        "green", "14 Treffen in der Laufzeit bisher, keine Lücke über drei Monate.",
    )  # fmt: skip


FIRST_YEAR = (D(2022, 7, 1), D(2023, 6, 30))


def issued_on(personas, day: datetime.date, *, start=FIRST_YEAR[0], end=FIRST_YEAR[1]) -> Report:
    report = issue_report(network=personas.network, user=personas.coordinator, kind="interim",
                          period_start=start, period_end=end, notify=False)  # fmt: skip
    moment = datetime.datetime.combine(
        day, datetime.time(23, 30), tzinfo=timezone.get_default_timezone()
    )
    Report.objects.filter(pk=report.pk).update(issued_at=moment)
    report.refresh_from_db()
    return report


def interim_rule(personas, today):
    return next(
        r for r in check_network(personas.network, today=today)
        if r.rule.startswith("Zwischenbericht 01.07.2022 – 30.06.2023")
    )  # fmt: skip


def test_a_report_issued_late_on_its_due_day_is_in_time_and_the_day_after_is_not(personas):
    # due 30.10.2023
    ReportSettings.objects.create(network=personas.network, interim_report_due_months=4)
    report = issued_on(personas, D(2023, 10, 30))
    in_time = interim_rule(personas, D(2023, 11, 15))
    assert (in_time.state, in_time.finding) == ("green", "Ausgestellt am 30.10.2023.")
    Report.objects.filter(pk=report.pk).update(
        issued_at=report.issued_at + datetime.timedelta(days=1)
    )
    late = interim_rule(personas, D(2023, 11, 15))
    assert (late.state, late.finding) == ("amber", "Ausgestellt am 31.10.2023. Nach der Frist.")


def test_an_open_report_is_amber_on_its_due_day_and_red_the_day_after(personas):
    ReportSettings.objects.create(network=personas.network, interim_report_due_months=4)
    assert interim_rule(personas, D(2023, 10, 30)).state == "amber"
    assert interim_rule(personas, D(2023, 10, 31)).state == "red"


def test_a_report_covering_only_part_of_the_period_is_not_the_one_due(personas):
    ReportSettings.objects.create(network=personas.network, interim_report_due_months=4)
    issued_on(personas, D(2023, 9, 1), start=D(2022, 7, 2), end=D(2023, 6, 30))
    issued_on(personas, D(2023, 9, 2), start=D(2022, 7, 1), end=D(2023, 6, 29))
    missing = interim_rule(personas, D(2023, 11, 15))
    assert (missing.state, missing.finding) == ("red", "Noch nicht ausgestellt.")


def listed_interims(personas, today):
    rules = check_network(personas.network, today=today)
    return [r.rule for r in rules if r.rule.startswith("Zwischenbericht")]


def test_a_running_periods_report_is_listed_from_thirty_days_before_it_is_due(personas):
    # first interim due 30.07.2023
    ReportSettings.objects.create(network=personas.network, interim_report_due_months=1)
    assert listed_interims(personas, D(2023, 6, 29)) == []
    assert listed_interims(personas, D(2023, 6, 30)) == [
        "Zwischenbericht 01.07.2022 – 30.06.2023, fällig am 30.07.2023."
    ]


def test_a_report_is_listed_once_its_period_has_ended_though_due_months_later(personas):
    # first interim due 30.10.2023
    ReportSettings.objects.create(network=personas.network, interim_report_due_months=4)
    assert listed_interims(personas, D(2023, 6, 30)) == []
    assert interim_rule(personas, D(2023, 7, 1)).state == "amber"


def report_rules(network, today: datetime.date) -> list:
    return [r for r in check_network(network, today=today) if "bericht" in r.rule.lower()]


def test_the_final_report_due_soon_is_listed_while_the_last_network_year_still_runs(personas):
    # A term a day longer than one network year: the interim report of 01.02.2022 –
    # 31.01.2023 is due on 31.05.2023, the final one already on 01.03.2023.
    network = personas.network
    network.term_start, network.term_end = D(2022, 2, 1), D(2023, 2, 1)
    network.save()
    ReportSettings.objects.create(network=network, final_report_due_months=1)
    final = "Schlussbericht 01.02.2022 – 01.02.2023, fällig am 01.03.2023."
    reports = report_rules(network, D(2023, 1, 31))
    assert [(r.rule, r.state, r.finding) for r in reports] == [
        (final, "amber", "Noch nicht ausgestellt."),
    ]
    # The next day the network year has ended and its report is listed too.
    reports = report_rules(network, D(2023, 2, 1))
    assert [r.rule for r in reports] == [
        "Zwischenbericht 01.02.2022 – 31.01.2023, fällig am 31.05.2023.", final,
    ]  # fmt: skip


def test_measures_of_a_municipality_that_left_are_not_counted_as_stale(personas):
    for participation in (personas.participation_a, personas.participation_b):
        measure = MeasureFactory(participation=participation, status="in_progress")
        type(measure).objects.filter(pk=measure.pk).update(
            updated_at=timezone.now() - datetime.timedelta(days=400)
        )
    Participation.objects.filter(pk=personas.participation_b.pk).update(left_on=D(2024, 1, 1))
    stale = rule(personas, "aktualisiert", timezone.localdate())
    assert (stale.state, stale.finding) == ("amber", "1 Maßnahme ist länger nicht aktualisiert.")
