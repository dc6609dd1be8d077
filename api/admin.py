from django.contrib import admin

from api.models import ApiToken
from lib.admin import ReadOnlyAdmin


@admin.register(ApiToken)
class ApiTokenAdmin(ReadOnlyAdmin):
    """For oversight: whose tokens exist and when they were used. Without the hash:
    it opens nothing, but it has no business on a screen either."""

    list_display = ["name", "user", "prefix", "created_at", "expires_on", "last_used_at",
                    "revoked_at"]  # fmt: skip
    list_filter = ["expires_on", "revoked_at"]
    search_fields = ["name", "user__email", "prefix"]
    fields = ["user", "name", "prefix", "created_at", "expires_on", "last_used_at", "revoked_at"]
    readonly_fields = fields
