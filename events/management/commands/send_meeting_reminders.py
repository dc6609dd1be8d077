from django.core.management.base import BaseCommand
from django.utils import timezone
from django.utils.formats import date_format

from events.services import send_meeting_reminders


class Command(BaseCommand):
    help = (
        "Erinnert die Eingeladenen an Treffen, die in den nächsten Tagen stattfinden (so viele "
        "Tage vorher, wie das Netzwerk einstellt; Standard 3), einmal je Treffen. Stündlich "
        "oder täglich ausführen (cron)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Nur anzeigen, welche Treffen erinnert würden; nichts senden, nichts speichern.",
        )

    def handle(self, *args, dry_run: bool = False, **options):
        done = send_meeting_reminders(now=timezone.now(), dry_run=dry_run)
        for meeting, count in done:
            start = date_format(timezone.localtime(meeting.starts_at), "SHORT_DATETIME_FORMAT")
            self.stdout.write(f"{meeting.title} ({meeting.network.name}, {start}): {count}")
        verb = "würden erinnert" if dry_run else "erinnert"
        self.stdout.write(self.style.SUCCESS(f"{len(done)} Treffen {verb}."))
