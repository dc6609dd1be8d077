"""The demo's issued reports: two interim reports and the final report per network.

Issued through the service at their past dates, so their figures are those of
that time; no mail is sent while seeding. The PDFs are made on first download.
"""

import datetime

from django.utils import timezone

from networks.models import Network, User
from portal.models import Report
from portal.services import issue_report

NOTE = (
    "Der Bericht wurde im Netzwerktreffen vorgestellt. Die Zahlen stammen aus den "
    "Einträgen der Kommunen im Netzwerkportal (Beispieldaten)."
)
CORRECTION = "Fassung 2: nachträglich gemeldete Fertigstellungen aufgenommen (Beispieldaten)."


def load_reports(*, networks: list[Network]) -> None:
    coordinator = User.objects.get(email="koordination@example.org")
    for number, network in enumerate(networks, start=1):
        if network.reports.exists():
            continue
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
