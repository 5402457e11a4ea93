"""Read-only admin views of the honors registry."""

from django.contrib import admin

from tongxin.core.admin import ReadOnlyAdmin
from tongxin.honors.models import Honor, HonorRecipient


@admin.register(Honor)
class HonorAdmin(ReadOnlyAdmin):
    list_display = ["title", "level", "category", "year", "organization"]
    list_filter = ["level", "category"]
    search_fields = ["title"]
    raw_id_fields = ["organization", "created_by"]


@admin.register(HonorRecipient)
class HonorRecipientAdmin(ReadOnlyAdmin):
    list_display = ["honor", "member", "organization"]
    raw_id_fields = ["honor", "member", "organization"]
