"""The demo's issued reports: two interim reports and the final report per ended
network, and the running network's interim reports by their deadlines with the next
one's figures being confirmed.

Issued through the service at their past dates, so their figures are those of
that time; no mail is sent while seeding. Seeding queues their PDFs; the worker
of `make run` makes them. A final report needs its written sections or a reason for
each one left empty: the first network's carries the sections the coordination
drafted (`TEXTS`) and leaves the results in words out (`LEFT_EMPTY`), the second's
has two sections (`TEXTS_2`) and gives its reasons for the others (`LEFT_EMPTY_2`).
Each report's annex carries the coordination's comments on rules (`RULE_COMMENTS`).
"""

import datetime

from django.utils import timezone

from finances.models import BudgetLine
from networks.models import Municipality, Network, User
from reports.compliance import report_deadlines
from reports.confirmations import confirm_figures
from reports.figures.building import line_key
from reports.issuing import issue_report, save_report_draft
from reports.models import ConfirmationRequest, Report
from reports.periods import default_period

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
# The sections the first network's final report leaves empty on purpose, and why.
LEFT_EMPTY = {
    "results": (
        "Die Ergebnisse zeigen die Zahlen, Tabellen und Diagramme dieses Berichts; ein "
        "eigener Text dazu hätte sie nur wiederholt."
    ),
}
# The second network's final report: two sections written, the others left empty.
TEXTS_2 = {
    "summary": (
        "Zehn Kommunen aus dem Kreis Paderborn haben drei Jahre lang gemeinsam Maßnahmen "
        "für weniger Energieverbrauch in ihren Liegenschaften geplant und umgesetzt. Die "
        "Zahlen stammen aus ihren Einträgen im Netzwerkportal (Beispieldaten)."
    ),
    "how_it_worked": (
        "Das Netzwerk traf sich reihum in den Kommunen; zwischen den Treffen lief der "
        "Austausch über das Netzwerkportal."
    ),
}
LEFT_EMPTY_2 = {
    "starting_point": (
        "Ausgangslage und Ziele stehen im Förderantrag, der dem Fördermittelgeber vorliegt."
    ),
    "results": "Die Ergebnisse zeigen die Zahlen und Diagramme dieses Berichts.",
    "lessons": (
        "Die Erfahrungen beider Netzwerke stehen im Schlussbericht des Klimaschutz-Netzwerks "
        "Westfalen Weser 1."
    ),
    "outlook": (
        "Wie es weitergeht, beschreibt der Schlussbericht des Klimaschutz-Netzwerks "
        "Westfalen Weser 1 für beide Netzwerke."
    ),
}
# Short texts on two municipalities, in their sections of the final report.
MUNICIPALITY_TEXTS = {
    "brakel": "Brakel hat die Heizung der Sporthalle am Schulzentrum optimiert und "
    "bereitet den Austausch des Ölkessels im Feuerwehrgerätehaus vor.",
    "kreis-hoexter": "Der Kreis hat als größter Teilnehmer die meisten Einsparungen "
    "beigetragen, vor allem in seinen Kläranlagen.",
}
# The coordination's comments on the programme's rules of the annex, printed under the
# portal's findings: the written confirmations are on paper, and why the last network
# meeting before the final event came late.
RULE_COMMENTS = {
    "participants": (
        "Die schriftlichen Zusagen aller Kommunen liegen in Papierform vor; sie werden mit "
        "dem Verwendungsnachweis nachgereicht (Beispieldaten)."
    ),
    "rhythm": (
        "Das Netzwerktreffen im Frühjahr 2025 wurde zugunsten der gemeinsamen "
        "Abschlussveranstaltung mit dem Nachbarnetzwerk verschoben (Beispieldaten)."
    ),
}
INTERIM_RULE_COMMENTS = {"participants": RULE_COMMENTS["participants"]}
CORRECTION = "Fassung 2: nachträglich gemeldete Fertigstellungen aufgenommen (Beispieldaten)."


