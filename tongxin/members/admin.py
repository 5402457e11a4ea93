from django.contrib import admin

from tongxin.core.admin import ReadOnlyAdmin
from tongxin.members.models import Member, Membership, PublicPost

#: What the admin shows of a member: no ID number, mobile, address, e-mail
#: or birth date (personal data is read through the app, with the reveal
#: right, audited) and no search digest.
MEMBER_ADMIN_FIELDS = (
    "name",
    "gender",
    "organization",
    "status",
    "status_on",
    "joined_on",
    "certificate_no",
)


@admin.register(Member)
class MemberAdmin(ReadOnlyAdmin):
    fields = MEMBER_ADMIN_FIELDS
    readonly_fields = MEMBER_ADMIN_FIELDS
    list_display = ["name", "gender", "organization", "status", "joined_on"]
    list_filter = ["status", "gender"]
    search_fields = ["name"]
    raw_id_fields = ["organization"]
    list_select_related = ["organization"]
    ordering = ["stroke_key", "id"]


@admin.register(Membership)
class MembershipAdmin(ReadOnlyAdmin):
    list_display = ["member", "organization", "start_on", "end_on", "end_reason"]
    raw_id_fields = ["member", "organization", "recorded_by"]


@admin.register(PublicPost)
class PublicPostAdmin(ReadOnlyAdmin):
    list_display = ["member", "kind", "level", "term", "start_on", "end_on"]
    raw_id_fields = ["member"]
