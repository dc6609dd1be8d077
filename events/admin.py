"""Meetings in the admin, for oversight: they are changed on the meeting pages, which
keep the calendar sequence, the invitations and the locks of final minutes."""

from django.contrib import admin
from django.db import models

from events.models import (
    ActionDigest,
    AgendaItem,
    Attendance,
    Invitee,
    Meeting,
    MeetingSettings,
    Minutes,
)
from lib.admin import PortalAdmin, ReadOnlyAdmin, ReadOnlyInline
from networks.admin import show_on_network_page


@show_on_network_page
class MeetingSettingsInline(PortalAdmin, admin.StackedInline):
    model = MeetingSettings
    can_delete = False


class AgendaItemInline(ReadOnlyInline):
    model = AgendaItem
    fields = ("position", "title", "duration_minutes", "presenter")


class InviteeInline(ReadOnlyInline):
    model = Invitee
    fields = ("user", "role", "municipality", "answer", "answered_at", "sent_at")


class AttendanceInline(ReadOnlyInline):
    model = Attendance
    fields = ("name", "user", "municipality", "recorded_at")


@admin.register(Meeting)
class MeetingAdmin(ReadOnlyAdmin):
    list_display = ("title", "network", "kind", "starts_at", "status", "moderator")
    list_filter = ("status", "kind", "network")
    search_fields = ("title", "venue", "network__name")
    list_select_related = ("network", "moderator")
    date_hierarchy = "starts_at"
    inlines = (AgendaItemInline, InviteeInline, AttendanceInline)
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}


@admin.register(Minutes)
class MinutesAdmin(ReadOnlyAdmin):
    list_display = ("meeting", "status", "version", "updated_by", "updated_at", "finalised_at")
    list_filter = ("status",)
    search_fields = ("meeting__title", "text")
    list_select_related = ("meeting", "updated_by")


@admin.register(ActionDigest)
class ActionDigestAdmin(PortalAdmin, admin.ModelAdmin):
    """Who got a weekly task overview when; deleting one lets the next run write again."""

    list_display = ("sent_at", "user", "item_count")
    list_select_related = ("user",)
    readonly_fields = ("user", "sent_at", "item_count")

    def has_add_permission(self, request):
        return False
