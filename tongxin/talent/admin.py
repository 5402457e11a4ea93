"""Read-only admin views of the talent pool; every write goes through the services."""

from django.contrib import admin

from tongxin.core.admin import ReadOnlyAdmin
from tongxin.talent.models import (
    Placement,
    Recommendation,
    ReserveEntry,
    Review,
    Step,
    Training,
)


@admin.register(Placement)
class PlacementAdmin(ReadOnlyAdmin):
    list_display = ["member", "tier", "start_on", "end_on"]
    list_filter = ["tier"]
    raw_id_fields = ["member"]


@admin.register(ReserveEntry)
class ReserveEntryAdmin(ReadOnlyAdmin):
    list_display = ["member", "organization", "post", "readiness", "start_on", "end_on"]
    raw_id_fields = ["member", "organization"]


for model in (Step, Training, Recommendation, Review):
    admin.site.register(model, ReadOnlyAdmin)
