"""The admin's names for other apps' models: allauth and django-tasks-db bring no German
for these."""

from django.apps import apps
from django.utils.translation import gettext_lazy as _

# Models of other apps that the admin lists, named in the portal's languages: allauth
# and django-tasks-db bring no German for these, so the German admin said "User
# sessions", "Authenticators" and "Task Results".
THIRD_PARTY_NAMES = {
    ("usersessions", "UserSession"): (_("Benutzersitzung"), _("Benutzersitzungen")),
    ("mfa", "Authenticator"): (_("Zweiter Faktor"), _("Zweite Faktoren")),
    ("django_tasks_database", "DBTaskResult"): (
        _("Hintergrundaufgabe"),
        _("Hintergrundaufgaben"),
    ),
}
for (app_label, model_name), (singular, plural) in THIRD_PARTY_NAMES.items():
    options = apps.get_model(app_label, model_name)._meta
    options.verbose_name, options.verbose_name_plural = singular, plural
apps.get_app_config("django_tasks_database").verbose_name = _("Hintergrund-Worker")
apps.get_app_config("mfa").verbose_name = _("Anmeldung mit zweitem Faktor")
