from django.core.management.base import BaseCommand
from django.utils import timezone
from django.utils.formats import date_format

from events.models import ActionItem
from events.services.followup import pending_action_digests, send_action_digests
from lib.digests import listing


def _line(item: ActionItem) -> str:
    due = date_format(item.due_on, "SHORT_DATE_FORMAT")
    return f"{item.text[:80]} (fällig {due}, {item.meeting.title}, {item.meeting.network.name})"


class Command(BaseCommand):
    help = (
        "Schickt den Verantwortlichen eine Übersicht ihrer überfälligen und in der "
        "kommenden Woche fälligen Aufgaben aus Netzwerktreffen, höchstens einmal pro "
        "Woche. Täglich ausführen (cron oder systemd-Timer)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Nur anzeigen, wer welche Übersicht bekäme; nichts senden, nichts speichern.",
        )

    def handle(self, *args, dry_run: bool = False, **options):
        now = timezone.now()
        if dry_run:
            digests = pending_action_digests(now=now)
            for line in listing(digests, _line):
                self.stdout.write(line)
            self.stdout.write(f"Probelauf: {len(digests)} Übersichten würden verschickt.")
            return
        sent = send_action_digests(now=now)
        self.stdout.write(self.style.SUCCESS(f"{sent} Übersichten zum Versand eingereiht."))
