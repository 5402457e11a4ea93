"""Read-only admin views of participation records; every write goes through the services.

The workflows these records follow are edited in the admin of ``tongxin.workflows``.
"""

from django.contrib import admin

from tongxin.core.admin import ReadOnlyAdmin
from tongxin.participation.models import (
    Adoption,
    Body,
    Clearance,
    Drive,
    OpinionReport,
    Proposal,
    ResearchTopic,
    Session,
    Suggestion,
)


@admin.register(Suggestion)
class SuggestionAdmin(ReadOnlyAdmin):
    list_display = ["title", "author", "date", "state", "confidential"]
    list_filter = ["state", "confidential"]
    raw_id_fields = ["author", "organization"]


@admin.register(Proposal)
class ProposalAdmin(ReadOnlyAdmin):
    list_display = ["title", "kind", "session", "date", "state", "number"]
    list_filter = ["kind", "state", "session"]
    raw_id_fields = ["member", "organization"]


@admin.register(OpinionReport)
class OpinionReportAdmin(ReadOnlyAdmin):
    list_display = ["title", "date", "state", "confidential"]
    list_filter = ["state"]


@admin.register(ResearchTopic)
class ResearchTopicAdmin(ReadOnlyAdmin):
    list_display = ["title", "target_body", "date", "state"]
    list_filter = ["state", "target_body"]


@admin.register(Adoption)
class AdoptionAdmin(ReadOnlyAdmin):
    list_display = ["report", "level", "body", "adopted_on"]
    list_filter = ["level"]


@admin.register(Drive)
class DriveAdmin(ReadOnlyAdmin):
    list_display = ["theme", "organization", "start_on", "end_on"]


@admin.register(Session)
class SessionAdmin(ReadOnlyAdmin):
    list_display = ["name", "body", "level", "year"]


@admin.register(Clearance)
class ClearanceAdmin(ReadOnlyAdmin):
    list_display = ["user", "start_on", "end_on", "granted_by"]


@admin.register(Body)
class BodyAdmin(ReadOnlyAdmin):
    list_display = ["name", "aliases"]
    search_fields = ["name"]
