"""What each programme rule asks, what it found and where its evidence is
(reports/compliance.py): the whole text, the state and the link of each rule, as the
compliance page and a report's annex show them, in the singular and the plural
(issue 29). The personas' network runs 01.07.2022 – 30.06.2025, Altenbeken and
Borchen taking part; the other network has Cappel and Altenbeken."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from measures.models import Measure
from networks.models import Participation
from reports.compliance import check_network
from tests.factories import MeasureFactory
from tests.reports.test_compliance import meeting, rule
from tests.reports.test_compliance_boundaries import interim_rule, issued_on

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("module_personas")]

D = datetime.date

RHYTHM = "Mindestens alle drei Monate ein Netzwerktreffen."
STALENESS = "Maßnahmen werden innerhalb von 90 Tagen aktualisiert."
EVIDENCE = (
    "Abgeschlossene Maßnahmen ab 100 MWh/a Einsparung geben an, wie die Einsparung ermittelt wurde."
)


def stale_measure(participation: Participation) -> Measure:
    """An unfinished measure of the participation, last updated 400 days ago (stale
    after the default 90 days)."""
    measure = MeasureFactory(participation=participation, status="in_progress")
    Measure.objects.filter(pk=measure.pk).update(
        updated_at=timezone.now() - datetime.timedelta(days=400)
    )
    return measure


def as_shown(found) -> tuple:
    return (found.state, found.rule, found.finding, found.link, found.gaps)


def test_on_the_terms_first_day_every_rule_says_what_it_asks_found_and_where_to_look(personas):
    Participation.objects.filter(network=personas.network).update(target_energy_mwh=Decimal("100"))
    slug = personas.network.slug
    meetings = reverse("network_meetings", args=[slug])
    rules = check_network(personas.network, today=D(2022, 7, 1))
    assert [as_shown(r) for r in rules] == [
        ("red", "Mindestens 6 teilnehmende Kommunen, jede mit ihrer schriftlichen Zusage.",
         "2 Kommunen nehmen teil. Ohne schriftliche Zusage in der Gewinnung: Altenbeken, Borchen.",
         reverse("recruitment", args=[slug]), ()),
        ("amber", "Eine Auftaktveranstaltung hat stattgefunden.",
         "Noch keines eingetragen (fällig bis 01.10.2022).", meetings, ()),
        ("green", RHYTHM, "0 Treffen in der Laufzeit bisher, keine Lücke über drei Monate.",
         meetings, ()),
        ("amber", "Eine Abschlussveranstaltung hat stattgefunden.",
         "Noch keines eingetragen (fällig bis 30.06.2025).", meetings, ()),
        ("green", "Jede teilnehmende Kommune hat ein Einsparziel (MWh/a).", "Alle mit Ziel.",
         personas.network.get_absolute_url(), ()),
        ("green", "Berichte nach den Fristen des Zuwendungsbescheids.",
         "Der erste Bericht ist am 30.10.2023 fällig.", reverse("report_list", args=[slug]), ()),
        ("green", STALENESS, "Alle aktuell.", f"{reverse('measure_list')}?netzwerk={slug}", ()),
        ("green", EVIDENCE, "Alle mit Angabe.",
         f"{reverse('measure_list')}?netzwerk={slug}&status=completed&nachweis=keiner", ()),
    ]  # fmt: skip


def test_a_single_municipality_taking_part_is_named_in_the_singular(personas):
    personas.participation_b.delete()
    participants = rule(personas, "teilnehmende Kommunen, jede", D(2023, 1, 1))
    assert (participants.state, participants.finding) == (
        "red", "1 Kommune nimmt teil. Ohne schriftliche Zusage in der Gewinnung: Altenbeken.",
    )  # fmt: skip


def test_every_municipality_without_a_target_is_named(personas):
    Participation.objects.filter(network=personas.network).update(target_energy_mwh=None)
    targets = rule(personas, "Einsparziel", D(2023, 1, 1))
    assert as_shown(targets) == (
        "red", "Jede teilnehmende Kommune hat ein Einsparziel (MWh/a).", "Altenbeken, Borchen",
        personas.network.get_absolute_url(), (),
    )  # fmt: skip


@pytest.mark.parametrize(
    ("days", "today", "state", "finding", "gaps"),
    [
        ([], D(2022, 6, 30), "amber", "Die Laufzeit hat noch nicht begonnen.", ()),
        ([D(2022, 7, 20)], D(2022, 8, 1), "green",
         "1 Treffen in der Laufzeit bisher, keine Lücke über drei Monate.", ()),
        ([D(2022, 7, 20)], D(2022, 11, 1), "red", "1 längere Lücke.",
         ("20.07.2022 – 01.11.2022: 104 Tage ohne Treffen",)),
        ([D(2022, 7, 20), D(2022, 12, 1)], D(2023, 4, 1), "red", "2 längere Lücken.",
         ("20.07.2022 – 01.12.2022: 134 Tage ohne Treffen",
          "01.12.2022 – 01.04.2023: 121 Tage ohne Treffen")),
    ],
)  # fmt: skip
def test_the_rhythm_counts_meetings_and_gaps_and_links_to_the_networks_meetings(
    personas, days, today, state, finding, gaps
):
    for day in days:
        meeting(personas, day)
    rhythm = rule(personas, "alle drei Monate", today)
    meetings = reverse("network_meetings", args=[personas.network.slug])
    assert as_shown(rhythm) == (state, RHYTHM, finding, meetings, gaps)


def test_an_open_report_links_to_the_networks_reports_and_an_issued_one_to_itself(personas):
    # The first interim report, 01.07.2022 – 30.06.2023, is due on 30.10.2023.
    text = "Zwischenbericht 01.07.2022 – 30.06.2023, fällig am 30.10.2023."
    reports = reverse("report_list", args=[personas.network.slug])
    assert as_shown(interim_rule(personas, D(2023, 11, 15))) == (
        "red", text, "Noch nicht ausgestellt.", reports, (),
    )  # fmt: skip
    report = issued_on(personas, D(2023, 10, 2))
    assert as_shown(interim_rule(personas, D(2023, 11, 15))) == (
        "green", text, "Ausgestellt am 02.10.2023.", report.get_absolute_url(), (),
    )  # fmt: skip


def test_several_stale_measures_are_counted_in_the_plural(personas):
    stale_measure(personas.participation_a)
    stale_measure(personas.participation_b)
    stale = rule(personas, "aktualisiert", timezone.localdate())
    assert as_shown(stale) == (
        "amber", STALENESS, "2 Maßnahmen sind länger nicht aktualisiert.",
        f"{reverse('measure_list')}?netzwerk={personas.network.slug}", (),
    )  # fmt: skip


def test_a_stale_measure_of_another_network_is_not_counted(personas):
    stale_measure(personas.participation_c)
    stale = rule(personas, "aktualisiert", timezone.localdate())
    assert (stale.state, stale.finding) == ("green", "Alle aktuell.")
    # In its own network it is.
    others = next(
        r for r in check_network(personas.other_network, today=timezone.localdate())
        if "aktualisiert" in r.rule
    )  # fmt: skip
    assert (others.state, others.finding) == ("amber", "1 Maßnahme ist länger nicht aktualisiert.")
