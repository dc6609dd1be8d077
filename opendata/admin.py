"""Publications in the admin: for oversight. Coordinators publish and withdraw on the
network's open-data page (opendata/views.py), which asks first."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from lib.admin import ReadOnlyAdmin
from opendata.models import Publication


@admin.register(Publication)
class PublicationAdmin(ReadOnlyAdmin, SimpleHistoryAdmin):
    list_display = ("network", "published", "published_at", "licence", "updated_at")
    list_filter = ("published", "licence")
    search_fields = ("network__name",)
    list_select_related = ("network",)
