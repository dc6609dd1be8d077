from django import forms
from django.contrib import admin
from django.contrib.admin.options import InlineModelAdmin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.contrib.auth.forms import AdminUserCreationForm, UserChangeForm
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from lib.admin import PasswordSummary, PortalAdmin
from lib.uploads import check_image, check_logo, image_without_metadata
from networks.models import (
    FocusArea,
    Invitation,
    Membership,
    Municipality,
    Network,
    NetworkPhoto,
    Organisation,
    OrganisationLogo,
    Participation,
    User,
)


class UserCreationForm(AdminUserCreationForm):
    class Meta:
        model = User
        fields = ("email", "name")


class UserEditForm(UserChangeForm):
    class Meta:
        model = User
        fields = "__all__"

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["password"].widget = PasswordSummary()


class MembershipInline(PortalAdmin, admin.TabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ("organisation", "network", "municipality")
    fields = ("role", "organisation", "network", "municipality")


@admin.register(User)
class UserAdmin(PortalAdmin, BaseUserAdmin):
    form = UserEditForm
    inlines = (MembershipInline,)
    add_form = UserCreationForm
    list_display = ("email", "name", "language", "is_staff", "is_superuser", "is_active")
    list_filter = ("is_staff", "is_superuser", "is_active", "language")
    search_fields = ("email", "name")
    ordering = ("email",)
    date_hierarchy = "date_joined"
    fieldsets = (
        (None, {"fields": ("email", "password")}),
        (_("Angaben zur Person"), {"fields": ("name", "language")}),
        (
            _("Berechtigungen"),
            {"fields": ("is_active", "is_staff", "is_superuser", "groups", "user_permissions")},
        ),
        (_("Wichtige Daten"), {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = (
        (
            None,
            {
                "classes": ("wide",),
                "fields": ("email", "name", "usable_password", "password1", "password2"),
            },
        ),
    )


class OrganisationLogoForm(forms.ModelForm):
    class Meta:
        model = OrganisationLogo
        fields = ["image", "ordering"]

    def clean_image(self):
        image = self.cleaned_data["image"]
        if image and hasattr(image, "content_type"):  # a new upload
            return image_without_metadata(image, check_logo(image))
        return image


class OrganisationLogoInline(PortalAdmin, admin.TabularInline):
    """A funder's logos, printed with the funding notice of the networks it funds."""

    model = OrganisationLogo
    form = OrganisationLogoForm
    extra = 0


@admin.register(Organisation)
class OrganisationAdmin(PortalAdmin, admin.ModelAdmin):
    list_display = ("name", "kind", "website")
    list_filter = ("kind",)
    search_fields = ("name",)
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    inlines = (OrganisationLogoInline,)


@admin.register(Municipality)
class MunicipalityAdmin(PortalAdmin, admin.ModelAdmin):
    list_display = ("name", "kind", "ags", "district", "federal_state", "population")
    list_filter = ("kind", "federal_state", "district")
    search_fields = ("name", "ags", "district")
    prepopulated_fields = {"slug": ("name",)}


@admin.register(FocusArea)
class FocusAreaAdmin(PortalAdmin, admin.ModelAdmin):
    list_display = ("name", "name_en", "ordering", "slug")
    list_editable = ("ordering",)
    search_fields = ("name", "name_en", "description")
    prepopulated_fields = {"slug": ("name",)}


class NetworkPhotoForm(forms.ModelForm):
    class Meta:
        model = NetworkPhoto
        fields = ["image", "alt_text", "caption", "ordering"]

    def clean_image(self):
        image = self.cleaned_data["image"]
        if image and hasattr(image, "content_type"):  # a new upload
            return image_without_metadata(image, check_image(image))
        return image


class NetworkPhotoInline(PortalAdmin, admin.StackedInline):
    model = NetworkPhoto
    form = NetworkPhotoForm
    extra = 0


class ParticipationInline(PortalAdmin, admin.TabularInline):
    model = Participation
    extra = 0
    autocomplete_fields = ("municipality",)
    fields = (
        "municipality",
        "joined_on",
        "left_on",
        "target_energy_mwh",
        "target_co2_t",
        "funding_code",
    )


class PhaseFilter(admin.SimpleListFilter):
    title = _("Phase")
    parameter_name = "phase"

    def lookups(self, request, model_admin):
        return Network.Phase.choices

    def queryset(self, request, queryset):
        if self.value() in Network.Phase.values:
            return queryset.in_phase(self.value())
        return queryset


@admin.register(Network)
class NetworkAdmin(PortalAdmin, SimpleHistoryAdmin):
    list_display = (
        "name",
        "funding_code",
        "term_start",
        "term_end",
        "phase_display",
        "participant_count",
        "is_public",
    )
    list_filter = (PhaseFilter, "is_public", "coordinator", "focus_areas")
    search_fields = ("name", "funding_code", "description")
    date_hierarchy = "term_start"
    prepopulated_fields = {"slug": ("name",)}
    autocomplete_fields = (
        "coordinator",
        "service_providers",
        "funder",
        "focus_areas",
        "predecessor",
    )
    list_select_related = ("coordinator",)
    inlines = (ParticipationInline, NetworkPhotoInline)
    fieldsets = (
        (None, {"fields": ("name", "slug", "description", "is_public", "predecessor")}),
        (_("Träger und Dienstleister"), {"fields": ("coordinator", "service_providers")}),
        (
            _("Förderung"),
            {
                "fields": (
                    "funding_ministry",
                    "funding_programme",
                    "funding_agency",
                    "funder",
                    "funding_code",
                    "funding_notice",
                )
            },
        ),
        (
            _("Laufzeit und Themen"),
            {"fields": ("term_start", "term_end", "focus_areas")},
        ),
        (
            _("Ansprechperson"),
            {"fields": ("contact_name", "contact_role", "contact_email", "contact_phone")},
        ),
    )

    def get_queryset(self, request):
        return super().get_queryset(request).with_participant_count()

    @admin.display(description=_("Phase"))
    def phase_display(self, network: Network) -> str:
        return network.get_phase_display()

    @admin.display(description=_("Teilnehmende"), ordering="participant_count")
    def participant_count(self, network: Network) -> int:
        return network.participant_count


def show_on_network_page(inline: type[InlineModelAdmin]) -> type[InlineModelAdmin]:
    """Add an inline to the network's admin page: measures, events and reports show the
    settings rows they keep per network there, as networks may not import them."""
    NetworkAdmin.inlines = (*NetworkAdmin.inlines, inline)
    return inline


@admin.register(Participation)
class ParticipationAdmin(PortalAdmin, SimpleHistoryAdmin):
    list_display = (
        "municipality",
        "network",
        "joined_on",
        "left_on",
        "target_energy_mwh",
        "target_co2_t",
    )
    list_filter = ("network",)
    search_fields = ("municipality__name", "municipality__ags", "network__name", "funding_code")
    autocomplete_fields = ("network", "municipality")
    list_select_related = ("network", "municipality")
    date_hierarchy = "joined_on"


@admin.register(Membership)
class MembershipAdmin(PortalAdmin, admin.ModelAdmin):
    list_display = ("user", "role", "organisation", "network", "municipality", "created_at")
    list_filter = ("role", "network", "organisation")
    search_fields = ("user__email", "user__name", "municipality__name", "network__name")
    autocomplete_fields = ("user", "organisation", "network", "municipality")
    list_select_related = ("user", "organisation", "network", "municipality")
    date_hierarchy = "created_at"


@admin.register(Invitation)
class InvitationAdmin(PortalAdmin, admin.ModelAdmin):
    list_display = ("email", "role", "organisation", "network", "municipality", "sent_at",
                    "expires_at", "accepted_at", "revoked_at")  # fmt: skip
    list_filter = ("role", "network")
    search_fields = ("email", "municipality__name", "network__name")
    autocomplete_fields = ("organisation", "network", "municipality")
    list_select_related = ("organisation", "network", "municipality")
    date_hierarchy = "sent_at"
    readonly_fields = ("invited_by", "sent_at", "expires_at", "accepted_at", "accepted_by",
                       "revoked_at")  # fmt: skip

    def has_add_permission(self, request):
        return False  # invitations are sent from the portal's invitation page
