"""The finances in the admin: for oversight and repairs. People keep them on the
network's finances pages (finances/views.py), where the checks are shown."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from finances.models import (
    BudgetLine,
    CallOff,
    DeadlineReminder,
    Financing,
    Grant,
    PlanChange,
    PlannedAmount,
    Proof,
    Receipt,
    ReceiptImport,
)
from lib.admin import PortalAdmin, ReadOnlyAdmin


class BudgetLineInline(PortalAdmin, admin.TabularInline):
    model = BudgetLine
    extra = 0


class FinancingInline(PortalAdmin, admin.TabularInline):
    model = Financing
    extra = 0


@admin.register(Grant)
class GrantAdmin(PortalAdmin, SimpleHistoryAdmin):
    list_display = ("network", "period_start", "period_end", "funding_rate", "maximum_grant")
    list_select_related = ("network",)
    search_fields = ("network__name", "notice_number")
    inlines = (BudgetLineInline, FinancingInline)


class PlannedAmountInline(PortalAdmin, admin.TabularInline):
    model = PlannedAmount
    extra = 0


@admin.register(BudgetLine)
class BudgetLineAdmin(PortalAdmin, SimpleHistoryAdmin):
    list_display = ("name", "kind", "grant")
    list_filter = ("kind",)
    list_select_related = ("grant__network",)
    inlines = (PlannedAmountInline,)


@admin.register(PlannedAmount)
class PlannedAmountAdmin(PortalAdmin, SimpleHistoryAdmin):
    list_display = ("line", "year", "amount")
    list_select_related = ("line",)


@admin.register(Financing)
class FinancingAdmin(PortalAdmin, SimpleHistoryAdmin):
    list_display = ("grant", "source", "year", "amount")
    list_filter = ("source",)
    list_select_related = ("grant__network",)


@admin.register(PlanChange)
class PlanChangeAdmin(PortalAdmin, admin.ModelAdmin):
    list_display = ("grant", "number", "changed_on", "reason", "recorded_by")
    list_select_related = ("grant__network", "recorded_by")
    readonly_fields = ("plan",)


@admin.register(Receipt)
class ReceiptAdmin(PortalAdmin, SimpleHistoryAdmin):
    list_display = ("number", "grant", "kind", "payment_date", "party", "gross", "eligible_amount")
    list_filter = ("kind", "grant__network")
    search_fields = ("party", "reason")
    list_select_related = ("grant__network",)
    raw_id_fields = ("meeting", "participation", "budget_line")


@admin.register(CallOff)
class CallOffAdmin(PortalAdmin, SimpleHistoryAdmin):
    list_display = ("grant", "asked_on", "amount_asked", "received_on", "amount_received")
    list_select_related = ("grant__network",)


@admin.register(Proof)
class ProofAdmin(ReadOnlyAdmin):
    """Issued proofs never change (their files stay byte-identical): shown, not edited."""

    list_display = ("__str__", "kind", "year", "version", "issued_at", "issued_by_name")
    list_filter = ("kind", "grant__network")
    list_select_related = ("grant__network",)
    exclude = ("figures",)  # long JSON; the PDF and the workbook show them


@admin.register(ReceiptImport)
class ReceiptImportAdmin(PortalAdmin, admin.ModelAdmin):
    list_display = ("created_at", "grant", "file_name", "state", "receipts", "user")
    list_filter = ("state",)
    list_select_related = ("grant__network", "user")
    readonly_fields = ("token", "grant", "user", "file_name", "state", "receipts", "created_at")
    exclude = ("rows",)

    def has_add_permission(self, request):
        return False


@admin.register(DeadlineReminder)
class DeadlineReminderAdmin(PortalAdmin, admin.ModelAdmin):
    """What the reminders of the proofs' deadlines mailed; deleting one writes it again."""

    list_display = ("grant", "kind", "year", "due", "step", "user", "sent_at")
    list_filter = ("kind", "step")
    list_select_related = ("grant__network", "user")
    readonly_fields = ("grant", "kind", "year", "due", "step", "user", "sent_at")
