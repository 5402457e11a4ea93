"""Read-only admin views of campaigns, inspections, liaison and regulations."""

from django.contrib import admin

from tongxin.campaigns.models import (
    Campaign,
    LiaisonAssignment,
    Regulation,
    Task,
    Visit,
)
from tongxin.core.admin import ReadOnlyAdmin


@admin.register(Campaign)
class CampaignAdmin(ReadOnlyAdmin):
    list_display = ["title", "organization", "start_on", "end_on"]
    raw_id_fields = ["organization", "created_by"]


@admin.register(Task)
class TaskAdmin(ReadOnlyAdmin):
    list_display = ["title", "campaign", "month", "department", "due_on", "status"]
    list_filter = ["status"]
    raw_id_fields = ["campaign", "department", "owner"]


@admin.register(Visit)
class VisitAdmin(ReadOnlyAdmin):
    list_display = ["organization", "visited_on", "team", "rating"]
    raw_id_fields = ["organization", "team", "created_by"]


@admin.register(LiaisonAssignment)
class LiaisonAdmin(ReadOnlyAdmin):
    list_display = ["kind", "leader", "department", "organization", "start_on"]
    raw_id_fields = ["leader", "department", "organization"]


@admin.register(Regulation)
class RegulationAdmin(ReadOnlyAdmin):
    list_display = ["title", "number", "issuing_body", "effective_on", "status"]
    raw_id_fields = ["organization"]
