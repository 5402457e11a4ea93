from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin

from tongxin.accounts.models import Grant, User
from tongxin.core.admin import ReadOnlyAdmin


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    fieldsets = (
        *BaseUserAdmin.fieldsets,
        ("Tongxin", {"fields": ("display_name", "member", "must_change_password")}),
    )
    raw_id_fields = ["member"]


@admin.register(Grant)
class GrantAdmin(ReadOnlyAdmin):
    list_display = ["user", "role", "organization", "granted_at"]
    raw_id_fields = ["user", "organization", "granted_by"]
