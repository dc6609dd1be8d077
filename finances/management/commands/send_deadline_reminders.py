from django.core.management.base import BaseCommand
from django.utils import timezone

from finances.reminders import pending_reminders, send_deadline_reminders
from lib.mail import recipient_language


class Command(BaseCommand):
    help = (
        "Erinnert Koordination und Finanzverantwortliche an die Fristen der Zwischennachweise "
        "und des Verwendungsnachweises: vier Wochen und eine Woche vorher und nach Ablauf, "
        "jede Stufe einmal. Täglich ausführen (cron)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Nur anzeigen, wer welche Erinnerung bekäme; nichts senden, nichts speichern.",
        )

    def handle(self, *args, dry_run: bool = False, **options):
        today = timezone.localdate()
        if dry_run:
            pending = pending_reminders(today=today)
            for item in pending:
                self.stdout.write(f"{item.grant.network.name}: {item.deadline} ({item.step})")
                for person in item.people:
                    self.stdout.write(f"  - {person.email} ({recipient_language(person)})")
            count = sum(len(item.people) for item in pending)
            self.stdout.write(f"Probelauf: {count} Erinnerungen würden verschickt.")
            return
        sent = send_deadline_reminders(today=today)
        self.stdout.write(self.style.SUCCESS(f"{sent} Erinnerungen zum Versand eingereiht."))
