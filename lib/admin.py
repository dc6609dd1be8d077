"""Shared admin helpers: numbers the way people read them (German or English
grouping, in forms and lists) and Django's widgets as valid HTML (PortalAdmin);
admin pages that show, not change (ReadOnlyAdmin): what the portal's own pages and
services keep consistent (issued reports stay byte-identical, final minutes stay
locked, meetings change with a new calendar sequence and mails) is listed here for
oversight only."""

from django import forms
from django.contrib import admin
from django.contrib.admin.widgets import AutocompleteSelect as AdminAutocompleteSelect
from django.contrib.auth.forms import ReadOnlyPasswordHashWidget
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.utils.formats import number_format

from lib.numbers import LocalizedDecimalField


class GroupedNumberInput(forms.TextInput):
    """A decimal as people read and type it: "48.500,5" in German, "48,500.5" in
    English (LocalizedDecimalField reads both back)."""

    def __init__(self, attrs=None):
        super().__init__({"inputmode": "decimal", "autocomplete": "off", **(attrs or {})})

    def format_value(self, value):
        if value is None or value == "" or isinstance(value, str):
            return super().format_value(value)  # empty, or as typed (errors shown)
        return number_format(value, use_l10n=True, force_grouping=True)


def _grouped_column(model, name: str):
    field = model._meta.get_field(name)

    @admin.display(description=field.verbose_name, ordering=name)
    def column(obj):
        value = getattr(obj, name)
        if value is None:
            return None  # the admin's empty value
        return number_format(value, field.decimal_places, use_l10n=True, force_grouping=True)

    column.__name__ = name
    return column


class AutocompleteSelect(AdminAutocompleteSelect):
    """Django's autocomplete select as valid HTML: it starts with an empty option
    (the placeholder select2 shows) that carries a label, in required selects too.
    Django's own leaves it out of required selects and gives it no label, which the
    Nu HTML Checker refuses."""

    def optgroups(self, name, value, attr=None):
        groups = super().optgroups(name, value, attr)
        options = groups[0][1]
        if not options or options[0]["value"] != "":
            options.insert(0, self.create_option(name, "", "", False, 0))
        options[0]["attrs"]["label"] = "–"
        return groups


class PasswordSummary(ReadOnlyPasswordHashWidget):
    """Django's summary of a password hash without `disabled` on its <div> (an
    attribute a div does not have; the field itself stays disabled)."""

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        context["widget"]["attrs"].pop("disabled", None)
        return context


class PortalAdmin:
    """What every admin page of the portal's own models shares, for a ModelAdmin or
    an inline: decimals typed and shown grouped in the reader's language, in forms
    and in the list (the admin shows "48500.00" and "70000,00" by itself), and
    autocomplete selects that are valid HTML."""

    formfield_overrides = {
        models.DecimalField: {"form_class": LocalizedDecimalField, "widget": GroupedNumberInput}
    }

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if "widget" not in kwargs and db_field.name in self.get_autocomplete_fields(request):
            kwargs["widget"] = AutocompleteSelect(
                db_field, self.admin_site, using=kwargs.get("using")
            )
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def get_list_display(self, request):
        columns = []
        for item in super().get_list_display(request):
            if isinstance(item, str):
                try:
                    field = self.model._meta.get_field(item)
                except FieldDoesNotExist:  # a method or attribute of the admin
                    field = None
                if isinstance(field, models.DecimalField):
                    item = _grouped_column(self.model, item)
            columns.append(item)
        return columns


class ReadOnlyAdmin(admin.ModelAdmin):
    """Lists and shows rows; adding, changing and deleting go through the portal."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class ReadOnlyInline(admin.TabularInline):
    extra = 0
    can_delete = False

    def get_readonly_fields(self, request, obj=None):
        return self.fields or ()

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False