def load_reports(*, networks: list[Network]) -> None:
    coordinator = User.objects.get(email="koordination@example.org")
    for number, network in enumerate(networks, start=1):
        if network.reports.exists():
            continue
        # The texts' figures are the first network's.
        texts, left_empty = (TEXTS, LEFT_EMPTY) if number == 1 else (TEXTS_2, LEFT_EMPTY_2)
        ags = dict(network.participations.values_list("municipality__slug", "municipality__ags"))
        save_report_draft(
            network=network,
            user=coordinator,
            kind=Report.Kind.FINAL,
            texts=texts,
            version=0,
            municipality_texts={
                ags[slug]: text for slug, text in MUNICIPALITY_TEXTS.items() if slug in ags
            },
            rule_comments=RULE_COMMENTS,
        )
        save_report_draft(
            network=network, user=coordinator, kind=Report.Kind.INTERIM, texts={},
            version=0, rule_comments=INTERIM_RULE_COMMENTS,
        )  # fmt: skip
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
                left_empty=left_empty,
                now=timezone.make_aware(datetime.datetime.combine(day, datetime.time(10, 0))),
            )


# The running network's coordination issues each interim report ten weeks after its
# network year, well before the deadline of the grant notice.
ISSUED_AFTER = datetime.timedelta(weeks=10)
CONFIRMING = ("harsewinkel", "rietberg")


def load_running_reports(*, network: Network, user: User, today: datetime.date) -> None:
    """The running network's interim reports whose deadline has passed, issued in time,
    and the request to confirm the figures of the one due next."""
    if not network.reports.exists():
        for kind, start, end, due in report_deadlines(network):
            if kind != Report.Kind.INTERIM or due >= today:
                continue
            day = min(end + ISSUED_AFTER, due)
            issue_report(
                network=network,
                user=user,
                kind=kind,
                period_start=start,
                period_end=end,
                note=NOTE,
                notify=False,
                now=timezone.make_aware(datetime.datetime.combine(day, datetime.time(10, 0))),
            )
    _confirmations(network, user, today)


# The running network's coordination explains in its final report's draft why the
# events line is over its plan (demo.finances: a bigger event than planned).
EVENTS_COMMENT = (
    "Die Abschlussveranstaltung in der Stadthalle Rietberg wurde für alle Kommunen des "
    "Kreises geöffnet; die Mehrkosten decken Einsparungen bei den Reisekosten (Beispieldaten)."
)


def load_line_comments(*, network: Network, user: User) -> None:
    """The coordination's comment on the line over its plan, in the final report's
    draft (the texts page shows it under the chapter on the finances)."""
    line = BudgetLine.objects.filter(grant__network=network, kind=BudgetLine.Kind.EVENTS).first()
    if line is None or network.report_drafts.filter(kind=Report.Kind.FINAL).exists():
        return
    save_report_draft(
        network=network, user=user, kind=Report.Kind.FINAL, texts={}, version=0,
        line_comments={line_key(line.pk): EVENTS_COMMENT},
    )  # fmt: skip


def _confirmations(network: Network, coordinator: User, today: datetime.date) -> None:
    """The coordination has asked for the figures of the coming interim report; two
    towns have confirmed, the others are still missing (their managers see the request
    on their start page). No mail is sent while seeding."""
    if network.confirmation_requests.exists():
        return
    kind, start, end = default_period(network, today)
    if end <= start or network.reports.filter(kind=kind, period_start=start, period_end=end):
        return  # nothing to report on yet, or already issued
    # Asked and mailed two days ago: the reports page says from when a reminder goes.
    asked_at = timezone.now() - datetime.timedelta(days=2)
    request = ConfirmationRequest.objects.create(
        network=network, kind=kind, period_start=start, period_end=end,
        requested_by=coordinator, requested_at=asked_at, mailed_at=asked_at,
    )  # fmt: skip
    for municipality in Municipality.objects.filter(slug__in=CONFIRMING):
        confirm_figures(
            request=request,
            participation=network.participations.get(municipality=municipality),
            user=User.objects.get(email=f"klima.{municipality.slug}@example.org"),
        )
