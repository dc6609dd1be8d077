import datetime

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from measures.services import clean_imports


class Command(BaseCommand):
    help = (
        "Löscht Import-Vorschauen, die älter als --older-than-hours sind (liegen "
        "gelassene mit ihren Zeilen), und Dateien, die frühere Versionen unter importe/ "
        "abgelegt haben. Täglich ausführen (cron)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--older-than-hours",
            type=int,
            default=24,
            help="Nur Vorschauen und Dateien, die älter sind (Standard: 24 Stunden).",
        )
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Nur zählen, was gelöscht würde; nichts löschen.",
        )

    def handle(self, *args, older_than_hours: int = 24, dry_run: bool = False, **options):
        if older_than_hours < 1:
            raise CommandError("--older-than-hours muss mindestens 1 sein.")
        before = timezone.now() - datetime.timedelta(hours=older_than_hours)
        previews, files = clean_imports(before=before, dry_run=dry_run)
        if dry_run:
            self.stdout.write(
                f"Probelauf: {previews} Import-Vorschauen und {files} Dateien würden gelöscht."
            )
        else:
            self.stdout.write(
                self.style.SUCCESS(f"{previews} Import-Vorschauen und {files} Dateien gelöscht.")
            )
