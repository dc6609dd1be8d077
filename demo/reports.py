"""The demo's issued reports: two interim reports and the final report per network.

Issued through the service at their past dates, so their figures are those of
that time; no mail is sent while seeding. Seeding queues their PDFs; the worker
of `make run` makes them. The first network's final report carries the written sections the
coordination drafted (`TEXTS`).
"""

import datetime

from django.utils import timezone

from networks.models import Network, User
from reports.issuing import issue_report, save_report_draft
from reports.models import Report

NOTE = (
    "Der Bericht wurde im Netzwerktreffen vorgestellt. Die Zahlen stammen aus den "
    "Einträgen der Kommunen im Netzwerkportal (Beispieldaten)."
)
# The written sections of the demo's final reports (Markdown, as a coordinator writes).
TEXTS = {
    "summary": (
        "Zehn Kommunen aus dem Kreis Höxter und dem Paderborner Land haben drei Jahre lang "
        "gemeinsam an ihrem Energieverbrauch gearbeitet. Sie haben **30 Maßnahmen** "
        "begonnen, die Hälfte davon abgeschlossen, und dabei gelernt, Einsparungen "
        "messbar zu machen. Die Ziele sind nicht erreicht; der Weg dahin ist bereitet."
    ),
    "starting_point": (
        "Zu Beginn hatte keine der Kommunen ein Energiemanagement für alle Liegenschaften. "
        "Jede Kommune hat sich ein Einsparziel für Endenergie und Treibhausgase gesetzt, "
        "zusammen 5.625 MWh und 1.406 t CO₂ im Jahr."
    ),
    "how_it_worked": (
        "Das Netzwerk traf sich vierteljährlich, reihum in den Kommunen:\n\n"
        "- Auftakt, zehn Netzwerktreffen und die Abschlussveranstaltung\n"
        "- eine Exkursion zu einer Kläranlage, die Energie aus Klärgas gewinnt\n"
        "- zwischen den Treffen Austausch über das Netzwerkportal\n\n"
        "Die Moderation lag bei Green Navigation, die technische Beratung bei target."
    ),
    "lessons": (
        "Was sich bewährt hat: feste Termine ein Jahr im Voraus, Treffen vor Ort bei einer "
        "umgesetzten Maßnahme, und Zahlen, die jede Kommune selbst im Portal pflegt.\n\n"
        "Was schwer war: Fördermittel für kleine Maßnahmen und Personalwechsel in den "
        "Verwaltungen."
    ),
    "outlook": "Vierzehn Kommunen wollen die Arbeit gemeinsam fortsetzen.",
}
# Short texts on two municipalities, in their sections of the final report.
MUNICIPALITY_TEXTS = {
    "brakel": "Brakel hat die Heizung der Sporthalle am Schulzentrum optimiert und "
    "bereitet den Austausch des Ölkessels im Feuerwehrgerätehaus vor.",
    "kreis-hoexter": "Der Kreis hat als größter Teilnehmer die meisten Einsparungen "
    "beigetragen, vor allem in seinen Kläranlagen.",
}
CORRECTION = "Fassung 2: nachträglich gemeldete Fertigstellungen aufgenommen (Beispieldaten)."


def load_reports(*, networks: list[Network]) -> None:
    coordinator = User.objects.get(email="koordination@example.org")
    for number, network in enumerate(networks, start=1):
        if network.reports.exists():
            continue
        if number == 1:  # the texts' figures are the first network's
            ags = dict(
                network.participations.values_list("municipality__slug", "municipality__ags")
            )
            save_report_draft(
                network=network,
                user=coordinator,
                kind=Report.Kind.FINAL,
                texts=TEXTS,
                version=0,
                municipality_texts={
                    ags[slug]: text for slug, text in MUNICIPALITY_TEXTS.items() if slug in ags
                },
            )
        issues = [
            (Report.Kind.INTERIM, datetime.date(2022, 7, 1), datetime.date(2023, 6, 30),
             datetime.date(2023, 8, 15), NOTE),
            (Report.Kind.INTERIM, datetime.date(2023, 7, 1), datetime.date(2024, 6, 30),
             datetime.date(2024, 8, 20), NOTE),
            (Report.Kind.FINAL, network.term_start, network.term_end,
             datetime.date(2025, 9, 30), NOTE),
        ]  # fmt: skip
        if number == 1:
            issues.append(
                (Report.Kind.FINAL, network.term_start, network.term_end,
                 datetime.date(2025, 10, 14), CORRECTION)
            )  # fmt: skip
        for kind, start, end, day, note in issues:
            issue_report(
                network=network,
                user=coordinator,
                kind=kind,
                period_start=start,
                period_end=end,
                note=note,
                notify=False,
                now=timezone.make_aware(datetime.datetime.combine(day, datetime.time(10, 0))),
            )
