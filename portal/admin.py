"""Reports in the admin, for oversight: issued reports never change (their PDF stays
byte-identical), so they are shown, with their downloads and confirmations."""

from django.apps import apps
from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from lib.admin import ReadOnlyAdmin, ReadOnlyInline
from portal.models import Confirmation, ConfirmationRequest, Report, ReportDownload

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


class ReportDownloadInline(ReadOnlyInline):
    model = ReportDownload
    fields = ("downloaded_at", "user_name", "sha256")


@admin.register(Report)
class ReportAdmin(ReadOnlyAdmin):
    list_display = ("__str__", "version", "language", "issued_at", "issued_by_name")
    list_filter = ("kind", "language", "network")
    search_fields = ("network__name", "note")
    list_select_related = ("network",)
    exclude = ("figures", "texts")  # long JSON; the report page shows them
    inlines = (ReportDownloadInline,)


class ConfirmationInline(ReadOnlyInline):
    model = Confirmation
    fields = ("participation", "confirmed_at", "confirmed_by_name")


@admin.register(ConfirmationRequest)
class ConfirmationRequestAdmin(ReadOnlyAdmin):
    list_display = ("network", "kind", "period_start", "period_end", "requested_at")
    list_filter = ("kind", "network")
    list_select_related = ("network",)
    inlines = (ConfirmationInline,)
