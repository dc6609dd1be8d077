from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from lib.admin import PortalAdmin
from measures.models import (
    EmissionFactor,
    EnergyCarrier,
    HeatingValue,
    Measure,
    MeasureCategory,
    MeasureDocument,
    MeasureEnergy,
    MeasureImport,
    MeasureSettings,
    ProgressNote,
    StaleDigest,
)
from measures.services import save_measure
from networks.admin import show_on_network_page
from networks.models import FactorSet


@show_on_network_page
class MeasureSettingsInline(PortalAdmin, admin.StackedInline):
    model = MeasureSettings
    can_delete = False


class EmissionFactorInline(PortalAdmin, admin.TabularInline):
    model = EmissionFactor
    extra = 0
    fields = ("factor_set", "year", "kg_per_kwh", "source")


class HeatingValueInline(PortalAdmin, admin.TabularInline):
    model = HeatingValue
    extra = 0
    fields = ("unit", "kwh_per_unit", "year", "source")


@admin.register(EnergyCarrier)
class EnergyCarrierAdmin(PortalAdmin, admin.ModelAdmin):
    list_display = ("name", "name_en", "ordering", "slug")
    list_editable = ("ordering",)
    search_fields = ("name", "name_en")
    prepopulated_fields = {"slug": ("name",)}
    inlines = (EmissionFactorInline, HeatingValueInline)


@admin.register(HeatingValue)
class HeatingValueAdmin(PortalAdmin, admin.ModelAdmin):
    """The kWh a litre, cubic metre, kilogram or tonne of a carrier holds: quantities
    on measures are converted with them when a measure is saved."""

    list_display = ("carrier", "unit", "kwh_per_unit", "year", "source")
    list_filter = ("carrier", "unit")
    search_fields = ("carrier__name", "source")
    autocomplete_fields = ("carrier",)
    list_select_related = ("carrier",)


@admin.register(MeasureCategory)
class MeasureCategoryAdmin(PortalAdmin, admin.ModelAdmin):
    list_display = ("name", "name_en", "code", "kind", "ordering", "slug")
    list_editable = ("ordering",)
    list_filter = ("kind",)
    search_fields = ("name", "name_en", "code")
    prepopulated_fields = {"slug": ("name",)}


@admin.register(EmissionFactor)
class EmissionFactorAdmin(PortalAdmin, admin.ModelAdmin):
    list_display = ("carrier", "factor_set", "year", "kg_per_kwh", "source")
    list_filter = ("factor_set", "carrier", "year")
    search_fields = ("carrier__name", "source")
    autocomplete_fields = ("carrier",)
    list_select_related = ("carrier", "factor_set")


class FactorInline(PortalAdmin, admin.TabularInline):
    model = EmissionFactor
    extra = 0
    fields = ("carrier", "year", "kg_per_kwh", "source")
    autocomplete_fields = ("carrier",)


@admin.register(FactorSet)
class FactorSetAdmin(PortalAdmin, admin.ModelAdmin):
    """Lives here, beside the factors, because networks/ knows no emission factors."""

    list_display = ("name", "basis", "year", "ordering")
    list_editable = ("ordering",)
    search_fields = ("name", "source")
    inlines = (FactorInline,)


class MeasureEnergyInline(PortalAdmin, admin.TabularInline):
    """Read here; changed on the measure's page, where the factors are checked."""

    model = MeasureEnergy
    extra = 0
    fields = (
        "carrier",
        "effect",
        "quantity",
        "unit",
        "consumption",
        "consumption_unit",
        "kwh",
        "factor",
    )
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


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
    list_filter = (
        "status",
        "focus_area",
        "category",
        "participation__network",
        "energy__carrier",
    )
    search_fields = ("title", "description", "participation__municipality__name")
    autocomplete_fields = ("participation", "focus_area")
    list_select_related = (
        "participation__municipality",
        "participation__network",
        "focus_area",
    )
    date_hierarchy = "planned_start"
    readonly_fields = ("energy_savings_kwh", "created_at", "updated_at", "version")
    inlines = (MeasureEnergyInline, ProgressNoteInline, MeasureDocumentInline)
    fieldsets = (
        (
            None,
            {
                "fields": (
                    "participation",
                    "focus_area",
                    "category",
                    "title",
                    "description",
                    "responsible",
                )
            },
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
                    "lifetime_years",
                    "co2_manual",
                    "co2_savings_t",
                    "co2_manual_reason",
                ),
                "description": _(
                    "Die THG-Einsparung wird aus den Energieträgern der Maßnahme und den "
                    "Emissionsfaktoren des Bezugsjahrs in der Faktorbasis des Netzwerks "
                    "berechnet. Nur ohne passenden Faktor von Hand eintragen."
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
