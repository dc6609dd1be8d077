from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from measures.models import (
    EmissionFactor,
    EnergyCarrier,
    Measure,
    MeasureDocument,
    MeasureImport,
    ProgressNote,
    StaleDigest,
)
from measures.services import save_measure
from portal.lib.admin import PortalAdmin


class EmissionFactorInline(PortalAdmin, admin.TabularInline):
    model = EmissionFactor
    extra = 0
    fields = ("year", "kg_co2e_per_kwh", "source")


@admin.register(EnergyCarrier)
class EnergyCarrierAdmin(PortalAdmin, admin.ModelAdmin):
    list_display = ("name", "name_en", "ordering", "slug")
    list_editable = ("ordering",)
    search_fields = ("name", "name_en")
    prepopulated_fields = {"slug": ("name",)}
    inlines = (EmissionFactorInline,)


@admin.register(EmissionFactor)
class EmissionFactorAdmin(PortalAdmin, admin.ModelAdmin):
    list_display = ("carrier", "year", "kg_co2e_per_kwh", "source")
    list_filter = ("carrier", "year")
    search_fields = ("carrier__name", "source")
    autocomplete_fields = ("carrier",)
    list_select_related = ("carrier",)


class ProgressNoteInline(PortalAdmin, admin.TabularInline):
    model = ProgressNote
    extra = 0
    fields = ("date", "text", "author")
    readonly_fields = ("author",)


class MeasureDocumentInline(PortalAdmin, admin.TabularInline):
    """Documents are uploaded on the measure page, where their content is checked."""

    model = MeasureDocument
    extra = 0
    fields = ("name", "content_type", "size", "uploaded_by", "uploaded_at")
    readonly_fields = fields
    can_delete = True

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Measure)
class MeasureAdmin(PortalAdmin, SimpleHistoryAdmin):
    list_display = (
        "title",
        "municipality",
        "network",
        "focus_area",
        "status",
        "energy_savings_kwh",
        "co2_savings_t",
        "updated_at",
    )
    list_filter = ("status", "focus_area", "participation__network", "energy_carrier")
    search_fields = ("title", "description", "participation__municipality__name")
    autocomplete_fields = ("participation", "focus_area", "energy_carrier")
    list_select_related = (
        "participation__municipality",
        "participation__network",
        "focus_area",
    )
    date_hierarchy = "planned_start"
    readonly_fields = ("emission_factor", "created_at", "updated_at", "version")
    inlines = (ProgressNoteInline, MeasureDocumentInline)
    fieldsets = (
        (
            None,
            {"fields": ("participation", "focus_area", "title", "description", "responsible")},
        ),
        (
            _("Stand und Termine"),
            {"fields": ("status", "planned_start", "planned_end", "started_on", "completed_on")},
        ),
        (_("Finanzen"), {"fields": ("investment_eur", "subsidy_eur")}),
        (
            _("Einsparung"),
            {
                "fields": (
                    "energy_savings_kwh",
                    "energy_carrier",
                    "co2_manual",
                    "co2_savings_t",
                    "co2_manual_reason",
                    "emission_factor",
                ),
                "description": _(
                    "Die THG-Einsparung wird aus Endenergie und dem Emissionsfaktor des "
                    "Bezugsjahrs berechnet. Nur ohne passenden Faktor von Hand eintragen."
                ),
            },
        ),
        (_("Bearbeitungsstand"), {"fields": ("created_at", "updated_at", "version")}),
    )

    @admin.display(description=_("Kommune"), ordering="participation__municipality__name")
    def municipality(self, measure: Measure):
        return measure.participation.municipality

    @admin.display(description=_("Netzwerk"), ordering="participation__network__name")
    def network(self, measure: Measure):
        return measure.participation.network

    def save_model(self, request, obj, form, change):
        save_measure(measure=obj, user=request.user)


@admin.register(MeasureImport)
class MeasureImportAdmin(PortalAdmin, admin.ModelAdmin):
    list_display = ("created_at", "network", "file_name", "rows", "user")
    list_filter = ("network",)
    list_select_related = ("network", "user")
    readonly_fields = ("network", "user", "file_name", "rows", "created_at", "measures")

    def has_add_permission(self, request):
        return False


@admin.register(StaleDigest)
class StaleDigestAdmin(PortalAdmin, admin.ModelAdmin):
    list_display = ("sent_at", "user", "measure_count")
    list_select_related = ("user",)
    readonly_fields = ("user", "sent_at", "measure_count")

    def has_add_permission(self, request):
        return False
