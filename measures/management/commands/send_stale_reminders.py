from django.core.management.base import BaseCommand
from django.utils import timezone
from django.utils.formats import date_format

from lib.digests import listing
from measures.models import Measure
from measures.reminders import pending_digests, send_stale_reminders


def _line(measure: Measure) -> str:
    participation = measure.participation
    updated = date_format(timezone.localtime(measure.updated_at), "SHORT_DATE_FORMAT")
    return (
        f"{measure.title} ({participation.municipality.name}, "
        f"{participation.network.name}), zuletzt geändert {updated}"
    )


class Command(BaseCommand):
    help = (
        "Schickt Klimaschutzmanager*innen eine Übersicht ihrer lange nicht aktualisierten "
        "Maßnahmen, höchstens einmal pro Woche. Täglich ausführen (cron)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Nur anzeigen, wer welche Erinnerung bekäme; nichts senden, nichts speichern.",
        )

    def handle(self, *args, dry_run: bool = False, **options):
        now = timezone.now()
        if dry_run:
            digests = pending_digests(now=now)
            for line in listing(digests, _line):
                self.stdout.write(line)
            self.stdout.write(f"Probelauf: {len(digests)} Erinnerungen würden verschickt.")
            return
        sent = send_stale_reminders(now=now)
        self.stdout.write(self.style.SUCCESS(f"{sent} Erinnerungen zum Versand eingereiht."))
