"""Read-only admin views of the activity records; every write goes through the services."""

from django.contrib import admin

from tongxin.activities.models import (
    Attendance,
    Donation,
    Event,
    Fund,
    FundEntry,
    Partner,
    Photo,
    Program,
    Series,
    ServiceActivity,
    Signup,
)
from tongxin.core.admin import ReadOnlyAdmin


@admin.register(Series)
class SeriesAdmin(ReadOnlyAdmin):
    list_display = ["name", "kind", "organization"]
    raw_id_fields = ["organization"]


@admin.register(Event)
class EventAdmin(ReadOnlyAdmin):
    list_display = ["title", "kind", "organization", "start_at", "capacity", "status"]
    list_filter = ["kind", "status"]
    search_fields = ["title"]
    raw_id_fields = ["organization", "series", "created_by"]
    list_select_related = ["organization"]
    date_hierarchy = "start_at"


@admin.register(Signup)
class SignupAdmin(ReadOnlyAdmin):
    list_display = ["event", "member", "status", "queued_at"]
    list_filter = ["status"]
    raw_id_fields = ["event", "member", "signed_up_by"]


@admin.register(Attendance)
class AttendanceAdmin(ReadOnlyAdmin):
    list_display = ["event", "member", "attended_on", "method", "walk_in"]
    list_filter = ["method", "walk_in"]
    raw_id_fields = ["event", "member", "recorded_by"]


@admin.register(Partner)
class PartnerAdmin(ReadOnlyAdmin):
    list_display = ["name", "kind", "organization"]
    raw_id_fields = ["organization"]


@admin.register(Program)
class ProgramAdmin(ReadOnlyAdmin):
    list_display = ["name", "kind", "organization", "partner", "started_on"]
    raw_id_fields = ["organization", "partner"]


@admin.register(ServiceActivity)
class ServiceActivityAdmin(ReadOnlyAdmin):
    list_display = ["title", "program", "held_on"]
    raw_id_fields = ["program", "event", "created_by"]


@admin.register(Donation)
class DonationAdmin(ReadOnlyAdmin):
    list_display = ["activity", "kind", "value", "donor_name"]
    raw_id_fields = ["activity", "donor_org", "donor_member", "recorded_by"]


@admin.register(Fund)
class FundAdmin(ReadOnlyAdmin):
    list_display = ["name", "organization", "established_on"]
    raw_id_fields = ["organization"]


@admin.register(FundEntry)
class FundEntryAdmin(ReadOnlyAdmin):
    list_display = ["fund", "direction", "on", "amount", "party_name"]
    raw_id_fields = ["fund", "party_org", "party_member", "recorded_by"]


@admin.register(Photo)
class PhotoAdmin(ReadOnlyAdmin):
    list_display = ["caption", "year", "organization"]
    raw_id_fields = ["organization", "event", "uploaded_by"]
