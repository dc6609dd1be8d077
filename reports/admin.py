"""Reports in the admin, for oversight: issued reports never change (their PDF stays
byte-identical), so they are shown, with their downloads and confirmations."""

from django.contrib import admin

from lib.admin import PortalAdmin, ReadOnlyAdmin, ReadOnlyInline
from networks.admin import show_on_network_page
from reports.models import (
    Confirmation,
    ConfirmationRequest,
    Report,
    ReportDownload,
    ReportSettings,
)


@show_on_network_page
class ReportSettingsInline(PortalAdmin, admin.StackedInline):
    model = ReportSettings
    can_delete = False


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
