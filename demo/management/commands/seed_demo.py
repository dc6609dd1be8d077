from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from demo.api import API_DEMO_PERSON, DEMO_API_TOKEN
from demo.data import DEMO_PASSWORD, DemoLogin, load_demo_data
from demo.regional import load_regional_networks


class Command(BaseCommand):
    help = "Lädt die Beispieldaten (Netzwerke, Kommunen, Maßnahmen, Demo-Zugänge). Idempotent."

    def handle(self, *args, **options):
        if not settings.DEMO_DATA_ALLOWED:
            raise CommandError(
                "Demo data (with the password 'demo') is never loaded when PORTAL_ENV=production."
            )
        today = timezone.localdate()
        logins = load_demo_data(today=today)
        # Beside the demo data the tests know: a coordinator of eight networks, whose
        # start page shows them as a table.
        logins += [DemoLogin(email, role) for email, role in load_regional_networks(today=today)]
        self.stdout.write(self.style.SUCCESS("Beispieldaten sind geladen."))
        # The portal's address (`make run PORT=8001` passes it), as in the e-mails' links.
        base_url = settings.PORTAL_BASE_URL
        self.stdout.write(f"Demo-Zugänge (Passwort „{DEMO_PASSWORD}“) für {base_url}:")
        width = max(len(login.email) for login in logins)
        for login in logins:
            self.stdout.write(f"  {login.email.ljust(width)}  {login.role}")
        self.stdout.write(
            f"API-Schlüssel der Demo ({API_DEMO_PERSON}): {DEMO_API_TOKEN}\n"
            f"  curl -H 'Authorization: Bearer {DEMO_API_TOKEN}' {base_url}/api/v1/measures/"
        )
        if settings.MFA_TOTP_INSECURE_BYPASS_CODE:
            self.stdout.write(
                "Zweiter Faktor (Administration, Koordination) in dieser Entwicklungsumgebung: "
                f"{settings.MFA_TOTP_INSECURE_BYPASS_CODE}"
            )
